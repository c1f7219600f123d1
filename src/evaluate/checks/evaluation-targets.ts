// Judging an evaluation's metrics against their targets: the file's own (a readiness evaluation
// file's target, DeepEval's threshold) and the manifest's `targets` (metric → value), which take
// precedence and are how formats without thresholds (promptfoo, ragas, lm-eval, Inspect) are judged.
// A failing metric brings its failing cases, each at its line in the file; a run the tool did not
// finish (Inspect `cancelled`, `error`) fails whatever its figures.
import type { EvaluationCase, EvaluationEvidence, EvaluationMetric } from '../../evidence/types.js'
import type { Location } from '../../report/types.js'
import { fail, isNumber, locate, type EvalContext, type Outcome } from '../context.js'
import { formatNumber } from '../numbers.js'

/** At most this many failing cases are listed as findings per evaluation. */
const MAX_CASE_FINDINGS = 10

export interface JudgedMetric {
  metric: EvaluationMetric
  target: number
  ok: boolean
}

/** A metric value as messages show it: at most 4 significant digits (0.8333, 0.0051, 1240). */
export const shown = (value: number): number => Number(value.toPrecision(4))

/** What a per-case mean leaves out, as findings say it: "the mean of 200 of 1,000 cases: 800 have no value". */
export function leftOut(samples: number | undefined, missing: number | undefined): string | undefined {
  if (!missing || samples === undefined) return undefined
  const total = samples + missing
  return `the mean of ${formatNumber(samples)} of ${formatNumber(total)} case${total === 1 ? '' : 's'}: ${formatNumber(missing)} ${missing === 1 ? 'has' : 'have'} no value`
}

const meets = (value: number, target: number, lowerIsBetter: boolean): boolean => (lowerIsBetter ? value <= target : value >= target)

/** The manifest's name for a metric matches its name, or `task/name` where the tool groups metrics by task. */
const named = (metric: EvaluationMetric, key: string): boolean => metric.name === key || (metric.task !== undefined && `${metric.task}/${metric.name}` === key)

/**
 * Every metric with a target, judged; a manifest target naming no metric of the file, and a run that
 * did not finish, are failures. `entryPath` is the manifest entry (for `targets` lines).
 */
export function judgeTargets(
  ctx: EvalContext,
  evidence: EvaluationEvidence,
  relPath: string,
  entryPath: string[],
  at: Location
): { judged: JudgedMetric[]; outcomes: Outcome[] } {
  const outcomes: Outcome[] = []
  if (evidence.status !== undefined && evidence.status !== 'success') {
    outcomes.push(
      fail(`The evaluation run "${relPath}" ended with status "${evidence.status}", not success: its figures are not a finished run's.`, at, {
        hint: 'Re-run the evaluation to the end and link the finished log.'
      })
    )
  }
  const entry = ctx.manifest.data.evidence as Record<string, { targets?: Record<string, unknown> } | undefined> | undefined
  const targets = entry?.[entryPath[1]!]?.targets ?? {}
  const judged: JudgedMetric[] = []
  const fromManifest = new Set<EvaluationMetric>()
  for (const [key, target] of Object.entries(targets)) {
    if (!isNumber(target)) continue
    const matches = evidence.metrics.filter((metric) => named(metric, key))
    if (matches.length === 0) {
      outcomes.push(
        fail(
          `The manifest sets a target for ${key}, but "${relPath}" has no such metric (it has ${evidence.metrics.map((m) => (m.task ? `${m.task}/${m.name}` : m.name)).join(', ') || 'none'}).`,
          locate(ctx, [...entryPath, 'targets', key])
        )
      )
      continue
    }
    for (const metric of matches) {
      fromManifest.add(metric)
      judged.push({ metric, target, ok: meets(metric.value, target, metric.lowerIsBetter) })
    }
  }
  for (const metric of evidence.metrics) {
    if (fromManifest.has(metric) || !isNumber(metric.target)) continue
    judged.push({ metric, target: metric.target, ok: meets(metric.value, metric.target, metric.lowerIsBetter) })
  }
  for (const { metric, target, ok } of judged) {
    if (ok) continue
    const without = leftOut(metric.samples, metric.missing)
    outcomes.push(
      fail(
        `${metric.name} ${shown(metric.value)} ${metric.lowerIsBetter ? '>' : '<'} target ${target} in "${relPath}"${without ? ` (${without})` : ''}.`,
        metric.line ? { file: relPath, line: metric.line } : at,
        { related: at }
      )
    )
  }
  const failing = judged.filter((entry) => !entry.ok)
  if (failing.length) outcomes.push(...caseFindings(evidence, failing, relPath, at))
  return { judged, outcomes }
}

/** The cases behind failing metrics: those whose own score misses the target, else the tool's failing cases. */
function caseFindings(evidence: EvaluationEvidence, failing: JudgedMetric[], relPath: string, at: Location): Outcome[] {
  const listed: { test: EvaluationCase; why: string }[] = []
  for (const test of evidence.cases ?? []) {
    const misses = failing.filter(({ metric, target }) => {
      const score = test.scores?.[metric.name]
      return isNumber(score) && !meets(score, target, metric.lowerIsBetter)
    })
    if (misses.length)
      listed.push({ test, why: misses.map(({ metric, target }) => `${metric.name} ${shown(test.scores![metric.name]!)} vs ${target}`).join(', ') })
    else if (test.status === 'failed' || test.status === 'error') listed.push({ test, why: test.reason ?? test.status })
  }
  const findings = listed.slice(0, MAX_CASE_FINDINGS).map(({ test, why }) =>
    fail(`Case "${test.name}"${test.member ? ` (${test.member})` : ''} fails: ${why}.`, test.line && !test.member ? { file: relPath, line: test.line } : at, {
      related: at,
      hint: 'Fix what the case shows, re-run the evaluation and link the new result.'
    })
  )
  if (listed.length > MAX_CASE_FINDINGS)
    findings.push(fail(`${listed.length - MAX_CASE_FINDINGS} more failing cases in "${relPath}" (see \`readiness-gate inspect ${relPath}\`).`, at))
  return findings
}
