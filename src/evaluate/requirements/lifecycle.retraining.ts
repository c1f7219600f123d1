// lifecycle.retraining: Retraining and sunset planned.
import { list } from '../checks/wording.js'
import { runbookProblem } from '../checks/runbook.js'
import { fail, isNumber, isText, locate, missingKeys, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const lifecycle: Evaluator = async (ctx) => {
  const section = ctx.manifest.data.lifecycle
  const at = locate(ctx, ['lifecycle'])
  if (!section) return [fail('`lifecycle` is missing: no retraining plan or sunset criteria.', at)]
  const missing = [
    ...missingKeys(section.retraining, ['trigger', 'cadence', 'approver']).map((key) => `retraining.${key}`),
    ...missingKeys(section.retraining, ['budget-usd'], isNumber).map((key) => `retraining.${key}`),
    ...missingKeys(section, ['sunset'])
  ]
  if (missing.length) return [fail(`The lifecycle plan lacks ${list(missing, 'lifecycle')}.`, at)]
  const plan = section.retraining?.plan
  if (isText(plan)) {
    const problem = await runbookProblem(ctx, plan, 'retraining plan')
    if (problem)
      return [
        fail(problem.message, locate(ctx, ['lifecycle', 'retraining', 'plan']), {
          hint: problem.thin
            ? 'Write the retraining procedure as numbered steps, or remove the link.'
            : 'Link the retraining plan by its path from the manifest, or remove the link.'
        })
      ]
  }
  return [
    pass(
      `Retraining on "${section.retraining!.trigger}" (${section.retraining!.cadence}), approved by ${section.retraining!.approver}; sunset criteria set.`,
      at
    )
  ]
}

export default defineRequirement({
  id: 'lifecycle.retraining',
  title: 'Retraining and sunset planned',
  guardsAgainst: 'The model ages with no trigger, budget or approver for retraining and no criteria to retire it.',
  satisfiedBy:
    "lifecycle.retraining has trigger, cadence, approver and budget-usd; lifecycle.sunset states the criteria; a linked lifecycle.retraining.plan has at least the policy's min-runbook-steps steps.",
  hint: 'Fill lifecycle.retraining (trigger, cadence, approver, budget-usd) and lifecycle.sunset.',
  firstStage: 'production',
  manifestPath: ['lifecycle'],
  skeleton: ['retraining:', '  trigger:', '  cadence:', '  approver:', '  budget-usd:', 'sunset:                 # criteria to retire the system'],
  thresholds: ['minRunbookSteps'],
  evaluate: lifecycle
})
