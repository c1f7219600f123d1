// Judging a measured proportion (accuracy, pass rate, error rate...) with its uncertainty: a
// metric measured on a handful of samples says little, so the gate judges the bound of its 95%
// Wilson score interval on the unfavourable side, never the point value alone. The Wilson interval
// stays inside [0, 1] and keeps its coverage near 95% for small samples and for proportions near 0
// or 1, where the textbook normal interval breaks down. Differences between two proportions
// (fairness) use Newcombe's hybrid score interval, built from the two Wilson intervals.
// Every evaluator that judges a proportion calls judgeProportion, so the rule and the message read
// the same for evaluation files, fairness groups and per-case eval results.

import { formatNumber } from './numbers.js'

/** The two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054

export interface Interval {
  low: number
  high: number
}

/** The 95% Wilson score interval of `successes` out of `trials` (trials ≥ 1, 0 ≤ successes ≤ trials). */
export function wilsonInterval(successes: number, trials: number, z: number = Z95): Interval {
  if (!(trials >= 1) || !(successes >= 0) || successes > trials) throw new RangeError(`no interval for ${successes} of ${trials}`)
  const p = successes / trials
  const z2 = z * z
  const denominator = 1 + z2 / trials
  const center = (p + z2 / (2 * trials)) / denominator
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))
  // Exact at the edges: with no failures (or no successes) the interval reaches 1 (or 0).
  return { low: successes === 0 ? 0 : Math.max(0, center - half), high: successes === trials ? 1 : Math.min(1, center + half) }
}

/** The whole number of successes a proportion measured on `trials` samples stands for. */
export const successesOf = (proportion: number, trials: number): number => Math.min(trials, Math.max(0, Math.round(proportion * trials)))

/**
 * Newcombe's hybrid score interval (method 10) for the difference a − b of two independent
 * proportions, from each one's Wilson interval.
 */
export function differenceInterval(a: { value: number; samples: number }, b: { value: number; samples: number }, z: number = Z95): Interval {
  const pa = successesOf(a.value, a.samples) / a.samples
  const pb = successesOf(b.value, b.samples) / b.samples
  const ia = wilsonInterval(successesOf(a.value, a.samples), a.samples, z)
  const ib = wilsonInterval(successesOf(b.value, b.samples), b.samples, z)
  const difference = pa - pb
  return {
    low: difference - Math.sqrt((pa - ia.low) ** 2 + (ib.high - pb) ** 2),
    high: difference + Math.sqrt((ia.high - pa) ** 2 + (pb - ib.low) ** 2)
  }
}

export interface ProportionClaim {
  /** The measured proportion, 0..1. */
  value: number
  /** How many samples it was measured on. */
  samples: number
  /** The value it must reach (at least, or at most when lowerIsBetter). */
  target: number
  lowerIsBetter: boolean
}

export interface ProportionJudgment {
  ok: boolean
  interval: Interval
  /** The bound judged: the low end when higher is better, the high end when lower is better. */
  bound: number
  /** "0.93 on 3 samples: 95% interval 0.44–1.00; the lower bound is under the target 0.90". */
  message: string
}

/**
 * Judges a proportion against its target by the unfavourable bound of its 95% Wilson interval: the
 * metric passes only when even that bound meets the target. Reusable for any per-case result
 * (an eval's pass rate is `passed / cases` on `cases` samples).
 */
export function judgeProportion(claim: ProportionClaim): ProportionJudgment {
  const { value, samples, target, lowerIsBetter } = claim
  const interval = wilsonInterval(successesOf(value, samples), samples)
  const bound = lowerIsBetter ? interval.high : interval.low
  const ok = lowerIsBetter ? bound <= target : bound >= target
  const digits = shownDigits(interval, target)
  const side = lowerIsBetter ? 'upper' : 'lower'
  const verdict = ok
    ? `meets the target ${formatFraction(target, digits)}`
    : `is ${lowerIsBetter ? 'over' : 'under'} the target ${formatFraction(target, digits)}`
  const message = `${formatFraction(value, Math.min(4, decimalsOf(value)))} on ${formatNumber(samples)} sample${samples === 1 ? '' : 's'}: 95% interval ${formatFraction(interval.low, digits, 'down')}–${formatFraction(interval.high, digits, 'up')}; the ${side} bound ${verdict}`
  return { ok, interval, bound, message }
}

/** Decimal places of a number as JavaScript writes it (0.93 → 2, 1e-7 → 7). */
export function decimalsOf(value: number): number {
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string]
  const fractionDigits = mantissa.includes('.') ? mantissa.split('.')[1]!.length : 0
  return Math.max(0, fractionDigits - Number(exponent))
}

/**
 * How many decimals to show interval bounds with: at least two, at least the target's, and more
 * while a bound, rounded as it is shown, would print as the target it differs from (0.8996 is not
 * "0.90", 0.9584 is not "0.95").
 */
function shownDigits(interval: Interval, target: number): number {
  let digits = Math.max(2, decimalsOf(target))
  const printsAsTarget = (bound: number, direction: 'down' | 'up'): boolean =>
    bound !== target && (Number(formatFraction(bound, digits)) === target || Number(formatFraction(bound, digits, direction)) === target)
  while (digits < 6 && (printsAsTarget(interval.low, 'down') || printsAsTarget(interval.high, 'up'))) digits++
  return digits
}

/** Rounds toward the side that does not flatter: a lower bound down, an upper bound up. */
function formatFraction(value: number, digits: number, direction: 'down' | 'up' | 'nearest' = 'nearest'): string {
  const scale = 10 ** digits
  // The epsilon keeps 0.93 * 100 = 93.00000000000001 from rounding up to 0.94.
  const scaled = value * scale
  const rounded = direction === 'down' ? Math.floor(scaled + 1e-9) : direction === 'up' ? Math.ceil(scaled - 1e-9) : Math.round(scaled)
  return (rounded / scale).toFixed(digits)
}

/**
 * The fewest trials, with `successes` among them and no more, whose 95% Wilson upper bound is at
 * most `maxRate`: how many attempts a red-team category needs for its rate to be shown under the
 * policy's (73 at 5% with no success). Undefined when no number of trials can show it (a rate of 0).
 */
export function trialsToBoundUnder(successes: number, maxRate: number): number | undefined {
  if (!(maxRate > 0)) return undefined
  const fits = (trials: number): boolean => wilsonInterval(successes, trials).high <= maxRate
  let low = Math.max(successes, 1)
  if (fits(low)) return low
  // The upper bound falls as trials grow with the successes fixed: double, then bisect.
  let high = low * 2
  while (!fits(high)) {
    if (high > 1e12) return undefined
    low = high
    high *= 2
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (fits(middle)) high = middle
    else low = middle
  }
  return high
}
