import { describe, expect, it } from '@jest/globals'
import { deepevalCacheParser, deepevalParsers, deepevalTestRunParser } from '../../../src/evidence/parsers/deepeval.js'
import type { EvaluationEvidence, ParseResult } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<EvaluationEvidence>

describeSamples('DeepEval (real samples)', () => {
  it('reads .latest_test_run.json: the case fails because one metric failed, each metric with its threshold', async () => {
    const evidence = evidenceOf(await parseFile<Result>(deepevalTestRunParser, SAMPLES, 'llm/deepeval/beeai-framework.latest_test_run.json'))
    expect(evidence).toMatchObject({ tool: 'deepeval', tests: 1, passed: 0, failed: 1, errors: 0 })
    expect(evidence.metrics).toEqual([
      { name: 'Exact Match', type: 'Exact Match', value: 1, lowerIsBetter: false, target: 1, samples: 1, missing: 0 },
      { name: 'ToolUsageMetric', type: 'ToolUsageMetric', value: 0, lowerIsBetter: false, target: 0.5, samples: 1, missing: 0 }
    ])
    expect(evidence.cases).toEqual([expect.objectContaining({ name: 'test_case_0', line: 1, status: 'failed', reason: 'ToolUsageMetric 0 (threshold 0.5)' })])
    expect(evidence.costUsd).toBeUndefined()
  })

  it('reads the in-progress file and counts the metrics that timed out as missing', async () => {
    const evidence = evidenceOf(await parseFile<Result>(deepevalTestRunParser, SAMPLES, 'llm/deepeval/beeai-framework.temp_test_run_data.json'))
    expect(evidence.metrics.map((m) => m.name)).not.toContain('Faithfulness')
    expect(evidence.notes).toEqual(expect.arrayContaining([expect.stringMatching(/no case has a score for Answer Relevancy, Contextual Recall, Faithfulness, Argument Correctness/), expect.stringMatching(/run in progress/)]))
  })

  it('refuses the cache and says what to link instead', async () => {
    expect(failureOf(await parseFile<Result>(deepevalCacheParser, SAMPLES, 'llm/deepeval/llm-evaluation.2024-04.deepeval-cache.json')).message).toMatch(/is DeepEval's metric cache.*link the run's \.deepeval\/\.latest_test_run\.json instead/)
  })
})

describe('DeepEval bad input', () => {
  const run = (testCases: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ testRunData: { testCases, conversationalTestCases: [], metricsScores: [], ...extra } })

  it('fails zero test cases', async () => {
    expect(failureOf(await parseText(deepevalTestRunParser, 'zero.json', run([]))).message).toMatch(/zero test cases: nothing was tested/)
  })

  it('reads a NaN score (Python writes NaN) as missing, and Hallucination as lower-is-better; the cost is the judge’s', async () => {
    const text = run([{ name: 'a', success: false, metricsData: [{ name: 'Hallucination', threshold: 0.5, success: false, score: 0.9 }, { name: 'Faithfulness', threshold: 0.7, success: false, score: 'NaN-placeholder' }] }], { evaluationCost: 0.0042 }).replace('"NaN-placeholder"', 'NaN')
    const evidence = evidenceOf(await parseText<Result>(deepevalTestRunParser, 'nan.json', text))
    expect(evidence.metrics).toEqual([{ name: 'Hallucination', type: 'Hallucination', value: 0.9, lowerIsBetter: true, target: 0.5, samples: 1, missing: 0 }])
    expect(evidence.costUsd).toBe(0.0042)
    expect(evidence.notes).toEqual(expect.arrayContaining(['1 values were NaN or infinite and are read as missing']))
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(deepevalParsers)
  })
})
