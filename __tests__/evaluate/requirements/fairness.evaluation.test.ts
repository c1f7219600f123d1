import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/fairness.evaluation.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const FAIRNESS = manifest('evidence:\n  fairness:\n    file: fairness.yml\n')
const RESULTS = exampleFile('eval/fairness.yml')

describe('fairness.evaluation', () => {
  it('passes a disparity within the threshold', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': RESULTS })
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message: 'routing-accuracy disparity 0.01 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.922 (n=600), is up to 0.038 at 95% confidence ≤ 0.05.',
        at: 'sys/readiness.yml:7'
      }
    ])
  })

  it('fails a disparity over the threshold, naming the widest gap', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': RESULTS.replace('value: 0.922', 'value: 0.85') })
    expect(summary(outcomes)[0]).toMatchObject({
      status: 'fail',
      message: 'routing-accuracy disparity 0.082 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.85 (n=600), is up to 0.115 at 95% confidence > threshold 0.05.'
    })
  })

  it('fails an evaluation with no per-group results', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': exampleFile('eval/production-sample.yml') })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: '"sys/fairness.yml" has no per-group results to judge bias by.', at: 'sys/readiness.yml:7' }])
  })
  it('judges the gap the groups show when the file states a smaller disparity', async () => {
    const understated = RESULTS.replace('value: 0.922', 'value: 0.85').replace('  threshold: 0.05', '  disparity: 0.01\n  threshold: 0.05')
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': understated })
    expect(summary(outcomes)[0]).toMatchObject({
      status: 'fail',
      message: 'routing-accuracy disparity 0.082 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.85 (n=600), is up to 0.115 at 95% confidence > threshold 0.05.'
    })
  })

  it('never lets the evidence file loosen the policy threshold, and lets it tighten it', async () => {
    // The default policy allows 0.1; the file claims 0.5.
    const loosened = RESULTS.replace('value: 0.922', 'value: 0.8').replace('threshold: 0.05', 'threshold: 0.5')
    const loose = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': loosened })
    expect(summary(loose)[0]).toMatchObject({ status: 'fail', message: 'routing-accuracy disparity 0.132 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.8 (n=600), is up to 0.168 at 95% confidence > threshold 0.1.' })
    const tightened = RESULTS.replace('threshold: 0.05', 'threshold: 0.02')
    const tight = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': tightened })
    expect(summary(tight)[0]).toMatchObject({ status: 'fail', message: 'routing-accuracy disparity 0.01 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.922 (n=600), is up to 0.038 at 95% confidence > threshold 0.02.' })
  })
})
