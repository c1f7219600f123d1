import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/integration.tested.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const integration = (points: string): string => manifest(`evidence:\n  integration-tests:\n    file: integration.xml\n    points: ${points}\n`)
const REPORT = { 'sys/integration.xml': exampleFile('reports/integration.xml') }
const FAILING = `<?xml version="1.0"?>
<testsuite name="erp integration" tests="2" failures="1" timestamp="2026-11-18T09:00:00">
  <testcase classname="erp" name="erp: posts an invoice"/>
  <testcase classname="erp" name="erp: rejects an unknown vendor"><failure message="expected 422, got 500"/></testcase>
</testsuite>
`

describe('integration.tested', () => {
  it('passes when every listed point has a passing test and none fails', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': integration('[zendesk, crm, knowledge-base]'), ...REPORT })
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: '3 integration points covered; 6/6 tests passed in "sys/integration.xml".', at: 'sys/readiness.yml:7' }
    ])
  })

  it('fails a point no test covers, at the point', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': integration('[zendesk, billing-api]'), ...REPORT })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Integration point "billing-api" has no test in "sys/integration.xml".', at: 'sys/readiness.yml:8' }
    ])
  })

  it('fails a failing test, at its line in the report', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': integration('[erp]'), 'sys/integration.xml': FAILING })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Test "erp integration › erp: rejects an unknown vendor" failed: expected 422, got 500.', at: 'sys/integration.xml:4' }
    ])
  })

  it('names a failed test by its name alone when its suite has none', async () => {
    const unnamed = FAILING.replace('<testsuite name="erp integration"', '<testsuite')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': integration('[erp]'), 'sys/integration.xml': unnamed }))[0]!.message).toBe(
      'Test "erp: rejects an unknown vendor" failed: expected 422, got 500.'
    )
  })

  it('fails a linked report that is not there, and one with no tests', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': integration('[erp]') }))).toEqual([
      { status: 'fail', message: 'The integration test report "sys/integration.xml" does not exist.', at: 'sys/readiness.yml:7' }
    ])
    const empty = '<?xml version="1.0"?>\n<testsuite name="erp" tests="0" timestamp="2026-11-18T09:00:00">\n</testsuite>\n'
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': integration('[erp]'), 'sys/integration.xml': empty }))[0]!.message).toBe(
      'The integration test report "sys/integration.xml" contains no tests.'
    )
  })

  it('fails when no point is listed', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest('evidence:\n  integration-tests:\n    file: integration.xml\n'),
      ...REPORT
    })
    expect(summary(outcomes)[0]!.message).toBe('`evidence.integration-tests.points` is missing: list the integration points the system touches.')
  })
})
