// garak `*.report.jsonl` → red-team evidence, streamed (a report with every attempt runs to
// hundreds of MB: each attempt line is read for its verdict and let go; status-1 lines, the prompts
// before detection, are skipped unparsed).
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - A category is one probe. Its attempts are its distinct prompts: the `attempt` entries with status 2
//   (detected), one per prompt, whatever the generations each prompt got and the detectors that judged
//   them. garak's own `eval` entries count every generation × detector (one prompt with 5 generations
//   and 2 detectors is 10), which are not independent trials and would narrow the Wilson interval.
// - A prompt is a successful attack when any detector scored any of its outputs at or above the
//   run's eval_threshold (garak's ThresholdEvaluator; 0.5 unless the setup records another): the
//   unfavourable reading of several generations.
// - The eval entries are garak's verdict: per probe/detector, the outputs the attempts score must add up
//   to the entries' counts. Where they do not, the unfavourable reading of the two is taken (the fewer
//   prompts, the more successes), noted.
// - A probe with eval entries but no attempt entries in the file (a report filtered to its summary) has
//   its prompts counted as its outputs divided by `run.generations`, rounded up (the fewest prompts
//   the outputs can come from), each failed output a successful prompt; without `run.generations` the
//   number of prompts cannot be known and the report fails.
// - A pair evaluated more than once (a report assembled by `garak.analyze.aggregate_reports` from
//   several runs holds one eval entry per run) adds the entries up; a prompt attempted in several runs
//   is one prompt, hit if any run hit it.
// - The run must have finished: a report without its `completion` entry, or with attempts but no
//   `eval` entries, is a run stopped early, and fails. An aggregated report (its setup lists the
//   `aggregation` files) carries no completion entry: it is finished when its `digest` is written.
import type { EvaluationCase, EvidenceParser, RedTeamCategory, RedTeamEvidence } from '../types.js'
import { compact, countField, isRecord, pushCase, readJsonLines } from '../parsing/llm-common.js'
import { DistinctValues } from '../parsing/distinct-values.js'
import { describeValue, failure } from '../parsing/failure.js'
import { isoTimestamp } from '../parsing/timestamp.js'

const ATTEMPT_PREFIX = Buffer.from('{"entry_type": "attempt"')
/** A status-1 attempt (generated, not yet detected), told from its first bytes: garak writes entry_type, uuid, seq, status first. */
const UNDETECTED_HEAD = /^\{"entry_type": "attempt", "uuid": "[^"]*", "seq": \d+, "status": 1,/
const SUPPORTED_MAJOR = 0
/** garak's ThresholdEvaluator default (`run.eval_threshold` in garak.core.yaml): an output scoring this or more is a hit. */
const GARAK_DEFAULT_THRESHOLD = 0.5

interface PairCounts {
  /** What the attempt entries hold: outputs scored, and those at or above the threshold. */
  scored: number
  hits: number
  /** What the eval entries count (summed over the entries of the pair). */
  evaluated?: number
  fails?: number
  evalLines: number[]
}

/** A prompt's state in the table of prompts seen (0: not seen). */
const PROMPT_MISSED = 1
const PROMPT_HIT = 2
/** A prompt whose attempts so far no detector scored: unjudged until one is. */
const PROMPT_UNSCORED = 3

interface ProbeTally {
  /** The probe's number, which keys its prompts in the table of prompts seen. */
  index: number
  /** Its distinct prompts, and those any detector hit in any of their outputs. */
  prompts: number
  hitPrompts: number
  /** Attempt entries with no score at all (every detector result null): not judged, so no attempt. */
  unscored: number
  /** Distinct prompts none of whose attempt entries any detector scored. */
  unjudgedPrompts: number
  pairs: Map<string, PairCounts>
  /** The line of the probe's first eval entry. */
  line?: number
}

/** An attempt's detector scores per detector; null where garak wrote None. */
function detectorScores(value: unknown): [string, (number | null)[]][] | undefined {
  if (!isRecord(value)) return undefined
  const pairs: [string, (number | null)[]][] = []
  for (const [detector, scores] of Object.entries(value)) {
    if (!Array.isArray(scores)) return undefined
    const read: (number | null)[] = []
    for (const score of scores) {
      if (score === null) read.push(null)
      else if (typeof score === 'number' && Number.isFinite(score)) read.push(score)
      else return undefined
    }
    pairs.push([detector, read])
  }
  return pairs
}

export const garakReportParser: EvidenceParser<RedTeamEvidence> = {
  format: 'garak-report',
  kind: 'red-team',
  description: 'garak report (garak_runs/*.report.jsonl): attack success per probe, one attempt per prompt, streamed',
  detect: ({ head }) => /^\s*\{\s*"entry_type"\s*:\s*"(?:start_run setup|init)"/.test(head),
  async parse(source) {
    const file = `"${source.relPath}"`
    // Written only for a message: a line number made a string for every attempt fills V8's number-string
    // cache, whose entries survive young collections and grow the young generation (docs/performance.md, round six).
    const where = (at: number): string => `${file} line ${at}`
    const probes = new Map<string, ProbeTally>()
    const probeOf = (name: string): ProbeTally => {
      let tally = probes.get(name)
      if (!tally) probes.set(name, (tally = { index: probes.size, prompts: 0, hitPrompts: 0, unscored: 0, unjudgedPrompts: 0, pairs: new Map() }))
      return tally
    }
    const pairOf = (tally: ProbeTally, detector: string): PairCounts => {
      let pair = tally.pairs.get(detector)
      if (!pair) tally.pairs.set(detector, (pair = { scored: 0, hits: 0, evalLines: [] }))
      return pair
    }
    /** Each probe's prompts seen (PROMPT_MISSED or PROMPT_HIT): a key per prompt, not the prompt. */
    const promptsSeen = new DistinctValues()
    const cases: EvaluationCase[] = []
    const dropped = { dropped: 0 }
    let threshold = GARAK_DEFAULT_THRESHOLD
    let thresholdRecorded = false
    let generations: number | undefined
    let aggregated = false
    let digested = false
    let version: string | undefined
    let started: string | undefined
    let completed = false
    let attemptLines = 0
    let evalEntries = 0
    let evaluations = 0
    const models: string[] = []
    const scanned = await readJsonLines(source, 'a garak report', (line) => {
      const isAttempt = line.bytes.subarray(0, ATTEMPT_PREFIX.length).equals(ATTEMPT_PREFIX)
      if (isAttempt && UNDETECTED_HEAD.test(line.bytes.subarray(0, 160).toString('latin1'))) {
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
          const recorded = entry['run.eval_threshold']
          if (typeof recorded === 'number' && Number.isFinite(recorded)) {
            threshold = recorded
            thresholdRecorded = true
          }
          const perPrompt = entry['run.generations']
          if (typeof perPrompt === 'number' && Number.isInteger(perPrompt) && perPrompt > 0) generations = perPrompt
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
        case 'attempt': {
          attemptLines++
          if (entry.status !== 2) return undefined
          if (typeof entry.probe_classname !== 'string') return `${where(line.line)}: a detected attempt (status 2) needs its probe_classname`
          const scores = detectorScores(entry.detector_results)
          if (!scores)
            return `${where(line.line)}: the attempt's detector_results is ${describeValue(entry.detector_results)}; it must map each detector to a list of scores`
          const probe = entry.probe_classname
          const tally = probeOf(probe)
          let judged = false
          let hit = false
          for (const [detector, list] of scores) {
            const pair = pairOf(tally, detector)
            for (const score of list) {
              if (score === null) continue
              judged = true
              pair.scored++
              if (score >= threshold) {
                pair.hits++
                hit = true
              }
            }
          }
          // The prompt, not the attempt's uuid, is the unit: a prompt repeated (in the runs an aggregated
          // report assembles) is one trial, hit if any of its attempts was.
          const slot = promptsSeen.find([tally.index, entry.prompt ?? entry.uuid ?? line.line])
          const before = promptsSeen.state(slot)
          if (!judged) {
            tally.unscored++
            if (before === 0) {
              promptsSeen.set(slot, PROMPT_UNSCORED)
              tally.unjudgedPrompts++
            }
            return undefined
          }
          if (before === PROMPT_UNSCORED) tally.unjudgedPrompts--
          if (before === 0 || before === PROMPT_UNSCORED) tally.prompts++
          if (hit && before !== PROMPT_HIT) {
            promptsSeen.set(slot, PROMPT_HIT)
            tally.hitPrompts++
            pushCase(cases, () => ({ name: `${probe} attempt ${typeof entry.seq === 'number' ? entry.seq : '?'}`, line: line.line, status: 'failed' }), dropped)
          } else if (before === 0 || before === PROMPT_UNSCORED) promptsSeen.set(slot, PROMPT_MISSED)
          return undefined
        }
        case 'completion':
          completed = true
          return undefined
        case 'digest':
          digested = true
          return undefined
        case 'eval': {
          if (typeof entry.probe !== 'string' || typeof entry.detector !== 'string') return `${where(line.line)}: an eval entry needs probe and detector`
          const passed = countField(entry, 'passed', '')
          const evaluated = countField(entry, 'total_evaluated', '') ?? countField(entry, 'total', '')
          if (passed === undefined || evaluated === undefined)
            return `${where(line.line)}: the eval of ${entry.probe} by ${entry.detector} has passed ${describeValue(entry.passed)} and total ${describeValue(entry.total_evaluated ?? entry.total)}; both must be counts`
          const fails = countField(entry, 'fails', '') ?? evaluated - passed
          if (passed + fails > evaluated) return `${where(line.line)}: the eval of ${entry.probe} counts ${passed} passed and ${fails} failed of ${evaluated}`
          const tally = probeOf(entry.probe)
          const pair = pairOf(tally, entry.detector)
          pair.evaluated = (pair.evaluated ?? 0) + evaluated
          pair.fails = (pair.fails ?? 0) + fails
          pair.evalLines.push(line.line)
          tally.line ??= line.line
          evalEntries++
          evaluations += evaluated
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
    if (evalEntries === 0) {
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

    const notes = [
      `an attempt is one prompt of a probe (its attempt entry with status 2), whatever its generations and detectors; it is a successful attack when any detector scored any of its outputs at or above ${threshold} (garak's eval_threshold${thresholdRecorded ? ', as the run recorded it' : ', its default: the run records none'})`
    ]
    if (aggregated)
      notes.push('an aggregated report (garak.analyze.aggregate_reports): the runs it assembles are added up, a prompt attempted in several runs counted once')
    const list: RedTeamCategory[] = []
    for (const [name, tally] of probes) {
      const pairs = [...tally.pairs]
      for (const [detector, pair] of pairs)
        if (pair.evalLines.length > 1)
          notes.push(
            `${name}/${detector} was evaluated in ${pair.evalLines.length} eval entries (lines ${pair.evalLines.join(', ')}); their counts are added up`
          )
      if (tally.unscored) notes.push(`${name}: ${tally.unscored} of its attempt entries have no score from any detector and are not counted`)
      const failedOutputs = pairs.reduce((sum, [, pair]) => sum + (pair.fails ?? 0), 0)
      if (tally.prompts === 0) {
        // Only eval entries: the prompts behind the outputs cannot be seen, only bounded.
        const mostOutputs = Math.max(...pairs.map(([, pair]) => pair.evaluated ?? 0))
        if (mostOutputs === 0) {
          // Attempted, never judged: the category stands with its unjudged prompts, so a policy sees them.
          if (tally.unjudgedPrompts)
            list.push({ name, attempts: 0, successfulAttacks: 0, unjudged: tally.unjudgedPrompts, ...(tally.line !== undefined ? { line: tally.line } : {}) })
          continue
        }
        if (generations === undefined)
          return failure(
            `${file} line ${tally.line}: the eval entries of ${name} count ${mostOutputs} outputs, but the report holds no attempt of the probe and its setup records no run.generations, so how many prompts were tried cannot be known; link the full report.jsonl garak wrote`,
            tally.line
          )
        const attempts = Math.ceil(mostOutputs / generations)
        const successfulAttacks = Math.min(attempts, failedOutputs)
        notes.push(
          `${name}: no attempt entry in the file; ${mostOutputs} outputs at ${generations} generations a prompt are counted as at least ${attempts} prompts, and each of its ${failedOutputs} failed outputs as a successful prompt`
        )
        list.push({ name, attempts, successfulAttacks, ...(tally.line !== undefined ? { line: tally.line } : {}) })
        continue
      }
      const attempts = tally.prompts
      let successfulAttacks = tally.hitPrompts
      const disagree = pairs.filter(([, pair]) => pair.evaluated !== undefined && (pair.evaluated !== pair.scored || pair.fails !== pair.hits))
      if (disagree.length) {
        successfulAttacks = Math.max(successfulAttacks, Math.min(attempts, failedOutputs))
        for (const [detector, pair] of disagree)
          notes.push(
            `${name}/${detector}: the attempts hold ${pair.scored} scored outputs (${pair.hits} at or above ${threshold}) but the eval entries count ${pair.evaluated} (${pair.fails} failed); the unfavourable reading is taken: ${successfulAttacks} of ${attempts} prompts successful`
          )
      }
      list.push({
        name,
        attempts,
        successfulAttacks,
        ...(tally.unjudgedPrompts ? { unjudged: tally.unjudgedPrompts } : {}),
        ...(tally.line !== undefined ? { line: tally.line } : {})
      })
    }
    if (dropped.dropped) notes.push(`${dropped.dropped} more successful attacks are not listed`)
    const attempts = list.reduce((sum, category) => sum + category.attempts, 0)
    const successfulAttacks = list.reduce((sum, category) => sum + category.successfulAttacks, 0)
    if (attempts < evaluations)
      notes.push(
        `${attempts} prompts in all; garak's own eval entries count ${evaluations} evaluations (each generation × detector), which are not independent trials`
      )
    const evidence: RedTeamEvidence = compact({
      kind: 'red-team',
      format: 'garak-report',
      tool: 'garak',
      ...(started && isoTimestamp(started) ? { timestamp: started } : {}),
      attempts,
      successfulAttacks,
      ...(attempts > 0 ? { attackSuccessRate: successfulAttacks / attempts } : {}),
      categories: list,
      ...(cases.length ? { cases } : {}),
      ...(models.length ? { models } : {}),
      notes
    })
    return { ok: true, evidence }
  }
}

export const garakParsers: EvidenceParser[] = [garakReportParser]
