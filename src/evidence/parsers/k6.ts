// Parsers for k6 evidence: the three end-of-test summary shapes and the `--out json` NDJSON stream.
//
// Definitions (docs/formats/load-k6-artillery-autocannon.md):
// - requests = http_reqs count; failed = requests k6 marked in `http_req_failed` (by default a status
//   outside 200-399 or no response); latency = the plain `http_req_duration` trend (all requests),
//   never a sub-metric such as `{expected_response:true}`, which is empty, and so all zeros, when every
//   request failed.
// - Summaries carry k6's own percentiles (`percentiles: 'tool'`); the NDJSON stream gives exact
//   nearest-rank percentiles from every sample (`'exact'`).
import { ReadProblem } from '../../fs/safe-read.js'
import { LatencyHistogram } from '../stats.js'
import type { DetectInput, EvidenceParser, EvidenceSource, LoadTestEvidence, ParseFailure, ParseResult } from '../types.js'
import { FieldProblem, describeValue, failure, guardFields, unreadableLine } from '../parsing/failure.js'
import { fraction, loadEvidence, optionalCount, optionalRecord, readJsonDocument, requireRecord, type JsonRecord } from '../parsing/load-common.js'
import { timestampField } from '../parsing/timestamp.js'
import { isRecord } from '../parsing/read-evidence.js'

type Latency = LoadTestEvidence['latencyMs']
type Threshold = LoadTestEvidence['thresholds'][number]

// ---------------------------------------------------------------- detection

const K6_METRIC_TYPE = /"type"\s*:\s*"(?:counter|gauge|rate|trend)"/
const K6_METRIC_CONTAINS = /"contains"\s*:\s*"(?:default|time|data)"/
const METRICS_OBJECT = /"metrics"\s*:\s*\{/
const MACHINE_READABLE = /"k6_version"\s*:/
/** A built-in k6 metric whose value object starts with a flat statistic, as `--summary-export` writes it. */
const FLAT_BUILTIN_METRIC =
  /"(?:http_reqs|http_req_duration|http_req_failed|iterations|iteration_duration|data_received|data_sent|checks|vus|vus_max)"\s*:\s*\{\s*"(?:count|rate|value|passes|fails|avg|min|med|max|p\([\d.]+\))"\s*:/

const isMachineReadableSummary = (head: string): boolean => MACHINE_READABLE.test(head) && /"generated_at"\s*:/.test(head) && /"results"\s*:\s*\{/.test(head)
const isHandleSummaryData = (head: string): boolean =>
  METRICS_OBJECT.test(head) && K6_METRIC_TYPE.test(head) && K6_METRIC_CONTAINS.test(head) && /"values"\s*:\s*\{/.test(head) && !MACHINE_READABLE.test(head)
const isLegacySummaryExport = (head: string): boolean => METRICS_OBJECT.test(head) && FLAT_BUILTIN_METRIC.test(head) && !K6_METRIC_TYPE.test(head)

function isNdjson(head: string): boolean {
  const start = head.search(/\S/)
  if (start === -1 || head[start] !== '{') return false
  const end = head.indexOf('\n', start)
  const first = head.slice(start, end === -1 ? undefined : end)
  return (
    /^\{"(?:type|metric)"\s*:\s*"/.test(first) &&
    /"type"\s*:\s*"(?:Metric|Point)"/.test(first) &&
    /"metric"\s*:\s*"/.test(first) &&
    /"data"\s*:\s*\{/.test(first)
  )
}

// ---------------------------------------------------------------- summaries

/** Percentile keys as k6 writes them: `med`/`p(90)` in the classic summaries, `p90` in the machine-readable one. */
const LATENCY_KEYS: [keyof Latency, string[]][] = [
  ['p50', ['med', 'p(50)', 'p50']],
  ['p90', ['p(90)', 'p90']],
  ['p95', ['p(95)', 'p95']],
  ['p99', ['p(99)', 'p99']],
  ['max', ['max']]
]

function trendLatency(values: JsonRecord, path: string): Latency {
  const latency: Latency = {}
  for (const [field, keys] of LATENCY_KEYS) {
    for (const key of keys) {
      const value = optionalCount(values, key, path)
      if (value !== undefined) {
        latency[field] = value
        break
      }
    }
  }
  return latency
}

/** What the three summary shapes have in common, read from each shape's own layout. */
interface SummaryFigures {
  requests?: number
  rps?: number
  failed?: number
  errorRate?: number
  latency?: Latency
  durationS?: number
  timestamp?: string
  thresholds: Threshold[]
  notes: string[]
}

function summaryEvidence(source: EvidenceSource, format: string, figures: SummaryFigures): ParseResult<LoadTestEvidence> {
  const { requests, latency, notes } = figures
  if (requests === undefined && latency === undefined) {
    return failure(`"${source.relPath}" is a k6 summary without HTTP request metrics (http_reqs, http_req_duration); the gate reads HTTP load tests`)
  }
  if (requests === 0) return failure(`"${source.relPath}" is a k6 summary of a run that made no HTTP requests (http_reqs count is 0)`)
  if (latency === undefined) notes.push('the summary has no http_req_duration metric, so latency is unknown')
  if (figures.failed === undefined) notes.push('the summary has no http_req_failed metric (k6 before v0.31), so failures are unknown')
  return {
    ok: true,
    evidence: loadEvidence({
      format,
      tool: 'k6',
      requests,
      failed: figures.failed,
      errorRate: figures.errorRate,
      rps: figures.rps,
      durationS: figures.durationS,
      timestamp: figures.timestamp,
      latencyMs: latency ?? {},
      thresholds: figures.thresholds,
      percentiles: 'tool',
      notes
    })
  }
}

function rootAndMetrics(document: unknown, source: EvidenceSource, shape: string): { root: JsonRecord; metrics: JsonRecord } {
  const root = requireRecord(document, `"${source.relPath}"`, `a ${shape} is a JSON object`)
  return { root, metrics: requireRecord(root.metrics, 'metrics', `a ${shape} has a "metrics" object`) }
}

/** Legacy `--summary-export`: metrics.<name> holds flat values; thresholds map expression -> true when FAILED. */
async function parseSummaryExport(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'a k6 --summary-export file')
  if (!read.ok) return read
  return guardFields(() => {
    const { metrics } = rootAndMetrics(read.value, source, 'k6 --summary-export file')
    const metric = (name: string): JsonRecord | undefined => optionalRecord(metrics, name, 'metrics')
    const thresholds: Threshold[] = []
    for (const [name, value] of Object.entries(metrics)) {
      if (!isRecord(value)) throw new FieldProblem(`metrics.${name} is ${describeValue(value)}, not an object`)
      const declared = optionalRecord(value, 'thresholds', `metrics.${name}`)
      for (const [expression, failed] of Object.entries(declared ?? {})) {
        // k6 writes `true` when the threshold FAILED (grafana/k6-docs#30).
        if (typeof failed !== 'boolean') throw new FieldProblem(`metrics.${name}.thresholds["${expression}"] is ${describeValue(failed)}, not true or false`)
        thresholds.push({ name: `${name}: ${expression}`, ok: !failed })
      }
    }
    const reqs = metric('http_reqs')
    const duration = metric('http_req_duration')
    const failedRate = metric('http_req_failed')
    return summaryEvidence(source, 'k6-summary-export', {
      requests: reqs && optionalCount(reqs, 'count', 'metrics.http_reqs'),
      rps: reqs && optionalCount(reqs, 'rate', 'metrics.http_reqs'),
      // A rate metric counts `passes` = true samples; for http_req_failed that is failed requests.
      failed: failedRate && optionalCount(failedRate, 'passes', 'metrics.http_req_failed'),
      errorRate: failedRate && optionalCount(failedRate, 'value', 'metrics.http_req_failed'),
      latency: duration && trendLatency(duration, 'metrics.http_req_duration'),
      thresholds,
      notes: ['k6 --summary-export files carry no timestamp or test duration']
    })
  })
}

/** handleSummary() data: metrics.<name> = {type, contains, values, thresholds{expression: {ok}}}. */
async function parseHandleSummary(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'k6 handleSummary data')
  if (!read.ok) return read
  return guardFields(() => {
    const { root, metrics } = rootAndMetrics(read.value, source, 'k6 handleSummary data file')
    const thresholds: Threshold[] = []
    const valuesOf = (name: string): JsonRecord | undefined => {
      const metric = optionalRecord(metrics, name, 'metrics')
      return metric && requireRecord(metric.values, `metrics.${name}.values`, 'each k6 metric has a "values" object')
    }
    for (const [name, metric] of Object.entries(metrics)) {
      if (!isRecord(metric)) throw new FieldProblem(`metrics.${name} is ${describeValue(metric)}, not an object`)
      const declared = optionalRecord(metric, 'thresholds', `metrics.${name}`)
      for (const [expression, result] of Object.entries(declared ?? {})) {
        const ok = isRecord(result) ? result.ok : undefined
        if (typeof ok !== 'boolean')
          throw new FieldProblem(`metrics.${name}.thresholds["${expression}"].ok is ${describeValue(ok ?? result)}, not true or false`)
        thresholds.push({ name: `${name}: ${expression}`, ok })
      }
    }
    const state = optionalRecord(root, 'state', '')
    const durationMs = state && optionalCount(state, 'testRunDurationMs', 'state')
    const reqs = valuesOf('http_reqs')
    const duration = valuesOf('http_req_duration')
    const failedRate = valuesOf('http_req_failed')
    return summaryEvidence(source, 'k6-summary', {
      requests: reqs && optionalCount(reqs, 'count', 'metrics.http_reqs.values'),
      rps: reqs && optionalCount(reqs, 'rate', 'metrics.http_reqs.values'),
      failed: failedRate && optionalCount(failedRate, 'passes', 'metrics.http_req_failed.values'),
      errorRate: failedRate && optionalCount(failedRate, 'rate', 'metrics.http_req_failed.values'),
      latency: duration && trendLatency(duration, 'metrics.http_req_duration.values'),
      durationS: durationMs === undefined ? undefined : durationMs / 1000,
      thresholds,
      notes: ['k6 handleSummary data carries no timestamp']
    })
  })
}

/** `--new-machine-readable-summary` (format 1.x): results.metrics is a list; no threshold results. */
async function parseMachineReadableSummary(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'a k6 machine-readable summary')
  if (!read.ok) return read
  return guardFields(() => {
    const root = requireRecord(read.value, `"${source.relPath}"`, 'a k6 machine-readable summary is a JSON object')
    const version = root.version
    if (typeof version !== 'string' || !/^1\./.test(version)) {
      return failure(`"${source.relPath}" is k6 machine-readable summary version ${describeValue(version)}; the gate reads version 1.x`)
    }
    const results = requireRecord(root.results, 'results', 'a k6 machine-readable summary has a "results" object')
    if (!Array.isArray(results.metrics)) throw new FieldProblem(`results.metrics is ${describeValue(results.metrics)}; it should be the list of metrics`)
    const byName = new Map<string, JsonRecord>()
    results.metrics.forEach((metric: unknown, index: number) => {
      const path = `results.metrics[${index}]`
      const record = requireRecord(metric, path, 'each metric is an object')
      if (typeof record.name !== 'string') throw new FieldProblem(`${path}.name is ${describeValue(record.name)}, not a metric name`)
      byName.set(record.name, requireRecord(record.values, `${path}.values`, `metric "${record.name}" has a "values" object`))
    })
    const config = optionalRecord(root, 'config', '')
    const metadata = optionalRecord(root, 'metadata', '')
    const durationS = config && optionalCount(config, 'duration', 'config')
    const reqs = byName.get('http_reqs')
    const requests = reqs && optionalCount(reqs, 'count', 'metric http_reqs values')
    const duration = byName.get('http_req_duration')
    const failedRate = byName.get('http_req_failed')
    return summaryEvidence(source, 'k6-summary-v1', {
      requests,
      // Same definition as k6's counter rate: count over the test run duration.
      rps: durationS ? fraction(requests, durationS) : undefined,
      failed: failedRate && optionalCount(failedRate, 'matches', 'metric http_req_failed values'),
      errorRate: failedRate && optionalCount(failedRate, 'rate', 'metric http_req_failed values'),
      latency: duration && trendLatency(duration, 'metric http_req_duration values'),
      durationS,
      timestamp: metadata && timestampField(metadata.generated_at, 'metadata.generated_at'),
      thresholds: [],
      notes: ['the k6 machine-readable summary records no threshold results (k6 exits with code 99 when a threshold fails)']
    })
  })
}

// ---------------------------------------------------------------- NDJSON stream

const NEWLINE = 0x0a
/** k6 lines are a few hundred bytes; a longer one means the file is not NDJSON (and must not fill memory). */
const MAX_LINE_BYTES = 1024 * 1024
const QUOTE = 0x22
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const METRIC_FIRST = Buffer.from('{"metric":"')
const TYPE_POINT_AFTER_NAME = Buffer.from(',"type":"Point"')
const TYPE_POINT_FIRST = Buffer.from('{"type":"Point"')
const TYPE_METRIC_FIRST = Buffer.from('{"type":"Metric"')
const METRIC_KEY = Buffer.from('"metric":"')
const DATA_TIME = Buffer.from('"data":{"time":"')
const VALUE_AFTER_TIME = Buffer.from(',"value":')

/** The metrics the gate reads; every other line is only checked for shape, not parsed (speed). */
enum Wanted {
  Other,
  Requests,
  Duration,
  Failed
}
const WANTED_NAMES: [string, Wanted][] = [
  ['http_reqs', Wanted.Requests],
  ['http_req_duration', Wanted.Duration],
  ['http_req_failed', Wanted.Failed]
]
const WANTED_BYTES = WANTED_NAMES.map(([name, wanted]): [Buffer, Wanted] => [Buffer.from(name), wanted])
const WANTED_BY_STRING = new Map(WANTED_NAMES)
const nameOf = (wanted: Wanted): string => WANTED_NAMES.find(([, w]) => w === wanted)?.[0] ?? 'metric'

// Byte loops rather than Buffer.compare: for these few bytes the native call costs more than the work.
function startsWith(buf: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix[i]) return false
  return true
}

function wantedName(buf: Buffer, start: number, end: number): Wanted {
  for (const [name, wanted] of WANTED_BYTES) {
    if (name.length === end - start && startsWith(buf, start, end, name)) return wanted
  }
  return Wanted.Other
}

class StreamTotals {
  readonly latency = new LatencyHistogram()
  requests = 0
  requestPoints = 0
  failedPoints = 0
  failed = 0
  firstMs = Infinity
  lastMs = -Infinity
  /** k6 writes the same timestamp on every metric of one request: parse each distinct string once. */
  private lastTime = ''
  private lastTimeMs = NaN

  add(wanted: Wanted, time: string, value: number, line: number): void {
    if (!Number.isFinite(value) || value < 0) throw badValue(wanted, String(value), line)
    if (time !== this.lastTime) {
      const ms = Date.parse(time)
      if (!Number.isFinite(ms)) throw new FieldProblem(`line ${line}: the sample time ${describeValue(time)} is not a date`, line)
      this.lastTime = time
      this.lastTimeMs = ms
    }
    if (this.lastTimeMs < this.firstMs) this.firstMs = this.lastTimeMs
    if (this.lastTimeMs > this.lastMs) this.lastMs = this.lastTimeMs
    if (wanted === Wanted.Requests) {
      this.requests += value
      this.requestPoints++
    } else if (wanted === Wanted.Duration) {
      this.latency.add(value)
    } else {
      this.failedPoints++
      if (value !== 0) this.failed++
    }
  }
}

const badValue = (wanted: Wanted, written: string, line: number): FieldProblem =>
  new FieldProblem(`line ${line}: the ${nameOf(wanted)} sample value ${written} is not a non-negative number`, line)

/** Reads one line [start, end) (no newline, trailing CR/space trimmed). Returns false when the line is not a k6 JSON line. */
function readLine(buf: Buffer, start: number, end: number, line: number, totals: StreamTotals): boolean {
  if (buf[start] !== OPEN_BRACE || buf[end - 1] !== CLOSE_BRACE) return false
  // Fast path: the layouts k6 writes, `{"metric":"NAME","type":"Point","data":{"time":"T","value":V,...}}` (v0.4x+)
  // and `{"type":"Point","data":{"time":"T","value":V,...},"metric":"NAME"}` (older).
  let wanted: Wanted
  let dataFrom: number
  if (startsWith(buf, start, end, METRIC_FIRST)) {
    const nameStart = start + METRIC_FIRST.length
    const nameEnd = buf.indexOf(QUOTE, nameStart)
    if (nameEnd === -1 || nameEnd >= end) return readLineSlowly(buf, start, end, line, totals)
    wanted = wantedName(buf, nameStart, nameEnd)
    if (wanted === Wanted.Other) return true
    if (!startsWith(buf, nameEnd + 1, end, TYPE_POINT_AFTER_NAME)) return readLineSlowly(buf, start, end, line, totals)
    dataFrom = nameEnd + 1 + TYPE_POINT_AFTER_NAME.length
  } else if (startsWith(buf, start, end, TYPE_METRIC_FIRST)) {
    return true
  } else if (startsWith(buf, start, end, TYPE_POINT_FIRST)) {
    const key = buf.lastIndexOf(METRIC_KEY, end - 1)
    if (key < start || buf[end - 2] !== QUOTE) return readLineSlowly(buf, start, end, line, totals)
    wanted = wantedName(buf, key + METRIC_KEY.length, end - 2)
    if (wanted === Wanted.Other) return true
    dataFrom = start + TYPE_POINT_FIRST.length
  } else {
    return readLineSlowly(buf, start, end, line, totals)
  }
  const timeKey = buf.indexOf(DATA_TIME, dataFrom)
  if (timeKey === -1 || timeKey >= end) return readLineSlowly(buf, start, end, line, totals)
  const timeStart = timeKey + DATA_TIME.length
  const timeEnd = buf.indexOf(QUOTE, timeStart)
  if (timeEnd === -1 || timeEnd >= end || !startsWith(buf, timeEnd + 1, end, VALUE_AFTER_TIME)) return readLineSlowly(buf, start, end, line, totals)
  const valueStart = timeEnd + 1 + VALUE_AFTER_TIME.length
  let valueEnd = valueStart
  while (valueEnd < end && buf[valueEnd] !== 0x2c && buf[valueEnd] !== CLOSE_BRACE) valueEnd++
  const valueText = buf.toString('latin1', valueStart, valueEnd)
  const value = valueText === '' ? NaN : Number(valueText)
  if (Number.isNaN(value)) throw badValue(wanted, valueText, line)
  totals.add(wanted, buf.toString('latin1', timeStart, timeEnd), value, line)
  return true
}

/** Any other layout (re-serialised files, extra spaces): parse the whole line. */
function readLineSlowly(buf: Buffer, start: number, end: number, line: number, totals: StreamTotals): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(buf.toString('utf8', start, end))
  } catch {
    return false
  }
  if (!isRecord(parsed) || (parsed.type !== 'Point' && parsed.type !== 'Metric') || typeof parsed.metric !== 'string' || !isRecord(parsed.data)) return false
  const wanted = WANTED_BY_STRING.get(parsed.metric) ?? Wanted.Other
  if (parsed.type !== 'Point' || wanted === Wanted.Other) return true
  const { time, value } = parsed.data
  if (typeof time !== 'string') throw new FieldProblem(`line ${line}: the ${parsed.metric} sample has no time`, line)
  if (typeof value !== 'number') throw badValue(wanted, describeValue(value), line)
  totals.add(wanted, time, value, line)
  return true
}

function isCompleteJson(buf: Buffer): boolean {
  try {
    JSON.parse(buf.toString('utf8'))
    return true
  } catch {
    return false
  }
}

async function parseNdjson(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const totals = new StreamTotals()
  const notes: string[] = []
  let line = 0
  let carry: Buffer | undefined
  const corrupt = (at: number) =>
    failure(`"${source.relPath}" line ${at} is not a k6 JSON line (expected {"type":"Point"|"Metric","metric":...,"data":{...}}); the file is corrupt`, at)

  const tooLong = () => failure(`"${source.relPath}" line ${line + 1} is longer than ${MAX_LINE_BYTES / 1024} KiB; it is not a k6 JSON line`, line + 1)

  /** Reads the complete lines of `buf` from `start`; returns the offset of the unfinished last line. */
  const readLines = (buf: Buffer, start: number): number | ParseFailure => {
    for (let newline = buf.indexOf(NEWLINE, start); newline !== -1; newline = buf.indexOf(NEWLINE, start)) {
      line++
      let end = newline
      while (end > start && (buf[end - 1] === 0x0d || buf[end - 1] === 0x20 || buf[end - 1] === 0x09)) end--
      while (start < end && (buf[start] === 0x20 || buf[start] === 0x09)) start++
      if (end > start && !readLine(buf, start, end, line, totals)) return corrupt(line)
      start = newline + 1
    }
    return start
  }

  try {
    // Two reused read buffers: a carried tail (a view of the last chunk) stays valid while the next one is read.
    for await (const chunk of source.chunks()) {
      let from = 0
      if (carry) {
        // Finish the line cut at the previous chunk's end without copying the whole chunk.
        const newline = chunk.indexOf(NEWLINE)
        if (newline === -1) {
          carry = Buffer.concat([carry, chunk])
          if (carry.length > MAX_LINE_BYTES) return tooLong()
          continue
        }
        const joined = readLines(Buffer.concat([carry, chunk.subarray(0, newline + 1)]), 0)
        if (typeof joined !== 'number') return joined
        from = newline + 1
      }
      const rest = readLines(chunk, from)
      if (typeof rest !== 'number') return rest
      carry = rest < chunk.length ? chunk.subarray(rest) : undefined
      if (carry && carry.length > MAX_LINE_BYTES) return tooLong()
    }
    if (carry && carry.toString('utf8').trim() !== '') {
      // The last line has no newline. k6 ends every line with one, so a tail that is not whole JSON is a killed run.
      if (isCompleteJson(carry)) {
        const tail = readLines(Buffer.concat([carry, Buffer.from('\n')]), 0)
        if (typeof tail !== 'number') return tail
      } else {
        notes.push(`the last line (${line + 1}) is cut off; the run was probably killed while k6 was writing, and that line was ignored`)
      }
    }
  } catch (error) {
    if (error instanceof FieldProblem || error instanceof ReadProblem) return failure(error.message, error.line)
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'Z_BUF_ERROR') {
      // The gzip stream stops mid-way: k6 was killed while writing. Keep what was read.
      notes.push(`the gzip stream is cut off after line ${line}; the run was probably killed, and only the lines before the cut were read`)
    } else if (typeof code === 'string' && code.startsWith('Z_')) {
      return failure(`"${source.relPath}" is a corrupt gzip file (${(error as Error).message}) after line ${line}`)
    } else {
      return unreadableLine(source.relPath, line, error)
    }
  }
  const sampleCount = Math.max(totals.requestPoints, totals.latency.count)
  if (sampleCount === 0) {
    return failure(`"${source.relPath}" contains no HTTP request samples (no http_reqs or http_req_duration points); the gate reads HTTP load tests`)
  }
  const requests = totals.requestPoints > 0 ? totals.requests : totals.latency.count
  const durationS = totals.lastMs > totals.firstMs ? (totals.lastMs - totals.firstMs) / 1000 : undefined
  if (totals.failedPoints === 0) notes.push('the stream has no http_req_failed samples (k6 before v0.31), so failures are unknown')
  if (totals.latency.count === 0) notes.push('the stream has no http_req_duration samples, so latency is unknown')
  notes.push('k6 --out json does not record threshold results')
  return {
    ok: true,
    evidence: loadEvidence({
      format: 'k6-ndjson',
      tool: 'k6',
      requests,
      failed: totals.failedPoints > 0 ? totals.failed : undefined,
      errorRate: fraction(totals.failed, totals.failedPoints),
      rps: durationS === undefined ? undefined : requests / durationS,
      durationS,
      startedAt: new Date(totals.firstMs).toISOString(),
      latencyMs: totals.latency.summary(),
      thresholds: [],
      percentiles: 'exact',
      notes
    })
  }
}

// ---------------------------------------------------------------- parsers

const detectOnly =
  (test: (head: string) => boolean) =>
  ({ head }: DetectInput): boolean =>
    test(head)

export const k6Parsers: EvidenceParser[] = [
  {
    format: 'k6-summary-v1',
    kind: 'load-test',
    description: 'k6 machine-readable end-of-test summary (k6 run --new-machine-readable-summary --summary-export=FILE), format 1.x',
    detect: detectOnly(isMachineReadableSummary),
    parse: parseMachineReadableSummary
  },
  {
    format: 'k6-summary',
    kind: 'load-test',
    description: "k6 handleSummary() data saved as JSON (JSON.stringify(data)), with each threshold's ok flag",
    detect: detectOnly(isHandleSummaryData),
    parse: parseHandleSummary
  },
  {
    format: 'k6-summary-export',
    kind: 'load-test',
    description: 'k6 end-of-test summary from k6 run --summary-export=FILE (classic layout; threshold true means failed)',
    detect: detectOnly(isLegacySummaryExport),
    parse: parseSummaryExport
  },
  {
    format: 'k6-ndjson',
    kind: 'load-test',
    description: 'k6 raw samples from k6 run --out json=FILE (NDJSON, optionally .gz); exact percentiles from every request',
    detect: detectOnly(isNdjson),
    parse: parseNdjson
  }
]
