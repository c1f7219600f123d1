// adoption.training: Users trained, escalation path documented.
import { fail, isText, locate, pass, type Outcome } from '../context.js'
import { ageInDays, formatDate, parseDay } from '../dates.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

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
    outcomes.push(
      fail(`User training is dated ${formatDate(date)}, in the future: it is planned, not completed.`, dateAt, {
        hint: 'Record the date once the training has happened.'
      })
    )
  }
  if (!isText(section['escalation-path']))
    outcomes.push(fail('`adoption.escalation-path` is missing: users do not know whom to call.', locate(ctx, ['adoption', 'escalation-path'])))
  return outcomes.length ? outcomes : [pass(`Users trained on ${completedOn}; escalation: ${section['escalation-path']}.`, at)]
}

export default defineRequirement({
  id: 'adoption.training',
  title: 'Users trained, escalation path documented',
  guardsAgainst: 'The system ships but users were never trained and do not know whom to call when it is wrong.',
  satisfiedBy: 'adoption.training.completed-on is a date in the past and adoption.escalation-path is set.',
  hint: 'Train the users, then set adoption.training.completed-on and adoption.escalation-path.',
  firstStage: 'production',
  manifestPath: ['adoption'],
  skeleton: ['training:', '  completed-on:         # YYYY-MM-DD, once users are trained', 'escalation-path:'],
  evaluate: training
})
