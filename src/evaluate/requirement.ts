// A requirement is one unit, in one file under requirements/: what it is (id, title, the stage that
// first needs it, the failure it guards against, what satisfies it, how to fix it), where the manifest
// declares it, the `init` skeleton that declares it, and the evaluator that judges it.
import type { Policy } from '../policy/types.js'
import type { Stage } from '../report/types.js'
import type { EvalContext, Outcome } from './context.js'

export type Evaluator = (ctx: EvalContext) => Promise<Outcome[]> | Outcome[]

export interface Requirement<Id extends string = string> {
  /** Stable id: policies, waivers and reports name the requirement by it. */
  id: Id
  title: string
  /** The failure mode it guards against: why a pilot dies without it. */
  guardsAgainst: string
  /** What satisfies it. */
  satisfiedBy: string
  /** One line: how to fix it when missing. */
  hint: string
  /** The stage at which the default policy first requires it. */
  firstStage: Stage
  /** The manifest key path where it is declared; its first key is the top-level section `init` writes the skeleton under. */
  manifestPath: readonly [string, ...string[]]
  /** Other key paths of the same section it reads (incident.runbooks reads the alerts of evidence.drift too), for `explain`. */
  alsoReads?: readonly (readonly [string, ...string[]])[]
  /** The YAML lines `init` writes under that section: every key to fill in, empty. */
  skeleton: readonly string[]
  /** The policy thresholds it reads, which `explain` shows with their values. */
  thresholds?: readonly (keyof Policy['thresholds'])[]
  /** The policy's other settings it reads (outside `thresholds:`), with their values in `policy`, for `explain`. */
  policySettings?: (policy: Policy) => string
  /** Judges one manifest; never throws on bad input (the engine fails the requirement closed if it does). */
  evaluate: Evaluator
}

/** Declares a requirement; every field is required, so a unit without an evaluator or skeleton does not compile. */
export const defineRequirement = <const Id extends string>(requirement: Requirement<Id>): Requirement<Id> => requirement

/** Where the manifest declares what a requirement reads: `evidence.monitoring and evidence.drift`, each wrapped by `quote`. */
export function declaredAt(requirement: Requirement, quote = (path: string): string => path): string {
  return [requirement.manifestPath, ...(requirement.alsoReads ?? [])].map((path) => quote(path.join('.'))).join(' and ')
}

/**
 * The YAML `init` writes for a requirement, under its top-level section, ready to paste. `declared`
 * says which of the skeleton's keys the manifest already has under that section: their blocks are left
 * out, since pasting a key twice makes the manifest invalid YAML.
 */
export function snippetOf(requirement: Requirement, declared: (key: string) => boolean = () => false): string {
  const lines: string[] = []
  let keep = true
  for (const line of requirement.skeleton) {
    const key = /^([A-Za-z0-9_-]+):/.exec(line)?.[1]
    if (key !== undefined) keep = !declared(key)
    if (keep) lines.push(`  ${line}`)
  }
  return [`${requirement.manifestPath[0]}:`, ...lines].join('\n')
}
