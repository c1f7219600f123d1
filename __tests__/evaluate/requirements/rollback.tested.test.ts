import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/rollback.tested.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const rollback = (testedOn: string, plan = 'runbooks/rollback.md'): string =>
  manifest(`evidence:\n  rollback:\n    plan: ${plan}\n    tested-on: ${testedOn}\n`)
const RUNBOOK = { 'sys/runbooks/rollback.md': '# Rollback\n\n1. Pin the previous model version.\n2. Confirm every pod serves it.\n3. Tell support.\n' }

describe('rollback.tested', () => {
  it('passes a linked runbook rehearsed within the policy’s limit', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-11-05'), ...RUNBOOK })
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: 'Rollback plan linked with at least 3 steps; rehearsed on 2026-11-05.', at: 'sys/readiness.yml:6' }
    ])
  })

  it('fails a runbook that does not exist, at the plan line', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-11-05', 'runbooks/missing.md') })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'The rollback plan "sys/runbooks/missing.md" does not exist.', at: 'sys/readiness.yml:7' }])
  })

  it('fails a rehearsal older than the policy’s limit, at the tested-on line', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-01-05'), ...RUNBOOK })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: "The rollback was last tested 321 days ago (2026-01-05), over the policy's 90-day limit.", at: 'sys/readiness.yml:8' }
    ])
  })
})
