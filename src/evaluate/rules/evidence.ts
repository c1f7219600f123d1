// Requirements judged on the content of linked evidence files.
import type { EvaluationEvidence, LoadTestEvidence, Monitor, MonitoringEvidence, TestCase, TestReportEvidence } from '../../evidence/types.js'
import { fail, isNumber, isText, loadLinkedEvidence, locate, pass, type EvalContext, type Outcome } from '../context.js'
import type { Evaluator } from './declarations.js'
import { formatNumber } from '../numbers.js'

const ms = (value: number): string => `${Math.round(value * 10) / 10} ms`
const pct = (fraction: number): string => `${Math.round(fraction * 1000) / 10}%`
const rate = (value: number): string => `${Math.round(value * 10) / 10} rps`
const plural = (n: number, word: string): string => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`

const loadTest: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<LoadTestEvidence>(ctx, ['evidence', 'load-test'], ['load-test'], 'load-test result')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const data = ctx.manifest.data
  const peak = data.volume?.['peak-rps']
  const sloP95 = data.evidence?.slo?.['p95-ms']
  const budget = data.evidence?.slo?.['error-rate']
  const missing: string[] = []
  if (!isNumber(peak)) missing.push('`volume.peak-rps`')
  if (!isNumber(sloP95)) missing.push('`evidence.slo.p95-ms`')
  if (!isNumber(budget)) missing.push('`evidence.slo.error-rate`')
  if (missing.length) return [fail(`The load test cannot be judged: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`, locate(ctx, isNumber(peak) ? ['evidence', 'slo'] : ['volume']))]

  const problems: string[] = []
  const measured: string[] = []
  const errorRate = evidence.errorRate ?? (isNumber(evidence.requests) && isNumber(evidence.failed) && evidence.requests > 0 ? evidence.failed / evidence.requests : undefined)
  if (evidence.requests === 0) problems.push('the load test made no requests')
  const p95 = evidence.latencyMs.p95
  if (!isNumber(p95)) problems.push(`"${relPath}" reports no p95 latency`)
  else if (p95 > sloP95!) problems.push(`p95 ${ms(p95)} > SLO ${ms(sloP95!)}`)
  else measured.push(`p95 ${ms(p95)} ≤ SLO ${ms(sloP95!)}`)
  if (!isNumber(errorRate)) problems.push(`"${relPath}" reports no error rate`)
  else if (errorRate > budget!) problems.push(`error rate ${pct(errorRate)} > budget ${pct(budget!)}`)
  else measured.push(`error rate ${pct(errorRate)} ≤ ${pct(budget!)}`)
  if (!isNumber(evidence.rps)) problems.push(`"${relPath}" reports no throughput`)
  else if (evidence.rps < peak!) problems.push(`throughput ${rate(evidence.rps)} < peak ${rate(peak!)}`)
  else measured.push(`${rate(evidence.rps)} ≥ peak ${rate(peak!)}`)
  for (const threshold of evidence.thresholds.filter((t) => !t.ok)) problems.push(`${evidence.tool ?? 'the tool'} marked threshold \`${threshold.name}\` failed`)
  const context = [evidence.tool, isNumber(evidence.requests) ? plural(evidence.requests, 'request') : undefined].filter(Boolean).join(', ')
  if (problems.length) {
    const at_rps = isNumber(evidence.rps) && !problems.some((p) => p.startsWith('throughput')) ? ` at ${rate(evidence.rps)}` : ''
    return [fail(`${problems.join('; ')}${at_rps}${context ? ` (${context})` : ''}.`, at, { hint: 'Fix the bottleneck or re-run the load test at peak volume, then link the new result.' })]
  }
  return [pass(`${measured.join(', ')}${context ? ` (${context})` : ''}.`, at)]
}

/** Lowercase letters and digits only, so "out-of-distribution", "out_of_distribution" and "OutOfDistribution" match. */
const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '')

function casesFor(report: TestReportEvidence, topic: string): TestCase[] {
  const wanted = squash(topic)
  return report.cases.filter((test) => squash(`${test.suite} ${test.classname ?? ''} ${test.name}`).includes(wanted))
}

function caseLabel(test: TestCase): string {
  return [test.suite, test.name].filter(Boolean).join(' › ')
}

/**
 * Shared by integration points, edge-case categories and resilience mechanisms: each topic needs a
 * passing test (a test whose suite, class or name contains it), and no test in the report may fail.
 */
async function coverage(ctx: EvalContext, entryPath: string[], topics: { name: string; at: ReturnType<typeof locate> }[], noun: string, what: string): Promise<Outcome[]> {
  const loaded = await loadLinkedEvidence<TestReportEvidence>(ctx, entryPath, ['test-report'], what)
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  if (evidence.tests === 0) return [fail(`The ${what} "${relPath}" contains no tests.`, at)]
  const outcomes: Outcome[] = []
  for (const topic of topics) {
    const cases = casesFor(evidence, topic.name)
    if (cases.length === 0) outcomes.push(fail(`${capitalize(noun)} "${topic.name}" has no test in "${relPath}".`, topic.at, { hint: `Add a test whose name contains "${topic.name}".` }))
    else if (!cases.some((test) => test.status === 'passed')) outcomes.push(fail(`${capitalize(noun)} "${topic.name}" has no passing test in "${relPath}" (${cases.map((c) => c.status).join(', ')}).`, topic.at))
  }
  for (const test of evidence.cases.filter((c) => c.status === 'failed' || c.status === 'error')) {
    const where = test.line ? { file: relPath, line: test.line } : at
    outcomes.push(
      fail(`Test "${caseLabel(test)}" ${test.status === 'error' ? 'errored' : 'failed'}${test.message ? `: ${test.message}` : ''}.`, where, {
        related: at,
        hint: 'Fix the failing test (or what it found), re-run the suite and link the new report.'
      })
    )
  }
  if (outcomes.length) return outcomes
  return [pass(`${plural(topics.length, noun)} covered; ${evidence.passed}/${evidence.tests} tests passed in "${relPath}".`, at)]
}

const integration: Evaluator = (ctx) => {
  const points = ctx.manifest.data.evidence?.['integration-tests']?.points
  if (!Array.isArray(points) || points.length === 0) {
    return [fail('`evidence.integration-tests.points` is missing: list the integration points the system touches.', locate(ctx, ['evidence', 'integration-tests']))]
  }
  const topics = points.filter(isText).map((name, index) => ({ name, at: locate(ctx, ['evidence', 'integration-tests', 'points', index]) }))
  return coverage(ctx, ['evidence', 'integration-tests'], topics, 'integration point', 'integration test report')
}

export const DEFAULT_EDGE_CASES = ['malformed', 'missing', 'out-of-distribution', 'adversarial']

const edgeCases: Evaluator = (ctx) => {
  const listed = ctx.manifest.data.evidence?.['edge-cases']?.categories
  const categories = Array.isArray(listed) && listed.length ? listed.filter(isText) : DEFAULT_EDGE_CASES
  const topics = categories.map((name, index) => ({
    name,
    at: locate(ctx, Array.isArray(listed) && listed.length ? ['evidence', 'edge-cases', 'categories', index] : ['evidence', 'edge-cases'])
  }))
  return coverage(ctx, ['evidence', 'edge-cases'], topics, 'edge-case category', 'edge-case test report')
}

const RESILIENCE = [
  { key: 'fallback', topic: 'fallback' },
  { key: 'circuit-breaker', topic: 'circuit' },
  { key: 'retry', topic: 'retry' },
  { key: 'timeout-ms', topic: 'timeout' }
] as const

const resilience: Evaluator = (ctx) => {
  const section = ctx.manifest.data.resilience
  if (!section) return [fail('`resilience` is missing: no fallback, circuit breaker, retry or timeout is declared.', locate(ctx, ['resilience']))]
  const undeclared = RESILIENCE.filter(({ key }) => (key === 'timeout-ms' ? !isNumber(section[key]) : !isText(section[key])))
  if (undeclared.length) return [fail(`Resilience lacks ${undeclared.map(({ key }) => `\`resilience.${key}\``).join(', ')}.`, locate(ctx, ['resilience']))]
  const topics = RESILIENCE.map(({ key, topic }) => ({ name: topic, at: locate(ctx, ['resilience', key]) }))
  return coverage(ctx, ['resilience', 'tests'], topics, 'resilience mechanism', 'resilience test report')
}

function describeMonitor(monitor: Monitor): string {
  return `"${monitor.name}"`
}

function incompleteParts(monitor: Monitor): string[] {
  return [
    isNumber(monitor.threshold) ? undefined : 'threshold',
    isText(monitor.window) ? undefined : 'window',
    isText(monitor.route) ? undefined : 'route or owner'
  ].filter((part): part is string => part !== undefined)
}

function countByCategory(monitors: Monitor[]): string {
  const counts = new Map<string, number>()
  for (const monitor of monitors) counts.set(monitor.category, (counts.get(monitor.category) ?? 0) + 1)
  return [...counts].map(([category, count]) => `${category} ×${count}`).join(', ')
}

/** Shared by output-quality monitoring and drift: at least one monitor of the category with threshold, window and route. */
async function watched(ctx: EvalContext, entry: string[], kinds: ('monitoring' | 'drift')[], category: 'quality' | 'drift', what: string): Promise<Outcome[]> {
  const loaded = await loadLinkedEvidence<MonitoringEvidence>(ctx, entry, kinds, what)
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const relevant = evidence.monitors.filter((monitor) => monitor.category === category)
  const label = category === 'quality' ? 'output-quality' : 'drift'
  if (relevant.length === 0) {
    const others = evidence.monitors.length ? `${plural(evidence.monitors.length, 'monitor')} (${countByCategory(evidence.monitors)}) but none on ${label}` : 'no monitors'
    return [fail(`"${relPath}" has ${others}${category === 'quality' ? '; uptime and latency alone do not show answer quality' : ''}.`, at)]
  }
  const complete = relevant.filter((monitor) => incompleteParts(monitor).length === 0)
  if (complete.length === 0) {
    return relevant.map((monitor) =>
      fail(`The ${label} monitor ${describeMonitor(monitor)} lacks a ${incompleteParts(monitor).join(', a ')}.`, monitor.line ? { file: relPath, line: monitor.line } : at, { related: at })
    )
  }
  const first = complete[0]!
  return [pass(`${plural(complete.length, `${label} monitor`)} with threshold, window and route (e.g. ${describeMonitor(first)}: ${first.metric.slice(0, 80)} over ${first.window} → ${first.route}).`, at)]
}

const monitoring: Evaluator = (ctx) => watched(ctx, ['evidence', 'monitoring'], ['monitoring'], 'quality', 'monitoring rules')
const drift: Evaluator = (ctx) => watched(ctx, ['evidence', 'drift'], ['drift', 'monitoring'], 'drift', 'drift configuration')

const productionEvaluation: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<EvaluationEvidence>(ctx, ['evidence', 'evaluation'], ['evaluation'], 'evaluation')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const outcomes: Outcome[] = []
  if (evidence.dataset?.productionSampled !== true) {
    outcomes.push(fail(`The evaluation "${relPath}" is not declared as measured on production-sampled data${evidence.dataset?.name ? ` (dataset "${evidence.dataset.name}")` : ''}.`, at, { hint: 'Evaluate on a sample of production inputs and state it in the evaluation file (dataset.source: production-sample).' }))
  }
  const judged = evidence.metrics.filter((metric) => isNumber(metric.target))
  if (evidence.metrics.length === 0) outcomes.push(fail(`The evaluation "${relPath}" reports no metrics.`, at))
  else if (judged.length === 0) outcomes.push(fail(`The evaluation "${relPath}" states no target for any metric, so quality cannot be judged.`, at, { hint: 'Give each metric a target in the evaluation file.' }))
  for (const metric of judged) {
    const ok = metric.lowerIsBetter ? metric.value <= metric.target! : metric.value >= metric.target!
    if (!ok) {
      outcomes.push(fail(`${metric.name} ${metric.value} ${metric.lowerIsBetter ? '>' : '<'} target ${metric.target} in "${relPath}".`, metric.line ? { file: relPath, line: metric.line } : at, { related: at }))
    }
  }
  if (outcomes.length) return outcomes
  return [pass(`${judged.map((m) => `${m.name} ${m.value} ${m.lowerIsBetter ? '≤' : '≥'} ${m.target}`).join(', ')} on production-sampled data.`, at)]
}

const fairness: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<EvaluationEvidence>(ctx, ['evidence', 'fairness'], ['evaluation'], 'fairness evaluation')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const results = evidence.fairness ?? []
  if (results.length === 0) return [fail(`"${relPath}" has no per-group results to judge bias by.`, at)]
  const outcomes: Outcome[] = []
  for (const result of results) {
    const threshold = result.threshold ?? ctx.policy.thresholds.maxFairnessDisparity
    if (result.groups.length < 2) outcomes.push(fail(`Fairness on ${result.metric} compares ${result.groups.length} group; at least two are needed.`, result.line ? { file: relPath, line: result.line } : at))
    else if (result.disparity > threshold) {
      const lowest = [...result.groups].sort((a, b) => a.value - b.value)[0]!
      outcomes.push(fail(`${result.metric} disparity ${round(result.disparity)} across ${result.groups.length} groups > threshold ${threshold} (lowest: ${lowest.name} ${lowest.value}).`, result.line ? { file: relPath, line: result.line } : at, { related: at }))
    }
  }
  if (outcomes.length) return outcomes
  return [pass(results.map((r) => `${r.metric} disparity ${round(r.disparity)} across ${r.groups.length} groups ≤ ${r.threshold ?? ctx.policy.thresholds.maxFairnessDisparity}`).join('; ') + '.', at)]
}

const round = (value: number): number => Math.round(value * 1000) / 1000
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

export const evidenceRules: Record<string, Evaluator> = {
  'load.production-volume': loadTest,
  'integration.tested': integration,
  'data.edge-cases': edgeCases,
  'resilience.fallback': resilience,
  'monitoring.output-quality': monitoring,
  'drift.detection': drift,
  'data.production-evaluation': productionEvaluation,
  'fairness.evaluation': fairness
}
