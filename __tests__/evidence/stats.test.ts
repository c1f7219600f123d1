import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { LatencyHistogram } from '../../src/evidence/stats.js'

const nearestRank = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!
}

describe('LatencyHistogram', () => {
  it('gives nearest-rank percentiles on a known set', () => {
    const h = new LatencyHistogram()
    for (let v = 1; v <= 100; v++) h.add(v)
    expect(h.summary()).toEqual({ p50: 50, p90: 90, p95: 95, p99: 99, max: 100 })
  })
  it('mixes integer and fractional samples in value order', () => {
    const h = new LatencyHistogram()
    for (const v of [10, 10.5, 9.999, 11, 2_000_000.25]) h.add(v)
    expect(h.percentile(20)).toBe(9.999)
    expect(h.percentile(40)).toBe(10)
    expect(h.percentile(60)).toBe(10.5)
    expect(h.percentile(80)).toBe(11)
    expect(h.percentile(100)).toBe(2_000_000.25)
  })
  it('is empty-safe: no samples, no made-up zero', () => {
    expect(new LatencyHistogram().summary()).toEqual({})
    expect(new LatencyHistogram().percentile(95)).toBeUndefined()
  })
  it('matches sorting for arbitrary samples at microsecond resolution', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 5000 }),
            fc.integer({ min: 0, max: 5_000_000 }).map((us) => us / 1000)
          ),
          { minLength: 1, maxLength: 300 }
        ),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const h = new LatencyHistogram()
          values.forEach((v) => h.add(v))
          expect(h.percentile(p)).toBe(nearestRank(values, p))
        }
      ),
      { numRuns: 200 }
    )
  })
})
