// The fast reader of plain block YAML must read what it accepts exactly as the yaml package does —
// value and every position — and leave everything else to it. Checked on generated documents (well
// formed and mutated) and on every YAML file of the examples, fixtures and evidence samples.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml'
import { parsePlainBlock, type Spot } from '../../src/yaml/plain-block.js'
import { parseYamlDocument } from '../../src/yaml/located.js'

const PROJECT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const OPTIONS = { schema: 'core', uniqueKeys: true, strict: true, merge: false, prettyErrors: false } as const

interface Reference {
  ok: boolean
  value?: unknown
  spot?: Spot | null
}

/** The yaml package's reading: its value, and the positions of every node, as the gate used to take them. */
function reference(text: string): Reference {
  const lineCounter = new LineCounter()
  const documents = parseAllDocuments(text, { lineCounter, ...OPTIONS })
  if (documents.some((document) => document.errors.length > 0) || documents.length > 1) return { ok: false }
  const document = documents[0]
  if (!document || document.contents === null) return { ok: true, value: null, spot: null }
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  const visit = (node: unknown): Spot => {
    const spot: Spot = at((node as { range: [number, number, number] }).range[0])
    if (isMap(node)) {
      spot.entries = new Map()
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) throw new Error('unexpected key')
        spot.entries.set(String(pair.key.value), { key: at(pair.key.range![0]), value: visit(pair.value) })
      }
    } else if (isSeq(node)) {
      spot.items = node.items.map(visit)
    }
    return spot
  }
  return { ok: true, value: document.toJS({ maxAliasCount: 100 }), spot: visit(document.contents) }
}

/** Spots as plain objects, for toEqual. */
function plain(spot: Spot | null | undefined): unknown {
  if (!spot) return spot
  return {
    line: spot.line,
    column: spot.column,
    ...(spot.entries ? { entries: [...spot.entries].map(([key, entry]) => [key, entry.key, plain(entry.value)]) } : {}),
    ...(spot.items ? { items: spot.items.map(plain) } : {})
  }
}

/** Accepted texts read as the yaml package reads them; returns whether it was accepted. */
function expectSameReading(text: string): boolean {
  const fast = parsePlainBlock(text)
  if (fast === undefined) return false
  const expected = reference(text)
  if (!expected.ok) throw new Error(`accepted a text the yaml package refuses:\n${text}`)
  if (fast === null) {
    expect(expected.value).toBeNull()
    return true
  }
  expect({ text, value: fast.value }).toEqual({ text, value: expected.value })
  expect({ text, spot: plain(fast.spot) }).toEqual({ text, spot: plain(expected.spot) })
  return true
}

const KEYS = [
  'system',
  'stage',
  'model-version',
  'p95-ms',
  'a b',
  'a#b',
  'x.y',
  'true',
  '1',
  'null',
  '~',
  '__proto__',
  'toString',
  '"quoted"',
  "'single'",
  '-dash',
  '? q',
  'k:v',
  'url:',
  '<<',
  'a[0]',
  'é',
  'key '
]
const SCALARS = [
  'plain text',
  '"@alice"',
  "'it''s'",
  "''",
  '""',
  'text # comment',
  'text#hash',
  'a: b',
  'a:b',
  'http://x.y/z',
  '- a',
  '-1',
  '+2',
  '0o17',
  '0x1F',
  '012',
  '1e5',
  '1.5e-3',
  '.5',
  '3.',
  '.inf',
  '-.Inf',
  '.NaN',
  '~',
  'null',
  'Null',
  'NULL',
  'true',
  'False',
  'yes',
  '2026-11-10',
  '4.1.0',
  '1_000',
  '"a\\nb"',
  '"a # b"',
  '"unclosed',
  "'unclosed",
  '|',
  '>-',
  '&anchor x',
  '*alias',
  '!tag x',
  '%x',
  '@x',
  '`x',
  '[a, b]',
  '[ "a", \'b\' ]',
  '[]',
  '[ ]',
  '{}',
  '{ version: 2.3.0 }',
  '{a: 1, b: x}',
  '{ a: 1, a: 2 }',
  '[a,]',
  '[a, , b]',
  '[a:b]',
  '[a: b]',
  '[[a]]',
  '{a:1}',
  '{ "a": 1 }',
  '[a, b] # c',
  '[a, b]x',
  '"a"b',
  '"a" # c',
  'x, y',
  '[a',
  'a ]',
  '🙂 smile',
  '(object lock)',
  's3://a (b)',
  '#notcomment',
  '? x',
  ': x',
  ', x',
  'a\tb'
]

const COMMON_KEYS = ['system', 'stage', 'owner', 'model-version', 'p95-ms', 'name', 'value']
const COMMON_SCALARS = ['plain text', '"@alice"', '42', '0.93', '2026-11-10', '4.1.0', 'true', '[a, b]', 'text # comment', "'quoted'"]
// Mostly what files hold, with the tricky cases mixed in.
const scalar = fc.oneof({ arbitrary: fc.constantFrom(...COMMON_SCALARS), weight: 6 }, { arbitrary: fc.constantFrom(...SCALARS), weight: 1 })
const key = fc.oneof({ arbitrary: fc.constantFrom(...COMMON_KEYS), weight: 6 }, { arbitrary: fc.constantFrom(...KEYS), weight: 1 })
/** Mapping entries with distinct keys (a key written twice is the mutation test's and the error test's). */
const entries = <T>(value: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<[string, T][]> =>
  fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength, selector: (entry) => entry[0] })
type Tree = string | { map: [string, Tree][] } | { list: Tree[] }
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.record({ map: entries(tie('node'), 4) }),
    fc.record({ list: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) })
  )
})).node

interface Style {
  indent: number
  listAtKeyIndent: boolean
  compact: boolean
  comments: boolean
  gap: string
}

/** Writes a tree as block YAML in one of several styles people use. */
function write(node: Tree, style: Style, depth = 0): string[] {
  const pad = ' '.repeat(depth)
  if (typeof node === 'string') return [`${pad}${node}`]
  if ('map' in node) {
    return node.map.flatMap(([k, value]) => {
      const head = `${pad}${k}:`
      if (typeof value === 'string') return [`${head}${style.gap}${value}`, ...(style.comments ? [`${pad}# note`] : [])]
      const inner = 'list' in value && style.listAtKeyIndent ? depth : depth + style.indent
      return [head + (style.comments ? '  # block' : ''), ...write(value, style, inner)]
    })
  }
  return node.list.flatMap((item) => {
    if (typeof item === 'string') return [`${pad}-${style.gap}${item}`]
    const inner = write(item, style, depth + 2)
    if (style.compact && 'map' in item) return [`${pad}- ${inner[0]!.slice(depth + 2)}`, ...inner.slice(1)]
    return [`${pad}-`, ...inner]
  })
}

const style = fc.record({
  indent: fc.constantFrom(2, 4),
  listAtKeyIndent: fc.boolean(),
  compact: fc.boolean(),
  comments: fc.boolean(),
  gap: fc.constantFrom(' ', '  ')
})

describe('plain block YAML reader', () => {
  it('reads generated documents as the yaml package does, or leaves them to it', () => {
    let accepted = 0
    let runs = 0
    fc.assert(
      fc.property(fc.record({ map: entries(tree, 5) }), style, (root, chosen) => {
        runs++
        if (expectSameReading(`${write(root, chosen).join('\n')}\n`)) accepted++
      }),
      { numRuns: 600 }
    )
    // The generator mixes in many constructs left to the yaml package; enough documents must still take the fast path.
    expect(accepted / runs).toBeGreaterThan(0.2)
  })

  it('reads mutated documents as the yaml package does, or leaves them to it', () => {
    const base = fc.tuple(fc.record({ map: entries(tree, 4) }), style).map(([root, chosen]) => write(root, chosen))
    fc.assert(
      fc.property(
        base,
        fc.nat(),
        fc.nat(),
        fc.constantFrom('drop-char', 'add-space', 'drop-space', 'swap-lines', 'add-dash', 'add-colon', 'add-hash', 'duplicate-line', 'crlf', 'bom'),
        (lines, at, where, mutation) => {
          const index = at % lines.length
          const line = lines[index]!
          const column = line.length ? where % line.length : 0
          const edited = [...lines]
          if (mutation === 'drop-char') edited[index] = line.slice(0, column) + line.slice(column + 1)
          if (mutation === 'add-space') edited[index] = line.slice(0, column) + ' ' + line.slice(column)
          if (mutation === 'drop-space') edited[index] = line.replace(' ', '')
          if (mutation === 'swap-lines' && index + 1 < lines.length) [edited[index], edited[index + 1]] = [lines[index + 1]!, line]
          if (mutation === 'add-dash') edited[index] = `- ${line}`
          if (mutation === 'add-colon') edited[index] = `${line}:`
          if (mutation === 'add-hash') edited[index] = line.slice(0, column) + '#' + line.slice(column)
          if (mutation === 'duplicate-line') edited.splice(index, 0, line)
          const text = `${edited.join(mutation === 'crlf' ? '\r\n' : '\n')}\n`
          expectSameReading(mutation === 'bom' ? `\ufeff${text}` : text)
        }
      ),
      { numRuns: 1500 }
    )
  })

  it('reads every YAML file of the examples, fixtures and evidence samples as the yaml package does', () => {
    const files: string[] = []
    const collect = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name === '.git') continue
        const full = path.join(dir, name)
        if (statSync(full).isDirectory()) collect(full)
        else if (/\.ya?ml$/.test(name)) files.push(full)
      }
    }
    for (const dir of ['examples', '__tests__', '.github', '../shared/evidence-samples']) collect(path.join(PROJECT, dir))
    let accepted = 0
    for (const file of files) if (expectSameReading(readFileSync(file, 'utf8').replace(/^\ufeff/, ''))) accepted++
    expect(files.length).toBeGreaterThan(30)
    // Manifests, sign-offs, policies and most evidence files are plain block YAML.
    expect(accepted / files.length).toBeGreaterThan(0.5)
  })

  it('shifts lines of embedded YAML and locates as before', () => {
    const text = '# front matter\nsystem: a\nlist:\n- x\n- y: 1\n  z:\n'
    const parsed = parseYamlDocument(text, 'The manifest', 3)
    if (!parsed.ok) throw new Error('not parsed')
    expect(parsed.document.value).toEqual({ system: 'a', list: ['x', { y: 1, z: null }] })
    expect(parsed.document.locate(['list', 1, 'z'])).toEqual({ line: 9, column: 3, found: true })
    expect(parsed.document.locate(['list', 1, 'missing'])).toEqual({ line: 8, column: 3, found: false })
    expect(parsed.document.valueLineOf(['list'])).toBe(7)
    expect(parsed.document.lineOf(['nope'])).toBeUndefined()
  })

  it('leaves errors to the yaml package, which names them', () => {
    for (const text of ['a: 1\na: 2\n', 'a: b: c\n', 'a:\n  - x\n - y\n', '- a\nb: 1\n']) {
      expect(parsePlainBlock(text)).toBeUndefined()
      expect(parseYamlDocument(text, 'The manifest').ok).toBe(false)
    }
  })
})
