import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/owner.model-operations.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

describe('owner.model-operations', () => {
  it('passes when a handle owns output quality', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('owners:\n  model-operations: "@alice"\n') })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: 'the owner of output quality in production: @alice.', at: 'sys/readiness.yml:6' }])
  })

  it('fails at the owners section when no one is named, or the key is left empty', async () => {
    const empty = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('owners:\n  model-operations:\n') })
    expect(summary(empty)).toEqual([
      {
        status: 'fail',
        message: '`owners.model-operations` is missing: no one is named as the owner of output quality in production.',
        at: 'sys/readiness.yml:6'
      }
    ])
    const absent = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() })
    expect(absent.map((o) => o.status)).toEqual(['fail'])
  })
})
