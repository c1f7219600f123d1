import { describe, expect, it } from '@jest/globals'
import { openaiCostsParser, openaiUsageParser, openaiUsageParsers } from '../../../src/evidence/parsers/openai-usage.js'
import type { ParseResult, UsageEvidence } from '../../../src/evidence/types.js'
import { evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText } from './evidence-files.js'

type Result = ParseResult<UsageEvidence>
const LLM = `${FIXTURES}/llm`

const page = (results: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify(
    { object: 'page', data: [{ object: 'bucket', start_time: 1764547200, end_time: 1764633600, results }], has_more: false, next_page: null, ...extra },
    null,
    2
  )
const completions = (fields: Record<string, unknown>): Record<string, unknown> => ({
  object: 'organization.usage.completions.result',
  input_tokens: 1000,
  output_tokens: 500,
  num_model_requests: 5,
  model: 'gpt-4o-mini-2024-07-18',
  ...fields
})

describe('OpenAI Usage API export (openai-usage)', () => {
  it("reads the cookbook's printed response (31 daily buckets) with the API's own figures", async () => {
    const evidence = evidenceOf(await parseFile<Result>(openaiUsageParser, LLM, 'openai-usage.cookbook-2025-01.buckets.json'))
    expect(evidence).toMatchObject({
      kind: 'usage',
      tool: 'openai',
      per: 'day',
      records: 26,
      requests: 19347,
      inputTokens: 16951009,
      outputTokens: 729421,
      units: { tokens: 'tokens' },
      period: { start: '2025-01-11T17:31:00.000Z', end: '2025-02-10T17:31:03.000Z' },
      timestamp: '2025-02-10T17:31:03.000Z'
    })
    expect(evidence.costUsd).toBeUndefined()
    // Not grouped by model: nothing to price the tokens with, and the notes say so.
    expect(evidence.models).toBeUndefined()
    expect(evidence.notes!.join('\n')).toMatch(/not grouped by model/)
    expect(evidence.notes!.join('\n')).toMatch(/168128 of the input tokens were cached/)
  })

  it('splits an export grouped by model', async () => {
    const evidence = evidenceOf(await parseFile<Result>(openaiUsageParser, LLM, 'openai-usage.by-model.json'))
    expect(evidence).toMatchObject({ requests: 2500, inputTokens: 3846000, outputTokens: 460000, models: ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06'] })
    expect(evidence.byModel).toEqual([
      { model: 'gpt-4o-mini-2024-07-18', requests: 2460, inputTokens: 3750000, cachedInputTokens: 1340000, outputTokens: 442000, tokens: 4192000 },
      { model: 'gpt-4o-2024-08-06', requests: 40, inputTokens: 96000, cachedInputTokens: 0, outputTokens: 18000, tokens: 114000 }
    ])
  })

  it('fails cached input tokens beyond the input tokens that include them, at the bucket', async () => {
    const failed = failureOf(
      await parseText<Result>(
        openaiUsageParser,
        'cached.json',
        page([
          {
            object: 'organization.usage.completions.result',
            input_tokens: 10,
            input_cached_tokens: 12,
            output_tokens: 2,
            num_model_requests: 1,
            model: 'gpt-4o-mini'
          }
        ])
      )
    )
    expect(failed.message).toMatch(/has input_cached_tokens 12, more than its input_tokens 10, which include them/)
    expect(failed.line).toBe(4)
  })

  it("fails the API reference's example page: has_more says other pages hold the rest", async () => {
    const failed = failureOf(await parseFile<Result>(openaiUsageParser, LLM, 'openai-usage.api-reference.has-more.json'))
    expect(failed.message).toMatch(/one page of an export with more pages \(has_more is true/)
    expect(failed.line).toBe(1)
  })

  it('fails a result whose unit is not established, at its bucket line', async () => {
    const failed = failureOf(
      await parseText<Result>(openaiUsageParser, 'no-object.json', page([{ input_tokens: 10, output_tokens: 2, num_model_requests: 1 }]))
    )
    expect(failed.message).toMatch(/has no object type, not "organization.usage.completions.result", so what its numbers count is not established/)
    expect(failed.line).toBe(4)
    const embeddings = failureOf(
      await parseText<Result>(
        openaiUsageParser,
        'embeddings.json',
        page([{ object: 'organization.usage.embeddings.result', input_tokens: 10, num_model_requests: 1 }])
      )
    )
    expect(embeddings.message).toMatch(/is "organization.usage.embeddings.result"/)
  })

  it('fails token counts that are not counts, missing counts, zero requests and buckets wider than a day', async () => {
    expect(failureOf(await parseText<Result>(openaiUsageParser, 'thousands.json', page([completions({ input_tokens: 1.5 })]))).message).toMatch(
      /input_tokens is 1.5, not a count/
    )
    expect(failureOf(await parseText<Result>(openaiUsageParser, 'no-requests.json', page([completions({ num_model_requests: undefined })]))).message).toMatch(
      /has no num_model_requests/
    )
    expect(failureOf(await parseText<Result>(openaiUsageParser, 'zero.json', page([completions({ num_model_requests: 0 })]))).message).toMatch(
      /records zero model requests/
    )
    const wide = JSON.stringify({
      object: 'page',
      data: [{ object: 'bucket', start_time: 1764547200, end_time: 1764547200 + 7 * 86400, results: [completions({})] }],
      has_more: false
    })
    expect(failureOf(await parseText<Result>(openaiUsageParser, 'wide.json', wide)).message).toMatch(
      /604800 seconds wide, wider than the Usage API's widest \(1d\)/
    )
    expect(failureOf(await parseText<Result>(openaiUsageParser, 'empty.json', JSON.stringify({ object: 'page', data: [], has_more: false }))).message).toMatch(
      /has no buckets/
    )
  })
})

describe('OpenAI Costs API export (openai-costs)', () => {
  it("reads the API reference's example in dollars, with no requests to divide by", async () => {
    const evidence = evidenceOf(await parseFile<Result>(openaiCostsParser, LLM, 'openai-costs.api-reference.json'))
    expect(evidence).toMatchObject({ kind: 'usage', per: 'day', records: 1, costUsd: 0.06, units: { cost: 'USD' } })
    expect(evidence.requests).toBeUndefined()
    expect(evidence.inputTokens).toBeUndefined()
  })

  it('fails an amount in another currency or without one, at its line', async () => {
    const cost = (amount: unknown): string => page([{ object: 'organization.costs.result', amount, line_item: null, project_id: null }])
    const eur = failureOf(await parseText<Result>(openaiCostsParser, 'eur.json', cost({ value: 6, currency: 'eur' })))
    expect(eur.message).toMatch(/is in "eur"; the gate reads US dollars \("usd"\) and converts no currency/)
    expect(eur.line).toBe(4)
    expect(failureOf(await parseText<Result>(openaiCostsParser, 'none.json', cost({ value: 6 }))).message).toMatch(
      /an amount without its currency, so its unit is not established/
    )
    expect(failureOf(await parseText<Result>(openaiCostsParser, 'nan.json', cost({ value: 'six', currency: 'usd' }))).message).toMatch(
      /amount.value "six", not an amount of dollars/
    )
    // A decimal string is the same amount (some clients write it so).
    expect(evidenceOf(await parseText<Result>(openaiCostsParser, 'string.json', cost({ value: '0.06', currency: 'usd' }))).costUsd).toBe(0.06)
  })

  it('claims its own fixtures only', () => {
    expectOwnFilesClaimed(openaiUsageParsers)
  })
})
