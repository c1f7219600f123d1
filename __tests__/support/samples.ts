// The real evidence samples live outside the repository (../shared/evidence-samples, see SOURCES.md
// there). Tests that read them skip, saying why in their titles, where the folder is absent; under CI (CI=true) its
// absence fails instead, so a CI run can never pass by silently skipping the real-file tests.
import { describe, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describeSkipped, itSkipped } from './skip.js'

export const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/evidence-samples')
export const hasSamples = existsSync(SAMPLES)
const inCi = process.env.CI === 'true'

const ABSENT = `the real-tool evidence samples are not at ${SAMPLES} (a folder kept beside the repository; with CI=true their absence fails instead)`

const missing = (name: string): void => {
  it(name, () => {
    throw new Error(
      `${SAMPLES} is absent: the evidence-sample tests cannot run. Place the shared samples beside the repository (CI=true makes this an error, not a skip).`
    )
  })
}

/** `it` for a test that reads the samples: skipped outside CI when they are absent, failing in CI. */
export const itSample = (hasSamples ? it : inCi ? (name: string) => missing(name) : itSkipped(ABSENT)) as typeof it
/** `describe` for a block that reads the samples, with the same rule as itSample. */
export const describeSamples = (
  hasSamples ? describe : inCi ? (name: string) => describe(name, () => missing('needs the evidence samples')) : describeSkipped(ABSENT)
) as typeof describe
