import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/audit.logging.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const AUDIT = 'audit:\n  logs-inputs: true\n  logs-outputs: true\n  logs-decisions: true\n  store: s3://audit\n  retention-days: 400\n'

describe('audit.logging', () => {
  it('passes when inputs, outputs and decisions are logged to a store for a period', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(AUDIT) })
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: 'Inputs, outputs and decisions are logged to s3://audit for 400 days.', at: 'sys/readiness.yml:5' }
    ])
  })

  it('fails when a kind of record is not logged or the retention is missing', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest(AUDIT.replace('logs-outputs: true', 'logs-outputs: false').replace('  retention-days: 400\n', ''))
    })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Audit logging lacks `audit.logs-outputs`, `audit.retention-days` (each logs-* must be true).', at: 'sys/readiness.yml:5' }
    ])
  })

  it('fails when the section is absent', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() })
    expect(summary(outcomes)[0]).toMatchObject({ status: 'fail', message: '`audit` is missing: decisions are not logged for audit.' })
  })
})
