// A linked runbook or plan counts by its steps (src/evidence/runbook.ts): a file holding a title and
// nothing else is no plan. Shared by the rollback runbook, the retraining plan and alerts' runbooks.
import { runbookShortfall } from '../../evidence/runbook.js'
import { type EvalContext } from '../context.js'

/**
 * What is wrong with the runbook at `ref` (relative to `from`, by default the manifest's folder), or
 * undefined when it has the policy's minimum of steps: `thin` when the file is there but has too few
 * steps (the fix is to write them), not when it cannot be read (the fix is the link).
 */
export async function runbookProblem(
  ctx: EvalContext,
  ref: string,
  what: string,
  from: string = ctx.manifest.dir
): Promise<{ message: string; thin: boolean } | undefined> {
  const read = await ctx.evidence.runbook(from, ref)
  if (!read.ok && read.unreadable === 'open')
    return { message: `The ${what} ${read.message.startsWith('"') ? read.message : `"${ref}": ${read.message}`}.`, thin: false }
  if (!read.ok) return { message: `The ${what} "${read.relPath}" cannot be read: ${read.message}.`, thin: false }
  const shortfall = runbookShortfall(read.structure, ctx.policy.thresholds.minRunbookSteps)
  return shortfall ? { message: `The ${what} "${read.relPath}" ${shortfall}.`, thin: true } : undefined
}
