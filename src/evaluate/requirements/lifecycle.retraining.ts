// lifecycle.retraining: Retraining and sunset planned.
import { list } from '../checks/wording.js'
import { fail, isNumber, locate, missingKeys, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

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

export default defineRequirement({
  id: 'lifecycle.retraining',
  title: 'Retraining and sunset planned',
  guardsAgainst: 'The model ages with no trigger, budget or approver for retraining and no criteria to retire it.',
  satisfiedBy: 'lifecycle.retraining has trigger, cadence, approver and budget-usd; lifecycle.sunset states the criteria.',
  hint: 'Fill lifecycle.retraining (trigger, cadence, approver, budget-usd) and lifecycle.sunset.',
  firstStage: 'production',
  manifestPath: ['lifecycle'],
  skeleton: ['retraining:', '  trigger:', '  cadence:', '  approver:', '  budget-usd:', 'sunset:                 # criteria to retire the system'],
  evaluate: lifecycle
})
