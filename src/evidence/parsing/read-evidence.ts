// Reading an evidence file without throwing, shared by the parsers: the whole text, its YAML/JSON
// document with lines (src/yaml/located.ts), JSON Schema problems as a failure at a line
// (src/schema/validate.ts), and the small checks the document parsers repeat.
import { ReadProblem } from '../../fs/safe-read.js'
import { mostSpecificProblem } from '../../schema/validate.js'
import { parseYamlDocument, type LocatedDocument, type YamlProblem } from '../../yaml/located.js'
import type { EvidenceSource, ParseFailure } from '../types.js'
import { failure } from './failure.js'
import { isoTimestamp } from './timestamp.js'

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A finite number, or undefined for anything else (null, NaN written as a string, a missing key). */
export const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)

/** The whole file as text; a file over the text limit becomes a failure instead of an exception. */
export async function readEvidenceText(source: EvidenceSource): Promise<{ ok: true; text: string } | ParseFailure> {
  try {
    return { ok: true, text: await source.text() }
  } catch (error) {
    if (error instanceof ReadProblem) return failure(error.message, error.line)
    return failure(`"${source.relPath}" could not be read: ${(error as Error).message}`)
  }
}

/** An evidence file stops at its first YAML problem. */
export function yamlFailure(problems: YamlProblem[]): ParseFailure {
  const first = problems[0]!
  return failure(first.message, first.line)
}

/**
 * The file's single YAML/JSON document, named for messages (`"path/to/file"`); an empty file is a
 * failure. `text` and `lineOffset` read YAML embedded in a larger file (a Markdown front matter).
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
  const lineOffset = embedded?.lineOffset ?? 0
  const parsed = parseYamlDocument(text, what, lineOffset)
  if (!parsed.ok) return yamlFailure(parsed.problems)
  if (parsed.document.value === null) return failure(`${what} is empty`, lineOffset + 1)
  return { ok: true, document: parsed.document, what }
}

/** The document's most specific JSON Schema problem as a failure at its line; undefined when the document is valid. */
function schemaFailure(schema: object, document: LocatedDocument, what: string): ParseFailure | undefined {
  const problem = mostSpecificProblem(schema, document.value)
  if (!problem) return undefined
  const line = document.nearestLineOf(problem.path)
  return failure(`${what}: ${problem.message}`, line)
}

/**
 * Checks one of the gate's own evidence files (drift, evaluation) against its schema, and its
 * optional `date`, which must name a real day and becomes the evidence timestamp.
 */
export function checkOwnFile(document: LocatedDocument, what: string, schema: object): { ok: true; timestamp?: string } | ParseFailure {
  const invalid = schemaFailure(schema, document, what)
  if (invalid) return invalid
  const { date } = document.value as { date?: string }
  if (date === undefined) return { ok: true }
  const timestamp = isoTimestamp(date)
  return timestamp ? { ok: true, timestamp } : failure(`${what}: date "${date}" is not a real date`, document.lineOf(['date']))
}
