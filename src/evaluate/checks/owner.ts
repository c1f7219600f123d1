// A named owner: owner.model-operations and owner.executive-sponsor.
import { fail, isText, locate, pass } from '../context.js'
import type { Evaluator } from '../requirement.js'

export function ownerRule(key: 'model-operations' | 'executive-sponsor', role: string): Evaluator {
  return (ctx) => {
    const handle = ctx.manifest.data.owners?.[key]
    const at = locate(ctx, ['owners', key])
    return [isText(handle) ? pass(`${role}: ${handle}.`, at) : fail(`\`owners.${key}\` is missing: no one is named as ${role}.`, at)]
  }
}
