// The one way the gate reads YAML (and JSON, which YAML 1.2 reads): manifests, the policy, sign-offs
// and the YAML evidence formats. Every node keeps its position, and every problem — a syntax error,
// a duplicate key, an alias bomb, bracket nesting deep enough to hurt the yaml package — becomes a
// sentence at a line instead of an exception.
import type { Document, LineCounter } from 'yaml'
import { parsePlainBlock, type Spot } from './plain-block.js'
import yamlPackage from './yaml-package.cjs'
import { INCOMPLETE_INSTALL } from '../fs/install.js'

export type PathSegment = string | number
export type KeyPath = readonly PathSegment[]

export interface Position {
  line: number
  column: number
}

export interface YamlProblem extends Position {
  /** A sentence without its final period, starting with the subject the caller named. */
  message: string
}

/** More aliases than this in one document is treated as an alias bomb. */
const MAX_ALIASES = 100
/** Deeper flow nesting is refused before parsing: the yaml package can exhaust V8's regexp memory and abort the process on it. */
const MAX_FLOW_DEPTH = 64

// YAML 1.2 core schema even under a `%YAML 1.1` directive, so `2026-11-02` and `yes` stay strings;
// duplicate keys are errors; `<<` is a plain key, not a merge.
const PARSE_OPTIONS = { schema: 'core', uniqueKeys: true, strict: true, merge: false, prettyErrors: false } as const

/**
 * The deepest `[`/`{` nesting in the text, counted without regard to quotes (so it can only
 * over-count, and only for text no real file contains). Stops counting past `limit`.
 */
function flowDepthOver(text: string, limit: number): { line: number } | undefined {
  let depth = 0
  let line = 1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) line++
    else if (c === 91 || c === 123) {
      if (++depth > limit) return { line }
    } else if ((c === 93 || c === 125) && depth > 0) depth--
  }
  return undefined
}

/** One parsed document: its plain value, and where any key path in it is written. */
export class LocatedDocument {
  constructor(
    readonly value: unknown,
    private readonly spot: Spot | null,
    private readonly lineOffset: number
  ) {}

  /** Where `path` is written (the key of a map entry, the item of a list); the nearest existing ancestor, with `found` false, when it is not. */
  locate(path: KeyPath): Position & { found: boolean } {
    const steps = this.walk(path)
    const at = position(steps.length > 0 ? steps[steps.length - 1]!.written : this.spot) ?? { line: this.lineOffset + 1, column: 1 }
    return { ...at, found: steps.length === path.length }
  }

  /** Line of the entry at `path` (for a map entry, the line of its key). Undefined when the path does not exist. */
  lineOf(path: KeyPath): number | undefined {
    const steps = this.walk(path)
    if (steps.length < path.length) return undefined
    return position(steps.length > 0 ? steps[steps.length - 1]!.written : this.spot)?.line
  }

  /** Line of the value itself at `path` (the first line of a block scalar, a list item, a map). */
  valueLineOf(path: KeyPath): number | undefined {
    const steps = this.walk(path)
    if (steps.length < path.length) return undefined
    const last = steps[steps.length - 1]
    return position(last ? last.value : this.spot)?.line
  }

  /** The line of `path`, or of its deepest existing ancestor; undefined only for an empty document. */
  nearestLineOf(path: KeyPath): number | undefined {
    const steps = this.walk(path)
    return position(steps.length > 0 ? steps[steps.length - 1]!.written : this.spot)?.line
  }

  /** The spots along `path` as far as it exists: for each segment, where it is written (a key or a list item) and its value. */
  private walk(path: KeyPath): { written: Position; value: Spot }[] {
    const steps: { written: Position; value: Spot }[] = []
    let spot = this.spot
    for (const segment of path) {
      if (spot?.entries) {
        const entry = spot.entries.get(String(segment))
        if (!entry) break
        steps.push({ written: entry.key, value: entry.value })
        spot = entry.value
      } else if (spot?.items && typeof segment === 'number') {
        const item = spot.items[segment]
        if (!item) break
        steps.push({ written: item, value: item })
        spot = item
      } else {
        break
      }
    }
    return steps
  }
}

const position = (spot: Position | null | undefined): Position | undefined => (spot ? { line: spot.line, column: spot.column } : undefined)

/**
 * The positions of a yaml package node tree, with the lines shifted by `lineOffset`. Keys that are
 * not scalars cannot be named by a key path; of keys written twice (possible only in a document with
 * errors) the first counts.
 */
function spotOf(node: unknown, lineCounter: LineCounter, lineOffset: number): Spot | null {
  const { isMap, isPair, isScalar, isSeq } = yamlPackage()
  const at = (offset: number): Position => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line + lineOffset, column: pos.col }
  }
  const visit = (current: unknown): Spot | null => {
    const range = (current as { range?: [number, number, number] } | null | undefined)?.range
    if (!range) return null
    const spot: Spot = at(range[0])
    if (isMap(current)) {
      spot.entries = new Map()
      for (const item of current.items) {
        if (!isPair(item) || !isScalar(item.key)) continue
        const name = String(item.key.value)
        const value = visit(item.value)
        const key = visit(item.key)
        if (!spot.entries.has(name) && key) spot.entries.set(name, { key, value: value ?? key })
      }
    } else if (isSeq(current)) {
      spot.items = current.items.map((item) => visit(item) ?? spot)
    }
    return spot
  }
  return visit(node)
}

export type ParsedDocuments = { ok: true; documents: LocatedDocument[] } | { ok: false; problems: YamlProblem[] }
export type ParsedDocument = { ok: true; document: LocatedDocument } | { ok: false; problems: YamlProblem[] }

/**
 * Every document of the text that holds something (an empty document, such as after a stray
 * `---`, is left out). `subject` names the text in problems (`The manifest`, `"perf/drift.yml"`);
 * `lineOffset` shifts lines when the YAML is embedded (a Markdown front matter starts on line 2).
 */
export function parseYamlDocuments(text: string, subject: string, lineOffset = 0): ParsedDocuments {
  const read = readDocuments(text, subject, lineOffset)
  return read.ok ? { ok: true, documents: read.documents } : read
}

/** The text's one document; an empty text gives a document whose value is null. */
export function parseYamlDocument(text: string, subject: string, lineOffset = 0): ParsedDocument {
  const read = readDocuments(text, subject, lineOffset)
  if (!read.ok) return read
  const [first, second] = read.documents
  if (second) {
    return { ok: false, problems: [{ message: `${subject} holds more than one YAML document; put one per file`, ...second.locate([]) }] }
  }
  return { ok: true, document: first ?? new LocatedDocument(null, null, lineOffset) }
}

/** The plain value of the text's one document; undefined when it cannot be read. For callers that only peek at a file. */
export function yamlValue(text: string): unknown {
  const parsed = parseYamlDocument(text, 'the text')
  return parsed.ok ? parsed.document.value : undefined
}

function readDocuments(text: string, subject: string, lineOffset: number): { ok: true; documents: LocatedDocument[] } | { ok: false; problems: YamlProblem[] } {
  // Most files are plain block YAML, which src/yaml/plain-block.ts reads about 10 times faster; anything
  // else (and every error) is the yaml package's.
  const plain = parsePlainBlock(text, lineOffset)
  if (plain !== undefined) return { ok: true, documents: plain ? [new LocatedDocument(plain.value, plain.spot, lineOffset)] : [] }
  const failed = (message: string, line = lineOffset + 1, column = 1): { ok: false; problems: YamlProblem[] } => ({
    ok: false,
    problems: [{ message, line, column }]
  })
  const deep = flowDepthOver(text, MAX_FLOW_DEPTH)
  if (deep) return failed(`${subject} nests brackets more than ${MAX_FLOW_DEPTH} levels deep`, deep.line + lineOffset)
  // The plain reader gave up: only now is the yaml package loaded (src/yaml/yaml-package.cjs).
  let yaml: ReturnType<typeof yamlPackage>
  try {
    yaml = yamlPackage()
  } catch (error) {
    return failed(`${subject} cannot be read: ${incompleteInstall(error)}`)
  }
  const { LineCounter, parseAllDocuments } = yaml
  const lineCounter = new LineCounter()
  let parsed: Document.Parsed[]
  try {
    parsed = parseAllDocuments(text, { lineCounter, ...PARSE_OPTIONS })
  } catch (error) {
    return failed(thrownMessage(subject, error))
  }
  const errors = parsed.flatMap((document) => document.errors)
  // Nesting that overflows the composer's stack aborts it: what else it reports follows from that.
  const overflow = errors.find((error) => error.code === 'RESOURCE_EXHAUSTION')
  const problems = (overflow ? [overflow] : errors).map((error): YamlProblem => {
    const pos = lineCounter.linePos(error.pos[0])
    return { message: problemMessage(subject, error.code, error.message), line: pos.line + lineOffset, column: pos.col }
  })
  if (problems.length > 0) return { ok: false, problems }
  const documents: LocatedDocument[] = []
  for (const document of parsed) {
    let value: unknown
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES })
    } catch (error) {
      return failed(thrownMessage(subject, error))
    }
    if (value !== null && value !== undefined) documents.push(new LocatedDocument(value, spotOf(document.contents, lineCounter, lineOffset), lineOffset))
  }
  return { ok: true, documents }
}

/**
 * Why the yaml package (dist/yaml.cjs beside the bundles) did not load: an install without the file, or a
 * damaged one. The document is refused with this, never passed and never a crash.
 */
/** Why the yaml package could not be loaded, as a sentence for a user: an incomplete install to reinstall. */
export function incompleteInstall(error: unknown): string {
  const failure = error as { code?: unknown; message?: unknown; requireStack?: unknown } | null
  const message = String(failure?.message ?? error)
  const stack = Array.isArray(failure?.requireStack) ? (failure.requireStack as unknown[]) : []
  const from = typeof stack[0] === 'string' ? ` from ${stack[0].replace(/[\\/][^\\/]*$/, '')}` : ''
  const what = failure?.code === 'MODULE_NOT_FOUND' && message.includes('./yaml.cjs') ? `is missing${from}` : `could not be loaded (${firstLine(message)})`
  return `its file yaml.cjs ${what}, ${INCOMPLETE_INSTALL}`
}

function problemMessage(subject: string, code: string, message: string): string {
  if (code === 'RESOURCE_EXHAUSTION') return `${subject} nests too deeply to read`
  if (code === 'DUPLICATE_KEY') return `${subject} is not valid YAML: a key is written twice in the same mapping; keep one`
  return `${subject} is not valid YAML: ${firstLine(message)}`
}

function thrownMessage(subject: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof RangeError) return `${subject} nests too deeply to read`
  if (/alias/i.test(message)) return `${subject} expands too many aliases (over ${MAX_ALIASES}); refusing a possible alias bomb`
  return `${subject} could not be read as YAML: ${firstLine(message)}`
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim()
}

/** A key path as people write it: `owners.raci.data`, `waivers[0].expires`. */
export function displayPath(path: KeyPath): string {
  return path.reduce<string>((out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '')
}
