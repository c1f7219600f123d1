// owner.model-operations: Output-quality owner named.
import { ownerRule } from '../checks/owner.js'
import { defineRequirement } from '../requirement.js'

export default defineRequirement({
  id: 'owner.model-operations',
  title: 'Output-quality owner named',
  guardsAgainst: 'Nobody owns answer quality after launch, so degradation goes unnoticed until users give up on the system.',
  satisfiedBy: 'owners.model-operations names one person or team handle.',
  hint: 'Set owners.model-operations to the @handle who owns output quality in production.',
  firstStage: 'pilot',
  manifestPath: ['owners', 'model-operations'],
  skeleton: ['model-operations:       # @handle who owns output quality in production'],
  evaluate: ownerRule('model-operations', 'the owner of output quality in production')
})
