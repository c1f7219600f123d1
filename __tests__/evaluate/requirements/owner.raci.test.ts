import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/owner.raci.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const RACI = 'owners:\n  raci:\n    data: "@dan"\n    engineering: "@eve"\n    legal: "@erin"\n    business: "@carol"\n    incident-response: "@oncall"\n'

describe('owner.raci', () => {
  it('passes when all five roles are named', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(RACI) })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: 'All 5 RACI roles are named.', at: 'sys/readiness.yml:6' }])
  })

  it('fails naming each role left out', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(RACI.replace('    legal: "@erin"\n', '').replace(' "@oncall"', '')) })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'RACI roles not named: `owners.raci.legal`, `owners.raci.incident-response`.', at: 'sys/readiness.yml:6' }
    ])
  })
})
