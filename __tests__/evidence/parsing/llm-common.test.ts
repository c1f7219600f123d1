import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import {
  addUsage,
  arrayElementLines,
  caseAttributes,
  CaseMetrics,
  compact,
  countField,
  firstLine,
  MAX_LISTED_CASES,
  MAX_SEGMENT_VALUES,
  nonFiniteToNull,
  pushCase,
  readJsonLines,
  readPythonJson,
  SegmentTally,
  splitJsonArray,
  UnsplitJson
} from '../../../src/evidence/parsing/llm-common.js'
import { FieldProblem } from '../../../src/evidence/parsing/failure.js'
import type { EvaluationCase, UsageFigures } from '../../../src/evidence/types.js'
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

// The shared counting under the promptfoo, DeepEval, Inspect and ragas readers: what each metric's mean is over,
// how many cases lack a value, and the same per segment. A miscount here passes a mean on fewer cases than it says.
describe('CaseMetrics', () => {
  it('counts a case without a finite value as missing, never as a sample, and gives each metric its mean over the cases that have one', () => {
    const metrics = new CaseMetrics()
    for (const value of [0.5, null, 1, undefined, NaN, Infinity, -Infinity, 0]) metrics.add('quality', value, { lowerIsBetter: false })
    metrics.add('latency', 200, { lowerIsBetter: true, target: 300, task: 'support' })
    metrics.add('tone', null, { lowerIsBetter: false, target: 0.8 })
    expect(metrics.metrics()).toEqual([
      { name: 'quality', type: 'quality', value: 0.5, lowerIsBetter: false, samples: 3, missing: 5 },
      { name: 'latency', type: 'latency', value: 200, lowerIsBetter: true, target: 300, task: 'support', samples: 1, missing: 0 }
    ])
    // A metric no case has a value for is no mean of 0: it is listed apart, with the others, in first-seen order.
    expect(metrics.empty()).toEqual(['tone'])
    expect(metrics.names()).toEqual(['quality', 'latency', 'tone'])
  })

  it('keeps the direction, target and task a metric was first seen with', () => {
    const metrics = new CaseMetrics()
    metrics.add('latency', 100, { lowerIsBetter: true, target: 300, task: 'a' })
    metrics.add('latency', 300, { lowerIsBetter: false, target: 1, task: 'b' })
    expect(metrics.metrics()).toEqual([{ name: 'latency', type: 'latency', value: 200, lowerIsBetter: true, target: 300, task: 'a', samples: 2, missing: 0 }])
  })

  it('adds a repeat of a counted case to the mean, not to the samples, and says how many rows the mean is over', () => {
    const metrics = new CaseMetrics()
    metrics.add('quality', 1, { lowerIsBetter: false })
    metrics.addRepeat('quality', 0)
    metrics.addRepeat('quality', 0.5)
    // Neither a value that is not finite nor a metric never seen is a repeat of anything.
    metrics.addRepeat('quality', NaN)
    metrics.addRepeat('unseen', 1)
    expect(metrics.metrics()).toEqual([{ name: 'quality', type: 'quality', value: 0.5, lowerIsBetter: false, samples: 1, missing: 0, rows: 3 }])
    expect(metrics.names()).toEqual(['quality'])
  })

  it("turns a case counted as missing a value into a sample when a later row of it has one, once, keeping the metric's direction", () => {
    const metrics = new CaseMetrics()
    metrics.add('latency', null, { lowerIsBetter: true })
    metrics.add('latency', null, { lowerIsBetter: true })
    metrics.fill('latency', 120)
    expect(metrics.metrics()).toEqual([{ name: 'latency', type: 'latency', value: 120, lowerIsBetter: true, samples: 1, missing: 1 }])
    metrics.fill('latency', 80)
    expect(metrics.metrics()).toEqual([{ name: 'latency', type: 'latency', value: 100, lowerIsBetter: true, samples: 2, missing: 0 }])
    // Nothing left missing: a further value is a sample of its own, and the missing count never goes below 0.
    metrics.fill('latency', 100)
    expect(metrics.metrics()).toEqual([{ name: 'latency', type: 'latency', value: 100, lowerIsBetter: true, samples: 3, missing: 0 }])
  })
})

describe('SegmentTally', () => {
  const score = (value: number, lowerIsBetter = false) => ({ value, lowerIsBetter })
  const none = (lowerIsBetter = false) => ({ value: null, lowerIsBetter })

  it("counts each segment's cases by status, with each metric's mean and missing values, at the line of its first case", () => {
    const tally = new SegmentTally()
    tally.add(
      [
        ['lang', 'de'],
        ['tier', 'free']
      ],
      'passed',
      { quality: score(1) },
      3
    )
    tally.add([['lang', 'de']], 'failed', { quality: score(0) }, 7)
    tally.add([['lang', 'de']], 'error', { quality: none() }, 9)
    tally.add([['lang', 'en']], 'passed', {}, undefined)
    expect(tally.list()).toEqual([
      {
        key: 'lang',
        value: 'de',
        tests: 3,
        passed: 1,
        failed: 1,
        errors: 1,
        line: 3,
        metrics: [{ name: 'quality', value: 0.5, lowerIsBetter: false, samples: 2, missing: 1 }]
      },
      { key: 'lang', value: 'en', tests: 1, passed: 1, failed: 0, errors: 0 },
      {
        key: 'tier',
        value: 'free',
        tests: 1,
        passed: 1,
        failed: 0,
        errors: 0,
        line: 3,
        metrics: [{ name: 'quality', value: 1, lowerIsBetter: false, samples: 1 }]
      }
    ])
    expect(tally.keys()).toEqual(['lang', 'tier'])
  })

  it(`reads an attribute with more than ${MAX_SEGMENT_VALUES} values as an id: dropped, and noted`, () => {
    const tally = new SegmentTally()
    for (let i = 0; i < MAX_SEGMENT_VALUES; i++)
      tally.add(
        [
          ['id', `case ${i}`],
          ['lang', i % 2 ? 'de' : 'en']
        ],
        'passed',
        {},
        i
      )
    expect(tally.keys()).toEqual(['id', 'lang'])
    expect(tally.list().filter((segment) => segment.key === 'id')).toHaveLength(MAX_SEGMENT_VALUES)
    tally.add(
      [
        ['id', 'one more'],
        ['lang', 'de']
      ],
      'failed',
      {},
      200
    )
    tally.add(
      [
        ['id', 'case 0'],
        ['lang', 'de']
      ],
      'failed',
      {},
      201
    )
    expect(tally.keys()).toEqual(['lang'])
    expect(tally.idLikeKeys).toEqual(new Set(['id']))
    const cases: EvaluationCase[] = [{ name: 'a', status: 'failed', attributes: { id: 'one more', lang: 'de', other: 'x' } }]
    const notes: string[] = []
    const segments = tally.settle(cases, notes, 'metadata')
    expect(notes).toEqual([`metadata id has more than ${MAX_SEGMENT_VALUES} values: read as an id, not as segments`])
    // A failing case names its group and nothing else.
    expect(cases[0]!.attributes).toEqual({ lang: 'de' })
    expect(segments.map(({ key, value, tests, failed }) => [key, value, tests, failed])).toEqual([
      ['lang', 'en', 50, 0],
      ['lang', 'de', 52, 2]
    ])
  })

  it('settles without a note when no attribute is an id', () => {
    const tally = new SegmentTally()
    tally.add([['lang', 'de']], 'passed', {}, 1)
    const notes: string[] = []
    tally.settle([], notes, 'metadata')
    expect(notes).toEqual([])
  })

  it("adds a later row's scores to a case's segments: in place of a missing value, as a repeat, or as the case's first scores", () => {
    const tally = new SegmentTally()
    const tags: [string, string][] = [['lang', 'de']]
    tally.add(tags, 'error', { quality: none(), latency: none(true) }, 1)
    tally.add([['lang', 'en']], 'passed', { quality: score(1) }, 2)
    // The errored case's repeat scores quality: it fills the missing value; latency stays missing.
    tally.addScores(tags, { quality: score(0.4) }, ['quality', 'latency'], false)
    // Another repeat of it: joins the mean only.
    tally.addScores(tags, { quality: score(0.8) }, [], true)
    // A case first added without scores, scored by a later row: a sample.
    tally.addScores(tags, { tone: score(0.9) }, [], false)
    // Tags of no segment are skipped.
    tally.addScores(
      [
        ['lang', 'fr'],
        ['tier', 'x']
      ],
      { quality: score(0) },
      ['quality'],
      false
    )
    const de = tally.list().find((segment) => segment.value === 'de')!
    expect(de.metrics).toEqual([
      { name: 'quality', value: 0.6000000000000001, lowerIsBetter: false, samples: 1 },
      { name: 'tone', value: 0.9, lowerIsBetter: false, samples: 1 }
    ])
    expect(tally.list().find((segment) => segment.value === 'en')!.metrics).toEqual([{ name: 'quality', value: 1, lowerIsBetter: false, samples: 1 }])
    // latency: no value, one missing: not a mean (CaseMetrics.empty).
    tally.addMissing(tags, ['tone'], () => false)
    tally.addMissing([['lang', 'fr']], ['tone'], () => false)
    expect(tally.list().find((segment) => segment.value === 'de')!.metrics).toContainEqual({
      name: 'tone',
      value: 0.9,
      lowerIsBetter: false,
      samples: 1,
      missing: 1
    })
  })

  it("counts a case missing a value in each of its segments, with the metric's direction", () => {
    const tally = new SegmentTally()
    const tags: [string, string][] = [
      ['lang', 'de'],
      ['tier', 'free']
    ]
    tally.add(tags, 'passed', { latency: score(100, true) }, 1)
    tally.addMissing(tags, ['latency', 'cost'], (name) => name !== 'quality')
    tally.addScores(tags, { cost: score(2, true) }, ['cost'], false)
    for (const segment of tally.list())
      expect(segment.metrics).toEqual([
        { name: 'latency', value: 100, lowerIsBetter: true, samples: 1, missing: 1 },
        { name: 'cost', value: 2, lowerIsBetter: true, samples: 1 }
      ])
  })

  it('moves a case from one status to another in each of its segments, and drops an attribute', () => {
    const tally = new SegmentTally()
    const tags: [string, string][] = [
      ['lang', 'de'],
      ['vars.plan', 'free']
    ]
    tally.add(tags, 'passed', {}, 1)
    tally.add(tags, 'error', {}, 2)
    tally.restate(tags, 'passed', 'failed')
    tally.restate(tags, 'error', 'passed')
    tally.restate([['lang', 'fr']], 'passed', 'failed')
    tally.restate([['never seen', 'x']], 'passed', 'failed')
    tally.addMissing([['never seen', 'x']], ['quality'], () => false)
    tally.addScores([['never seen', 'x']], { quality: score(1) }, [], false)
    expect(tally.list().map(({ key, tests, passed, failed, errors }) => [key, tests, passed, failed, errors])).toEqual([
      ['lang', 2, 1, 1, 0],
      ['vars.plan', 2, 1, 1, 0]
    ])
    tally.drop('vars.plan')
    expect(tally.keys()).toEqual(['lang'])
  })
})

describe('the small readers every LLM evidence parser shares', () => {
  it('reads a count field: absent or null is no count, a negative, fractional or non-number one names its path', () => {
    expect(countField({}, 'errors', 'results.stats')).toBeUndefined()
    expect(countField({ errors: null }, 'errors', 'results.stats')).toBeUndefined()
    expect(countField({ errors: 0 }, 'errors', 'results.stats')).toBe(0)
    expect(countField({ errors: 12 }, 'errors', '')).toBe(12)
    for (const [value, said] of [
      [-1, '-1'],
      [1.5, '1.5'],
      ['3', '"3"'],
      [true, 'true']
    ] as const) {
      expect(() => countField({ errors: value }, 'errors', 'results.stats')).toThrow(new FieldProblem(`results.stats.errors is ${said}, not a count`))
      expect(() => countField({ errors: value }, 'errors', '')).toThrow(new FieldProblem(`errors is ${said}, not a count`))
    }
  })

  it("gives a failing case's reason as its first line, cut to 200 characters", () => {
    expect(firstLine(undefined)).toBeUndefined()
    expect(firstLine(42)).toBeUndefined()
    expect(firstLine('  \n ')).toBeUndefined()
    expect(firstLine('  expected 200\r\ngot 500\n')).toBe('expected 200')
    expect(firstLine('x'.repeat(200))).toBe('x'.repeat(200))
    expect(firstLine('x'.repeat(201))).toBe(`${'x'.repeat(197)}...`)
  })

  it('drops undefined fields and an empty notes list, and nothing else', () => {
    expect(compact({ a: undefined, b: 0, c: '', d: [], notes: [], e: null })).toEqual({ b: 0, c: '', d: [], e: null })
    expect(compact({ notes: ['x'] })).toEqual({ notes: ['x'] })
  })

  it('adds usage records: each total from the first record that has it, dollars without float noise, each model once', () => {
    const total: UsageFigures = {}
    addUsage(total, { requests: 1, inputTokens: 10, costUsd: 0.0106723, models: ['a'] })
    addUsage(total, { requests: 2, outputTokens: 5, costUsd: 0.0000001, models: ['b', 'a'] })
    addUsage(total, { tokens: 7 })
    expect(total).toEqual({ requests: 3, inputTokens: 10, outputTokens: 5, tokens: 7, costUsd: 0.0106724, models: ['a', 'b'] })
    const none: UsageFigures = {}
    addUsage(none, {})
    expect(none).toEqual({})
  })

  it(`lists at most ${MAX_LISTED_CASES} failing cases, counting the rest, and builds only those it lists`, () => {
    const cases: EvaluationCase[] = []
    const notes = { dropped: 0 }
    let built = 0
    for (let i = 0; i < MAX_LISTED_CASES + 3; i++)
      pushCase(
        cases,
        () => {
          built++
          return { name: `case ${i}`, status: 'failed' }
        },
        notes
      )
    expect([cases.length, notes.dropped, built]).toEqual([MAX_LISTED_CASES, 3, MAX_LISTED_CASES])
  })

  it('reads the scalar attributes of a case as segment keys: no `_` keys, nothing over 200 characters, with a prefix', () => {
    const record = { _promptfoo: 'x', lang: 'de', n: 3, ok: false, none: null, list: ['a'], long: 'y'.repeat(201), edge: 'z'.repeat(200) }
    expect(caseAttributes(record)).toEqual([
      ['lang', 'de'],
      ['n', '3'],
      ['ok', 'false'],
      ['edge', 'z'.repeat(200)]
    ])
    expect(caseAttributes({ plan: 'free' }, 'vars.')).toEqual([['vars.plan', 'free']])
  })

  it("reads Python's NaN, Infinity and -Infinity outside strings as null, and counts them", () => {
    expect(nonFiniteToNull('{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN \\" Infinity", "d": 1}')).toEqual({
      text: '{"a": null, "b": [null, null], "c": "NaN \\" Infinity", "d": 1}',
      replaced: 3
    })
    const plain = '{"a": 1}'
    expect(nonFiniteToNull(plain)).toEqual({ text: plain, replaced: 0 })
    expect(nonFiniteToNull('[NaN]')).toEqual({ text: '[null]', replaced: 1 })
    // A minus sign is a word only before Infinity; a string right after a word is still a string.
    expect(nonFiniteToNull('[NaN, -1.5, -Infinity]')).toEqual({ text: '[null, -1.5, null]', replaced: 2 })
    expect(nonFiniteToNull('[NaN,"NaN"]')).toEqual({ text: '[null,"NaN"]', replaced: 1 })
  })

  it('reads a JSON document a Python tool wrote, with NaN counted, and fails on an empty file or one that is not JSON', async () => {
    const read = async (text: string) => readPythonJson(await openFile(writeScratch('run.json', text), 'run.json'), 'a DeepEval test run')
    expect(await read('{"score": NaN, "other": 1}')).toMatchObject({ ok: true, value: { score: null, other: 1 }, nonFinite: 1 })
    expect(await read('{"score": 0.5}')).toEqual({ ok: true, value: { score: 0.5 }, text: '{"score": 0.5}', nonFinite: 0 })
    expect(await read(' \n')).toEqual({ ok: false, message: '"run.json" is empty, not a DeepEval test run' })
    expect(await read('{"score": NaN,}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('"run.json" is not valid JSON, so it cannot be read as a DeepEval test run')
    })
  })
})
