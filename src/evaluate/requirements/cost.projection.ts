// cost.projection: Cost projection fits the budget.
// The cost per 1,000 requests is measured where usage is linked (a usage export from production or
// staging traffic: LiteLLM, OpenAI; or an eval run or red-team scan with token counts or cost:
// promptfoo, Inspect...), else declared. Measured = the cost the records carry ÷ their requests, or
// their tokens per request × the policy's price for their model (per model where the file splits by
// model). From the policy's `cost.measured-from` stage (default staging) a declared figure alone no
// longer serves, and a declared figure below the measured one fails at every stage.
import type { EvaluationEvidence, RedTeamEvidence, UsageByModel, UsageEvidence } from '../../evidence/types.js'
import { STAGES, type Location } from '../../report/types.js'
import { fail, isNumber, loadLinkedEvidence, locate, pass, type EvalContext, type Outcome } from '../context.js'
import { formatDollars, formatNumber } from '../numbers.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

/** Dollars with enough digits for a per-request figure ($0.0141, not $0.01). */
const usd = (value: number, against?: number): string => (value >= 1 || value === 0 ? formatDollars(value, against) : `$${Number(value.toPrecision(3))}`)

type Measured = { ok: true; perThousand: number; how: string; requests: number } | { ok: false; outcome: Outcome }
type Priced = { ok: true; usd: number; how: string } | { ok: false; outcome: Outcome }

type Price = EvalContext['policy']['cost']['prices'][string]

/**
 * Tokens × a model's price, with how. Cached input tokens (a part of the input tokens) cost the
 * policy's cached-input rate where it gives one; without it they are priced as full input tokens,
 * and the finding says so: a cost may be over-counted, never under-counted.
 */
function tokenCost(
  tokens: { inputTokens: number; outputTokens: number; cachedInputTokens?: number },
  model: string,
  price: Price
): { usd: number; how: string } {
  const cached = Math.min(tokens.cachedInputTokens ?? 0, tokens.inputTokens)
  const rates = `$${price.inputUsdPer1M}/$${price.outputUsdPer1M} per 1M`
  if (cached > 0 && price.cachedInputUsdPer1M !== undefined) {
    const usdTotal =
      ((tokens.inputTokens - cached) * price.inputUsdPer1M + cached * price.cachedInputUsdPer1M + tokens.outputTokens * price.outputUsdPer1M) / 1e6
    return {
      usd: usdTotal,
      how: `${formatNumber(tokens.inputTokens - cached)} input + ${formatNumber(cached)} cached input + ${formatNumber(tokens.outputTokens)} output tokens of ${model} at ${rates} ($${price.cachedInputUsdPer1M} cached)`
    }
  }
  const caveat =
    cached > 0 ? ` (${formatNumber(cached)} of the input tokens were cached, priced as full input: the policy gives no cached-input price for ${model})` : ''
  return {
    usd: (tokens.inputTokens * price.inputUsdPer1M + tokens.outputTokens * price.outputUsdPer1M) / 1e6,
    how: `${formatNumber(tokens.inputTokens)} input + ${formatNumber(tokens.outputTokens)} output tokens of ${model} at ${rates}${caveat}`
  }
}

/** How long the records span, for the finding ("over 31 days"); empty when the file dates none. */
function span(evidence: UsageEvidence): string {
  if (!evidence.period) return ''
  const ms = Date.parse(evidence.period.end) - Date.parse(evidence.period.start)
  const [amount, unit] =
    ms >= 2 * 86_400_000
      ? [Math.round(ms / 86_400_000), 'day']
      : ms >= 2 * 3_600_000
        ? [Math.round(ms / 3_600_000), 'hour']
        : [Math.max(1, Math.round(ms / 60_000)), 'minute']
  return ` over ${amount} ${unit}${amount === 1 ? '' : 's'}`
}

/**
 * A usage export split by model: each model's recorded cost where the file has one, else its tokens at
 * the policy's price for it. A model with tokens and neither fails, naming it: its share would
 * otherwise count as free.
 */
function priceByModel(ctx: EvalContext, byModel: UsageByModel[], relPath: string, at: Location): Priced {
  let total = 0
  const parts: string[] = []
  for (const entry of byModel) {
    const tokens = (entry.inputTokens ?? 0) + (entry.outputTokens ?? 0)
    if (isNumber(entry.costUsd) && entry.costUsd > 0) {
      total += entry.costUsd
      parts.push(`${usd(entry.costUsd)} recorded for ${entry.model}`)
      continue
    }
    if (tokens === 0) continue
    const price = ctx.policy.cost.prices[entry.model]
    if (!price || !isNumber(entry.inputTokens) || !isNumber(entry.outputTokens)) {
      return {
        ok: false,
        outcome: fail(
          `The usage record "${relPath}" records no cost for ${entry.model} (${formatNumber(entry.requests ?? 0)} request${entry.requests === 1 ? '' : 's'}, ${formatNumber(tokens)} tokens), and the policy's cost.prices has no price for it.`,
          at,
          {
            hint: `Add ${entry.model} to the policy under cost.prices (USD per 1M input and output tokens).`
          }
        )
      }
    }
    const cost = tokenCost(
      {
        inputTokens: entry.inputTokens,
        outputTokens: entry.outputTokens,
        ...(entry.cachedInputTokens !== undefined ? { cachedInputTokens: entry.cachedInputTokens } : {})
      },
      entry.model,
      price
    )
    total += cost.usd
    parts.push(cost.how)
  }
  if (parts.length === 0)
    return { ok: false, outcome: fail(`The usage record "${relPath}" records no cost and no tokens, so no cost can be measured from it.`, at) }
  return { ok: true, usd: total, how: parts.join(' + ') }
}

/** The measured cost per 1,000 requests from the linked usage, with how it was computed. */
async function measure(ctx: EvalContext): Promise<Measured> {
  const loaded = await loadLinkedEvidence<EvaluationEvidence | RedTeamEvidence | UsageEvidence>(
    ctx,
    ['evidence', 'cost', 'usage'],
    ['evaluation', 'red-team', 'usage'],
    'usage record'
  )
  if (!loaded.ok) return loaded
  const { evidence, relPath, at } = loaded.loaded
  const { requests, inputTokens, outputTokens, costUsd, models } = evidence
  if (!isNumber(requests) || requests === 0) {
    return {
      ok: false,
      outcome: fail(`The usage record "${relPath}" counts ${requests === 0 ? 'zero' : 'no'} requests, so no cost per request can be measured from it.`, at, {
        hint: 'Link records that count model requests and tokens: LiteLLM spend logs, the OpenAI Usage API export grouped by model, or promptfoo eval output.'
      })
    }
  }
  const from = `from ${formatNumber(requests)} requests${evidence.kind === 'usage' ? span(evidence) : ''} in "${relPath}"`
  if (evidence.kind === 'usage' && evidence.byModel) {
    const priced = priceByModel(ctx, evidence.byModel, relPath, at)
    if (!priced.ok) return priced
    return { ok: true, requests, perThousand: (priced.usd / requests) * 1000, how: `${priced.how}, ${from}` }
  }
  if (isNumber(costUsd) && costUsd > 0) {
    return { ok: true, requests, perThousand: (costUsd / requests) * 1000, how: `${usd(costUsd)} ${from}` }
  }
  if (!isNumber(inputTokens) || !isNumber(outputTokens)) {
    return {
      ok: false,
      outcome: fail(`The usage record "${relPath}" has no cost and no input and output token counts, so no cost can be measured from it.`, at)
    }
  }
  if (inputTokens + outputTokens === 0) {
    // Priced, zero tokens would cost $0: requests that reached no model, not a cheap one.
    return {
      ok: false,
      outcome: fail(
        `The usage record "${relPath}" counts ${formatNumber(requests)} requests but no cost and 0 tokens, so no cost can be measured from it.`,
        at,
        { hint: 'Link usage of requests that reached the model (with their token counts or cost).' }
      )
    }
  }
  const named = models ?? []
  const unnamed = evidence.unnamedModelRecords ?? 0
  if (unnamed > 0) {
    // The named model's price for the rest would be a guess: an unnamed record may be of a dearer model.
    return {
      ok: false,
      outcome: fail(
        `The usage record "${relPath}" records no cost, and its tokens cannot be priced: ${formatNumber(unnamed)} of its records name no model (the others name ${named.join(', ')}), so the tokens are not all of a priced model.`,
        at,
        { hint: 'Record the cost in the run, or link usage where every record names its model (e.g. the OpenAI Usage API export grouped by model).' }
      )
    }
  }
  const price = named.length === 1 ? ctx.policy.cost.prices[named[0]!] : undefined
  if (!price) {
    const priced = named.filter((model) => ctx.policy.cost.prices[model])
    const why =
      named.length === 0
        ? 'it names no model, so no price applies'
        : named.length === 1
          ? `it names ${named[0]}, which the policy's cost.prices does not price`
          : `it names ${named.length} models (${named.join(', ')}) without splitting its tokens among them, so no one price applies (cost.prices prices ${priced.length ? priced.join(', ') : 'none of them'})`
    return {
      ok: false,
      outcome: fail(`The usage record "${relPath}" records no cost, and its tokens cannot be priced: ${why}.`, at, {
        hint:
          named.length > 1
            ? 'Record the cost in the run, or link usage split by model (e.g. the OpenAI Usage API export grouped by model).'
            : 'Add the model to the policy under cost.prices (USD per 1M input and output tokens), or record the cost in the run.'
      })
    }
  }
  const cost = tokenCost(
    { inputTokens, outputTokens, ...(evidence.cachedInputTokens !== undefined ? { cachedInputTokens: evidence.cachedInputTokens } : {}) },
    named[0]!,
    price
  )
  return { ok: true, requests, perThousand: (cost.usd / requests) * 1000, how: `${cost.how}, ${from}` }
}

const costProjection: Evaluator = async (ctx) => {
  const cost = ctx.manifest.data.evidence?.cost
  const monthly = ctx.manifest.data.volume?.['monthly-requests']
  const at = locate(ctx, ['evidence', 'cost'])
  if (!cost) return [fail('`evidence.cost` is missing: no cost projection for production volume.', at)]
  const declared = cost['usd-per-1k-requests']
  const measuredFrom = ctx.policy.cost.measuredFrom
  const stage = ctx.manifest.stage
  const mustMeasure = measuredFrom !== 'never' && stage !== null && STAGES.indexOf(stage) >= STAGES.indexOf(measuredFrom)
  let measured: Measured | undefined
  if (cost.usage !== undefined) measured = await measure(ctx)
  else if (mustMeasure) {
    return [
      fail(
        `From ${measuredFrom} on, the policy requires a measured cost: \`evidence.cost.usage\` is missing, and a declared cost per 1k requests alone does not serve.`,
        at,
        {
          hint: 'Link usage records or an eval run with token counts under evidence.cost.usage (promptfoo eval output records tokens and cost).'
        }
      )
    ]
  }
  if (measured && !measured.ok) return [measured.outcome]
  const missing: string[] = []
  if (!measured && !isNumber(declared)) missing.push('evidence.cost.usd-per-1k-requests')
  if (!isNumber(cost['monthly-budget-usd'])) missing.push('evidence.cost.monthly-budget-usd')
  if (!isNumber(monthly)) missing.push('volume.monthly-requests')
  if (missing.length) return [fail(`The cost projection lacks ${missing.map((key) => `\`${key}\``).join(', ')}.`, at, { hint: `Set ${missing.join(', ')}.` })]
  if (monthly! <= 0)
    return [
      fail(
        `\`volume.monthly-requests\` is ${formatNumber(monthly!)}: a projection for no traffic fits any budget and shows nothing.`,
        locate(ctx, ['volume', 'monthly-requests']),
        { hint: 'Set volume.monthly-requests to the production volume.' }
      )
    ]
  if (!measured && declared! <= 0)
    return [
      fail(
        `\`evidence.cost.usd-per-1k-requests\` is ${declared}: a declared cost of nothing fits any budget and shows nothing.`,
        locate(ctx, ['evidence', 'cost', 'usd-per-1k-requests']),
        { hint: 'Declare what 1,000 requests cost, or measure it: link usage under evidence.cost.usage.' }
      )
    ]
  const minimum = ctx.policy.thresholds.minCostHeadroom
  const headroom = isNumber(cost.headroom) ? cost.headroom : minimum
  if (headroom < minimum) {
    return [
      fail(`Cost headroom ${headroom} is below the policy's minimum of ${minimum}.`, locate(ctx, ['evidence', 'cost', 'headroom']), {
        hint: `Set evidence.cost.headroom to at least ${minimum} (the policy's thresholds.min-cost-headroom); the projection must still fit the budget.`
      })
    ]
  }
  const outcomes: Outcome[] = []
  const minRequests = ctx.policy.thresholds.minEvaluationSamples
  if (measured && measured.requests < minRequests) {
    // A cost per request is a mean: from a handful of requests it says little about a month of traffic.
    outcomes.push(
      fail(
        `The measured cost comes from ${formatNumber(measured.requests)} request${measured.requests === 1 ? '' : 's'}: fewer than the policy's ${formatNumber(minRequests)} (min-evaluation-samples) to project a month from.`,
        locate(ctx, ['evidence', 'cost', 'usage']),
        {
          hint: `Link usage records or an eval run of at least ${formatNumber(minRequests)} requests under evidence.cost.usage.`
        }
      )
    )
  }
  if (measured && isNumber(declared) && declared < measured.perThousand) {
    outcomes.push(
      fail(
        `The declared ${usd(declared, measured.perThousand)} per 1k requests is below the measured ${usd(measured.perThousand, declared)} (${measured.how}).`,
        locate(ctx, ['evidence', 'cost', 'usd-per-1k-requests']),
        {
          hint: 'Declare the measured cost (or remove the declared one): a projection must not be cheaper than what the runs cost.'
        }
      )
    )
  }
  const perThousand = measured ? measured.perThousand : declared!
  const budget = cost['monthly-budget-usd']!
  const projected = ((perThousand * monthly!) / 1000) * headroom
  const basis = measured ? `Measured ${usd(perThousand)} per 1k (${measured.how})` : `${usd(perThousand)} per 1k`
  const figures = `${basis} × ${formatNumber(monthly!)} requests/month × ${headroom} headroom = ${formatDollars(projected, budget)}/month`
  if (projected > budget)
    outcomes.push(
      fail(`${figures} > budget ${formatDollars(budget, projected)}.`, at, {
        hint: 'Cut cost per request, lower the volume, or raise the budget with the sponsor.'
      })
    )
  if (outcomes.length) return outcomes
  return [pass(`${figures} ≤ budget ${formatDollars(budget, projected)}.`, at)]
}

export default defineRequirement({
  id: 'cost.projection',
  title: 'Cost projection fits the budget',
  guardsAgainst: 'Inference cost at production volume was never projected (or was guessed from pilot spending) and blows the budget after launch.',
  satisfiedBy:
    "evidence.cost gives the monthly budget and headroom, and the cost per 1k requests: measured from usage records or an eval run with token counts (evidence.cost.usage; required from the policy's cost.measured-from stage, default staging) or, before that, declared; cost × monthly volume (above 0) × headroom ≤ budget, and a declared cost is not below the measured one; a measured cost comes from at least the policy's min-evaluation-samples requests.",
  hint: 'Set evidence.cost.monthly-budget-usd and headroom and volume.monthly-requests; link an eval run with token counts under evidence.cost.usage (or, at pilot, declare usd-per-1k-requests).',
  firstStage: 'pilot',
  manifestPath: ['evidence', 'cost'],
  skeleton: [
    'cost:',
    '  usd-per-1k-requests:  # declared; from staging on, measured from usage below',
    '  monthly-budget-usd:',
    '  headroom:             # safety factor on volume, e.g. 2',
    '  usage:',
    '    file:               # eval run or usage records with token counts (e.g. promptfoo output)'
  ],
  thresholds: ['minCostHeadroom', 'minEvaluationSamples'],
  evaluate: costProjection
})
