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
    expect(evidence.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/no case has a score for Answer Relevancy, Contextual Recall, Faithfulness, Argument Correctness/),
        expect.stringMatching(/run in progress/)
      ])
    )
  })

  it('refuses the cache and says what to link instead', async () => {
    expect(failureOf(await parseFile<Result>(deepevalCacheParser, SAMPLES, 'llm/deepeval/llm-evaluation.2024-04.deepeval-cache.json')).message).toMatch(
      /is DeepEval's metric cache.*link the run's \.deepeval\/\.latest_test_run\.json instead/
    )
  })
})

describeSamples('DeepEval additionalMetadata as segments (cases built from the real latest_test_run.json)', () => {
  it('groups the cases by each scalar of their additionalMetadata, with the metric means per group; lists are no group', async () => {
    const { readFile } = await import('node:fs/promises')
    const path = await import('node:path')
    const real = JSON.parse(await readFile(path.join(SAMPLES, 'llm/deepeval/beeai-framework.latest_test_run.json'), 'utf8')) as {
      testRunData: { testCases: Record<string, unknown>[] }
    }
    const template = real.testRunData.testCases[0]!
    expect(template.additionalMetadata).toMatchObject({ expected_facts: expect.any(Array), tool_usage: {} })
    const scored = (name: string, language: string, exact: number): Record<string, unknown> => ({
      ...template,
      name,
      additionalMetadata: { ...(template.additionalMetadata as object), language },
      metricsData: (template.metricsData as Record<string, unknown>[]).map((metric) =>
        metric.name === 'Exact Match' ? { ...metric, score: exact, success: exact >= 1 } : { ...metric, score: 1, success: true }
      )
    })
    real.testRunData.testCases = [scored('en 1', 'en', 1), scored('en 2', 'en', 1), scored('de 1', 'de', 0), scored('de 2', 'de', 1)]
    const evidence = evidenceOf(await parseText<Result>(deepevalTestRunParser, 'grouped.json', JSON.stringify(real, null, 2)))
    expect(evidence).toMatchObject({ tests: 4, passed: 3, failed: 1 })
    expect(evidence.segments!.map(({ key, value, tests, passed, failed }) => [key, value, tests, passed, failed])).toEqual([
      ['language', 'en', 2, 2, 0],
      ['language', 'de', 2, 1, 1]
    ])
    expect(evidence.segments![1]!.metrics).toEqual([
      { name: 'Exact Match', value: 0.5, lowerIsBetter: false, samples: 2 },
      { name: 'ToolUsageMetric', value: 1, lowerIsBetter: false, samples: 2 }
    ])
    expect(evidence.cases).toEqual([expect.objectContaining({ name: 'de 1', status: 'failed', attributes: { language: 'de' } })])
  })
})

describe('DeepEval bad input', () => {
  const run = (testCases: unknown[], extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ testRunData: { testCases, conversationalTestCases: [], metricsScores: [], ...extra } })

  it('fails zero test cases', async () => {
    expect(failureOf(await parseText(deepevalTestRunParser, 'zero.json', run([]))).message).toMatch(/zero test cases: nothing was tested/)
  })

  it('reads a NaN score (Python writes NaN) as missing, and Hallucination as lower-is-better; the cost is the judge’s', async () => {
    const text = run(
      [
        {
          name: 'a',
          success: false,
          metricsData: [
            { name: 'Hallucination', threshold: 0.5, success: false, score: 0.9 },
            { name: 'Faithfulness', threshold: 0.7, success: false, score: 'NaN-placeholder' }
          ]
        }
      ],
      { evaluationCost: 0.0042 }
    ).replace('"NaN-placeholder"', 'NaN')
    const evidence = evidenceOf(await parseText<Result>(deepevalTestRunParser, 'nan.json', text))
    expect(evidence.metrics).toEqual([{ name: 'Hallucination', type: 'Hallucination', value: 0.9, lowerIsBetter: true, target: 0.5, samples: 1, missing: 0 }])
    expect(evidence.costUsd).toBe(0.0042)
    expect(evidence.notes).toEqual(expect.arrayContaining(['1 values were NaN or infinite and are read as missing']))
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(deepevalParsers)
  })
})
