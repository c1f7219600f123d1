// DeepEval test runs → evaluation evidence: `.deepeval/.latest_test_run.json` ({"testRunData": ...})
// and the in-progress `.temp_test_run_data.json` (the same run data without the wrapper or its
// totals). Its cache (`.deepeval-cache.json`) is recognised and refused with what to link instead.
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - A test case passed when every metric in it passed (`success`); it errored when a metric has an
//   `error` (timed out, the judge failed) and no other metric failed. Counts come from the cases
//   and are compared with testPassed/testFailed.
// - Each metric is reported as its mean score over the cases that have one, with DeepEval's own
//   threshold as its target. Direction: score >= threshold passes, except Hallucination, Bias and
//   Toxicity (score <= threshold).
// - evaluationCost may be absent or null: then the cost is unknown, not 0.
// - A case's additionalMetadata scalars (`language: de`) are segments, as promptfoo's test metadata
//   (lists such as expected_facts are not).
import type { EvaluationCase, EvaluationEvidence, EvidenceParser } from '../types.js'
import {
  arrayElementLines,
  CaseMetrics,
  caseAttributes,
  compact,
  finite,
  firstLine,
  isRecord,
  pushCase,
  readPythonJson,
  SegmentTally
} from '../parsing/llm-common.js'
import { describeValue, failure } from '../parsing/failure.js'

const LOWER_IS_BETTER = /^(?:hallucination|bias|toxicity)(?:\s*metric)?$/i

export const deepevalTestRunParser: EvidenceParser<EvaluationEvidence> = {
  format: 'deepeval-test-run',
  kind: 'evaluation',
  description: 'DeepEval test run (.deepeval/.latest_test_run.json or .temp_test_run_data.json): test cases, metric scores and thresholds, evaluation cost',
  detect: ({ head }) =>
    /^\s*\{\s*"testRunData"\s*:\s*\{/.test(head) || (/^\s*\{\s*"testCases"\s*:\s*\[/.test(head) && /"metrics(?:Data|Metadata)"\s*:/.test(head)),
  async parse(source) {
    const read = await readPythonJson(source, 'a DeepEval test run')
    if (!read.ok) return read
    const file = `"${source.relPath}"`
    const wrapped = isRecord(read.value) && isRecord(read.value.testRunData)
    const run = wrapped ? (read.value as { testRunData: Record<string, unknown> }).testRunData : read.value
    if (!isRecord(run) || !Array.isArray(run.testCases)) return failure(`${file} has no testCases list; it is not a DeepEval test run`, 1)
    const testCases: unknown[] = run.testCases
    const conversational: unknown[] = Array.isArray(run.conversationalTestCases) ? run.conversationalTestCases : []
    const path = wrapped ? ['testRunData', 'testCases'] : ['testCases']
    const lines = arrayElementLines(read.text, path) ?? []
    const conversationLines = arrayElementLines(read.text, [...path.slice(0, -1), 'conversationalTestCases']) ?? []
    const tally = new CaseMetrics()
    const segments = new SegmentTally()
    const cases: EvaluationCase[] = []
    const dropped = { dropped: 0 }
    let passed = 0
    let failed = 0
    let errors = 0
    const all = [
      ...testCases.map((tc, i) => ({ tc, line: lines[i], index: i })),
      ...conversational.map((tc, i) => ({ tc, line: conversationLines[i], index: i }))
    ]
    for (const { tc, line, index } of all) {
      if (!isRecord(tc)) return failure(`${file}: test case ${index + 1} is ${describeValue(tc)}, not an object`, line)
      const name = typeof tc.name === 'string' ? tc.name : `test case ${index + 1}`
      const metricList = Array.isArray(tc.metricsData) ? tc.metricsData : Array.isArray(tc.metricsMetadata) ? tc.metricsMetadata : []
      if (metricList.length === 0) return failure(`${file}: test case "${name}" has no metric results`, line)
      let anyFailed = false
      let anyError: string | undefined
      let failedReason: string | undefined
      const scores: Record<string, number | null> = {}
      const directions: Record<string, boolean> = {}
      for (const metric of metricList) {
        if (!isRecord(metric)) return failure(`${file}: test case "${name}" has a metric that is not an object`, line)
        const metricName = typeof metric.name === 'string' ? metric.name : typeof metric.metric === 'string' ? metric.metric : undefined
        if (!metricName) return failure(`${file}: test case "${name}" has a metric without a name`, line)
        const score = metric.score === undefined || metric.score === null ? null : finite(metric.score)
        if (score === undefined) return failure(`${file}: test case "${name}" has ${metricName} score ${describeValue(metric.score)}, not a number`, line)
        const threshold = finite(metric.threshold)
        tally.add(metricName, score, { lowerIsBetter: LOWER_IS_BETTER.test(metricName), ...(threshold !== undefined ? { target: threshold } : {}) })
        scores[metricName] = score
        directions[metricName] = LOWER_IS_BETTER.test(metricName)
        if (typeof metric.error === 'string' && metric.error !== '') anyError ??= `${metricName}: ${firstLine(metric.error)}`
        else if (metric.success !== true) {
          anyFailed = true
          failedReason ??= `${metricName}${score !== null ? ` ${score}` : ''}${threshold !== undefined ? ` (threshold ${threshold})` : ''}${typeof metric.reason === 'string' ? `: ${firstLine(metric.reason)}` : ''}`
        }
      }
      const status = anyFailed ? 'failed' : anyError ? 'error' : 'passed'
      const attributes = isRecord(tc.additionalMetadata) ? caseAttributes(tc.additionalMetadata) : []
      segments.add(
        attributes,
        status,
        Object.fromEntries(Object.entries(scores).map(([metricName, value]) => [metricName, { value, lowerIsBetter: directions[metricName]! }])),
        line
      )
      if (status === 'passed') passed++
      else {
        if (status === 'failed') failed++
        else errors++
        const grouped = attributes.length ? { attributes: Object.fromEntries(attributes) } : {}
        pushCase(cases, () => ({ name, ...(line !== undefined ? { line } : {}), status, reason: (failedReason ?? anyError)!, scores, ...grouped }), dropped)
      }
    }
    const tests = passed + failed + errors
    if (tests === 0) return failure(`${file} is a DeepEval test run with zero test cases: nothing was tested`, 1)
    const empty = tally.empty()
    const notes: string[] = []
    if (empty.length) notes.push(`no case has a score for ${empty.join(', ')} (every evaluation of it errored)`)
    if (read.nonFinite) notes.push(`${read.nonFinite} values were NaN or infinite and are read as missing`)
    const stated = { passed: finite(run.testPassed), failed: finite(run.testFailed) }
    if ((stated.passed !== undefined && stated.passed !== passed) || (stated.failed !== undefined && stated.failed !== failed + errors)) {
      notes.push(`testPassed/testFailed say ${stated.passed}/${stated.failed}, the cases say ${passed}/${failed + errors}; the cases are counted`)
    }
    if (!wrapped) notes.push('a .temp_test_run_data.json is the file of a run in progress; link .deepeval/.latest_test_run.json once the run ends')
    if (dropped.dropped) notes.push(`${dropped.dropped} more failing cases are not listed`)
    const grouped = segments.settle(cases, notes, 'additionalMetadata')
    const cost = finite(run.evaluationCost)
    if (cost !== undefined) notes.push('evaluationCost is what the judge model cost, not the system under test')
    const evidence: EvaluationEvidence = compact({
      kind: 'evaluation',
      format: 'deepeval-test-run',
      tool: 'deepeval',
      tests,
      passed,
      failed,
      errors,
      metrics: tally.metrics(),
      ...(cost !== undefined ? { costUsd: cost } : {}),
      cases,
      ...(grouped.length ? { segments: grouped } : {}),
      notes
    })
    return { ok: true, evidence }
  }
}

export const deepevalCacheParser: EvidenceParser<EvaluationEvidence> = {
  format: 'deepeval-cache',
  kind: 'evaluation',
  description: "DeepEval's metric cache (.deepeval-cache.json): recognised and refused, it is not a test run",
  detect: ({ head }) => /^\s*\{\s*"test_cases_lookup_map"\s*:/.test(head),
  parse: (source) =>
    Promise.resolve(
      failure(
        `"${source.relPath}" is DeepEval's metric cache, which mixes results of several runs and records no run; link the run's .deepeval/.latest_test_run.json instead`,
        1
      )
    )
}

export const deepevalParsers: EvidenceParser[] = [deepevalTestRunParser, deepevalCacheParser]
