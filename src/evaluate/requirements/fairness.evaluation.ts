// fairness.evaluation: Bias evaluated.
import type { EvaluationEvidence } from '../../evidence/types.js'
import { round } from '../checks/wording.js'
import { fail, loadLinkedEvidence, pass, type Outcome } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const fairness: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<EvaluationEvidence>(ctx, ['evidence', 'fairness'], ['evaluation'], 'fairness evaluation')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const results = evidence.fairness ?? []
  if (results.length === 0) return [fail(`"${relPath}" has no per-group results to judge bias by.`, at)]
  const outcomes: Outcome[] = []
  for (const result of results) {
    // The evidence file may be stricter than the trusted policy, never looser.
    const threshold = Math.min(result.threshold ?? Infinity, ctx.policy.thresholds.maxFairnessDisparity)
    if (result.groups.length < 2) outcomes.push(fail(`Fairness on ${result.metric} compares ${result.groups.length} group; at least two are needed.`, result.line ? { file: relPath, line: result.line } : at))
    else if (result.disparity > threshold) {
      const lowest = [...result.groups].sort((a, b) => a.value - b.value)[0]!
      outcomes.push(fail(`${result.metric} disparity ${round(result.disparity)} across ${result.groups.length} groups > threshold ${threshold} (lowest: ${lowest.name} ${lowest.value}).`, result.line ? { file: relPath, line: result.line } : at, { related: at }))
    }
  }
  if (outcomes.length) return outcomes
  return [pass(results.map((r) => `${r.metric} disparity ${round(r.disparity)} across ${r.groups.length} groups ≤ ${Math.min(r.threshold ?? Infinity, ctx.policy.thresholds.maxFairnessDisparity)}`).join('; ') + '.', at)]
}

export default defineRequirement({
  id: 'fairness.evaluation',
  title: 'Bias evaluated',
  guardsAgainst: 'The system performs worse for some groups and nobody measured it.',
  satisfiedBy: 'evidence.fairness links an evaluation with per-group results whose disparity is within the threshold.',
  hint: 'Measure the metric per group and link the results under evidence.fairness.',
  firstStage: 'production',
  manifestPath: ['evidence', 'fairness'],
  skeleton: ['fairness:', '  file:                 # per-group results'],
  evaluate: fairness
})
