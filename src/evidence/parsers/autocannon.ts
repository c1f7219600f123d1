// Parser for autocannon results (`autocannon --json URL > result.json`).
//
// Definitions (docs/formats/load-k6-artillery-autocannon.md): requests = responses (requests.total)
// plus requests that got none (`errors`, which include `timeouts`); failed = `errors` plus responses
// with status 400 or above. Latency is autocannon's HDR histogram (`percentiles: 'tool'`), which by
// default includes non-2xx responses but never connection errors. autocannon reports p90, p97.5 and
// p99 but no p95: p95 stays absent rather than interpolated.
import type { EvidenceParser, EvidenceSource, LoadTestEvidence, ParseResult } from '../types.js'
import { FieldProblem, failure, guardFields } from '../parsing/failure.js'
import { failedStatusCount, loadEvidence, optionalCount, optionalRecord, readJsonDocument, requireRecord, type JsonRecord } from '../parsing/load-common.js'
import { timestampField } from '../parsing/timestamp.js'

/** Responses with status >= 400, from statusCodeStats (autocannon 7+) or the per-class counters. */
function failedResponses(result: JsonRecord): number | undefined {
  const byCode = optionalRecord(result, 'statusCodeStats', '')
  if (byCode) return failedStatusCount(byCode, 'statusCodeStats')
  const client = optionalCount(result, '4xx', '')
  const server = optionalCount(result, '5xx', '')
  if (client === undefined && server === undefined) return undefined
  return (client ?? 0) + (server ?? 0)
}

async function parseAutocannon(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'an autocannon result')
  if (!read.ok) return read
  return guardFields(() => {
    const result = requireRecord(read.value, `"${source.relPath}"`, 'an autocannon result is a JSON object')
    const requestStats = requireRecord(result.requests, 'requests', 'an autocannon result has a "requests" object')
    const latencyStats = requireRecord(result.latency, 'latency', 'an autocannon result has a "latency" object')
    const responses = optionalCount(requestStats, 'total', 'requests')
    const errors = optionalCount(result, 'errors', '')
    if (responses === undefined) throw new FieldProblem('requests.total is missing; autocannon writes the number of responses there')
    const requests = responses + (errors ?? 0)
    if (requests === 0) return failure(`"${source.relPath}" is an autocannon result of a run that made no requests`)
    const notes: string[] = ['autocannon reports p90, p97.5 and p99 but no p95; p95 is left out, not interpolated']
    let failed: number | undefined
    const failedStatus = failedResponses(result)
    if (failedStatus === undefined) {
      const non2xx = optionalCount(result, 'non2xx', '')
      if (non2xx !== undefined) {
        failed = non2xx + (errors ?? 0)
        notes.push('the result has no per-status counts, so every non-2xx response counts as failed')
      }
    } else {
      failed = failedStatus + (errors ?? 0)
    }
    const mismatches = optionalCount(result, 'mismatches', '')
    if (mismatches) notes.push(`${mismatches} responses did not match the expected body; they are not counted as failed`)
    // An empty HDR histogram still writes zeros; with no sample there is no latency.
    const samples = optionalCount(latencyStats, 'totalCount', 'latency')
    const latency: LoadTestEvidence['latencyMs'] =
      samples === 0
        ? {}
        : {
            p50: optionalCount(latencyStats, 'p50', 'latency'),
            p90: optionalCount(latencyStats, 'p90', 'latency'),
            p99: optionalCount(latencyStats, 'p99', 'latency'),
            max: optionalCount(latencyStats, 'max', 'latency')
          }
    if (samples === 0) notes.push('autocannon recorded no response times (no request got a response)')
    const durationS = optionalCount(result, 'duration', '')
    return {
      ok: true,
      evidence: loadEvidence({
        format: 'autocannon',
        tool: 'autocannon',
        requests,
        failed,
        errorRate: failed === undefined ? undefined : failed / requests,
        // Requests over the whole run; requests.average is a mean of per-second samples.
        rps: durationS ? requests / durationS : undefined,
        durationS,
        startedAt: timestampField(result.start, 'start'),
        latencyMs: latency,
        thresholds: [],
        percentiles: 'tool',
        notes
      })
    }
  })
}

export const autocannonParsers: EvidenceParser[] = [
  {
    format: 'autocannon',
    kind: 'load-test',
    description: 'autocannon result (autocannon --json URL > result.json): latency histogram, requests, errors, non-2xx',
    detect: ({ head }) => /"pipelining"\s*:/.test(head) && /"non2xx"\s*:/.test(head) && /"latency"\s*:\s*\{/.test(head) && /"throughput"\s*:\s*\{/.test(head),
    parse: parseAutocannon
  }
]
