import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { arrayElementLines, readJsonLines, splitJsonArray, UnsplitJson } from '../../../src/evidence/parsing/llm-common.js'
import { openFile, writeScratch } from '../parsers/evidence-files.js'

/** A JSON document as written: objects keep their keys in order (and may hold any key, `__proto__` too). */
type Node = { kind: 'leaf'; value: unknown } | { kind: 'array'; items: Node[] } | { kind: 'object'; entries: [string, Node][] }

/**
 * Writes `node` with `gap()` between tokens and records, as it writes, the line where each element of
 * the array at `path` starts: the oracle the scanner must agree with.
 */
function write(node: Node, path: readonly string[], gap: () => string): { text: string; lines: number[] | undefined } {
  let text = ''
  let lines: number[] | undefined
  const line = (): number => text.split('\n').length
  const emit = (current: Node, rest: readonly string[] | undefined): void => {
    if (current.kind === 'leaf') text += JSON.stringify(current.value)
    else if (current.kind === 'array') {
      const target = rest !== undefined && rest.length === 0
      if (target) lines = []
      text += '['
      current.items.forEach((item, index) => {
        text += (index ? ',' : '') + gap()
        if (target) lines!.push(line())
        emit(item, undefined)
        text += gap()
      })
      text += ']'
    } else {
      text += '{'
      current.entries.forEach(([key, value], index) => {
        text += (index ? ',' : '') + gap() + JSON.stringify(key) + gap() + ':' + gap()
        emit(value, rest !== undefined && rest.length > 0 && rest[0] === key ? rest.slice(1) : undefined)
        text += gap()
      })
      text += '}'
    }
  }
  emit(node, path)
  return { text, lines }
}

// Keys and strings full of what a scanner could mistake for structure: quotes, backslashes, brackets, commas.
const tricky = fc.string({ unit: fc.constantFrom('a', '"', '\\', '[', ']', '{', '}', ',', ':', '\n', 'é', ' ', '\u2028') })
// The callers' paths are plain names ('results', 'data'); other keys may hold anything.
const name = fc.constantFrom('results', 'data', 'samples', '__proto__', 'a')
const key = fc.oneof(name, tricky)
const leaf = fc
  .oneof(tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
  .map((value): Node => ({ kind: 'leaf', value }))
const { node } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }).map((items): Node => ({ kind: 'array', items })),
    fc.uniqueArray(fc.tuple(key, tie('node')), { maxLength: 4, selector: ([name]) => name }).map((entries): Node => ({ kind: 'object', entries }))
  )
}))
const gaps = fc.constantFrom(['', ''], ['', ' ', '\n', '\n  ', '\t', '\r\n', '\n\n'])

/** A document with `at` (an array or something else) at `path`, among other keys at every level. */
const documents = fc
  .record({
    path: fc.array(name, { maxLength: 3 }),
    at: fc.oneof(
      fc.array(node, { maxLength: 6 }).map((items): Node => ({ kind: 'array', items })),
      node
    ),
    siblings: fc.array(fc.tuple(fc.uniqueArray(fc.tuple(key, node), { maxLength: 3, selector: ([name]) => name }), fc.nat()), { minLength: 3, maxLength: 3 })
  })
  .map(({ path, at, siblings }) => {
    let document = at
    path.forEach((name, depth) => {
      const [others, position] = siblings[path.length - 1 - depth]!
      const entries = others.filter(([other]) => other !== name)
      entries.splice(position % (entries.length + 1), 0, [name, document])
      document = { kind: 'object', entries }
    })
    return { path, document }
  })

describe('arrayElementLines', () => {
  it('finds the line where each element of the array at a path starts, whatever the layout and the strings hold', () => {
    fc.assert(
      fc.property(documents, gaps, fc.infiniteStream(fc.nat()), ({ path, document }, choices, picks) => {
        const pick = picks[Symbol.iterator]()
        const { text, lines } = write(document, path, () => choices[pick.next().value % choices.length]!)
        expect(() => JSON.parse(text) as unknown).not.toThrow()
        expect(arrayElementLines(text, path)).toEqual(lines)
      }),
      { numRuns: 2000 }
    )
  })

  it('is undefined where the path leads to no array, and empty for an empty one', () => {
    expect(arrayElementLines('{"results": {"results": 3}}', ['results', 'results'])).toBeUndefined()
    expect(arrayElementLines('{"results": [[1], [2]]}', ['results', 'results'])).toBeUndefined()
    expect(arrayElementLines('{"data": []}', ['data'])).toEqual([])
    expect(arrayElementLines('[\n1,\n"]",\n{"a": "[\\"]"}\n]', [])).toEqual([2, 3, 4])
  })

  it('places every row of a real promptfoo eval output at its opening brace', () => {
    const text = readFileSync(new URL('../../../examples/production-ready/eval/promptfoo-eval.json', import.meta.url), 'utf8')
    const rows = (JSON.parse(text) as { results: { results: unknown[] } }).results.results
    const lines = arrayElementLines(text, ['results', 'results'])!
    const textLines = text.split('\n')
    expect(lines).toHaveLength(rows.length)
    expect(lines.every((line) => textLines[line - 1]!.trim() === '{')).toBe(true)
    expect(new Set(lines).size).toBe(rows.length)
  })
})

/** The document a split describes, its array put back where it was: what JSON.parse of the whole text returns. */
function reassembled(split: NonNullable<ReturnType<typeof splitJsonArray>>, path: readonly string[]): unknown {
  const items = Array.from({ length: split.elements.length }, (_, index) => split.elements.at(index))
  if (path.length === 0) return items
  let parent = split.document as Record<string, unknown>
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>
  Object.defineProperty(parent, path.at(-1)!, { value: items, writable: true, enumerable: true, configurable: true })
  return split.document
}

/** Every element parsed (the rest too), or UnsplitJson: the text then has to be read whole. */
function readsWhole(split: NonNullable<ReturnType<typeof splitJsonArray>>, path: readonly string[]): unknown {
  try {
    const value = reassembled(split, path)
    split.parseRest()
    return value
  } catch (error) {
    if (error instanceof UnsplitJson) return UnsplitJson
    throw error
  }
}

describe('splitJsonArray', () => {
  it('reads any JSON document, whatever the layout and the strings hold, as JSON.parse does, the array element by element, at their lines', () => {
    fc.assert(
      fc.property(documents, gaps, fc.infiniteStream(fc.nat()), ({ path, document }, choices, picks) => {
        const pick = picks[Symbol.iterator]()
        const { text, lines } = write(document, path, () => choices[pick.next().value % choices.length]!)
        const split = splitJsonArray(text, path)
        if (lines === undefined) {
          expect(split).toBeUndefined()
          expect(splitJsonArray(text, path, 'indented')).toBeUndefined()
          return
        }
        expect(split).toBeDefined()
        expect(split!.elements.lines).toEqual(lines)
        expect(JSON.stringify(readsWhole(split!, path))).toBe(JSON.stringify(JSON.parse(text)))
        // The indented split may not apply, or guess wrong (a piece that does not parse); when it reads, it reads the same.
        const indented = splitJsonArray(text, path, 'indented')
        const read = indented && readsWhole(indented, path)
        if (indented && read !== UnsplitJson) {
          expect(indented.elements.lines).toEqual(lines)
          expect(JSON.stringify(read)).toBe(JSON.stringify(JSON.parse(text)))
        }
      }),
      { numRuns: 2000 }
    )
  })

  it('never reads a text that is not JSON: with a character dropped, doubled or a stray one added, it splits into pieces that all parse only when the whole does', () => {
    const strays = fc.constantFrom(',', ']', '[', '{', '}', '"', '\\', ':', 'x', '1', ' ')
    fc.assert(
      fc.property(documents, gaps, fc.infiniteStream(fc.nat()), fc.nat(), fc.nat({ max: 2 }), strays, ({ path, document }, choices, picks, at, edit, stray) => {
        const pick = picks[Symbol.iterator]()
        const { text: valid } = write(document, path, () => choices[pick.next().value % choices.length]!)
        const position = at % (valid.length + 1)
        const text =
          edit === 0
            ? valid.slice(0, position) + valid.slice(position + 1)
            : edit === 1
              ? valid.slice(0, position) + valid.slice(position, position + 1) + valid.slice(position)
              : valid.slice(0, position) + stray + valid.slice(position)
        let whole: unknown = UnsplitJson
        try {
          whole = JSON.parse(text)
        } catch {
          // Not JSON: no split may read it.
        }
        for (const layout of ['scanned', 'indented'] as const) {
          const split = splitJsonArray(text, path, layout)
          if (!split) continue
          const read = readsWhole(split, path)
          if (whole === UnsplitJson) expect(read).toBe(UnsplitJson)
          else if (read !== UnsplitJson) expect(JSON.stringify(read)).toBe(JSON.stringify(whole))
        }
      }),
      { numRuns: 3000 }
    )
  })

  it('splits an array of objects as JSON.stringify indents it by the indentation alone, reading it as JSON.parse does, at the same lines as the scan', () => {
    const valueOf = (value: Node): unknown => JSON.parse(write(value, [], () => '').text)
    const objects = fc.array(
      node.map((value) => (value.kind === 'object' ? valueOf(value) : { a: valueOf(value) })),
      { maxLength: 6 }
    )
    const siblings = fc.uniqueArray(fc.tuple(key, node), { maxLength: 4, selector: ([name]) => name })
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, siblings, fc.nat()), { maxLength: 3 }),
        objects,
        fc.constantFrom(2, 4, '\t', ' '),
        fc.boolean(),
        (levels, items, indent, crlf) => {
          // The array at the levels' keys, among other keys at every level (__proto__ too, as an own key).
          let document: unknown = items
          for (const [name, others, position] of [...levels].reverse()) {
            const entries: [string, unknown][] = others.filter(([other]) => other !== name).map(([other, value]) => [other, valueOf(value)])
            entries.splice(position % (entries.length + 1), 0, [name, document])
            const level = {}
            for (const [entry, value] of entries) Object.defineProperty(level, entry, { value, enumerable: true, writable: true, configurable: true })
            document = level
          }
          const path = levels.map(([name]) => name)
          let text = JSON.stringify(document, null, indent)
          if (crlf) text = text.replace(/\n/g, '\r\n')
          const scanned = splitJsonArray(text, path, 'scanned')!
          const split = splitJsonArray(text, path, 'indented')
          expect(split).toBeDefined()
          expect(split!.elements.lines).toEqual(scanned.elements.lines)
          expect(JSON.stringify(readsWhole(split!, path))).toBe(JSON.stringify(JSON.parse(text)))
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('leaves a text to be read whole when a later duplicate key replaces the array, or a stray comma ends it', () => {
    expect(splitJsonArray('{"data": [1, 2], "data": [3]}', ['data'])).toBeUndefined()
    expect(splitJsonArray('{"data": [1, 2,]}', ['data'])).toBeUndefined()
    expect(splitJsonArray('{"data": [1, 2] x}', ['data'])).toBeUndefined()
    const split = splitJsonArray('{"data": [1, {"a": [2]}, "]"], "n": 3}', ['data'])!
    expect(split.document).toEqual({ data: [], n: 3 })
    expect([0, 1, 2].map((index) => split.elements.at(index))).toEqual([1, { a: [2] }, ']'])
    const broken = splitJsonArray('{"data": [1, {"a": 2 "b": 3}]}', ['data'])!
    expect(broken.elements.at(0)).toBe(1)
    expect(() => broken.elements.at(1)).toThrow(UnsplitJson)
  })
})

describe('readJsonLines on a file larger than a read chunk', () => {
  it('reads every line and its number through the reused read buffers, lines cut at chunk ends included', async () => {
    // About 3.5 MiB (the reader takes 1 MiB at a time into two buffers used in turn): short lines, blank
    // lines, CRLF ends, and a 1.5 MiB line that spans a whole chunk.
    const expected: { n: number; line: number }[] = []
    let text = ''
    let line = 1
    for (let n = 0; text.length < 3.5 * 1024 * 1024; n++) {
      if (n % 97 === 0) {
        text += '\n'
        line++
      }
      const pad = n === 4000 ? 'x'.repeat(1.5 * 1024 * 1024) : 'é'.repeat(n % 300)
      text += `${JSON.stringify({ n, pad })}${n % 5 === 0 ? '\r\n' : '\n'}`
      expected.push({ n, line })
      line++
    }
    const source = await openFile(writeScratch('big.jsonl', text), 'big.jsonl')
    expect(source.size).toBeGreaterThan(3 * 1024 * 1024)
    const seen: { n: number; line: number }[] = []
    const result = await readJsonLines(source, 'a test file', (entry) => {
      const value = entry.json() as { n: number; pad: string }
      expect(value.pad.length).toBe(value.n === 4000 ? 1.5 * 1024 * 1024 : value.n % 300)
      seen.push({ n: value.n, line: entry.line })
      return undefined
    })
    expect(result).toEqual({ ok: true, lines: line - 1 })
    expect(seen).toEqual(expected)
  })
})
