import { describe, expect, it } from '@jest/globals'
import { ragasCsvParser, ragasJsonParser, ragasParsers } from '../../../src/evidence/parsers/ragas.js'
import type { EvaluationEvidence, ParseResult } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<EvaluationEvidence>
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length

describeSamples('ragas CSV (real samples, ragas 0.2 columns)', () => {
  it('reports each metric column as its mean over the 4 samples, each sample at its line', async () => {
    const evidence = evidenceOf(
      await parseFile<Result>(ragasCsvParser, SAMPLES, 'llm/ragas/using-ragas-with-elasticsearch.v0.2-cols.context_recall.ragas_evaluation.csv')
    )
    expect(evidence.metrics.map((m) => [m.name, m.samples, m.missing])).toEqual([
      ['context_precision', 4, 0],
      ['faithfulness', 4, 0],
      ['context_recall', 4, 0]
    ])
    expect(evidence.metrics[1]!.value).toBeCloseTo(mean([1, 1, 2 / 3, 2 / 3]), 12)
    expect(evidence.metrics[2]!.value).toBe(0.5)
    expect(evidence.dataset).toEqual({ size: 4 })
    expect(evidence.cases![0]).toEqual({
      name: "What's a good science fiction book with high ratings?",
      line: 2,
      scores: { context_precision: 0, faithfulness: 1, context_recall: 0 }
    })
    // The quoted contexts span lines: the second sample starts further down.
    expect(evidence.cases![1]!.line).toBeGreaterThan(2)
  })
})

describe('ragas fixtures (built from the real sample)', () => {
  it('averages over the non-empty cells and counts the empty one as missing (0.1 columns, pandas index)', async () => {
    const evidence = evidenceOf(await parseFile<Result>(ragasCsvParser, FIXTURES, 'llm/ragas-csv.v0.1-cols.nan-cell.csv'))
    const faithfulness = evidence.metrics.find((m) => m.name === 'faithfulness')!
    expect(faithfulness).toMatchObject({ samples: 3, missing: 1 })
    expect(faithfulness.value).toBeCloseTo(mean([1, 2 / 3, 2 / 3]), 12)
    expect(evidence.cases![1]!.scores!.faithfulness).toBeNull()
    expect(evidence.notes).toContain('faithfulness: 1 of 4 samples have no value (NaN), averaged over the other 3')
  })

  it('reads to_json() by column and by records, with null as missing', async () => {
    for (const name of ['llm/ragas-json.columns.json', 'llm/ragas-json.records.json']) {
      const evidence = evidenceOf(await parseFile<Result>(ragasJsonParser, FIXTURES, name))
      expect(evidence.metrics.map((m) => [m.name, m.samples, m.missing])).toEqual([
        ['context_precision', 4, 0],
        ['faithfulness', 3, 1],
        ['context_recall', 4, 0]
      ])
    }
  })

  it('fails zero samples, a metric with no value anywhere, and a cell that is not a number', async () => {
    expect(failureOf(await parseText(ragasCsvParser, 'empty.csv', 'user_input,response,faithfulness\n')).message).toMatch(/no samples: nothing was evaluated/)
    expect(failureOf(await parseText(ragasCsvParser, 'nan.csv', 'user_input,response,faithfulness\nq,a,\nq2,a2,\n')).message).toMatch(
      /faithfulness has no value in any sample/
    )
    expect(failureOf(await parseText(ragasCsvParser, 'text.csv', 'user_input,response,faithfulness\nq,a,high\n'))).toMatchObject({
      message: expect.stringMatching(/line 2: faithfulness is "high", not a number/),
      line: 2
    })
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(ragasParsers)
  })
})
