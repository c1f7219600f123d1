// Mutation testing of the modules that decide pass or fail (docs/mutation-testing.md). Run it with
// `npm run mutation [-- --group NAME]` (scripts/mutation.mjs): it installs the pinned Stryker and the
// Node (22+) Stryker 10 needs, and runs one group at a time, each against only the unit tests that
// reach its modules (the mutants run only the tests covering them; the first full test run runs all).
import { existsSync, mkdirSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const evaluate = (...names) => names.map((name) => `src/evaluate/${name}.ts`)
const tests = (...names) => names.map((name) => `**/__tests__/${name}.test.ts`)
/**
 * Tests every group of requirements shares: the boundary tests of each numeric verdict, and the
 * catalog's (each requirement has the manifest path and skeleton that init and explain print).
 */
const numericTests = tests('evaluate/numeric-verdicts', 'evaluate/evidence-requirements', 'evaluate/catalog')

/** Module groups: what is mutated, and the unit tests that must notice. `npm run mutation` runs them all. */
export const groups = {
  /** Who and what counts: sign-offs, waivers, verification, systems that lose their manifest, dates. */
  trust: {
    mutate: evaluate('verify', 'waivers', 'vanished', 'dates', 'checks/signoff'),
    tests: tests(
      'evaluate/verify',
      'evaluate/waivers',
      'evaluate/vanished',
      'evaluate/dates',
      'evaluate/signoffs',
      'evaluate/gate',
      'evaluate/requirements/signoff.legal',
      'evaluate/requirements/signoff.security'
    )
  },
  /** The trusted policy: thresholds, signers and approvers, never a silent fallback. */
  policy: { mutate: ['src/policy/load.ts'], tests: tests('policy/load') },
  /** Files at the trusted commit, and who approved at the head commit. */
  'trusted-read': { mutate: ['src/github/trusted.ts'], tests: tests('github/trusted') },
  /** Requirements whose verdict compares a number (attack success rate, cost, resilience, dates). */
  numbers: {
    mutate: evaluate(
      'requirements/security.adversarial',
      'requirements/cost.projection',
      'requirements/resilience.fallback',
      'requirements/success-metric',
      'requirements/adoption.training',
      'checks/test-coverage'
    ),
    tests: [
      ...tests(
        'evaluate/requirements/security.adversarial',
        'evaluate/requirements/cost.projection',
        'evaluate/requirements/resilience.fallback',
        'evaluate/requirements/success-metric',
        'evaluate/requirements/adoption.training',
        'evaluate/requirements/integration.tested',
        'evaluate/requirements/data.edge-cases'
      ),
      ...numericTests
    ]
  },
  /** Requirements judged on evidence files: load tests, evaluations, fairness, rollback, monitors, and whether the evidence has substance. */
  evidence: {
    mutate: [
      ...evaluate(
        'requirements/load.production-volume',
        'requirements/data.production-evaluation',
        'requirements/fairness.evaluation',
        'requirements/rollback.tested',
        'requirements/monitoring.output-quality',
        'requirements/drift.detection',
        'requirements/lifecycle.retraining',
        'checks/evaluation-targets',
        'checks/monitors',
        'checks/runbook',
        // Whether evidence is too thin to mean anything (hollow evidence, #16), and the proportion checks it uses.
        'substance',
        'proportion'
      ),
      // A runbook or plan counts by its steps against the policy's minimum (rollback, retraining).
      'src/evidence/runbook.ts'
    ],
    tests: [
      ...tests(
        'evaluate/requirements/load.production-volume',
        'evaluate/requirements/data.production-evaluation',
        'evaluate/requirements/fairness.evaluation',
        'evaluate/requirements/rollback.tested',
        'evaluate/requirements/monitoring.output-quality',
        'evaluate/requirements/drift.detection',
        'evaluate/requirements/lifecycle.retraining',
        'evaluate/hollow-evidence',
        'evaluate/substance',
        'evaluate/proportion',
        'evidence/runbook'
      ),
      ...numericTests
    ]
  }
}

const name = process.env.MUTATION_GROUP ?? 'trust'
const group = groups[name]
if (!group) throw new Error(`No mutation group "${name}"; the groups are ${Object.keys(groups).join(', ')}.`)
/** Where this group's reports go (scripts/mutation.mjs sets it per group). */
const reports = process.env.MUTATION_REPORTS || `reports/mutation/${name}`

// The sandbox lives outside the checkout: in one inside it, tests that run git would find the outer
// .git. Stryker makes it a folder inside this one; the evidence samples the tests read beside the
// checkout (../shared) are linked beside the sandbox too, or their tests would fail there.
const tempDir = path.join(os.tmpdir(), `readiness-gate-stryker-${name}-${process.pid}`)
const samples = path.resolve(import.meta.dirname, '../shared')
// Only in the run scripts/mutation.mjs starts (it sets MUTATION_GROUP), not when it imports `groups`.
if (process.env.MUTATION_GROUP && existsSync(samples) && !existsSync(path.join(tempDir, 'shared'))) {
  mkdirSync(tempDir, { recursive: true })
  symlinkSync(samples, path.join(tempDir, 'shared'))
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: {
    configFile: 'jest.config.js',
    // Only the tests that reach this group: every other test would run once more in the initial run, for nothing.
    // MUTATION_TESTS (comma-separated test names, e.g. evaluate/proportion) narrows a run to a module's own
    // tests while iterating: fewer tests can only kill fewer mutants, so its score is a lower bound.
    config: { testMatch: process.env.MUTATION_TESTS ? tests(...process.env.MUTATION_TESTS.split(',')) : group.tests },
    enableFindRelatedTests: false
  },
  // The tests import ESM through ts-jest, as `npm test` does.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: group.mutate,
  // Messages are pinned by the tests where they matter; mutating every sentence would bury the
  // mutants that change a verdict under thousands that change wording.
  mutator: { excludedMutations: ['StringLiteral'] },
  // Re-runs only the mutants whose code or covering tests changed since the last run.
  incremental: process.env.MUTATION_INCREMENTAL === '1',
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  tempDirName: tempDir,
  cleanTempDir: 'always',
  ignorePatterns: ['/dist', '/reports', '/bench/out', '/coverage', '/.tmp'],
  // Two by default: the machines this runs on are shared (MUTATION_CONCURRENCY gives more).
  concurrency: Number(process.env.MUTATION_CONCURRENCY) || Math.max(1, Math.min(2, os.availableParallelism() - 1)),
  timeoutMS: 20_000,
  thresholds: { high: 95, low: 90, break: 90 }
}
