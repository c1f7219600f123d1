import { describe, expect, it } from '@jest/globals'
import { inspectEvalLogParser, inspectJsonLogParser, inspectParsers } from '../../../src/evidence/parsers/inspect-ai.js'
import type { EvaluationEvidence, ParseResult } from '../../../src/evidence/types.js'
import { popularity, popularityWithErroredSample } from '../../support/inspect-logs.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<EvaluationEvidence>

describeSamples('Inspect AI logs (real samples)', () => {
  it('keeps a cancelled run’s status beside its results, and the incorrect sample at its line', async () => {
    const evidence = evidenceOf(await parseFile<Result>(inspectJsonLogParser, SAMPLES, 'llm/inspect/inspect_ai.v2-json.2025-05.popularity.json'))
    expect(evidence).toMatchObject({
      status: 'cancelled',
      tests: 3,
      passed: 2,
      failed: 1,
      inputTokens: 192,
      outputTokens: 6,
      tokens: 198,
      models: ['openai/gpt-4o-mini']
    })
    expect(evidence.metrics).toEqual([{ name: 'accuracy', type: 'accuracy', value: 0.6666666666666666, lowerIsBetter: false, task: 'match', samples: 3 }])
    // Each sample's metadata scalar is an attribute: segments for fairness.evaluation's group-by.
    expect(evidence.cases).toEqual([
      { name: 'sample 3 (epoch 1)', line: 910, status: 'failed', reason: 'match: I (No)', attributes: { label_confidence: '0.8858943501974486' } }
    ])
    expect(evidence.segments).toEqual([
      {
        key: 'label_confidence',
        value: '0.8860552919198255',
        tests: 1,
        passed: 1,
        failed: 0,
        errors: 0,
        line: expect.any(Number),
        metrics: [{ name: 'match', value: 1, lowerIsBetter: false, samples: 1 }]
      },
      {
        key: 'label_confidence',
        value: '0.9271239981649271',
        tests: 1,
        passed: 1,
        failed: 0,
        errors: 0,
        line: expect.any(Number),
        metrics: [{ name: 'match', value: 1, lowerIsBetter: false, samples: 1 }]
      },
      {
        key: 'label_confidence',
        value: '0.8858943501974486',
        tests: 1,
        passed: 0,
        failed: 1,
        errors: 0,
        line: 910,
        metrics: [{ name: 'match', value: 0, lowerIsBetter: false, samples: 1 }]
      }
    ])
  })

  it('reads the .eval ZIP from its header.json and summaries.json', async () => {
    const evidence = evidenceOf(await parseFile<Result>(inspectEvalLogParser, SAMPLES, 'llm/inspect/inspect_ai.eval-zip.2024-11.input-task.eval'))
    expect(evidence).toMatchObject({
      status: 'success',
      timestamp: '2024-11-05T13:32:37-05:00',
      tests: 1,
      passed: 1,
      inputTokens: 287,
      outputTokens: 202,
      tokens: 489
    })
    expect(evidence.metrics).toEqual([{ name: 'accuracy', type: 'accuracy', value: 1, lowerIsBetter: false, task: 'model_graded_fact', samples: 1 }])
  })
})

describeSamples('Inspect AI: what each metric is a mean over', () => {
  const metricOf = async (text: string) => evidenceOf(await parseText<Result>(inspectJsonLogParser, 'log.json', text)).metrics[0]
  const withCounts = (epochs: unknown, total: number, completed: number) => {
    const log = popularity()
    log.eval.config.epochs = epochs
    Object.assign(log.results, { total_samples: total, completed_samples: completed })
    return JSON.stringify(log)
  }

  it('counts the samples that errored under --fail-on-error as missing, so the mean over the rest is judged for it', async () => {
    const evidence = evidenceOf(await parseText<Result>(inspectJsonLogParser, 'log.json', popularityWithErroredSample()))
    expect(evidence.metrics).toEqual([{ name: 'accuracy', type: 'accuracy', value: 1, lowerIsBetter: false, task: 'match', samples: 2, missing: 1 }])
    expect(evidence.dataset).toMatchObject({ size: 3 })
    expect(evidence).toMatchObject({ tests: 3, passed: 2, errors: 1 })
    expect(evidence.notes).toContain('1 of 3 samples did not complete')
  })

  it('counts samples, not sample-epochs: each sample’s epochs reduce to one score', async () => {
    // 3 samples × 4 epochs: the metric is a mean over 3 samples, however many rows the run made.
    expect(await metricOf(withCounts(4, 12, 12))).toMatchObject({ samples: 3 })
    expect((await metricOf(withCounts(4, 12, 12)))?.missing).toBeUndefined()
    // One epoch of one sample errored: that sample counts as missing (the cautious side).
    expect(await metricOf(withCounts(4, 12, 11))).toMatchObject({ samples: 2, missing: 1 })
    expect(await metricOf(withCounts(undefined, 3, 3))).toMatchObject({ samples: 3 })
  })

  it('fails counts that cannot be a run’s, at the log', async () => {
    const failed = async (text: string) => failureOf(await parseText<Result>(inspectJsonLogParser, 'log.json', text)).message
    expect(await failed(withCounts('4', 12, 12))).toBe('"log.json" has eval.config.epochs "4", not a whole number of epochs')
    expect(await failed(withCounts(0, 12, 12))).toBe('"log.json" has eval.config.epochs 0, not a whole number of epochs')
    expect(await failed(withCounts(4, 10, 10))).toBe('"log.json" has results.total_samples 10, not a whole number of samples over its 4 epochs')
    expect(await failed(withCounts(1, 3, 4))).toBe('"log.json" has results.completed_samples 4, more than its total_samples 3')
  })
})

describe('Inspect AI bad input', () => {
  it('fails a log that errored before any result, with the error', async () => {
    expect(failureOf(await parseFile<Result>(inspectJsonLogParser, FIXTURES, 'llm/inspect-log-json.error-no-results.json')).message).toMatch(
      /status error and no results: RateLimitError: Error code: 429/
    )
  })

  it('fails an unknown log version and a cut-off ZIP', async () => {
    expect(failureOf(await parseText(inspectJsonLogParser, 'v9.json', '{"version": 9, "status": "success", "eval": {}}')).message).toMatch(
      /log version 9; the gate reads versions 1 and 2/
    )
    const zip = Buffer.from('PK\u0003\u0004' + 'header.json'.padEnd(200, '\u0001'), 'latin1')
    expect(failureOf(await parseText(inspectEvalLogParser, 'cut.eval', zip)).message).toMatch(
      /is not a readable ZIP archive \(no end-of-central-directory record\); the file may be cut off/
    )
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(inspectParsers)
  })
})
