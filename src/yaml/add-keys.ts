// Adds to a YAML file the keys of a skeleton it lacks, and changes nothing else: every existing line,
// value and comment stays byte for byte. The yaml Document API finds where each map of the file starts
// and ends; each missing key is inserted as the skeleton writes it (its comments included), at the end
// of the map it belongs in, indented as that map is. `init` raises a manifest's stage with it.
import type { Pair, YAMLMap } from 'yaml'
import { incompleteInstall } from './located.js'
import yamlPackage from './yaml-package.cjs'

/** Not ok: the file cannot take the keys (message says why), or this install cannot edit YAML (`incompleteInstall`). */
export type AddKeysResult = { ok: true; text: string; added: string[] } | { ok: false; message: string; incompleteInstall?: true }

interface Insert {
  at: number
  text: string
}

/**
 * The file with every key path of `skeleton` that `text` lacks added, and the dotted paths added. A key
 * the file holds with a value that is no map (a scalar, a list, a flow map) keeps that value; its
 * skeleton keys are not added.
 */
export function addMissingKeys(text: string, skeleton: string): AddKeysResult {
  let yaml: ReturnType<typeof yamlPackage>
  try {
    yaml = yamlPackage()
  } catch (error) {
    return { ok: false, message: incompleteInstall(error), incompleteInstall: true }
  }
  const { isMap, isScalar, parseDocument } = yaml
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false })
  if (document.errors.length > 0) return { ok: false, message: `it is not valid YAML (${document.errors[0]!.message.split('\n')[0]})` }
  if (!isMap(document.contents)) return { ok: false, message: 'it is not a mapping of keys' }
  const source = parseDocument(skeleton)
  if (!isMap(source.contents)) throw new Error('the skeleton is not a mapping of keys')
  const skeletonLines = skeleton.split('\n')
  const inserts: Insert[] = []
  const added: string[] = []

  const merge = (target: YAMLMap, from: YAMLMap, path: string[]): void => {
    const missing: Pair[] = []
    for (const pair of from.items) {
      const key = keyOf(pair)
      const present = target.items.find((candidate) => keyOf(candidate) === key)
      if (!present) {
        missing.push(pair)
        continue
      }
      if (!isMap(pair.value)) continue
      if (isMap(present.value) && !present.value.flow) merge(present.value, pair.value, [...path, key])
      else if (present.value === null || (isScalar(present.value) && present.value.value === null)) {
        // `evidence:` with nothing under it: the skeleton's keys go beneath it.
        const keyRange = rangeOf(present.key)
        inserts.push({ at: lineEndAfter(text, keyRange[1]), text: blocksOf(pair.value.items, skeletonLines, columnOf(text, keyRange[0]) + 2) })
        for (const child of pair.value.items) added.push([...path, key, keyOf(child)].join('.'))
      }
    }
    if (missing.length === 0) return
    const first = target.items[0] as Pair
    const indent = columnOf(text, rangeOf(first.key)[0])
    inserts.push({ at: mapEnd(text, target), text: blocksOf(missing, skeletonLines, indent) })
    for (const pair of missing) added.push([...path, keyOf(pair)].join('.'))
  }
  merge(document.contents, source.contents, [])

  let out = text
  // From the end backwards, so earlier offsets stay valid; inserts at one offset keep their order.
  for (const insert of inserts.map((entry, index) => ({ ...entry, index })).sort((a, b) => b.at - a.at || b.index - a.index)) {
    const before = out.slice(0, insert.at)
    out = `${before}${before.length > 0 && !before.endsWith('\n') ? '\n' : ''}${insert.text}${out.slice(insert.at)}`
  }
  return { ok: true, text: out, added }
}

function keyOf(pair: Pair): string {
  const { isScalar } = yamlPackage()
  return String(isScalar(pair.key) ? pair.key.value : pair.key)
}

/** Where a parsed key is written: [start, value end, node end] offsets. */
function rangeOf(key: unknown): [number, number, number] {
  const range = (key as { range?: [number, number, number] } | null)?.range
  if (!range) throw new Error('a parsed key has no position')
  return range
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1)
}

/** The offset just past the line holding `offset`. */
function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset)
  return newline < 0 ? text.length : newline + 1
}

/** Where a block map's last entry ends (past its line). */
function mapEnd(text: string, map: YAMLMap): number {
  const end = map.range?.[2] ?? text.length
  return text[end - 1] === '\n' ? end : lineEndAfter(text, end)
}

/**
 * The skeleton's lines for some entries of one map: each key's line, the comment lines just above it
 * and every deeper line below it, re-indented to `indent`.
 */
function blocksOf(pairs: Pair[], lines: string[], indent: number): string {
  const out: string[] = []
  for (const pair of pairs) {
    const offset = rangeOf(pair.key)[0]
    const keyLine = lineIndexOf(lines, offset)
    const own = leadingSpaces(lines[keyLine]!)
    let start = keyLine
    while (start > 0 && /^\s*#/.test(lines[start - 1]!) && leadingSpaces(lines[start - 1]!) === own) start--
    let end = keyLine + 1
    while (end < lines.length && (lines[end]!.trim() === '' ? false : leadingSpaces(lines[end]!) > own)) end++
    for (const line of lines.slice(start, end)) out.push(`${' '.repeat(indent)}${line.slice(own)}`)
  }
  return `${out.join('\n')}\n`
}

function lineIndexOf(lines: string[], offset: number): number {
  let consumed = 0
  for (let index = 0; index < lines.length; index++) {
    consumed += lines[index]!.length + 1
    if (offset < consumed) return index
  }
  return lines.length - 1
}

const leadingSpaces = (line: string): number => line.length - line.trimStart().length

/** The file with the plain scalar value of a top-level key replaced (its comment and quoting style aside, nothing else changes). */
export function setTopLevelScalar(text: string, key: string, value: string): string {
  const { isMap, isScalar, parseDocument } = yamlPackage()
  const document = parseDocument(text, { prettyErrors: false })
  const pair = isMap(document.contents) ? (document.contents.items as Pair[]).find((candidate) => keyOf(candidate) === key) : undefined
  const range = isScalar(pair?.value) ? pair.value.range : undefined
  if (!range) throw new Error(`the file has no top-level scalar "${key}"`)
  return `${text.slice(0, range[0])}${value}${text.slice(range[1])}`
}
