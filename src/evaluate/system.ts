// Evaluates one system: every requirement its stage needs, then waivers, then the verdict and score.
import { CATALOG } from './catalog.js'
import type { LoadedManifest } from '../manifest/load.js'
import type { Manifest } from '../manifest/types.js'
import type { Finding, SystemReport } from '../report/types.js'
import type { EvalContext, Outcome } from './context.js'
import { locate } from './context.js'
import { snippetOf, type Requirement } from './requirement.js'
import { checkWaivers } from './waivers.js'
import { formatDate } from './dates.js'

export async function evaluateSystem(manifest: LoadedManifest, context: Omit<EvalContext, 'manifest'>): Promise<SystemReport> {
  const owners = namedOwners(manifest.data)
  const base = { name: manifest.name, manifest: manifest.relPath, stage: manifest.stage, ...(owners ? { owners } : {}) }
  if (!manifest.data || !manifest.stage) {
    return {
      ...base,
      passed: false,
      score: { passed: 0, required: manifest.stage ? context.policy.stages[manifest.stage].length : 0 },
      findings: [...manifest.problems]
    }
  }
  const ctx: EvalContext = { ...context, manifest: manifest as LoadedManifest & { data: Manifest } }
  const required = new Set(context.policy.stages[manifest.stage])
  const waivers = await checkWaivers(ctx)
  let passedCount = 0
  const results = await Promise.all(
    CATALOG.map(async (requirement): Promise<Finding[]> => {
      if (!required.has(requirement.id)) {
        return [
          {
            rule: requirement.id,
            status: 'not-required',
            message: `Not required at stage ${manifest.stage} (first required at ${requirement.firstStage}).`,
            ...locate(ctx, ['stage'])
          }
        ]
      }
      let lapses: Date | undefined
      const outcomes = await runEvaluator(requirement, { ...ctx, lapsesOn: (day) => void (lapses = lapses && lapses < day ? lapses : day) })
      const failing = outcomes.some((outcome) => outcome.status === 'fail')
      const waiver = waivers.find((w) => w.requirement === requirement.id)
      if (failing && waiver?.valid) {
        passedCount++
        return outcomes.map((o) => ({
          rule: requirement.id,
          ...o,
          status: o.status === 'fail' ? 'waived' : o.status,
          message: o.status === 'fail' ? `${o.message} ${waiver.text}.` : o.message,
          verification: waiver.verification,
          expires: waiver.expires
        }))
      }
      if (!failing) {
        passedCount++
        if (lapses) {
          const expires = formatDate(lapses)
          return outcomes.map((o) => ({ rule: requirement.id, ...o, expires }))
        }
      }
      const hint = requirement.hint
      const listed: Finding[] = outcomes.map((o) => ({ rule: requirement.id, ...o, ...(o.status === 'fail' && !o.hint ? { hint } : {}) }))
      // A whole section missing: the first failing finding in the manifest carries the YAML to paste.
      const missing = failing && !ctx.manifest.locate([...requirement.manifestPath]).found
      const first = listed.find((finding) => finding.status === 'fail' && finding.file === manifest.relPath)
      const section = requirement.manifestPath[0]
      if (missing && first) first.snippet = snippetOf(requirement, (key) => ctx.manifest.locate([section, key]).found)
      if (failing && waiver && !waiver.valid) {
        listed.push({
          rule: requirement.id,
          status: 'fail',
          message: `The waiver for ${requirement.id} does not count: ${waiver.why}.`,
          ...waiver.at,
          hint: 'Renew the waiver with an allowed approver, or meet the requirement.'
        })
      }
      return listed
    })
  )
  const findings: Finding[] = oneFindingPerProblem(manifest, results.flat())
  // A waiver that names an unknown requirement is a mistake worth failing on: it hides nothing but misleads readers.
  for (const waiver of waivers) {
    if (!waiver.valid && !CATALOG.some((r) => r.id === waiver.requirement)) {
      findings.push({
        rule: 'waiver.invalid',
        status: 'fail',
        message: `A waiver does not count: ${waiver.why}.`,
        ...waiver.at,
        hint: 'Name a requirement id from `readiness-gate explain`.'
      })
    }
  }
  const passed = !findings.some((finding) => finding.status === 'fail')
  return { ...base, passed, score: { passed: passedCount, required: required.size }, findings }
}

/** The owners named by role (the RACI map aside), for views that group systems by team. */
function namedOwners(data: Manifest | undefined): Record<string, string> | undefined {
  const owners: Record<string, string> = {}
  const named: unknown = data?.owners
  if (!named || typeof named !== 'object' || Array.isArray(named)) return undefined
  for (const [role, handle] of Object.entries(named)) {
    if (typeof handle === 'string' && handle.trim()) owners[role] = handle.trim()
  }
  return Object.keys(owners).length > 0 ? owners : undefined
}

/**
 * One finding per problem: a schema error on a key that a failing requirement reads (under its
 * manifestPath) is told once, as that requirement's finding in the schema's words, and the
 * requirement's own findings about the manifest (derived from the same keys: "lacks name, unit…")
 * are left out, unless they name a key no schema error is about. Its findings about evidence files stay. The requirement fails either way.
 */
function oneFindingPerProblem(manifest: LoadedManifest, findings: Finding[]): Finding[] {
  const failingRules = new Set(findings.filter((finding) => finding.status === 'fail').map((finding) => finding.rule))
  const claimed = new Map<string, Finding[]>()
  const claimedKeys = new Map<string, Set<string>>()
  const unclaimed: Finding[] = []
  for (const problem of manifest.problems) {
    const key = manifest.problemKeys?.get(problem)
    const owner = key ? ownerOf(key, failingRules) : undefined
    if (!owner) {
      unclaimed.push(problem)
      continue
    }
    claimed.set(owner.id, [...(claimed.get(owner.id) ?? []), { ...problem, rule: owner.id, hint: owner.hint }])
    claimedKeys.set(owner.id, new Set([...(claimedKeys.get(owner.id) ?? []), (key ?? []).join('.')]))
  }
  const result: Finding[] = [...unclaimed]
  const told = new Set<string>()
  for (const finding of findings) {
    const schemaErrors = claimed.get(finding.rule)
    if (!schemaErrors || finding.status !== 'fail' || finding.file !== manifest.relPath || namesOtherKeys(finding, claimedKeys.get(finding.rule)!, manifest)) {
      result.push(finding)
      continue
    }
    if (!told.has(finding.rule)) result.push(...schemaErrors)
    told.add(finding.rule)
  }
  for (const [rule, schemaErrors] of claimed) if (!told.has(rule)) result.push(...schemaErrors)
  return result
}

/**
 * Whether the requirement's own finding names a manifest key (in backticks) that none of the schema
 * errors is about (the same key, or one within the other) and that the manifest lacks: then it tells something they do not ("lacks `resilience.retry`") and stays.
 */
function namesOtherKeys(finding: Finding, told: ReadonlySet<string>, manifest: LoadedManifest): boolean {
  const named = [...finding.message.matchAll(/`([a-z0-9_-]+(?:\.[a-z0-9_-]+)+)`/gi)].flatMap((match) => match[1] ?? [])
  const about = (key: string, toldKey: string): boolean => key === toldKey || toldKey.startsWith(`${key}.`) || key.startsWith(`${toldKey}.`)
  return named.some((key) => ![...told].some((toldKey) => about(key, toldKey)) && !manifest.locate(key.split('.')).found)
}

/** The failing requirement whose manifest path is the longest prefix of `key`. */
function ownerOf(key: readonly (string | number)[], failingRules: ReadonlySet<string>): Requirement | undefined {
  let best: Requirement | undefined
  for (const requirement of CATALOG) {
    if (!failingRules.has(requirement.id)) continue
    const path = requirement.manifestPath
    if (path.length > key.length || !path.every((part, index) => key[index] === part)) continue
    if (!best || path.length > best.manifestPath.length) best = requirement
  }
  return best
}

async function runEvaluator({ id, evaluate }: Requirement, ctx: EvalContext): Promise<Outcome[]> {
  const at = locate(ctx, ['stage'])
  try {
    const outcomes = await evaluate(ctx)
    return outcomes.length ? outcomes : [{ status: 'fail', message: `Requirement ${id} produced no result.`, ...at }]
  } catch (error) {
    // Fail closed: a bug or an unexpected input in one evaluator fails that requirement, never the run.
    return [{ status: 'fail', message: `Requirement ${id} could not be evaluated: ${(error as Error)?.message ?? String(error)}.`, ...at }]
  }
}
