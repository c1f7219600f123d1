// Requirements answered inside the manifest itself.
import { resolveInRepo, openResolved } from '../../fs/safe-read.js'
import { ageInDays, formatDate, parseDay } from '../dates.js'
import { fail, isNumber, isText, locate, missingKeys, pass, type EvalContext, type Outcome } from '../context.js'
import { formatDollars, formatNumber } from '../numbers.js'

type Evaluator = (ctx: EvalContext) => Promise<Outcome[]> | Outcome[]

const list = (keys: string[], prefix: string): string => keys.map((key) => `\`${prefix}.${key}\``).join(', ')

function ownerRule(key: 'model-operations' | 'executive-sponsor', role: string): Evaluator {
  return (ctx) => {
    const handle = ctx.manifest.data.owners?.[key]
    const at = locate(ctx, ['owners', key])
    return [isText(handle) ? pass(`${role}: ${handle}.`, at) : fail(`\`owners.${key}\` is missing: no one is named as ${role}.`, at)]
  }
}

const RACI_ROLES = ['data', 'engineering', 'legal', 'business', 'incident-response']

const raci: Evaluator = (ctx) => {
  const at = locate(ctx, ['owners', 'raci'])
  const missing = missingKeys(ctx.manifest.data.owners?.raci, RACI_ROLES)
  if (missing.length) return [fail(`RACI roles not named: ${list(missing, 'owners.raci')}.`, at)]
  return [pass(`All ${RACI_ROLES.length} RACI roles are named.`, at)]
}

const successMetric: Evaluator = (ctx) => {
  const metric = ctx.manifest.data['success-metric']
  const at = locate(ctx, ['success-metric'])
  if (!metric) return [fail('`success-metric` is missing: the pilot has no business measure of success.', at)]
  const missing = [...missingKeys(metric, ['name', 'unit', 'measured-by']), ...missingKeys(metric, ['baseline', 'target'], isNumber)]
  if (missing.length) return [fail(`The success metric lacks ${list(missing, 'success-metric')}.`, at)]
  const { baseline, target, direction, unit, name } = metric as Required<typeof metric>
  if (baseline === target) return [fail(`The success metric's target equals its baseline (${target} ${unit}): nothing would change.`, locate(ctx, ['success-metric', 'target']))]
  if (direction && (direction === 'increase') !== target > baseline) {
    return [fail(`The success metric should ${direction} but its target ${target} is ${target > baseline ? 'above' : 'below'} the baseline ${baseline}.`, locate(ctx, ['success-metric', 'target']))]
  }
  return [pass(`${name}: ${baseline} → ${target} ${unit}, measured by ${metric['measured-by']}.`, at)]
}

const sourcesMapped: Evaluator = (ctx) => {
  const sources = ctx.manifest.data.data?.sources
  const at = locate(ctx, ['data', 'sources'])
  if (!Array.isArray(sources) || sources.length === 0) return [fail('`data.sources` is missing: no upstream data source is mapped.', at)]
  const outcomes: Outcome[] = []
  sources.forEach((source, index) => {
    const missing = missingKeys(source as Record<string, unknown>, ['name', 'owner', 'on-failure'])
    if (missing.length) {
      const label = isText(source?.name) ? `"${source.name}"` : `#${index + 1}`
      outcomes.push(fail(`Data source ${label} lacks ${missing.map((key) => `\`${key}\``).join(', ')}.`, locate(ctx, ['data', 'sources', index])))
    }
  })
  return outcomes.length ? outcomes : [pass(`${sources.length} data source${sources.length === 1 ? '' : 's'} mapped with owner and failure behaviour.`, at)]
}

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

const audit: Evaluator = (ctx) => {
  const section = ctx.manifest.data.audit
  const at = locate(ctx, ['audit'])
  if (!section) return [fail('`audit` is missing: decisions are not logged for audit.', at)]
  const notLogged = ['logs-inputs', 'logs-outputs', 'logs-decisions'].filter((key) => (section as Record<string, unknown>)[key] !== true)
  const missing = [...notLogged, ...missingKeys(section, ['store']), ...missingKeys(section, ['retention-days'], isNumber)]
  if (missing.length) return [fail(`Audit logging lacks ${list(missing, 'audit')}${notLogged.length ? ' (each logs-* must be true)' : ''}.`, at)]
  return [pass(`Inputs, outputs and decisions are logged to ${section.store} for ${section['retention-days']} days.`, at)]
}

const privacy: Evaluator = (ctx) => {
  const section = ctx.manifest.data.privacy
  const at = locate(ctx, ['privacy'])
  if (!section) return [fail('`privacy` is missing: retention, deletion and legal basis are undocumented.', at)]
  const missing = [...missingKeys(section, ['basis', 'deletion']), ...missingKeys(section, ['retention-days'], isNumber)]
  if (missing.length) return [fail(`Privacy handling lacks ${list(missing, 'privacy')}.`, at)]
  return [pass(`Basis: ${section.basis}; retention ${section['retention-days']} days; deletion documented.`, at)]
}

const lifecycle: Evaluator = (ctx) => {
  const section = ctx.manifest.data.lifecycle
  const at = locate(ctx, ['lifecycle'])
  if (!section) return [fail('`lifecycle` is missing: no retraining plan or sunset criteria.', at)]
  const missing = [
    ...missingKeys(section.retraining, ['trigger', 'cadence', 'approver']).map((key) => `retraining.${key}`),
    ...missingKeys(section.retraining, ['budget-usd'], isNumber).map((key) => `retraining.${key}`),
    ...missingKeys(section, ['sunset'])
  ]
  if (missing.length) return [fail(`The lifecycle plan lacks ${list(missing, 'lifecycle')}.`, at)]
  return [pass(`Retraining on "${section.retraining!.trigger}" (${section.retraining!.cadence}), approved by ${section.retraining!.approver}; sunset criteria set.`, at)]
}

const oversight: Evaluator = (ctx) => {
  const section = ctx.manifest.data.oversight
  const at = locate(ctx, ['oversight'])
  if (!section) return [fail('`oversight` is missing: no human approval gate is defined for high-risk decisions.', at)]
  const approvals = section['human-approval']
  if (Array.isArray(approvals) && approvals.length > 0) {
    const incomplete = approvals.findIndex((item) => !isText(item?.decision) || !isText(item?.approver))
    if (incomplete >= 0) return [fail('Each `oversight.human-approval` entry needs a decision and an approver.', locate(ctx, ['oversight', 'human-approval', incomplete]))]
    return [pass(`${approvals.length} high-risk decision${approvals.length === 1 ? '' : 's'} gated by human approval.`, at)]
  }
  if (section['high-risk-decisions'] === 'none') {
    if (!isText(section.reason)) return [fail('`oversight.high-risk-decisions: none` needs a `reason`.', locate(ctx, ['oversight', 'high-risk-decisions']))]
    return [pass(`No high-risk decisions: ${section.reason}.`, at)]
  }
  return [fail('`oversight.human-approval` lists no decision (or set `high-risk-decisions: none` with a reason).', at)]
}

const training: Evaluator = (ctx) => {
  const section = ctx.manifest.data.adoption
  const at = locate(ctx, ['adoption'])
  if (!section) return [fail('`adoption` is missing: no record that users were trained.', at)]
  const completedOn = section.training?.['completed-on']
  const outcomes: Outcome[] = []
  const dateAt = locate(ctx, ['adoption', 'training', 'completed-on'])
  const date = isText(completedOn) ? parseDay(completedOn) : undefined
  if (!date) outcomes.push(fail('`adoption.training.completed-on` is missing: training has not been recorded as completed.', dateAt))
  else if (ageInDays(date, ctx.now) < 0) {
    outcomes.push(fail(`User training is dated ${formatDate(date)}, in the future: it is planned, not completed.`, dateAt, { hint: 'Record the date once the training has happened.' }))
  }
  if (!isText(section['escalation-path'])) outcomes.push(fail('`adoption.escalation-path` is missing: users do not know whom to call.', locate(ctx, ['adoption', 'escalation-path'])))
  return outcomes.length ? outcomes : [pass(`Users trained on ${completedOn}; escalation: ${section['escalation-path']}.`, at)]
}

const rollback: Evaluator = async (ctx) => {
  const section = ctx.manifest.data.evidence?.rollback
  const at = locate(ctx, ['evidence', 'rollback'])
  if (!section) return [fail('`evidence.rollback` is missing: no rollback plan is linked.', at)]
  const outcomes: Outcome[] = []
  const planAt = locate(ctx, ['evidence', 'rollback', 'plan'])
  if (!isText(section.plan)) outcomes.push(fail('`evidence.rollback.plan` is missing: link the rollback runbook.', planAt))
  else {
    const resolved = await resolveInRepo(ctx.root, ctx.manifest.dir, section.plan)
    const opened = resolved.ok ? await openResolved(resolved.absPath, resolved.relPath) : resolved
    if (!opened.ok) outcomes.push(fail(`The rollback plan ${opened.message.startsWith('"') ? opened.message : `"${section.plan}": ${opened.message}`}.`, planAt))
  }
  const testedAt = locate(ctx, ['evidence', 'rollback', 'tested-on'])
  const testedOn = isText(section['tested-on']) ? parseDay(section['tested-on']) : undefined
  const max = ctx.policy.thresholds.rollbackMaxAgeDays
  if (!testedOn) outcomes.push(fail('`evidence.rollback.tested-on` is missing: the rollback was never rehearsed.', testedAt))
  else {
    const age = ageInDays(testedOn, ctx.now)
    if (age < -1) outcomes.push(fail(`The rollback test is dated ${formatDate(testedOn)}, in the future.`, testedAt))
    else if (age > max) outcomes.push(fail(`The rollback was last tested ${Math.floor(age)} days ago (${formatDate(testedOn)}), over the policy's ${max}-day limit.`, testedAt, { hint: 'Rehearse the rollback again and update tested-on.' }))
  }
  return outcomes.length ? outcomes : [pass(`Rollback plan linked; rehearsed on ${section['tested-on']}.`, at)]
}

export const declarationRules: Record<string, Evaluator> = {
  'owner.model-operations': ownerRule('model-operations', 'the owner of output quality in production'),
  'owner.executive-sponsor': ownerRule('executive-sponsor', 'the executive sponsor'),
  'owner.raci': raci,
  'success-metric': successMetric,
  'data.sources-mapped': sourcesMapped,
  'cost.projection': costProjection,
  'audit.logging': audit,
  'privacy.data-handling': privacy,
  'lifecycle.retraining': lifecycle,
  'oversight.human-approval': oversight,
  'adoption.training': training,
  'rollback.tested': rollback
}

export type { Evaluator }
