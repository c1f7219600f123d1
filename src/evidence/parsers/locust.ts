// Locust results: the CSV files `--csv PREFIX` writes (PREFIX_stats.csv, PREFIX_stats_history.csv,
// PREFIX_failures.csv) and the `--json` output (a list of stats entries with raw histograms).
// Column names and meanings follow locust/stats.py (StatsCSV, StatsCSVFileWriter, StatsEntry).
import type { DetectInput, EvidenceParser, EvidenceSource, LoadTestEvidence, ParseResult } from '../types.js'
import { fieldText, isoFromMs, scanRecords } from '../parsing/csv-lines.js'
import { completeDuration, NO_REQUESTS_NOTE, readJsonDocument } from '../parsing/load-common.js'
import { failure } from '../parsing/failure.js'

const ROUNDING_NOTE =
  "Locust computes percentiles from response times it rounds to two significant digits (147 ms is kept as 150): the gate's figures are exact over those rounded values"

interface CsvTable {
  header: string[]
  rows: { line: number; cells: string[] }[]
}

/** Reads a (small) Locust CSV: header and rows, quotes undone, blank lines and CR CR LF tolerated. */
async function readCsv(source: EvidenceSource): Promise<CsvTable | { ok: false; message: string; line?: number }> {
  const table: CsvTable = { header: [], rows: [] }
  let first = true
  const scan = await scanRecords(source.chunks(), { delimiter: 0x2c, quotes: true, maxFields: 256 }, (rec) => {
    const cells: string[] = []
    for (let i = 0; i < rec.count; i++) cells.push(fieldText(rec, i))
    if (first) {
      table.header = cells.map((cell) => cell.trim())
      first = false
    } else table.rows.push({ line: rec.line, cells })
    return undefined
  })
  if (!scan.ok) return failure(`"${source.relPath}": ${scan.message}`, scan.line)
  return table
}

/** Index of the first header among `names` (case-insensitive), or -1. */
function column(header: string[], ...names: string[]): number {
  const lower = header.map((h) => h.toLowerCase())
  for (const name of names) {
    const index = lower.indexOf(name.toLowerCase())
    if (index !== -1) return index
  }
  return -1
}

type Cell = { value?: number; error?: string }

/** A numeric cell: "N/A" and empty are absent; anything else not numeric is an error. */
function numberCell(cells: string[], index: number, name: string): Cell {
  if (index < 0 || index >= cells.length) return {}
  const text = cells[index]!.trim()
  if (text === '' || text === 'N/A') return {}
  const value = Number(text)
  if (!Number.isFinite(value)) return { error: `${name} "${text.slice(0, 40)}" is not a number` }
  return { value }
}

const isAggregateRow = (cells: string[], typeIndex: number, nameIndex: number): boolean => {
  const name = cells[nameIndex]?.trim()
  const type = typeIndex >= 0 ? (cells[typeIndex]?.trim() ?? '') : ''
  return (name === 'Aggregated' || name === 'Total') && (type === '' || type === 'None')
}

/** Reads the named percentile columns ("50%", "90%"...) that the file has into latency fields. */
function percentileColumns(header: string[], cells: string[]): { latency: LoadTestEvidence['latencyMs']; error?: string } {
  const latency: LoadTestEvidence['latencyMs'] = {}
  for (const [key, name] of [
    ['p50', '50%'],
    ['p90', '90%'],
    ['p95', '95%'],
    ['p99', '99%']
  ] as const) {
    const cell = numberCell(cells, header.indexOf(name), name)
    if (cell.error) return { latency, error: cell.error }
    if (cell.value !== undefined) latency[key] = cell.value
  }
  return { latency }
}

/** A failure that names the file first: `"path" is not ...`. */
const failAt = (source: EvidenceSource, message: string, line?: number): ParseResult<LoadTestEvidence> => failure(`"${source.relPath}" ${message}`, line)

// ---------------------------------------------------------------------------------------------
// PREFIX_stats.csv

async function parseStatsCsv(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const table = await readCsv(source)
  if ('ok' in table) return table
  const { header } = table
  const nameIndex = column(header, 'Name')
  const typeIndex = column(header, 'Type', 'Method')
  const requestsIndex = column(header, 'Request Count', '# requests')
  if (nameIndex < 0 || requestsIndex < 0) return failAt(source, 'is not a Locust stats CSV: its header has no Name and Request Count columns', 1)
  const row = table.rows.filter((r) => isAggregateRow(r.cells, typeIndex, nameIndex)).pop()
  if (!row)
    return failAt(
      source,
      'has no Aggregated row (Locust writes one last); the file may be cut short',
      table.rows.length ? table.rows[table.rows.length - 1]!.line : 1
    )
  const { cells, line } = row
  const requests = numberCell(cells, requestsIndex, 'Request Count')
  const failed = numberCell(cells, column(header, 'Failure Count', '# failures'), 'Failure Count')
  const median = numberCell(cells, column(header, 'Median Response Time', 'Median response time'), 'Median Response Time')
  const max = numberCell(cells, column(header, 'Max Response Time', 'Max response time'), 'Max Response Time')
  const rps = numberCell(cells, column(header, 'Requests/s'), 'Requests/s')
  const percentiles = percentileColumns(header, cells)
  const problem = requests.error ?? failed.error ?? median.error ?? max.error ?? rps.error ?? percentiles.error
  if (problem) return failAt(source, `Aggregated row: ${problem}`, line)
  if (requests.value === undefined) return failAt(source, 'Aggregated row has no Request Count', line)

  const evidence: LoadTestEvidence = { kind: 'load-test', format: 'locust-stats-csv', tool: 'locust', requests: requests.value, thresholds: [], latencyMs: {} }
  const notes: string[] = []
  if (failed.value !== undefined) evidence.failed = failed.value
  if (rps.value !== undefined) evidence.rps = rps.value
  aggregateLatency(
    evidence,
    notes,
    { requests: requests.value, failed: failed.value, median: median.value, max: max.value, latency: percentiles.latency },
    false
  )
  notes.push('a stats CSV has no timestamps: the run date comes from the manifest or the commit')
  evidence.notes = notes
  return { ok: true, evidence: completeDuration(evidence) }
}

// ---------------------------------------------------------------------------------------------
// PREFIX_stats_history.csv

async function parseStatsHistoryCsv(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const table = await readCsv(source)
  if ('ok' in table) return table
  const { header } = table
  const timestampIndex = column(header, 'Timestamp')
  const nameIndex = column(header, 'Name')
  const typeIndex = column(header, 'Type', 'Method')
  const requestsIndex = column(header, 'Total Request Count')
  if (timestampIndex < 0 || nameIndex < 0 || requestsIndex < 0) {
    return failAt(source, 'is not a Locust stats history CSV: its header has no Timestamp, Name and Total Request Count columns', 1)
  }
  const aggregated = table.rows.filter((r) => isAggregateRow(r.cells, typeIndex, nameIndex))
  if (aggregated.length === 0) return failAt(source, 'has no Aggregated rows', 1)
  // With --csv-full-history Locust adds a row per endpoint and the percentile columns then cover
  // only the last ~10 seconds (use_current); otherwise they cover the run so far.
  const fullHistory = aggregated.length !== table.rows.length
  const first = aggregated[0]!
  const last = aggregated[aggregated.length - 1]!
  const firstTs = numberCell(first.cells, timestampIndex, 'Timestamp')
  const lastTs = numberCell(last.cells, timestampIndex, 'Timestamp')
  if (firstTs.error || firstTs.value === undefined) return failAt(source, firstTs.error ?? 'has an Aggregated row without a Timestamp', first.line)
  if (lastTs.error || lastTs.value === undefined) return failAt(source, lastTs.error ?? 'has an Aggregated row without a Timestamp', last.line)
  const requests = numberCell(last.cells, requestsIndex, 'Total Request Count')
  const failed = numberCell(last.cells, column(header, 'Total Failure Count'), 'Total Failure Count')
  const median = numberCell(last.cells, column(header, 'Total Median Response Time'), 'Total Median Response Time')
  const max = numberCell(last.cells, column(header, 'Total Max Response Time'), 'Total Max Response Time')
  const percentiles = percentileColumns(header, last.cells)
  const problem = requests.error ?? failed.error ?? median.error ?? max.error ?? percentiles.error
  if (problem) return failAt(source, `last Aggregated row: ${problem}`, last.line)
  if (requests.value === undefined) return failAt(source, 'last Aggregated row has no Total Request Count', last.line)

  const evidence: LoadTestEvidence = {
    kind: 'load-test',
    format: 'locust-stats-history-csv',
    tool: 'locust',
    requests: requests.value,
    thresholds: [],
    latencyMs: {}
  }
  const notes = ["read from the last Aggregated row (Locust's last sample of the run, taken every second); the run's _stats.csv holds the final totals"]
  const started = isoFromMs(firstTs.value * 1000)
  if (started) evidence.startedAt = evidence.timestamp = started
  if (failed.value !== undefined) evidence.failed = failed.value
  if (aggregated.length > 1) {
    evidence.durationS = lastTs.value - firstTs.value
    if (evidence.durationS > 0) evidence.rps = requests.value / evidence.durationS
  }
  aggregateLatency(
    evidence,
    notes,
    { requests: requests.value, failed: failed.value, median: median.value, max: max.value, latency: percentiles.latency },
    fullHistory
  )
  evidence.notes = notes
  return { ok: true, evidence }
}

/**
 * The error rate and latency of an Aggregated row: Locust's percentiles, the median standing in for
 * a missing p50. With --csv-full-history the percentile columns cover only the last seconds, so only
 * the whole-run median and max are read. A run without requests has no latency.
 */
function aggregateLatency(
  evidence: LoadTestEvidence,
  notes: string[],
  row: { requests: number; failed: number | undefined; median: number | undefined; max: number | undefined; latency: LoadTestEvidence['latencyMs'] },
  fullHistory: boolean
): void {
  if (!(row.requests > 0)) {
    notes.push(NO_REQUESTS_NOTE)
    return
  }
  if (row.failed !== undefined) evidence.errorRate = row.failed / row.requests
  if (fullHistory) {
    if (row.median !== undefined) evidence.latencyMs.p50 = row.median
    notes.push('with --csv-full-history the percentile columns cover only the last ~10 seconds: only the whole-run median and max are used')
  } else {
    evidence.latencyMs = row.latency
    if (evidence.latencyMs.p50 === undefined && row.median !== undefined) evidence.latencyMs.p50 = row.median
  }
  if (row.max !== undefined) evidence.latencyMs.max = row.max
  evidence.percentiles = 'tool'
  notes.push(ROUNDING_NOTE)
}

// ---------------------------------------------------------------------------------------------
// PREFIX_failures.csv

async function parseFailuresCsv(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const table = await readCsv(source)
  if ('ok' in table) return table
  const occurrencesIndex = column(table.header, 'Occurrences')
  if (occurrencesIndex < 0) return failAt(source, 'is not a Locust failures CSV: its header has no Occurrences column', 1)
  let failed = 0
  for (const row of table.rows) {
    const cell = numberCell(row.cells, occurrencesIndex, 'Occurrences')
    if (cell.error) return failAt(source, cell.error, row.line)
    if (cell.value === undefined || !Number.isInteger(cell.value) || cell.value < 0)
      return failAt(source, 'has a row without a whole Occurrences count', row.line)
    failed += cell.value
  }
  return {
    ok: true,
    evidence: {
      kind: 'load-test',
      format: 'locust-failures-csv',
      tool: 'locust',
      failed,
      thresholds: [],
      latencyMs: {},
      notes: ["a Locust failures CSV holds only failure counts: no request total, error rate or latency; link the run's _stats.csv for those"]
    }
  }
}

// ---------------------------------------------------------------------------------------------
// --json: [{name, method, num_requests, num_failures, num_none_requests, max_response_time,
//           start_time, last_request_timestamp, response_times: {"67": 3, "120.0": 1}, ...}]

/** Nearest-rank percentile over a {value: count} histogram sorted by value. */
function nearestRank(buckets: [number, number][], total: number, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * total))
  let seen = 0
  for (const [value, count] of buckets) {
    seen += count
    if (seen >= rank) return value
  }
  return buckets[buckets.length - 1]![0]
}

async function parseLocustJson(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'Locust --json output')
  if (!read.ok) return read
  const data = read.value
  if (!Array.isArray(data)) return failAt(source, 'is not Locust --json output: it is not a list of stats entries', 1)
  let requests = 0
  let failed = 0
  let max: number | undefined
  let start = Infinity
  let end = -Infinity
  const histogram = new Map<number, number>()
  for (const [index, entry] of data.entries()) {
    const where = `entry ${index + 1}${entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string' ? ` ("${(entry as { name: string }).name.slice(0, 60)}")` : ''}`
    if (typeof entry !== 'object' || entry === null) return failAt(source, `${where} is not an object`)
    const e = entry as Record<string, unknown>
    if (!isCount(e.num_requests) || !isCount(e.num_failures)) return failAt(source, `${where} has no whole num_requests and num_failures`)
    if (typeof e.response_times !== 'object' || e.response_times === null || Array.isArray(e.response_times))
      return failAt(source, `${where} has no response_times histogram`)
    requests += e.num_requests
    failed += e.num_failures
    for (const [key, count] of Object.entries(e.response_times as Record<string, unknown>)) {
      const value = Number(key)
      if (!Number.isFinite(value) || value < 0 || !isCount(count))
        return failAt(source, `${where} has a response_times bucket "${key.slice(0, 20)}": ${String(count).slice(0, 20)} that is not a time and a count`)
      histogram.set(value, (histogram.get(value) ?? 0) + count)
    }
    if (typeof e.max_response_time === 'number' && Number.isFinite(e.max_response_time) && e.num_requests > 0) max = Math.max(max ?? 0, e.max_response_time)
    if (typeof e.start_time === 'number' && Number.isFinite(e.start_time)) start = Math.min(start, e.start_time)
    if (typeof e.last_request_timestamp === 'number' && Number.isFinite(e.last_request_timestamp)) end = Math.max(end, e.last_request_timestamp)
  }
  const evidence: LoadTestEvidence = { kind: 'load-test', format: 'locust-json', tool: 'locust', requests, failed, thresholds: [], latencyMs: {} }
  const notes: string[] = []
  const buckets = [...histogram.entries()].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0])
  const samples = buckets.reduce((sum, [, count]) => sum + count, 0)
  if (requests > 0) evidence.errorRate = failed / requests
  if (samples > 0) {
    evidence.latencyMs = {
      p50: nearestRank(buckets, samples, 50),
      p90: nearestRank(buckets, samples, 90),
      p95: nearestRank(buckets, samples, 95),
      p99: nearestRank(buckets, samples, 99),
      max: max ?? buckets[buckets.length - 1]![0]
    }
    evidence.percentiles = 'exact'
    notes.push(ROUNDING_NOTE)
  } else if (requests === 0) {
    notes.push(NO_REQUESTS_NOTE)
  }
  if (Number.isFinite(start)) {
    const started = isoFromMs(start * 1000)
    if (started) evidence.startedAt = evidence.timestamp = started
    if (Number.isFinite(end) && end >= start) {
      evidence.durationS = end - start
      if (evidence.durationS > 0) evidence.rps = requests / evidence.durationS
    }
  }
  if (notes.length) evidence.notes = notes
  return { ok: true, evidence }
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0

// ---------------------------------------------------------------------------------------------

/** The first line's cells, unquoted (Locust's csv writer quotes only when needed; old versions quoted all). */
function firstLineCells(head: string): string[] {
  const end = head.indexOf('\n')
  return (end === -1 ? head : head.slice(0, end))
    .replace(/\r+$/, '')
    .split(',')
    .map((cell) => cell.replace(/^"(.*)"$/, '$1').trim())
}

function detectStats({ head }: DetectInput): boolean {
  const cells = firstLineCells(head)
  return (cells[0] === 'Type' || cells[0] === 'Method') && cells[1] === 'Name' && (cells.includes('Request Count') || cells.includes('# requests'))
}

function detectHistory({ head }: DetectInput): boolean {
  const cells = firstLineCells(head)
  return cells[0] === 'Timestamp' && cells[1] === 'User Count' && cells.includes('Name') && cells.includes('Total Request Count')
}

function detectFailures({ head }: DetectInput): boolean {
  const cells = firstLineCells(head)
  return cells.length === 4 && cells[0] === 'Method' && cells[1] === 'Name' && cells[2] === 'Error' && cells[3] === 'Occurrences'
}

function detectJson({ head }: DetectInput): boolean {
  return /^\s*\[\s*\{/.test(head) && head.includes('"response_times"') && head.includes('"num_requests"') && head.includes('"num_failures"')
}

export const locustParsers: EvidenceParser[] = [
  {
    format: 'locust-stats-csv',
    kind: 'load-test',
    description: "Locust --csv PREFIX_stats.csv (the Aggregated row); Locust's own percentiles",
    detect: detectStats,
    parse: parseStatsCsv
  },
  {
    format: 'locust-stats-history-csv',
    kind: 'load-test',
    description: 'Locust --csv PREFIX_stats_history.csv (last Aggregated row; start and duration from its timestamps)',
    detect: detectHistory,
    parse: parseStatsHistoryCsv
  },
  {
    format: 'locust-failures-csv',
    kind: 'load-test',
    description: 'Locust --csv PREFIX_failures.csv (failure counts only)',
    detect: detectFailures,
    parse: parseFailuresCsv
  },
  {
    format: 'locust-json',
    kind: 'load-test',
    description: 'Locust --json output; exact percentiles over its response-time histograms',
    detect: detectJson,
    parse: parseLocustJson
  }
]
