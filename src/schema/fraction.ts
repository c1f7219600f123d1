// Fractions between 0 and 1 (an error budget, a disparity threshold) as people write them. A bare
// `1` meant as 1% would read as 100% and the check could never fail, so the unit is never guessed:
// a number below 1 is a fraction (0.01 = 1%), a string with % is a percentage ("1%"), and a bare
// number of 1 or more is refused with a sentence that says the unit. Every 0–1 field of the
// manifest and the policy goes through here (see FRACTION_SCHEMA for its JSON Schema side).
import { displayPath, type KeyPath } from '../yaml/located.js'
import type { SchemaProblem } from './validate.js'

const PERCENT = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%\s*$/

export type ParsedFraction = { ok: true; value: number } | { ok: false; message: string }

/** One value as a fraction in [0, 1]; `name` is the key as the sentence shows it. */
export function parseFraction(value: unknown, name: string): ParsedFraction {
  const shown = `\`${name}\``
  const unit = `write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%")`
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value < 0) return { ok: false, message: `${shown} cannot be negative (${value}); ${unit}` }
    if (value >= 1) {
      const asPercent = value <= 100 ? `"${value}%"` : undefined
      return {
        ok: false,
        message: `${shown} is ${value}, which as a fraction means ${value * 100}%; ${unit}${asPercent ? `: if you meant ${value}%, write ${asPercent} or ${value / 100}` : ''}`
      }
    }
    return { ok: true, value }
  }
  if (typeof value === 'string') {
    const match = PERCENT.exec(value)
    if (match) {
      const percent = Number(match[1])
      if (percent > 100) return { ok: false, message: `${shown} is ${value.trim()}, over 100%` }
      return { ok: true, value: percent / 100 }
    }
  }
  // A mapping or a list is named, not printed as [object Object].
  const found =
    typeof value === 'string'
      ? `"${value}"`
      : value === null
        ? 'empty'
        : Array.isArray(value)
          ? 'a list'
          : typeof value === 'object'
            ? 'a mapping'
            : typeof value === 'boolean' || typeof value === 'number'
              ? String(value)
              : typeof value
  return { ok: false, message: `${shown} must be a fraction or a percentage, not ${found}; ${unit}` }
}

/**
 * Checks and normalises the fractions of a parsed document in place: each value found at `paths`
 * becomes a number in [0, 1], or is removed and becomes a problem at its path. Schema problems at these paths should be
 * dropped in favour of these (the schema's alternatives read worse).
 */
export function normalizeFractions(data: unknown, paths: readonly KeyPath[]): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  for (const keyPath of paths) {
    const parent = keyPath
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), data)
    if (parent === null || typeof parent !== 'object') continue
    const key = keyPath.at(-1)!
    const record = parent as Record<string | number, unknown>
    if (!(key in record)) continue
    const parsed = parseFraction(record[key], displayPath(keyPath))
    if (parsed.ok) record[key] = parsed.value
    else {
      // Nothing downstream may read a refused value as if it were right (1 as a 100% budget).
      delete record[key]
      problems.push({ path: keyPath, message: parsed.message })
    }
  }
  return problems
}

/** Whether a schema problem is about one of these fraction paths (normalizeFractions speaks for them). */
export const isAboutFraction = (problem: SchemaProblem, paths: readonly KeyPath[]): boolean =>
  paths.some((keyPath) => displayPath(keyPath) === displayPath(problem.path))
