// How requirement messages write numbers, lists and units: one way everywhere.
import { formatNumber } from '../numbers.js'

/** Keys as display paths under `prefix`: \`prefix.a\`, \`prefix.b\`. */
export const list = (keys: string[], prefix: string): string => keys.map((key) => `\`${prefix}.${key}\``).join(', ')
/**
 * Decimals enough that a value and the limit it is compared with never read the same when they are
 * not ("14.99 rps < peak 15 rps", not "15 rps < peak 15 rps"): `usual` decimals, more when needed.
 */
export function decimalsToTell(value: number, against: number | undefined, usual: number): number {
  if (against === undefined || value === against || !Number.isFinite(value) || !Number.isFinite(against)) return usual
  for (let digits = usual; digits <= 12; digits++) {
    if (roundTo(value, digits) !== roundTo(against, digits)) return digits
  }
  return 12
}

const roundTo = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits

/** Milliseconds, to 0.1 ms (more when `against` would read the same). */
export const ms = (value: number, against?: number): string => `${roundTo(value, decimalsToTell(value, against, 1))} ms`
/** A fraction as a percentage, to 0.1% (more when `against` would read the same). */
export const pct = (fraction: number, against?: number): string =>
  `${roundTo(fraction * 100, decimalsToTell(fraction * 100, against === undefined ? undefined : against * 100, 1))}%`
/** Requests per second, to 0.1 rps (more when `against` would read the same). */
export const rate = (value: number, against?: number): string => `${roundTo(value, decimalsToTell(value, against, 1))} rps`
/** `n word(s)`: "1 test", "2 tests", "4 edge-case categories". */
export const plural = (n: number, word: string): string => `${formatNumber(n)} ${n === 1 ? word : word.replace(/([^aeiou])y$/, '$1ie')}${n === 1 ? '' : 's'}`
export const round = (value: number): number => Math.round(value * 1000) / 1000
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
/** "a", "a and b", "a, b and c" (or "or"). */
export const series = (items: readonly string[], conjunction: 'and' | 'or'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`
