// data.edge-cases: Edge-case inputs tested: by a test report whose tests name the categories, or an
// eval run whose cases name them in their metadata (promptfoo test metadata, DeepEval additionalMetadata).
import type { EvaluationEvidence, TestReportEvidence } from '../../evidence/types.js'
import { coverage, segmentCoverage } from '../checks/test-coverage.js'
import { isText, loadLinkedEvidence, locate } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const DEFAULT_EDGE_CASES = ['malformed', 'missing', 'out-of-distribution', 'adversarial']

const edgeCases: Evaluator = async (ctx) => {
  const listed = ctx.manifest.data.evidence?.['edge-cases']?.categories
  const categories = Array.isArray(listed) && listed.length ? listed.filter(isText) : DEFAULT_EDGE_CASES
  const topics = categories.map((name, index) => ({
    name,
    at: locate(ctx, Array.isArray(listed) && listed.length ? ['evidence', 'edge-cases', 'categories', index] : ['evidence', 'edge-cases'])
  }))
  const linked = await loadLinkedEvidence<TestReportEvidence | EvaluationEvidence>(
    ctx,
    ['evidence', 'edge-cases'],
    ['test-report', 'evaluation'],
    'edge-case test report or eval run'
  )
  if (linked.ok && linked.loaded.evidence.kind === 'evaluation')
    return segmentCoverage(linked.loaded.evidence, linked.loaded.relPath, linked.loaded.at, topics, 'edge-case category')
  return coverage(ctx, ['evidence', 'edge-cases'], topics, 'edge-case category', 'edge-case test report')
}

export default defineRequirement({
  id: 'data.edge-cases',
  title: 'Edge-case inputs tested',
  guardsAgainst: 'Malformed, missing, out-of-distribution or adversarial inputs were never tried and fail in production.',
  satisfiedBy:
    'evidence.edge-cases links a test report with a passing test for each listed category (malformed, missing, out-of-distribution, adversarial), or an eval run whose case metadata (promptfoo test metadata, DeepEval additionalMetadata) names each category on a passing case; no test or case fails.',
  hint: 'Add tests for malformed, missing, out-of-distribution and adversarial inputs; link the report under evidence.edge-cases.',
  firstStage: 'staging',
  manifestPath: ['evidence', 'edge-cases'],
  skeleton: ['edge-cases:', '  file:                 # JUnit report', '  categories: [malformed, missing, out-of-distribution, adversarial]'],
  evaluate: edgeCases
})
