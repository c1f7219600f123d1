// ragas results → evaluation evidence: the CSV of `result.to_pandas().to_csv(...)` and the JSON of
// `to_json()` (pandas' default column layout, or `orient="records"`).
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - One row a sample; every column that is not one of ragas' text columns is a metric. A metric is
//   reported as its mean over the samples that have a value, with how many lack one: ragas writes
//   a metric that failed for a sample as an empty cell (NaN), which is missing, never 0 or 1.
// - Metrics are 0..1, higher is better, except the aspect critics harmfulness and maliciousness.
// - ragas records no thresholds or pass/fail: the manifest's per-metric targets judge the samples.
import type { EvaluationCase, EvaluationEvidence, EvidenceParser, EvidenceSource, ParseResult } from '../types.js'
import { fieldText, scanRecords, splitCsvText } from '../parsing/csv-lines.js'
import { CaseMetrics, compact, firstLine, isRecord, MAX_LISTED_CASES, readPythonJson } from '../parsing/llm-common.js'
import { isLowerBetter } from './evaluation.js'
import { failure } from '../parsing/failure.js'

/** ragas' sample columns (0.1 names and 0.2+ names), and pandas' unnamed index. */
const TEXT_COLUMNS = new Set([
  '',
  'Unnamed: 0',
  'index',
  'question',
  'contexts',
  'answer',
  'ground_truth',
  'ground_truths',
  'user_input',
  'retrieved_contexts',
  'reference_contexts',
  'response',
  'multi_responses',
  'reference',
  'rubrics'
])
const QUESTION_COLUMNS = ['user_input', 'question']
const ANSWER_COLUMNS = ['response', 'answer']
const LOWER_IS_BETTER = new Set(['harmfulness', 'maliciousness'])

const lowerIsBetter = (metric: string): boolean => LOWER_IS_BETTER.has(metric) || isLowerBetter(metric)

/** ragas' header: a question column, an answer column and at least one metric column. */
function isRagasHeader(columns: string[]): boolean {
  return columns.some((c) => QUESTION_COLUMNS.includes(c)) && columns.some((c) => ANSWER_COLUMNS.includes(c)) && columns.some((c) => !TEXT_COLUMNS.has(c))
}

const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/

interface Sample {
  name: string
  line?: number
  scores: Record<string, number | null>
}

/** Builds the evidence from samples, shared by the CSV and JSON forms. */
function ragasEvidence(
  source: EvidenceSource,
  format: string,
  metricNames: string[],
  samples: Sample[],
  total: number,
  notes: string[]
): ParseResult<EvaluationEvidence> {
  const file = `"${source.relPath}"`
  if (total === 0) return failure(`${file} is a ragas result with no samples: nothing was evaluated`, 1)
  if (metricNames.length === 0) return failure(`${file} has no metric columns, only ragas' text columns`, 1)
  const tally = new CaseMetrics()
  for (const sample of samples) for (const metric of metricNames) tally.add(metric, sample.scores[metric], { lowerIsBetter: lowerIsBetter(metric) })
  const empty = tally.empty()
  if (empty.length) return failure(`${file}: ${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no value in any sample (every cell empty or NaN)`, 1)
  const metrics = tally.metrics()
  for (const metric of metrics)
    if (metric.missing) notes.push(`${metric.name}: ${metric.missing} of ${total} samples have no value (NaN), averaged over the other ${metric.samples}`)
  if (samples.length > MAX_LISTED_CASES) notes.push(`only the first ${MAX_LISTED_CASES} of ${samples.length} samples are listed`)
  const cases: EvaluationCase[] = samples
    .slice(0, MAX_LISTED_CASES)
    .map((sample) => ({ name: sample.name, ...(sample.line !== undefined ? { line: sample.line } : {}), scores: sample.scores }))
  notes.push('ragas records no thresholds: the manifest sets the target of each metric')
  return { ok: true, evidence: compact({ kind: 'evaluation', format, tool: 'ragas', dataset: { size: total }, metrics, cases, notes }) }
}

function score(cell: string, metric: string, where: string): number | null | string {
  if (cell.trim() === '' || /^\s*nan\s*$/i.test(cell)) return null
  if (!NUMBER.test(cell)) return `${where}: ${metric} is "${cell.slice(0, 40)}", not a number`
  return Number(cell)
}

export const ragasCsvParser: EvidenceParser<EvaluationEvidence> = {
  format: 'ragas-csv',
  kind: 'evaluation',
  description: 'ragas results as CSV (result.to_pandas().to_csv()): one row a sample, one column a metric; empty cells are missing values',
  detect: ({ head }) => {
    const header = splitCsvText(head, ',', 1)[0]
    return header !== undefined && isRagasHeader(header.map((c) => c.trim()))
  },
  async parse(source) {
    let columns: string[] | undefined
    let metricIndexes: number[] = []
    let questionIndex = -1
    const samples: Sample[] = []
    let total = 0
    const scanned = await scanRecords(source.stream(), { delimiter: 44, quotes: true, maxFields: 4096 }, (record) => {
      if (!columns) {
        columns = Array.from({ length: record.count }, (_, i) => fieldText(record, i).trim())
        metricIndexes = columns.flatMap((name, i) => (TEXT_COLUMNS.has(name) ? [] : [i]))
        questionIndex = columns.findIndex((name) => QUESTION_COLUMNS.includes(name))
        return undefined
      }
      total++
      const scores: Record<string, number | null> = {}
      for (const i of metricIndexes) {
        const value = score(fieldText(record, i), columns[i]!, `line ${record.line}`)
        if (typeof value === 'string') return value
        scores[columns[i]!] = value
      }
      const question = samples.length < MAX_LISTED_CASES && questionIndex >= 0 ? firstLine(fieldText(record, questionIndex)) : undefined
      samples.push({ name: question ?? `sample ${total}`, line: record.line, scores })
      return undefined
    })
    if (!scanned.ok) return failure(scanned.message.startsWith('"') ? scanned.message : `"${source.relPath}": ${scanned.message}`, scanned.line)
    if (!columns || !isRagasHeader(columns))
      return failure(`"${source.relPath}" has no ragas header (a question or user_input column, an answer or response column, and metric columns)`, 1)
    return ragasEvidence(
      source,
      'ragas-csv',
      columns.filter((c) => !TEXT_COLUMNS.has(c)),
      samples,
      total,
      []
    )
  }
}

export const ragasJsonParser: EvidenceParser<EvaluationEvidence> = {
  format: 'ragas-json',
  kind: 'evaluation',
  description: 'ragas results as JSON (result.to_pandas().to_json(), by column or orient="records"): one value a sample per metric',
  detect: ({ head }) => {
    if (!/^\s*[[{]/.test(head)) return false
    const hasQuestion = QUESTION_COLUMNS.some((c) => new RegExp(`"${c}"\\s*:`).test(head))
    const hasAnswer = ANSWER_COLUMNS.some((c) => new RegExp(`"${c}"\\s*:`).test(head))
    // pandas writes a column as {"0": value, ...}; records are a list of objects.
    return hasQuestion && hasAnswer && (/^\s*\[\s*\{/.test(head) || /^\s*\{\s*"[^"]+"\s*:\s*\{\s*"0"\s*:/.test(head))
  },
  async parse(source) {
    const read = await readPythonJson(source, 'a ragas result')
    if (!read.ok) return read
    const file = `"${source.relPath}"`
    let rows: Record<string, unknown>[]
    if (Array.isArray(read.value)) {
      if (!read.value.every(isRecord)) return failure(`${file} is a list whose items are not all objects; ragas records are objects`, 1)
      rows = read.value
    } else if (isRecord(read.value) && Object.values(read.value).every(isRecord)) {
      const byColumn = read.value as Record<string, Record<string, unknown>>
      const keys = [...new Set(Object.values(byColumn).flatMap((column) => Object.keys(column)))]
      rows = keys.map((key) => Object.fromEntries(Object.entries(byColumn).map(([name, column]) => [name, column[key]])))
    } else return failure(`${file} is neither pandas' column layout nor a list of records`, 1)
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
    if (!isRagasHeader(columns)) return failure(`${file} has no ragas columns (a question or user_input, an answer or response, and metrics)`, 1)
    const metricNames = columns.filter((c) => !TEXT_COLUMNS.has(c))
    const samples: Sample[] = []
    for (const [index, row] of rows.entries()) {
      const scores: Record<string, number | null> = {}
      for (const metric of metricNames) {
        const value = row[metric]
        if (value === null || value === undefined) scores[metric] = null
        else if (typeof value === 'number' && Number.isFinite(value)) scores[metric] = value
        else return failure(`${file}: sample ${index + 1} has ${metric} ${JSON.stringify(value).slice(0, 40)}, not a number`, 1)
      }
      const question = QUESTION_COLUMNS.map((c) => row[c]).find((v) => typeof v === 'string')
      samples.push({ name: firstLine(question) ?? `sample ${index + 1}`, scores })
    }
    const notes = read.nonFinite ? [`${read.nonFinite} values were NaN or infinite and are read as missing`] : []
    return ragasEvidence(source, 'ragas-json', metricNames, samples, rows.length, notes)
  }
}

export const ragasParsers: EvidenceParser[] = [ragasJsonParser, ragasCsvParser]
