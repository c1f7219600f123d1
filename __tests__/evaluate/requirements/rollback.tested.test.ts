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

describe('rollback.tested: what fails, and where', () => {
  const MIDNIGHT = new Date('2026-11-22T00:00:00Z')

  it('fails when no rollback is linked at all', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))).toEqual([
      { status: 'fail', message: '`evidence.rollback` is missing: no rollback plan is linked.', at: 'sys/readiness.yml:1' }
    ])
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('evidence:\n  monitoring:\n    file: alerts.yml\n') }))).toEqual([
      { status: 'fail', message: '`evidence.rollback` is missing: no rollback plan is linked.', at: 'sys/readiness.yml:5' }
    ])
  })

  it('fails a rollback with neither a plan nor a rehearsal date, once for each', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('evidence:\n  rollback:\n    owner: "@alice"\n') })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: '`evidence.rollback.plan` is missing: link the rollback runbook.', at: 'sys/readiness.yml:6' },
      { status: 'fail', message: '`evidence.rollback.tested-on` is missing: the rollback was never rehearsed.', at: 'sys/readiness.yml:6' }
    ])
  })

  it('reads a rehearsal date that is not a calendar day, or not text, as missing', async () => {
    for (const testedOn of ['2026-02-30', '20261105', 'last week']) {
      expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': rollback(testedOn), ...RUNBOOK }))).toEqual([
        { status: 'fail', message: '`evidence.rollback.tested-on` is missing: the rollback was never rehearsed.', at: 'sys/readiness.yml:8' }
      ])
    }
  })

  it('fails a runbook without enough steps, with a hint to write them', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': rollback('2026-11-05'),
      'sys/runbooks/rollback.md': '# Rollback\n\n1. Pin the previous model version.\n2. TODO\n'
    })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The rollback plan "sys/runbooks/rollback.md" has only 1 step (and 1 placeholder item, 1 heading), where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ]).',
        at: 'sys/readiness.yml:7'
      }
    ])
    expect(outcomes[0]!.hint).toBe('Write the rollback as numbered steps someone can follow under pressure, then rehearse it.')
  })

  it('fails a runbook that cannot be found or read, with no hint to write steps', async () => {
    const missing = await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-11-05', 'runbooks/missing.md') })
    expect(missing[0]!.hint).toBeUndefined()
    const outside = await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-11-05', '../../rollback.md') })
    expect(summary(outside)).toEqual([
      {
        status: 'fail',
        message: 'The rollback plan "../../rollback.md": the path "../../rollback.md" points outside the repository.',
        at: 'sys/readiness.yml:7'
      }
    ])
    expect(outside[0]!.hint).toBeUndefined()
    // A ZIP archive opens (the Inspect log format is one) but has no text to read.
    const zip = await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-11-05'), 'sys/runbooks/rollback.md': 'PK\u0003\u0004 not a runbook' })
    expect(summary(zip)).toEqual([
      {
        status: 'fail',
        message: 'The rollback plan "sys/runbooks/rollback.md" cannot be read: "sys/runbooks/rollback.md" is a ZIP archive, not a text report.',
        at: 'sys/readiness.yml:7'
      }
    ])
    expect(zip[0]!.hint).toBeUndefined()
  })

  it('passes a rehearsal exactly at the policy’s age limit and fails one a day older', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-08-24'), ...RUNBOOK }, { now: MIDNIGHT }))).toEqual([
      { status: 'pass', message: 'Rollback plan linked with at least 3 steps; rehearsed on 2026-08-24.', at: 'sys/readiness.yml:6' }
    ])
    const older = await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-08-23'), ...RUNBOOK }, { now: MIDNIGHT })
    expect(summary(older)).toEqual([
      { status: 'fail', message: "The rollback was last tested 91 days ago (2026-08-23), over the policy's 90-day limit.", at: 'sys/readiness.yml:8' }
    ])
    expect(older[0]!.hint).toBe('Rehearse the rollback again and update tested-on.')
  })

  it('passes a rehearsal dated today or tomorrow (a runner behind UTC), and fails one two days ahead', async () => {
    for (const day of ['2026-11-22', '2026-11-23'])
      expect((await evaluateUnit(requirement, { 'sys/readiness.yml': rollback(day), ...RUNBOOK }, { now: MIDNIGHT }))[0]!.status).toBe('pass')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-11-24'), ...RUNBOOK }, { now: MIDNIGHT }))).toEqual([
      { status: 'fail', message: 'The rollback test is dated 2026-11-24, in the future.', at: 'sys/readiness.yml:8' }
    ])
  })

  it('tells the engine the last day the rehearsal counts, and only when it counts', async () => {
    const lapses: string[] = []
    const lapsesOn = (day: Date): void => void lapses.push(day.toISOString())
    await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-11-05'), ...RUNBOOK }, { lapsesOn })
    expect(lapses).toEqual(['2027-02-03T00:00:00.000Z'])
    await evaluateUnit(requirement, { 'sys/readiness.yml': rollback('2026-01-05'), ...RUNBOOK }, { lapsesOn })
    expect(lapses).toHaveLength(1)
  })
})
