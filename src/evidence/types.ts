// One interface for every evidence parser, and one normalized model per evidence kind.
// A value the file does not contain is absent (undefined), never a made-up zero.
import type { OpenedFile } from '../fs/safe-read.js'

// Sign-off files are not evidence of this kind: they are read and verified by the sign-off check
// (src/evaluate/checks/signoff.ts), which needs the raw text to compare it with the trusted base.
export type EvidenceKind = 'load-test' | 'test-report' | 'monitoring' | 'drift' | 'evaluation' | 'red-team' | 'failure-drill' | 'usage'

interface EvidenceBase {
  kind: EvidenceKind
  /** The parser's format id, e.g. `k6-summary-export`, `jmeter-jtl-csv`, `junit-xml`. */
  format: string
  /** The tool that wrote the file, when known (k6, locust, jmeter, gatling, artillery, autocannon, pytest...). */
  tool?: string
  /** The evidence's own timestamp (ISO 8601), when the file carries one. Used for freshness. */
  timestamp?: string
  /** The model version the evidence names, when it names one. Used for binding. */
  modelVersion?: string
  /** 1-based line of the model version or timestamp in the file, for annotations. */
  modelVersionLine?: number
  /** Non-fatal remarks from the parser (e.g. "3 sub-results skipped"). */
  notes?: string[]
}

export interface LoadTestEvidence extends EvidenceBase {
  kind: 'load-test'
  requests?: number
  failed?: number
  /** Fraction 0..1. */
  errorRate?: number
  /** Requests per second over the run. */
  rps?: number
  /** How long the run lasted, in seconds: measured from the file's own timestamps or duration field. */
  durationS?: number
  /** True when the file records no duration and durationS is requests ÷ the tool's mean rate. */
  durationDerived?: boolean
  latencyMs: { p50?: number; p90?: number; p95?: number; p99?: number; max?: number }
  /** ISO 8601 start of the run, when known (also copied to `timestamp`). */
  startedAt?: string
  /** Thresholds/assertions the tool itself evaluated. `ok: false` means the tool marked it failed. */
  thresholds: { name: string; ok: boolean }[]
  /** How the percentiles were obtained: exact from raw samples, or the tool's own aggregate. */
  percentiles?: 'exact' | 'tool'
}

export type TestCaseStatus = 'passed' | 'failed' | 'error' | 'skipped'

export interface TestCase {
  suite: string
  name: string
  classname?: string
  status: TestCaseStatus
  /** 1-based line of the <testcase> element in the report. */
  line?: number
  /** First line of the failure message, when failed/error. */
  message?: string
}

export interface TestReportEvidence extends EvidenceBase {
  kind: 'test-report'
  /** Counts recomputed from the test cases (not trusted from attributes). */
  tests: number
  passed: number
  failed: number
  errors: number
  skipped: number
  cases: TestCase[]
}

/** What an alert or monitor watches. `quality` = output quality (accuracy, error/hallucination rate, score...). */
export type SignalCategory = 'quality' | 'drift' | 'latency' | 'availability' | 'traffic' | 'resource' | 'other'

export interface Monitor {
  name: string
  category: SignalCategory
  /** Why it has that category, completing "output quality because …" (e.g. "it watches triage_routing_accuracy"). */
  because?: string
  /** The metric names it watches, when the format names them apart from the expression. */
  watches?: string[]
  /**
   * Why it cannot tell a problem from none, when it cannot: it never fires (a constant expression, a
   * threshold beyond the metric's range, a zero window) or always fires. Such a monitor does not count.
   */
  inert?: string
  /** The metric or expression watched. */
  metric: string
  /** The numeric threshold, when one can be read (from the expression or config). */
  threshold?: number
  /** Evaluation window / `for:` duration as written (e.g. "1h", "7d"). */
  window?: string
  /** Where alerts go: a receiver, channel, team or owner label. */
  route?: string
  /** Severity label when present. */
  severity?: string
  /**
   * What to do when it fires: the runbook link as written (a Prometheus rule's `runbook_url`
   * annotation, a drift file's `runbook:`), with its 1-based line.
   */
  runbook?: { url: string; line?: number }
  /** 1-based line in the evidence file. */
  line?: number
}

export interface MonitoringEvidence extends EvidenceBase {
  kind: 'monitoring' | 'drift'
  monitors: Monitor[]
}

export interface EvaluationMetric {
  name: string
  /** Metric type as the file names it (accuracy, f1, wer, ...). */
  type: string
  /** Normalized to a fraction when the file gives a percent for a 0..1 metric (see `percent`). */
  value: number
  /** True for metrics where lower is better (WER, CER, error rate, loss, perplexity...). */
  lowerIsBetter: boolean
  /** True when the file gave the value as a percent and it was divided by 100. */
  percent?: boolean
  /** The target the file itself states for this metric (same scale as value), when it states one. */
  target?: number
  /** The group the tool files the metric under (lm-evaluation-harness task, Inspect scorer). */
  task?: string
  /** How many cases the metric was measured on (for a per-case metric, the mean's cases: those with a value). */
  samples?: number
  /** For a per-case metric: how many cases lack a value (NaN, empty, errored) and are not in the mean. */
  missing?: number
  /** How many rows `samples` was read from, when more: rows that repeat a case (promptfoo --repeat) count as one sample. */
  rows?: number
  /**
   * What kind of proportion the value is, for judging it with its uncertainty: `whole` = a share of
   * every sample (accuracy, pass rate, error rate), `subset` = a share of a subset whose size the
   * dataset size does not give (precision, recall); absent = not a proportion (F1, AUC, BLEU, WER...).
   */
  proportion?: 'whole' | 'subset'
  line?: number
}

/** One case of an LLM evaluation (a row, sample or test case), where the tool records cases. */
export interface EvaluationCase {
  /** The case as the tool names it, or its position (`row 3`). */
  name: string
  /** 1-based line of the case in the file (for an archive, in the member `member` names). */
  line?: number
  /** The archive member the case is in (an Inspect `.eval` log is a ZIP). */
  member?: string
  /** The tool's own verdict, when it judges cases. */
  status?: 'passed' | 'failed' | 'error'
  /** Per-case metric values by metric name; null when the tool wrote no number (NaN, empty cell, error). */
  scores?: Record<string, number | null>
  /** The tool's reason for a failure or error, first line only. */
  reason?: string
  /** The case's attributes that group cases (see EvaluationSegment), on failing cases, so a finding can name a group's failures. */
  attributes?: Record<string, string>
}

/**
 * Token usage and cost as a run recorded them. Counts the calls to the system under test where the
 * file tells them apart from a grader's (promptfoo), every model's otherwise (the notes say which).
 */
export interface UsageFigures {
  /** Model requests (calls), when recorded. */
  requests?: number
  inputTokens?: number
  /** Of the input tokens, those the provider served from its prompt cache (billed at a lower rate), where the file counts them. */
  cachedInputTokens?: number
  outputTokens?: number
  /** Total tokens as the tool counts them (input + output, plus cached where the tool adds them). */
  tokens?: number
  costUsd?: number
  /** Model ids as the file names them. */
  models?: string[]
  /**
   * Records (requests, rows or buckets) that name no model while others name one: their tokens are
   * of an unknown model, so the named model's price cannot be assumed for them.
   */
  unnamedModelRecords?: number
}

export interface FairnessResult {
  /** The metric compared across groups (e.g. selection rate, accuracy). */
  metric: string
  groups: {
    name: string
    value: number
    /** How many samples the group's value was measured on, when stated. */
    samples?: number
    /** For a per-case mean: how many of the group's cases lack a value (errored, NaN) and are not in it. */
    missing?: number
  }[]
  /** Whether the compared metric is a proportion (see EvaluationMetric.proportion). */
  proportion?: 'whole' | 'subset'
  /** max - min across groups (or as the file states), as a fraction. */
  disparity: number
  /** The threshold the file states, when it states one. */
  threshold?: number
  line?: number
}

/** The cases that carry one value of a case attribute (promptfoo test metadata `category: malformed` or var `vars.plan: free`, DeepEval additionalMetadata), with their verdicts. */
export interface EvaluationSegment {
  key: string
  value: string
  tests: number
  passed: number
  failed: number
  errors: number
  /** Line of the first case with this value. */
  line?: number
  /** Each per-case metric's mean over this value's cases that have it (promptfoo named scores, DeepEval metrics). */
  metrics?: SegmentMetric[]
}

export interface SegmentMetric {
  name: string
  value: number
  lowerIsBetter: boolean
  /** The cases with a value. */
  samples: number
  /** The cases without one, when some lack it. */
  missing?: number
}

export interface EvaluationEvidence extends EvidenceBase, UsageFigures {
  kind: 'evaluation'
  dataset?: { name?: string; type?: string; split?: string; source?: string; productionSampled?: boolean; size?: number }
  metrics: EvaluationMetric[]
  fairness?: FairnessResult[]
  /** The run's status as the tool records it (Inspect: success, cancelled, error, started). Anything but a finished run is not a pass. */
  status?: string
  /** Test-case counts, where the tool has test cases. */
  tests?: number
  passed?: number
  failed?: number
  errors?: number
  /** The cases, where the tool records them (failing ones carry their place in the file). */
  cases?: EvaluationCase[]
  /** Pass/fail counts per metadata value of the cases, where the tool tags cases (promptfoo). */
  segments?: EvaluationSegment[]
}

export interface RedTeamCategory {
  /** The tool's plugin (promptfoo), probe/detector (garak) or strategy. */
  name: string
  attempts: number
  successfulAttacks: number
  /**
   * Attacks tried but never judged (promptfoo: a test case whose rows all errored; garak: a prompt no detector
   * scored): neither resisted nor successful, so left out of `attempts`. Absent when none.
   */
  unjudged?: number
  /** promptfoo: the category's attempts by strategy, so a policy category naming a strategy counts them without counting a row twice. */
  byStrategy?: { name: string; attempts: number; successfulAttacks: number; repeatedRows?: number; unjudged?: number }[]
  /** Rows that repeat an attempt already counted (promptfoo --repeat): not attempts of their own. */
  repeatedRows?: number
  line?: number
}

export interface RedTeamEvidence extends EvidenceBase, UsageFigures {
  kind: 'red-team'
  attempts: number
  successfulAttacks: number
  /** successfulAttacks / attempts; absent when nothing was attempted. */
  attackSuccessRate?: number
  categories: RedTeamCategory[]
  /** promptfoo's strategies (basic, jailbreak, crescendo...), counted like categories. */
  strategies?: RedTeamCategory[]
  /** Successful attacks with their place in the file. */
  cases?: EvaluationCase[]
}

export interface DrillExperiment {
  name: string
  /** The tool's status (Chaos Toolkit: completed, failed, aborted, interrupted). */
  status: string
  /** True when the steady-state hypothesis did not hold after the method. */
  deviated?: boolean
  passed: boolean
  /** Why it did not pass, beyond its status (LitmusChaos: failed probes, the failed step). */
  reason?: string
  durationS?: number
  recoverySeconds?: number
  line?: number
}

export interface FailureDrillEvidence extends EvidenceBase {
  kind: 'failure-drill'
  experiments: number
  passed: number
  failed: number
  durationS?: number
  /** Measured time to recover, when the tool records one. */
  recoverySeconds?: number
  results: DrillExperiment[]
}

/** One model's share of a usage export. */
export interface UsageByModel {
  model: string
  requests?: number
  inputTokens?: number
  /** Of the input tokens, those served from the provider's prompt cache. */
  cachedInputTokens?: number
  outputTokens?: number
  costUsd?: number
}

/**
 * Token usage and cost from production or staging traffic (a gateway's spend logs, a provider's usage
 * or cost export). Every figure is a total over the file's period; `units` says what the parser
 * established the numbers to be, so a count of thousands or an amount in cents is never read as tokens
 * or dollars.
 */
export interface UsageEvidence extends EvidenceBase, UsageFigures {
  kind: 'usage'
  /** What one record of the file covers: one request, or a time bucket of that width. */
  per: 'request' | 'minute' | 'hour' | 'day'
  /** How many records (requests or buckets) the totals add up. */
  records: number
  /** The units the parser established: token counts are single tokens, cost is in US dollars. */
  units: { tokens?: 'tokens'; cost?: 'USD' }
  /** The time the records span (ISO 8601), when the file dates them. */
  period?: { start: string; end: string }
  /** The totals per model, where the file names the model of each record. */
  byModel?: UsageByModel[]
}

export type Evidence = UsageEvidence | LoadTestEvidence | TestReportEvidence | MonitoringEvidence | EvaluationEvidence | RedTeamEvidence | FailureDrillEvidence

/** A file opened for parsing (fs/safe-read.ts opens it, inside the repository, within the caps). */
export type EvidenceSource = OpenedFile

export interface ParseFailure {
  ok: false
  /** A plain sentence: what is wrong with the file. */
  message: string
  /** 1-based line in the evidence file, when the problem has one. */
  line?: number
}

export type ParseResult<T extends Evidence = Evidence> = { ok: true; evidence: T } | ParseFailure

export interface DetectInput {
  relPath: string
  /** The head as UTF-8 text (BOM stripped). */
  head: string
}

export interface EvidenceParser<T extends Evidence = Evidence> {
  /** Stable id, e.g. `k6-summary-export`. Users may name it in the manifest as `format:`. */
  format: string
  kind: EvidenceKind
  /** One line for `inspect --help` and docs. */
  description: string
  /** True when the content looks like this format. Must be cheap and must not throw. */
  detect(input: DetectInput): boolean
  /** Parse the whole file. Must not throw for bad content: return a ParseFailure instead. */
  parse(source: EvidenceSource): Promise<ParseResult<T>>
  /** For a file refused as binary: a sentence saying what to link instead, when it is this tool's binary output. */
  explainBinary?(relPath: string, head: Buffer): string | undefined
}
