// Messages format numbers without Intl (start-up); they must read exactly as en-US toLocaleString writes them.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { formatDollars, formatNumber } from '../../src/evaluate/numbers.js'

const intlDollars = (value: number): string =>
  `$${value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: value < 100 && !Number.isInteger(value) ? 2 : 0 })}`

/** Doubles of every magnitude, and decimals with few digits (where ties such as 1.0005 sit). */
const numbers = fc.oneof(
  fc.double(),
  fc.integer({ min: -1e9, max: 1e9 }).chain((units) => fc.integer({ min: 0, max: 6 }).map((scale) => units / 10 ** scale))
)

describe('numbers in messages', () => {
  it('read as in the README: counts grouped by thousands, cents below $100', () => {
    expect(formatNumber(12380)).toBe('12,380')
    expect(formatNumber(1200000)).toBe('1,200,000')
    expect(formatDollars(1.4)).toBe('$1.40')
    expect(formatDollars(5040)).toBe('$5,040')
    expect(formatDollars(4000)).toBe('$4,000')
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
