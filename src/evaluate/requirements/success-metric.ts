// success-metric: Business success metric defined.
import { list } from '../checks/wording.js'
import { fail, isNumber, locate, missingKeys, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const successMetric: Evaluator = (ctx) => {
  const metric = ctx.manifest.data['success-metric']
  const at = locate(ctx, ['success-metric'])
  if (!metric) return [fail('`success-metric` is missing: the pilot has no business measure of success.', at)]
  const missing = [...missingKeys(metric, ['name', 'unit', 'measured-by']), ...missingKeys(metric, ['baseline', 'target'], isNumber)]
  if (missing.length) return [fail(`The success metric lacks ${list(missing, 'success-metric')}.`, at)]
  const { baseline, target, direction, unit, name } = metric as Required<typeof metric>
  if (baseline === target)
    return [fail(`The success metric's target equals its baseline (${target} ${unit}): nothing would change.`, locate(ctx, ['success-metric', 'target']))]
  if (direction && (direction === 'increase') !== target > baseline) {
    return [
      fail(
        `The success metric should ${direction} but its target ${target} is ${target > baseline ? 'above' : 'below'} the baseline ${baseline}.`,
        locate(ctx, ['success-metric', 'target'])
      )
    ]
  }
  return [pass(`${name}: ${baseline} → ${target} ${unit}, measured by ${metric['measured-by']}.`, at)]
}

export default defineRequirement({
  id: 'success-metric',
  title: 'Business success metric defined',
  guardsAgainst: 'Success is judged on model accuracy alone, so the pilot cannot show business value and stalls.',
  satisfiedBy: 'success-metric has name, unit, baseline, target and measured-by; the target differs from the baseline.',
  hint: 'Fill success-metric with name, unit, baseline, target and how it is measured.',
  firstStage: 'pilot',
  manifestPath: ['success-metric'],
  skeleton: ['name:                   # e.g. manual processing hours per week', 'unit:', 'baseline:', 'target:', 'measured-by:'],
  evaluate: successMetric
})
