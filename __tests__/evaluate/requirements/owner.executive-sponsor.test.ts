import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/owner.executive-sponsor.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

describe('owner.executive-sponsor', () => {
  it('passes when a sponsor is named', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('owners:\n  executive-sponsor: "@carol"\n') })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: 'the executive sponsor: @carol.', at: 'sys/readiness.yml:6' }])
  })

  it('fails when only the model-operations owner is named', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('owners:\n  model-operations: "@alice"\n') })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: '`owners.executive-sponsor` is missing: no one is named as the executive sponsor.', at: 'sys/readiness.yml:5' }
    ])
  })
})
