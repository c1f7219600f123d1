// The tests Stryker runs against each mutant (npm run mutation): the source-level unit tests of the
// modules deciding pass or fail. The bundle tests (dist/) cannot see a mutant in src/, and the
// adversarial suites (whole example repositories, fuzzing) multiply the run time while those
// modules' own tests must catch a fail-open change by themselves.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: [
    '**/__tests__/evaluate/**/*.test.ts',
    '**/__tests__/policy/**/*.test.ts',
    '**/__tests__/github/trusted.test.ts'
  ]
}
