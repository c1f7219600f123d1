import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { DEFAULT_POLICY as BUILT_IN_POLICY } from '../../../src/policy/default.js'
import requirement from '../../../src/evaluate/requirements/cost.projection.js'
import { evaluateUnit as evaluateWith, manifest, summary, type UnitOptions } from '../../support/requirement-unit.js'

// These tests are about the arithmetic, on runs of a few requests: the policy's minimum of requests
// (min-evaluation-samples) is lowered to 1 here and has its own test (a measured cost from too few requests).
const DEFAULT_POLICY = { ...BUILT_IN_POLICY, thresholds: { ...BUILT_IN_POLICY.thresholds, minEvaluationSamples: 1 } }
const evaluateUnit = (unit: typeof requirement, files: Record<string, string>, options: UnitOptions = {}) =>
  evaluateWith(unit, files, { policy: DEFAULT_POLICY, ...options })

/** A declared cost serves at pilot (from staging the default policy requires a measured one). */
const cost = (budget: number, headroom = 2): string =>
  manifest(
    `volume:\n  monthly-requests: 1000000\nevidence:\n  cost:\n    usd-per-1k-requests: 1\n    monthly-budget-usd: ${budget}\n    headroom: ${headroom}\n`
  ).replace('stage: production', 'stage: pilot')

describe('cost.projection', () => {
  it('passes when cost × volume × headroom fits the budget', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': cost(2000) })
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: '$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month ≤ budget $2,000.', at: 'sys/readiness.yml:8' }
    ])
  })

  it('fails over budget, with the figures', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': cost(1999) })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: '$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month > budget $1,999.', at: 'sys/readiness.yml:8' }
    ])
    expect(outcomes[0]!.hint).toBe('Cut cost per request, lower the volume, or raise the budget with the sponsor.')
  })

  it('fails a headroom under the policy minimum, and a projection without the volume', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': cost(9000, 1.2) }))).toEqual([
      { status: 'fail', message: "Cost headroom 1.2 is below the policy's minimum of 1.5.", at: 'sys/readiness.yml:11' }
    ])
    const noVolume = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest('evidence:\n  cost:\n    usd-per-1k-requests: 1\n    monthly-budget-usd: 10\n').replace('stage: production', 'stage: pilot')
    })
    expect(summary(noVolume)[0]!.message).toBe('The cost projection lacks `volume.monthly-requests`.')
  })

  it('hints at the actual shortfall, not at every key', async () => {
    const [low] = await evaluateUnit(requirement, { 'sys/readiness.yml': cost(9000, 1.2) })
    expect(low!.hint).toBe("Set evidence.cost.headroom to at least 1.5 (the policy's thresholds.min-cost-headroom); the projection must still fit the budget.")
    const [noVolume] = await evaluateUnit(requirement, {
      'sys/readiness.yml': manifest('evidence:\n  cost:\n    usd-per-1k-requests: 1\n    monthly-budget-usd: 10\n').replace('stage: production', 'stage: pilot')
    })
    expect(noVolume!.hint).toBe('Set volume.monthly-requests.')
  })
})

describe('cost.projection measured from usage', () => {
  const EVAL = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/evidence/promptfoo/promptfoo-eval.support-bot.json'), 'utf8')
  const AFTER_RUN = { now: new Date('2026-12-02T00:00:00Z') }
  const measured = (declared = '', stage = 'production'): string =>
    manifest(
      `volume:\n  monthly-requests: 1000000\nevidence:\n  cost:\n${declared}    monthly-budget-usd: 100\n    headroom: 2\n    usage:\n      file: eval.json\n`
    ).replace('stage: production', `stage: ${stage}`)

  it('computes the cost per 1k from the cost and requests the run recorded, and shows the arithmetic', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': measured(), 'sys/eval.json': EVAL }, AFTER_RUN)
    // promptfoo recorded $0.0000846 for 6 requests: $0.0141 per 1k.
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message:
          'Measured $0.0141 per 1k ($0.0000846 from 6 requests in "sys/eval.json") × 1,000,000 requests/month × 2 headroom = $28.20/month ≤ budget $100.',
        at: 'sys/readiness.yml:8'
      }
    ])
  })

  it('fails a declared cost below the measured one', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': measured('    usd-per-1k-requests: 0.01\n'), 'sys/eval.json': EVAL }, AFTER_RUN)
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message: 'The declared $0.01 per 1k requests is below the measured $0.0141 ($0.0000846 from 6 requests in "sys/eval.json").',
        at: 'sys/readiness.yml:9'
      }
    ])
    expect(outcomes[0]!.hint).toBe('Declare the measured cost (or remove the declared one): a projection must not be cheaper than what the runs cost.')
  })

  it('prices tokens with the policy’s table when the run recorded no cost, and fails when the model has no price', async () => {
    const free = EVAL.replace(/"cost": [0-9.e-]+/g, '"cost": 0')
    const unpriced = await evaluateUnit(requirement, { 'sys/readiness.yml': measured(), 'sys/eval.json': free }, AFTER_RUN)
    expect(summary(unpriced)[0]!.message).toBe(
      'The usage record "sys/eval.json" records no cost, and its tokens cannot be priced: it names support-bot, which the policy\'s cost.prices does not price.'
    )
    expect(unpriced[0]!.hint).toBe('Add the model to the policy under cost.prices (USD per 1M input and output tokens), or record the cost in the run.')
    const policy = { ...DEFAULT_POLICY, cost: { ...DEFAULT_POLICY.cost, prices: { 'support-bot': { inputUsdPer1M: 1, outputUsdPer1M: 2 } } } }
    const priced = await evaluateUnit(requirement, { 'sys/readiness.yml': measured(), 'sys/eval.json': free }, { ...AFTER_RUN, policy })
    // (136 × $1 + 107 × $2) / 1M = $0.00035 for 6 requests: $0.0583 per 1k.
    expect(summary(priced)[0]!.message).toBe(
      'Measured $0.0583 per 1k (136 input + 107 output tokens of support-bot at $1/$2 per 1M, from 6 requests in "sys/eval.json") × 1,000,000 requests/month × 2 headroom = $116.67/month > budget $100.'
    )
  })

  it('requires a measured cost from staging on; at pilot a declared one serves', async () => {
    const declaredOnly = (stage: string): string => cost(2000).replace('stage: pilot', `stage: ${stage}`)
    const [staging] = await evaluateUnit(requirement, { 'sys/readiness.yml': declaredOnly('staging') })
    expect(staging).toMatchObject({
      message:
        'From staging on, the policy requires a measured cost: `evidence.cost.usage` is missing, and a declared cost per 1k requests alone does not serve.',
      hint: 'Link usage records or an eval run with token counts under evidence.cost.usage (promptfoo eval output records tokens and cost).'
    })
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': declaredOnly('pilot') }))[0]!.status).toBe('pass')
  })

  it('fails usage with zero requests', async () => {
    const none = JSON.stringify({
      evalId: 'eval-x',
      results: {
        version: 3,
        timestamp: '2026-11-20T00:00:00Z',
        results: [{ success: true, cost: 0.1, testIdx: 0 }],
        stats: { successes: 1, failures: 0, tokenUsage: { prompt: 5, completion: 5, total: 10, numRequests: 0 } }
      }
    })
    const [zero] = await evaluateUnit(requirement, { 'sys/readiness.yml': measured(), 'sys/eval.json': none })
    expect(zero).toMatchObject({
      message: 'The usage record "sys/eval.json" counts zero requests, so no cost per request can be measured from it.',
      hint: 'Link records that count model requests and tokens: LiteLLM spend logs, the OpenAI Usage API export grouped by model, or promptfoo eval output.'
    })
  })
})

describe('cost.projection measured from usage exports (production or staging traffic)', () => {
  const LLM = path.resolve(import.meta.dirname, '../../fixtures/evidence/llm')
  const fixture = (name: string): string => readFileSync(path.join(LLM, name), 'utf8')
  const linked = (file: string): string =>
    manifest(`volume:\n  monthly-requests: 1000000\nevidence:\n  cost:\n    monthly-budget-usd: 1000\n    headroom: 2\n    usage:\n      file: ${file}\n`)

  it('prices each model of LiteLLM spend logs: the dollars recorded, else the policy price, with the figures in the finding', async () => {
    const files = { 'sys/readiness.yml': linked('spend.json'), 'sys/spend.json': fixture('litellm-spend-logs.rows.json') }
    const after = { now: new Date('2026-12-02T00:00:00Z') }
    // llama3-70b-8192 was served at no recorded cost: without a price it would count as free.
    expect(summary(await evaluateUnit(requirement, files, after))).toEqual([
      {
        status: 'fail',
        message:
          'The usage record "sys/spend.json" records no cost for llama3-70b-8192 (1 request, 2,410 tokens), and the policy\'s cost.prices has no price for it.',
        at: 'sys/readiness.yml:12'
      }
    ])
    expect((await evaluateUnit(requirement, files, after))[0]!.hint).toBe(
      'Add llama3-70b-8192 to the policy under cost.prices (USD per 1M input and output tokens).'
    )
    const policy = { ...DEFAULT_POLICY, cost: { ...DEFAULT_POLICY.cost, prices: { 'llama3-70b-8192': { inputUsdPer1M: 0.59, outputUsdPer1M: 0.79 } } } }
    // $0.0007635 recorded + (2,200 × $0.59 + 210 × $0.79) / 1M = $0.0022274 for 4 requests: $0.557 per 1k.
    expect(summary(await evaluateUnit(requirement, files, { ...after, policy }))).toEqual([
      {
        status: 'fail',
        message:
          'Measured $0.557 per 1k ($0.000763 recorded for gpt-4o-mini + 2,200 input + 210 output tokens of llama3-70b-8192 at $0.59/$0.79 per 1M, from 4 requests over 6 minutes in "sys/spend.json") × 1,000,000 requests/month × 2 headroom = $1,113.70/month > budget $1,000.',
        at: 'sys/readiness.yml:8'
      }
    ])
  })

  it('says how long the records span: hours from two, else minutes, at least one', async () => {
    const policy = { ...DEFAULT_POLICY, cost: { ...DEFAULT_POLICY.cost, prices: { 'llama3-70b-8192': { inputUsdPer1M: 0.59, outputUsdPer1M: 0.79 } } } }
    const spanOf = async (logs: string): Promise<string> => {
      const files = { 'sys/readiness.yml': linked('spend.json'), 'sys/spend.json': logs }
      const [outcome] = await evaluateUnit(requirement, files, { now: new Date('2026-12-02T00:00:00Z'), policy })
      return / from 4 requests( over [^"]*)? in /.exec(outcome!.message)![1] ?? ''
    }
    const logs = fixture('litellm-spend-logs.rows.json')
    // The rows run from 09:14:02.114 to 09:20:06.812; the last row moved to end exactly two hours after the first began.
    expect(await spanOf(logs.replace('2026-11-20T09:20:06.812000Z', '2026-11-20T11:14:02.114000Z'))).toBe(' over 2 hours')
    expect(await spanOf(logs.replace('2026-11-20T09:20:06.812000Z', '2026-11-20T11:14:02.113000Z'))).toBe(' over 120 minutes')
    // Every row within the same minute: 40 seconds read as one minute.
    expect(await spanOf(logs.replace(/(Time": "2026-11-20T09:)[12]\d:/g, '$114:'))).toBe(' over 1 minute')
  })

  it('fails usage whose models record neither cost nor tokens, priced or not: nothing was measured, not $0', async () => {
    const empty = fixture('litellm-daily-activity.two-days.json').replace(/"(spend|prompt_tokens|completion_tokens|total_tokens)": [0-9.e+-]+/g, '"$1": 0')
    const files = { 'sys/readiness.yml': linked('daily.json'), 'sys/daily.json': empty }
    const prices = { 'gpt-4o': { inputUsdPer1M: 2.5, outputUsdPer1M: 10 }, 'gpt-4o-mini': { inputUsdPer1M: 0.15, outputUsdPer1M: 0.6 } }
    for (const policy of [DEFAULT_POLICY, { ...DEFAULT_POLICY, cost: { ...DEFAULT_POLICY.cost, prices } }]) {
      expect(summary(await evaluateUnit(requirement, files, { now: new Date('2026-11-22T00:00:00Z'), policy }))).toEqual([
        {
          status: 'fail',
          message: 'The usage record "sys/daily.json" records no cost and no tokens, so no cost can be measured from it.',
          at: 'sys/readiness.yml:12'
        }
      ])
    }
  })

  it('reads LiteLLM daily activity per model, over its days', async () => {
    const files = { 'sys/readiness.yml': linked('daily.json'), 'sys/daily.json': fixture('litellm-daily-activity.two-days.json') }
    // $0.0198072 recorded for 14 requests: $1.41 per 1k.
    expect(summary(await evaluateUnit(requirement, files, { now: new Date('2026-11-22T00:00:00Z') }))).toEqual([
      {
        status: 'fail',
        message:
          'Measured $1.41 per 1k ($0.00211 recorded for gpt-4o-mini + $0.0177 recorded for gpt-4o, from 14 requests over 2 days in "sys/daily.json") × 1,000,000 requests/month × 2 headroom = $2,829.60/month > budget $1,000.',
        at: 'sys/readiness.yml:8'
      }
    ])
  })

  it('prices an OpenAI usage export grouped by model; one not grouped, or a costs export with no requests, fails', async () => {
    const policy = {
      ...DEFAULT_POLICY,
      cost: {
        ...DEFAULT_POLICY.cost,
        prices: { 'gpt-4o-mini-2024-07-18': { inputUsdPer1M: 0.15, outputUsdPer1M: 0.6 }, 'gpt-4o-2024-08-06': { inputUsdPer1M: 2.5, outputUsdPer1M: 10 } }
      }
    }
    const byModel = { 'sys/readiness.yml': linked('usage.json'), 'sys/usage.json': fixture('openai-usage.by-model.json') }
    const [outcome] = await evaluateUnit(requirement, byModel, { now: new Date('2026-12-03T00:00:00Z'), policy })
    // (3,750,000 × 0.15 + 442,000 × 0.6 + 96,000 × 2.5 + 18,000 × 10) / 1M = $1.2477 for 2,500 requests: $0.499 per 1k.
    // 1,340,000 of gpt-4o-mini's input tokens were cached: without a cached-input price they cost the full input rate, and the finding says so.
    expect(outcome!.message).toBe(
      'Measured $0.499 per 1k (3,750,000 input + 442,000 output tokens of gpt-4o-mini-2024-07-18 at $0.15/$0.6 per 1M (1,340,000 of the input tokens were cached, priced as full input: the policy gives no cached-input price for gpt-4o-mini-2024-07-18) + 96,000 input + 18,000 output tokens of gpt-4o-2024-08-06 at $2.5/$10 per 1M, from 2,500 requests over 2 days in "sys/usage.json") × 1,000,000 requests/month × 2 headroom = $998.16/month ≤ budget $1,000.'
    )
    // With the policy's cached-input price: (2,410,000 × 0.15 + 1,340,000 × 0.075 + 442,000 × 0.6 + 96,000 × 2.5 + 18,000 × 10) / 1M = $1.1472 for 2,500 requests.
    const cachedPrice = {
      ...policy,
      cost: {
        ...policy.cost,
        prices: { ...policy.cost.prices, 'gpt-4o-mini-2024-07-18': { inputUsdPer1M: 0.15, outputUsdPer1M: 0.6, cachedInputUsdPer1M: 0.075 } }
      }
    }
    const [cheaper] = await evaluateUnit(requirement, byModel, { now: new Date('2026-12-03T00:00:00Z'), policy: cachedPrice })
    expect(cheaper!.message).toBe(
      'Measured $0.459 per 1k (2,410,000 input + 1,340,000 cached input + 442,000 output tokens of gpt-4o-mini-2024-07-18 at $0.15/$0.6 per 1M ($0.075 cached) + 96,000 input + 18,000 output tokens of gpt-4o-2024-08-06 at $2.5/$10 per 1M, from 2,500 requests over 2 days in "sys/usage.json") × 1,000,000 requests/month × 2 headroom = $917.76/month ≤ budget $1,000.'
    )
    const ungrouped = { 'sys/readiness.yml': linked('usage.json'), 'sys/usage.json': fixture('openai-usage.cookbook-2025-01.buckets.json') }
    expect(summary(await evaluateUnit(requirement, ungrouped, { now: new Date('2025-02-12T00:00:00Z'), policy }))[0]!.message).toBe(
      'The usage record "sys/usage.json" records no cost, and its tokens cannot be priced: it names no model, so no price applies.'
    )
    const costs = { 'sys/readiness.yml': linked('costs.json'), 'sys/costs.json': fixture('openai-costs.api-reference.json') }
    expect(summary(await evaluateUnit(requirement, costs, { now: new Date('2024-11-03T00:00:00Z') }))[0]!.message).toBe(
      'The usage record "sys/costs.json" counts no requests, so no cost per request can be measured from it.'
    )
  })
})

describe('cost.projection at its boundaries', () => {
  /** A promptfoo eval of `requests` requests that recorded `cost` dollars and the token counts given. */
  const evalRun = (requests: number, cost: number, tokenUsage: Record<string, number> = { prompt: 5, completion: 5, total: 10 }): string =>
    JSON.stringify({
      evalId: 'eval-x',
      results: {
        version: 3,
        timestamp: '2026-11-20T00:00:00Z',
        results: [{ success: true, cost, testIdx: 0 }],
        stats: { successes: 1, failures: 0, tokenUsage: { ...tokenUsage, numRequests: requests } }
      }
    })
  const measured = (declared: string, extra = ''): string =>
    manifest(
      `volume:\n  monthly-requests: 1000\nevidence:\n  cost:\n${declared}    monthly-budget-usd: 100000\n    headroom: 2\n    usage:\n      file: eval.json\n${extra}`
    )
  const withPolicy = (cost: Partial<typeof DEFAULT_POLICY.cost>) => ({ policy: { ...DEFAULT_POLICY, cost: { ...DEFAULT_POLICY.cost, ...cost } } })

  it('a declared cost equal to the measured one serves; a cent below fails', async () => {
    // $0.002 for 2 requests: $1 per 1k.
    const files = (declared: number) => ({ 'sys/readiness.yml': measured(`    usd-per-1k-requests: ${declared}\n`), 'sys/eval.json': evalRun(2, 0.002) })
    expect(summary(await evaluateUnit(requirement, files(1)))[0]!.status).toBe('pass')
    expect(summary(await evaluateUnit(requirement, files(0.99)))).toEqual([
      {
        status: 'fail',
        message: 'The declared $0.99 per 1k requests is below the measured $1 ($0.002 from 2 requests in "sys/eval.json").',
        at: 'sys/readiness.yml:9'
      }
    ])
  })

  it('fails a run that recorded no cost and lacks the input or the output token count', async () => {
    const partial: Record<string, number>[] = [{ prompt: 5, total: 5 }, { completion: 5, total: 5 }, { total: 10 }]
    for (const tokenUsage of partial) {
      const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': measured(''), 'sys/eval.json': evalRun(2, 0, tokenUsage) })
      expect(summary(outcomes)).toEqual([
        {
          status: 'fail',
          message: 'The usage record "sys/eval.json" has no cost and no input and output token counts, so no cost can be measured from it.',
          at: 'sys/readiness.yml:12'
        }
      ])
    }
  })

  it('prices input and output tokens each at their own price', async () => {
    const prices = { 'support-bot': { inputUsdPer1M: 3, outputUsdPer1M: 2 } }
    const run = JSON.parse(evalRun(2, 0, { prompt: 1000, completion: 500, total: 1500 })) as { results: { results: Record<string, unknown>[] } }
    run.results.results[0]!.provider = { id: 'support-bot' }
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': measured(''), 'sys/eval.json': JSON.stringify(run) }, withPolicy({ prices }))
    // (1,000 × $3 + 500 × $2) / 1M = $0.004 for 2 requests: $2 per 1k.
    expect(summary(outcomes)[0]!.message).toMatch(/^Measured \$2 per 1k \(1,000 input \+ 500 output tokens of support-bot at \$3\/\$2 per 1M, from 2 requests/)
  })

  it('fails tokens of several models not split among them, whether the policy prices one of them or all', async () => {
    const run = JSON.parse(evalRun(2, 0, { prompt: 1000, completion: 500, total: 1500 })) as { results: { results: Record<string, unknown>[] } }
    run.results.results[0]!.provider = { id: 'support-bot' }
    run.results.results.push({ ...run.results.results[0]!, testIdx: 1, provider: { id: 'fallback-bot' } })
    const files = { 'sys/readiness.yml': measured(''), 'sys/eval.json': JSON.stringify(run) }
    const one = await evaluateUnit(requirement, files, withPolicy({ prices: { 'support-bot': { inputUsdPer1M: 3, outputUsdPer1M: 2 } } }))
    expect(summary(one)[0]!.message).toBe(
      'The usage record "sys/eval.json" records no cost, and its tokens cannot be priced: it names 2 models (support-bot, fallback-bot) without splitting its tokens among them, so no one price applies (cost.prices prices support-bot).'
    )
    expect(one[0]!.hint).toBe('Record the cost in the run, or link usage split by model (e.g. the OpenAI Usage API export grouped by model).')
    const none = await evaluateUnit(requirement, files)
    expect(summary(none)[0]!.message).toMatch(/no one price applies \(cost\.prices prices none of them\)\.$/)
  })

  it('fails a manifest with no evidence at all', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('volume:\n  monthly-requests: 1000\n') }))).toEqual([
      { status: 'fail', message: '`evidence.cost` is missing: no cost projection for production volume.', at: 'sys/readiness.yml:1' }
    ])
  })

  it('lets a declared cost serve before the policy’s cost.measured-from stage, or at every stage with never', async () => {
    const declaredOnly = (stage: string): string =>
      manifest(
        'volume:\n  monthly-requests: 1000\nevidence:\n  cost:\n    usd-per-1k-requests: 1234.5\n    monthly-budget-usd: 100000000\n    headroom: 2\n'
      ).replace('stage: production', `stage: ${stage}`)
    const pass = {
      status: 'pass',
      message: '$1,234.50 per 1k × 1,000 requests/month × 2 headroom = $2,469/month ≤ budget $100,000,000.',
      at: 'sys/readiness.yml:8'
    }
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': declaredOnly('production') }, withPolicy({ measuredFrom: 'never' })))).toEqual([pass])
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': declaredOnly('staging') }, withPolicy({ measuredFrom: 'production' })))).toEqual([
      pass
    ])
    expect(
      summary(await evaluateUnit(requirement, { 'sys/readiness.yml': declaredOnly('production') }, withPolicy({ measuredFrom: 'production' })))[0]!.status
    ).toBe('fail')
  })

  it('fails a measured cost from fewer requests than the policy minimum (min-evaluation-samples): 200 serve, 199 do not', async () => {
    const run = (requests: number) => ({ 'sys/readiness.yml': measured(''), 'sys/eval.json': evalRun(requests, requests * 0.00001) })
    expect(summary(await evaluateWith(requirement, run(200), { now: new Date('2026-12-02T00:00:00Z') })).map((o) => o.status)).toEqual(['pass'])
    const few = await evaluateWith(requirement, run(199), { now: new Date('2026-12-02T00:00:00Z') })
    expect(summary(few)).toContainEqual({
      status: 'fail',
      message: "The measured cost comes from 199 requests: fewer than the policy's 200 (min-evaluation-samples) to project a month from.",
      at: 'sys/readiness.yml:11'
    })
    expect(few.find((o) => o.message.startsWith('The measured cost comes from'))!.hint).toBe(
      'Link usage records or an eval run of at least 200 requests under evidence.cost.usage.'
    )
    expect(summary(await evaluateWith(requirement, run(1), { now: new Date('2026-12-02T00:00:00Z') })).map((o) => o.message)).toContain(
      "The measured cost comes from 1 request: fewer than the policy's 200 (min-evaluation-samples) to project a month from."
    )
  })
})

// Figures that would make any budget fit (no traffic, a cost of nothing, requests that used no
// tokens) fail at the figure's own line; and what each finding says, where the wording changes.
describe('cost.projection on figures that measure nothing, and what each finding says', () => {
  const LLM = path.resolve(import.meta.dirname, '../../fixtures/evidence/llm')
  const fixture = (name: string): string => readFileSync(path.join(LLM, name), 'utf8')
  /** A promptfoo eval of 2 requests of support-bot that recorded no cost, with these token counts. */
  const uncosted = (prompt: number, completion: number): string =>
    JSON.stringify({
      evalId: 'eval-x',
      results: {
        version: 3,
        timestamp: '2026-11-20T00:00:00Z',
        results: [{ success: true, cost: 0, testIdx: 0, provider: { id: 'support-bot' } }],
        stats: { successes: 1, failures: 0, tokenUsage: { prompt, completion, total: prompt + completion, numRequests: 2 } }
      }
    })
  const linked = (file: string, monthly = 1000): string =>
    manifest(`volume:\n  monthly-requests: ${monthly}\nevidence:\n  cost:\n    monthly-budget-usd: 100000\n    headroom: 2\n    usage:\n      file: ${file}\n`)
  const priced = (prices: Record<string, { inputUsdPer1M: number; outputUsdPer1M: number; cachedInputUsdPer1M?: number }>) => ({
    ...DEFAULT_POLICY,
    cost: { ...DEFAULT_POLICY.cost, prices }
  })
  const SUPPORT_BOT = priced({ 'support-bot': { inputUsdPer1M: 3, outputUsdPer1M: 2 } })

  it('does not price records that name no model at the price of the model the others name (they may be of a dearer one)', async () => {
    const mini = { 'gpt-4o-mini-2024-07-18': { inputUsdPer1M: 0.15, outputUsdPer1M: 0.6 } }
    const after = { now: new Date('2026-12-03T00:00:00Z'), policy: priced(mini) }
    // The OpenAI export with gpt-4o's bucket result not grouped (model null): 40 requests of an unknown model.
    const openai = fixture('openai-usage.by-model.json').replace('"model": "gpt-4o-2024-08-06"', '"model": null')
    const [usage] = await evaluateUnit(requirement, { 'sys/readiness.yml': linked('usage.json'), 'sys/usage.json': openai }, after)
    expect(usage).toMatchObject({
      status: 'fail',
      message:
        'The usage record "sys/usage.json" records no cost, and its tokens cannot be priced: 1 of its records name no model (the others name gpt-4o-mini-2024-07-18), so the tokens are not all of a priced model.',
      hint: 'Record the cost in the run, or link usage where every record names its model (e.g. the OpenAI Usage API export grouped by model).'
    })
    // Every record named, the same export is priced.
    const named = openai.replace('"model": null', '"model": "gpt-4o-mini-2024-07-18"')
    const [allNamed] = await evaluateUnit(requirement, { 'sys/readiness.yml': linked('usage.json'), 'sys/usage.json': named }, after)
    expect(allNamed!.status).toBe('pass')
    // A promptfoo run whose second row names no provider, with no cost recorded.
    const run = JSON.parse(uncosted(1000, 500)) as { results: { results: Record<string, unknown>[] } }
    run.results.results.push({ success: true, cost: 0, testIdx: 1 })
    const [promptfoo] = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': linked('eval.json'), 'sys/eval.json': JSON.stringify(run) },
      { policy: SUPPORT_BOT }
    )
    expect(promptfoo!.message).toBe(
      'The usage record "sys/eval.json" records no cost, and its tokens cannot be priced: 1 of its records name no model (the others name support-bot), so the tokens are not all of a priced model.'
    )
  })

  it('does not take the cost of some rows as the run’s cost: the rows without one are priced from the tokens', async () => {
    // Row 0 records $0.000001; row 1 records no cost. Summed, the run would cost $0.000001 for 2 requests.
    const run = JSON.parse(uncosted(1000, 500)) as { results: { results: Record<string, unknown>[] } }
    run.results.results[0]!.cost = 0.000001
    run.results.results.push({ success: true, testIdx: 1, provider: { id: 'support-bot' } })
    const files = { 'sys/readiness.yml': linked('eval.json'), 'sys/eval.json': JSON.stringify(run) }
    const [priced] = await evaluateUnit(requirement, files, { policy: SUPPORT_BOT })
    // (1,000 × $3 + 500 × $2) / 1M = $0.004 for 2 requests: $2 per 1k.
    expect(priced!.message).toMatch(/^Measured \$2 per 1k \(1,000 input \+ 500 output tokens of support-bot at \$3\/\$2 per 1M, from 2 requests/)
    const [unpriced] = await evaluateUnit(requirement, files)
    expect(unpriced!.message).toBe(
      'The usage record "sys/eval.json" records no cost, and its tokens cannot be priced: it names support-bot, which the policy\'s cost.prices does not price.'
    )
  })

  it('fails a volume of 0 requests a month at its line (no traffic fits any budget); 1 request a month is projected', async () => {
    const declared = (monthly: number): string =>
      manifest(
        `volume:\n  monthly-requests: ${monthly}\nevidence:\n  cost:\n    usd-per-1k-requests: 1\n    monthly-budget-usd: 10\n    headroom: 2\n`
      ).replace('stage: production', 'stage: pilot')
    const [none] = await evaluateUnit(requirement, { 'sys/readiness.yml': declared(0) })
    expect(summary([none!])).toEqual([
      {
        status: 'fail',
        message: '`volume.monthly-requests` is 0: a projection for no traffic fits any budget and shows nothing.',
        at: 'sys/readiness.yml:6'
      }
    ])
    expect(none!.hint).toBe('Set volume.monthly-requests to the production volume.')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': declared(1) }))[0]!.message).toBe(
      '$1 per 1k × 1 requests/month × 2 headroom = $0.00/month ≤ budget $10.'
    )
  })

  it('fails a declared cost of $0 per 1k at its line; a measured one needs no declared figure', async () => {
    const declared = (usd: number): string =>
      manifest(`volume:\n  monthly-requests: 1000\nevidence:\n  cost:\n    usd-per-1k-requests: ${usd}\n    monthly-budget-usd: 10\n    headroom: 2\n`).replace(
        'stage: production',
        'stage: pilot'
      )
    const [zero] = await evaluateUnit(requirement, { 'sys/readiness.yml': declared(0) })
    expect(summary([zero!])).toEqual([
      {
        status: 'fail',
        message: '`evidence.cost.usd-per-1k-requests` is 0: a declared cost of nothing fits any budget and shows nothing.',
        at: 'sys/readiness.yml:9'
      }
    ])
    expect(zero!.hint).toBe('Declare what 1,000 requests cost, or measure it: link usage under evidence.cost.usage.')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': declared(0.01) }))[0]!.status).toBe('pass')
  })

  it('fails requests that used 0 tokens and recorded no cost, even with the model priced: they reached no model, they were not free', async () => {
    const [none] = await evaluateUnit(requirement, { 'sys/readiness.yml': linked('eval.json'), 'sys/eval.json': uncosted(0, 0) }, { policy: SUPPORT_BOT })
    expect(summary([none!])).toEqual([
      {
        status: 'fail',
        message: 'The usage record "sys/eval.json" counts 2 requests but no cost and 0 tokens, so no cost can be measured from it.',
        at: 'sys/readiness.yml:12'
      }
    ])
    expect(none!.hint).toBe('Link usage of requests that reached the model (with their token counts or cost).')
    // As many output tokens as input tokens are tokens all the same: (500 × $3 + 500 × $2) / 1M = $0.0025 for 2 requests.
    const [even] = await evaluateUnit(requirement, { 'sys/readiness.yml': linked('eval.json'), 'sys/eval.json': uncosted(500, 500) }, { policy: SUPPORT_BOT })
    expect(even!.status).toBe('pass')
    expect(even!.message).toMatch(
      /^Measured \$1\.25 per 1k \(500 input \+ 500 output tokens of support-bot at \$3\/\$2 per 1M, from 2 requests in "sys\/eval\.json"\)/
    )
  })

  it('fails a linked usage file that is not there, saying so', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': linked('missing.json') })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'The usage record "sys/missing.json" does not exist.', at: 'sys/readiness.yml:12' }])
  })

  it('names a model’s requests in the singular or plural when the policy cannot price it', async () => {
    const files = { 'sys/readiness.yml': linked('usage.json'), 'sys/usage.json': fixture('openai-usage.by-model.json') }
    expect(summary(await evaluateUnit(requirement, files, { now: new Date('2026-12-03T00:00:00Z') }))[0]!.message).toBe(
      'The usage record "sys/usage.json" records no cost for gpt-4o-mini-2024-07-18 (2,460 requests, 4,192,000 tokens), and the policy\'s cost.prices has no price for it.'
    )
  })

  it('mentions cached input only for a model whose records have cached tokens, even where the policy prices them', async () => {
    const policy = priced({
      'gpt-4o-mini-2024-07-18': { inputUsdPer1M: 0.15, outputUsdPer1M: 0.6 },
      'gpt-4o-2024-08-06': { inputUsdPer1M: 2.5, outputUsdPer1M: 10, cachedInputUsdPer1M: 1.25 }
    })
    const files = { 'sys/readiness.yml': linked('usage.json'), 'sys/usage.json': fixture('openai-usage.by-model.json') }
    const [outcome] = await evaluateUnit(requirement, files, { now: new Date('2026-12-03T00:00:00Z'), policy })
    // gpt-4o's 96,000 input tokens include none from the cache: its cached-input price does not apply, and is not shown.
    expect(outcome!.message).toContain(' + 96,000 input + 18,000 output tokens of gpt-4o-2024-08-06 at $2.5/$10 per 1M, from 2,500 requests over 2 days')
  })

  it('says nothing of a span where the usage records carry no dates', async () => {
    const undated = fixture('litellm-spend-logs.rows.json').replace(/\n\s*"(startTime|endTime|completionStartTime)": ("[^"]*"|null),/g, '')
    expect(undated).not.toMatch(/Time"/)
    const policy = priced({ 'llama3-70b-8192': { inputUsdPer1M: 0.59, outputUsdPer1M: 0.79 } })
    // Without dates the file is not recognised by its contents, and is dated in the manifest: its format and date are named.
    const named = linked('spend.json').replace('file: spend.json\n', 'file: spend.json\n      format: litellm-spend-logs\n      date: 2026-11-20\n')
    const [outcome] = await evaluateUnit(requirement, { 'sys/readiness.yml': named, 'sys/spend.json': undated }, { policy })
    expect(outcome!.message).toContain(', from 4 requests in "sys/spend.json")')
  })
})
