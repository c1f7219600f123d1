// integration.tested: Integration points tested.
import { coverage } from '../checks/test-coverage.js'
import { fail, isText, locate } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const integration: Evaluator = (ctx) => {
  const points = ctx.manifest.data.evidence?.['integration-tests']?.points
  if (!Array.isArray(points) || points.length === 0) {
    return [
      fail('`evidence.integration-tests.points` is missing: list the integration points the system touches.', locate(ctx, ['evidence', 'integration-tests']))
    ]
  }
  const topics = points.filter(isText).map((name, index) => ({ name, at: locate(ctx, ['evidence', 'integration-tests', 'points', index]) }))
  return coverage(ctx, ['evidence', 'integration-tests'], topics, 'integration point', 'integration test report')
}

export default defineRequirement({
  id: 'integration.tested',
  title: 'Integration points tested',
  guardsAgainst: 'The model works alone but breaks the CRM, ERP or billing integration it feeds.',
  satisfiedBy: 'evidence.integration-tests links a test report with at least one passing test per listed point and no failing test.',
  hint: 'List integration points under evidence.integration-tests.points and link a test report that covers each.',
  firstStage: 'staging',
  manifestPath: ['evidence', 'integration-tests'],
  skeleton: ['integration-tests:', '  file:                 # JUnit report', '  points: []            # e.g. [crm, erp, billing-api]'],
  evaluate: integration
})
