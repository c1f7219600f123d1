// load.production-volume: Load tested at production volume.
import type { LoadTestEvidence } from '../../evidence/types.js'
import { ms, pct, rate, plural } from '../checks/wording.js'
import { formatNumber } from '../numbers.js'
import { fail, isNumber, loadLinkedEvidence, locate, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'
import { judgeLoadVolume } from '../substance.js'

/** What each figure the load test is judged against is, for a hint that asks for it. */
const FIGURES = {
  '`volume.peak-rps`': 'the peak requests per second to test at',
  '`evidence.slo.p95-ms`': 'the p95 latency to meet',
  '`evidence.slo.error-rate`': 'the error budget, e.g. 0.01'
} as const

const loadTest: Evaluator = async (ctx) => {
  const data = ctx.manifest.data
  const peak = data.volume?.['peak-rps']
  const sloP95 = data.evidence?.slo?.['p95-ms']
  const budget = data.evidence?.slo?.['error-rate']
  const missing: (keyof typeof FIGURES)[] = []
  if (!isNumber(peak)) missing.push('`volume.peak-rps`')
  if (!isNumber(sloP95)) missing.push('`evidence.slo.p95-ms`')
  if (!isNumber(budget)) missing.push('`evidence.slo.error-rate`')
  // The hint asks only for what is missing: "set evidence.slo" under a manifest that has it sends the reader looking for nothing.
  const setMissing = missing.map((figure) => `${figure} (${FIGURES[figure]})`).join(', ')
  const loaded = await loadLinkedEvidence<LoadTestEvidence>(ctx, ['evidence', 'load-test'], ['load-test'], 'load-test result')
  if (!loaded.ok) {
    const hint = `Run a load test at ≥ peak volume and link the result under evidence.load-test${missing.length ? `; set ${setMissing}` : ''}.`
    return [loaded.outcome.hint ? loaded.outcome : { ...loaded.outcome, hint }]
  }
  const { evidence, relPath, at } = loaded.loaded
  if (missing.length)
    return [
      fail(
        `The load test cannot be judged: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
        locate(ctx, isNumber(peak) ? ['evidence', 'slo'] : ['volume']),
        { hint: `Set ${setMissing}.` }
      )
    ]

  const problems: string[] = []
  const measured: string[] = []
  // The stated rate and the failed count can disagree (a hand-edited or mis-exported summary): the
  // gate takes the unfavourable one and shows both.
  const stated = evidence.errorRate
  const counted = isNumber(evidence.requests) && isNumber(evidence.failed) && evidence.requests > 0 ? evidence.failed / evidence.requests : undefined
  const errorRate = stated === undefined ? counted : counted === undefined ? stated : Math.max(stated, counted)
  const hidden =
    stated !== undefined && counted !== undefined && counted - stated > 0.0005
      ? ` (${formatNumber(evidence.failed!)} of ${formatNumber(evidence.requests!)} requests failed; the file states ${pct(stated, errorRate)})`
      : ''
  if (evidence.requests === 0) problems.push('the load test made no requests')
  const p95 = evidence.latencyMs.p95
  if (!isNumber(p95)) problems.push(`"${relPath}" reports no p95 latency`)
  else if (p95 > sloP95!) problems.push(`p95 ${ms(p95, sloP95)} > SLO ${ms(sloP95!, p95)}`)
  else measured.push(`p95 ${ms(p95, sloP95)} ≤ SLO ${ms(sloP95!, p95)}`)
  if (!isNumber(errorRate)) problems.push(`"${relPath}" reports no error rate`)
  else if (errorRate > budget!) problems.push(`error rate ${pct(errorRate, budget)}${hidden} > budget ${pct(budget!, errorRate)}`)
  else measured.push(`error rate ${pct(errorRate, budget)}${hidden} ≤ ${pct(budget!, errorRate)}`)
  if (!isNumber(evidence.rps)) problems.push(`"${relPath}" reports no throughput`)
  else if (evidence.rps < peak!) problems.push(`throughput ${rate(evidence.rps, peak)} < peak ${rate(peak!, evidence.rps)}`)
  else measured.push(`${rate(evidence.rps, peak)} ≥ peak ${rate(peak!, evidence.rps)}`)
  const volume = judgeLoadVolume(evidence, peak!, relPath, ctx.policy.thresholds)
  problems.push(...volume.problems)
  if (volume.measured) measured.push(volume.measured)
  for (const threshold of evidence.thresholds.filter((t) => !t.ok))
    problems.push(`${evidence.tool ?? 'the tool'} marked threshold \`${threshold.name}\` failed`)
  // A volume problem names the duration, rate and count itself.
  const named = volume.problems.length > 0
  const context = [evidence.tool, isNumber(evidence.requests) && !named ? plural(evidence.requests, 'request') : undefined].filter(Boolean).join(', ')
  if (problems.length) {
    const at_rps = isNumber(evidence.rps) && !named && !problems.some((p) => p.startsWith('throughput')) ? ` at ${rate(evidence.rps)}` : ''
    return [
      fail(`${problems.join('; ')}${at_rps}${context ? ` (${context})` : ''}.`, at, {
        hint: 'Fix the bottleneck or re-run the load test at peak volume, then link the new result.'
      })
    ]
  }
  return [pass(`${measured.join(', ')}${context ? ` (${context})` : ''}.`, at)]
}

export default defineRequirement({
  id: 'load.production-volume',
  title: 'Load tested at production volume',
  guardsAgainst: 'The system handled demo traffic and falls over at real volume (latency, rate limits, errors).',
  satisfiedBy:
    "evidence.load-test links a load-test result with throughput ≥ volume.peak-rps held for at least the policy's min-load-test-minutes (and as many requests as that takes, consistent with the file's rate and duration), p95 ≤ evidence.slo.p95-ms and error rate ≤ evidence.slo.error-rate (where the file states a rate and counts failed requests, the higher of the two), and no failed tool threshold.",
  hint: 'Run a load test at ≥ peak volume and link the result under evidence.load-test; it is judged against volume.peak-rps and evidence.slo.',
  firstStage: 'staging',
  manifestPath: ['evidence', 'load-test'],
  skeleton: ['load-test:', '  file:                 # k6, Locust, JMeter, Gatling, Artillery or autocannon result', 'slo:', '  p95-ms:', '  error-rate:'],
  thresholds: ['minLoadTestMinutes'],
  evaluate: loadTest
})
