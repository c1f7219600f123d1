// A fast reader for the plain block YAML that manifests, sign-offs, policies and evidence files are
// written in: block mappings and lists, single-line plain and quoted scalars, one-line flow lists and
// mappings of scalars, comments. It gives up (returns undefined) on anything else — anchors, tags,
// block scalars, multi-line scalars, escapes, directives, several documents, duplicate keys, tabs —
// and src/yaml/located.ts then parses the text with the yaml package, which also reports every error.
// What it accepts, it reads exactly as the yaml package does (YAML 1.2 core schema), positions
// included: __tests__/yaml/plain-block.test.ts compares both on generated documents and every YAML
// file of the examples and the evidence samples. It exists because the yaml package reads about
// 2 MB/s, which made YAML most of the gate's time at 1,000 systems (docs/performance.md).
import type { Position } from './located.js'

/** Where a node is written, and for a mapping or list where each entry is. */
export interface Spot extends Position {
  /** Mapping entries by key: where the key is written, and its value. */
  entries?: Map<string, { key: Position; value: Spot }>
  /** List items. */
  items?: Spot[]
}

export interface PlainDocument {
  value: unknown
  spot: Spot
}

interface Line {
  /** Column of the content (0-based); for an entry of a compact mapping in a list item, its key's column. */
  indent: number
  text: string
  line: number
}

/** Thrown to give the text up to the yaml package: one instance, made once, so no throw captures a stack. */
const GIVE_UP = new Error('left to the yaml package')

// Characters whose YAML meaning this reader does not model (tabs, CR, C0/C1 controls, line and
// paragraph separators, BOM, non-characters, lone surrogates).
const UNMODELLED = /[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
/** A plain scalar may not start with these (YAML indicators); `-`, `?` and `:` are checked apart. */
const INDICATOR_START = /^[,[\]{}#&*!|>'"%@`]/
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/
const CORE_OCT = /^0o[0-7]+$/
const CORE_INT = /^[-+]?[0-9]+$/
const CORE_HEX = /^0x[0-9a-fA-F]+$/
const CORE_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/
const CORE_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/

/** A plain scalar's value under the YAML 1.2 core schema, tested in the yaml package's order. */
function coreValue(text: string): unknown {
  if (CORE_NULL.test(text)) return null
  if (CORE_BOOL.test(text)) return text[0] === 't' || text[0] === 'T'
  if (CORE_OCT.test(text)) return parseInt(text.substring(2), 8)
  if (CORE_INT.test(text)) return parseInt(text, 10)
  if (CORE_HEX.test(text)) return parseInt(text.substring(2), 16)
  if (CORE_NAN.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  if (CORE_EXP.test(text) || CORE_FLOAT.test(text)) return parseFloat(text)
  return text
}

/** The text's one document, or undefined when it holds anything this reader leaves to the yaml package. */
export function parsePlainBlock(text: string, lineOffset = 0): PlainDocument | null | undefined {
  if (UNMODELLED.test(text)) return undefined
  const lines: Line[] = []
  const raw = text.split('\n')
  for (let index = 0; index < raw.length; index++) {
    const full = raw[index]!
    let indent = 0
    while (full.charCodeAt(indent) === 32) indent++
    const content = full.slice(indent)
    if (content === '' || content[0] === '#') continue
    // Directives and document markers: several documents, or a `---` header, go to the yaml package.
    if (indent === 0 && (content[0] === '%' || /^(?:---|\.\.\.)(?: |$)/.test(content))) return undefined
    lines.push({ indent, text: content, line: index + 1 + lineOffset })
  }
  // Only comments and blank lines: no document at all.
  if (lines.length === 0) return null
  try {
    const reader = new BlockReader(lines)
    const document = reader.node(lines[0]!.indent)
    if (reader.at < lines.length) return undefined
    return document
  } catch (error) {
    if (error === GIVE_UP) return undefined
    throw error
  }
}

class BlockReader {
  at = 0
  constructor(private readonly lines: Line[]) {}

  /** The block node (mapping or list) whose first line is the current one, at `indent`. */
  node(indent: number): PlainDocument {
    const first = this.lines[this.at]!
    if (first.indent !== indent) throw GIVE_UP
    return isListItem(first.text) ? this.list(indent) : this.mapping(indent)
  }

  private mapping(indent: number): PlainDocument {
    const first = this.lines[this.at]!
    const value: Record<string, unknown> = {}
    const entries = new Map<string, { key: Position; value: Spot }>()
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!
      if (line.indent < indent) break
      if (line.indent > indent || isListItem(line.text)) throw GIVE_UP
      const separator = keySeparator(line.text)
      if (separator < 0) throw GIVE_UP
      const key = mappingKey(line.text.slice(0, separator))
      if (entries.has(key)) throw GIVE_UP
      this.at++
      const keyAt = { line: line.line, column: indent + 1 }
      const entry = this.value(line, indent, separator + 1, true)
      setKey(value, key, entry.value)
      entries.set(key, { key: keyAt, value: entry.spot })
    }
    return { value, spot: { line: first.line, column: indent + 1, entries } }
  }

  private list(indent: number): PlainDocument {
    const first = this.lines[this.at]!
    const value: unknown[] = []
    const items: Spot[] = []
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!
      if (line.indent < indent) break
      if (line.indent > indent) throw GIVE_UP
      // A mapping at this indent continues the parent mapping (a list may sit at its key's indent).
      if (!isListItem(line.text)) break
      let start = 1
      while (line.text.charCodeAt(start) === 32) start++
      const rest = line.text.slice(start)
      if (rest !== '' && rest[0] !== '#' && !/^["'[{]/.test(rest) && keySeparator(rest) >= 0) {
        // A compact mapping (`- key: value`): its entries are the lines at its first key's column.
        if (isListItem(rest)) throw GIVE_UP
        line.indent = indent + start
        line.text = rest
        const item = this.node(line.indent)
        value.push(item.value)
        items.push(item.spot)
        continue
      }
      this.at++
      const item = this.value(line, indent, 1, false)
      value.push(item.value)
      items.push(item.spot)
    }
    return { value, spot: { line: first.line, column: indent + 1, items } }
  }

  /**
   * The value after a key's colon or an item's dash (at `from` in the line): a scalar or flow
   * collection on the line, else the block on the lines below, else null.
   */
  private value(line: Line, indent: number, from: number, inMapping: boolean): PlainDocument {
    let start = from
    while (line.text.charCodeAt(start) === 32) start++
    const rest = line.text.slice(start)
    const column = indent + start + 1
    if (rest === '' || rest[0] === '#') {
      if (rest[0] === '#' && start === from) throw GIVE_UP
      const next = this.lines[this.at]
      if (next && (next.indent > indent || (inMapping && next.indent === indent && isListItem(next.text)))) return this.node(next.indent)
      return { value: null, spot: { line: line.line, column } }
    }
    const scalar = inlineValue(rest, line.line, column)
    // A more indented line after a value on the line would continue it (a multi-line scalar).
    const next = this.lines[this.at]
    if (next && next.indent > indent) throw GIVE_UP
    return scalar
  }
}

/** A key named like a prototype property (`__proto__`, `toString`) still becomes an own property, as yaml's toJS makes it. */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key in object) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  else object[key] = value
}

function isListItem(text: string): boolean {
  return text[0] === '-' && (text.length === 1 || text[1] === ' ')
}

/** Index of the `:` that ends a plain mapping key on the line, or -1 when the line is no `key: ...` entry. */
function keySeparator(text: string): number {
  if (/^["'[{]/.test(text)) return -1
  for (let index = 0; index < text.length; index++) {
    const c = text.charCodeAt(index)
    if (c === 58 /* : */ && (index + 1 === text.length || text.charCodeAt(index + 1) === 32)) return index
    if (c === 35 /* # */ && index > 0 && text.charCodeAt(index - 1) === 32) return -1
  }
  return -1
}

/** A plain key that resolves to a string under the core schema, as written. */
function mappingKey(written: string): string {
  const key = written.trimEnd()
  if (key === '' || INDICATOR_START.test(key) || /^[-?:]/.test(key) || /[[\]{},]/.test(key)) throw GIVE_UP
  if (typeof coreValue(key) !== 'string') throw GIVE_UP
  return key
}

/** A scalar or one-line flow collection at the start of `text`, then only a comment. */
function inlineValue(text: string, line: number, column: number): PlainDocument {
  const c = text[0]!
  if (c === '"' || c === "'") {
    const { value, end } = quoted(text, 0)
    endOfLine(text, end)
    return { value, spot: { line, column } }
  }
  if (c === '[' || c === '{') return flow(text, line, column)
  return { value: plainScalar(text, false), spot: { line, column } }
}

/** After a value: nothing, or a comment after at least one space. */
function endOfLine(text: string, from: number): void {
  let index = from
  while (text.charCodeAt(index) === 32) index++
  if (index === text.length) return
  if (text[index] === '#' && index > from) return
  throw GIVE_UP
}

/** A single-line quoted scalar starting at `from`: its value and the index after its closing quote. */
function quoted(text: string, from: number): { value: string; end: number } {
  const quote = text[from]
  if (quote === '"') {
    const close = text.indexOf('"', from + 1)
    if (close < 0) throw GIVE_UP
    const value = text.slice(from + 1, close)
    // Escapes, and a quote left open to the next line, are the yaml package's to read.
    if (value.includes('\\')) throw GIVE_UP
    return { value, end: close + 1 }
  }
  let value = ''
  let index = from + 1
  for (;;) {
    const close = text.indexOf("'", index)
    if (close < 0) throw GIVE_UP
    value += text.slice(index, close)
    if (text[close + 1] === "'") {
      value += "'"
      index = close + 2
    } else return { value, end: close + 1 }
  }
}

/** A plain scalar that runs to the end of the line (or its comment); in a flow collection, to the next `,`, `]` or `}`. */
function plainScalar(text: string, inFlow: boolean): unknown {
  if (INDICATOR_START.test(text) || (/^[-?:]/.test(text) && (text.length === 1 || text[1] === ' '))) throw GIVE_UP
  const comment = text.indexOf(' #')
  const written = (comment < 0 ? text : text.slice(0, comment)).trimEnd()
  // `a: b` inside a value is a nested mapping the yaml package refuses; in flow, a pair.
  if (written.includes(': ') || written.endsWith(':')) throw GIVE_UP
  if (inFlow && /[[\]{},]/.test(written)) throw GIVE_UP
  return coreValue(written)
}

/** A one-line flow list of scalars (`[a, "b"]`) or flow mapping of scalars (`{ a: 1, b: x }`), then only a comment. */
function flow(text: string, line: number, column: number): PlainDocument {
  const isList = text[0] === '['
  const close = isList ? ']' : '}'
  const values: unknown[] = []
  const items: Spot[] = []
  const mapping: Record<string, unknown> = {}
  const entries = new Map<string, { key: Position; value: Spot }>()
  let index = 1
  const skipSpaces = (): void => {
    while (text.charCodeAt(index) === 32) index++
  }
  /** One scalar from `index`: quoted, or plain up to a flow indicator (`,`, the closing bracket, or `: ` for a key). */
  const scalar = (asKey: boolean): { value: unknown; at: number } => {
    const at = index
    if (text[index] === '"' || text[index] === "'") {
      const read = quoted(text, index)
      index = read.end
      return { value: read.value, at }
    }
    let end = index
    while (end < text.length) {
      const c = text[end]
      if (c === ',' || c === ']' || c === '}' || c === '[' || c === '{') break
      if (c === ':' && (asKey || text[end + 1] === ' ' || text[end + 1] === ',' || text[end + 1] === close)) break
      if (c === '#' && text[end - 1] === ' ') throw GIVE_UP
      end++
    }
    const written = text.slice(index, end).trimEnd()
    if (written === '') throw GIVE_UP
    index = end
    return { value: asKey ? mappingKey(written) : plainScalar(written, true), at }
  }
  skipSpaces()
  if (text[index] !== close) {
    for (;;) {
      skipSpaces()
      if (isList) {
        const item = scalar(false)
        values.push(item.value)
        items.push({ line, column: column + item.at })
      } else {
        if (text[index] === '"' || text[index] === "'") throw GIVE_UP
        const key = scalar(true)
        if (text[index] !== ':' || text[index + 1] !== ' ') throw GIVE_UP
        index += 1
        skipSpaces()
        if (text[index] === ',' || text[index] === close) throw GIVE_UP
        const item = scalar(false)
        const name = key.value as string
        if (entries.has(name)) throw GIVE_UP
        setKey(mapping, name, item.value)
        entries.set(name, { key: { line, column: column + key.at }, value: { line, column: column + item.at } })
      }
      skipSpaces()
      if (text[index] === ',') {
        index++
        skipSpaces()
        // A trailing comma, or an empty entry, is left to the yaml package.
        if (text[index] === close || text[index] === ',') throw GIVE_UP
        continue
      }
      if (text[index] === close) break
      throw GIVE_UP
    }
  }
  endOfLine(text, index + 1)
  return isList ? { value: values, spot: { line, column, items } } : { value: mapping, spot: { line, column, entries } }
}
