// lm-evaluation-harness results → evaluation evidence: 0.4.x `results_<datetime>.json` and the
// older `{results, versions, config}` files (also as written through gpt-neox).
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - Each `results[task]["<metric>,<filter>"]` is one metric, named as written ("acc,none",
//   "exact_match,strict-match") with its task beside it; `*_stderr` keys are error bars and `alias`
//   a label, neither a metric. A value of "N/A" or NaN is missing.
// - Direction from `higher_is_better[task][metric]`; before 0.4 there is none, so perplexities,
//   bits per byte and likelihood differences are lower-is-better by name. crows_pairs figures are
//   bias measures (pct_stereotype 0.5 is unbiased), not accuracies.
// - The date: `date` (epoch seconds) of 0.4.x files; older files carry none.
import type { EvaluationEvidence, EvaluationMetric, EvidenceParser } from '../types.js'
import { compact, finite, isRecord, readPythonJson } from '../parsing/llm-common.js'
import { isLowerBetter } from './evaluation.js'
import { failure } from '../parsing/failure.js'

const LOWER_BY_NAME = /^(?:.*perplexity|ppl|bits_per_byte|byte_perplexity|word_perplexity|likelihood_difference|ter)$/

export const lmEvalResultsParser: EvidenceParser<EvaluationEvidence> = {
  format: 'lm-eval-results',
  kind: 'evaluation',
  description: 'lm-evaluation-harness results (results_<datetime>.json of 0.4.x, or {results, versions, config} before): metrics per task and filter',
  detect: ({ head }) =>
    /^\s*\{\s*"results"\s*:\s*\{\s*"[^"]+"\s*:\s*\{/.test(head) &&
    (/"(?:alias|acc|acc_norm|exact_match|ppl|word_perplexity|likelihood_difference|f1|em|mc1|mc2|bleu)(?:,[^"]*)?"\s*:/.test(head) ||
      /"higher_is_better"\s*:/.test(head)),
  async parse(source) {
    const read = await readPythonJson(source, 'lm-evaluation-harness results')
    if (!read.ok) return read
    const file = `"${source.relPath}"`
    const root = read.value
    if (!isRecord(root) || !isRecord(root.results)) return failure(`${file} has no results object; it is not lm-evaluation-harness output`, 1)
    const higherIsBetter = isRecord(root.higher_is_better) ? root.higher_is_better : undefined
    const metrics: EvaluationMetric[] = []
    const missing: string[] = []
    const notes: string[] = []
    for (const [task, values] of Object.entries(root.results)) {
      if (!isRecord(values)) return failure(`${file}: results.${task} is not an object of metrics`, 1)
      for (const [key, value] of Object.entries(values)) {
        if (key === 'alias' || key === 'samples' || /_stderr(?:,|$)/.test(key)) continue
        const metric = key.split(',')[0]!
        const number = finite(value)
        if (number === undefined) {
          if (value === null || value === 'N/A') missing.push(`${task} ${key}`)
          continue
        }
        const direction = isRecord(higherIsBetter?.[task]) ? higherIsBetter[task][metric] : undefined
        const lowerIsBetter = typeof direction === 'boolean' ? !direction : LOWER_BY_NAME.test(metric) || isLowerBetter(metric)
        metrics.push({ name: key, type: metric, value: number, lowerIsBetter, task })
      }
    }
    if (metrics.length === 0) return failure(`${file} holds no metric values (no task has a number)`, 1)
    if (missing.length)
      notes.push(`no value (N/A or NaN) for ${missing.slice(0, 10).join('; ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`)
    if (!higherIsBetter) notes.push('no higher_is_better (harness before 0.4): direction is taken from the metric name')
    if (metrics.some((m) => m.task?.startsWith('crows_pairs')))
      notes.push('crows_pairs figures are bias measures (pct_stereotype 0.5 is unbiased), not accuracies')
    const config = isRecord(root.config) ? root.config : {}
    const modelArgs = typeof config.model_args === 'string' ? /(?:^|,)pretrained=([^,]+)/.exec(config.model_args)?.[1] : undefined
    const model = typeof root.model_name === 'string' ? root.model_name : modelArgs
    const date = finite(root.date)
    const timestamp = date !== undefined && date > 0 ? new Date(date * 1000).toISOString() : undefined
    const samples = isRecord(root['n-samples'])
      ? Object.values(root['n-samples']).reduce<number>((sum, n) => sum + (isRecord(n) ? (finite(n.effective) ?? 0) : 0), 0)
      : undefined
    const evidence: EvaluationEvidence = compact({
      kind: 'evaluation',
      format: 'lm-eval-results',
      tool: 'lm-evaluation-harness',
      ...(timestamp ? { timestamp } : {}),
      ...(samples ? { dataset: { name: Object.keys(root.results).join(', ').slice(0, 200), size: samples } } : {}),
      metrics,
      ...(model ? { models: [model] } : {}),
      notes
    })
    return { ok: true, evidence }
  }
}

export const lmEvalParsers: EvidenceParser[] = [lmEvalResultsParser]
