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

describe('lifecycle.retraining: what fails, and the linked plan', () => {
  const withPlan = (plan: string): string => manifest(LIFECYCLE.replace('    budget-usd: 6000\n', `    budget-usd: 6000\n    plan: ${plan}\n`))

  it('fails when there is no lifecycle section', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))).toEqual([
      { status: 'fail', message: '`lifecycle` is missing: no retraining plan or sunset criteria.', at: 'sys/readiness.yml:1' }
    ])
  })

  it('names each missing part of the retraining plan, and a budget that is not a number', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('lifecycle:\n  retraining:\n    budget-usd: plenty\n  sunset: never\n') })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The lifecycle plan lacks `lifecycle.retraining.trigger`, `lifecycle.retraining.cadence`, `lifecycle.retraining.approver`, `lifecycle.retraining.budget-usd`.',
        at: 'sys/readiness.yml:5'
      }
    ])
    const noRetraining = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('lifecycle:\n  sunset: never\n') })
    expect(summary(noRetraining)[0]!.message).toBe(
      'The lifecycle plan lacks `lifecycle.retraining.trigger`, `lifecycle.retraining.cadence`, `lifecycle.retraining.approver`, `lifecycle.retraining.budget-usd`.'
    )
  })

  it('passes a linked plan with the policy’s minimum of steps', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': withPlan('retraining.md'),
      'sys/retraining.md': '# Retraining\n1. Pull last quarter’s labelled tickets.\n2. Retrain and evaluate against the gate.\n3. Ship behind the flag.\n'
    })
    expect(outcomes.map((o) => o.status)).toEqual(['pass'])
  })

  it('fails a linked plan without steps, at the plan line, with a hint to write them', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': withPlan('retraining.md'),
      'sys/retraining.md': '# Retraining\n\nWe retrain when needed.\n'
    })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The retraining plan "sys/retraining.md" has 1 heading, 1 line but no steps, where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ]).',
        at: 'sys/readiness.yml:11'
      }
    ])
    expect(outcomes[0]!.hint).toBe('Write the retraining procedure as numbered steps, or remove the link.')
  })

  it('fails a linked plan that does not exist, with a hint to fix the link', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': withPlan('plans/retraining.md') })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'The retraining plan "sys/plans/retraining.md" does not exist.', at: 'sys/readiness.yml:11' }
    ])
    expect(outcomes[0]!.hint).toBe('Link the retraining plan by its path from the manifest, or remove the link.')
  })
})
