// Mutation testing of the modules that decide pass or fail (docs/mutation-testing.md). Run it with
// `npm run mutation [-- --group NAME] [-- --mutate FILE]` (scripts/mutation.mjs): it installs the
// pinned Stryker and the Node (22+) Stryker 10 needs, and starts one Stryker run per entry of `groups`
// (MUTATION_GROUP, MUTATION_RUN), each mutating a module or a few against the unit tests listed with it.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const evaluate = (...names) => names.map((name) => `src/evaluate/${name}.ts`)
/** Test names (under __tests__/, without .test.ts) as jest patterns. */
export const testPatterns = (names) => names.map((name) => `**/__tests__/${name}.test.ts`)
/** Each requirement's manifest path and skeleton (which init and explain print) are static code only this test checks. */
const CATALOG = 'evaluate/catalog'
const own = (name) => `evaluate/requirements/${name}`

/**
 * What is mutated, by group; each entry of a group is one Stryker run: the modules it mutates and
 * the unit tests that must notice. Jest loads every test file of a run for every mutant (Stryker
 * picks the covering tests by name, not by file), and a mutant Stryker cannot place (module-level
 * code) runs all of them: so a run lists its modules' own tests and only those measured to kill
 * mutants the own tests miss (docs/mutation-testing.md, "What a mutant costs").
 * `npm run mutation` runs them all.
 */
export const groups = {
  /** Who and what counts: sign-offs, waivers, verification, systems that lose their manifest, dates. */
  trust: [
    { mutate: evaluate('verify'), tests: ['evaluate/verify'] },
    { mutate: evaluate('waivers'), tests: ['evaluate/waivers'] },
    { mutate: evaluate('vanished'), tests: ['evaluate/vanished'] },
    { mutate: evaluate('dates'), tests: ['evaluate/dates'] },
    { mutate: evaluate('checks/signoff'), tests: ['evaluate/signoffs', own('signoff.legal'), own('signoff.security')] }
  ],
  /** The trusted policy: thresholds, signers and approvers, never a silent fallback. */
  policy: [{ mutate: ['src/policy/load.ts'], tests: ['policy/load'] }],
  /** Files at the trusted commit, and who approved at the head commit. */
  'trusted-read': [{ mutate: ['src/github/trusted.ts'], tests: ['github/trusted'] }],
  /** Requirements whose verdict compares a number (attack success rate, cost, resilience, dates). */
  numbers: [
    { mutate: evaluate('requirements/security.adversarial'), tests: [own('security.adversarial'), CATALOG] },
    // numeric-verdicts.test.ts holds the projection's boundaries (headroom at the minimum, a missing figure).
    { mutate: evaluate('requirements/cost.projection'), tests: [own('cost.projection'), 'evaluate/numeric-verdicts', CATALOG] },
    {
      mutate: evaluate('requirements/resilience.fallback', 'requirements/success-metric'),
      tests: [own('resilience.fallback'), own('success-metric'), 'evaluate/evidence-requirements', CATALOG]
    },
    { mutate: evaluate('requirements/adoption.training'), tests: [own('adoption.training'), CATALOG] },
    {
      mutate: evaluate('checks/test-coverage'),
      tests: ['evaluate/checks/test-coverage', own('integration.tested'), own('data.edge-cases'), own('resilience.fallback'), 'evaluate/evidence-requirements']
    }
  ],
  /** Requirements judged on evidence files: load tests, evaluations, fairness, rollback, monitors, and whether the evidence has substance. */
  evidence: [
    { mutate: evaluate('requirements/load.production-volume'), tests: [own('load.production-volume'), CATALOG] },
    {
      mutate: evaluate('requirements/data.production-evaluation', 'checks/evaluation-targets'),
      tests: [own('data.production-evaluation'), 'evaluate/checks/evaluation-targets', CATALOG]
    },
    { mutate: evaluate('requirements/fairness.evaluation'), tests: [own('fairness.evaluation'), CATALOG] },
    {
      // A runbook or plan counts by its steps against the policy's minimum (rollback, retraining).
      mutate: evaluate('requirements/rollback.tested', 'requirements/lifecycle.retraining', 'checks/runbook'),
      tests: [own('rollback.tested'), own('lifecycle.retraining'), 'evidence/runbook', CATALOG]
    },
    { mutate: ['src/evidence/runbook.ts'], tests: ['evidence/runbook', own('rollback.tested'), own('lifecycle.retraining'), CATALOG] },
    {
      mutate: evaluate('requirements/monitoring.output-quality', 'requirements/drift.detection', 'checks/monitors'),
      tests: [own('monitoring.output-quality'), own('drift.detection'), CATALOG]
    },
    // Drift thresholds a statistic cannot cross, or set past its scale (drift files and Prometheus drift alerts).
    { mutate: ['src/evidence/parsing/drift-statistic.ts'], tests: ['evidence/parsing/drift-statistic', own('drift.detection')] },
    // Every counted alert links a runbook with steps (incident response, #16).
    { mutate: evaluate('requirements/incident.runbooks'), tests: [own('incident.runbooks'), CATALOG] },
    // Whether evidence is too thin to mean anything (hollow evidence, #16), and the proportion checks it uses.
    { mutate: evaluate('substance'), tests: ['evaluate/substance', 'evaluate/proportion'] },
    { mutate: evaluate('proportion'), tests: ['evaluate/proportion'] }
  ],
  /**
   * The evidence readers whose figures the verdicts compare: rows and samples counted, repeats of a
   * case told apart, attacks and failures found (a misread figure passes a gate as surely as a wrong
   * comparison).
   */
  parsing: [
    // The delimited-text scanner under JMeter, Locust, Gatling and ragas; its own tests, and JMeter's, which hold the chunk-boundary
    // cases (jmeter-plain-rows: the plain-line hook, differential against the record path).
    { mutate: ['src/evidence/parsing/csv-lines.ts'], tests: ['evidence/parsing/csv-lines', 'evidence/parsers/jmeter', 'evidence/parsers/jmeter-plain-rows'] },
    // Which promptfoo cases and garak prompts are one (repeats), with each one's worst state.
    {
      mutate: ['src/evidence/parsing/distinct-values.ts'],
      tests: ['evidence/parsing/distinct-values', 'evidence/parsers/promptfoo', 'evidence/parsers/garak']
    },
    // The shared reading and counting under the LLM-evidence readers: each metric's samples and missing values
    // (CaseMetrics), per segment (SegmentTally), JSON Lines, Python's NaN, JSON arrays split element by element.
    // Its own tests, and those of the readers that use each part (promptfoo, DeepEval, Inspect, ragas, lm-eval,
    // garak, OpenAI evals, LiteLLM, OpenAI usage).
    {
      mutate: ['src/evidence/parsing/llm-common.ts'],
      tests: [
        'evidence/parsing/llm-common',
        'evidence/parsers/promptfoo',
        'evidence/parsers/promptfoo-split',
        'evidence/parsers/deepeval',
        'evidence/parsers/inspect-ai',
        'evidence/parsers/ragas',
        'evidence/parsers/lm-eval',
        'evidence/parsers/garak',
        'evidence/parsers/openai-evals',
        'evidence/parsers/litellm',
        'evidence/parsers/openai-usage'
      ]
    },
    // promptfoo-split holds the four ways a JSON output is read (indented split, scan split, one JSON.parse) to the same results.
    { mutate: ['src/evidence/parsers/promptfoo.ts'], tests: ['evidence/parsers/promptfoo', 'evidence/parsers/promptfoo-split'] },
    { mutate: ['src/evidence/parsers/garak.ts'], tests: ['evidence/parsers/garak'] },
    // The plain-row loop's refusals are held by the differential test, not by jmeter.test.ts.
    { mutate: ['src/evidence/parsers/jmeter.ts'], tests: ['evidence/parsers/jmeter', 'evidence/parsers/jmeter-plain-rows'] }
  ]
}

/** A run's name, for its reports folder: its first module's path (src/evaluate/checks/runbook.ts → evaluate-checks-runbook). */
export const runName = (run) =>
  run.mutate[0]
    .replace(/^src\//, '')
    .replace(/\.ts$/, '')
    .replaceAll('/', '-')

const groupName = process.env.MUTATION_GROUP ?? 'trust'
if (!groups[groupName]) throw new Error(`No mutation group "${groupName}"; the groups are ${Object.keys(groups).join(', ')}.`)
const run = groups[groupName][Number(process.env.MUTATION_RUN ?? 0)]
if (!run) throw new Error(`No run ${process.env.MUTATION_RUN} in mutation group "${groupName}".`)
/** Where this run's reports go (scripts/mutation.mjs sets it per run). */
const reports = process.env.MUTATION_REPORTS || `reports/mutation/${groupName}/${runName(run)}`

// The sandbox lives outside the checkout: in one inside it, tests that run git would find the outer
// .git. Stryker makes it a folder inside this one; the evidence samples the tests read beside the
// checkout (../shared) are linked beside the sandbox too, or their tests would fail there.
const tempDir = path.join(os.tmpdir(), `readiness-gate-stryker-${groupName}-${process.pid}`)
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
    // Only this run's tests: jest loads each of them for every mutant. MUTATION_TESTS (comma-separated
    // test names, e.g. evaluate/proportion) replaces them while iterating, or to measure what a test
    // file adds: fewer tests can only kill fewer mutants, so such a run's score is a lower bound.
    config: { testMatch: testPatterns(process.env.MUTATION_TESTS ? process.env.MUTATION_TESTS.split(',') : run.tests) },
    enableFindRelatedTests: false
  },
  // The tests import ESM through ts-jest, as `npm test` does.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: run.mutate,
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
