// The one strict reader of dates in evidence files: a date must name a real day (2026-02-30 is no
// date; Date.parse would quietly read it as 2 March), so a mistyped date fails instead of counting.
import { describeValue, FieldProblem } from './failure.js'

/** The text when it is an ISO 8601 date or date-time naming a real day, else undefined. */
export function isoTimestamp(text: string): string | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  if (!day) return undefined
  const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])]
  const probe = new Date(Date.UTC(year, month - 1, date))
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== date) return undefined
  return Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)) ? undefined : text
}

/** A JSON field holding an ISO 8601 date or epoch milliseconds, as an ISO timestamp; anything else is a FieldProblem naming `path`. */
export function timestampField(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined
  const text = typeof value === 'string' ? isoTimestamp(value) : undefined
  const ms = typeof value === 'number' ? value : text !== undefined ? Date.parse(text) : NaN
  if (!Number.isFinite(ms) || ms < 0) throw new FieldProblem(`${path} is ${describeValue(value)}, not a date`)
  return new Date(ms).toISOString()
}

/**
 * A date-time a tool wrote without a zone, read as UTC: Python's `str(datetime)` ("2023-10-19
 * 00:45:38.298619") or an ISO time with no offset gets a "T" and a "Z"; undefined unless it names a real day.
 */
export function utcTimestamp(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined
  const iso = text.replace(' ', 'T')
  return isoTimestamp(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`)
}
