import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/privacy.data-handling.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const PRIVACY = 'privacy:\n  basis: contract\n  retention-days: 30\n  deletion: purged within 30 days\n'

describe('privacy.data-handling', () => {
  it('passes with a basis, a retention period and a deletion process', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(PRIVACY) })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: 'Basis: contract; retention 30 days; deletion documented.', at: 'sys/readiness.yml:5' }])
  })

  it('fails naming what is missing', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest(PRIVACY.replace('  deletion: purged within 30 days\n', '').replace('30\n', '"thirty"\n'))
    })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Privacy handling lacks `privacy.deletion`, `privacy.retention-days`.', at: 'sys/readiness.yml:5' }
    ])
  })
})
