// Mutation testing of the modules that decide pass or fail (docs/mutation-testing.md). Run it with
// `npm run mutation`, which finds or installs the Node (22+) Stryker 10 needs.
import os from 'node:os'
import path from 'node:path'

/** Where the reports go; a second run at the same time needs its own folder. */
const reports = process.env.MUTATION_REPORTS || 'reports/mutation'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  // The tests import ESM through ts-jest, as `npm test` does.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: [
    'src/evaluate/verify.ts',
    'src/evaluate/waivers.ts',
    'src/evaluate/vanished.ts',
    'src/evaluate/dates.ts',
    'src/evaluate/checks/signoff.ts',
    // The requirements judged on evidence files, and what they share.
    'src/evaluate/requirements/load.production-volume.ts',
    'src/evaluate/requirements/data.production-evaluation.ts',
    'src/evaluate/requirements/fairness.evaluation.ts',
    'src/evaluate/checks/test-coverage.ts',
    'src/evaluate/checks/monitors.ts',
    'src/policy/load.ts',
    // Who counts as an approver; the reads of trusted files are tested against git and the GitHub stand-in.
    'src/github/trusted.ts'
  ],
  // Messages are pinned by the tests where they matter; mutating every sentence would bury the
  // mutants that change a verdict under thousands that change wording.
  mutator: { excludedMutations: ['StringLiteral'] },
  // Re-runs only the mutants whose code or covering tests changed since the last run.
  incremental: process.env.MUTATION_INCREMENTAL === '1',
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  // Outside the checkout: in a sandbox inside it, tests that run git would find the outer .git.
  tempDirName: path.join(os.tmpdir(), `readiness-gate-stryker-${process.pid}`),
  cleanTempDir: 'always',
  ignorePatterns: ['/dist', '/reports', '/bench/out', '/coverage', '/.tmp'],
  concurrency: Number(process.env.MUTATION_CONCURRENCY) || Math.max(1, Math.min(4, os.availableParallelism() - 1)),
  timeoutMS: 20_000,
  thresholds: { high: 95, low: 90, break: 90 }
}
