import { describe, expect, it } from '@jest/globals'
import { openaiEvalsLogParser, openaiEvalsParsers } from '../../../src/evidence/parsers/openai-evals.js'
import type { EvaluationEvidence, ParseResult } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<EvaluationEvidence>

describeSamples('OpenAI Evals record (real sample)', () => {
  it('reads final_report as the metrics, n_samples as the dataset size, the spec’s date in UTC', async () => {
    const evidence = evidenceOf(await parseFile<Result>(openaiEvalsLogParser, SAMPLES, 'llm/openai-evals/openai-evals-repo.self_prompting.oriprompt.log.jsonl'))
    expect(evidence).toMatchObject({
      timestamp: '2023-10-19T00:45:38.298619Z',
      dataset: { name: 'self_prompting.full', size: 1500 },
      models: ['self_prompting/oriprompt/baseline']
    })
    expect(evidence.metrics[0]).toEqual({ name: 'accuracy', type: 'accuracy', value: 0.20733333333333334, lowerIsBetter: false, line: 2 })
    expect(evidence.metrics.find((m) => m.name === 'prompt_rule_violation_rate')!.lowerIsBetter).toBe(true)
    expect(evidence.tests).toBeUndefined()
  })
})

describe('OpenAI Evals fixtures', () => {
  it('counts match events as pass/fail and lists the failing sample at its line', async () => {
    const evidence = evidenceOf(await parseFile<Result>(openaiEvalsLogParser, FIXTURES, 'llm/openai-evals-log.match-events.jsonl'))
    expect(evidence).toMatchObject({ tests: 4, passed: 3, failed: 1, errors: 0 })
    expect(evidence.cases).toEqual([{ name: 'support-faq.dev.2', line: 7, status: 'failed' }])
  })

  it('fails a record without its final_report (the eval did not finish)', async () => {
    const spec = '{"spec": {"eval_name": "x.dev.v0", "run_id": "r", "completion_fns": ["m"], "created_at": "2026-01-01 00:00:00"}}\n'
    expect(failureOf(await parseText(openaiEvalsLogParser, 'unfinished.jsonl', spec)).message).toMatch(/no final_report line: the eval did not finish/)
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(openaiEvalsParsers)
  })
})
