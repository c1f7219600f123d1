import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/lifecycle.retraining.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const LIFECYCLE =
  'lifecycle:\n  retraining:\n    trigger: accuracy below 0.9\n    cadence: quarterly\n    approver: "@alice"\n    budget-usd: 6000\n  sunset: when manual routing is cheaper\n'

describe('lifecycle.retraining', () => {
  it('passes a complete retraining plan with sunset criteria', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(LIFECYCLE) })
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: 'Retraining on "accuracy below 0.9" (quarterly), approved by @alice; sunset criteria set.', at: 'sys/readiness.yml:5' }
    ])
  })

  it('fails naming the missing budget and sunset', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest(LIFECYCLE.replace('    budget-usd: 6000\n', '').replace('  sunset: when manual routing is cheaper\n', ''))
    })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'The lifecycle plan lacks `lifecycle.retraining.budget-usd`, `lifecycle.sunset`.', at: 'sys/readiness.yml:5' }
    ])
  })
})
