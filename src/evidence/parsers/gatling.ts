// Gatling results: the report's js/stats.json and js/global_stats.json (written up to 3.13.4),
// js/assertions.json (assertion results, written by older 3.x and 2.x reports), and the text
// simulation.log (up to 3.12.0). Newer Gatling writes a binary simulation.log and keeps its
// statistics inside the HTML report: the gate cannot read those and says what to link instead.
import type { DetectInput, EvidenceParser, EvidenceSource, LoadTestEvidence, ParseResult } from '../types.js'
import { SampleTally, fieldInteger, fieldIs, fieldText, isoFromMs, scanRecords, type ScannedRecord } from '../parsing/csv-lines.js'
import { completeDuration, NO_REQUESTS_NOTE, readJsonDocument } from '../parsing/load-common.js'
import { failure } from '../parsing/failure.js'

const WHAT_TO_LINK =
  "Link the report's js/global_stats.json instead (Gatling writes it up to 3.13.4), or a text simulation.log (Gatling up to 3.12.0); newer Gatling versions keep their statistics only inside the HTML report, which the gate does not read"

/**
 * The sentence for a binary file that is Gatling's binary simulation.log, or undefined when it is
 * not one. safe-read refuses binary files before any parser sees them; it asks this for a better
 * sentence than "binary".
 */
export function explainBinaryEvidence(relPath: string, head: Buffer): string | undefined {
  // The binary log opens with the run record: a zero type byte, then the Gatling version and the
  // simulation class as length-prefixed strings.
  const prefix = head.subarray(0, 96).toString('latin1')
  const version = /^\x00[\x00-\x20]{1,8}(\d+\.\d+\.\d+(?:[.-][A-Za-z0-9]+)?)/.exec(prefix)?.[1]
  if (!version && !/(^|\/)simulation[^/]*\.log$/i.test(relPath)) return undefined
  return `"${relPath}" is a binary Gatling simulation.log${version ? ` (Gatling ${version})` : ''}: Gatling 3.12.1 and later write this binary log, which the gate cannot read. ${WHAT_TO_LINK}.`
}

// ---------------------------------------------------------------------------------------------
// js/stats.json, js/global_stats.json

type StatBlock = { total?: unknown; ok?: unknown; ko?: unknown }

/** A stats value: a number, or (older reports) a numeric string; "-" means no data. */
function statValue(block: unknown, key: 'total' | 'ok' | 'ko'): number | undefined {
  if (typeof block !== 'object' || block === null) return undefined
  const value = (block as StatBlock)[key]
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string' && value.trim() !== '' && value !== '-') {
    const number = Number(value)
    return Number.isFinite(number) ? number : undefined
  }
  return undefined
}

async function parseStatsJson(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'a Gatling stats file')
  if (!read.ok) return read
  const root = read.value as Record<string, unknown> | null
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return failure(`"${source.relPath}" is not a Gatling stats file: not a JSON object`, 1)
  // stats.json nests the global block under "stats" next to per-request "contents"; global_stats.json is the block.
  const stats = (typeof root.stats === 'object' && root.stats !== null ? root.stats : root) as Record<string, unknown>
  const requests = statValue(stats.numberOfRequests, 'total')
  if (requests === undefined) return failure(`"${source.relPath}" has no numberOfRequests.total; it is not a Gatling stats file`, 1)
  const evidence: LoadTestEvidence = { kind: 'load-test', format: 'gatling-stats-json', tool: 'gatling', requests, thresholds: [], latencyMs: {} }
  const notes: string[] = []
  const failed = statValue(stats.numberOfRequests, 'ko')
  if (failed !== undefined) evidence.failed = failed
  const rps = statValue(stats.meanNumberOfRequestsPerSecond, 'total')
  if (rps !== undefined) evidence.rps = rps
  if (requests > 0) {
    if (failed !== undefined) evidence.errorRate = failed / requests
    // Gatling writes 0 where a column has no data; with requests > 0 the "total" column has data.
    const latency = evidence.latencyMs
    const p50 = statValue(stats.percentiles1, 'total')
    const p95 = statValue(stats.percentiles3, 'total')
    const p99 = statValue(stats.percentiles4, 'total')
    const max = statValue(stats.maxResponseTime, 'total')
    if (p50 !== undefined) latency.p50 = p50
    if (p95 !== undefined) latency.p95 = p95
    if (p99 !== undefined) latency.p99 = p99
    if (max !== undefined) latency.max = max
    evidence.percentiles = 'tool'
    notes.push(
      'percentiles1/3/4 read as p50/p95/p99, the Gatling defaults (gatling.conf charting.indicator.percentile1..4 = 50/75/95/99); the file does not say whether they were changed. There is no p90'
    )
  } else {
    notes.push(NO_REQUESTS_NOTE)
  }
  notes.push('a Gatling stats file has no timestamps: the run date comes from the manifest or the commit')
  evidence.notes = notes
  return { ok: true, evidence: completeDuration(evidence) }
}

// ---------------------------------------------------------------------------------------------
// js/assertions.json: {simulation, simulationId, start, description, scenarios, assertions: [{path, target, condition, result, message, ...}]}

async function parseAssertionsJson(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'a Gatling assertions.json')
  if (!read.ok) return read
  const root = read.value as Record<string, unknown> | null
  if (typeof root !== 'object' || root === null || !Array.isArray(root.assertions)) {
    return failure(`"${source.relPath}" is not a Gatling assertions.json: it has no "assertions" list`, 1)
  }
  const thresholds: LoadTestEvidence['thresholds'] = []
  for (const [index, item] of root.assertions.entries()) {
    const a = item as Record<string, unknown> | null
    if (typeof a !== 'object' || a === null || typeof a.result !== 'boolean') {
      return failure(`"${source.relPath}": assertion ${index + 1} has no true/false "result"`)
    }
    const name = typeof a.message === 'string' && a.message ? a.message : [a.path, a.target, a.condition].filter((part) => typeof part === 'string').join(': ')
    thresholds.push({ name: name || `assertion ${index + 1}`, ok: a.result })
  }
  const evidence: LoadTestEvidence = { kind: 'load-test', format: 'gatling-assertions-json', tool: 'gatling', thresholds, latencyMs: {} }
  if (typeof root.start === 'number') {
    const started = isoFromMs(root.start)
    if (started) evidence.startedAt = evidence.timestamp = started
  }
  evidence.notes = [
    thresholds.length
      ? 'a Gatling assertions.json holds the assertion results only: no request counts or latency (link js/global_stats.json for those)'
      : 'the simulation declared no assertions, and an assertions.json holds nothing else: link js/global_stats.json for the numbers'
  ]
  return { ok: true, evidence }
}

// ---------------------------------------------------------------------------------------------
// Text simulation.log: tab-separated records, first field the record type.
//   RUN      class [userDefinedId] simulationId start description version
//   REQUEST  (2.2-2.3) scenario userId groups name start end status message [extra...]
//            (3.0 era) userId groups name start end status message
//            (later 3.x up to 3.12.0) groups name start end status message
//   USER, GROUP, ERROR, ASSERTION records carry no request timing.

const RECORD_TYPES = new Set(['RUN', 'USER', 'REQUEST', 'GROUP', 'ERROR', 'ASSERTION'])

const isStatus = (rec: ScannedRecord, i: number): boolean => fieldIs(rec, i, 'OK') || fieldIs(rec, i, 'KO')
const isInteger = (rec: ScannedRecord, i: number): boolean => !Number.isNaN(fieldInteger(rec, i))

/** Index of the status field of a REQUEST record, trying each known layout; -1 when none fits. */
function requestStatusIndex(rec: ScannedRecord): number {
  if (isStatus(rec, 5) && isInteger(rec, 3) && isInteger(rec, 4)) return 5
  if (isStatus(rec, 6) && isInteger(rec, 4) && isInteger(rec, 5) && isInteger(rec, 1)) return 6
  if (isStatus(rec, 7) && isInteger(rec, 5) && isInteger(rec, 6) && isInteger(rec, 2)) return 7
  return -1
}

async function parseSimulationLog(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const binary = explainBinaryEvidence(source.relPath, source.head)
  if (binary && source.head[0] === 0) return failure(binary, 1)
  const tally = new SampleTally()
  let runStart: number | undefined
  let version: string | undefined
  let sawRun = false
  const scan = await scanRecords(source.chunks(), { delimiter: 0x09, quotes: false, maxFields: 12 }, (rec) => {
    if (fieldIs(rec, 0, 'REQUEST')) {
      const status = requestStatusIndex(rec)
      if (status < 0)
        return 'this REQUEST record fits none of the text simulation.log layouts the gate knows (Gatling 2.2 to 3.12: ... start, end, OK|KO, message)'
      const start = fieldInteger(rec, status - 2)
      const end = fieldInteger(rec, status - 1)
      if (end < start) return 'this REQUEST record ends before it starts'
      tally.add(start, end - start, fieldIs(rec, status, 'OK'))
      return undefined
    }
    if (fieldIs(rec, 0, 'RUN')) {
      sawRun = true
      for (let i = 2; i < rec.count; i++) {
        if (rec.ends[i]! - rec.starts[i]! >= 12 && isInteger(rec, i)) {
          runStart = fieldInteger(rec, i)
          break
        }
      }
      if (!rec.more && rec.count > 1) version = fieldText(rec, rec.count - 1).trim()
      return undefined
    }
    if (!RECORD_TYPES.has(fieldText(rec, 0))) return `"${fieldText(rec, 0).slice(0, 30)}" is not a Gatling simulation.log record type`
    return undefined
  })
  if (!scan.ok) return failure(`"${source.relPath}": ${scan.message}`, scan.line)
  if (!sawRun) return failure(`"${source.relPath}" has no RUN record; it is not a Gatling simulation.log`, 1)
  const evidence: LoadTestEvidence = { kind: 'load-test', format: 'gatling-simulation-log', tool: 'gatling', thresholds: [], ...tally.result() }
  if (runStart !== undefined) {
    const started = isoFromMs(runStart)
    if (started) evidence.startedAt = evidence.timestamp = started
  }
  const notes = ['percentiles are exact over every REQUEST record (response time = end - start, OK and KO alike)']
  if (version) notes.push(`log format version ${version}`)
  if (tally.requests === 0) notes.push('the log holds no REQUEST records')
  evidence.notes = notes
  return { ok: true, evidence }
}

// ---------------------------------------------------------------------------------------------
// An HTML report: recognized only to say what to link instead.

function refuseHtmlReport(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  return Promise.resolve(failure(`"${source.relPath}" is a Gatling HTML report, which the gate does not read. ${WHAT_TO_LINK}.`, 1))
}

function detectStatsJson({ head }: DetectInput): boolean {
  return /^\s*\{/.test(head) && head.includes('"numberOfRequests"') && head.includes('"percentiles1"') && head.includes('"meanNumberOfRequestsPerSecond"')
}

function detectAssertionsJson({ head }: DetectInput): boolean {
  return /^\s*\{/.test(head) && head.includes('"assertions"') && head.includes('"simulationId"') && head.includes('"scenarios"')
}

function detectSimulationLog({ head }: DetectInput): boolean {
  return /^(RUN|ASSERTION)\t/.test(head)
}

function detectHtmlReport({ head }: DetectInput): boolean {
  return /^\s*(<!DOCTYPE html|<html)/i.test(head) && /gatling/i.test(head)
}

export const gatlingParsers: EvidenceParser[] = [
  {
    format: 'gatling-stats-json',
    kind: 'load-test',
    description: "Gatling report js/global_stats.json or js/stats.json (up to 3.13.4); Gatling's own percentiles",
    detect: detectStatsJson,
    parse: parseStatsJson
  },
  {
    format: 'gatling-assertions-json',
    kind: 'load-test',
    description: 'Gatling report js/assertions.json: the assertions Gatling evaluated',
    detect: detectAssertionsJson,
    parse: parseAssertionsJson
  },
  {
    format: 'gatling-simulation-log',
    kind: 'load-test',
    description: 'Gatling text simulation.log (2.2 to 3.12.0); exact percentiles from every request',
    detect: detectSimulationLog,
    parse: parseSimulationLog,
    explainBinary: explainBinaryEvidence
  },
  {
    format: 'gatling-html-report',
    kind: 'load-test',
    description: 'Gatling HTML report: not readable; the failure says what to link instead',
    detect: detectHtmlReport,
    parse: refuseHtmlReport
  }
]
