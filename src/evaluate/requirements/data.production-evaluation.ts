// data.production-evaluation: Quality measured on production data.
import type { EvaluationEvidence } from '../../evidence/types.js'
import { judgeTargets } from '../checks/evaluation-targets.js'
import { fail, loadLinkedEvidence, pass, type Outcome } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'
import { judgeMetric, MISSING_SHARE_HINT } from '../substance.js'

const productionEvaluation: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<EvaluationEvidence>(ctx, ['evidence', 'evaluation'], ['evaluation'], 'evaluation')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const outcomes: Outcome[] = []
  // Formats that do not say where their cases come from (promptfoo, ragas, DeepEval...) are placed by the manifest's `source`.
  const source = ctx.manifest.data.evidence?.evaluation?.source
  const productionSampled = evidence.dataset?.productionSampled ?? (source === 'production-sample' || source === 'production-shadow')
  if (!productionSampled) {
    outcomes.push(
      fail(
        `The evaluation "${relPath}" is not declared as measured on production-sampled data${evidence.dataset?.name ? ` (dataset "${evidence.dataset.name}")` : ''}.`,
        at,
        {
          hint: 'Evaluate on a sample of production inputs and state it: dataset.source: production-sample in an evaluation file, or source: production-sample beside the file in the manifest.'
        }
      )
    )
  }
  const { judged, outcomes: judgedOutcomes } = judgeTargets(ctx, evidence, relPath, ['evidence', 'evaluation'], at)
  if (evidence.metrics.length === 0) outcomes.push(fail(`The evaluation "${relPath}" reports no metrics.`, at))
  else if (judged.length === 0)
    outcomes.push(
      fail(`The evaluation "${relPath}" states no target for any metric, so quality cannot be judged.`, at, {
        hint: 'Give each metric a target: in the evaluation file, or under targets: beside the file in the manifest (e.g. faithfulness: 0.85).'
      })
    )
  outcomes.push(...judgedOutcomes)
  // A metric whose point value meets its target must meet it with its uncertainty too (an unfinished
  // run has already failed on its status: its figures are not judged further).
  const finished = evidence.status === undefined || evidence.status === 'success'
  const verdicts = judged
    .filter((entry) => entry.ok && finished)
    .map(({ metric, target }) => ({ metric, ...judgeMetric({ ...metric, target }, evidence.dataset?.size, ctx.policy.thresholds) }))
  for (const { metric, ok, message, hint } of verdicts) {
    if (!ok) {
      outcomes.push(
        // A sentence that already runs on after the metric (the missing-share one) names the file first.
        fail(
          hint === MISSING_SHARE_HINT ? `In "${relPath}", ${message}.` : `${message} in "${relPath}".`,
          metric.line ? { file: relPath, line: metric.line } : at,
          {
            related: at,
            hint:
              hint ??
              'Measure on more production samples (state dataset.size), or improve the metric until even the unfavourable end of its interval meets the target.'
          }
        )
      )
    }
  }
  if (outcomes.length) return outcomes
  return [pass(`${verdicts.map((verdict) => verdict.message).join('; ')}; on production-sampled data.`, at)]
}

export default defineRequirement({
  id: 'data.production-evaluation',
  title: 'Quality measured on production data',
  guardsAgainst: 'Accuracy measured on clean demo data collapses on real, messy production inputs.',
  satisfiedBy:
    "evidence.evaluation links an evaluation on production-sampled data whose metrics meet their targets (the file's own, or the manifest's targets: for LLM eval runs such as promptfoo, ragas, DeepEval, Inspect), from a run that finished, with its sample size: a proportion (accuracy, pass or error rate) by the unfavourable bound of its 95% Wilson interval, any other metric on at least the policy's min-evaluation-samples; a mean over cases (promptfoo named scores, ragas, DeepEval, Inspect) only when at most the policy's max-missing-share of its cases have no value (errored, NaN).",
  hint: 'Evaluate on a sample of production data and link the results under evidence.evaluation.',
  firstStage: 'staging',
  manifestPath: ['evidence', 'evaluation'],
  skeleton: [
    'evaluation:',
    '  file:                 # quality measured on production-sampled data (evaluation file, promptfoo, ragas, DeepEval, Inspect...)',
    '  source:               # production-sample, when the file does not say',
    '  targets: {}           # metric: value it must reach, e.g. faithfulness: 0.85'
  ],
  thresholds: ['minEvaluationSamples', 'maxMissingShare'],
  evaluate: productionEvaluation
})
