// oversight.human-approval: Human approval for high-risk decisions.
import { fail, isText, locate, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const oversight: Evaluator = (ctx) => {
  const section = ctx.manifest.data.oversight
  const at = locate(ctx, ['oversight'])
  if (!section) return [fail('`oversight` is missing: no human approval gate is defined for high-risk decisions.', at)]
  const approvals = section['human-approval']
  if (Array.isArray(approvals) && approvals.length > 0) {
    const incomplete = approvals.findIndex((item) => !isText(item?.decision) || !isText(item?.approver))
    if (incomplete >= 0)
      return [fail('Each `oversight.human-approval` entry needs a decision and an approver.', locate(ctx, ['oversight', 'human-approval', incomplete]))]
    return [pass(`${approvals.length} high-risk decision${approvals.length === 1 ? '' : 's'} gated by human approval.`, at)]
  }
  if (section['high-risk-decisions'] === 'none') {
    if (!isText(section.reason)) return [fail('`oversight.high-risk-decisions: none` needs a `reason`.', locate(ctx, ['oversight', 'high-risk-decisions']))]
    return [pass(`No high-risk decisions: ${section.reason}.`, at)]
  }
  return [fail('`oversight.human-approval` lists no decision (or set `high-risk-decisions: none` with a reason).', at)]
}

export default defineRequirement({
  id: 'oversight.human-approval',
  title: 'Human approval for high-risk decisions',
  guardsAgainst: 'High-impact decisions are automated with no human in the loop and no way to intervene.',
  satisfiedBy:
    'oversight.human-approval lists each high-risk decision with the approver role, or oversight.high-risk-decisions is explicitly none with a reason.',
  hint: 'List high-risk decisions and their approver roles under oversight.human-approval.',
  firstStage: 'production',
  manifestPath: ['oversight'],
  skeleton: ['human-approval:', '  - decision:', '    approver:'],
  evaluate: oversight
})
