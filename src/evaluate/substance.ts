// Judgments of evidence whose own figures could make it meaningless (issue #16): a load test too
// short or too small to show a sustained peak, a metric measured on too few samples to mean
// anything, fairness groups too small to compare, a monitor that can never fire. Each returns the
// sentence that shows the figure and the rule, so every requirement words them the same way.
import { proportionKind } from '../evidence/parsers/evaluation.js'
import type { EvaluationMetric, FairnessResult, LoadTestEvidence, Monitor } from '../evidence/types.js'
import type { Policy } from '../policy/types.js'
import { leftOut, shown } from './checks/evaluation-targets.js'
import { formatNumber } from './numbers.js'
import { differenceInterval, judgeProportion } from './proportion.js'

type Thresholds = Policy['thresholds']

const rps = (value: number): string => `${Math.round(value * 10) / 10} rps`
const count = (n: number, word: string): string => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`

/** A duration as people read it, never rounded up past a limit it misses: 5 s, 9.9 min, 2.5 h. */
export function formatDuration(seconds: number): string {
  const down = (value: number): number => Math.floor(value * 10 + 1e-9) / 10
  if (seconds < 120) return `${down(seconds)} s`
  if (seconds < 2 * 3600) return `${down(seconds / 60)} min`
  return `${down(seconds / 3600)} h`
}

/** The request count and the rate×duration it should match may differ by the tools' rounding, not more. */
const CONSISTENCY_TOLERANCE = 0.1

/**
 * How long and how much the load test ran, against the policy's minimum time at peak: the problems
 * (each a sentence with the figures) and, when there are none, what was measured.
 */
export function judgeLoadVolume(evidence: LoadTestEvidence, peak: number, relPath: string, thresholds: Thresholds): { problems: string[]; measured?: string } {
  const minimumS = thresholds.minLoadTestMinutes * 60
  const minimum = `${formatNumber(thresholds.minLoadTestMinutes)} min`
  const { durationS, requests } = evidence
  const problems: string[] = []
  if (durationS === undefined || !(durationS > 0)) {
    if (requests !== 0) problems.push(`"${relPath}" records no run duration (nor a rate to derive it from), so it cannot show ${minimum} at peak`)
    return { problems }
  }
  const figures = [
    formatDuration(durationS),
    evidence.rps !== undefined ? `at ${rps(evidence.rps)}` : undefined,
    requests !== undefined ? count(requests, 'request') : undefined
  ]
  const figuresShown = `${figures[0]}${figures[1] ? ` ${figures[1]}` : ''}${figures[2] ? `, ${figures[2]}` : ''}`
  if (durationS < minimumS) problems.push(`${figuresShown}: shorter than the policy's ${minimum} at peak`)
  const needed = Math.ceil(peak * minimumS)
  if (requests !== undefined && requests > 0) {
    if (evidence.rps !== undefined && evidence.rps > 0 && !evidence.durationDerived) {
      const implied = evidence.rps * durationS
      if (Math.abs(implied - requests) / requests > CONSISTENCY_TOLERANCE) {
        problems.push(
          `the file is inconsistent: ${count(requests, 'request')} in ${formatDuration(durationS)} is ${rps(requests / durationS)}, not the ${rps(evidence.rps)} it states`
        )
      }
    }
    // Under peak, the throughput finding already says it; at peak, too few requests means the figures disagree.
    if (durationS >= minimumS && requests < needed && !(evidence.rps !== undefined && evidence.rps < peak)) {
      problems.push(`${count(requests, 'request')}: fewer than the ${formatNumber(needed)} that ${minimum} at peak ${rps(peak)} takes`)
    }
  }
  if (problems.length) return { problems }
  return { problems, measured: `${formatDuration(durationS)} ≥ the policy's ${minimum}` }
}

/** A share as a percentage, to 3 significant digits: 5%, 80%, 5.02%, 0.5%. */
const percent = (share: number): string => `${Number((share * 100).toPrecision(3))}%`

/** The hint of a mean that leaves out too many cases. */
export const MISSING_SHARE_HINT =
  'Fix what made those cases error (provider timeouts, assertions or judges that threw, NaN scores) and re-run the evaluation, so that every case has a value.'

/**
 * A per-case mean whose cases without a value (errored, NaN, not scored) are more than the policy's
 * max-missing-share of its cases: the sentence that says so, after the metric's name and value (`lead`), else
 * undefined. The mean stands for the run only if the cases left out are like those kept, and they seldom
 * are: a timeout falls on the long inputs, a judge fails on the odd answers.
 */
export function missingShareProblem(lead: string, samples: number | undefined, missing: number | undefined, thresholds: Thresholds): string | undefined {
  if (!missing || samples === undefined) return undefined
  const total = samples + missing
  const maximum = thresholds.maxMissingShare
  // A tolerance for the float product: exactly the share passes (10 of 200 at 5%).
  if (missing <= maximum * total + 1e-9) return undefined
  return `${lead} is the mean of ${formatNumber(samples)} of ${count(total, 'case')}: ${formatNumber(missing)} (${percent(missing / total)}) ${missing === 1 ? 'has' : 'have'} no value (errored or not scored), more than the policy's ${percent(maximum)} (max-missing-share), so the mean may leave out the hard cases`
}

/** The sample count a metric was measured on: its own, else the dataset's (not for a share of a subset). */
function samplesOf(metric: EvaluationMetric, datasetSize: number | undefined): number | undefined {
  if (metric.samples !== undefined) return metric.samples
  return datasetSize
}

/**
 * A metric against its target, with its uncertainty: a per-case mean only when at most the policy's
 * max-missing-share of its cases lack a value, then a proportion by the unfavourable bound of its 95%
 * Wilson interval, any other metric only on at least the policy's minimum sample size. A metric whose
 * sample size is unknown cannot be judged, and says so. `hint` is set when the fix is not more samples.
 */
export function judgeMetric(
  metric: EvaluationMetric,
  datasetSize: number | undefined,
  thresholds: Thresholds
): { ok: boolean; message: string; hint?: string } {
  const tooMany = missingShareProblem(`${metric.name} ${shown(metric.value)}`, metric.samples, metric.missing, thresholds)
  const judged = tooMany ? { ok: false, message: tooMany, hint: MISSING_SHARE_HINT } : judgeMetricOn(metric, datasetSize, thresholds)
  // Within the share, the cases left out are still said: the reader sees what the mean is of.
  const within = !tooMany && leftOut(metric.samples, metric.missing)
  const judging =
    thresholds.maxMissingShare < 1 ? `within the policy's ${percent(thresholds.maxMissingShare)}` : 'not judged: the policy sets max-missing-share to 1'
  const message = within ? `${judged.message} (${within}, ${judging})` : judged.message
  // Rows that repeat a case (promptfoo --repeat) are one sample each case: the finding says why n is smaller than the rows.
  const rows = metric.rows !== undefined && metric.samples !== undefined && metric.rows > metric.samples ? metric.rows : undefined
  return { ...judged, message: rows === undefined ? message : `${message} (its ${count(rows, 'row')} repeat test cases: each case is one sample)` }
}

function judgeMetricOn(metric: EvaluationMetric, datasetSize: number | undefined, thresholds: Thresholds): { ok: boolean; message: string } {
  const target = metric.target!
  const samples = samplesOf(metric, datasetSize)
  const lead = `${metric.name} ${shown(metric.value)}`
  if (samples === undefined) {
    return { ok: false, message: `${lead} states no sample size (dataset.size or the metric's samples), so its uncertainty cannot be judged` }
  }
  // Parsers that build metrics themselves (LLM eval runs) may leave the kind to the metric's type.
  const kind = metric.proportion ?? (metric.value >= 0 && metric.value <= 1 ? proportionKind(metric.type) : undefined)
  if (kind === 'whole' || (kind === 'subset' && metric.samples !== undefined)) {
    const judged = judgeProportion({ value: metric.value, samples, target, lowerIsBetter: metric.lowerIsBetter })
    return { ok: judged.ok, message: `${metric.name} ${judged.message}` }
  }
  const minimum = thresholds.minEvaluationSamples
  if (samples < minimum) {
    const why = kind === 'subset' ? 'a share of a subset whose size the file does not give' : 'not a proportion'
    return { ok: false, message: `${lead} on ${count(samples, 'sample')}: fewer than the policy's ${formatNumber(minimum)} for a metric that is ${why}` }
  }
  const ok = metric.lowerIsBetter ? metric.value <= target : metric.value >= target
  return {
    ok,
    message: `${lead} ${ok ? (metric.lowerIsBetter ? '≤' : '≥') : metric.lowerIsBetter ? '>' : '<'} target ${target} on ${count(samples, 'sample')}`
  }
}

/**
 * A fairness result: at least two groups, each with at least the policy's minimum samples, and the
 * disparity judged by its interval when the metric is a proportion (Newcombe's interval of the
 * difference of the two groups whose difference can be largest), else by its point value.
 */
export function judgeFairness(result: FairnessResult, threshold: number, thresholds: Thresholds): { ok: boolean; message: string; hint?: string } {
  const { metric, groups } = result
  if (groups.length < 2) {
    return {
      ok: false,
      message: `Fairness on ${metric} has ${groups.length === 1 ? `one group ("${groups[0]!.name}")` : 'no groups'}: one group is not a comparison; at least two are needed`
    }
  }
  const minimum = thresholds.minFairnessGroupSamples
  const unsized = groups.filter((group) => group.samples === undefined)
  if (unsized.length) {
    return {
      ok: false,
      message: `Fairness on ${metric}: ${unsized.map((g) => `"${g.name}"`).join(', ')} ${unsized.length === 1 ? 'states' : 'state'} no sample size, so the disparity cannot be judged with its uncertainty`
    }
  }
  const thin = groups.flatMap((group) => {
    const problem = missingShareProblem(`"${group.name}" ${shown(group.value)}`, group.samples, group.missing, thresholds)
    return problem ? [problem] : []
  })
  if (thin.length) return { ok: false, message: `Fairness on ${metric}: ${thin.join('; ')}`, hint: MISSING_SHARE_HINT }
  const small = groups.filter((group) => group.samples! < minimum)
  if (small.length) {
    const listed = small.map((g) => `"${g.name}" has ${count(g.samples!, 'sample')}`).join(', ')
    return { ok: false, message: `Fairness on ${metric}: ${listed}; the policy needs at least ${formatNumber(minimum)} per group` }
  }
  const point = Math.round(result.disparity * 1000) / 1000
  if (result.proportion !== 'whole' && result.proportion !== 'subset') {
    if (result.disparity <= threshold) return { ok: true, message: `${metric} disparity ${point} across ${groups.length} groups ≤ ${threshold}` }
    const lowest = [...groups].sort((x, y) => x.value - y.value)[0]!
    return {
      ok: false,
      message: `${metric} disparity ${point} across ${groups.length} groups > threshold ${threshold} (lowest: ${lowest.name} ${lowest.value})`
    }
  }
  let widest = { high: -Infinity, a: groups[0]!, b: groups[1]! }
  for (const a of groups) {
    for (const b of groups) {
      if (a === b) continue
      const high = differenceInterval({ value: a.value, samples: a.samples! }, { value: b.value, samples: b.samples! }).high
      if (high > widest.high) widest = { high, a, b }
    }
  }
  const bound = Math.ceil(widest.high * 1000 - 1e-9) / 1000
  const pair = `${widest.a.name} ${widest.a.value} (n=${formatNumber(widest.a.samples!)}) vs ${widest.b.name} ${widest.b.value} (n=${formatNumber(widest.b.samples!)})`
  const ok = widest.high <= threshold && result.disparity <= threshold
  return {
    ok,
    message: `${metric} disparity ${point} across ${groups.length} groups; the widest gap, ${pair}, is up to ${bound} at 95% confidence ${ok ? '≤' : '>'} ${ok ? '' : 'threshold '}${threshold}`
  }
}

/** Monitors that can alert: those not marked inert. */
export const live = (monitors: Monitor[]): Monitor[] => monitors.filter((monitor) => monitor.inert === undefined)
