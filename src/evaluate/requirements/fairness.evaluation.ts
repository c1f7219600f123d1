// fairness.evaluation: Bias evaluated.
import type { EvaluationEvidence } from '../../evidence/types.js'
import { fail, loadLinkedEvidence, pass, type Outcome } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'
import { judgeFairness } from '../substance.js'

const fairness: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<EvaluationEvidence>(ctx, ['evidence', 'fairness'], ['evaluation'], 'fairness evaluation')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const results = evidence.fairness ?? []
  if (results.length === 0) return [fail(`"${relPath}" has no per-group results to judge bias by.`, at)]
  const outcomes: Outcome[] = []
  const passed: string[] = []
  for (const result of results) {
    // The evidence file may be stricter than the trusted policy, never looser.
    const threshold = Math.min(result.threshold ?? Infinity, ctx.policy.thresholds.maxFairnessDisparity)
    const judged = judgeFairness(result, threshold, ctx.policy.thresholds)
    if (judged.ok) passed.push(judged.message)
    else outcomes.push(fail(`${judged.message}.`, result.line ? { file: relPath, line: result.line } : at, { related: at }))
  }
  if (outcomes.length) return outcomes
  return [pass(`${passed.join('; ')}.`, at)]
}

export default defineRequirement({
  id: 'fairness.evaluation',
  title: 'Bias evaluated',
  guardsAgainst: 'The system performs worse for some groups and nobody measured it.',
  satisfiedBy:
    "evidence.fairness links an evaluation comparing at least two groups, each with at least the policy's min-fairness-group-samples, whose disparity is within the threshold: for a proportion, the upper end of the 95% interval of the largest gap between two groups.",
  hint: 'Measure the metric per group and link the results under evidence.fairness.',
  firstStage: 'production',
  manifestPath: ['evidence', 'fairness'],
  skeleton: ['fairness:', '  file:                 # per-group results'],
  thresholds: ['maxFairnessDisparity', 'minFairnessGroupSamples'],
  evaluate: fairness
})
