import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/success-metric.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const metric = (baseline: number, target: number, extra = ''): string =>
  manifest(`success-metric:\n  name: hours saved\n  unit: hours\n  baseline: ${baseline}\n  target: ${target}\n  measured-by: ops report\n${extra}`)

describe('success-metric', () => {
  it('passes a complete metric whose target moves off the baseline', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, 40, '  direction: decrease\n') })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: 'hours saved: 100 → 40 hours, measured by ops report.', at: 'sys/readiness.yml:5' }])
  })

  it('fails a target equal to the baseline, at the target line', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, 100) })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: "The success metric's target equals its baseline (100 hours): nothing would change.", at: 'sys/readiness.yml:9' }
    ])
  })

  it('fails a target that moves against the stated direction', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, 140, '  direction: decrease\n') })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'The success metric should decrease but its target 140 is above the baseline 100.', at: 'sys/readiness.yml:9' }
    ])
  })

  it('fails a target below the baseline when the metric should increase, and passes one above it', async () => {
    const down = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, 40, '  direction: increase\n') })
    expect(summary(down)).toEqual([
      { status: 'fail', message: 'The success metric should increase but its target 40 is below the baseline 100.', at: 'sys/readiness.yml:9' }
    ])
    const up = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, 101, '  direction: increase\n') })
    expect(summary(up)[0]!.status).toBe('pass')
  })

  it('passes a target off the baseline either way when no direction is stated', async () => {
    for (const target of [140, 40]) {
      const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, target) })
      expect(summary(outcomes)).toEqual([{ status: 'pass', message: `hours saved: 100 → ${target} hours, measured by ops report.`, at: 'sys/readiness.yml:5' }])
    }
  })

  it('fails a baseline or a target that is not a number, naming it', async () => {
    const words = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, 40).replace('baseline: 100', 'baseline: about a hundred') })
    expect(summary(words)).toEqual([{ status: 'fail', message: 'The success metric lacks `success-metric.baseline`.', at: 'sys/readiness.yml:5' }])
    const quoted = await evaluateUnit(requirement, { 'sys/readiness.yml': metric(100, 40).replace('target: 40', 'target: "40"') })
    expect(summary(quoted)).toEqual([{ status: 'fail', message: 'The success metric lacks `success-metric.target`.', at: 'sys/readiness.yml:5' }])
  })

  it('fails a missing metric, and names the fields an incomplete one lacks', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))[0]!.message).toBe(
      '`success-metric` is missing: the pilot has no business measure of success.'
    )
    const partial = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('success-metric:\n  name: hours saved\n  baseline: 100\n') })
    expect(summary(partial)).toEqual([
      {
        status: 'fail',
        message: 'The success metric lacks `success-metric.unit`, `success-metric.measured-by`, `success-metric.target`.',
        at: 'sys/readiness.yml:5'
      }
    ])
  })
})
