// Issue #16's done-when, for the whole catalog: every requirement that reads evidence or a number has
// a case of hollow evidence (thin, unreachable, constant or inconsistent) pinned at its boundary: just
// enough passes, one step past fails with the figure and the rule. A requirement that reads neither
// names why it has none, in a reviewed list. A requirement added to the catalog without either fails
// the first test.
import { afterAll, describe, expect, it } from '@jest/globals'
import { CATALOG, type RequirementId } from '../../src/evaluate/catalog.js'
import type { Finding } from '../../src/report/types.js'
import { evaluationFile, fairnessSection, garakScan, junitReport, k6HandleSummary } from '../support/evidence-files.js'
import { judge, manifest, removeJudgeRepos } from '../support/judge.js'

afterAll(removeJudgeRepos)

type Files = Record<string, string>

interface HollowCase {
  /** The hollow evidence, in words: what one step past the boundary is. */
  hollow: string
  /** Just enough: every finding of the requirement passes. */
  atBoundary: Files
  /** One step past: a finding fails with this message (the figure and the rule). */
  pastBoundary: Files
  message: string | RegExp
}

/** Why a requirement has no hollow case: it reads no evidence file and no number. */
interface NoEvidence {
  none: string
}

const steps = (n: number): string => Array.from({ length: n }, (_, i) => `${i + 1}. Step ${i + 1}: switch the model flag back`).join('\n')
const pilot = (text: string): string => text.replace('stage: production', 'stage: pilot')
const rules = (expr: string): string =>
  `groups:\n  - name: quality\n    rules:\n      - alert: AnswerQualityLow\n        expr: ${expr}\n        for: 1h\n        labels:\n          team: ml-ops\n`
const drift = (threshold: number): string =>
  `kind: drift\nmodel-version: "1.0.0"\ndate: 2026-11-12\nmonitors:\n  - metric: js-distance\n    threshold: ${threshold}\n    window: 7d\n    route: "#ml"\n`
/** An output-quality alert whose runbook_url links a runbook of `n` steps. */
const INCIDENT = (n: number): Files => ({
  'sys/readiness.yml': manifest('monitoring:\n  file: alerts.yml\n  date: 2026-11-20\n'),
  'sys/alerts.yml': rules('answer_accuracy < 0.9').replace(
    '          team: ml-ops\n',
    '          team: ml-ops\n        annotations:\n          runbook_url: runbook.md\n'
  ),
  'sys/runbook.md': `# Answer quality low\n${steps(n)}\n`
})
const LOAD = 'load-test:\n  file: k6.json\n  date: 2026-11-20\nslo:\n  p95-ms: 800\n  error-rate: 0.01\n'
const RESILIENCE = (timeoutMs: number): string =>
  `resilience:\n  fallback: queue\n  circuit-breaker: 20% errors\n  retry: 2 retries\n  timeout-ms: ${timeoutMs}\n  tests:\n    file: res.xml\n    date: 2026-11-20\n`
const RESILIENCE_REPORT = junitReport([
  ['fallback', 'passed'],
  ['circuit', 'passed'],
  ['retry', 'passed'],
  ['timeout', 'passed']
])
const AUDIT = (days: number): string =>
  `audit:\n  logs-inputs: true\n  logs-outputs: true\n  logs-decisions: true\n  store: s3://audit\n  retention-days: ${days}\n`
const PRIVACY = (days: number): string => `privacy:\n  basis: contract\n  retention-days: ${days}\n  deletion: purged within 30 days on request\n`
const SUCCESS = (target: number): string =>
  `success-metric:\n  name: time to first response\n  unit: minutes\n  baseline: 240\n  target: ${target}\n  direction: decrease\n  measured-by: weekly ops report\n`
const COST = (monthlyRequests: number): string =>
  pilot(manifest('cost:\n  usd-per-1k-requests: 1\n  monthly-budget-usd: 100\n  headroom: 2\n', `volume:\n  monthly-requests: ${monthlyRequests}\n`))
const RETRAINING = (plan: string): Files => ({
  'sys/readiness.yml': manifest(
    '',
    'lifecycle:\n  retraining:\n    trigger: accuracy under 0.9 for 7 days\n    cadence: quarterly\n    approver: "@alice"\n    budget-usd: 5000\n    plan: retraining.md\n  sunset: when replaced\n'
  ),
  'sys/retraining.md': plan
})
const ROLLBACK = (plan: string): Files => ({
  'sys/readiness.yml': manifest('rollback:\n  plan: rollback.md\n  tested-on: 2026-11-01\n'),
  'sys/rollback.md': plan
})
const FAIRNESS = (smaller: number): Files => ({
  'sys/readiness.yml': manifest('fairness:\n  file: fair.yml\n'),
  'sys/fair.yml': evaluationFile('  - name: accuracy\n    value: 0.9\n', {
    rest: fairnessSection(
      'f1',
      [
        ['en', 0.9, 100],
        ['de', 0.89, smaller]
      ],
      { threshold: 0.05 }
    )
  })
})
const EVALUATION = (size: number): Files => ({
  'sys/readiness.yml': manifest('evaluation:\n  file: eval.yml\n'),
  'sys/eval.yml': evaluationFile('  - name: accuracy\n    value: 1\n    target: 0.9\n', { size })
})
const ADOPTION = (completedOn: string): string => manifest('', `adoption:\n  training:\n    completed-on: ${completedOn}\n  escalation-path: "#support-ops"\n`)

const SIGNOFF =
  'a sign-off counts by who signed it, verified against the base policy’s signers and the pull request’s approvals (__tests__/evaluate/signoffs.test.ts), not by figures it holds'
const NAMES_ONLY = 'names people or text the team declares; no evidence file and no number the gate could find hollow'

const CASES: Record<RequirementId, HollowCase | NoEvidence> = {
  'owner.model-operations': { none: NAMES_ONLY },
  'owner.executive-sponsor': { none: NAMES_ONLY },
  'success-metric': {
    hollow: 'a target equal to the baseline (constant: nothing would change)',
    atBoundary: { 'sys/readiness.yml': manifest('', SUCCESS(239)) },
    pastBoundary: { 'sys/readiness.yml': manifest('', SUCCESS(240)) },
    message: "The success metric's target equals its baseline (240 minutes): nothing would change."
  },
  'data.sources-mapped': { none: NAMES_ONLY },
  'cost.projection': {
    hollow: 'a projection for a volume of 0 requests a month (constant: $0 fits any budget)',
    atBoundary: { 'sys/readiness.yml': COST(1) },
    pastBoundary: { 'sys/readiness.yml': COST(0) },
    message: /^`volume\.monthly-requests` is 0: a projection for no traffic fits any budget and shows nothing/
  },
  'owner.raci': { none: NAMES_ONLY },
  'data.production-evaluation': {
    hollow: 'a perfect score on 34 samples (thin: the 95% interval reaches under the target)',
    atBoundary: EVALUATION(35),
    pastBoundary: EVALUATION(34),
    message: 'accuracy 1 on 34 samples: 95% interval 0.898–1.000; the lower bound is under the target 0.900 in "sys/eval.yml".'
  },
  'data.edge-cases': {
    hollow: 'a category whose only test was skipped (nothing ran)',
    atBoundary: {
      'sys/readiness.yml': manifest('edge-cases:\n  file: edge.xml\n  date: 2026-11-20\n  categories: [malformed, adversarial]\n'),
      'sys/edge.xml': junitReport([
        ['malformed json', 'passed'],
        ['adversarial prompt', 'passed']
      ])
    },
    pastBoundary: {
      'sys/readiness.yml': manifest('edge-cases:\n  file: edge.xml\n  date: 2026-11-20\n  categories: [malformed, adversarial]\n'),
      'sys/edge.xml': junitReport([
        ['malformed json', 'passed'],
        ['adversarial prompt', 'skipped']
      ])
    },
    message: 'Edge-case category "adversarial" has no passing test in "sys/edge.xml" (skipped).'
  },
  'security.adversarial': {
    hollow: 'a garak scan of 72 clean prompts per category, 10 generations judged by 2 detectors each (thin: 1,440 evaluations are 72 trials)',
    atBoundary: { 'sys/readiness.yml': manifest('red-team:\n  file: garak.report.jsonl\n'), 'sys/garak.report.jsonl': garakScan(73, 10) },
    pastBoundary: { 'sys/readiness.yml': manifest('red-team:\n  file: garak.report.jsonl\n'), 'sys/garak.report.jsonl': garakScan(72, 10) },
    message: /^Red-team category prompt-injection 0\/72: 95% upper bound 5\.1%, over the policy's 5% attack success rate/
  },
  'load.production-volume': {
    hollow: 'a k6 run a tenth of a second short of 10 minutes at peak (thin)',
    atBoundary: {
      'sys/readiness.yml': manifest(LOAD, 'volume:\n  peak-rps: 40\n'),
      'sys/k6.json': k6HandleSummary({ durationS: 600, count: 27840, rate: 46.4 })
    },
    pastBoundary: {
      'sys/readiness.yml': manifest(LOAD, 'volume:\n  peak-rps: 40\n'),
      'sys/k6.json': k6HandleSummary({ durationS: 599.9, count: 27835, rate: 46.4 })
    },
    message: "9.9 min at 46.4 rps, 27,835 requests: shorter than the policy's 10 min at peak (k6)."
  },
  'integration.tested': {
    hollow: 'an integration point whose only test was skipped (nothing ran)',
    atBoundary: {
      'sys/readiness.yml': manifest('integration-tests:\n  file: it.xml\n  date: 2026-11-20\n  points: [crm, erp]\n'),
      'sys/it.xml': junitReport([
        ['crm sync', 'passed'],
        ['erp export', 'passed']
      ])
    },
    pastBoundary: {
      'sys/readiness.yml': manifest('integration-tests:\n  file: it.xml\n  date: 2026-11-20\n  points: [crm, erp]\n'),
      'sys/it.xml': junitReport([
        ['crm sync', 'passed'],
        ['erp export', 'skipped']
      ])
    },
    message: 'Integration point "erp" has no passing test in "sys/it.xml" (skipped).'
  },
  'resilience.fallback': {
    hollow: 'a timeout of 0 ms (constant: no call can finish, or no timeout at all; the manifest schema refuses it)',
    atBoundary: { 'sys/readiness.yml': manifest('', RESILIENCE(1)), 'sys/res.xml': RESILIENCE_REPORT },
    pastBoundary: { 'sys/readiness.yml': manifest('', RESILIENCE(0)), 'sys/res.xml': RESILIENCE_REPORT },
    message: '`resilience.timeout-ms` must be > 0, not number 0.'
  },
  'monitoring.output-quality': {
    hollow: 'an alert on a constant instead of a metric (unreachable: it can never fire)',
    atBoundary: { 'sys/readiness.yml': manifest('monitoring:\n  file: alerts.yml\n  date: 2026-11-20\n'), 'sys/alerts.yml': rules('answer_accuracy < 0.9') },
    pastBoundary: { 'sys/readiness.yml': manifest('monitoring:\n  file: alerts.yml\n  date: 2026-11-20\n'), 'sys/alerts.yml': rules('vector(0) < 0.9') },
    message: /cannot alert, so it does not count: it selects no series: its value is a constant/
  },
  'drift.detection': {
    hollow: 'a JS-distance monitor alerting at 1 (unreachable: the distance cannot exceed 1)',
    atBoundary: { 'sys/readiness.yml': manifest('drift:\n  file: drift.yml\n'), 'sys/drift.yml': drift(0.99) },
    pastBoundary: { 'sys/readiness.yml': manifest('drift:\n  file: drift.yml\n'), 'sys/drift.yml': drift(1) },
    message: /js-distance lies between 0 and 1, so it never crosses 1: it can never fire/
  },
  'incident.runbooks': {
    hollow: 'an alert whose runbook has 2 steps (thin: under the policy’s 3)',
    atBoundary: INCIDENT(3),
    pastBoundary: INCIDENT(2),
    message: /^The runbook of alert "AnswerQualityLow": "sys\/runbook\.md" has only 2 steps \(and 1 heading\), where the policy needs at least 3/
  },
  'audit.logging': {
    hollow: 'audit logs kept for 0 days (constant: nothing is kept to audit; the manifest schema refuses it)',
    atBoundary: { 'sys/readiness.yml': manifest('', AUDIT(1)) },
    pastBoundary: { 'sys/readiness.yml': manifest('', AUDIT(0)) },
    message: '`audit.retention-days` must be ≥ 1, not number 0.'
  },
  'privacy.data-handling': {
    hollow: 'a retention of -1 days (inconsistent; the manifest schema refuses it)',
    atBoundary: { 'sys/readiness.yml': manifest('', PRIVACY(0)) },
    pastBoundary: { 'sys/readiness.yml': manifest('', PRIVACY(-1)) },
    message: '`privacy.retention-days` must be ≥ 0, not number -1.'
  },
  'lifecycle.retraining': {
    hollow: 'a retraining plan of 2 steps (thin: under the policy’s 3)',
    atBoundary: RETRAINING(`# Retraining\n${steps(3)}\n`),
    pastBoundary: RETRAINING(`# Retraining\n${steps(2)}\n`),
    message: /has only 2 steps \(and 1 heading\), where the policy needs at least 3/
  },
  'rollback.tested': {
    hollow: 'a rollback runbook of 2 steps (thin: under the policy’s 3)',
    atBoundary: ROLLBACK(`# Rollback\n${steps(3)}\n`),
    pastBoundary: ROLLBACK(`# Rollback\n${steps(2)}\n`),
    message: /has only 2 steps \(and 1 heading\), where the policy needs at least 3/
  },
  'signoff.legal': { none: SIGNOFF },
  'signoff.security': { none: SIGNOFF },
  'fairness.evaluation': {
    hollow: 'a compared group of 99 samples (thin: under the policy’s 100 per group)',
    atBoundary: FAIRNESS(100),
    pastBoundary: FAIRNESS(99),
    message: 'Fairness on f1: "de" has 99 samples; the policy needs at least 100 per group.'
  },
  'oversight.human-approval': { none: NAMES_ONLY },
  'adoption.training': {
    hollow: 'training dated tomorrow (inconsistent: planned, not completed)',
    atBoundary: { 'sys/readiness.yml': ADOPTION('2026-11-22') },
    pastBoundary: { 'sys/readiness.yml': ADOPTION('2026-11-23') },
    message: 'User training is dated 2026-11-23, in the future: it is planned, not completed.'
  }
}

describe('one hollow case per requirement, with its boundary', () => {
  it('has a hollow case or a reviewed reason for every requirement in the catalog, and nothing else', () => {
    expect(Object.keys(CASES).sort()).toEqual(CATALOG.map((requirement) => requirement.id).sort())
  })

  const cases = Object.entries(CASES).filter((entry): entry is [RequirementId, HollowCase] => 'hollow' in entry[1])
  /** The requirement's findings and the manifest schema's (a figure the schema refuses fails there, at its line). */
  const findingsOf = async (rule: RequirementId, files: Files): Promise<Finding[]> => {
    const { report } = await judge(rule, files)
    return report.systems.flatMap((system) => system.findings).filter((finding) => finding.rule === rule || finding.rule === 'manifest.schema')
  }

  it.each(cases.map(([rule, hollow]) => [rule, hollow.hollow, hollow] as const))(
    '%s, %s: passes at the boundary, fails one step past',
    async (rule, _hollow, { atBoundary, pastBoundary, message }) => {
      const passing = await findingsOf(rule, atBoundary)
      expect(passing.filter((finding) => finding.rule === rule).length).toBeGreaterThan(0)
      expect(passing.filter((finding) => finding.status !== 'pass').map((finding) => finding.message)).toEqual([])
      const failing = (await findingsOf(rule, pastBoundary)).filter((finding) => finding.status === 'fail').map((finding) => finding.message)
      expect(failing).toContainEqual(typeof message === 'string' ? message : expect.stringMatching(message))
    }
  )
})
