// cost.projection: Cost projection fits the budget.
import { fail, isNumber, locate, missingKeys, pass } from '../context.js'
import { formatDollars, formatNumber } from '../numbers.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const costProjection: Evaluator = (ctx) => {
  const cost = ctx.manifest.data.evidence?.cost
  const monthly = ctx.manifest.data.volume?.['monthly-requests']
  const at = locate(ctx, ['evidence', 'cost'])
  if (!cost) return [fail('`evidence.cost` is missing: no cost projection for production volume.', at)]
  const missing = missingKeys(cost, ['usd-per-1k-requests', 'monthly-budget-usd'], isNumber).map((key) => `evidence.cost.${key}`)
  if (!isNumber(monthly)) missing.push('volume.monthly-requests')
  if (missing.length) return [fail(`The cost projection lacks ${missing.map((key) => `\`${key}\``).join(', ')}.`, at)]
  const minimum = ctx.policy.thresholds.minCostHeadroom
  const headroom = isNumber(cost.headroom) ? cost.headroom : minimum
  if (headroom < minimum) {
    return [fail(`Cost headroom ${headroom} is below the policy's minimum of ${minimum}.`, locate(ctx, ['evidence', 'cost', 'headroom']))]
  }
  const perThousand = cost['usd-per-1k-requests']!
  const budget = cost['monthly-budget-usd']!
  const projected = (perThousand * monthly!) / 1000 * headroom
  const figures = `${formatDollars(perThousand)} per 1k × ${formatNumber(monthly!)} requests/month × ${headroom} headroom = ${formatDollars(projected)}/month`
  if (projected > budget) return [fail(`${figures} > budget ${formatDollars(budget)}.`, at, { hint: 'Cut cost per request, lower the volume, or raise the budget with the sponsor.' })]
  return [pass(`${figures} ≤ budget ${formatDollars(budget)}.`, at)]
}

export default defineRequirement({
  id: 'cost.projection',
  title: 'Cost projection fits the budget',
  guardsAgainst: 'Inference cost at production volume was never projected and blows the budget after launch.',
  satisfiedBy: 'evidence.cost gives cost per 1k requests, monthly budget and headroom; cost × monthly volume × headroom ≤ budget.',
  hint: 'Set evidence.cost.usd-per-1k-requests, monthly-budget-usd and headroom, and volume.monthly-requests.',
  firstStage: 'pilot',
  manifestPath: ['evidence', 'cost'],
  skeleton: ['cost:', '  usd-per-1k-requests:', '  monthly-budget-usd:', '  headroom:             # safety factor on volume, e.g. 2'],
  evaluate: costProjection
})
