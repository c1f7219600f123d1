// Parsers for Artillery JSON reports (`artillery run --output report.json`), v2 and v1 layouts.
//
// Definitions (docs/formats/load-k6-artillery-autocannon.md): a request failed when Artillery
// recorded an error for it (an `errors.*` counter / `errors` entry: ECONNREFUSED, ETIMEDOUT, a failed
// capture...) or its response status was 400 or above; failed is capped at the request count.
// Latency is Artillery's own aggregate of http.response_time (time to first byte), `percentiles: 'tool'`.
// The ensure plugin's verdicts are printed, not written to the report, so `thresholds` is always empty.
import type { EvidenceParser, EvidenceSource, LoadTestEvidence, ParseResult } from '../types.js'
import { failure, guardFields } from '../parsing/failure.js'
import {
  failedStatusCount,
  fraction,
  loadEvidence,
  optionalCount,
  optionalRecord,
  readJsonDocument,
  requireRecord,
  type JsonRecord
} from '../parsing/load-common.js'
import { timestampField } from '../parsing/timestamp.js'

const AGGREGATE = /"aggregate"\s*:\s*\{/
const V2_MARKER = /"(?:firstCounterAt|lastCounterAt|vusers\.created|http\.requests)"\s*:/
const ENSURE_NOTE = "Artillery's ensure (threshold) results are not written to the JSON report; the gate applies its own SLO"

function aggregateOf(document: unknown, source: EvidenceSource): JsonRecord {
  const root = requireRecord(document, `"${source.relPath}"`, 'an Artillery report is a JSON object')
  return requireRecord(root.aggregate, 'aggregate', 'an Artillery report has an "aggregate" object')
}

/** Response-time summary fields; v2 writes both `p50` and `median`. */
function responseTimes(summary: JsonRecord, path: string): LoadTestEvidence['latencyMs'] {
  return {
    p50: optionalCount(summary, 'p50', path) ?? optionalCount(summary, 'median', path),
    p90: optionalCount(summary, 'p90', path),
    p95: optionalCount(summary, 'p95', path),
    p99: optionalCount(summary, 'p99', path),
    max: optionalCount(summary, 'max', path)
  }
}

const hasLatency = (latency: LoadTestEvidence['latencyMs']): boolean => Object.values(latency).some((value) => value !== undefined)

/** v2: aggregate.counters{'http.requests','http.codes.200','errors.ETIMEDOUT',...}, summaries{'http.response_time'}. */
async function parseV2(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'an Artillery report')
  if (!read.ok) return read
  return guardFields(() => {
    const aggregate = aggregateOf(read.value, source)
    const counters = requireRecord(aggregate.counters, 'aggregate.counters', 'an Artillery 2 report counts requests in aggregate.counters')
    const requests = optionalCount(counters, 'http.requests', 'aggregate.counters')
    if (!requests) {
      return failure(
        `"${source.relPath}" is an Artillery report of a run that made no HTTP requests (aggregate.counters has no "http.requests"); the gate reads HTTP load tests`
      )
    }
    let errors = 0
    const codes: JsonRecord = {}
    for (const [name, value] of Object.entries(counters)) {
      if (name.startsWith('errors.')) errors += optionalCount(counters, name, 'aggregate.counters') ?? 0
      else if (name.startsWith('http.codes.')) codes[name.slice('http.codes.'.length)] = value
    }
    const failed = Math.min(requests, errors + failedStatusCount(codes, 'aggregate.counters http.codes'))
    const notes = [ENSURE_NOTE]
    // `histograms` duplicates `summaries`; either may be the one present.
    const summary =
      optionalRecord(optionalRecord(aggregate, 'summaries', 'aggregate') ?? {}, 'http.response_time', 'aggregate.summaries') ??
      optionalRecord(optionalRecord(aggregate, 'histograms', 'aggregate') ?? {}, 'http.response_time', 'aggregate.histograms')
    const latency = summary ? responseTimes(summary, 'aggregate.summaries["http.response_time"]') : {}
    if (!hasLatency(latency)) {
      notes.push(
        failed === requests
          ? 'Artillery recorded no response times because every request failed'
          : 'the report has no http.response_time summary, so latency is unknown'
      )
    }
    const first = optionalCount(aggregate, 'firstCounterAt', 'aggregate')
    const last = optionalCount(aggregate, 'lastCounterAt', 'aggregate')
    const durationS = first !== undefined && last !== undefined && last > first ? (last - first) / 1000 : undefined
    return {
      ok: true,
      evidence: loadEvidence({
        format: 'artillery-v2',
        tool: 'artillery',
        requests,
        failed,
        errorRate: failed / requests,
        // Requests over the span between the first and last counter; the report's own
        // http.request_rate is a per-period average that undercounts short runs.
        rps: durationS === undefined ? undefined : requests / durationS,
        durationS,
        startedAt: timestampField(first, 'aggregate.firstCounterAt'),
        latencyMs: latency,
        thresholds: [],
        percentiles: 'tool',
        notes
      })
    }
  })
}

/** v1: aggregate{timestamp, requestsCompleted, latency{min,max,median,p95,p99}, rps{count,mean}, codes, errors}. */
async function parseV1(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'an Artillery report')
  if (!read.ok) return read
  return guardFields(() => {
    const aggregate = aggregateOf(read.value, source)
    const errorsByCode = optionalRecord(aggregate, 'errors', 'aggregate') ?? {}
    let errors = 0
    for (const code of Object.keys(errorsByCode)) errors += optionalCount(errorsByCode, code, 'aggregate.errors') ?? 0
    const rps = optionalRecord(aggregate, 'rps', 'aggregate')
    const completed = optionalCount(aggregate, 'requestsCompleted', 'aggregate')
    // rps.count counts every request sent; requestsCompleted only those that got a response.
    const requests = (rps && optionalCount(rps, 'count', 'aggregate.rps')) ?? (completed === undefined ? undefined : completed + errors)
    if (!requests) {
      return failure(`"${source.relPath}" is an Artillery report of a run that made no HTTP requests; the gate reads HTTP load tests`)
    }
    const codes = optionalRecord(aggregate, 'codes', 'aggregate') ?? {}
    const failed = Math.min(requests, errors + failedStatusCount(codes, 'aggregate.codes'))
    const latencyRecord = optionalRecord(aggregate, 'latency', 'aggregate')
    // v1 writes null percentiles (NaN) when no request got a response.
    const latency = latencyRecord ? responseTimes(latencyRecord, 'aggregate.latency') : {}
    const notes = [ENSURE_NOTE]
    if (!hasLatency(latency)) {
      notes.push(
        failed === requests ? 'Artillery recorded no response times because every request failed' : 'the report has no latency figures, so latency is unknown'
      )
    }
    return {
      ok: true,
      evidence: loadEvidence({
        format: 'artillery-v1',
        tool: 'artillery',
        requests,
        failed,
        errorRate: fraction(failed, requests),
        rps: rps && optionalCount(rps, 'mean', 'aggregate.rps'),
        // aggregate.timestamp is when the report was written, at the end of the run.
        timestamp: timestampField(aggregate.timestamp, 'aggregate.timestamp'),
        latencyMs: latency,
        thresholds: [],
        percentiles: 'tool',
        notes
      })
    }
  })
}

export const artilleryParsers: EvidenceParser[] = [
  {
    format: 'artillery-v2',
    kind: 'load-test',
    description: 'Artillery 2 JSON report (artillery run --output report.json): counters, rates and summaries',
    detect: ({ head }) => AGGREGATE.test(head) && /"counters"\s*:\s*\{/.test(head) && V2_MARKER.test(head),
    parse: parseV2
  },
  {
    format: 'artillery-v1',
    kind: 'load-test',
    description: 'Artillery 1.x JSON report (artillery run -o report.json): aggregate latency, rps, codes and errors',
    detect: ({ head }) => AGGREGATE.test(head) && /"scenariosCreated"\s*:/.test(head) && /"latency"\s*:\s*\{/.test(head) && !V2_MARKER.test(head),
    parse: parseV1
  }
]
