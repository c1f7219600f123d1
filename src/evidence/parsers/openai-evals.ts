// OpenAI Evals record (`oaieval ... --record_path FILE`, or /tmp/evallogs/*.jsonl) → evaluation
// evidence, streamed: the `spec` line (run id, eval name, completion functions, date), the
// `final_report` line (the eval's own metrics: accuracy, f1...), and, where kept, the `match`
// events (one per sample, `data.correct`), which give pass/fail counts and the failing samples.
// The report has no thresholds: targets come from the manifest.
import type { EvaluationCase, EvaluationEvidence, EvaluationMetric, EvidenceParser } from '../types.js'
import { compact, finite, isRecord, MAX_LISTED_CASES, readJsonLines } from '../parsing/llm-common.js'
import { isLowerBetter } from './evaluation.js'
import { failure } from '../parsing/failure.js'
import { utcTimestamp } from '../parsing/timestamp.js'

export const openaiEvalsLogParser: EvidenceParser<EvaluationEvidence> = {
  format: 'openai-evals-log',
  kind: 'evaluation',
  description: 'OpenAI Evals record (oaieval --record_path FILE): spec, final_report metrics and match events, streamed',
  detect: ({ head }) => /^\s*\{\s*"spec"\s*:\s*\{/.test(head) && /"eval_name"\s*:/.test(head.split('\n', 1)[0] ?? ''),
  async parse(source) {
    const file = `"${source.relPath}"`
    let spec: Record<string, unknown> | undefined
    let report: { value: Record<string, unknown>; line: number } | undefined
    let passed = 0
    let failed = 0
    const cases: EvaluationCase[] = []
    let unlisted = 0
    const scanned = await readJsonLines(source, 'an OpenAI Evals record', (line) => {
      const entry = line.json()
      if (!isRecord(entry)) return `${file} line ${line.line} is not a JSON object`
      if (isRecord(entry.spec)) spec = entry.spec
      else if (isRecord(entry.final_report)) report = { value: entry.final_report, line: line.line }
      else if (entry.type === 'match' && isRecord(entry.data) && typeof entry.data.correct === 'boolean') {
        if (entry.data.correct) passed++
        else {
          failed++
          if (cases.length < MAX_LISTED_CASES)
            cases.push({ name: typeof entry.sample_id === 'string' ? entry.sample_id : `event ${String(entry.event_id)}`, line: line.line, status: 'failed' })
          else unlisted++
        }
      }
      return undefined
    })
    if (!scanned.ok) return scanned
    if (!spec) return failure(`${file} has no spec line; it is not an OpenAI Evals record`, 1)
    if (!report) return failure(`${file} has no final_report line: the eval did not finish, so it has no results`, scanned.lines)
    const metrics: EvaluationMetric[] = []
    const notes: string[] = []
    let samples: number | undefined
    for (const [name, value] of Object.entries(report.value)) {
      if (name === 'n_samples' || name === 'n') {
        samples = finite(value)
        continue
      }
      if (value === null) notes.push(`final_report.${name} is null (NaN in the eval), so it is missing`)
      const number = finite(value)
      if (number === undefined) continue
      metrics.push({ name, type: name, value: number, lowerIsBetter: isLowerBetter(name), line: report.line })
    }
    if (metrics.length === 0) return failure(`${file}: final_report holds no numeric metric`, report.line)
    if (samples === 0) return failure(`${file}: final_report says n_samples 0: the eval ran on no samples`, report.line)
    if (unlisted) notes.push(`${unlisted} more failing samples are not listed`)
    const tests = passed + failed
    if (tests === 0) notes.push('the record keeps no match events, so pass/fail per sample is unknown; only final_report is read')
    const models = Array.isArray(spec.completion_fns) ? spec.completion_fns.filter((fn): fn is string => typeof fn === 'string') : []
    const timestamp = utcTimestamp(spec.created_at)
    const evidence: EvaluationEvidence = compact({
      kind: 'evaluation',
      format: 'openai-evals-log',
      tool: 'openai-evals',
      ...(timestamp ? { timestamp } : {}),
      ...(typeof spec.eval_name === 'string' ? { dataset: { name: spec.eval_name, ...(samples !== undefined ? { size: samples } : {}) } } : {}),
      ...(tests ? { tests, passed, failed, errors: 0 } : {}),
      metrics,
      ...(models.length ? { models } : {}),
      ...(cases.length ? { cases } : {}),
      notes
    })
    return { ok: true, evidence }
  }
}

export const openaiEvalsParsers: EvidenceParser[] = [openaiEvalsLogParser]
