// owner.executive-sponsor: Executive sponsor with budget authority.
import { ownerRule } from '../checks/owner.js'
import { defineRequirement } from '../requirement.js'

export default defineRequirement({
  id: 'owner.executive-sponsor',
  title: 'Executive sponsor with budget authority',
  guardsAgainst: 'The pilot succeeds technically but no one with budget authority carries it into production.',
  satisfiedBy: 'owners.executive-sponsor names one person.',
  hint: 'Set owners.executive-sponsor to the @handle of the sponsor who controls the budget.',
  firstStage: 'pilot',
  manifestPath: ['owners', 'executive-sponsor'],
  skeleton: ['executive-sponsor:      # @handle of the sponsor with budget authority'],
  evaluate: ownerRule('executive-sponsor', 'the executive sponsor')
})
