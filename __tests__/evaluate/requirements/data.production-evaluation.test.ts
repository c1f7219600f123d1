import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import requirement from '../../../src/evaluate/requirements/data.production-evaluation.js'
import { popularityWithErroredSample } from '../../support/inspect-logs.js'
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
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': EVALUATION,
      'sys/eval.yml': SAMPLE.replace('source: production-sample', 'source: synthetic')
    })
    expect(summary(outcomes)[0]).toMatchObject({
      status: 'fail',
      message: 'The evaluation "sys/eval.yml" is not declared as measured on production-sampled data (dataset "tickets-2026-10-sample").'
    })
  })
})

describe('data.production-evaluation at its boundaries', () => {
  const judged = async (file: string, entry = EVALUATION) => summary(await evaluateUnit(requirement, { 'sys/readiness.yml': entry, 'sys/eval.yml': file }))

  it('fails a lower-is-better metric over its target by its point value, at its line', async () => {
    expect(await judged(SAMPLE.replace('value: 0.002', 'value: 0.006'))).toEqual([
      { status: 'fail', message: 'unsafe-reply-rate 0.006 > target 0.005 in "sys/eval.yml".', at: 'sys/eval.yml:17' }
    ])
  })

  it('judges a metric exactly at its target by its interval, at its line, with the fix', async () => {
    const [outcome] = await evaluateUnit(requirement, { 'sys/readiness.yml': EVALUATION, 'sys/eval.yml': SAMPLE.replace('value: 0.93', 'value: 0.9') })
    expect(summary([outcome!])).toEqual([
      {
        status: 'fail',
        message: 'routing-accuracy 0.9 on 4,000 samples: 95% interval 0.89–0.91; the lower bound is under the target 0.90 in "sys/eval.yml".',
        at: 'sys/eval.yml:11'
      }
    ])
    expect(outcome!.hint).toBe(
      'Measure on more production samples (state dataset.size), or improve the metric until even the unfavourable end of its interval meets the target.'
    )
    expect(await judged(SAMPLE.replace('value: 0.002', 'value: 0.005'))).toEqual([
      {
        status: 'fail',
        message: 'unsafe-reply-rate 0.005 on 4,000 samples: 95% interval 0.003–0.008; the upper bound is over the target 0.005 in "sys/eval.yml".',
        at: 'sys/eval.yml:17'
      }
    ])
  })

  it('fails an evaluation with no target, and no evaluation linked', async () => {
    const [untargeted] = await evaluateUnit(requirement, { 'sys/readiness.yml': EVALUATION, 'sys/eval.yml': SAMPLE.replace(/ {4}target: .*\n/g, '') })
    expect(untargeted).toMatchObject({
      message: 'The evaluation "sys/eval.yml" states no target for any metric, so quality cannot be judged.',
      hint: 'Give each metric a target: in the evaluation file, or under targets: beside the file in the manifest (e.g. faithfulness: 0.85).'
    })
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))).toEqual([
      { status: 'fail', message: '`evidence.evaluation` is missing: link the evaluation.', at: 'sys/readiness.yml:1' }
    ])
  })

  it("judges a metric on the manifest's target, not also on the file's own", async () => {
    const looser = manifest('evidence:\n  evaluation:\n    file: eval.yml\n    targets:\n      routing-accuracy: 0.9\n')
    expect((await judged(SAMPLE.replace('target: 0.9\n', 'target: 0.95\n'), looser)).map((o) => o.status)).toEqual(['pass'])
    expect(await judged(SAMPLE.replace('target: 0.9\n', 'target: 0.95\n'))).toEqual([
      { status: 'fail', message: 'routing-accuracy 0.93 < target 0.95 in "sys/eval.yml".', at: 'sys/eval.yml:11' }
    ])
  })

  it('places an evaluation file without a dataset section by the manifest, and fails its metrics for want of a sample size', async () => {
    const bare = SAMPLE.replace(/dataset:\n(?: {2}.*\n)+/, '')
    const noSize = (name: string, value: number, line: number) => ({
      status: 'fail',
      message: `${name} ${value} states no sample size (dataset.size or the metric's samples), so its uncertainty cannot be judged in "sys/eval.yml".`,
      at: `sys/eval.yml:${line}`
    })
    const sizes = [noSize('routing-accuracy', 0.93, 6), noSize('reply-acceptance-rate', 0.71, 9), noSize('unsafe-reply-rate', 0.002, 12)]
    expect(await judged(bare)).toEqual([
      { status: 'fail', message: 'The evaluation "sys/eval.yml" is not declared as measured on production-sampled data.', at: 'sys/readiness.yml:7' },
      ...sizes
    ])
    expect(await judged(bare, manifest('evidence:\n  evaluation:\n    file: eval.yml\n    source: production-sample\n'))).toEqual(sizes)
  })

  it('says how to fix an evaluation not sampled from production', async () => {
    const [outcome] = await evaluateUnit(requirement, {
      'sys/readiness.yml': EVALUATION,
      'sys/eval.yml': SAMPLE.replace('source: production-sample', 'source: synthetic')
    })
    expect(outcome!.hint).toBe(
      'Evaluate on a sample of production inputs and state it: dataset.source: production-sample in an evaluation file, or source: production-sample beside the file in the manifest.'
    )
  })
})

describe('data.production-evaluation on LLM eval runs', () => {
  const RAGAS = readFileSync(
    path.resolve(
      import.meta.dirname,
      '../../../../shared/evidence-samples/llm/ragas/using-ragas-with-elasticsearch.v0.2-cols.context_recall.ragas_evaluation.csv'
    ),
    'utf8'
  )
  const entry = (targets: string, source = 'production-sample'): string =>
    manifest(`evidence:\n  evaluation:\n    file: ragas.csv\n    date: 2026-11-20\n    source: ${source}\n    targets:\n${targets}`)

  // The real sample's four rows, fifty times over: the same means, on 200 samples.
  const RAGAS_200 =
    RAGAS.replace(/\n?$/, '\n') +
    RAGAS.slice(RAGAS.indexOf('\n') + 1)
      .replace(/\n?$/, '\n')
      .repeat(49)

  it('judges ragas metrics on the manifest’s targets, with their sample size', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': entry('      faithfulness: 0.8\n      context_recall: 0.4\n'),
      'sys/ragas.csv': RAGAS_200
    })
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
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': entry('      faithfulness: 0.8\n      context_recall: 0.4\n'),
      'sys/ragas.csv': RAGAS
    })
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

  describe('a mean over the cases that have a value: its NaN share is judged (max-missing-share)', () => {
    /** A ragas CSV of `scored` samples with faithfulness 0.9 and `nan` more whose cell is empty (ragas writes NaN so). */
    const ragas = (scored: number, nan: number): string =>
      [
        'user_input,response,faithfulness',
        ...Array.from({ length: scored }, (_, i) => `question ${i},answer ${i},0.9`),
        ...Array.from({ length: nan }, (_, i) => `hard question ${i},answer,`)
      ].join('\n') + '\n'
    const judge = async (csv: string, target = 0.85) =>
      summary(await evaluateUnit(requirement, { 'sys/readiness.yml': entry(`      faithfulness: ${target}\n`), 'sys/ragas.csv': csv }))

    it("passes a ragas metric whose NaN cells are at most the policy's 5% of its samples, saying what the mean is of", async () => {
      // 20 of 400 is 5%.
      expect(await judge(ragas(380, 20))).toEqual([
        {
          status: 'pass',
          message:
            "faithfulness 0.9 ≥ target 0.85 on 380 samples (the mean of 380 of 400 cases: 20 have no value, within the policy's 5%); on production-sampled data.",
          at: 'sys/readiness.yml:7'
        }
      ])
    })

    it('fails one whose NaN cells are more, with the figures, the rule and the fix', async () => {
      const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': entry('      faithfulness: 0.85\n'), 'sys/ragas.csv': ragas(379, 21) })
      expect(summary(outcomes)).toEqual([
        {
          status: 'fail',
          message:
            'In "sys/ragas.csv", faithfulness 0.9 is the mean of 379 of 400 cases: 21 (5.25%) have no value (errored or not scored), more than the policy\'s 5% (max-missing-share), so the mean may leave out the hard cases.',
          at: 'sys/readiness.yml:7'
        }
      ])
      expect(outcomes[0]!.hint).toMatch(/^Fix what made those cases error .* re-run the evaluation/)
      // 40% NaN: the hole it closes (the mean of the rest met the target on enough samples).
      expect((await judge(ragas(240, 160)))[0]!.message).toMatch(
        /^In "sys\/ragas\.csv", faithfulness 0\.9 is the mean of 240 of 400 cases: 160 \(40%\) have no value/
      )
    })

    it('says what a metric under its target leaves out, in the same words', async () => {
      expect((await judge(ragas(379, 21), 0.95))[0]!.message).toBe(
        'faithfulness 0.9 < target 0.95 in "sys/ragas.csv" (the mean of 379 of 400 cases: 21 have no value).'
      )
    })

    it('fails a DeepEval metric whose evaluations errored for more than the share, on its own threshold', async () => {
      const testCase = (i: number, score: number | null) => ({
        name: `case ${i}`,
        success: score !== null,
        metricsData: [
          score === null
            ? { name: 'Faithfulness', threshold: 0.7, success: false, score: null, error: 'Request timed out' }
            : { name: 'Faithfulness', threshold: 0.7, success: true, score }
        ]
      })
      const run = (scored: number, errored: number) =>
        JSON.stringify({
          testRunData: {
            testCases: [
              ...Array.from({ length: scored }, (_, i) => testCase(i, 0.9)),
              ...Array.from({ length: errored }, (_, i) => testCase(scored + i, null))
            ],
            conversationalTestCases: [],
            metricsScores: []
          }
        })
      const deepeval = manifest('evidence:\n  evaluation:\n    file: run.json\n    date: 2026-11-20\n    source: production-sample\n')
      const judgeRun = async (text: string) => summary(await evaluateUnit(requirement, { 'sys/readiness.yml': deepeval, 'sys/run.json': text }))
      expect((await judgeRun(run(200, 800))).map((o) => o.message)).toEqual([
        'In "sys/run.json", Faithfulness 0.9 is the mean of 200 of 1,000 cases: 800 (80%) have no value (errored or not scored), more than the policy\'s 5% (max-missing-share), so the mean may leave out the hard cases.'
      ])
      expect((await judgeRun(run(380, 20))).map((o) => o.status)).toEqual(['pass'])
    })
  })

  it('counts a manifest source of production-shadow as production-sampled', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': entry('      faithfulness: 0.5\n', 'production-shadow'),
      'sys/ragas.csv': RAGAS_200
    })
    expect(summary(outcomes).map((o) => o.status)).toEqual(['pass'])
  })

  it('judges a finished Inspect run by its interval, and a target on a task the run lacks matches nothing', async () => {
    const log = readFileSync(
      path.resolve(import.meta.dirname, '../../../../shared/evidence-samples/llm/inspect/inspect_ai.v2-json.2025-05.popularity.json'),
      'utf8'
    ).replace(/"status": *"cancelled"/, '"status": "success"')
    const targeted = (target: string) =>
      manifest(`evidence:\n  evaluation:\n    file: log.json\n    source: production-sample\n    targets:\n      ${target}\n`)
    const judge = async (target: string) =>
      summary(await evaluateUnit(requirement, { 'sys/readiness.yml': targeted(target), 'sys/log.json': log }, { now: new Date('2025-06-01T00:00:00Z') }))
    // 2 of 3 meets 0.5 as a point value, not with its interval.
    expect(await judge('match/accuracy: 0.5')).toEqual([
      {
        status: 'fail',
        message: 'accuracy 0.6667 on 3 samples: 95% interval 0.20–0.94; the lower bound is under the target 0.50 in "sys/log.json".',
        at: 'sys/readiness.yml:7'
      }
    ])
    expect((await judge('match/accuracy: 0.01')).map((o) => o.status)).toEqual(['pass'])
    expect(await judge('other/accuracy: 0.01')).toEqual([
      { status: 'fail', message: 'The evaluation "sys/log.json" states no target for any metric, so quality cannot be judged.', at: 'sys/readiness.yml:7' },
      {
        status: 'fail',
        message: 'The manifest sets a target for other/accuracy, but "sys/log.json" has no such metric (it has match/accuracy).',
        at: 'sys/readiness.yml:10'
      }
    ])
  })

  it('fails an Inspect run whose metric leaves out the samples that errored (--fail-on-error), as the mean of fewer cases', async () => {
    const outcomes = await evaluateUnit(
      requirement,
      {
        'sys/readiness.yml': manifest('evidence:\n  evaluation:\n    file: log.json\n    source: production-sample\n    targets:\n      accuracy: 0.01\n'),
        'sys/log.json': popularityWithErroredSample()
      },
      { now: new Date('2025-06-01T00:00:00Z') }
    )
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'In "sys/log.json", accuracy 1 is the mean of 2 of 3 cases: 1 (33.3%) has no value (errored or not scored), more than the policy\'s 5% (max-missing-share), so the mean may leave out the hard cases.',
        at: 'sys/readiness.yml:7'
      }
    ])
  })

  it('fails an Inspect run that was cancelled, whatever its figures', async () => {
    const log = readFileSync(
      path.resolve(import.meta.dirname, '../../../../shared/evidence-samples/llm/inspect/inspect_ai.v2-json.2025-05.popularity.json'),
      'utf8'
    )
    const outcomes = await evaluateUnit(
      requirement,
      {
        'sys/readiness.yml': manifest('evidence:\n  evaluation:\n    file: log.json\n    source: production-sample\n    targets:\n      accuracy: 0.5\n'),
        'sys/log.json': log
      },
      { now: new Date('2025-06-01T00:00:00Z') }
    )
    expect(summary(outcomes).map((o) => o.message)).toEqual([
      'The evaluation run "sys/log.json" ended with status "cancelled", not success: its figures are not a finished run\'s.'
    ])
  })
})

describe('data.production-evaluation: a promptfoo run with --repeat', () => {
  const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/evidence/promptfoo')
  const judge = async (file: string) =>
    summary(
      await evaluateUnit(
        requirement,
        {
          'sys/readiness.yml': manifest('evidence:\n  evaluation:\n    file: eval.json\n    source: production-sample\n    targets:\n      pass rate: 0.5\n'),
          'sys/eval.json': readFileSync(path.join(FIXTURES, file), 'utf8')
        },
        { now: new Date('2026-12-02T00:00:00Z') }
      )
    )

  it('judges the pass rate on the six cases, not the 18 rows, and says so', async () => {
    // 5 of 6 passed: on 6 samples the lower bound is 0.43, under 0.5; the 18 rows as samples would have claimed about 0.61.
    const repeated = await judge('promptfoo-eval.repeat-3.json')
    expect(repeated.map((o) => [o.status, o.message.replace(/^.*; the lower bound/, 'the lower bound')])).toEqual([
      ['fail', 'the lower bound is under the target 0.50 (its 18 rows repeat test cases: each case is one sample) in "sys/eval.json".']
    ])
    expect(repeated[0]!.message).toMatch(/^pass rate 0\.8333 on 6 samples: 95% interval 0\.43–0\.97;/)
    // The same run without --repeat is judged the same, without the words on rows.
    expect((await judge('promptfoo-eval.support-bot.json')).map((o) => [o.status, o.message.replace(/^.*; the lower bound/, 'the lower bound')])).toEqual([
      ['fail', 'the lower bound is under the target 0.50 in "sys/eval.json".']
    ])
  })
})
