import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { DEFAULT_POLICY } from '../../../src/policy/default.js'
import requirement from '../../../src/evaluate/requirements/resilience.fallback.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const RESILIENCE =
  'resilience:\n  fallback: general queue\n  circuit-breaker: opens at 20% errors\n  retry: twice with backoff\n  timeout-ms: 3000\n  tests:\n    file: resilience.xml\n'
const REPORT = { 'sys/resilience.xml': exampleFile('reports/resilience.xml') }

describe('resilience.fallback', () => {
  it('passes when every declared mechanism has a passing test', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(RESILIENCE), ...REPORT })
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: '4 resilience mechanisms covered; 4/4 tests passed in "sys/resilience.xml".', at: 'sys/readiness.yml:11' }
    ])
  })

  it('fails a mechanism that is declared but not tested, at its declaration', async () => {
    const report = exampleFile('reports/resilience.xml')
      .replace(/ {2}<testcase[^\n]*name="retry[^\n]*\n/, '')
      .replace('tests="4"', 'tests="3"')
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(RESILIENCE), 'sys/resilience.xml': report })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Resilience mechanism "retry" has no test in "sys/resilience.xml".', at: 'sys/readiness.yml:8' }
    ])
  })

  it('fails undeclared mechanisms before looking at tests', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest(RESILIENCE.replace('  retry: twice with backoff\n', '').replace('3000', '"3s"')),
      ...REPORT
    })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'Resilience lacks `resilience.retry`, `resilience.timeout-ms`.', at: 'sys/readiness.yml:5' }])
  })
})

describe('resilience.fallback with a failure drill', () => {
  const SAMPLES = path.resolve(import.meta.dirname, '../../../../shared/evidence-samples/llm/chaostoolkit')
  const journal = (name: string): string => readFileSync(path.join(SAMPLES, name), 'utf8')
  const LONG_AGO = { policy: { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, maxEvidenceAgeDays: 10000 } } }
  const drill = manifest(
    'resilience:\n  fallback: cached answer\n  circuit-breaker: opens at 20% errors\n  retry: 2 retries\n  timeout-ms: 3000\n  tests:\n    file: journal.json\n'
  )

  it('passes a Chaos Toolkit experiment that kept the steady state', async () => {
    const outcomes = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': drill, 'sys/journal.json': journal('chaostoolkit-ansible.chaoslib-1.19.0.completed.journal.json') },
      LONG_AGO
    )
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: '1 failure drill held the steady state in "sys/journal.json" (Test only).', at: 'sys/readiness.yml:11' }
    ])
  })

  it('fails a deviated experiment with its name', async () => {
    const outcomes = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': drill, 'sys/journal.json': journal('chaos-engineering.chaoslib-1.9.0.deviated.journal.json') },
      LONG_AGO
    )
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'Failure drill "Terminating the greeting service should not impact users" deviated: the steady state did not hold after the fault in "sys/journal.json".',
        at: 'sys/journal.json:1'
      }
    ])
    expect(outcomes[0]).toMatchObject({
      related: { file: 'sys/readiness.yml', line: 11 },
      hint: 'Fix the fallback the drill broke, run the experiment again and link the new journal.'
    })
  })
})

describe('resilience.fallback with LitmusChaos ChaosResults', () => {
  const LLM = path.resolve(import.meta.dirname, '../../fixtures/evidence/llm')
  const litmus = (name: string): string => readFileSync(path.join(LLM, name), 'utf8')
  const drill = (file: string): string =>
    manifest(
      `resilience:\n  fallback: cached answer\n  circuit-breaker: opens at 20% errors\n  retry: 2 retries\n  timeout-ms: 3000\n  tests:\n    file: ${file}\n`
    )
  const AFTER = { now: new Date('2026-11-25T00:00:00Z') }

  it('passes a ChaosResult whose verdict is Pass with every probe passed', async () => {
    const outcomes = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': drill('chaosresult.yaml'), 'sys/chaosresult.yaml': litmus('litmus-chaosresult.pod-delete-pass.yaml') },
      AFTER
    )
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: '1 failure drill held the steady state in "sys/chaosresult.yaml" (support-bot-chaos-pod-delete).', at: 'sys/readiness.yml:11' }
    ])
  })

  it('fails the experiment that failed, at its verdict, with the probe and step that failed', async () => {
    const outcomes = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': drill('results.json'), 'sys/results.json': litmus('litmus-chaosresult.list-one-failed.json') },
      AFTER
    )
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'Failure drill "support-bot-chaos-pod-http-status-code" ended with status Fail (probe success 50%; probe failed: fallback-model-serves; failed step: Probe: fallback-model-serves, the response code did not match) in "sys/results.json".',
        at: 'sys/results.json:49'
      }
    ])
  })
})
