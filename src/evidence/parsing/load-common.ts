// Helpers shared by the load-test parsers that read one JSON document (k6 summaries, Artillery,
// autocannon): reading the document with a line for syntax errors, typed field access that turns a
// wrong type into a plain sentence (a FieldProblem), and the failure definition they share.
import type { EvidenceSource, LoadTestEvidence, ParseFailure } from '../types.js'
import { describeValue, failure, FieldProblem, lineAt } from './failure.js'
import { isRecord, readEvidenceText } from './read-evidence.js'

/** The note of a load test that made no requests (a report's latency would otherwise be missing unexplained). */
export const NO_REQUESTS_NOTE = 'the run made no requests: there is no latency to report'

export type JsonRecord = Record<string, unknown>

/** Reads the whole file as one JSON document (and its text, for positions); a syntax error names its 1-based line. */
export async function readJsonDocument(source: EvidenceSource, what: string): Promise<{ ok: true; value: unknown; text: string } | ParseFailure> {
  const read = await readEvidenceText(source)
  if (!read.ok) return read
  const { text } = read
  if (text.trim() === '') return failure(`"${source.relPath}" is empty, not ${what}`)
  try {
    return { ok: true, value: JSON.parse(text), text }
  } catch (error) {
    return jsonSyntaxFailure(text, (error as Error).message, `"${source.relPath}" is not valid JSON, so it cannot be read as ${what}`)
  }
}

/** A failure for a JSON.parse error, with the line of the error position when V8 reports one. */
export function jsonSyntaxFailure(text: string, detail: string, lead: string): ParseFailure {
  if (/Unexpected end of JSON input|Unterminated string/i.test(detail)) {
    return failure(`${lead}: it ends before the JSON is complete (the file looks cut off)`, lineAt(text, text.trimEnd().length))
  }
  const position = /at position (\d+)/.exec(detail)
  if (position && text.slice(Number(position[1])).trim() === '') {
    return failure(`${lead}: it ends before the JSON is complete (the file looks cut off)`, lineAt(text, text.trimEnd().length))
  }
  const line = position ? lineAt(text, Number(position[1])) : undefined
  return failure(`${lead}: ${detail.replace(/\s*\(line \d+ column \d+\)$/, '')}`, line)
}

/** The dotted name of a field for messages; `path` is '' at the top level. */
const fieldName = (path: string, key: string): string => (path ? `${path}.${key}` : key)

/** `record[key]` as a finite number, undefined when absent or null; anything else is a FieldProblem naming `path`. */
function optionalNumber(record: JsonRecord, key: string, path: string): number | undefined {
  const value = record[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldProblem(`${fieldName(path, key)} is ${describeValue(value)}, not a number`)
  return value
}

/** Like optionalNumber, and the number must not be negative (counts, latencies, durations). */
export function optionalCount(record: JsonRecord, key: string, path: string): number | undefined {
  const value = optionalNumber(record, key, path)
  if (value !== undefined && value < 0) throw new FieldProblem(`${fieldName(path, key)} is ${value}; it cannot be negative`)
  return value
}

export function optionalRecord(record: JsonRecord, key: string, path: string): JsonRecord | undefined {
  const value = record[key]
  if (value === undefined || value === null) return undefined
  if (!isRecord(value)) throw new FieldProblem(`${fieldName(path, key)} is ${describeValue(value)}, not an object`)
  return value
}

export function requireRecord(value: unknown, path: string, what: string): JsonRecord {
  if (!isRecord(value)) throw new FieldProblem(`${path} is ${value === undefined ? 'missing' : describeValue(value)}; ${what}`)
  return value
}

/** part / whole, or undefined when either is unknown or nothing was counted. */
export function fraction(part: number | undefined, whole: number | undefined): number | undefined {
  if (part === undefined || whole === undefined || whole <= 0) return undefined
  return part / whole
}

/**
 * The failure definition shared by Artillery and autocannon (and k6's default `http_req_failed`):
 * a request failed when it got no response (connection error, timeout) or its status was 400 or above.
 * `codes` maps status codes (as written in the file) to counts.
 */
export function failedStatusCount(codes: JsonRecord, path: string): number {
  let failed = 0
  for (const [code, raw] of Object.entries(codes)) {
    const count = typeof raw === 'number' ? raw : isRecord(raw) ? raw.count : raw
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) throw new FieldProblem(`${path}.${code} is ${describeValue(raw)}, not a count`)
    const status = Number(code)
    if (!Number.isInteger(status)) throw new FieldProblem(`${path} has "${code}", which is not an HTTP status code`)
    if (status >= 400) failed += count
  }
  return failed
}

/**
 * A file that records its request count and the tool's mean rate over the run, but not the run's
 * duration (k6 --summary-export, Locust _stats.csv, JMeter statistics.json, Gatling stats.json): the
 * tool computed the rate as count ÷ duration, so the duration is count ÷ rate. It is marked so in
 * the notes. A file that records neither keeps no duration, and the gate says so.
 */
export function completeDuration(evidence: LoadTestEvidence): LoadTestEvidence {
  const { requests, rps } = evidence
  if (evidence.durationS !== undefined || requests === undefined || rps === undefined || !(requests > 0) || !(rps > 0)) return evidence
  evidence.durationS = requests / rps
  evidence.durationDerived = true
  ;(evidence.notes ??= []).push(
    `the file records no run duration: it is taken as requests ÷ the tool's mean rate (${Math.round(evidence.durationS * 10) / 10} s)`
  )
  return evidence
}

/** Builds the evidence, copying startedAt into timestamp when the file has no other timestamp. */
export function loadEvidence(fields: Omit<LoadTestEvidence, 'kind'>): LoadTestEvidence {
  const evidence: LoadTestEvidence = completeDuration({ kind: 'load-test', ...fields })
  if (evidence.timestamp === undefined && evidence.startedAt !== undefined) evidence.timestamp = evidence.startedAt
  if (evidence.notes?.length === 0) delete evidence.notes
  for (const key of Object.keys(evidence.latencyMs) as (keyof LoadTestEvidence['latencyMs'])[]) {
    if (evidence.latencyMs[key] === undefined) delete evidence.latencyMs[key]
  }
  for (const key of Object.keys(evidence) as (keyof LoadTestEvidence)[]) {
    if (evidence[key] === undefined) delete evidence[key]
  }
  return evidence
}
