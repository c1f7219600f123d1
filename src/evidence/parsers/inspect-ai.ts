// Inspect AI eval logs → evaluation evidence: the JSON log (`--log-format json`) and the `.eval`
// log (the default since 0.3.46: a ZIP whose header.json is the log without samples, and whose
// summaries.json lists each sample's scores).
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - `status` is kept as written: a `cancelled` or `error` log is not a finished run, even when it
//   carries results (it fails the evaluation requirements).
// - Metrics: `results.scores[].metrics`, named as Inspect names them (accuracy, mean...) with the
//   scorer as `task`; stderr/std are error bars, not metrics. Values are not always 0..1.
// - Samples: a score value "C" is correct, "I" incorrect (a failing case), "P" partial, "N" no
//   answer (failing); a sample with an `error` errored.
// - Tokens: `stats.model_usage` lists every model the run used, graders included.
// - A sample's `metadata` scalars (`language: de`) are segments, as DeepEval's additionalMetadata:
//   fairness.evaluation compares the groups an attribute names (`group-by: language`), by pass rate
//   or by each scorer's mean (C 1, P 0.5, I and N 0, as Inspect's value_to_float reads them).
import { listZip, readZipMember } from '../../fs/zip.js'
import type { EvaluationCase, EvaluationEvidence, EvaluationMetric, EvidenceParser, EvidenceSource, ParseResult, UsageFigures } from '../types.js'
import { jsonSyntaxFailure } from '../parsing/load-common.js'
import {
  addUsage,
  arrayElementLines,
  caseAttributes,
  compact,
  finite,
  firstLine,
  isRecord,
  nonFiniteToNull,
  pushCase,
  readPythonJson,
  SegmentTally
} from '../parsing/llm-common.js'
import { isLowerBetter } from './evaluation.js'
import { describeValue, failure } from '../parsing/failure.js'
import { isoTimestamp } from '../parsing/timestamp.js'

const KNOWN_VERSIONS = new Set([1, 2])
const ERROR_BARS = new Set(['stderr', 'std', 'var'])
const MAX_MEMBER_BYTES = 64 * 1024 * 1024

interface SampleVerdict {
  status?: 'passed' | 'failed' | 'error'
  reason?: string
}

/** A sample's verdict from its scores: any I/N (or 0/false) fails it, an error errors it. */
function verdict(sample: Record<string, unknown>): SampleVerdict {
  if (sample.error !== undefined && sample.error !== null)
    return { status: 'error', reason: firstLine(isRecord(sample.error) ? sample.error.message : sample.error) ?? 'error' }
  if (!isRecord(sample.scores)) return {}
  let judged = false
  for (const [scorer, score] of Object.entries(sample.scores)) {
    const value = isRecord(score) ? score.value : undefined
    if (value === 'I' || value === 'N' || value === false || value === 0)
      return {
        status: 'failed',
        reason: `${scorer}: ${String(value)}${isRecord(score) && typeof score.explanation === 'string' ? ` (${firstLine(score.explanation)})` : ''}`
      }
    if (value === 'C' || value === 'P' || value === true || value === 1) judged = true
  }
  return judged ? { status: 'passed' } : {}
}

/** A score value as a number, the way Inspect's value_to_float reads it; undefined for what it cannot read. */
function scoreValue(value: unknown): number | undefined {
  if (value === 'C' || value === true) return 1
  if (value === 'P') return 0.5
  if (value === 'I' || value === 'N' || value === false) return 0
  return finite(value)
}

/**
 * How many of the run's cases each metric is over (`samples`) and how many it leaves out (`missing`), or why
 * the log's counts cannot be read. `total_samples` is the dataset's samples times the epochs; with
 * `--fail-on-error` below 1, the samples that errored are left out of `completed_samples` and of every
 * metric, which is then a mean over the rest: the policy's max-missing-share judges that, as for the other
 * LLM evaluations. A metric is over samples, each sample's epochs reduced to one score, so its sample size
 * is the cases, not the sample-epochs. A case some of whose epochs errored counts as missing (fewer samples,
 * the cautious side). No counts (early logs): neither is said, and the dataset's size stands for samples.
 */
function casesScored(
  evalInfo: Record<string, unknown>,
  total: number | undefined,
  completed: number | undefined
): { samples?: number; missing?: number } | string {
  const config = isRecord(evalInfo.config) ? evalInfo.config : {}
  const epochs = config.epochs ?? 1
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 1)
    return `has eval.config.epochs ${describeValue(config.epochs)}, not a whole number of epochs`
  if (total === undefined) return {}
  if (!Number.isInteger(total / epochs)) return `has results.total_samples ${total}, not a whole number of samples over its ${epochs} epochs`
  if (completed !== undefined && completed > total) return `has results.completed_samples ${completed}, more than its total_samples ${total}`
  const run = total / epochs
  const scored = completed === undefined ? run : Math.floor(completed / epochs)
  return scored < run ? { samples: scored, missing: run - scored } : { samples: run }
}

/** The log's header (everything but samples) into evidence; `samples` are the per-sample records with their places. */
function logEvidence(
  source: EvidenceSource,
  format: string,
  log: unknown,
  samples: { sample: Record<string, unknown>; line?: number; member?: string }[],
  notes: string[]
): ParseResult<EvaluationEvidence> {
  const file = `"${source.relPath}"`
  if (!isRecord(log)) return failure(`${file} is not an Inspect log (not an object)`, 1)
  if (!KNOWN_VERSIONS.has(log.version as number))
    return failure(`${file} is Inspect log version ${describeValue(log.version)}; the gate reads versions 1 and 2`, 1)
  const status = typeof log.status === 'string' ? log.status : undefined
  if (!status) return failure(`${file} has no status`, 1)
  const evalInfo = isRecord(log.eval) ? log.eval : {}
  const results = isRecord(log.results) ? log.results : undefined
  if (!results) {
    const why = isRecord(log.error) && typeof log.error.message === 'string' ? `: ${firstLine(log.error.message)}` : ''
    return failure(`${file} is an Inspect log with status ${status} and no results${why}`, 1)
  }
  const total = finite(results.total_samples)
  const completed = finite(results.completed_samples)
  if (total === 0 || completed === 0) return failure(`${file} is an Inspect log of zero completed samples: nothing was evaluated`, 1)
  const counted = casesScored(evalInfo, total, completed)
  if (typeof counted === 'string') return failure(`${file} ${counted}`, 1)
  const metrics: EvaluationMetric[] = []
  const scores = Array.isArray(results.scores) ? results.scores : []
  for (const score of scores) {
    if (!isRecord(score) || !isRecord(score.metrics)) continue
    const scorer = typeof score.name === 'string' ? score.name : undefined
    for (const [key, metric] of Object.entries(score.metrics)) {
      if (ERROR_BARS.has(key)) continue
      const value = isRecord(metric) ? finite(metric.value) : undefined
      if (value === undefined) {
        notes.push(`${scorer ? `${scorer} ` : ''}${key} has no numeric value (${describeValue(isRecord(metric) ? metric.value : metric)})`)
        continue
      }
      metrics.push({ name: key, type: key, value, lowerIsBetter: isLowerBetter(key), ...(scorer ? { task: scorer } : {}), ...counted })
    }
  }
  if (metrics.length === 0) return failure(`${file}: results has no metric with a value`, 1)
  if (status !== 'success') notes.push(`the run's status is "${status}", not success: it did not finish as planned`)
  if (total !== undefined && completed !== undefined && completed < total) notes.push(`${total - completed} of ${total} samples did not complete`)

  const cases: EvaluationCase[] = []
  const dropped = { dropped: 0 }
  const segments = new SegmentTally()
  let passed = 0
  let failed = 0
  let errors = 0
  for (const { sample, line, member } of samples) {
    const judged = verdict(sample)
    if (!judged.status) continue
    const attributes = isRecord(sample.metadata) ? caseAttributes(sample.metadata) : []
    if (attributes.length) {
      const scores = Object.entries(isRecord(sample.scores) ? sample.scores : {}).flatMap(([scorer, score]) => {
        const value = scoreValue(isRecord(score) ? score.value : undefined)
        return value === undefined ? [] : [[scorer, { value, lowerIsBetter: isLowerBetter(scorer) }] as const]
      })
      segments.add(attributes, judged.status, Object.fromEntries(scores), line)
    }
    if (judged.status === 'passed') {
      passed++
      continue
    }
    if (judged.status === 'failed') failed++
    else errors++
    const id = typeof sample.id === 'string' || typeof sample.id === 'number' ? String(sample.id) : '?'
    const epoch = typeof sample.epoch === 'number' || typeof sample.epoch === 'string' ? ` (epoch ${sample.epoch})` : ''
    pushCase(
      cases,
      () => ({
        name: `sample ${id}${epoch}`,
        ...(attributes.length ? { attributes: Object.fromEntries(attributes) } : {}),
        ...(line !== undefined ? { line } : {}),
        ...(member ? { member } : {}),
        status: judged.status,
        ...(judged.reason ? { reason: judged.reason } : {})
      }),
      dropped
    )
  }
  if (dropped.dropped) notes.push(`${dropped.dropped} more failing samples are not listed`)
  const grouped = segments.settle(cases, notes, 'metadata')

  const usage: UsageFigures = {}
  const stats = isRecord(log.stats) ? log.stats : {}
  if (isRecord(stats.model_usage)) {
    for (const [model, used] of Object.entries(stats.model_usage)) {
      if (!isRecord(used)) continue
      addUsage(
        usage,
        compact({ inputTokens: finite(used.input_tokens), outputTokens: finite(used.output_tokens), tokens: finite(used.total_tokens), models: [model] })
      )
    }
    if ((usage.models?.length ?? 0) > 1) notes.push(`tokens add up every model the run used (${usage.models!.join(', ')}), graders included`)
  }
  const created = typeof evalInfo.created === 'string' ? isoTimestamp(evalInfo.created) : undefined
  const dataset = isRecord(evalInfo.dataset) ? evalInfo.dataset : {}
  const judgedCount = passed + failed + errors
  const evidence: EvaluationEvidence = compact({
    kind: 'evaluation',
    format,
    tool: 'inspect-ai',
    ...(created ? { timestamp: created } : {}),
    status,
    ...(typeof evalInfo.task === 'string'
      ? {
          dataset: compact({
            name: typeof dataset.name === 'string' ? dataset.name : evalInfo.task,
            size: counted.samples === undefined ? undefined : counted.samples + (counted.missing ?? 0)
          })
        }
      : {}),
    ...(judgedCount ? { tests: judgedCount, passed, failed, errors } : {}),
    metrics,
    ...usage,
    cases,
    ...(grouped.length ? { segments: grouped } : {}),
    notes
  })
  return { ok: true, evidence }
}

export const inspectJsonLogParser: EvidenceParser<EvaluationEvidence> = {
  format: 'inspect-log-json',
  kind: 'evaluation',
  description: 'Inspect AI eval log in JSON (inspect eval --log-format json): status, scores per scorer, samples, model usage',
  detect: ({ head }) => /^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:\s*"/.test(head) && /"eval"\s*:\s*\{/.test(head),
  async parse(source) {
    const read = await readPythonJson(source, 'an Inspect AI log')
    if (!read.ok) return read
    const log = read.value
    const lines = arrayElementLines(read.text, ['samples']) ?? []
    const samples =
      isRecord(log) && Array.isArray(log.samples)
        ? log.samples.flatMap((sample, i) => (isRecord(sample) ? [{ sample, ...(lines[i] !== undefined ? { line: lines[i] } : {}) }] : []))
        : []
    const notes = read.nonFinite ? [`${read.nonFinite} values were NaN or infinite and are read as missing`] : []
    return logEvidence(source, 'inspect-log-json', log, samples, notes)
  }
}

export const inspectEvalLogParser: EvidenceParser<EvaluationEvidence> = {
  format: 'inspect-log-eval',
  kind: 'evaluation',
  description: 'Inspect AI .eval log (the default: a ZIP with header.json and summaries.json)',
  // The ZIP's local headers name its members in plain text.
  detect: ({ head }) => head.startsWith('PK\u0003\u0004') && /(?:_journal\/start\.json|header\.json|summaries\.json)/.test(head),
  async parse(source) {
    const file = `"${source.relPath}"`
    if (!source.zip) return failure(`${file} is not a ZIP archive, so it is not an Inspect .eval log`, 1)
    const listing = await listZip(source.absPath, source.size, source.relPath)
    if (!listing.ok) return failure(listing.message, 1)
    const member = async (name: string): Promise<{ ok: true; value: unknown } | { ok: false; message: string } | undefined> => {
      const entry = listing.entries.find((e) => e.name === name)
      if (!entry) return undefined
      const read = await readZipMember(source.absPath, entry, source.relPath, MAX_MEMBER_BYTES)
      if (!read.ok) return read
      const text = read.data.toString('utf8')
      try {
        return { ok: true, value: JSON.parse(nonFiniteToNull(text).text) }
      } catch (error) {
        return failure(jsonSyntaxFailure(text, (error as Error).message, `${file} member ${name} is not valid JSON`).message)
      }
    }
    const header = await member('header.json')
    if (!header) {
      const started = listing.entries.some((e) => e.name.startsWith('_journal/'))
      return failure(
        started
          ? `${file} has no header.json: the run is still going or was killed before it finished`
          : `${file} has no header.json; it is not an Inspect .eval log`,
        1
      )
    }
    if (!header.ok) return failure(header.message, 1)
    const summaries = await member('summaries.json')
    const notes: string[] = []
    let samples: { sample: Record<string, unknown>; member: string }[] = []
    if (summaries?.ok && Array.isArray(summaries.value)) samples = summaries.value.filter(isRecord).map((sample) => ({ sample, member: 'summaries.json' }))
    else
      notes.push(
        summaries
          ? `summaries.json could not be read (${summaries.ok ? 'not a list' : summaries.message}), so no sample is listed`
          : 'the log has no summaries.json, so no sample is listed'
      )
    return logEvidence(source, 'inspect-log-eval', header.value, samples, notes)
  }
}

export const inspectParsers: EvidenceParser[] = [inspectJsonLogParser, inspectEvalLogParser]
