import { describe, expect, it } from '@jest/globals'
import { lmEvalParsers, lmEvalResultsParser } from '../../../src/evidence/parsers/lm-eval.js'
import type { EvaluationEvidence, ParseResult } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<EvaluationEvidence>

describeSamples('lm-evaluation-harness (real samples)', () => {
  it('0.4.x: one metric per "<metric>,<filter>" with its task, direction from higher_is_better, date from epoch seconds', async () => {
    const evidence = evidenceOf(
      await parseFile<Result>(lmEvalResultsParser, SAMPLES, 'llm/lm-eval/lm-evaluation-harness.v0.4-2024-08.gsm8k_cot_llama.results.json')
    )
    expect(evidence.metrics).toEqual([
      { name: 'exact_match,strict-match', type: 'exact_match', value: 0.7725549658832449, lowerIsBetter: false, task: 'gsm8k_cot_llama' },
      { name: 'exact_match,flexible-extract', type: 'exact_match', value: 0.7778620166793025, lowerIsBetter: false, task: 'gsm8k_cot_llama' }
    ])
    expect(evidence).toMatchObject({
      timestamp: new Date(1724622900312.985).toISOString(),
      dataset: { size: 1319 },
      models: ['meta-llama/Meta-Llama-3-8B-Instruct']
    })
  })

  it('before 0.4: plain metric names, perplexity lower-is-better by name, stderr left out', async () => {
    const evidence = evidenceOf(
      await parseFile<Result>(lmEvalResultsParser, SAMPLES, 'llm/lm-eval/pythia.v0.3-era.gpt-neox-harness.1.4b-deduped-0shot-step11500.json')
    )
    expect(evidence.metrics.some((m) => m.name.includes('stderr'))).toBe(false)
    const perplexity = evidence.metrics.find((m) => m.name === 'word_perplexity')!
    expect(perplexity.lowerIsBetter).toBe(true)
    expect(evidence.metrics.find((m) => m.task === 'hendrycksTest-world_religions' && m.name === 'acc')!.value).toBe(0.2982456140350877)
  })
})

describe('lm-evaluation-harness bad input', () => {
  it('fails a results file whose metrics are all N/A or NaN', async () => {
    const text = '{"results": {"arc_easy": {"acc,none": NaN, "acc_stderr,none": "N/A", "alias": "arc_easy"}}, "higher_is_better": {"arc_easy": {"acc": true}}}'
    expect(failureOf(await parseText(lmEvalResultsParser, 'nan.json', text)).message).toMatch(/holds no metric values/)
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(lmEvalParsers)
  })
})
