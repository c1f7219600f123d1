// audit.logging: Decisions logged for audit.
import { list } from '../checks/wording.js'
import { fail, isNumber, locate, missingKeys, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const audit: Evaluator = (ctx) => {
  const section = ctx.manifest.data.audit
  const at = locate(ctx, ['audit'])
  if (!section) return [fail('`audit` is missing: decisions are not logged for audit.', at)]
  const notLogged = ['logs-inputs', 'logs-outputs', 'logs-decisions'].filter((key) => (section as Record<string, unknown>)[key] !== true)
  const missing = [...notLogged, ...missingKeys(section, ['store']), ...missingKeys(section, ['retention-days'], isNumber)]
  if (missing.length) return [fail(`Audit logging lacks ${list(missing, 'audit')}${notLogged.length ? ' (each logs-* must be true)' : ''}.`, at)]
  return [pass(`Inputs, outputs and decisions are logged to ${section.store} for ${section['retention-days']} days.`, at)]
}

export default defineRequirement({
  id: 'audit.logging',
  title: 'Decisions logged for audit',
  guardsAgainst: 'A disputed output cannot be traced because inputs and outputs were not kept.',
  satisfiedBy: 'audit logs inputs, outputs and decisions to a named store with a retention period.',
  hint: 'Set audit.logs-inputs, logs-outputs, logs-decisions to true and name audit.store and retention-days.',
  firstStage: 'staging',
  manifestPath: ['audit'],
  skeleton: ['logs-inputs: false', 'logs-outputs: false', 'logs-decisions: false', 'store:', 'retention-days:'],
  evaluate: audit
})
