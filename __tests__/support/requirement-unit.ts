// One requirement unit judged on its own: its evaluator called directly on a manifest in a temporary
// repository, with the context the engine gives it (evidence cache, policy, clock, trust), and no
// other requirement, waiver or verdict in between.
import { afterAll } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { EvidenceCache, type EvalContext, type Outcome } from '../../src/evaluate/context.js'
import type { Requirement } from '../../src/evaluate/requirement.js'
import { noFileDates } from '../../src/fs/git-dates.js'
import { loadManifest } from '../../src/manifest/load.js'
import type { Manifest } from '../../src/manifest/types.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import type { Policy } from '../../src/policy/types.js'
import { OFFLINE_TRUST, type TrustContext } from '../../src/trust/types.js'
import { tempRepo, type TempRepo } from './temp-repo.js'

export const NOW = new Date('2026-11-22T12:00:00Z')
const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/production-ready')

/** A file of the passing example (examples/production-ready), to link as evidence that satisfies its requirement. */
export const exampleFile = (relPath: string): string => readFileSync(path.join(EXAMPLE, relPath), 'utf8')

/** A manifest of system `sys` at production, model 4.1.0 (the version the example's evidence names), followed by `body` (top-level YAML). */
export const manifest = (body = ''): string => `system: sys\nstage: production\nmodel:\n  version: 4.1.0\n${body}`

const repos: TempRepo[] = []
afterAll(async () => Promise.all(repos.splice(0).map((repo) => repo.remove())))

export interface UnitOptions {
  policy?: Policy
  trust?: TrustContext
  now?: Date
  /** Told the last day each piece of evidence still counts, as the engine is. */
  lapsesOn?: (day: Date) => void
}

/** Runs `requirement`'s evaluator on `files` (the manifest at `sys/readiness.yml`) and returns its outcomes. */
export async function evaluateUnit(requirement: Requirement, files: Record<string, string>, options: UnitOptions = {}): Promise<Outcome[]> {
  const repo = await tempRepo(files)
  repos.push(repo)
  const loaded = await loadManifest(repo.root, 'sys/readiness.yml', 1024 * 1024)
  // Schema problems do not stop the engine from running evaluators (an empty key is both), so they do not stop this.
  if (!loaded.data) throw new Error(`test manifest does not parse: ${JSON.stringify(loaded.problems)}`)
  const ctx: EvalContext = {
    root: repo.root,
    manifest: loaded as typeof loaded & { data: Manifest },
    policy: options.policy ?? DEFAULT_POLICY,
    now: options.now ?? NOW,
    trust: options.trust ?? OFFLINE_TRUST,
    evidence: new EvidenceCache(repo.root),
    fileDate: noFileDates,
    ...(options.lapsesOn ? { lapsesOn: options.lapsesOn } : {})
  }
  return requirement.evaluate(ctx)
}

/** Status, message and place of each outcome: what a requirement test compares. */
export const summary = (outcomes: Outcome[]): { status: string; message: string; at: string }[] =>
  outcomes.map((o) => ({ status: o.status, message: o.message, at: `${o.file}:${o.line}` }))
