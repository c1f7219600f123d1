// garak `*.report.jsonl` → red-team evidence, streamed (a report with every attempt runs to
// hundreds of MB; attempt lines are skipped unparsed).
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - A category is one probe/detector pair: one `eval` entry. Its attempts are the outputs the
//   detector evaluated (`total` up to garak 0.13, `total_evaluated` from 0.14), its successful
//   attacks the ones it flagged (`total - passed`, or `fails` from 0.14): "passed" means the model
//   resisted. The scan's totals add the categories up, as garak's own summary does.
// - A pair evaluated more than once (a report assembled by `garak.analyze.aggregate_reports` from
//   several runs holds one eval entry per run) is one category whose counts add the entries up: each
//   entry judged other attempts, so neither the last one nor a second listing of the pair is right.
// - The run must have finished: a report without its `completion` entry, or with attempts but no
//   `eval` entries, is a run stopped early, and fails. An aggregated report (its setup lists the
//   `aggregation` files) carries no completion entry: it is finished when its `digest` is written.
import type { EvidenceParser, RedTeamCategory, RedTeamEvidence } from '../types.js'
import { compact, countField, isRecord, readJsonLines } from '../parsing/llm-common.js'
import { describeValue, failure } from '../parsing/failure.js'
import { isoTimestamp } from '../parsing/timestamp.js'

const ATTEMPT_PREFIX = Buffer.from('{"entry_type": "attempt"')
const SUPPORTED_MAJOR = 0

export const garakReportParser: EvidenceParser<RedTeamEvidence> = {
  format: 'garak-report',
  kind: 'red-team',
  description: 'garak report (garak_runs/*.report.jsonl): attack success per probe and detector, streamed',
  detect: ({ head }) => /^\s*\{\s*"entry_type"\s*:\s*"(?:start_run setup|init)"/.test(head),
  async parse(source) {
    const file = `"${source.relPath}"`
    const categories = new Map<string, RedTeamCategory & { entries: number[] }>()
    let aggregated = false
    let digested = false
    let version: string | undefined
    let started: string | undefined
    let completed = false
    let attemptLines = 0
    const models: string[] = []
    const scanned = await readJsonLines(source, 'a garak report', (line) => {
      if (line.bytes.subarray(0, ATTEMPT_PREFIX.length).equals(ATTEMPT_PREFIX)) {
        attemptLines++
        return undefined
      }
      const entry = line.json()
      if (!isRecord(entry) || typeof entry.entry_type !== 'string') return `${file} line ${line.line} has no entry_type; it is not a garak report line`
      switch (entry.entry_type) {
        case 'start_run setup': {
          const written = entry['_config.version']
          if (typeof written === 'string') version = written
          if (Array.isArray(entry.aggregation)) aggregated = true
          const model = [entry['plugins.model_type'], entry['plugins.model_name'] ?? entry['plugins.target_name']]
            .filter((part): part is string => typeof part === 'string' && part !== '')
            .join(' ')
          if (model && !models.includes(model)) models.push(model)
          return undefined
        }
        case 'init':
          if (typeof entry.garak_version === 'string') version ??= entry.garak_version
          if (typeof entry.start_time === 'string') started = entry.start_time
          return undefined
        case 'attempt':
          attemptLines++
          return undefined
        case 'completion':
          completed = true
          return undefined
        case 'digest':
          digested = true
          return undefined
        case 'eval': {
          const where = `${file} line ${line.line}`
          if (typeof entry.probe !== 'string' || typeof entry.detector !== 'string') return `${where}: an eval entry needs probe and detector`
          const passed = countField(entry, 'passed', '')
          const evaluated = countField(entry, 'total_evaluated', '') ?? countField(entry, 'total', '')
          if (passed === undefined || evaluated === undefined)
            return `${where}: the eval of ${entry.probe} by ${entry.detector} has passed ${describeValue(entry.passed)} and total ${describeValue(entry.total_evaluated ?? entry.total)}; both must be counts`
          const fails = countField(entry, 'fails', '') ?? evaluated - passed
          if (passed + fails > evaluated) return `${where}: the eval of ${entry.probe} counts ${passed} passed and ${fails} failed of ${evaluated}`
          const name = `${entry.probe}/${entry.detector}`
          const seen = categories.get(name)
          if (seen) {
            seen.attempts += evaluated
            seen.successfulAttacks += fails
            seen.entries.push(line.line)
          } else categories.set(name, { name, attempts: evaluated, successfulAttacks: fails, line: line.line, entries: [line.line] })
          return undefined
        }
        default:
          return undefined
      }
    })
    if (!scanned.ok) return scanned
    if (version !== undefined) {
      const major = /^(\d+)\./.exec(version)?.[1]
      if (major === undefined || Number(major) !== SUPPORTED_MAJOR)
        return failure(`${file} was written by garak ${version}; the gate reads reports of garak 0.x`, 1)
    } else return failure(`${file} names no garak version (no start_run setup or init entry); it is not a garak report the gate reads`, 1)
    if (categories.size === 0) {
      return failure(
        attemptLines
          ? `${file} has ${attemptLines} attempt lines but no eval entries: the run stopped before garak evaluated it`
          : `${file} has no eval entries: no probe was evaluated`,
        1
      )
    }
    if (aggregated && !completed && !digested)
      return failure(
        `${file} is an aggregated report (garak.analyze.aggregate_reports) without its digest entry: the aggregation did not finish`,
        scanned.lines
      )
    if (!aggregated && !completed)
      return failure(`${file} has no completion entry: the run did not finish, so the probes it did not reach are missing`, scanned.lines)
    const notes = ['garak counts each probe/detector pair on its own; totals add the pairs up (an attempt judged by two detectors counts twice)']
    if (aggregated) notes.push('an aggregated report (garak.analyze.aggregate_reports): the runs it assembles are added up')
    for (const category of categories.values()) {
      if (category.entries.length > 1)
        notes.push(
          `${category.name} was evaluated in ${category.entries.length} eval entries (lines ${category.entries.join(', ')}); their counts are added up`
        )
    }
    const list: RedTeamCategory[] = [...categories.values()].map(({ entries: _entries, ...category }) => category)
    const attempts = list.reduce((sum, category) => sum + category.attempts, 0)
    const successfulAttacks = list.reduce((sum, category) => sum + category.successfulAttacks, 0)
    const evidence: RedTeamEvidence = compact({
      kind: 'red-team',
      format: 'garak-report',
      tool: 'garak',
      ...(started && isoTimestamp(started) ? { timestamp: started } : {}),
      attempts,
      successfulAttacks,
      ...(attempts > 0 ? { attackSuccessRate: successfulAttacks / attempts } : {}),
      categories: list,
      ...(models.length ? { models } : {}),
      notes
    })
    return { ok: true, evidence }
  }
}

export const garakParsers: EvidenceParser[] = [garakReportParser]
