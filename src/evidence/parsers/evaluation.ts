// Evaluation results → EvaluationEvidence: the project's own evaluation/fairness file, Hugging Face
// model cards (README.md front matter `model-index`), Hugging Face `eval_results.yaml`, and the
// Model Card Toolkit JSON (whose sliced metrics become fairness groups).
// Values are normalized to fractions: a value above 1 for a metric bounded by 1 (accuracy, F1,
// WER...) was written as a percent and is divided by 100 (`percent: true`).
import evaluationSchema from '../../../schemas/evidence/evaluation.schema.json' with { type: 'json' }
import type { EvaluationEvidence, EvaluationMetric, EvidenceParser, FairnessResult, ParseFailure, ParseResult } from '../types.js'
import { displayPath, type LocatedDocument, type PathSegment } from '../../yaml/located.js'
import { checkOwnFile, isRecord, readEvidenceText, readYamlEvidence } from '../parsing/read-evidence.js'
import { isoTimestamp } from '../parsing/timestamp.js'
import { snakeWords, word } from '../parsing/signal-category.js'
import { failure } from '../parsing/failure.js'
import { kindDeclaration } from '../parsing/kind-head.js'

type Result = ParseResult<EvaluationEvidence>

/** Metrics bounded by 1 when written as fractions (rates, shares, overlap scores, WER/CER as written by HF `evaluate`). */
const BOUNDED = word(
  'acc|accuracy|f1|precision|recall|exact_match|em|auc|auroc|roc_auc|pr_auc|average_precision|map|ndcg|mrr|hit_rate|hits|rouge\\w*|bleu|meteor|chrf|wer|cer|mer|wil|iou|miou|dice|jaccard|pass|specificity|sensitivity|rate|share|fraction|coverage|correctness|faithfulness|groundedness'
)
/** Rates that are not fractions, whatever BOUNDED says. */
const UNBOUNDED = word('frame_rate|sample_rate|sampling_rate|bit_rate|learning_rate|per_second')
/** Metrics where lower is better. */
const LOWER_IS_BETTER = word(
  'wer|cer|mer|wil|loss|perplexity|ppl|errors?|mae|mse|rmse|mape|smape|log_loss|logloss|brier|ece|hallucinat\\w*|toxicity|toxic|fpr|fnr|false_positives?|false_negatives?|false_positive_rate|false_negative_rate|miss_rate|fid|distance|bpb|bpc|bits_per_\\w+|latency|eer|disparity|violations?|violation_rate'
)

export const isLowerBetter = (type: string): boolean => LOWER_IS_BETTER.test(snakeWords(type))

/** Shares of a subset of the samples (the actual or predicted positives): checked before WHOLE_PROPORTION, whose `rate` they contain. */
const SUBSET_PROPORTION = word(
  'precision|recall|specificity|sensitivity|tpr|tnr|fpr|fnr|true_positive_rate|true_negative_rate|false_positive_rate|false_negative_rate|miss_rate'
)
/** Shares of every sample: each sample is a success or not. */
const WHOLE_PROPORTION = word(
  'acc|accuracy|exact_match|em|pass|pass_rate|pass_at_1|rate|share|fraction|coverage|correctness|top_?\\d+(?:_acc(?:uracy)?)?|hit_rate|hits'
)

/**
 * Whether a metric is a proportion of its samples, and of which: the documented list in
 * docs/formats/tests-monitoring-evaluation.md. F1, AUC, BLEU, ROUGE, WER and scores are not
 * proportions (no binomial interval applies): they are held to the policy's minimum sample size.
 */
export function proportionKind(type: string): 'whole' | 'subset' | undefined {
  const words = snakeWords(type)
  if (UNBOUNDED.test(words)) return undefined
  if (SUBSET_PROPORTION.test(words)) return 'subset'
  return WHOLE_PROPORTION.test(words) ? 'whole' : undefined
}

/** A metric value as a fraction when its type is bounded by 1; failure text when it cannot be one. */
function normalize(type: string, value: number): { value: number; percent?: true } | string {
  const words = snakeWords(type)
  if (!BOUNDED.test(words) || UNBOUNDED.test(words)) return { value }
  if (value < 0) return `${type} cannot be negative (${value})`
  if (value <= 1) return { value }
  if (value <= 100) return { value: Math.round(value * 1e10) / 1e12, percent: true }
  return `${type} ${value} is neither a fraction (0..1) nor a percent (0..100)`
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(value)) return Number(value)
  return undefined
}

function buildMetric(
  name: string,
  type: string,
  rawValue: number,
  line: number | undefined,
  extra: { lowerIsBetter?: boolean; target?: number; samples?: number } = {}
): EvaluationMetric | string {
  const normalized = normalize(type, rawValue)
  if (typeof normalized === 'string') return normalized
  const target = extra.target === undefined ? undefined : normalize(type, extra.target)
  if (typeof target === 'string') return `target ${extra.target} is neither a fraction (0..1) nor a percent (0..100)`
  const proportion = proportionKind(type)
  return {
    name,
    type,
    value: normalized.value,
    lowerIsBetter: extra.lowerIsBetter ?? isLowerBetter(type),
    ...(normalized.percent ? { percent: true } : {}),
    ...(target !== undefined ? { target: target.value } : {}),
    ...(proportion ? { proportion } : {}),
    ...(extra.samples !== undefined ? { samples: extra.samples } : {}),
    ...(line !== undefined ? { line } : {})
  }
}

function fairnessResult(
  metric: string,
  groups: { name: string; value: number; size?: number }[],
  line: number | undefined,
  stated: { threshold?: number; disparity?: number } = {}
): FairnessResult | string {
  const normalizedGroups: FairnessResult['groups'] = []
  for (const group of groups) {
    const normalized = normalize(metric, group.value)
    if (typeof normalized === 'string') return `group "${group.name}": ${normalized}`
    normalizedGroups.push({ name: group.name, value: normalized.value, ...(group.size !== undefined ? { samples: group.size } : {}) })
  }
  const proportion = proportionKind(metric)
  const values = normalizedGroups.map((group) => group.value)
  const scale = (value: number | undefined): number | undefined => {
    if (value === undefined) return undefined
    const normalized = normalize(metric, value)
    return typeof normalized === 'string' ? value : normalized.value
  }
  // A stated disparity never hides the gap the file's own groups show: the larger of the two counts.
  const computed = Math.round((Math.max(...values) - Math.min(...values)) * 1e12) / 1e12
  const statedDisparity = scale(stated.disparity)
  const disparity = statedDisparity === undefined ? computed : Math.max(statedDisparity, computed)
  const threshold = scale(stated.threshold)
  return {
    metric,
    groups: normalizedGroups,
    disparity,
    ...(proportion ? { proportion } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(line !== undefined ? { line } : {})
  }
}

// ─── readiness-gate's own evaluation file ───────────────────────────────────────────────────────

const PRODUCTION_SOURCES = new Set(['production-sample', 'production-shadow'])

interface OwnFairness {
  metric: string
  attribute?: string
  groups: { name: string; value: number; size?: number }[]
  threshold?: number
  disparity?: number
}
interface EvaluationFile {
  'model-version'?: string
  date?: string
  dataset?: { name: string; source: string; 'sampled-from'?: string; size?: number; split?: string }
  metrics: { name: string; type?: string; value: number; target?: number; 'lower-is-better'?: boolean; samples?: number }[]
  fairness?: OwnFairness | OwnFairness[]
}

const declaresEvaluation = kindDeclaration('evaluation')

export const readinessEvaluationParser: EvidenceParser<EvaluationEvidence> = {
  format: 'readiness-evaluation',
  kind: 'evaluation',
  description: "readiness-gate's evaluation file (kind: evaluation): dataset, metrics with targets, fairness groups",
  detect: ({ head }) => declaresEvaluation(head),
  async parse(source) {
    const read = await readYamlEvidence(source)
    if (!read.ok) return read
    const { document, what } = read
    const checked = checkOwnFile(document, what, evaluationSchema)
    if (!checked.ok) return checked
    const { timestamp } = checked
    const file = document.value as EvaluationFile

    const metrics: EvaluationMetric[] = []
    for (const [index, metric] of file.metrics.entries()) {
      const line = document.lineOf(['metrics', index])
      const built = buildMetric(metric.name, metric.type ?? metric.name, metric.value, line, {
        ...(metric['lower-is-better'] !== undefined ? { lowerIsBetter: metric['lower-is-better'] } : {}),
        ...(metric.target !== undefined ? { target: metric.target } : {}),
        ...(metric.samples !== undefined ? { samples: metric.samples } : {})
      })
      if (typeof built === 'string') return failure(`${what}: metrics[${index}] ${built}`, line)
      metrics.push(built)
    }

    const fairness: FairnessResult[] = []
    const declared = file.fairness === undefined ? [] : Array.isArray(file.fairness) ? file.fairness : [file.fairness]
    for (const [index, entry] of declared.entries()) {
      const path: PathSegment[] = Array.isArray(file.fairness) ? ['fairness', index] : ['fairness']
      const line = document.lineOf(path)
      const result = fairnessResult(entry.metric, entry.groups, line, {
        ...(entry.threshold !== undefined ? { threshold: entry.threshold } : {}),
        ...(entry.disparity !== undefined ? { disparity: entry.disparity } : {})
      })
      if (typeof result === 'string') return failure(`${what}: ${displayPath(path)} ${result}`, line)
      fairness.push(result)
    }

    const dataset = file.dataset
    const modelVersion = file['model-version']
    const notes = dataset?.['sampled-from'] ? [`dataset "${dataset.name}" was sampled from ${dataset['sampled-from']}`] : []
    const evidence: EvaluationEvidence = {
      kind: 'evaluation',
      format: 'readiness-evaluation',
      ...(timestamp ? { timestamp } : {}),
      ...(modelVersion ? { modelVersion, modelVersionLine: document.lineOf(['model-version'])! } : {}),
      ...(dataset
        ? {
            dataset: {
              name: dataset.name,
              source: dataset.source,
              productionSampled: PRODUCTION_SOURCES.has(dataset.source),
              ...(dataset.split ? { split: dataset.split } : {}),
              ...(dataset.size !== undefined ? { size: dataset.size } : {})
            }
          }
        : {}),
      metrics,
      ...(fairness.length ? { fairness } : {}),
      ...(notes.length ? { notes } : {})
    }
    return { ok: true, evidence }
  }
}

// ─── Hugging Face model card (README.md front matter) ───────────────────────────────────────────

const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/

export const hfModelCardParser: EvidenceParser<EvaluationEvidence> = {
  format: 'hf-model-card',
  kind: 'evaluation',
  description: 'Hugging Face model card (README.md) with model-index evaluation results in its YAML front matter',
  detect({ head }) {
    if (!/^---[ \t]*\r?\n/.test(head)) return false
    const frontMatter = FRONT_MATTER.exec(head)?.[1] ?? head
    return /^model-index\s*:/m.test(frontMatter)
  },
  async parse(source) {
    const read = await readEvidenceText(source)
    if (!read.ok) return read
    const what = `"${source.relPath}"`
    const match = FRONT_MATTER.exec(read.text)
    if (!match) return failure(`${what} has no YAML front matter (a block between --- lines at the top) with a model-index`, 1)
    const noIndex: ParseFailure = failure(`${what} has no model-index in its metadata, so it states no evaluation results`, 1)
    const frontMatter = match[1]
    if (!frontMatter || !/^model-index\s*:/m.test(frontMatter)) return noIndex
    // The front matter's first line is line 2 of the file.
    const parsed = await readYamlEvidence(source, { text: frontMatter, lineOffset: 1 })
    if (!parsed.ok) return parsed
    const card = parsed.document.value
    if (!isRecord(card) || card['model-index'] === undefined) return noIndex
    return readModelIndex(parsed.document, what)
  }
}

interface ResultDataset {
  name: string
  type: string
  split?: string
}

/** Validates model-index as the Hub and huggingface_hub do (task.type, dataset.type and name, metric type and value are required). */
function readModelIndex(document: LocatedDocument, what: string): Result {
  const index = (document.value as Record<string, unknown>)['model-index']
  const fail = (message: string, path: PathSegment[]): ParseFailure => failure(`${what}: ${message}`, document.nearestLineOf(['model-index', ...path]) ?? 1)
  if (!Array.isArray(index) || index.length === 0) return fail('model-index must be a list of models with results', [])
  const collected: { metric: Record<string, unknown>; dataset: ResultDataset; path: PathSegment[] }[] = []
  for (const [modelIndex, model] of index.entries()) {
    if (!isRecord(model) || !Array.isArray(model.results)) return fail(`model-index entry ${modelIndex + 1} needs a name and a results list`, [modelIndex])
    const modelName = typeof model.name === 'string' ? `"${model.name}"` : `${modelIndex + 1}`
    for (const [resultIndex, result] of model.results.entries()) {
      const where = `result ${resultIndex + 1} of model ${modelName}`
      const path = [modelIndex, 'results', resultIndex]
      if (!isRecord(result)) return fail(`${where} is not a map`, path)
      if (!isRecord(result.task) || typeof result.task.type !== 'string') return fail(`${where} has no task.type`, path)
      const dataset = result.dataset
      if (!isRecord(dataset)) return fail(`${where} has no dataset; Hugging Face requires dataset.type and dataset.name (the Hub drops such results)`, path)
      if (typeof dataset.type !== 'string' || typeof dataset.name !== 'string')
        return fail(`${where} needs dataset.type and dataset.name`, [...path, 'dataset'])
      if (!Array.isArray(result.metrics) || result.metrics.length === 0) return fail(`${where} has no metrics`, path)
      for (const [metricIndex, metric] of result.metrics.entries()) {
        const metricPath = [...path, 'metrics', metricIndex]
        if (!isRecord(metric) || typeof metric.type !== 'string') return fail(`metric ${metricIndex + 1} of ${where} has no type`, metricPath)
        const dataSplit = typeof dataset.split === 'string' ? { split: dataset.split } : {}
        collected.push({ metric, dataset: { name: dataset.name, type: dataset.type, ...dataSplit }, path: metricPath })
      }
    }
  }

  const sameDataset = collected.every(({ dataset }) => dataset.name === collected[0]!.dataset.name && dataset.type === collected[0]!.dataset.type)
  const sameSplit = collected.every(({ dataset }) => dataset.split === collected[0]!.dataset.split)
  const metrics: EvaluationMetric[] = []
  for (const { metric, dataset, path } of collected) {
    const type = metric.type as string
    const value = numeric(metric.value)
    if (value === undefined) return fail(`the value of metric ${type} is ${JSON.stringify(metric.value ?? null)}, not a number`, [...path, 'value'])
    const label = typeof metric.name === 'string' ? metric.name : type
    // With several datasets in one card, each metric says which dataset it was measured on.
    const name = sameDataset ? label : `${label} on ${dataset.name}${dataset.split ? `, ${dataset.split} split` : ''}`
    const built = buildMetric(name, type, value, document.lineOf(['model-index', ...path, 'type']))
    if (typeof built === 'string') return fail(built, [...path, 'value'])
    metrics.push(built)
  }
  const first = collected[0]!.dataset
  const notes = sameDataset ? [] : [`the results use ${new Set(collected.map(({ dataset }) => dataset.name)).size} datasets; each metric names its dataset`]
  const evidence: EvaluationEvidence = {
    kind: 'evaluation',
    format: 'hf-model-card',
    ...(sameDataset ? { dataset: { name: first.name, type: first.type, ...(sameSplit && first.split ? { split: first.split } : {}) } } : {}),
    metrics,
    ...(notes.length ? { notes } : {})
  }
  return { ok: true, evidence }
}

// ─── Hugging Face eval_results.yaml ─────────────────────────────────────────────────────────────

export const hfEvalResultsParser: EvidenceParser<EvaluationEvidence> = {
  format: 'hf-eval-results',
  kind: 'evaluation',
  description: 'Hugging Face eval_results.yaml: benchmark scores (dataset id, task_id, value, date)',
  detect: ({ head }) => /^-\s+dataset\s*:/m.test(head) && /^\s+task_id\s*:/m.test(head) && /^\s+value\s*:/m.test(head),
  async parse(source) {
    const read = await readYamlEvidence(source)
    if (!read.ok) return read
    const { document, what } = read
    const entries = document.value
    const fail = (message: string, path: PathSegment[]): ParseFailure => failure(`${what}: ${message}`, document.nearestLineOf(path) ?? 1)
    if (!Array.isArray(entries) || entries.length === 0) return fail('eval_results.yaml must be a list of results', [])
    const metrics: EvaluationMetric[] = []
    const datasets = new Set<string>()
    let earliest: { text: string; time: number } | undefined
    for (const [index, entry] of entries.entries()) {
      const where = `result ${index + 1}`
      if (!isRecord(entry) || !isRecord(entry.dataset)) return fail(`${where} has no dataset`, [index])
      const { id, task_id: taskId } = entry.dataset
      if (typeof id !== 'string' || id === '') return fail(`${where} needs dataset.id`, [index, 'dataset'])
      if (typeof taskId !== 'string' || taskId === '') return fail(`${where} needs dataset.task_id`, [index, 'dataset'])
      const value = numeric(entry.value)
      if (value === undefined) return fail(`the value of ${where} is ${JSON.stringify(entry.value ?? null)}, not a number`, [index, 'value'])
      if (entry.source !== undefined && (!isRecord(entry.source) || typeof entry.source.url !== 'string'))
        return fail(`the source of ${where} needs a url`, [index, 'source'])
      if (entry.date !== undefined) {
        const date = typeof entry.date === 'string' ? isoTimestamp(entry.date) : undefined
        if (!date) return fail(`the date of ${where} is not an ISO 8601 date`, [index, 'date'])
        const time = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date)
        if (!earliest || time < earliest.time) earliest = { text: date, time }
      }
      datasets.add(id)
      // The metric is defined by the benchmark's own eval.yaml, not here: the value is kept as written.
      const line = document.valueLineOf([index])
      metrics.push({ name: `${taskId} (${id})`, type: taskId, value, lowerIsBetter: isLowerBetter(taskId), ...(line !== undefined ? { line } : {}) })
    }
    const evidence: EvaluationEvidence = {
      kind: 'evaluation',
      format: 'hf-eval-results',
      ...(earliest ? { timestamp: earliest.text } : {}),
      ...(datasets.size === 1 ? { dataset: { name: [...datasets][0]! } } : {}),
      metrics,
      notes: ["eval_results.yaml gives benchmark scores without their metric; values are kept as written (the benchmark's eval.yaml defines them)"]
    }
    return { ok: true, evidence }
  }
}

// ─── Model Card Toolkit JSON ────────────────────────────────────────────────────────────────────

export const modelCardToolkitParser: EvidenceParser<EvaluationEvidence> = {
  format: 'model-card-toolkit',
  kind: 'evaluation',
  description: 'Model Card Toolkit model card JSON (quantitative_analysis.performance_metrics; sliced metrics as fairness groups)',
  detect: ({ head }) =>
    /^\s*\{/.test(head) && /"model_details"\s*:\s*\{/.test(head) && /"(?:quantitative_analysis|schema_version)"\s*:/.test(head) && !/"\$schema"\s*:/.test(head),
  async parse(source) {
    const read = await readYamlEvidence(source)
    if (!read.ok) return read
    const { document, what } = read
    const card = document.value
    const fail = (message: string, path: PathSegment[]): ParseFailure => failure(`${what}: ${message}`, document.nearestLineOf(path) ?? 1)
    if (!isRecord(card)) return fail('a model card must be a JSON object', [])
    const analysis = card.quantitative_analysis
    const performance = isRecord(analysis) ? analysis.performance_metrics : undefined
    if (!Array.isArray(performance) || performance.length === 0)
      return fail('quantitative_analysis.performance_metrics lists no metrics', ['quantitative_analysis'])

    const metrics: EvaluationMetric[] = []
    const slices = new Map<string, { groups: { name: string; value: number }[]; line?: number }>()
    for (const [index, entry] of performance.entries()) {
      const path = ['quantitative_analysis', 'performance_metrics', index]
      if (!isRecord(entry) || typeof entry.type !== 'string') return fail(`performance metric ${index + 1} has no type`, path)
      const value = numeric(entry.value)
      if (value === undefined)
        return fail(`the value of performance metric ${index + 1} (${entry.type}) is ${JSON.stringify(entry.value ?? null)}, not a number`, [...path, 'value'])
      const line = document.valueLineOf(path)
      if (typeof entry.slice === 'string' && entry.slice !== '') {
        const sliced = slices.get(entry.type) ?? { groups: [], ...(line !== undefined ? { line } : {}) }
        sliced.groups.push({ name: entry.slice, value })
        slices.set(entry.type, sliced)
        continue
      }
      const built = buildMetric(entry.type, entry.type, value, line)
      if (typeof built === 'string') return fail(built, [...path, 'value'])
      metrics.push(built)
    }
    const fairness: FairnessResult[] = []
    for (const [type, { groups, line }] of slices) {
      if (groups.length < 2) {
        const built = buildMetric(`${type} (${groups[0]!.name})`, type, groups[0]!.value, line)
        if (typeof built === 'string') return fail(built, ['quantitative_analysis'])
        metrics.push(built)
        continue
      }
      const result = fairnessResult(type, groups, line)
      if (typeof result === 'string') return fail(result, ['quantitative_analysis'])
      fairness.push(result)
    }

    const notes = ['performance_metrics thresholds are the decision thresholds the metrics were computed at, not targets']
    const version = isRecord(card.model_details) && isRecord(card.model_details.version) ? card.model_details.version : {}
    const versionName = typeof version.name === 'string' && version.name.trim() !== '' ? version.name.trim() : undefined
    const date = typeof version.date === 'string' ? cardDate(version.date) : undefined
    if (typeof version.date === 'string' && !date)
      notes.push(`model_details.version.date "${version.date}" is not a date the gate can read unambiguously; not used`)
    if (fairness.length)
      notes.push(
        `sliced metrics read as fairness groups: ${fairness.map((result) => `${result.metric} across ${result.groups.map((group) => group.name).join(', ')}`).join('; ')}`
      )
    const evidence: EvaluationEvidence = {
      kind: 'evaluation',
      format: 'model-card-toolkit',
      tool: 'model-card-toolkit',
      ...(date ? { timestamp: date } : {}),
      ...(versionName ? { modelVersion: versionName, modelVersionLine: document.lineOf(['model_details', 'version', 'name'])! } : {}),
      metrics,
      ...(fairness.length ? { fairness } : {}),
      notes
    }
    return { ok: true, evidence }
  }
}

/** ISO dates, or M/D/YYYY (as the toolkit's own examples write them) when the order cannot be mistaken. */
function cardDate(text: string): string | undefined {
  const iso = isoTimestamp(text)
  if (iso) return iso
  const parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim())
  if (!parts) return undefined
  const [first, second, year] = [Number(parts[1]), Number(parts[2]), parts[3]!]
  const [month, day] = first > 12 && second <= 12 ? [second, first] : second > 12 && first <= 12 ? [first, second] : first === second ? [first, second] : [0, 0]
  if (month === 0) return undefined
  return isoTimestamp(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`)
}

export const evaluationParsers: EvidenceParser[] = [readinessEvaluationParser, hfModelCardParser, hfEvalResultsParser, modelCardToolkitParser]
