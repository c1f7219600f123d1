// Shared by the monitoring, drift and evaluation parsers: YAML (and JSON, which YAML 1.2 reads)
// with the 1-based source line of every node, JSON Schema errors as sentences at a line, reading a
// whole evidence file as text, and ISO dates.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from 'yaml'
import { ReadProblem } from '../../fs/safe-read.js'
import { flowDepthOver, MAX_FLOW_DEPTH } from '../../manifest/yaml-doc.js'
import type { EvidenceSource, ParseFailure } from '../types.js'

export type PathSegment = string | number

/** A parsed YAML document: its plain value, and the source line of any node in it. */
export class LocatedDocument {
  constructor(
    readonly value: unknown,
    private readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
    private readonly lineOffset: number
  ) {}

  /** Line of the value at `path` (for a map entry, the line of its key). Undefined when the path does not exist. */
  lineOf(path: readonly PathSegment[]): number | undefined {
    const found = this.find(path)
    if (!found) return undefined
    const node = found.pair?.key && isScalar(found.pair.key) ? found.pair.key : found.node
    return this.lineAt(node)
  }

  /** Line of the value itself at `path` (the first line of a block scalar, a list item, a map). */
  valueLineOf(path: readonly PathSegment[]): number | undefined {
    const found = this.find(path)
    return found ? this.lineAt(found.node ?? found.pair?.key) : undefined
  }

  /** The nearest line at or above `path`: the deepest existing ancestor's line. */
  nearestLineOf(path: readonly PathSegment[]): number | undefined {
    for (let length = path.length; length >= 0; length--) {
      const line = this.lineOf(path.slice(0, length))
      if (line !== undefined) return line
    }
    return undefined
  }

  private lineAt(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range
    if (!range) return undefined
    return this.lineCounter.linePos(range[0]).line + this.lineOffset
  }

  private find(path: readonly PathSegment[]): { node: Node | null | undefined; pair?: Pair } | undefined {
    let node: unknown = this.document.contents
    let pair: Pair | undefined
    for (const segment of path) {
      if (isMap(node)) {
        const match = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment))
        if (!match) return undefined
        pair = match
        node = match.value
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment]
        pair = undefined
        if (node === undefined) return undefined
      } else {
        return undefined
      }
    }
    return { node: node as Node | null | undefined, ...(pair ? { pair } : {}) }
  }
}

type YamlResult = { ok: true; documents: LocatedDocument[] } | ParseFailure

/**
 * Parses every document of a YAML (or JSON) text. Syntax errors, duplicate keys, alias bombs
 * (more than 100 alias expansions) and bracket nesting deep enough to hurt the yaml package
 * become a failure at their line. `lineOffset` shifts lines when the YAML is embedded (a
 * Markdown front matter starts on line 2).
 */
export function parseYamlDocuments(text: string, what: string, lineOffset = 0): YamlResult {
  const deep = flowDepthOver(text, MAX_FLOW_DEPTH)
  if (deep) return { ok: false, message: `${what} nests brackets more than ${MAX_FLOW_DEPTH} levels deep`, line: deep.line + lineOffset }
  const lineCounter = new LineCounter()
  let parsed: Document.Parsed[]
  try {
    parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, keepSourceTokens: false })
  } catch (error) {
    return { ok: false, message: `${what} could not be read as YAML: ${(error as Error).message}` }
  }
  const documents: LocatedDocument[] = []
  for (const document of parsed) {
    const error = document.errors[0]
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line + lineOffset
      return { ok: false, message: `${what} is not valid YAML: ${firstSentence(error.message)}`, line: Math.max(line, 1) }
    }
    let value: unknown
    try {
      value = document.toJS({ maxAliasCount: 100 })
    } catch (error) {
      return { ok: false, message: `${what} is not usable YAML: ${(error as Error).message}`, line: lineOffset + 1 }
    }
    documents.push(new LocatedDocument(value, document, lineCounter, lineOffset))
  }
  return { ok: true, documents }
}

/** Exactly one document (empty documents ignored). */
export function parseYamlDocument(text: string, what: string, lineOffset = 0): { ok: true; document: LocatedDocument } | ParseFailure {
  const result = parseYamlDocuments(text, what, lineOffset)
  if (!result.ok) return result
  const documents = result.documents.filter((document) => document.value !== null && document.value !== undefined)
  const [first, second] = documents
  if (!first) return { ok: false, message: `${what} is empty`, line: lineOffset + 1 }
  if (second) return { ok: false, message: `${what} holds more than one YAML document; put one per file`, line: second.nearestLineOf([]) }
  return { ok: true, document: first }
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim()
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A JSON pointer path as readers write it: `monitors[0].threshold`. */
export function describePath(path: readonly PathSegment[]): string {
  let text = ''
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`
  return text
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

/**
 * Validates with a compiled schema (compiled with `verbose: true` so failing subschemas carry
 * their `description`, used as a hint) and turns the most specific error into a sentence at a line.
 */
export function schemaFailure(validate: ValidateFunction, document: LocatedDocument, what: string): ParseFailure | undefined {
  if (validate(document.value)) return undefined
  const all = validate.errors ?? []
  const inAnyOf = (error: ErrorObject): boolean => error.schemaPath.includes('/anyOf/')
  const depth = (error: ErrorObject): number => pointerToPath(error.instancePath).length
  // The deepest error is the most specific; at equal depth an unknown field first (a typo explains
  // the "missing" field it misspells), and a plain error before an alternative of an anyOf.
  const unknownField = (error: ErrorObject): number => (error.keyword === 'additionalProperties' ? 0 : 1)
  const chosen = all
    .filter((error) => !['anyOf', 'oneOf', 'if', 'allOf'].includes(error.keyword))
    .sort((a, b) => depth(b) - depth(a) || unknownField(a) - unknownField(b) || Number(inAnyOf(a)) - Number(inAnyOf(b)))[0]
  if (!chosen) return { ok: false, message: `${what} does not match its schema` }
  const path = pointerToPath(chosen.instancePath)
  // Fields that are alternatives (anyOf: [{required: [route]}, {required: [owner]}]) are reported together.
  const alternatives = all.filter((error) => error.keyword === 'required' && /\/anyOf\/\d+\/required$/.test(error.schemaPath) && error.instancePath === chosen.instancePath)
  const branches = new Set(alternatives.map((error) => error.schemaPath))
  const { sentence, linePath } =
    chosen.keyword === 'required' && alternatives.includes(chosen) && branches.size > 1
      ? { sentence: `${path.length === 0 ? 'the file' : describePath(path)} needs ${alternatives.map((error) => `"${String(error.params.missingProperty)}"`).join(' or ')}`, linePath: path }
      : describeSchemaError(chosen, path)
  const line = document.lineOf(linePath) ?? document.nearestLineOf(path)
  return { ok: false, message: `${what}: ${sentence}`, ...(line !== undefined ? { line } : {}) }
}

function describeSchemaError(error: ErrorObject, path: PathSegment[]): { sentence: string; linePath: PathSegment[] } {
  const where = path.length === 0 ? 'the file' : describePath(path)
  const hint = typeof (error.parentSchema as { description?: unknown } | undefined)?.description === 'string' ? ` (${(error.parentSchema as { description: string }).description})` : ''
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return { sentence: `${where} is missing "${String(params.missingProperty)}"`, linePath: path }
    case 'additionalProperties':
      return { sentence: `${where} has an unknown field "${String(params.additionalProperty)}"`, linePath: [...path, String(params.additionalProperty)] }
    case 'type':
      return { sentence: `${where} must be ${article(String(params.type))}${hint}`, linePath: path }
    case 'enum':
      return { sentence: `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, linePath: path }
    case 'const':
      return { sentence: `${where} must be ${JSON.stringify(params.allowedValue)}`, linePath: path }
    case 'minItems':
      return { sentence: `${where} must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`, linePath: path }
    case 'minLength':
      return { sentence: `${where} must not be empty`, linePath: path }
    case 'pattern':
    case 'format':
      return { sentence: `${where} ${JSON.stringify(error.data)} is not in the expected form${hint}`, linePath: path }
    default:
      return { sentence: `${where} ${error.message ?? 'is invalid'}${hint}`, linePath: path }
  }
}

function article(type: string): string {
  return type === 'object' ? 'a map' : type === 'array' ? 'a list' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

/**
 * The file's single YAML/JSON document, named for messages (`"path/to/file"`). `text` and
 * `lineOffset` read YAML embedded in a larger file (a Markdown front matter).
 */
export async function readYamlEvidence(
  source: EvidenceSource,
  embedded?: { text: string; lineOffset: number }
): Promise<{ ok: true; document: LocatedDocument; what: string } | ParseFailure> {
  const what = `"${source.relPath}"`
  let text = embedded?.text
  if (text === undefined) {
    const read = await readEvidenceText(source)
    if (!read.ok) return read
    text = read.text
  }
  const parsed = parseYamlDocument(text, what, embedded?.lineOffset ?? 0)
  return parsed.ok ? { ok: true, document: parsed.document, what } : parsed
}

/** The whole file as text; a file over the text limit becomes a failure instead of an exception. */
export async function readEvidenceText(source: EvidenceSource): Promise<{ ok: true; text: string } | ParseFailure> {
  try {
    return { ok: true, text: await source.text() }
  } catch (error) {
    if (error instanceof ReadProblem) return { ok: false, message: error.message, ...(error.line ? { line: error.line } : {}) }
    return { ok: false, message: `"${source.relPath}" could not be read: ${(error as Error).message}` }
  }
}

/** Compiles a JSON Schema once, on first use, with the `verbose` errors schemaFailure reads. Strict, except that
 * `required` may name properties declared elsewhere (anyOf: [{required: [route]}, {required: [owner]}]). */
export function lazySchema(schema: object): () => ValidateFunction {
  let compiled: ValidateFunction | undefined
  return () => (compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false }).compile(schema))
}

/** The text when it is an ISO 8601 date or date-time naming a real day (2026-02-30 is not), else undefined. */
export function isoTimestamp(text: string): string | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  if (!day) return undefined
  const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])]
  const probe = new Date(Date.UTC(year, month - 1, date))
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== date) return undefined
  return Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)) ? undefined : text
}
