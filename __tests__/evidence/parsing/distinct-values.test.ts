import { describe, expect, it } from '@jest/globals'
import { DistinctValues, ValueKey } from '../../../src/evidence/parsing/distinct-values.js'

/** A seeded generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Small JSON values from few building blocks, so that many of them are equal or nearly so. */
function jsonValue(next: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const kind = depth > 2 ? Math.floor(next() * 4) : Math.floor(next() * 6)
  if (kind === 0) return pick([null, true, false])
  if (kind === 1) return pick([0, -0, 1, 2, 1.5, -1, 1e21, 4096])
  if (kind === 2) return pick(['', 'a', 'b', 'ab', '1', 'null', 'true', '"', 'a","b', '\u0000', 'é', '\ud800', 'ba'])
  if (kind === 3) return pick(['a', 'b'])
  if (kind === 4) return Array.from({ length: Math.floor(next() * 3) }, () => jsonValue(next, depth + 1))
  const record: Record<string, unknown> = {}
  for (let n = Math.floor(next() * 3); n > 0; n--) record[pick(['a', 'b', 'ab', '1', '0', 'vars', ''])] = jsonValue(next, depth + 1)
  return record
}

const keyOf = (values: readonly unknown[]): string => {
  const { lo, hi, length } = new ValueKey().of(values)
  return `${lo}:${hi}:${length}`
}

describe('ValueKey: one key for the values JSON.stringify writes alike, distinct keys otherwise', () => {
  it('agrees with JSON.stringify on every pair of 600 random values', () => {
    const next = random(14)
    const values = Array.from({ length: 600 }, () => jsonValue(next))
    const keys = values.map((value) => keyOf([value]))
    const texts = values.map((value) => JSON.stringify(value))
    let equal = 0
    for (let i = 0; i < values.length; i++)
      for (let j = i + 1; j < values.length; j++) {
        const sameText = texts[i] === texts[j]
        if (sameText) equal++
        if ((keys[i] === keys[j]) !== sameText) throw new Error(`${texts[i]} and ${texts[j]}: keys ${keys[i]} and ${keys[j]}`)
      }
    // The generator makes equal values often, so the test checks both directions.
    expect(equal).toBeGreaterThan(1000)
  })

  it('tells apart values whose parts could run together', () => {
    const distinct: unknown[][] = [
      [['ab', 'c']],
      [['a', 'bc']],
      [[['a'], 'b']],
      [[['a', 'b']]],
      [{ a: 'b', c: 'd' }],
      [{ a: 'b","c":"d' }],
      [{ a: 1, b: 2 }],
      [{ b: 2, a: 1 }],
      [{ a: [] }],
      [{ a: {} }],
      [{ a: null }],
      [{}],
      [[]],
      ['1'],
      [1],
      ['true'],
      [true],
      ['null'],
      [null],
      // Strings of an odd length, whose last code unit is hashed alone.
      ['abc'],
      ['abc\u0000'],
      ['x', 'y'],
      ['xy'],
      ['y', 'x'],
      // Numbers that differ only in the low 32 bits of their double (integers above 2^21 do).
      [2097152],
      [2097153],
      // Nested values whose tags alone tell where one ends.
      [{ a: ['b', 'c'] }],
      [{ a: 'b', c: [] }],
      [{ a: { b: 1 }, c: 2 }],
      [{ a: { b: 1, c: 2 } }],
      // undefined (no JSON value, but a missing field read into an array) is not null.
      [undefined],
      []
    ]
    const keys = distinct.map(keyOf)
    expect(new Set(keys).size).toBe(distinct.length)
  })

  it('gives -0 and 0 one key (JSON.stringify writes both 0), and equal values equal keys whatever object they sit in', () => {
    expect(keyOf([{ a: -0 }])).toBe(keyOf([{ a: 0 }]))
    expect(keyOf(['bot', 0, JSON.parse('{"vars":{"q":"a"},"assert":[{"type":"equals","value":"x"}]}')])).toBe(
      keyOf(['bot', 0, { vars: { q: 'a' }, assert: [{ type: 'equals', value: 'x' }] }])
    )
  })
})

describe('DistinctValues', () => {
  it('keeps the state of each of 30,000 values through its growth, and finds none it was not given', () => {
    const table = new DistinctValues()
    const wrong: number[] = []
    for (let n = 0; n < 30_000; n++) {
      const slot = table.find(['case', n])
      if (table.state(slot) !== 0) wrong.push(n)
      table.set(slot, 1 + (n % 255))
    }
    expect(table.size).toBe(30_000)
    for (let n = 0; n < 30_000; n++) if (table.state(table.find(['case', n])) !== 1 + (n % 255)) wrong.push(n)
    expect(wrong).toEqual([])
    expect(table.state(table.find(['case', 30_000]))).toBe(0)
    expect(table.state(table.find(['case', '0']))).toBe(0)
  })

  it('counts keys that collide in the table separately: one low lane for all, another high lane or length each', () => {
    // The low lane picks the slot at every size, so these 3,000 keys all start at one slot and probe on.
    const table = new DistinctValues()
    const keys: [number, number, number][] = []
    for (let n = 0; n < 1500; n++) keys.push([0x5bd1e995, n, 7], [0x5bd1e995, 0, 8 + n])
    const wrong: number[] = []
    keys.forEach(([lo, hi, length], index) => {
      const slot = table.slotOf(lo, hi, length)
      if (table.state(slot) !== 0) wrong.push(index)
      table.set(slot, 1 + (index % 3))
    })
    expect(table.size).toBe(3000)
    keys.forEach(([lo, hi, length], index) => {
      if (table.state(table.slotOf(lo, hi, length)) !== 1 + (index % 3)) wrong.push(index)
    })
    expect(wrong).toEqual([])
    // A state changed in place stays one key.
    const slot = table.slotOf(0x5bd1e995, 5, 7)
    table.set(slot, 9)
    expect(table.size).toBe(3000)
    expect(table.state(table.slotOf(0x5bd1e995, 5, 7))).toBe(9)
    expect(table.state(table.slotOf(0x5bd1e995, 5, 8))).toBe(0)
  })

  it('tells apart keys on one probe chain that differ only in the low lane', () => {
    // 5 and 5 + 1024 start at the same slot of the first table (1024 slots): only the low lane tells them apart.
    const table = new DistinctValues()
    table.set(table.slotOf(5, 9, 7), 1)
    expect(table.state(table.slotOf(5 + 1024, 9, 7))).toBe(0)
    table.set(table.slotOf(5 + 1024, 9, 7), 2)
    expect([table.size, table.state(table.slotOf(5, 9, 7)), table.state(table.slotOf(5 + 1024, 9, 7))]).toEqual([2, 1, 2])
  })

  it('refuses what is no JSON value', () => {
    expect(() => new ValueKey().of([() => 1])).toThrow(TypeError)
  })

  it('refuses a state outside 1 to 255 (0 marks a free slot)', () => {
    const table = new DistinctValues()
    const slot = table.find(['x'])
    expect(() => table.set(slot, 0)).toThrow(RangeError)
    expect(() => table.set(slot, 256)).toThrow(RangeError)
    expect(table.size).toBe(0)
  })
})
