// Messages format numbers without Intl (start-up); they must read exactly as en-US toLocaleString writes them.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { formatDollars, formatNumber } from '../../src/evaluate/numbers.js'

const intlDollars = (value: number): string =>
  `$${value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: Number.isInteger(value) ? 0 : 2 })}`

/** Doubles of every magnitude, and decimals with few digits (where ties such as 1.0005 sit). */
const numbers = fc.oneof(
  fc.double(),
  fc.integer({ min: -1e9, max: 1e9 }).chain((units) => fc.integer({ min: 0, max: 6 }).map((scale) => units / 10 ** scale))
)

describe('numbers in messages', () => {
  it('read as in the README: counts grouped by thousands, dollars with cents unless whole', () => {
    expect(formatNumber(12380)).toBe('12,380')
    expect(formatNumber(1200000)).toBe('1,200,000')
    expect(formatDollars(1.4)).toBe('$1.40')
    expect(formatDollars(5040)).toBe('$5,040')
    expect(formatDollars(4000)).toBe('$4,000')
    expect(formatDollars(4072.5)).toBe('$4,072.50')
  })

  it('never let an amount read the same as the one it is compared with', () => {
    expect(formatDollars(4072.5, 4000)).toBe('$4,072.50')
    expect(formatDollars(4000, 4072.5)).toBe('$4,000')
    expect(formatDollars(4000.004, 4000)).toBe('$4,000.004')
    expect(formatDollars(4000, 4000.004)).toBe('$4,000.000')
    expect(formatDollars(1.001, 1.0049)).toBe('$1.001')
    expect(formatDollars(4000, 4000)).toBe('$4,000')
    fc.assert(
      fc.property(numbers, numbers, (value, against) => {
        fc.pre(Number.isFinite(value) && Number.isFinite(against) && value !== against && Math.abs(value - against) > 1e-9 * Math.max(1, Math.abs(value)))
        expect(formatDollars(value, against)).not.toBe(formatDollars(against, value))
      }),
      { numRuns: 5000 }
    )
  })

  it('round the shortest decimal half away from zero, as Intl does (1.0005 → 1.001, not 1.000)', () => {
    expect(formatNumber(1.0005)).toBe('1.001')
    expect(formatNumber(-1.0005)).toBe('-1.001')
    expect(formatNumber(999.9995)).toBe('1,000')
    expect(formatNumber(-0.0001)).toBe('-0')
    expect(formatDollars(99.995)).toBe('$100.00')
  })

  it('equal toLocaleString("en-US") for any number', () => {
    fc.assert(
      fc.property(numbers, (value) => {
        expect(formatNumber(value)).toBe(value.toLocaleString('en-US'))
        expect(formatDollars(value)).toBe(intlDollars(value))
      }),
      { numRuns: 20000 }
    )
  })
})
