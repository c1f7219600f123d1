// YAML parsing that keeps positions, refuses duplicate keys and caps alias expansion, so that every
// problem becomes a sentence at a line instead of an exception. Shared by manifests, policy and sign-offs.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml'
import type { Location } from '../report/types.js'

export type KeyPath = readonly (string | number)[]

export interface YamlProblem {
  message: string
  line: number
  column: number
}

export interface ParsedYaml {
  /** The plain data, or undefined when the text could not be turned into data. */
  data: unknown
  problems: YamlProblem[]
  /** Where a key path is written: the key of a mapping entry, the item of a sequence; the nearest existing ancestor otherwise. */
  locate(path: KeyPath): { line: number; column: number; found: boolean }
}

/** More aliases than this in one document is treated as an alias bomb. */
const MAX_ALIASES = 100
/** Deeper flow nesting is refused before parsing: the yaml package can exhaust V8's regexp memory and abort the process on it. */
export const MAX_FLOW_DEPTH = 64

/**
 * The deepest `[`/`{` nesting in the text, counted without regard to quotes (so it can only
 * over-count, and only for text no real manifest contains). Stops counting past `limit`.
 */
export function flowDepthOver(text: string, limit: number): { line: number } | undefined {
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

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter()
  const problems: YamlProblem[] = []
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  const deep = flowDepthOver(text, MAX_FLOW_DEPTH)
  if (deep) {
    return { data: undefined, problems: [{ message: `the YAML nests brackets more than ${MAX_FLOW_DEPTH} levels deep`, line: deep.line, column: 1 }], locate: () => ({ line: deep.line, column: 1, found: false }) }
  }
  let doc
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, schema: 'core', prettyErrors: false, strict: true, merge: false })
  } catch (error) {
    return { data: undefined, problems: [{ message: explainThrown(error), line: 1, column: 1 }], locate: () => ({ line: 1, column: 1, found: false }) }
  }
  for (const error of doc.errors) {
    problems.push({ message: yamlMessage(error.code, error.message), ...at(error.pos[0]) })
  }
  const locate = (path: KeyPath): { line: number; column: number; found: boolean } => {
    let node: unknown = doc.contents
    let best = { line: 1, column: 1 }
    if (node && typeof node === 'object' && 'range' in node && Array.isArray((node as Node).range)) best = at((node as Node).range![0])
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment))
        if (!pair) return { ...best, found: false }
        const key = pair.key as Node
        if (key.range) best = at(key.range[0])
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined
        if (!item) return { ...best, found: false }
        if (item.range) best = at(item.range[0])
        node = item
      } else {
        return { ...best, found: false }
      }
    }
    return { ...best, found: true }
  }
  if (problems.length > 0) return { data: undefined, problems, locate }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES })
  } catch (error) {
    return { data: undefined, problems: [{ message: explainThrown(error), line: 1, column: 1 }], locate }
  }
  return { data, problems, locate }
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
  if (code === 'DUPLICATE_KEY') return 'a key is written twice in the same mapping; keep one'
  if (code === 'MULTIPLE_DOCS') return 'the file holds several YAML documents; keep one'
  return `YAML syntax error: ${first}`
}

function explainThrown(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof RangeError) return 'the YAML nests too deeply to read'
  if (/alias/i.test(message)) return `the YAML expands too many aliases (over ${MAX_ALIASES}); refusing a possible alias bomb`
  return `the YAML could not be read: ${message.split('\n')[0]}`
}

/** `owners.raci.data`, `waivers[0].expires` */
export function displayPath(path: KeyPath): string {
  return path.reduce<string>((out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '')
}

export function toLocation(file: string, pos: { line: number; column: number }): Location {
  return { file, line: pos.line, column: pos.column }
}
