import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
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
        message:
          'routing-accuracy 0.93 on 4,000 samples: 95% interval 0.92–0.94; the lower bound meets the target 0.90; ' +
          'reply-acceptance-rate 0.71 on 4,000 samples: 95% interval 0.69–0.73; the lower bound meets the target 0.60; ' +
          'unsafe-reply-rate 0.002 on 4,000 samples: 95% interval 0.001–0.004; the upper bound meets the target 0.005; on production-sampled data.',
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

describe('data.production-evaluation on LLM eval runs', () => {
  const RAGAS = readFileSync(path.resolve(import.meta.dirname, '../../../../shared/evidence-samples/llm/ragas/using-ragas-with-elasticsearch.v0.2-cols.context_recall.ragas_evaluation.csv'), 'utf8')
  const entry = (targets: string, source = 'production-sample'): string =>
    manifest(`evidence:\n  evaluation:\n    file: ragas.csv\n    date: 2026-11-20\n    source: ${source}\n    targets:\n${targets}`)

  // The real sample's four rows, fifty times over: the same means, on 200 samples.
  const RAGAS_200 = RAGAS.replace(/\n?$/, '\n') + RAGAS.slice(RAGAS.indexOf('\n') + 1).replace(/\n?$/, '\n').repeat(49)

  it('judges ragas metrics on the manifest’s targets, with their sample size', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': entry('      faithfulness: 0.8\n      context_recall: 0.4\n'), 'sys/ragas.csv': RAGAS_200 })
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message:
          'faithfulness 0.8333 ≥ target 0.8 on 200 samples; context_recall 0.5 on 200 samples: 95% interval 0.43–0.57; the lower bound meets the target 0.40; on production-sampled data.',
        at: 'sys/readiness.yml:7'
      }
    ])
  })

  it('fails ragas metrics that meet their targets on too few samples to mean it', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': entry('      faithfulness: 0.8\n      context_recall: 0.4\n'), 'sys/ragas.csv': RAGAS })
    expect(summary(outcomes).map((o) => o.message)).toEqual([
      'faithfulness 0.8333 on 4 samples: fewer than the policy\'s 200 for a metric that is not a proportion in "sys/ragas.csv".',
      'context_recall 0.5 on 4 samples: 95% interval 0.15–0.85; the lower bound is under the target 0.40 in "sys/ragas.csv".'
    ])
  })

  it('fails a metric under its target and lists the samples that miss it at their lines', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': entry('      faithfulness: 0.85\n'), 'sys/ragas.csv': RAGAS })
    const [metric, ...cases] = summary(outcomes)
    expect(metric).toEqual({ status: 'fail', message: 'faithfulness 0.8333 < target 0.85 in "sys/ragas.csv".', at: 'sys/readiness.yml:7' })
    expect(cases.map((c) => c.message)).toEqual([
      'Case "What\'s a highly rated mystery novel?" fails: faithfulness 0.6667 vs 0.85.',
      'Case "Recommend a book with good reviews" fails: faithfulness 0.6667 vs 0.85.'
    ])
    expect(cases.every((c) => /^sys\/ragas\.csv:\d+$/.test(c.at))).toBe(true)
  })

  it('fails a target naming no metric of the file, and a run not sampled from production', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': entry('      answer_correctness: 0.9\n', 'synthetic'), 'sys/ragas.csv': RAGAS })
    expect(summary(outcomes).map((o) => o.message)).toEqual([
      'The evaluation "sys/ragas.csv" is not declared as measured on production-sampled data.',
      'The evaluation "sys/ragas.csv" states no target for any metric, so quality cannot be judged.',
      'The manifest sets a target for answer_correctness, but "sys/ragas.csv" has no such metric (it has context_precision, faithfulness, context_recall).'
    ])
  })

  it('fails an Inspect run that was cancelled, whatever its figures', async () => {
    const log = readFileSync(path.resolve(import.meta.dirname, '../../../../shared/evidence-samples/llm/inspect/inspect_ai.v2-json.2025-05.popularity.json'), 'utf8')
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('evidence:\n  evaluation:\n    file: log.json\n    source: production-sample\n    targets:\n      accuracy: 0.5\n'), 'sys/log.json': log }, { now: new Date('2025-06-01T00:00:00Z') })
    expect(summary(outcomes).map((o) => o.message)).toEqual(['The evaluation run "sys/log.json" ended with status "cancelled", not success: its figures are not a finished run\'s.'])
  })
})
