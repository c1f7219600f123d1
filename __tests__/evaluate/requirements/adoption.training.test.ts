import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/adoption.training.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const adoption = (completedOn: string): string => manifest(`adoption:\n  training:\n    completed-on: ${completedOn}\n  escalation-path: "#support-ops"\n`)

describe('adoption.training', () => {
  it('passes training completed in the past with an escalation path', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': adoption('2026-11-10') })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: 'Users trained on 2026-11-10; escalation: #support-ops.', at: 'sys/readiness.yml:5' }])
  })

  it('fails training dated in the future: planned, not completed', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': adoption('2027-01-15') })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'User training is dated 2027-01-15, in the future: it is planned, not completed.', at: 'sys/readiness.yml:7' }
    ])
    expect(outcomes[0]!.hint).toBe('Record the date once the training has happened.')
  })

  it('fails a manifest without adoption, and one with an escalation path but no training, at each key', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))).toEqual([
      { status: 'fail', message: '`adoption` is missing: no record that users were trained.', at: 'sys/readiness.yml:1' }
    ])
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('adoption:\n  escalation-path: "#support-ops"\n') }))).toEqual([
      { status: 'fail', message: '`adoption.training.completed-on` is missing: training has not been recorded as completed.', at: 'sys/readiness.yml:5' }
    ])
  })

  it('training completed today counts; a day later it is in the future', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': adoption('2026-11-22') }))[0]!.status).toBe('pass')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': adoption('2026-11-23') }))[0]!.status).toBe('fail')
    // At midnight, the first instant of the day, training dated that day has happened.
    const midnight = { now: new Date('2026-11-22T00:00:00Z') }
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': adoption('2026-11-22') }, midnight))[0]!.status).toBe('pass')
  })

  it('fails without a completion date or an escalation path', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('adoption:\n  training:\n    audience: agents\n') })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: '`adoption.training.completed-on` is missing: training has not been recorded as completed.', at: 'sys/readiness.yml:6' },
      { status: 'fail', message: '`adoption.escalation-path` is missing: users do not know whom to call.', at: 'sys/readiness.yml:5' }
    ])
  })
})
