import { describe, expect, it } from '@jest/globals'
import { litellmDailyActivityParser, litellmParsers, litellmSpendLogsParser } from '../../../src/evidence/parsers/litellm.js'
import type { ParseResult, UsageEvidence } from '../../../src/evidence/types.js'
import { evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText } from './evidence-files.js'

type Result = ParseResult<UsageEvidence>
const LLM = `${FIXTURES}/llm`

const row = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  request_id: 'chatcmpl-1',
  call_type: 'acompletion',
  spend: 0.0003,
  total_tokens: 1200,
  prompt_tokens: 1000,
  completion_tokens: 200,
  startTime: '2026-11-20T09:14:02.114000Z',
  endTime: '2026-11-20T09:14:03.902000Z',
  model: 'gpt-4o-mini',
  ...fields
})

describe('LiteLLM spend logs (litellm-spend-logs)', () => {
  it('adds up one row per request: requests, tokens, dollars, per model', async () => {
    const evidence = evidenceOf(await parseFile<Result>(litellmSpendLogsParser, LLM, 'litellm-spend-logs.rows.json'))
    expect(evidence).toMatchObject({
      kind: 'usage',
      tool: 'litellm',
      per: 'request',
      records: 4,
      requests: 4,
      inputTokens: 5330,
      outputTokens: 700,
      costUsd: 0.0007635,
      units: { tokens: 'tokens', cost: 'USD' },
      models: ['gpt-4o-mini', 'llama3-70b-8192'],
      period: { start: '2026-11-20T09:14:02.114Z', end: '2026-11-20T09:20:06.812Z' }
    })
    expect(evidence.byModel).toEqual([
      { model: 'gpt-4o-mini', requests: 3, inputTokens: 3130, outputTokens: 490, tokens: 3620, costUsd: 0.0007635 },
      { model: 'llama3-70b-8192', requests: 1, inputTokens: 2200, outputTokens: 210, tokens: 2410, costUsd: 0 }
    ])
    expect(evidence.notes!.join('\n')).toMatch(/1 of the requests did not succeed/)
  })

  it('fails one page of the UI export, the per-day summary, a row without its dollars, and no rows', async () => {
    const paged = JSON.stringify({ data: [row()], total: 230, page: 1, page_size: 50, total_pages: 5 })
    expect(failureOf(await parseText<Result>(litellmSpendLogsParser, 'page.json', paged)).message).toMatch(
      /page 1 of 5 of the spend logs: it holds 1 of 230 requests/
    )
    const whole = JSON.stringify({ data: [row()], total: 1, page: 1, page_size: 50, total_pages: 1 })
    expect(evidenceOf(await parseText<Result>(litellmSpendLogsParser, 'whole.json', whole)).requests).toBe(1)
    const summary = JSON.stringify([{ startTime: '2026-11-20', spend: 1.2, users: { alice: 1.2 }, models: { 'gpt-4o': 1.2 } }])
    expect(failureOf(await parseText<Result>(litellmSpendLogsParser, 'summary.json', summary)).message).toMatch(
      /summarized per day .* no requests or tokens; export the rows with summarize=false/
    )
    const noSpend = failureOf(await parseText<Result>(litellmSpendLogsParser, 'no-spend.json', JSON.stringify([row(), row({ spend: '0.1' })], null, 2)))
    expect(noSpend.message).toMatch(/row 2 has spend "0.1", not an amount of dollars/)
    expect(noSpend.line).toBe(13)
    expect(failureOf(await parseText<Result>(litellmSpendLogsParser, 'kilo.json', JSON.stringify([row({ prompt_tokens: 1.2 })]))).message).toMatch(
      /prompt_tokens is 1.2, not a count/
    )
    expect(failureOf(await parseText<Result>(litellmSpendLogsParser, 'none.json', '[]')).message).toMatch(
      /has no spend log rows: no requests are recorded in it/
    )
  })
})

describe('LiteLLM daily activity (litellm-daily-activity)', () => {
  it('adds up the days, split by model where the breakdown covers every request', async () => {
    const evidence = evidenceOf(await parseFile<Result>(litellmDailyActivityParser, LLM, 'litellm-daily-activity.two-days.json'))
    expect(evidence).toMatchObject({
      per: 'day',
      records: 2,
      requests: 14,
      inputTokens: 6111,
      outputTokens: 3711,
      costUsd: 0.0198072,
      models: ['gpt-4o-mini', 'gpt-4o'],
      period: { start: '2026-11-19T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' }
    })
    expect(evidence.byModel).toEqual([
      { model: 'gpt-4o-mini', requests: 4, inputTokens: 6037, outputTokens: 2009, costUsd: 0.00211095 },
      { model: 'gpt-4o', requests: 10, inputTokens: 74, outputTokens: 1702, costUsd: 0.01769625 }
    ])
  })

  it('fails a page with more to follow and a day without its request count', async () => {
    const day = {
      date: '2026-11-20',
      metrics: { spend: 0.1, prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, api_requests: 2 },
      breakdown: { models: {} }
    }
    const partial = JSON.stringify({ results: [day], metadata: { page: 1, total_pages: 3, has_more: true } })
    expect(failureOf(await parseText<Result>(litellmDailyActivityParser, 'partial.json', partial)).message).toMatch(
      /page 1 of 3 of the daily activity .* its totals are partial/
    )
    const noRequests = JSON.stringify(
      { results: [{ ...day, metrics: { spend: 0.1, prompt_tokens: 10, completion_tokens: 5, api_requests: undefined } }], metadata: {} },
      null,
      2
    )
    const failed = failureOf(await parseText<Result>(litellmDailyActivityParser, 'no-requests.json', noRequests))
    expect(failed.message).toMatch(/day 1 has no api_requests/)
    expect(failed.line).toBe(3)
  })

  it('claims its own fixtures only', () => {
    expectOwnFilesClaimed(litellmParsers)
  })
})
