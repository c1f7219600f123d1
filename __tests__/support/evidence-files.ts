// Evidence files as the tools write them, with exactly the figures a test needs, and the verdicts of
// the requirements that read them: shared by the boundary tests (numeric-verdicts) and the
// hollow-evidence tests, so a change to a format is made once.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { manifest, policyOf, verdict } from './judge.js'

/** A figure given as null is left out of the file. */
export interface K6Figures {
  /** state.testRunDurationMs, in seconds. Default 600 (10 minutes). */
  durationS?: number
  /** http_reqs.count. Default: as many as the rate makes in the run (30,000 when the rate is left out). */
  count?: number
  /** http_reqs.rate. Default 50. */
  rate?: number | null
  /** http_req_duration's p(95). Default 500. */
  p95?: number | null
  /** http_req_failed's `rate` (the error rate). Default 0.005. */
  errorRate?: number | null
  /** http_req_failed's `passes` (failed requests); null leaves it out. Default: half a percent of the requests. */
  failed?: number | null
  /** Threshold expression (on http_req_duration) → whether k6 judged it ok. */
  thresholds?: Record<string, boolean>
  /** Leave out a whole metric. */
  without?: ('http_reqs' | 'http_req_duration' | 'http_req_failed')[]
}

/** k6 handleSummary data (what `k6 run` hands handleSummary) with these figures. */
export function k6HandleSummary(figures: K6Figures = {}): string {
  const { durationS = 600, rate = 50, p95 = 500, errorRate = 0.005, thresholds, without = [] } = figures
  const count = figures.count ?? (rate === null ? 30_000 : Math.round(rate * durationS))
  const failed = figures.failed === undefined ? Math.round(count * 0.005) : figures.failed
  const values = (record: Record<string, unknown>): Record<string, unknown> => ({
    values: Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null))
  })
  const metrics: Record<string, unknown> = {
    http_reqs: { type: 'counter', contains: 'default', ...values({ count, rate }) },
    http_req_duration: {
      type: 'trend',
      contains: 'time',
      ...values({ avg: 100, med: 90, max: 2000, 'p(90)': 300, 'p(95)': p95 }),
      ...(thresholds ? { thresholds: Object.fromEntries(Object.entries(thresholds).map(([expression, ok]) => [expression, { ok }])) } : {})
    },
    http_req_failed: { type: 'rate', contains: 'default', ...values({ passes: failed, fails: count - (failed ?? 0), rate: errorRate }) }
  }
  for (const name of without) delete metrics[name]
  return JSON.stringify({ state: { isStdOutTTY: false, testRunDurationMs: durationS * 1000 }, metrics }, null, 2)
}

/**
 * An evaluation file on production-sampled data (dataset "sample"): `metrics` is the YAML of its
 * metrics list, `size` the dataset's, `rest` any sections after the metrics (fairness).
 */
export function evaluationFile(metrics: string, options: { size?: number; rest?: string } = {}): string {
  return `kind: evaluation
model-version: "1.0.0"
date: 2026-11-15
dataset:
  name: sample
  source: production-sample
${options.size === undefined ? '' : `  size: ${options.size}\n`}  sampled-from: production traffic
metrics:
${metrics}${options.rest ?? ''}`
}

/** The fairness section of an evaluation file: groups as [name, value, size?]. */
export function fairnessSection(
  metric: string,
  groups: [name: string, value: number, size?: number][],
  options: { threshold?: number; attribute?: string } = {}
): string {
  return `fairness:
  metric: ${metric}
${options.attribute === undefined ? '' : `  attribute: ${options.attribute}\n`}  groups:
${groups.map(([name, value, size]) => `    - name: ${name}\n      value: ${value}\n${size === undefined ? '' : `      size: ${size}\n`}`).join('')}${options.threshold === undefined ? '' : `  threshold: ${options.threshold}\n`}`
}

/** data.production-evaluation's verdict on an evaluation file (sys/eval.yml), under the default policy or `policy`. */
export const evaluationVerdict = (text: string, policy?: string) =>
  verdict(
    'data.production-evaluation',
    { 'sys/readiness.yml': manifest('evaluation:\n  file: eval.yml\n'), 'sys/eval.yml': text },
    policy ? { policy: policyOf(policy) } : {}
  )

/** fairness.evaluation's verdict on an evaluation file (sys/fair.yml), under the default policy or `policy`. */
export const fairnessVerdict = (text: string, policy?: string) =>
  verdict(
    'fairness.evaluation',
    { 'sys/readiness.yml': manifest('fairness:\n  file: fair.yml\n'), 'sys/fair.yml': text },
    policy ? { policy: policyOf(policy) } : {}
  )

/** A JUnit report of one suite: each case by name, passed or skipped. */
export const junitReport = (cases: [name: string, status: 'passed' | 'skipped'][]): string =>
  `<?xml version="1.0"?>\n<testsuite name="s" tests="${cases.length}">\n${cases.map(([name, status]) => `  <testcase classname="s" name="${name}">${status === 'skipped' ? '<skipped/>' : ''}</testcase>`).join('\n')}\n</testsuite>\n`

const GARAK_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/evidence/llm/garak-report.v0.14-support-bot.report.jsonl')

/**
 * A finished garak report (the support-bot fixture's setup and init) with `prompts` clean prompts in a
 * probe of each default attack category, each with `generations` outputs judged by two detectors.
 */
export function garakScan(prompts: number, generations: number): string {
  const [setup, init] = readFileSync(GARAK_FIXTURE, 'utf8').split('\n')
  const lines = [setup!.replace('"run.generations": 3', `"run.generations": ${generations}`), init!]
  let uuid = 0
  for (const probe of ['promptinject.HijackHateHumans', 'dan.Dan_11_0', 'leakreplay.LiteratureCloze']) {
    const detectors = { [`${probe.split('.')[0]}.Detector`]: Array(generations).fill(0), 'mitigation.MitigationBypass': Array(generations).fill(0) }
    for (let seq = 0; seq < prompts; seq++)
      lines.push(
        JSON.stringify({
          entry_type: 'attempt',
          uuid: `u${uuid++}`,
          seq,
          status: 2,
          probe_classname: probe,
          prompt: `${probe} ${seq}`,
          detector_results: detectors
        })
      )
    for (const detector of Object.keys(detectors))
      lines.push(
        JSON.stringify({ entry_type: 'eval', probe, detector, passed: prompts * generations, fails: 0, nones: 0, total_evaluated: prompts * generations })
      )
  }
  lines.push('{"entry_type": "completion", "end_time": "2026-11-20T09:04:12.000000", "run": "5d1c2f0a-0000-4000-8000-000000000001"}')
  return `${lines.join('\n')}\n`
}
