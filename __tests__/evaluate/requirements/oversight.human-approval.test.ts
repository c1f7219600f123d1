import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/oversight.human-approval.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const APPROVALS =
  'oversight:\n  human-approval:\n    - decision: refunds\n      approver: team lead\n    - decision: account closure\n      approver: support manager\n'

describe('oversight.human-approval', () => {
  it('passes when each high-risk decision names its approver', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(APPROVALS) })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: '2 high-risk decisions gated by human approval.', at: 'sys/readiness.yml:5' }])
  })

  it('passes an explicit "none" with a reason', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest('oversight:\n  high-risk-decisions: none\n  reason: it only drafts text a person sends\n')
    })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: 'No high-risk decisions: it only drafts text a person sends.', at: 'sys/readiness.yml:5' }])
  })

  it('fails an entry without an approver, at that entry', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(APPROVALS.replace('      approver: support manager\n', '')) })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Each `oversight.human-approval` entry needs a decision and an approver.', at: 'sys/readiness.yml:9' }
    ])
  })

  it('fails "none" without a reason, and a section that lists nothing', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('oversight:\n  high-risk-decisions: none\n') }))).toEqual([
      { status: 'fail', message: '`oversight.high-risk-decisions: none` needs a `reason`.', at: 'sys/readiness.yml:6' }
    ])
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('oversight:\n  human-approval: []\n') }))).toEqual([
      { status: 'fail', message: '`oversight.human-approval` lists no decision (or set `high-risk-decisions: none` with a reason).', at: 'sys/readiness.yml:5' }
    ])
  })
})
