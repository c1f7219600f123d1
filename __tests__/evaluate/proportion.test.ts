// The interval math behind judging proportions: published values, and the score-test property that
// defines the Wilson interval (its bounds are the proportions the score test just fails to reject).
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { differenceInterval, judgeProportion, successesOf, trialsToBoundUnder, wilsonInterval, Z95 } from '../../src/evaluate/proportion.js'

const trials = fc.integer({ min: 1, max: 100_000 })
const counts = trials.chain((n) => fc.record({ n: fc.constant(n), k: fc.integer({ min: 0, max: n }) }))

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // Newcombe (1998), Statistics in Medicine 17:857, table I, and Agresti & Coull (1998).
    const cases: [number, number, number, number][] = [
      [0, 10, 0, 0.2775],
      [1, 10, 0.0179, 0.4042],
      [5, 10, 0.2366, 0.7634],
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [3, 3, 0.4385, 1]
    ]
    for (const [k, n, low, high] of cases) {
      const interval = wilsonInterval(k, n)
      expect(interval.low).toBeCloseTo(low, 4)
      expect(interval.high).toBeCloseTo(high, 4)
    }
  })

  it('contains the observed proportion, stays in [0, 1], and its bounds are where the score test stops rejecting', () => {
    fc.assert(
      fc.property(counts, ({ k, n }) => {
        const p = k / n
        const { low, high } = wilsonInterval(k, n)
        expect(0 <= low && low <= p && p <= high && high <= 1).toBe(true)
        // (p̂ − π)² = z² π (1 − π) / n at each bound strictly inside (0, 1).
        for (const bound of [low, high]) {
          if (bound <= 0 || bound >= 1) continue
          expect((p - bound) ** 2).toBeCloseTo((Z95 ** 2 * bound * (1 - bound)) / n, 9)
        }
      })
    )
  })

  it('mirrors: the interval of failures is one minus the interval of successes', () => {
    fc.assert(
      fc.property(counts, ({ k, n }) => {
        const successes = wilsonInterval(k, n)
        const failures = wilsonInterval(n - k, n)
        expect(successes.low).toBeCloseTo(1 - failures.high, 12)
        expect(successes.high).toBeCloseTo(1 - failures.low, 12)
      })
    )
  })

  it('narrows as the same proportion is measured on more samples', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 50 }), ({ k, n }, factor) => {
        const small = wilsonInterval(k, n)
        const large = wilsonInterval(k * factor, n * factor)
        expect(large.high - large.low).toBeLessThan(small.high - small.low)
      })
    )
  })

  it('refuses counts that are no proportion', () => {
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError)
    expect(() => wilsonInterval(4, 3)).toThrow(RangeError)
    expect(() => wilsonInterval(-1, 3)).toThrow(RangeError)
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError)
  })

  it('is exact at the edges, where the formula leaves a rounding error (0 of 7, 10 of 10)', () => {
    expect(wilsonInterval(0, 7).low).toBe(0)
    expect(wilsonInterval(10, 10).high).toBe(1)
  })
})

describe('differenceInterval', () => {
  it("matches Newcombe's worked example (56/70 − 48/80: 0.0524 to 0.3339)", () => {
    const interval = differenceInterval({ value: 56 / 70, samples: 70 }, { value: 48 / 80, samples: 80 })
    expect(interval.low).toBeCloseTo(0.0524, 4)
    expect(interval.high).toBeCloseTo(0.3339, 4)
  })

  it('contains the observed difference and is antisymmetric', () => {
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const first = { value: a.k / a.n, samples: a.n }
        const second = { value: b.k / b.n, samples: b.n }
        const forward = differenceInterval(first, second)
        const backward = differenceInterval(second, first)
        const difference = first.value - second.value
        expect(forward.low).toBeLessThanOrEqual(difference + 1e-12)
        expect(forward.high).toBeGreaterThanOrEqual(difference - 1e-12)
        expect(forward.low).toBeCloseTo(-backward.high, 12)
      })
    )
  })
})

describe('judgeProportion', () => {
  it('fails 0.93 on 3 samples against 0.90 by the lower bound, with the figures', () => {
    const judged = judgeProportion({ value: 0.93, samples: 3, target: 0.9, lowerIsBetter: false })
    expect(judged.ok).toBe(false)
    expect(judged.message).toBe('0.93 on 3 samples: 95% interval 0.43–1.00; the lower bound is under the target 0.90')
  })

  it('passes the same accuracy on 4,000 samples', () => {
    const judged = judgeProportion({ value: 0.93, samples: 4000, target: 0.9, lowerIsBetter: false })
    expect(judged.ok).toBe(true)
    expect(judged.message).toBe('0.93 on 4,000 samples: 95% interval 0.92–0.94; the lower bound meets the target 0.90')
  })

  it('judges a rate where lower is better by its upper bound', () => {
    expect(judgeProportion({ value: 0.002, samples: 4000, target: 0.005, lowerIsBetter: true }).ok).toBe(true)
    const few = judgeProportion({ value: 0.002, samples: 500, target: 0.005, lowerIsBetter: true })
    expect(few.ok).toBe(false)
    expect(few.message).toMatch(/^0\.002 on 500 samples: 95% interval 0\.000–0\.012; the upper bound is over the target 0\.005$/)
  })

  it('has its boundary where the bound crosses the target, never at the point value', () => {
    // The smallest sample on which a perfect score proves ≥ 0.9: n = z²·0.9/0.1 ≈ 34.6, so 35.
    expect(judgeProportion({ value: 1, samples: 34, target: 0.9, lowerIsBetter: false }).ok).toBe(false)
    expect(judgeProportion({ value: 1, samples: 35, target: 0.9, lowerIsBetter: false }).ok).toBe(true)
  })

  it('passes a bound exactly at the target, whichever way is better', () => {
    expect(judgeProportion({ value: 0, samples: 10, target: 0, lowerIsBetter: false })).toMatchObject({
      ok: true,
      bound: 0,
      message: '0 on 10 samples: 95% interval 0.00–0.28; the lower bound meets the target 0.00'
    })
    expect(judgeProportion({ value: 1, samples: 10, target: 1, lowerIsBetter: true })).toMatchObject({
      ok: true,
      bound: 1,
      message: '1 on 10 samples: 95% interval 0.72–1.00; the upper bound meets the target 1.00'
    })
  })

  it('counts one sample as one, and shows a value to four decimals rounded to the nearest', () => {
    expect(judgeProportion({ value: 1, samples: 1, target: 0.5, lowerIsBetter: false }).message).toMatch(/^1 on 1 sample: /)
    expect(judgeProportion({ value: 0.123449, samples: 1000, target: 0.1, lowerIsBetter: false }).message).toMatch(/^0\.1234 on 1,000 samples: /)
  })

  it('shows more digits when a failing bound would round to the target (33 of 33: 0.8957 is not "0.90")', () => {
    expect(judgeProportion({ value: 1, samples: 33, target: 0.9, lowerIsBetter: false }).message).toBe(
      '1 on 33 samples: 95% interval 0.895–1.000; the lower bound is under the target 0.900'
    )
  })

  it('never prints a passing bound, rounded toward the unfavourable side, as the target itself', () => {
    // 238 of 242 tickets: the lower bound 0.9583 rounds down to 0.95, which would read as "at the target".
    expect(judgeProportion({ value: 238 / 242, samples: 242, target: 0.95, lowerIsBetter: false }).message).toBe(
      '0.9835 on 242 samples: 95% interval 0.958–0.994; the lower bound meets the target 0.950'
    )
    // 11 of 4,000: the upper bound 0.00492 rounds up to 0.0050.
    expect(judgeProportion({ value: 11 / 4000, samples: 4000, target: 0.005, lowerIsBetter: true }).message).toMatch(
      /interval 0\.00153–0\.00492; the upper bound meets the target 0\.00500$/
    )
  })

  it('prints a bound that differs from the target with enough digits to show it', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 99 }), ({ k, n }, percent) => {
        const target = percent / 100
        const judged = judgeProportion({ value: k / n, samples: n, target, lowerIsBetter: false })
        const [low] = /interval ([\d.]+)–/.exec(judged.message)!.slice(1).map(Number)
        // A failing lower bound never prints at or above the target, a passing one never below it.
        if (judged.ok) expect(low).toBeGreaterThanOrEqual(target - 1e-9)
        else expect(low).toBeLessThan(target)
        expect(successesOf(k / n, n)).toBe(k)
      })
    )
  })
})

describe('trialsToBoundUnder', () => {
  it('is the fewest trials whose upper bound reaches the rate: 73 clean attempts show 5%, 110 with one success, 35 show 10%', () => {
    expect(trialsToBoundUnder(0, 0.05)).toBe(73)
    expect(trialsToBoundUnder(1, 0.05)).toBe(110)
    expect(trialsToBoundUnder(0, 0.1)).toBe(35)
    // Closed form with no success: the upper bound is z²/(n + z²).
    expect(trialsToBoundUnder(0, 0.01)).toBe(Math.ceil((Z95 * Z95 * 0.99) / 0.01))
  })

  it('holds at its boundary for any successes and rate: n trials reach the rate, n − 1 do not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0.001, max: 0.99, noNaN: true }), (successes, rate) => {
        const trials = trialsToBoundUnder(successes, rate)!
        expect(wilsonInterval(successes, trials).high).toBeLessThanOrEqual(rate)
        if (trials > Math.max(successes, 1)) expect(wilsonInterval(successes, trials - 1).high).toBeGreaterThan(rate)
      })
    )
  })

  it('has no answer for a rate of 0: no finite scan shows it', () => {
    expect(trialsToBoundUnder(0, 0)).toBeUndefined()
  })
})
