import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { decimalsToTell, ms, pct, plural, rate } from '../../../src/evaluate/checks/wording.js'

describe('numbers that never contradict their comparison', () => {
  it('shows as many decimals as the comparison needs, and the usual ones otherwise', () => {
    expect(`${rate(14.994, 15)} < peak ${rate(15, 14.994)}`).toBe('14.99 rps < peak 15 rps')
    expect(`${ms(800.04, 800)} > SLO ${ms(800, 800.04)}`).toBe('800.04 ms > SLO 800 ms')
    expect(`${pct(0.01001, 0.01)} > ${pct(0.01, 0.01001)}`).toBe('1.001% > 1%')
    expect(rate(41.234, 40)).toBe('41.2 rps')
    expect(ms(1240.24)).toBe('1240.2 ms')
    expect(rate(15, 15)).toBe('15 rps')
  })

  it('never prints two different values the same (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (a, b) => {
        fc.pre(Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))
        expect(rate(a, b)).not.toBe(rate(b, a))
        expect(decimalsToTell(a, b, 1)).toBeGreaterThanOrEqual(1)
      })
    )
  })
})

describe('plural', () => {
  it('counts with the right noun form', () => {
    expect(plural(5, 'edge-case category')).toBe('5 edge-case categories')
    expect(plural(1, 'edge-case category')).toBe('1 edge-case category')
    expect(plural(12380, 'request')).toBe('12,380 requests')
    expect(plural(2, 'key')).toBe('2 keys')
  })
})
