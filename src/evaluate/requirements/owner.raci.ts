// owner.raci: RACI roles named.
import { list } from '../checks/wording.js'
import { fail, locate, missingKeys, pass } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const RACI_ROLES = ['data', 'engineering', 'legal', 'business', 'incident-response']

const raci: Evaluator = (ctx) => {
  const at = locate(ctx, ['owners', 'raci'])
  const missing = missingKeys(ctx.manifest.data.owners?.raci, RACI_ROLES)
  if (missing.length) return [fail(`RACI roles not named: ${list(missing, 'owners.raci')}.`, at)]
  return [pass(`All ${RACI_ROLES.length} RACI roles are named.`, at)]
}

export default defineRequirement({
  id: 'owner.raci',
  title: 'RACI roles named',
  guardsAgainst: 'Data, legal and incident questions bounce between teams because no one was assigned.',
  satisfiedBy: 'owners.raci names data, engineering, legal, business and incident-response.',
  hint: 'Name data, engineering, legal, business and incident-response under owners.raci.',
  firstStage: 'staging',
  manifestPath: ['owners', 'raci'],
  skeleton: ['raci:', '  data:', '  engineering:', '  legal:', '  business:', '  incident-response:'],
  evaluate: raci
})
