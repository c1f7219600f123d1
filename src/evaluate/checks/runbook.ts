// A linked runbook or plan counts by its steps (src/evidence/runbook.ts): a file holding a title and
// nothing else is no plan. Shared by the rollback runbook, the retraining plan and alerts' runbooks.
import { readRunbook, runbookShortfall } from '../../evidence/runbook.js'
import { openResolved, resolveInRepo } from '../../fs/safe-read.js'
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
  const resolved = await resolveInRepo(ctx.root, from, ref)
  const opened = resolved.ok ? await openResolved(resolved.absPath, resolved.relPath) : resolved
  if (!opened.ok) return { message: `The ${what} ${opened.message.startsWith('"') ? opened.message : `"${ref}": ${opened.message}`}.`, thin: false }
  let text: string
  try {
    text = await opened.source.text()
  } catch (error) {
    return { message: `The ${what} "${opened.source.relPath}" cannot be read: ${(error as Error).message}.`, thin: false }
  }
  const shortfall = runbookShortfall(readRunbook(text), ctx.policy.thresholds.minRunbookSteps)
  return shortfall ? { message: `The ${what} "${opened.source.relPath}" ${shortfall}.`, thin: true } : undefined
}
