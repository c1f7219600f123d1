import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/cost.projection.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const cost = (budget: number, headroom = 2): string =>
  manifest(`volume:\n  monthly-requests: 1000000\nevidence:\n  cost:\n    usd-per-1k-requests: 1\n    monthly-budget-usd: ${budget}\n    headroom: ${headroom}\n`)

describe('cost.projection', () => {
  it('passes when cost × volume × headroom fits the budget', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': cost(2000) })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: '$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month ≤ budget $2,000.', at: 'sys/readiness.yml:8' }])
  })

  it('fails over budget, with the figures', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': cost(1999) })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: '$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month > budget $1,999.', at: 'sys/readiness.yml:8' }])
  })

  it('fails a headroom under the policy minimum, and a projection without the volume', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': cost(9000, 1.2) }))).toEqual([
      { status: 'fail', message: "Cost headroom 1.2 is below the policy's minimum of 1.5.", at: 'sys/readiness.yml:11' }
    ])
    const noVolume = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('evidence:\n  cost:\n    usd-per-1k-requests: 1\n    monthly-budget-usd: 10\n') })
    expect(summary(noVolume)[0]!.message).toBe('The cost projection lacks `volume.monthly-requests`.')
  })
})
