import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/data.edge-cases.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const edgeCases = (categories = ''): string => manifest(`evidence:\n  edge-cases:\n    file: edge-cases.xml\n${categories}`)
const REPORT = { 'sys/edge-cases.xml': exampleFile('reports/edge-cases.xml') }
const WITHOUT_ADVERSARIAL = `<?xml version="1.0"?>
<testsuite name="edge cases" tests="3" timestamp="2026-11-18T09:00:00">
  <testcase classname="edge" name="malformed: truncated JSON body"/>
  <testcase classname="edge" name="missing: empty subject"/>
  <testcase classname="edge" name="out of distribution: a ticket in Klingon"/>
</testsuite>
`

describe('data.edge-cases', () => {
  it('passes the four default categories when each has a passing test', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': edgeCases(), ...REPORT })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: '4 edge-case categories covered; 8/8 tests passed in "sys/edge-cases.xml".', at: 'sys/readiness.yml:7' }])
  })

  it('fails a default category with no test, at the entry', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': edgeCases(), 'sys/edge-cases.xml': WITHOUT_ADVERSARIAL })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'Edge-case category "adversarial" has no test in "sys/edge-cases.xml".', at: 'sys/readiness.yml:6' }])
  })

  it('judges the categories the manifest lists instead, each at its line', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': edgeCases('    categories: [malformed, unicode]\n'), 'sys/edge-cases.xml': WITHOUT_ADVERSARIAL })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'Edge-case category "unicode" has no test in "sys/edge-cases.xml".', at: 'sys/readiness.yml:8' }])
  })
})
