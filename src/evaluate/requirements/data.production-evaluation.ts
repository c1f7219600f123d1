// data.production-evaluation: Quality measured on production data.
import type { EvaluationEvidence } from '../../evidence/types.js'
import { fail, isNumber, loadLinkedEvidence, pass, type Outcome } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const productionEvaluation: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<EvaluationEvidence>(ctx, ['evidence', 'evaluation'], ['evaluation'], 'evaluation')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const outcomes: Outcome[] = []
  if (evidence.dataset?.productionSampled !== true) {
    outcomes.push(fail(`The evaluation "${relPath}" is not declared as measured on production-sampled data${evidence.dataset?.name ? ` (dataset "${evidence.dataset.name}")` : ''}.`, at, { hint: 'Evaluate on a sample of production inputs and state it in the evaluation file (dataset.source: production-sample).' }))
  }
  const judged = evidence.metrics.filter((metric) => isNumber(metric.target))
  if (evidence.metrics.length === 0) outcomes.push(fail(`The evaluation "${relPath}" reports no metrics.`, at))
  else if (judged.length === 0) outcomes.push(fail(`The evaluation "${relPath}" states no target for any metric, so quality cannot be judged.`, at, { hint: 'Give each metric a target in the evaluation file.' }))
  for (const metric of judged) {
    const ok = metric.lowerIsBetter ? metric.value <= metric.target! : metric.value >= metric.target!
    if (!ok) {
      outcomes.push(fail(`${metric.name} ${metric.value} ${metric.lowerIsBetter ? '>' : '<'} target ${metric.target} in "${relPath}".`, metric.line ? { file: relPath, line: metric.line } : at, { related: at }))
    }
  }
  if (outcomes.length) return outcomes
  return [pass(`${judged.map((m) => `${m.name} ${m.value} ${m.lowerIsBetter ? '≤' : '≥'} ${m.target}`).join(', ')} on production-sampled data.`, at)]
}

export default defineRequirement({
  id: 'data.production-evaluation',
  title: 'Quality measured on production data',
  guardsAgainst: 'Accuracy measured on clean demo data collapses on real, messy production inputs.',
  satisfiedBy: 'evidence.evaluation links an evaluation on production-sampled data whose metrics meet their targets.',
  hint: 'Evaluate on a sample of production data and link the results under evidence.evaluation.',
  firstStage: 'staging',
  manifestPath: ['evidence', 'evaluation'],
  skeleton: ['evaluation:', '  file:                 # quality measured on production-sampled data'],
  evaluate: productionEvaluation
})
