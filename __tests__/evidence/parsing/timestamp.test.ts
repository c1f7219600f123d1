import { describe, expect, it } from '@jest/globals'
import { FieldProblem } from '../../../src/evidence/parsing/failure.js'
import { isoTimestamp, timestampField } from '../../../src/evidence/parsing/timestamp.js'

describe('isoTimestamp', () => {
  it('keeps a date or date-time that names a real day, as written', () => {
    expect(isoTimestamp('2026-11-20')).toBe('2026-11-20')
    expect(isoTimestamp('2024-02-29T10:00:00Z')).toBe('2024-02-29T10:00:00Z')
  })

  it('rejects a day the calendar does not have, and text that is no date', () => {
    for (const text of ['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31T10:00:00Z', 'last tuesday', '20261120', '2026-11-20Tnoon'])
      expect([text, isoTimestamp(text)]).toEqual([text, undefined])
  })
})

describe('timestampField', () => {
  it('reads epoch milliseconds and ISO text as an ISO timestamp; absent is undefined', () => {
    expect(timestampField(Date.UTC(2026, 10, 20, 9, 30), 'start')).toBe('2026-11-20T09:30:00.000Z')
    expect(timestampField('2026-11-20T09:30:00Z', 'start')).toBe('2026-11-20T09:30:00.000Z')
    expect(timestampField(undefined, 'start')).toBeUndefined()
    expect(timestampField(null, 'start')).toBeUndefined()
  })

  it('refuses 2026-02-30 instead of reading it as 2 March, naming the field', () => {
    expect(() => timestampField('2026-02-30T10:00:00Z', 'metadata.generated_at')).toThrow(
      new FieldProblem('metadata.generated_at is "2026-02-30T10:00:00Z", not a date')
    )
    expect(() => timestampField(-5, 'start')).toThrow(FieldProblem)
    expect(() => timestampField(true, 'start')).toThrow('start is true, not a date')
  })
})
