// Calendar dates in UTC: `2026-11-02` is that whole day, whatever the runner's time zone.
const DAY_MS = 86_400_000

/** Parses YYYY-MM-DD as midnight UTC; undefined when it is not a real date. */
export function parseDay(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (!match) return undefined
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().startsWith(text.trim()) ? date : undefined
}

export function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
}

/** Whole and fractional days from `date` to `now` (negative when `date` is later). */
export function ageInDays(date: Date, now: Date): number {
  return (now.getTime() - date.getTime()) / DAY_MS
}

/** Days between two calendar dates (b - a). */
export function daysBetween(a: Date, b: Date): number {
  return Math.round((startOfDay(b).getTime() - startOfDay(a).getTime()) / DAY_MS)
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}
