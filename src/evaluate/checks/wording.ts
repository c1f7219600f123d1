// How requirement messages write numbers, lists and units: one way everywhere.
import { formatNumber } from '../numbers.js'

/** Keys as display paths under `prefix`: \`prefix.a\`, \`prefix.b\`. */
export const list = (keys: string[], prefix: string): string => keys.map((key) => `\`${prefix}.${key}\``).join(', ')
export const ms = (value: number): string => `${Math.round(value * 10) / 10} ms`
export const pct = (fraction: number): string => `${Math.round(fraction * 1000) / 10}%`
export const rate = (value: number): string => `${Math.round(value * 10) / 10} rps`
/** `n word(s)`: "1 test", "2 tests", "4 edge-case categories". */
export const plural = (n: number, word: string): string => `${formatNumber(n)} ${n === 1 ? word : word.replace(/([^aeiou])y$/, '$1ie')}${n === 1 ? '' : 's'}`
export const round = (value: number): number => Math.round(value * 1000) / 1000
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
