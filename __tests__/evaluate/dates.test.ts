import { describe, expect, it } from '@jest/globals'
import { ageInDays, daysBetween, formatDate, parseDay, startOfDay } from '../../src/evaluate/dates.js'

describe('calendar dates in UTC', () => {
  it('parses YYYY-MM-DD as that day’s midnight UTC, trimming spaces', () => {
    expect(parseDay('2026-11-02')?.toISOString()).toBe('2026-11-02T00:00:00.000Z')
    expect(parseDay(' 2026-01-31 ')?.toISOString()).toBe('2026-01-31T00:00:00.000Z')
    expect(parseDay('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z')
  })

  it('refuses what is not a real calendar date or not exactly YYYY-MM-DD', () => {
    for (const text of [
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-11-2',
      '26-11-02',
      '2026-11-02T00:00:00Z',
      'x2026-11-02',
      '2026-11-02x',
      '',
      'soon'
    ]) {
      expect([text, parseDay(text)]).toEqual([text, undefined])
    }
  })

  it('counts age in fractional days, negative for a later date', () => {
    const now = new Date('2026-11-22T12:00:00Z')
    expect(ageInDays(new Date('2026-11-22T00:00:00Z'), now)).toBe(0.5)
    expect(ageInDays(new Date('2026-11-23T00:00:00Z'), now)).toBe(-0.5)
    expect(ageInDays(new Date('2026-08-24T00:00:00Z'), now)).toBe(90.5)
  })

  it('counts whole calendar days between two dates whatever their times', () => {
    expect(daysBetween(new Date('2026-11-22T23:59:00Z'), new Date('2026-11-23T00:01:00Z'))).toBe(1)
    expect(daysBetween(new Date('2026-11-22T00:00:00Z'), new Date('2027-02-20T18:00:00Z'))).toBe(90)
    expect(daysBetween(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-22T00:00:00Z'))).toBe(-1)
    // Across a daylight-saving change in local zones the UTC count stays whole.
    expect(daysBetween(new Date('2026-03-28T12:00:00Z'), new Date('2026-03-30T01:00:00Z'))).toBe(2)
  })

  it('starts a day at midnight UTC and formats it back', () => {
    expect(startOfDay(new Date('2026-11-22T23:59:59.999Z')).toISOString()).toBe('2026-11-22T00:00:00.000Z')
    expect(formatDate(new Date('2026-11-22T23:59:59.999Z'))).toBe('2026-11-22')
  })
})
