// promptfoo output → evaluation and red-team evidence: `promptfoo eval -o results.json` (results
// version 3), its JSON Lines form (`-o results.jsonl`, one row a line), and the red-team output
// (the same JSON, whose rows carry metadata.pluginId / strategyId).
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - A row is one test × prompt × provider. It passed when `success` is true; it errored when
//   `failureReason` is 2 (the provider or an assertion threw); otherwise it failed. Counts are taken
//   from the rows and compared with `results.stats` (a mismatch is noted, the rows win).
// - Red team: a FAILED row is a SUCCESSFUL attack. Attack success rate = failed / (passed + failed),
//   per plugin (category) and per strategy (no strategyId = basic); errored rows are no attempt.
// - Tokens: `stats.tokenUsage` (the target's calls; the grader's are in `.assertions`, kept apart).
//   Cost: the sum of the rows' `cost` (promptfoo keeps no total).
import type {
  EvaluationCase,
  EvaluationEvidence,
  EvaluationMetric,
  EvaluationSegment,
  EvidenceParser,
  EvidenceSource,
  ParseFailure,
  ParseResult,
  RedTeamCategory,
  RedTeamEvidence,
  UsageFigures
} from '../types.js'
import { jsonSyntaxFailure, type JsonRecord } from '../parsing/load-common.js'
import {
  addUsage,
  arrayElementLines,
  CaseMetrics,
  caseAttributes,
  compact,
  countField,
  finite,
  firstLine,
  isRecord,
  type JsonArrayElements,
  MAX_SEGMENT_VALUES,
  pushCase,
  readJsonLines,
  roundUsd,
  SegmentTally,
  splitJsonArray,
  type SplitLayout,
  UnsplitJson
} from '../parsing/llm-common.js'
import { readEvidenceText } from '../parsing/read-evidence.js'
import { DistinctValues } from '../parsing/distinct-values.js'
import { isLowerBetter } from './evaluation.js'
import { describeValue, failure, FieldProblem } from '../parsing/failure.js'
import { isoTimestamp } from '../parsing/timestamp.js'

const KNOWN_VERSIONS = new Set([3])

const looksLikeOutput = (head: string): boolean => /^\s*\{\s*"evalId"\s*:\s*"/.test(head) && /"results"\s*:\s*\{/.test(head)
const isRedTeamHead = (head: string): boolean => /"pluginId"\s*:\s*"/.test(head)
/** The first line of a promptfoo JSONL output is a result row: it has the row keys promptfoo always writes. */
function isJsonlRow(head: string): boolean {
  const first = head.split('\n', 1)[0] ?? ''
  return (
    /^\s*\{/.test(first) &&
    /"promptIdx"\s*:/.test(first) &&
    /"testIdx"\s*:/.test(first) &&
    /"gradingResult"\s*:/.test(first) &&
    /"failureReason"\s*:/.test(first)
  )
}

interface Row {
  status: 'passed' | 'failed' | 'error'
  name: string
  line?: number
  reason?: string
  plugin?: string
  strategy?: string
  cost?: number
  provider?: string
  namedScores: Record<string, number>
  /** The named scores written as null (promptfoo's JSON of a NaN score), undefined when none: missing values of those metrics. */
  nullScores: string[] | undefined
  usage?: UsageFigures
  /** The test's metadata values that name a segment (`category: malformed`): scalars only, promptfoo's own `_` keys left out. */
  tags: [string, string][]
  /** The test's scalar vars, as `vars.<name>` (a grouping when several tests share a value: see VarGroupings). */
  vars: [string, string][]
  testIdx?: number
  /** The row's recorded test case (promptfoo merges defaultTest into it): which named metrics it asserts, should the row error. */
  testCase?: JsonRecord
  /**
   * The test case the row runs (its testCase, else its vars), on its prompt and provider: promptfoo
   * `--repeat N` writes each repeat as a row of its own (a new testIdx, the same testCase), and
   * identical tests are one case too. Keyed in RowTally, not here: the row only points to it.
   */
  caseParts?: readonly [provider: string, promptIdx: number, asked: JsonRecord]
}

/** A var with more distinct values than this is no grouping of the cases. */
const MAX_VAR_GROUPS = 20

/**
 * One result row, checked; `where` names it in messages, written only when needed: a number made a
 * string for every row of a big file fills V8's number-string cache, whose entries survive young
 * collections and grew the young generation to its largest (docs/performance.md, round six).
 */
function readRow(value: unknown, where: () => string, line: number | undefined): Row {
  if (!isRecord(value)) throw new FieldProblem(`${where()} is ${describeValue(value)}, not a result row`, line)
  const success = value.success
  if (typeof success !== 'boolean') throw new FieldProblem(`${where()} has success ${describeValue(success)}, not true or false`, line)
  const grading = isRecord(value.gradingResult) ? value.gradingResult : undefined
  const reasonCode = value.failureReason
  const errored = !success && (reasonCode === 2 || (reasonCode === undefined && typeof value.error === 'string' && !grading))
  const testCase = isRecord(value.testCase) ? value.testCase : undefined
  // The test's metadata with the row's over it (one copy only when both have some).
  const caseMetadata = testCase && isRecord(testCase.metadata) ? testCase.metadata : undefined
  const rowMetadata = isRecord(value.metadata) ? value.metadata : undefined
  const metadata = caseMetadata && rowMetadata ? { ...caseMetadata, ...rowMetadata } : (rowMetadata ?? caseMetadata)
  const providerRecord = isRecord(value.provider) ? value.provider : undefined
  const provider = !providerRecord
    ? undefined
    : typeof providerRecord.label === 'string' && providerRecord.label !== ''
      ? providerRecord.label
      : typeof providerRecord.id === 'string'
        ? providerRecord.id
        : undefined
  const description = testCase && typeof testCase.description === 'string' ? testCase.description.trim() : ''
  const testIdx = typeof value.testIdx === 'number' ? value.testIdx : undefined
  const vars = isRecord(value.vars) ? value.vars : undefined
  const asked = testCase ?? vars
  const promptIdx = typeof value.promptIdx === 'number' ? value.promptIdx : 0
  const namedScores: Record<string, number> = {}
  // A NaN score is written as null: a missing value, never dropped unseen (a mean over the rest would pass on
  // fewer cases than it says). The list is made only for a row that has one. promptfoo writes no other kind.
  let nullScores: string[] | undefined
  // promptfoo writes an object on every row ({} when nothing is named): anything else is not its output,
  // and read as "no scores" a row that did not error would drop out of its metrics' means unseen.
  if (value.namedScores !== undefined && !isRecord(value.namedScores))
    throw new FieldProblem(`${where()} has namedScores ${describeValue(value.namedScores)}, not an object of scores by name`, line)
  if (isRecord(value.namedScores))
    for (const [key, score] of Object.entries(value.namedScores)) {
      if (typeof score === 'number' && Number.isFinite(score)) namedScores[key] = score
      else if (score === null || typeof score === 'number') (nullScores ??= []).push(key)
      else throw new FieldProblem(`${where()} has named score "${key}" ${describeValue(score)}, not a number (or null, promptfoo's NaN)`, line)
    }
  const cost = value.cost === undefined || value.cost === null ? undefined : finite(value.cost)
  if (value.cost !== undefined && value.cost !== null && cost === undefined)
    throw new FieldProblem(`${where()} has cost ${describeValue(value.cost)}, not a number`, line)
  const tokenUsage =
    isRecord(value.response) && isRecord(value.response.tokenUsage) ? value.response.tokenUsage : isRecord(value.tokenUsage) ? value.tokenUsage : undefined
  // Every field set, absent ones undefined: one shape for every row.
  return {
    status: success ? 'passed' : errored ? 'error' : 'failed',
    name: description !== '' ? description : nameOf(vars, testIdx, where),
    line,
    reason: success ? undefined : firstLine(value.error) || firstLine(grading?.reason) || undefined,
    plugin: metadata && typeof metadata.pluginId === 'string' ? metadata.pluginId : undefined,
    strategy: metadata && typeof metadata.strategyId === 'string' ? metadata.strategyId : undefined,
    cost,
    provider: provider || undefined,
    namedScores,
    nullScores,
    usage: tokenUsage ? tokenFigures(tokenUsage) : undefined,
    tags: metadata ? caseAttributes(metadata) : [],
    vars: vars ? caseAttributes(vars, 'vars.').filter(([, text]) => text.length <= 100 && !text.includes('\n')) : [],
    testIdx,
    testCase,
    caseParts: asked ? ([provider ?? '', promptIdx, asked] as const) : undefined
  }
}

/**
 * The named metrics a test case is scored on: every assertion's `metric`, assert-sets' members
 * included (promptfoo writes defaultTest's assertions into each test case's `assert`).
 */
function assertedMetrics(testCase: JsonRecord): string[] {
  const names: string[] = []
  const visit = (assertions: unknown): void => {
    if (!Array.isArray(assertions)) return
    for (const assertion of assertions) {
      if (!isRecord(assertion)) continue
      if (typeof assertion.metric === 'string' && assertion.metric !== '' && !names.includes(assertion.metric)) names.push(assertion.metric)
      visit(assertion.assert)
    }
  }
  visit(testCase.assert)
  return names
}

/** A row without a description is named by its first string var's first line, else by its test index, else by where it is. */
function nameOf(vars: JsonRecord | undefined, testIdx: number | undefined, where: () => string): string {
  const firstVar = vars && Object.values(vars).find((value): value is string => typeof value === 'string')
  return firstVar ? firstLine(firstVar)! : testIdx !== undefined ? `test ${testIdx}` : where()
}

/** promptfoo's tokenUsage object → usage figures (prompt = input, completion = output), only those it has. */
function tokenFigures(usage: JsonRecord): UsageFigures {
  const figures: UsageFigures = {}
  const requests = finite(usage.numRequests)
  if (requests !== undefined) figures.requests = requests
  const inputTokens = finite(usage.prompt)
  if (inputTokens !== undefined) figures.inputTokens = inputTokens
  const outputTokens = finite(usage.completion)
  if (outputTokens !== undefined) figures.outputTokens = outputTokens
  const tokens = finite(usage.total)
  if (tokens !== undefined) figures.tokens = tokens
  return figures
}

const COUNTS = { passed: 'passed', failed: 'failed', error: 'errors' } as const
/** Which status of a repeated case's rows stands: the worse, as each kind of run reads worse. */
const EVAL_RANK = { passed: 0, error: 1, failed: 2 } as const
const RED_TEAM_RANK = { error: 0, passed: 1, failed: 2 } as const
/** A status as a case's state in its DistinctValues table (0 is a case not seen), and back. */
const STATE_OF = { passed: 1, error: 2, failed: 3 } as const
const STATUS_OF: readonly (Row['status'] | undefined)[] = [undefined, 'passed', 'error', 'failed']
/** Added to a case's state once one of its rows had named scores: the case is a sample of those metrics. */
const SCORED = 4
/** Added to a case's state while it counts as missing a value of its test case's named metrics (its rows errored). */
const MISSING = 8
/** Added to a case's state while RowTally.nullMissing lists named metrics it counts as missing (NaN scores, or leftovers of MISSING). */
const NULLS = 16
/** No metric names: shared, so the rows without a missing value allocate no list. */
const NONE: readonly string[] = []

/** Both lists' names, each once (the second's not in the first appended). */
const union = (first: readonly string[], second: readonly string[]): readonly string[] =>
  first.length === 0 ? second : second.length === 0 ? first : [...first, ...second.filter((name) => !first.includes(name))]

/** What the rows add up to, whichever file form they came from. */
class RowTally {
  passed = 0
  failed = 0
  errors = 0
  readonly cases: EvaluationCase[] = []
  readonly dropped = { dropped: 0 }
  readonly metrics = new CaseMetrics()
  readonly rowUsage: UsageFigures = {}
  readonly providers = new Set<string>()
  /** Rows that name no provider: see UsageFigures.unnamedModelRecords. */
  unnamedRows = 0
  costRows = 0
  cost = 0
  readonly plugins = new Map<string, RedTeamCategory>()
  readonly strategies = new Map<string, RedTeamCategory>()
  unattributed = 0
  /** Per metadata key or var, per value: the cases' verdicts and score means. */
  readonly segments = new SegmentTally()
  /**
   * Per var, per value: the first test with it and whether another test shares it. A var is a
   * grouping (vars.plan: free) only when it has 2 to MAX_VAR_GROUPS values, each one line of at most
   * 100 characters shared by two tests or more; the question each test asks, or a constant, is not.
   */
  readonly varValues = new Map<string, Map<string, { test?: number; shared: boolean }>>()
  private readonly ungroupedVars = new Set<string>()
  /** Each test case's status so far (STATE_OF, the worst of its rows), plus SCORED: a key per case, not the case. */
  private readonly caseStatus = new DistinctValues()
  /** Rows that repeat a test case already counted. */
  repeats = 0
  /**
   * Cases whose first row errored without a recorded test case: which named metrics they would have
   * had is unknown, so once the run's metrics are known each counts as missing all of them, unless a
   * repeat of it was scored (see settleErrored).
   */
  private readonly unknownErrored: { slot: number | undefined; attributes: [string, string][]; nulls: readonly string[] | undefined }[] = []
  /** Per case (its slot, flagged NULLS): the named metrics it counts as missing besides its test case's when MISSING. */
  private readonly nullMissing = new Map<number, readonly string[]>()
  /** The rows' named scores written as null, repeats included: for a note. */
  nullScores = 0
  /** Each metric name's direction (see lowerIsBetter). */
  private readonly directions = new Map<string, boolean>()
  /** The rows' own verdicts, repeats included: what promptfoo's results.stats counts. */
  readonly rows = { passed: 0, failed: 0, errors: 0 }

  add(row: Row, redTeam: boolean): void {
    // Every row is a real call: its tokens and cost count, repeated or not.
    if (row.provider) this.providers.add(row.provider)
    else this.unnamedRows++
    if (row.cost !== undefined) {
      this.costRows++
      this.cost += row.cost
    }
    if (row.usage) addUsage(this.rowUsage, row.usage)
    this.rows[COUNTS[row.status]]++
    const slot = row.caseParts && this.caseStatus.find(row.caseParts)
    const state = slot === undefined ? 0 : this.caseStatus.state(slot)
    if (state !== 0) {
      this.addRepeat(row, state, slot!, redTeam)
      return
    }
    const scored = !redTeam && Object.keys(row.namedScores).length > 0
    // A row that errored has no scores, but its case is no less one of the run's: it counts as missing a
    // value of each named metric its test case asserts, so a mean over the cases that did not error says
    // how many it leaves out (promptfoo's own means leave them out silently).
    const missing = !redTeam && row.status === 'error' && !scored
    // A named score written as null (NaN) is a missing value of that metric for the case, as an error is.
    const nulls = !redTeam && row.nullScores !== undefined
    if (slot !== undefined) this.caseStatus.set(slot, STATE_OF[row.status] + (scored ? SCORED : 0) + (missing ? MISSING : 0) + (nulls ? NULLS : 0))
    this[COUNTS[row.status]]++
    if (!redTeam) {
      for (const [name, value] of Object.entries(row.namedScores)) this.metrics.add(name, value, { lowerIsBetter: this.lowerIsBetter(name) })
      // Out of line: add() is the hot path, and grown by this it cost about 2% more instructions on a 5,000-row file (Node 24).
      const lacking = missing || nulls ? this.addFirstMissing(row, slot, missing) : NONE
      if (row.status !== 'passed') pushCase(this.cases, () => ({ ...caseOf(row), attributes: Object.fromEntries([...row.tags, ...row.vars]) }), this.dropped)
      const attributes = this.addSegments(row, lacking)
      if (missing && !row.testCase) this.unknownErrored.push({ slot, attributes, nulls: row.nullScores })
      return
    }
    // An attack that errored was not judged: no attempt, but counted as unjudged until a repeat is graded.
    if (row.status === 'error') return this.countAttempt(row, 0, 0, 0, 1)
    if (!row.plugin) this.unattributed++
    this.countAttempt(row, 1, row.status === 'failed' ? 1 : 0)
  }

  /**
   * Counts a case's first row as missing a value of each named metric its test case asserts (`missing`: it
   * errored) and of each it scored null; the metrics, for its segments.
   */
  private addFirstMissing(row: Row, slot: number | undefined, missing: boolean): readonly string[] {
    const nulls = row.nullScores
    if (nulls) {
      this.nullScores += nulls.length
      if (slot !== undefined) this.nullMissing.set(slot, nulls)
    }
    const asserted = missing && row.testCase ? assertedMetrics(row.testCase) : NONE
    const lacking = nulls ? union(asserted, nulls) : asserted
    for (const name of lacking) this.metrics.add(name, null, { lowerIsBetter: this.lowerIsBetter(name) })
    return lacking
  }

  /**
   * A row that repeats a counted test case: the case stays one sample, and takes the worse status
   * (eval: failed over errored over passed; red team: a successful attack over a resisted one over
   * an error, which is no attempt). Its named scores join the means, the run's and its segments', as
   * every row's do: a case whose repeats score worse cannot pass on its first. The first row with
   * scores (the earlier ones errored) makes the case a sample of those metrics.
   */
  private addRepeat(row: Row, state: number, slot: number, redTeam: boolean): void {
    this.repeats++
    const known = STATUS_OF[state & 3]!
    let scored = (state & SCORED) !== 0
    let missing = (state & MISSING) !== 0
    let nulls = (state & NULLS) !== 0
    if (row.nullScores && !redTeam) this.nullScores += row.nullScores.length
    const hasScores = !redTeam && Object.keys(row.namedScores).length > 0
    // A repeat's null counts only while the case has no scores: a case scored by another row has a value.
    const freshNulls = !redTeam && !scored ? row.nullScores : undefined
    if (redTeam) this.countAttempt(row, 0, 0, 1)
    else if (hasScores || freshNulls) {
      // The metrics the case counts as missing (its earlier rows errored, or scored them NaN): a score takes their place.
      const lacking = union(missing && row.testCase ? assertedMetrics(row.testCase) : NONE, nulls ? this.nullMissing.get(slot)! : NONE)
      const attributes = this.segmentAttributes(row)
      if (hasScores) {
        const firstScores = !scored
        for (const [name, value] of Object.entries(row.namedScores))
          if (lacking.includes(name)) this.metrics.fill(name, value)
          else if (!firstScores) this.metrics.addRepeat(name, value)
          else this.metrics.add(name, value, { lowerIsBetter: this.lowerIsBetter(name) })
        this.segments.addScores(attributes, this.segmentScores(row), lacking, !firstScores)
      }
      let still = hasScores && lacking.length ? lacking.filter((name) => !Object.hasOwn(row.namedScores, name)) : lacking
      const fresh = freshNulls ? freshNulls.filter((name) => !lacking.includes(name)) : NONE
      if (fresh.length) {
        for (const name of fresh) this.metrics.add(name, null, { lowerIsBetter: this.lowerIsBetter(name) })
        this.segments.addMissing(attributes, fresh, (name) => this.lowerIsBetter(name))
        still = [...still, ...fresh]
      }
      if (hasScores) {
        scored = true
        missing = false
      }
      // What the case still lacks is kept by name once MISSING no longer says it.
      if (still.length && (nulls || fresh.length || hasScores)) this.nullMissing.set(slot, still)
      else if (nulls) this.nullMissing.delete(slot)
      nulls = this.nullMissing.has(slot)
    }
    const rank = redTeam ? RED_TEAM_RANK : EVAL_RANK
    const status = rank[row.status] > rank[known] ? row.status : known
    this.caseStatus.set(slot, STATE_OF[status] + (scored ? SCORED : 0) + (missing ? MISSING : 0) + (nulls ? NULLS : 0))
    if (status === known) return
    this[COUNTS[known]]--
    this[COUNTS[row.status]]++
    if (!redTeam) {
      if (known === 'passed') pushCase(this.cases, () => ({ ...caseOf(row), attributes: Object.fromEntries([...row.tags, ...row.vars]) }), this.dropped)
      this.segments.restate([...row.tags, ...row.vars], known, row.status)
      return
    }
    if (known === 'error' && !row.plugin) this.unattributed++
    this.countAttempt(row, known === 'error' ? 1 : 0, row.status === 'failed' ? 1 : 0, 0, known === 'error' ? -1 : 0)
  }

  /**
   * Adds `attempts`, `attacks` (0 or 1), `repeated` rows and `unjudged` attacks (1 for a case that errored,
   * -1 when a repeat of it is graded) to the row's plugin, strategy and plugin × strategy cell; lists a
   * successful attack.
   */
  private countAttempt(row: Row, attempts: number, attacks: number, repeated = 0, unjudged = 0): void {
    const plugin = row.plugin ?? '(no pluginId)'
    const strategy = row.strategy ?? 'basic'
    for (const [map, name] of [
      [this.plugins, plugin],
      [this.strategies, strategy]
    ] as const) {
      const category = map.get(name) ?? { name, attempts: 0, successfulAttacks: 0, ...(row.line !== undefined ? { line: row.line } : {}) }
      category.attempts += attempts
      category.successfulAttacks += attacks
      if (repeated) category.repeatedRows = (category.repeatedRows ?? 0) + repeated
      if (unjudged) category.unjudged = (category.unjudged ?? 0) + unjudged
      map.set(name, category)
    }
    const byStrategy = (this.plugins.get(plugin)!.byStrategy ??= [])
    let cell = byStrategy.find((entry) => entry.name === strategy)
    if (!cell) byStrategy.push((cell = { name: strategy, attempts: 0, successfulAttacks: 0 }))
    cell.attempts += attempts
    cell.successfulAttacks += attacks
    if (repeated) cell.repeatedRows = (cell.repeatedRows ?? 0) + repeated
    if (unjudged) cell.unjudged = (cell.unjudged ?? 0) + unjudged
    if (attacks) pushCase(this.cases, () => ({ ...caseOf(row), name: `${plugin} via ${strategy}: ${row.name}` }), this.dropped)
  }

  get tests(): number {
    return this.passed + this.failed + this.errors
  }

  /** The attributes a repeat of a counted case adds to: the segments its first row joined (vars that are no grouping left out). */
  private segmentAttributes(row: Row): [string, string][] {
    return [...row.tags, ...row.vars.filter(([key]) => !this.ungroupedVars.has(key))]
  }

  /**
   * Counts each case that errored without a recorded test case (see unknownErrored) as missing every
   * named metric of the run, unless a repeat of it was scored; the count, for a note. Call once, when
   * every row is added.
   */
  settleErrored(): number {
    let settled = 0
    const names = this.metrics.names()
    for (const { slot, attributes, nulls } of this.unknownErrored) {
      if (slot !== undefined && (this.caseStatus.state(slot) & MISSING) === 0) continue
      settled++
      // Less the metrics it already counts as missing (scored NaN).
      const counted = slot !== undefined ? this.nullMissing.get(slot) : nulls
      const lacking = counted ? names.filter((name) => !counted.includes(name)) : names
      for (const name of lacking) this.metrics.add(name, null, { lowerIsBetter: this.lowerIsBetter(name) })
      this.segments.addMissing(attributes, lacking, (name) => this.lowerIsBetter(name))
    }
    this.unknownErrored.length = 0
    return settled
  }

  /** Adds the row's case to its segments (`missing`: the named metrics it has no value of); the attributes it was added under. */
  private addSegments(row: Row, missing: readonly string[]): [string, string][] {
    const vars = row.vars.filter(([key, value]) => {
      if (this.ungroupedVars.has(key)) return false
      let values = this.varValues.get(key)
      if (!values) this.varValues.set(key, (values = new Map<string, { test?: number; shared: boolean }>()))
      const seen = values.get(value)
      if (!seen) values.set(value, { ...(row.testIdx !== undefined ? { test: row.testIdx } : {}), shared: false })
      else if (seen.test !== row.testIdx) seen.shared = true
      if (values.size <= MAX_VAR_GROUPS) return true
      this.ungroupedVars.add(key)
      this.varValues.delete(key)
      this.segments.drop(key)
      return false
    })
    const attributes = [...row.tags, ...vars]
    const scores: Record<string, { value: number | null; lowerIsBetter: boolean }> = this.segmentScores(row)
    for (const name of missing) scores[name] ??= { value: null, lowerIsBetter: this.lowerIsBetter(name) }
    this.segments.add(attributes, row.status, scores, row.line)
    return attributes
  }

  /** A row's named scores, each with its direction, as a segment adds them. */
  private segmentScores(row: Row): Record<string, { value: number; lowerIsBetter: boolean }> {
    return Object.fromEntries(Object.entries(row.namedScores).map(([name, value]) => [name, { value, lowerIsBetter: this.lowerIsBetter(name) }]))
  }

  /** isLowerBetter of a metric name, worked out once per name: every row of a run names the same few metrics. */
  private lowerIsBetter(name: string): boolean {
    let lower = this.directions.get(name)
    if (lower === undefined) this.directions.set(name, (lower = isLowerBetter(name)))
    return lower
  }

  /** The segments, with the vars that are no grouping dropped; the failing cases keep only the attributes that segment. */
  finish(): { segments: EvaluationSegment[]; idLikeKeys: string[] } {
    for (const [key, values] of this.varValues) if (values.size < 2 || ![...values.values()].every((seen) => seen.shared)) this.segments.drop(key)
    const kept = new Set(this.segments.keys())
    for (const entry of this.cases) {
      const attributes = Object.entries(entry.attributes ?? {}).filter(([key]) => kept.has(key))
      if (attributes.length) entry.attributes = Object.fromEntries(attributes)
      else delete entry.attributes
    }
    return { segments: this.segments.list(), idLikeKeys: [...this.segments.idLikeKeys].filter((key) => !key.startsWith('vars.')) }
  }
}

function caseOf(row: Row): EvaluationCase {
  return { name: row.name, ...(row.line !== undefined ? { line: row.line } : {}), status: row.status, ...(row.reason ? { reason: row.reason } : {}) }
}

// ─── the JSON output (eval and red team) ────────────────────────────────────────────────────────

/** How the rows are found, in turn: as promptfoo indents them, else by a scan of the text (splitJsonArray). */
let SPLIT_LAYOUTS: readonly SplitLayout[] = ['indented', 'scanned']

/** For the tests that hold every way of reading the output to the same results: only these layouts, or none (one JSON.parse). */
export function splitLayoutsForTests(layouts: readonly SplitLayout[]): void {
  SPLIT_LAYOUTS = layouts
}

interface ReadOutput {
  tally: RowTally
  timestamp?: string
  usage: UsageFigures
  notes: string[]
}

async function readOutput(source: EvidenceSource, redTeam: boolean): Promise<{ ok: true; output: ReadOutput } | ParseFailure> {
  const what = redTeam ? 'a promptfoo red-team output' : 'a promptfoo eval output'
  const read = await readEvidenceText(source)
  if (!read.ok) return read
  const { text } = read
  if (text.trim() === '') return failure(`"${source.relPath}" is empty, not ${what}`)
  // The rows one at a time when the text splits cleanly (most of a 1 MB output is rows), else one JSON.parse.
  for (const layout of SPLIT_LAYOUTS) {
    const split = splitJsonArray(text, ['results', 'results'], layout)
    if (!split) continue
    try {
      const output = tallyOutput(source, what, split.document, split.elements, redTeam)
      // A failure found before the last row is reported only once the rest is known to be JSON.
      if (!output.ok) split.parseRest()
      return output
    } catch (error) {
      if (!(error instanceof UnsplitJson)) throw error
    }
  }
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch (error) {
    return jsonSyntaxFailure(text, (error as Error).message, `"${source.relPath}" is not valid JSON, so it cannot be read as ${what}`)
  }
  const rows = isRecord(root) && isRecord(root.results) ? root.results.results : undefined
  const elements = Array.isArray(rows)
    ? { length: rows.length, lines: arrayElementLines(text, ['results', 'results']) ?? [], at: (index: number) => rows[index] as unknown }
    : undefined
  return tallyOutput(source, what, root, elements, redTeam)
}

/** The output's rows (`elements`: results.results, read whichever way) and run figures added up. */
function tallyOutput(
  source: EvidenceSource,
  what: string,
  root: unknown,
  elements: JsonArrayElements | undefined,
  redTeam: boolean
): { ok: true; output: ReadOutput } | ParseFailure {
  const file = `"${source.relPath}"`
  try {
    if (!isRecord(root) || !isRecord(root.results)) return failure(`${file} has no "results" object, so it is not ${what} (promptfoo eval -o results.json)`, 1)
    const results = root.results
    if (!KNOWN_VERSIONS.has(results.version as number)) {
      return failure(
        `${file} is promptfoo results version ${describeValue(results.version)}; the gate reads version 3 (promptfoo 0.60 and later). Re-export it with a current promptfoo`,
        1
      )
    }
    if (!elements) return failure(`${file}: results.results is ${describeValue(results.results)}, not the list of result rows`, 1)
    const tally = new RowTally()
    for (let index = 0; index < elements.length; index++)
      tally.add(
        readRow(elements.at(index), () => `results.results[${index}]`, elements.lines[index]),
        redTeam
      )
    const notes: string[] = []
    const stats = isRecord(results.stats) ? results.stats : undefined
    if (stats) {
      const stated = {
        passed: countField(stats, 'successes', 'results.stats'),
        failed: countField(stats, 'failures', 'results.stats'),
        errors: countField(stats, 'errors', 'results.stats')
      }
      const differs = (['passed', 'failed', 'errors'] as const).filter((key) => stated[key] !== undefined && stated[key] !== tally.rows[key])
      if (differs.length)
        notes.push(
          `results.stats says ${differs.map((key) => `${key} ${stated[key]}`).join(', ')}, but the rows say ${differs.map((key) => `${key} ${tally.rows[key]}`).join(', ')}; the rows are counted`
        )
    }
    const tokenUsage = stats && isRecord(stats.tokenUsage) ? stats.tokenUsage : undefined
    const usage: UsageFigures = tokenUsage ? tokenFigures(tokenUsage) : { ...tally.rowUsage }
    const graderTokens = tokenUsage && isRecord(tokenUsage.assertions) ? finite(tokenUsage.assertions.total) : undefined
    if (graderTokens !== undefined && graderTokens > 0) {
      notes.push(`the grader used ${graderTokens} more tokens (stats.tokenUsage.assertions), not counted as the system's usage`)
    }
    const cachedTokens = tokenUsage ? finite(tokenUsage.cached) : undefined
    if (cachedTokens !== undefined && cachedTokens > 0) notes.push(`${cachedTokens} of the tokens were served from promptfoo's cache`)
    const timestamp = typeof results.timestamp === 'string' ? isoTimestamp(results.timestamp) : undefined
    return { ok: true, output: { tally, ...(timestamp ? { timestamp } : {}), usage, notes } }
  } catch (error) {
    if (error instanceof FieldProblem) return failure(`${file}: ${error.message}`, error.line)
    throw error
  }
}

/** What a run whose rows repeat test cases is counted as: distinct cases, each once. */
function repeatNote(tally: RowTally, redTeam: boolean): string | undefined {
  if (!tally.repeats) return undefined
  const rows = tally.tests + tally.repeats
  const each = redTeam
    ? 'a successful attack if any of its rows was, an attempt if any was graded'
    : 'failed if any of its rows failed; its named scores averaged over them'
  return `${rows} rows are ${tally.tests} distinct test cases (promptfoo --repeat, or identical tests): repeats of a case are not independent samples, so each case counts once (${each})`
}

/** The usage, with the rows' cost only when every row records one: a row without counts as unknown, not as free. */
function withCost(usage: UsageFigures, tally: RowTally, notes: string[]): UsageFigures {
  const rows = tally.rows.passed + tally.rows.failed + tally.rows.errors
  const costed = tally.costRows > 0 && tally.costRows === rows
  if (tally.costRows > 0 && !costed)
    notes.push(`${rows - tally.costRows} of ${rows} rows record no cost, so the run's cost is not the sum of the others: its tokens are priced instead`)
  return compact({
    ...usage,
    ...(costed ? { costUsd: roundUsd(tally.cost) } : {}),
    ...(tally.providers.size ? { models: [...tally.providers] } : {}),
    ...(tally.providers.size && tally.unnamedRows ? { unnamedModelRecords: tally.unnamedRows } : {})
  })
}

function evaluationFrom(source: EvidenceSource, format: string, output: ReadOutput): ParseResult<EvaluationEvidence> {
  const { tally, notes } = output
  if (tally.tests === 0) return failure(`"${source.relPath}" is a promptfoo eval with zero result rows: nothing was tested`, 1)
  const unknown = tally.settleErrored()
  const named = tally.metrics.names()
  if (unknown && named.length)
    notes.push(
      `${unknown} errored ${unknown === 1 ? 'case records' : 'cases record'} no test case, so the named scores ${unknown === 1 ? 'it' : 'they'} would have had are unknown: each counts as missing a value of every named score of the run (${named.join(', ')})`
    )
  const empty = tally.metrics.empty()
  if (empty.length)
    notes.push(
      `no case has a value for ${empty.join(', ')}: every case asserting ${empty.length === 1 ? 'it' : 'them'} errored or scored ${empty.length === 1 ? 'it' : 'them'} NaN`
    )
  if (tally.nullScores)
    notes.push(
      `${tally.nullScores} named ${tally.nullScores === 1 ? 'score was' : 'scores were'} NaN (null) and ${tally.nullScores === 1 ? 'is' : 'are'} counted as missing values${tally.repeats ? ' (a case has a value when any of its rows scored it)' : ''}`
    )
  const metrics: EvaluationMetric[] = [
    {
      name: 'pass rate',
      type: 'pass-rate',
      value: tally.passed / tally.tests,
      lowerIsBetter: false,
      samples: tally.tests,
      missing: 0,
      ...(tally.repeats ? { rows: tally.tests + tally.repeats } : {})
    },
    ...tally.metrics.metrics()
  ]
  const repeated = repeatNote(tally, false)
  if (repeated) notes.push(repeated)
  if (tally.dropped.dropped) notes.push(`${tally.dropped.dropped} more failing rows are not listed`)
  if (tally.errors)
    notes.push(
      `${tally.errors} of ${tally.tests} rows errored (the provider or an assertion threw): they count as neither passed nor failed, and as missing a value of each named score their test case asserts`
    )
  const { segments, idLikeKeys } = tally.finish()
  if (idLikeKeys.length) notes.push(`test metadata ${idLikeKeys.join(', ')} has more than ${MAX_SEGMENT_VALUES} values: read as an id, not as segments`)
  return {
    ok: true,
    evidence: compact({
      kind: 'evaluation',
      format,
      tool: 'promptfoo',
      ...(output.timestamp ? { timestamp: output.timestamp } : {}),
      tests: tally.tests,
      passed: tally.passed,
      failed: tally.failed,
      errors: tally.errors,
      metrics,
      ...withCost(output.usage, tally, notes),
      cases: tally.cases,
      ...(segments.length ? { segments } : {}),
      notes
    })
  }
}

export const promptfooEvalParser: EvidenceParser<EvaluationEvidence> = {
  format: 'promptfoo-eval',
  kind: 'evaluation',
  description: 'promptfoo eval output (promptfoo eval -o results.json, results version 3): rows, pass/fail, named scores, tokens and cost',
  detect: ({ head }) => looksLikeOutput(head) && !isRedTeamHead(head),
  async parse(source) {
    const read = await readOutput(source, false)
    return read.ok ? evaluationFrom(source, 'promptfoo-eval', read.output) : read
  }
}

export const promptfooEvalJsonlParser: EvidenceParser<EvaluationEvidence> = {
  format: 'promptfoo-eval-jsonl',
  kind: 'evaluation',
  description: 'promptfoo eval output as JSON Lines (promptfoo eval -o results.jsonl): one result row a line, streamed',
  detect: ({ head }) => isJsonlRow(head) && !isRedTeamHead(head.split('\n', 1)[0] ?? ''),
  async parse(source) {
    const tally = new RowTally()
    const scanned = await readJsonLines(source, 'promptfoo JSON Lines output', (line) => {
      tally.add(
        readRow(line.json(), () => `line ${line.line}`, line.line),
        false
      )
      return undefined
    })
    if (!scanned.ok) return scanned
    const notes = ['promptfoo JSON Lines output carries no timestamp and no run totals; counts and tokens are summed over the rows']
    return evaluationFrom(source, 'promptfoo-eval-jsonl', { tally, usage: tally.rowUsage, notes })
  }
}

/** A category without its unjudged count once repeats graded every case that errored (it is said only when some are left). */
function withoutZeroUnjudged(category: RedTeamCategory): RedTeamCategory {
  if (category.unjudged === 0) delete category.unjudged
  for (const cell of category.byStrategy ?? []) if (cell.unjudged === 0) delete cell.unjudged
  return category
}

export const promptfooRedTeamParser: EvidenceParser<RedTeamEvidence> = {
  format: 'promptfoo-redteam',
  kind: 'red-team',
  description: 'promptfoo red-team output (promptfoo redteam eval -o output.json): attacks per plugin and strategy, from rows with metadata.pluginId',
  detect: ({ head }) => looksLikeOutput(head) && isRedTeamHead(head),
  async parse(source) {
    const read = await readOutput(source, true)
    if (!read.ok) return read
    const { tally, notes } = read.output
    const attempts = tally.passed + tally.failed
    if (attempts === 0) {
      return failure(`"${source.relPath}" is a promptfoo red-team output with no graded attack (${tally.errors} rows errored): nothing was tested`, 1)
    }
    const repeated = repeatNote(tally, true)
    if (repeated) notes.push(repeated)
    if (tally.unattributed) notes.push(`${tally.unattributed} rows carry no metadata.pluginId; they are counted under "(no pluginId)"`)
    if (tally.errors) notes.push(`${tally.errors} rows errored and are not counted as attempts`)
    if (tally.dropped.dropped) notes.push(`${tally.dropped.dropped} more successful attacks are not listed`)
    const evidence: RedTeamEvidence = compact({
      kind: 'red-team',
      format: 'promptfoo-redteam',
      tool: 'promptfoo',
      ...(read.output.timestamp ? { timestamp: read.output.timestamp } : {}),
      attempts,
      successfulAttacks: tally.failed,
      attackSuccessRate: tally.failed / attempts,
      categories: [...tally.plugins.values()].map(withoutZeroUnjudged),
      strategies: [...tally.strategies.values()].map(withoutZeroUnjudged),
      cases: tally.cases,
      ...withCost(read.output.usage, tally, notes),
      notes
    })
    return { ok: true, evidence }
  }
}

export const promptfooParsers: EvidenceParser[] = [promptfooRedTeamParser, promptfooEvalParser, promptfooEvalJsonlParser]
