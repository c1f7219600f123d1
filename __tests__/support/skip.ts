// A test that cannot run here is skipped with its reason in its title, never silently; the skip
// reporter (__tests__/support/skip-reporter.js) prints one line per reason at the end of the run.
import { describe, it } from '@jest/globals'

/** Separates a skipped test's name from why it was skipped; the reporter reads it back. */
export const SKIPPED_BECAUSE = ' — skipped: '

/** `it` that skips every test it declares, each titled with the reason. */
export const itSkipped = (reason: string): typeof it =>
  ((name: string, fn?: () => void) => it.skip(`${name}${SKIPPED_BECAUSE}${reason}`, fn ?? (() => undefined))) as unknown as typeof it

/** `describe` whose block is replaced by one skipped test titled with the reason. */
export const describeSkipped = (reason: string): typeof describe =>
  ((name: string) => describe(name, () => it.skip(`all tests${SKIPPED_BECAUSE}${reason}`, () => undefined))) as unknown as typeof describe
