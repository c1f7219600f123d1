import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/data.production-evaluation.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const EVALUATION = manifest('evidence:\n  evaluation:\n    file: eval.yml\n')
const SAMPLE = exampleFile('eval/production-sample.yml')

describe('data.production-evaluation', () => {
  it('passes metrics that meet their targets on production-sampled data', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': EVALUATION, 'sys/eval.yml': SAMPLE })
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message: 'routing-accuracy 0.93 ≥ 0.9, reply-acceptance-rate 0.71 ≥ 0.6, unsafe-reply-rate 0.002 ≤ 0.005 on production-sampled data.',
        at: 'sys/readiness.yml:7'
      }
    ])
  })

  it('fails a metric under its target, at its line in the evaluation', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': EVALUATION, 'sys/eval.yml': SAMPLE.replace('value: 0.93', 'value: 0.85') })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'routing-accuracy 0.85 < target 0.9 in "sys/eval.yml".', at: 'sys/eval.yml:11' }])
  })

  it('fails an evaluation not measured on production data', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': EVALUATION, 'sys/eval.yml': SAMPLE.replace('source: production-sample', 'source: synthetic') })
    expect(summary(outcomes)[0]).toMatchObject({
      status: 'fail',
      message: 'The evaluation "sys/eval.yml" is not declared as measured on production-sampled data (dataset "tickets-2026-10-sample").'
    })
  })
})
