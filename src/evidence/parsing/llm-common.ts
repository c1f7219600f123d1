// Helpers shared by the parsers of LLM-application evidence (eval runs, red-team scans, usage,
// failure drills): where each element of a JSON array starts (so a failing case is reported at
// its line), a JSON Lines reader that streams in bounded memory and refuses a cut-off file, and
// the per-case metric mean that counts, never invents, the cases without a value.
import { ReadProblem, formatBytes } from '../../fs/safe-read.js'
import type { EvaluationCase, EvaluationMetric, EvaluationSegment, EvidenceSource, SegmentMetric, ParseFailure, UsageFigures } from '../types.js'
import { jsonSyntaxFailure, type JsonRecord } from './load-common.js'
import { finite, isRecord, readEvidenceText } from './read-evidence.js'
import { describeValue, failure, FieldProblem, unreadableLine } from './failure.js'
import { linesAt } from './line-feeds.js'

const LF = 10

/**
 * The 1-based line where each element of the array at `path` (object keys from the root) starts in
 * a JSON text; undefined when the text has no array there. A scan, not a parse: the caller has
 * already parsed the text with JSON.parse, this only finds positions (see arrayLayout).
 */
export function arrayElementLines(text: string, path: readonly string[]): number[] | undefined {
  const layout = arrayLayout(text, path)
  if (!layout || (layout.close === -1 && layout.starts.length === 0)) return undefined
  return linesAt(text, layout.starts)
}

/** Where the array at a path lies in a JSON text: its brackets, where each element starts, the commas between them. */
interface ArrayLayout {
  open: number
  /** -1 when the text ends before the array does. */
  close: number
  starts: number[]
  commas: number[]
}

/**
 * Where the first array at `path` lies in a JSON text, undefined when there is none. It steps through
 * the text only down to the target array's elements; strings and deeper containers are jumped over
 * with indexOf (a 1 MB promptfoo eval output was the largest single cost of a 1,000-system run:
 * docs/performance.md, round four). Keys are compared as written, escapes undecoded.
 */
function arrayLayout(text: string, path: readonly string[], elements: SplitLayout = 'scanned'): ArrayLayout | undefined {
  const depth = path.length
  const kinds: number[] = []
  const keys: (string | undefined)[] = []
  let expectKey = false
  let expectValue = false
  let layout: ArrayLayout | undefined
  const atTarget = (): boolean => {
    if (kinds.length !== depth + 1 || kinds[depth] !== ARRAY) return false
    for (let level = 0; level < depth; level++) if (keys[level] !== path[level]) return false
    return true
  }
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === LF || c === 9 || c === 13) continue
    const top = kinds.length - 1
    if (expectValue && kinds[top] === ARRAY) {
      if (c !== 93 && layout) layout.starts.push(i)
      expectValue = false
    }
    switch (c) {
      case 34: {
        const start = i + 1
        i = closingQuote(text, start)
        if (expectKey && kinds[top] === OBJECT) {
          if (top < depth) keys[top] = text.slice(start, i)
          expectKey = false
        }
        break
      }
      case 123:
      case 91:
        // Below the target array's elements nothing matters but where the container ends.
        if (kinds.length > depth) i = closingBracket(text, i + 1)
        else {
          kinds.push(c === 123 ? OBJECT : ARRAY)
          keys.push(undefined)
          if (c === 123) expectKey = true
          else {
            expectValue = true
            if (atTarget()) {
              if (elements === 'indented') return indentedLayout(text, i)
              layout = { open: i, close: -1, starts: [], commas: [] }
            }
          }
        }
        break
      case 93:
      case 125:
        if (c === 93 && layout) {
          layout.close = i
          return layout
        }
        kinds.pop()
        keys.pop()
        break
      case 44:
        if (kinds[top] === OBJECT) expectKey = true
        else {
          expectValue = true
          layout?.commas.push(i)
        }
        break
      default:
        break
    }
  }
  return layout
}

/**
 * How splitJsonArray finds the elements: `indented` when the array is laid out as JSON.stringify's
 * indentation writes it (promptfoo's output), each element an object whose closing brace starts a line
 * indented as its opening brace does: one indexOf per element, where `scanned` steps over every string
 * and bracket in it (about a third of a 1,000-system run's time reading promptfoo outputs). Any split
 * is safe, since every piece must parse: a text laid out otherwise fails to split `indented` and is
 * split `scanned`.
 */
export type SplitLayout = 'indented' | 'scanned'

const isJsonSpace = (c: number): boolean => c === 32 || c === LF || c === 9 || c === 13

/**
 * The array opened at `open` as an indented layout (see SplitLayout), undefined when it is not one: each
 * element an object starting its own line, ended by the first closing brace that starts a line with
 * the same indentation. The braces are found with indexOf('}'), a few per row: a multi-character
 * indexOf is several times slower in V8 on text this full of spaces. A wrong guess (an object closed
 * at the element's own indentation) makes a piece that does not parse.
 */
function indentedLayout(text: string, open: number): ArrayLayout | undefined {
  let at = open + 1
  while (isJsonSpace(text.charCodeAt(at))) at++
  if (text.charCodeAt(at) === 93) return { open, close: at, starts: [], commas: [] }
  const lineStart = text.lastIndexOf('\n', at)
  if (text.charCodeAt(at) !== 123 || lineStart < open) return undefined
  // The line break and the indentation before each element's braces.
  const indent = text.slice(lineStart, at)
  const layout: ArrayLayout = { open, close: -1, starts: [], commas: [] }
  for (;;) {
    layout.starts.push(at)
    // The element's closing brace: right after its opening one (`{}`), else the first to start a line with its indentation.
    let end = text.indexOf('}', at)
    while (end !== -1 && end !== at + 1 && !(text.charCodeAt(end - indent.length) === LF && text.startsWith(indent, end - indent.length)))
      end = text.indexOf('}', end + 1)
    if (end === -1) return undefined
    for (at = end + 1; isJsonSpace(text.charCodeAt(at));) at++
    const c = text.charCodeAt(at)
    if (c === 93) {
      layout.close = at
      return layout
    }
    if (c !== 44) return undefined
    layout.commas.push(at)
    for (at++; isJsonSpace(text.charCodeAt(at));) at++
    if (text.charCodeAt(at) !== 123 || !text.startsWith(indent, at - indent.length)) return undefined
  }
}

/** A JSON document's array, element by element: how many, the line each starts on, each value. */
export interface JsonArrayElements {
  length: number
  lines: number[]
  at(index: number): unknown
}

/** The text did not split into a document and its array's elements that each parse: read it whole instead. */
export class UnsplitJson extends Error {}

/** Put where the array was, then looked for at `path`: only a later duplicate key could move it. */
const SPLIT_MARKER = '\u0000readiness-gate: the array read element by element'

/**
 * A JSON document with the (large) array at `path` parsed one element at a time, so no tree of the
 * whole file is ever alive at once: with the whole file parsed first, every collection of the young
 * generation while its rows were read copied that tree (docs/performance.md, round five). The rest of
 * the document is parsed with an empty array in the array's place. Undefined when the text does not
 * split that way (no array there, a stray comma, a syntax error outside the array, a duplicate key
 * that replaces it): read it with one JSON.parse. `at` throws UnsplitJson when an element does not
 * parse, and `parseRest` parses the elements not yet read, so a caller that stops early (a field
 * problem) still learns that the file is not JSON: the pieces cover the whole text, so when they all
 * parse the text is JSON and the values are JSON.parse's.
 */
export function splitJsonArray(
  text: string,
  path: readonly string[],
  how: SplitLayout = 'scanned'
): { document: unknown; elements: JsonArrayElements; parseRest(): void } | undefined {
  const layout = arrayLayout(text, path, how)
  if (!layout || layout.close === -1 || layout.commas.length !== Math.max(0, layout.starts.length - 1)) return undefined
  let document: unknown
  try {
    document = JSON.parse(`${text.slice(0, layout.open)}${JSON.stringify(SPLIT_MARKER)}${text.slice(layout.close + 1)}`)
  } catch {
    return undefined
  }
  let parent: unknown
  let at = document
  for (const key of path) {
    parent = at
    at = isRecord(at) && Object.hasOwn(at, key) ? at[key] : undefined
  }
  if (at !== SPLIT_MARKER) return undefined
  // Defined, not assigned: a key named __proto__ is an own property of what JSON.parse returns.
  if (isRecord(parent)) Object.defineProperty(parent, path.at(-1)!, { value: [], writable: true, enumerable: true, configurable: true })
  else document = []
  const { starts, commas } = layout
  let parsed = 0
  const element = (index: number): unknown => {
    try {
      return JSON.parse(text.slice(starts[index], index + 1 < starts.length ? commas[index] : layout.close))
    } catch {
      throw new UnsplitJson()
    } finally {
      parsed = Math.max(parsed, index + 1)
    }
  }
  return {
    document,
    elements: { length: starts.length, lines: linesAt(text, starts), at: element },
    parseRest: () => {
      for (let index = parsed; index < starts.length; index++) element(index)
    }
  }
}

const OBJECT = 1
const ARRAY = 2

/** The index of the quote that closes a JSON string whose content starts at `from` (the text's length when none does). */
function closingQuote(text: string, from: number): number {
  for (let quote = text.indexOf('"', from); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++
    if (backslashes % 2 === 0) return quote
  }
  return text.length
}

/**
 * The index of the bracket that closes a container whose content starts at `from` (the text's length
 * when none does): the next quote and the next bracket of each kind are found with indexOf, and a
 * string is jumped over whole, so the characters between them are never looked at one by one.
 */
function closingBracket(text: string, from: number): number {
  const n = text.length
  const next = (char: string, at: number): number => {
    const found = text.indexOf(char, at)
    return found === -1 ? n : found
  }
  let quote = next('"', from)
  let curly = next('{', from)
  let square = next('[', from)
  let curlyEnd = next('}', from)
  let squareEnd = next(']', from)
  let open = 1
  for (;;) {
    const opening = Math.min(curly, square)
    const closing = Math.min(curlyEnd, squareEnd)
    if (quote < opening && quote < closing) {
      const after = closingQuote(text, quote + 1) + 1
      quote = next('"', after)
      // Brackets inside the string do not count.
      if (curly < after) curly = next('{', after)
      if (square < after) square = next('[', after)
      if (curlyEnd < after) curlyEnd = next('}', after)
      if (squareEnd < after) squareEnd = next(']', after)
    } else if (opening < closing) {
      open++
      if (opening === curly) curly = next('{', curly + 1)
      else square = next('[', square + 1)
    } else if (closing === n || --open === 0) {
      return closing
    } else if (closing === curlyEnd) curlyEnd = next('}', curlyEnd + 1)
    else squareEnd = next(']', squareEnd + 1)
  }
}

/** The longest JSON line read; a longer one fails the file (a JSONL file without line breaks is not JSONL). */
const MAX_LINE_BYTES = 64 * 1024 * 1024

/** One line of a JSON Lines file, valid during the callback only. `json()` parses it (lazily: most lines of a big report are skipped unparsed). */
export interface JsonLine {
  line: number
  /** The raw bytes of the line (no line break), to test a prefix without parsing. */
  bytes: Buffer
  json(): unknown
}

/**
 * Streams a JSON Lines file line by line in bounded memory (one line at a time, plus the two read
 * buffers of `source.chunks()`, used in turn: a fresh buffer per read left tens of MiB of dead chunks
 * waiting for the collector). Blank lines are skipped. A line that is not JSON fails the file at its line; a last line
 * without its newline that is not whole JSON is a cut-off file, which fails too: a report cut
 * short must not pass as a shorter run. Returning a string from `onLine` stops with that message.
 */
export async function readJsonLines(
  source: EvidenceSource,
  what: string,
  onLine: (line: JsonLine) => string | undefined
): Promise<{ ok: true; lines: number } | ParseFailure> {
  let lineNo = 0
  let carry: Buffer | undefined
  let stopped: ParseFailure | undefined
  const handle = (bytes: Buffer): boolean => {
    lineNo++
    let start = 0
    let end = bytes.length
    while (end > start && (bytes[end - 1] === 13 || bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--
    while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++
    if (start === end) return true
    const trimmed = bytes.subarray(start, end)
    const at = lineNo
    let parsed: { value: unknown } | undefined
    const message = onLine({
      line: at,
      bytes: trimmed,
      json: () => {
        if (parsed) return parsed.value
        try {
          parsed = { value: JSON.parse(trimmed.toString('utf8')) }
        } catch {
          throw new FieldProblem(`"${source.relPath}" line ${at} is not valid JSON, so the file cannot be read as ${what}`, at)
        }
        return parsed.value
      }
    })
    if (message !== undefined) {
      stopped = failure(message, at)
      return false
    }
    return true
  }
  try {
    for await (const chunk of source.chunks()) {
      let from = 0
      for (let newline = chunk.indexOf(LF, from); newline !== -1; newline = chunk.indexOf(LF, from)) {
        const piece = chunk.subarray(from, newline)
        const bytes = carry ? Buffer.concat([carry, piece]) : piece
        carry = undefined
        if (!handle(bytes)) return stopped!
        from = newline + 1
      }
      if (from < chunk.length) {
        carry = carry ? Buffer.concat([carry, chunk.subarray(from)]) : Buffer.from(chunk.subarray(from))
        if (carry.length > MAX_LINE_BYTES)
          return failure(`"${source.relPath}" line ${lineNo + 1} is longer than ${formatBytes(MAX_LINE_BYTES)}; it is not a JSON Lines file`, lineNo + 1)
      }
    }
    if (carry && carry.toString('utf8').trim() !== '') {
      const tail = carry
      try {
        JSON.parse(tail.toString('utf8'))
      } catch {
        return failure(`"${source.relPath}" is cut off: its last line (${lineNo + 1}) is not complete JSON, so the run's end is missing`, lineNo + 1)
      }
      if (!handle(tail)) return stopped!
    }
  } catch (error) {
    if (error instanceof FieldProblem || error instanceof ReadProblem) return failure(error.message, error.line)
    return unreadableLine(source.relPath, lineNo, error)
  }
  return { ok: true, lines: lineNo }
}

/** A count field: absent is undefined; anything but a non-negative integer is a FieldProblem naming `path`. */
export function countField(record: JsonRecord, key: string, path: string): number | undefined {
  const value = record[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new FieldProblem(`${path ? `${path}.` : ''}${key} is ${describeValue(value)}, not a count`)
  return value
}

/** Collects per-case values of each metric, in first-seen order, to report each as its mean and the cases lacking it. */
export class CaseMetrics {
  /** `count`: the cases with a value (the samples); `weight`: the values in `sum`, repeats of a case included. */
  private readonly values = new Map<
    string,
    { sum: number; count: number; weight: number; missing: number; lowerIsBetter: boolean; target?: number; task?: string }
  >()

  /** Records one case's value for `name` (null/undefined = the case has no value for it). */
  add(name: string, value: number | null | undefined, options: { lowerIsBetter: boolean; target?: number; task?: string }): void {
    let entry = this.values.get(name)
    if (!entry) {
      entry = {
        sum: 0,
        count: 0,
        weight: 0,
        missing: 0,
        lowerIsBetter: options.lowerIsBetter,
        ...(options.target !== undefined ? { target: options.target } : {}),
        ...(options.task ? { task: options.task } : {})
      }
      this.values.set(name, entry)
    }
    if (value === null || value === undefined || !Number.isFinite(value)) entry.missing++
    else {
      entry.sum += value
      entry.count++
      entry.weight++
    }
  }

  /** Records the first value of a case counted as missing it (its earlier rows errored): it becomes a sample. */
  fill(name: string, value: number): void {
    const entry = this.values.get(name)
    if (entry && entry.missing > 0 && Number.isFinite(value)) entry.missing--
    this.add(name, value, { lowerIsBetter: entry?.lowerIsBetter ?? false })
  }

  /** Every metric seen, with a value or only missing ones, in first-seen order. */
  names(): string[] {
    return [...this.values.keys()]
  }

  /** Records another value of a case already counted (a repeat): it joins the mean, not the sample count. */
  addRepeat(name: string, value: number): void {
    const entry = this.values.get(name)
    if (!entry || !Number.isFinite(value)) return
    entry.sum += value
    entry.weight++
  }

  /** Each metric as the mean over the cases that have it; a metric no case has a value for is left out (see `empty`). */
  metrics(): EvaluationMetric[] {
    const metrics: EvaluationMetric[] = []
    for (const [name, entry] of this.values) {
      if (entry.count === 0) continue
      metrics.push({
        name,
        type: name,
        value: entry.sum / entry.weight,
        lowerIsBetter: entry.lowerIsBetter,
        ...(entry.target !== undefined ? { target: entry.target } : {}),
        ...(entry.task ? { task: entry.task } : {}),
        samples: entry.count,
        missing: entry.missing,
        ...(entry.weight > entry.count ? { rows: entry.weight } : {})
      })
    }
    return metrics
  }

  /** Metrics that no case has a value for. */
  empty(): string[] {
    return [...this.values].filter(([, entry]) => entry.count === 0).map(([name]) => name)
  }
}

/** A failing case's reason: its first line, cut to a readable length. */
export function firstLine(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined
  const line = text.trim().split(/\r?\n/, 1)[0]!
  return line.length > 200 ? `${line.slice(0, 197)}...` : line
}

/** Drops undefined fields and empty lists, so the evidence carries only what the file had. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    const field = value[key]
    if (field === undefined || (Array.isArray(field) && field.length === 0 && key === ('notes' as keyof T))) delete value[key]
  }
  return value
}

/** Adds one usage record to running totals; a total stays undefined until some record has it. */
export function addUsage(total: UsageFigures, part: UsageFigures): void {
  for (const key of ['requests', 'inputTokens', 'outputTokens', 'tokens', 'costUsd'] as const) {
    const value = part[key]
    if (value !== undefined) total[key] = (total[key] ?? 0) + value
  }
  if (total.costUsd !== undefined) total.costUsd = roundUsd(total.costUsd)
  if (part.models) for (const model of part.models) if (!(total.models ??= []).includes(model)) total.models.push(model)
}

/** A sum of dollar amounts without float noise (0.0106723, not 0.010672300000000003). */
export const roundUsd = (usd: number): number => Math.round(usd * 1e12) / 1e12

/** The `cases` list keeps at most this many failing cases, so one broken run does not flood a report. */
export const MAX_LISTED_CASES = 1000

/**
 * Lists a failing case, or counts it as dropped once the list is full. The case is built only when it
 * is listed: in a big file most failing rows are past the list, and building each one's case for
 * nothing kept the young generation busy (docs/performance.md, round six).
 */
export function pushCase(cases: EvaluationCase[], entry: () => EvaluationCase, notes: { dropped: number }): void {
  if (cases.length < MAX_LISTED_CASES) cases.push(entry())
  else notes.dropped++
}

export { finite, isRecord }

/**
 * Python tools (DeepEval, lm-evaluation-harness, Inspect, ragas) write JSON with `json.dumps`, which
 * writes a NaN or infinite score as the bare word NaN / Infinity: not JSON. Outside strings those
 * words are read as null, so a NaN score is a missing value (counted as such), never a number.
 */
export function nonFiniteToNull(text: string): { text: string; replaced: number } {
  let out = ''
  let last = 0
  let replaced = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i)
        if (d === 92) i++
        else if (d === 34) break
      }
      continue
    }
    const word =
      c === 78 && text.startsWith('NaN', i) ? 3 : c === 73 && text.startsWith('Infinity', i) ? 8 : c === 45 && text.startsWith('-Infinity', i) ? 9 : 0
    if (word) {
      out += text.slice(last, i) + 'null'
      last = i + word
      i += word - 1
      replaced++
    }
  }
  return replaced ? { text: out + text.slice(last), replaced } : { text, replaced: 0 }
}

/** Reads a JSON document written by a Python tool (NaN/Infinity read as null, and counted). */
export async function readPythonJson(
  source: EvidenceSource,
  what: string
): Promise<{ ok: true; value: unknown; text: string; nonFinite: number } | ParseFailure> {
  const read = await readEvidenceText(source)
  if (!read.ok) return read
  if (read.text.trim() === '') return failure(`"${source.relPath}" is empty, not ${what}`)
  try {
    return { ok: true, value: JSON.parse(read.text), text: read.text, nonFinite: 0 }
  } catch (error) {
    const cleaned = nonFiniteToNull(read.text)
    if (cleaned.replaced) {
      try {
        return { ok: true, value: JSON.parse(cleaned.text), text: read.text, nonFinite: cleaned.replaced }
      } catch {
        // Fall through to the original error.
      }
    }
    return jsonSyntaxFailure(read.text, (error as Error).message, `"${source.relPath}" is not valid JSON, so it cannot be read as ${what}`)
  }
}

/** A case attribute with more distinct values than this is an id, not a grouping: it is left out. */
export const MAX_SEGMENT_VALUES = 100

/** A case attribute as a segment key and value: scalars of at most 200 characters only. */
export function caseAttributes(record: JsonRecord, prefix = ''): [string, string][] {
  const attributes: [string, string][] = []
  for (const key of Object.keys(record)) {
    if (key.startsWith('_')) continue
    const tag = record[key]
    const text = typeof tag === 'string' ? tag : typeof tag === 'number' || typeof tag === 'boolean' ? String(tag) : undefined
    if (text !== undefined && text.length <= 200) attributes.push([prefix + key, text])
  }
  return attributes
}

/**
 * The cases' verdicts and per-case metric means per value of each case attribute (promptfoo test
 * metadata `category: malformed`, DeepEval additionalMetadata `language: de`), for judging coverage
 * by category and fairness by group. An attribute with more than MAX_SEGMENT_VALUES values is an id
 * and is dropped (`idLikeKeys`).
 */
export class SegmentTally {
  private readonly segments = new Map<string, Map<string, { segment: EvaluationSegment; metrics: CaseMetrics }>>()
  readonly idLikeKeys = new Set<string>()

  add(
    tags: [string, string][],
    status: 'passed' | 'failed' | 'error',
    scores: Record<string, { value: number | null; lowerIsBetter: boolean }>,
    line: number | undefined
  ): void {
    for (const [key, value] of tags) {
      if (this.idLikeKeys.has(key)) continue
      let values = this.segments.get(key)
      if (!values) this.segments.set(key, (values = new Map<string, { segment: EvaluationSegment; metrics: CaseMetrics }>()))
      let entry = values.get(value)
      if (!entry) {
        if (values.size === MAX_SEGMENT_VALUES) {
          this.idLikeKeys.add(key)
          this.segments.delete(key)
          continue
        }
        values.set(
          value,
          (entry = { segment: { key, value, tests: 0, passed: 0, failed: 0, errors: 0, ...(line !== undefined ? { line } : {}) }, metrics: new CaseMetrics() })
        )
      }
      const { segment } = entry
      segment.tests++
      if (status === 'passed') segment.passed++
      else if (status === 'failed') segment.failed++
      else segment.errors++
      for (const [name, score] of Object.entries(scores)) entry.metrics.add(name, score.value, { lowerIsBetter: score.lowerIsBetter })
    }
  }

  /**
   * Adds the scores of another row of a case already added under `tags`: for a metric `missing` names
   * (the case was counted without a value: its earlier rows errored or scored it NaN) as the case's value
   * in place of the missing one; else to each segment's mean only (`repeat`: the case has scores), or as
   * the case's first scores, a sample.
   */
  addScores(tags: [string, string][], scores: Record<string, { value: number; lowerIsBetter: boolean }>, missing: readonly string[], repeat: boolean): void {
    for (const [key, value] of tags) {
      const metrics = this.segments.get(key)?.get(value)?.metrics
      if (!metrics) continue
      for (const [name, score] of Object.entries(scores))
        if (missing.includes(name)) metrics.fill(name, score.value)
        else if (repeat) metrics.addRepeat(name, score.value)
        else metrics.add(name, score.value, { lowerIsBetter: score.lowerIsBetter })
    }
  }

  /** Counts a case already added under `tags` as missing a value of each of `names` (it errored without its test case, or a repeat scored them NaN). */
  addMissing(tags: [string, string][], names: readonly string[], lowerIsBetter: (name: string) => boolean): void {
    for (const [key, value] of tags) {
      const metrics = this.segments.get(key)?.get(value)?.metrics
      if (metrics) for (const name of names) metrics.add(name, null, { lowerIsBetter: lowerIsBetter(name) })
    }
  }

  /** Moves a case already added from one status to another (a repeat of it did worse). */
  restate(tags: [string, string][], from: 'passed' | 'failed' | 'error', to: 'passed' | 'failed' | 'error'): void {
    const field = { passed: 'passed', failed: 'failed', error: 'errors' } as const
    for (const [key, value] of tags) {
      const segment = this.segments.get(key)?.get(value)?.segment
      if (!segment) continue
      segment[field[from]]--
      segment[field[to]]++
    }
  }

  /** Drops an attribute (a promptfoo var that is no grouping). */
  drop(key: string): void {
    this.segments.delete(key)
  }

  keys(): string[] {
    return [...this.segments.keys()]
  }

  /**
   * The segments, once every case is added: notes the attributes read as ids (`what` names where they
   * come from, e.g. "additionalMetadata"), and keeps on the failing cases only the attributes that
   * are segments, so a finding names a case's group and nothing else.
   */
  settle(cases: EvaluationCase[], notes: string[], what: string): EvaluationSegment[] {
    if (this.idLikeKeys.size)
      notes.push(`${what} ${[...this.idLikeKeys].join(', ')} has more than ${MAX_SEGMENT_VALUES} values: read as an id, not as segments`)
    const grouped = this.list()
    const kept = new Set(grouped.map((segment) => segment.key))
    for (const entry of cases) if (entry.attributes) entry.attributes = Object.fromEntries(Object.entries(entry.attributes).filter(([key]) => kept.has(key)))
    return grouped
  }

  list(): EvaluationSegment[] {
    return [...this.segments.values()].flatMap((values) =>
      [...values.values()].map(({ segment, metrics }) => {
        const means = metrics
          .metrics()
          .map(({ name, value, lowerIsBetter, samples, missing }): SegmentMetric =>
            compact({ name, value, lowerIsBetter, samples: samples ?? 0, missing: missing || undefined })
          )
        return means.length ? { ...segment, metrics: means } : segment
      })
    )
  }
}
