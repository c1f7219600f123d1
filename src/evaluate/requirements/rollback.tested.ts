// rollback.tested: Rollback tested recently.
import { runbookProblem } from '../checks/runbook.js'
import { fail, isText, lastCountingDay, locate, pass, type Outcome } from '../context.js'
import { ageInDays, formatDate, parseDay } from '../dates.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const rollback: Evaluator = async (ctx) => {
  const section = ctx.manifest.data.evidence?.rollback
  const at = locate(ctx, ['evidence', 'rollback'])
  if (!section) return [fail('`evidence.rollback` is missing: no rollback plan is linked.', at)]
  const outcomes: Outcome[] = []
  const planAt = locate(ctx, ['evidence', 'rollback', 'plan'])
  if (!isText(section.plan)) outcomes.push(fail('`evidence.rollback.plan` is missing: link the rollback runbook.', planAt))
  else {
    const problem = await runbookProblem(ctx, section.plan, 'rollback plan')
    if (problem)
      outcomes.push(
        fail(problem.message, planAt, problem.thin ? { hint: 'Write the rollback as numbered steps someone can follow under pressure, then rehearse it.' } : {})
      )
  }
  const testedAt = locate(ctx, ['evidence', 'rollback', 'tested-on'])
  const testedOn = isText(section['tested-on']) ? parseDay(section['tested-on']) : undefined
  const max = ctx.policy.thresholds.rollbackMaxAgeDays
  if (!testedOn) outcomes.push(fail('`evidence.rollback.tested-on` is missing: the rollback was never rehearsed.', testedAt))
  else {
    const age = ageInDays(testedOn, ctx.now)
    if (age < -1) outcomes.push(fail(`The rollback test is dated ${formatDate(testedOn)}, in the future.`, testedAt))
    else if (age > max)
      outcomes.push(
        fail(`The rollback was last tested ${Math.floor(age)} days ago (${formatDate(testedOn)}), over the policy's ${max}-day limit.`, testedAt, {
          hint: 'Rehearse the rollback again and update tested-on.'
        })
      )
    else ctx.lapsesOn?.(lastCountingDay(testedOn, max))
  }
  return outcomes.length
    ? outcomes
    : [pass(`Rollback plan linked with at least ${ctx.policy.thresholds.minRunbookSteps} steps; rehearsed on ${section['tested-on']}.`, at)]
}

export default defineRequirement({
  id: 'rollback.tested',
  title: 'Rollback tested recently',
  guardsAgainst: 'A bad release cannot be undone quickly because the rollback path was never exercised.',
  satisfiedBy:
    "evidence.rollback.plan links a runbook with at least the policy's min-runbook-steps steps (a numbered list or a checklist) and evidence.rollback.tested-on is within the policy's rollback max age.",
  hint: 'Write a rollback runbook, rehearse it, and set evidence.rollback.plan and tested-on.',
  firstStage: 'production',
  manifestPath: ['evidence', 'rollback'],
  skeleton: ['rollback:', '  plan:                 # runbook path', '  tested-on:            # YYYY-MM-DD of the last rehearsal'],
  thresholds: ['rollbackMaxAgeDays', 'minRunbookSteps'],
  evaluate: rollback
})
