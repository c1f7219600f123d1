// The delimited-text scanner against records written by a generator that knows what it wrote: every
// record's fields (quoted ones undone), whether it had more than the fields captured, and the line it
// starts on. Each file is fed whole at every byte alignment (lines without quotes are scanned four bytes
// at a time through a word view of the buffer, so alignment matters) and in chunks of random sizes.
import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { fieldText, scanRecords } from '../../../src/evidence/parsing/csv-lines.js'

interface Expected {
  line: number
  cells: string[]
  more: boolean
}

function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PLAIN = ['', 'a', 'ok', '200', '1795317600123', 'GET /products/{id}', 'Thread Group 1-23', 'é€ü', 'a"b', 'x y z', 'true']
const NEEDS_QUOTES = ['a,b', 'say "hi"', 'two\nlines', 'crlf\r\ninside', ',', '"', '']

function writeFile(random: () => number, delimiter: string, maxFields: number, records: number): { text: string; expected: Expected[] } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  let text = ''
  let line = 1
  const expected: Expected[] = []
  for (let r = 0; r < records; r++) {
    if (random() < 0.05) {
      const blank = pick(['\n', '\r\n', '\r\r\n'])
      text += blank
      line++
    }
    const count = 1 + Math.floor(random() * 12)
    const cells: string[] = []
    const written: string[] = []
    for (let f = 0; f < count; f++) {
      if (random() < 0.15) {
        const cell = pick(NEEDS_QUOTES).replaceAll(',', delimiter)
        cells.push(cell)
        written.push(`"${cell.replaceAll('"', '""')}"`)
      } else {
        const cell = pick(PLAIN)
        cells.push(cell)
        written.push(cell)
      }
    }
    // A lone unquoted empty field is a blank line, which the scanner skips.
    if (count === 1 && written[0] === '') {
      cells[0] = 'z'
      written[0] = 'z'
    }
    expected.push({ line, cells: cells.slice(0, maxFields), more: count > maxFields })
    const record = written.join(delimiter)
    text += record
    line += record.split('\n').length - 1
    const last = r === records - 1 && random() < 0.5
    if (!last) {
      text += pick(['\n', '\r\n', '\r\r\n'])
      line++
    }
  }
  return { text, expected }
}

async function scan(chunks: Buffer[], delimiter: string, maxFields: number): Promise<Expected[]> {
  const records: Expected[] = []
  const result = await scanRecords(Readable.from(chunks), { delimiter: delimiter.charCodeAt(0), quotes: true, maxFields }, (rec) => {
    records.push({ line: rec.line, cells: Array.from({ length: rec.count }, (_, i) => fieldText(rec, i)), more: rec.more })
    return undefined
  })
  expect(result.ok).toBe(true)
  return records
}

describe('scanRecords on generated files', () => {
  it.each([
    [',', 8, 1],
    [',', 3, 2],
    [';', 12, 3],
    ['\t', 5, 4],
    ['|', 1, 5]
  ])('reads every record, field and line (delimiter %j, %i fields captured, seed %i)', async (delimiter, maxFields, seed) => {
    const random = generator(seed)
    for (let file = 0; file < 20; file++) {
      const { text, expected } = writeFile(random, delimiter, maxFields, 40)
      const bytes = Buffer.from(text)
      for (let shift = 0; shift < 4; shift++) {
        const padded = Buffer.alloc(bytes.length + 8)
        bytes.copy(padded, shift)
        expect(await scan([padded.subarray(shift, shift + bytes.length)], delimiter, maxFields)).toEqual(expected)
      }
      const chunks: Buffer[] = []
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * (random() < 0.3 ? 8 : 300))
        chunks.push(bytes.subarray(at, at + size))
        at += size
      }
      expect(await scan(chunks, delimiter, maxFields)).toEqual(expected)
    }
  })
})
