import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/resilience.fallback.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const RESILIENCE = 'resilience:\n  fallback: general queue\n  circuit-breaker: opens at 20% errors\n  retry: twice with backoff\n  timeout-ms: 3000\n  tests:\n    file: resilience.xml\n'
const REPORT = { 'sys/resilience.xml': exampleFile('reports/resilience.xml') }

describe('resilience.fallback', () => {
  it('passes when every declared mechanism has a passing test', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(RESILIENCE), ...REPORT })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: '4 resilience mechanisms covered; 4/4 tests passed in "sys/resilience.xml".', at: 'sys/readiness.yml:11' }])
  })

  it('fails a mechanism that is declared but not tested, at its declaration', async () => {
    const report = exampleFile('reports/resilience.xml').replace(/ {2}<testcase[^\n]*name="retry[^\n]*\n/, '').replace('tests="4"', 'tests="3"')
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(RESILIENCE), 'sys/resilience.xml': report })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'Resilience mechanism "retry" has no test in "sys/resilience.xml".', at: 'sys/readiness.yml:8' }])
  })

  it('fails undeclared mechanisms before looking at tests', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(RESILIENCE.replace('  retry: twice with backoff\n', '').replace('3000', '"3s"')), ...REPORT })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'Resilience lacks `resilience.retry`, `resilience.timeout-ms`.', at: 'sys/readiness.yml:5' }])
  })
})
