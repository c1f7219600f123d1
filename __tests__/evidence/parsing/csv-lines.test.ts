// The delimited-text scanner against records written by a generator that knows what it wrote: every
// record's fields (quoted ones undone), whether it had more than the fields captured, and the line it
// starts on. Each file is fed whole at every byte alignment (lines without quotes are scanned four bytes
// at a time through a word view of the buffer, so alignment matters) and in chunks of random sizes.
import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { fieldInteger, fieldIs, fieldStartsWith, fieldText, SampleTally, scanRecords, splitCsvText } from '../../../src/evidence/parsing/csv-lines.js'
import { ReadProblem } from '../../../src/fs/safe-read.js'
import { seededRandom as generator } from '../../support/seeded-random.js'

interface Expected {
  line: number
  cells: string[]
  more: boolean
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

describe('scanRecords: the cases mutation testing found untested', () => {
  /** Every record's fields, and the scan's result, for text fed in the chunks given. */
  async function scan(chunks: Iterable<Buffer>, maxRecordBytes?: number) {
    const records: string[][] = []
    const result = await scanRecords(
      Readable.from(chunks),
      { delimiter: 44, quotes: true, maxFields: 8, ...(maxRecordBytes ? { maxRecordBytes } : {}) },
      (rec) => {
        records.push(Array.from({ length: rec.count }, (_, i) => fieldText(rec, i)))
        return undefined
      }
    )
    return { records, result }
  }

  it('reads a file that is only a byte order mark as no record', async () => {
    expect(await scan([Buffer.from([0xef, 0xbb, 0xbf])])).toEqual({ records: [], result: { ok: true, lines: 1 } })
  })

  it('fails a record longer than the limit (an unclosed quote), at its line', async () => {
    const text = Buffer.from(`a,b\n"unclosed,${'x'.repeat(100)}\nmore\n`)
    const chunks = Array.from({ length: Math.ceil(text.length / 8) }, (_, i) => text.subarray(i * 8, i * 8 + 8))
    const { result } = await scan(chunks, 32)
    expect(result).toMatchObject({
      ok: false,
      line: 2,
      message: expect.stringMatching(/^a record starting on line 2 is longer than 32 bytes \(an unclosed quote\?\)/)
    })
  })

  it('holds a record cut at a chunk end up to exactly the limit, and fails one byte more', async () => {
    // A quoted field still open at the chunk's end: the whole record waits for the next chunk.
    const record = (bytes: number) => [Buffer.from(`"${'x'.repeat(bytes - 1)}`), Buffer.from('"\n')]
    expect(await scan(record(32), 32)).toEqual({ records: [['x'.repeat(31)]], result: { ok: true, lines: 2 } })
    expect((await scan(record(33), 32)).result).toMatchObject({
      ok: false,
      line: 1,
      message: expect.stringMatching(/^a record starting on line 1 is longer than 32 bytes/)
    })
  })

  it("stops at the first record its handler refuses, with the handler's message at that record's line, whatever the chunks", async () => {
    const text = Buffer.from(`a,b\nbad,1\n${'c,d\n'.repeat(30)}`)
    for (const size of [3, 8, 13, text.length]) {
      const seen: string[] = []
      const result = await scanRecords(
        Readable.from(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.subarray(i * size, i * size + size))),
        { delimiter: 44, quotes: true, maxFields: 8, maxRecordBytes: 32 },
        (rec) => {
          seen.push(fieldText(rec, 0))
          return fieldText(rec, 0) === 'bad' ? 'a bad row' : undefined
        }
      )
      expect({ size, result, seen }).toEqual({ size, result: { ok: false, line: 2, message: 'a bad row' }, seen: ['a', 'bad'] })
    }
  })

  it('fails, never throws, when the file cannot be read mid-way', async () => {
    function* broken(error: Error): Iterable<Buffer> {
      yield Buffer.from('a,b\n')
      throw error
    }
    expect((await scan(broken(new Error('disk gone')))).result).toMatchObject({ ok: false, message: 'the file could not be read (disk gone)' })
    const refused = new ReadProblem('"big.jtl.gz" decompresses to more than 1 GiB')
    expect((await scan(broken(refused))).result).toMatchObject({ ok: false, message: '"big.jtl.gz" decompresses to more than 1 GiB' })
  })
})

describe('scanRecords without quoting (Gatling simulation.log): a double quote is text', () => {
  /** Lines of tab-separated cells, some holding quotes but never a tab or a line break; what a naive split reads. */
  function writeUnquoted(random: () => number, records: number): { text: string; expected: Expected[] } {
    const cells = ['REQUEST', '', 'a"b', '"', '"open', 'close"', '""', '"quoted, with comma"', '1795317600123', 'KO', 'é€ü']
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
    let text = ''
    let line = 1
    const expected: Expected[] = []
    for (let r = 0; r < records; r++) {
      const row = Array.from({ length: 1 + Math.floor(random() * 9) }, () => pick(cells))
      if (row.length === 1 && row[0] === '') row[0] = 'z'
      expected.push({ line, cells: row.slice(0, 6), more: row.length > 6 })
      text += row.join('\t') + pick(['\n', '\r\n'])
      line++
    }
    return { text, expected }
  }

  it('reads every line as its own record, a quote opening nothing (whole, at every alignment, and in chunks)', async () => {
    const random = generator(7)
    for (let file = 0; file < 10; file++) {
      const { text, expected } = writeUnquoted(random, 40)
      const bytes = Buffer.from(text)
      const read = async (chunks: Buffer[]): Promise<Expected[]> => {
        const records: Expected[] = []
        const result = await scanRecords(Readable.from(chunks), { delimiter: 9, quotes: false, maxFields: 6 }, (rec) => {
          records.push({ line: rec.line, cells: Array.from({ length: rec.count }, (_, i) => fieldText(rec, i)), more: rec.more })
          return undefined
        })
        expect(result).toEqual({ ok: true, lines: expected.length + 1 })
        return records
      }
      for (let shift = 0; shift < 4; shift++) {
        const padded = Buffer.alloc(bytes.length + 8)
        bytes.copy(padded, shift)
        expect(await read([padded.subarray(shift, shift + bytes.length)])).toEqual(expected)
      }
      const chunks: Buffer[] = []
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * 40)
        chunks.push(bytes.subarray(at, at + size))
        at += size
      }
      expect(await read(chunks)).toEqual(expected)
    }
  })
})

describe('scanRecords refuses malformed quoting at its line, whole and in chunks', () => {
  async function scanIn(text: string, size: number) {
    const bytes = Buffer.from(text)
    const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, i * size + size))
    const records: string[][] = []
    const result = await scanRecords(Readable.from(chunks), { delimiter: 44, quotes: true, maxFields: 3 }, (rec) => {
      records.push(Array.from({ length: rec.count }, (_, i) => fieldText(rec, i)))
      return undefined
    })
    return { records, result }
  }

  it.each([1, 2, 3, 5, 1000])('text after a closing quote, in a captured field or a skipped one (chunks of %i bytes)', async (size) => {
    for (const [text, line] of [
      ['a,b\n1,"x"y,2\n3,4\n', 2],
      ['a,b\n"two\nlines"y,2\n3,4\n', 3],
      // Past the fields captured (3): not read, but the record's end is not known either. Here the text
      // holds a quote that would open a field running to the next line's quote, swallowing the line between.
      ['a,b\n1,2,3,4,"x"y,5\n6,7\n', 2],
      ['a,b\n1,2,3,"x"y"\n4,5,6\n7,8,9",10\n11,12\n', 2]
    ] as const) {
      const { result } = await scanIn(text, size)
      expect([text, result]).toEqual([text, { ok: false, message: 'a quoted field is followed by more text before the next separator', line }])
    }
  })

  it.each([1, 2, 3, 5, 1000])('a quote never closed, named by the line it opens on (chunks of %i bytes)', async (size) => {
    // The record starts on line 2; its second field opens on line 3, after the first field's line break.
    expect((await scanIn('a,b\n"two\nlines","x,5\n6,7\n', size)).result).toEqual({
      ok: false,
      message: 'a quoted field opened on line 3 is never closed',
      line: 2
    })
  })

  it('keeps a carriage return before a separator as part of the field: only a line end drops it', async () => {
    // On a line without quotes (read four bytes at a time) and on one with (read field by field).
    expect((await scanIn('a\r,b\r\na\r,"b"\r\n"c"\r,d\r\r\n', 1000)).records).toEqual([
      ['a\r', 'b'],
      ['a\r', 'b'],
      ['c', 'd']
    ])
  })

  it.each([1, 2, 3, 5, 1000])('a quote never closed, in a captured field or a skipped one (chunks of %i bytes)', async (size) => {
    for (const text of ['a,b\n1,"x,2\n3,4\n', 'a,b\n1,2,3,"x,5\n6,7\n', 'a,b\n1,2,3,4\n"']) {
      const { result } = await scanIn(text, size)
      expect([text, result]).toEqual([
        text,
        { ok: false, message: expect.stringMatching(/^a quoted field opened on line \d+ is never closed$/), line: expect.any(Number) }
      ])
    }
  })
})

describe("field readers: a field the record does not have reads as absent, never as the last record's", () => {
  it("gives '', NaN and false past the record's fields, and NaN for an empty number", async () => {
    const seen: { text: string; integer: number; is: boolean; starts: boolean; empty: number }[] = []
    await scanRecords(Readable.from([Buffer.from('1,2,300\n4,\n')]), { delimiter: 44, quotes: true, maxFields: 8 }, (rec) => {
      seen.push({
        text: fieldText(rec, 2),
        integer: fieldInteger(rec, 2),
        is: fieldIs(rec, 2, '300'),
        starts: fieldStartsWith(rec, 2, '3'),
        empty: fieldInteger(rec, 1)
      })
      return undefined
    })
    expect(seen).toEqual([
      { text: '300', integer: 300, is: true, starts: true, empty: 2 },
      { text: '', integer: NaN, is: false, starts: false, empty: NaN }
    ])
  })

  it('matches a field only when it is the word, whole', async () => {
    const matches: boolean[][] = []
    await scanRecords(Readable.from([Buffer.from('true\nTRUE\ntruex\ntru\n')]), { delimiter: 44, quotes: true, maxFields: 8 }, (rec) => {
      matches.push([fieldIs(rec, 0, 'true'), fieldIs(rec, 0, 'false')])
      return undefined
    })
    expect(matches).toEqual([
      [true, false],
      [false, false],
      [false, false],
      [false, false]
    ])
  })
})

describe('splitCsvText (the header line a JTL or ragas CSV is detected by)', () => {
  it('reads a quote inside a field as text, and a quoted field with its doubled quotes undone', () => {
    expect(splitCsvText('a"b,c\n', ',', 1)).toEqual([['a"b', 'c']])
    expect(splitCsvText('"x,""y""",z\n', ',', 1)).toEqual([['x,"y"', 'z']])
  })

  it('returns an unclosed quoted field as far as it goes, once', () => {
    expect(splitCsvText('a,"open', ',', 1)).toEqual([['a', 'open']])
    expect(splitCsvText('a,"say ""hi"" and', ',', 1)).toEqual([['a', 'say "hi" and']])
  })

  it('drops the carriage returns that end a line, not those inside it, and skips empty lines', () => {
    expect(splitCsvText('\r\n\na,b\r\r\nc,d\re\r\n', ',', 5)).toEqual([
      ['a', 'b'],
      ['c', 'd\re']
    ])
    expect(splitCsvText('a,b\r\r', ',', 1)).toEqual([['a', 'b']])
    expect(splitCsvText('a,b\rc', ',', 1)).toEqual([['a', 'b\rc']])
  })

  it('stops after maxRecords, and returns an unfinished last record within them', () => {
    expect(splitCsvText('a,b\nc,d\ne', ',', 1)).toEqual([['a', 'b']])
    expect(splitCsvText('a,b\nc,d\ne', ',', 3)).toEqual([['a', 'b'], ['c', 'd'], ['e']])
    expect(splitCsvText('a,b\nc,', ',', 2)).toEqual([
      ['a', 'b'],
      ['c', '']
    ])
    expect(splitCsvText('a,b\n', ',', 2)).toEqual([['a', 'b']])
  })
})

describe('SampleTally', () => {
  it('states no rate for samples that span no time (one instant), rather than an infinite one', () => {
    const tally = new SampleTally()
    tally.add(1_795_317_600_000, 0, true)
    tally.add(1_795_317_600_000, 0, true)
    expect(tally.result()).toMatchObject({ requests: 2, durationS: 0 })
    expect(tally.result().rps).toBeUndefined()
  })

  it('states no duration, rate or start without timestamps', () => {
    const tally = new SampleTally()
    tally.add(NaN, 12, true)
    expect(Object.keys(tally.result()).sort()).toEqual(['errorRate', 'failed', 'latencyMs', 'percentiles', 'requests'])
  })
})
