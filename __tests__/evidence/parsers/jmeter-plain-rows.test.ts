// The JTL CSV reader gives the same evidence, figure for figure and failure for failure, whether its
// plain-row loop takes the common rows or the record handler reads every row: on every JTL CSV fixture
// and real sample, and on seeded random JTLs built to hit what the loop leaves to the handler or could
// get wrong (quoted fields with delimiters, quotes and line breaks, CRLF and blank lines, missing
// columns, huge, negative and non-numeric numbers, a BOM, non-ASCII labels, sub-results and
// transactions), each read whole and cut into chunks as small as one byte.
import { afterEach, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { jmeterParsers, linesReadByPlainRows, withoutPlainRows } from '../../../src/evidence/parsers/jmeter.js'
import type { EvidenceSource } from '../../../src/evidence/types.js'
import { FIXTURES, SAMPLES, detectedBy, itSample, parseFile, writeScratch, type Parsed } from './evidence-files.js'
import { seededRandom as generator } from '../../support/seeded-random.js'

const parser = jmeterParsers.find((p) => p.format === 'jmeter-jtl-csv')!

afterEach(() => withoutPlainRows(false))

/** A source over `bytes` whose chunks are the given pieces (the reader must not depend on where they are cut). */
function sourceOf(relPath: string, bytes: Buffer, pieces: Buffer[]): EvidenceSource {
  return {
    relPath,
    absPath: '/nonexistent',
    size: bytes.length,
    gzip: false,
    head: bytes.subarray(0, 64 * 1024),
    stream: () => Readable.from(pieces),
    chunks: () => Readable.from(pieces),
    text: () => Promise.resolve(bytes.toString('utf8'))
  }
}

/**
 * A source whose chunks are read into two buffers used in turn, as a large file's are (safe-read's
 * fileChunks): a chunk's bytes are overwritten by the chunk after the next, so the reader must keep no
 * view into one past that.
 */
function reusingSourceOf(relPath: string, bytes: Buffer, sizes: number[]): EvidenceSource {
  // eslint-disable-next-line @typescript-eslint/require-await -- async as the source's chunks are: the reader awaits each
  async function* chunks(): AsyncGenerator<Buffer> {
    const largest = Math.max(...sizes)
    const buffers = [Buffer.alloc(largest), Buffer.alloc(largest)]
    let at = 0
    for (let turn = 0, k = 0; at < bytes.length; turn ^= 1, k++) {
      const buffer = buffers[turn]!
      const size = bytes.copy(buffer, 0, at, at + sizes[k % sizes.length]!)
      at += size
      yield size === largest ? buffer : buffer.subarray(0, size)
    }
  }
  return { ...sourceOf(relPath, bytes, []), chunks: () => chunks() }
}

function cut(bytes: Buffer, random: () => number, largest: number): Buffer[] {
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random() * largest)
    pieces.push(bytes.subarray(at, at + size))
    at += size
  }
  return pieces
}

async function bothWays(read: () => Promise<Parsed>): Promise<{ loop: Parsed; handler: Parsed }> {
  withoutPlainRows(false)
  const loop = await read()
  withoutPlainRows(true)
  const handler = await read()
  withoutPlainRows(false)
  return { loop, handler }
}

const JMETER5_COLUMNS = [
  'timeStamp',
  'elapsed',
  'label',
  'responseCode',
  'responseMessage',
  'threadName',
  'dataType',
  'success',
  'failureMessage',
  'bytes',
  'sentBytes',
  'grpThreads',
  'allThreads',
  'URL',
  'Latency',
  'IdleTime',
  'Connect'
]

/** A random JTL CSV: a header (all of JMeter 5's columns, or some, shuffled) or none, and rows mostly as JMeter writes them. */
function randomJtl(random: () => number, subResultChance = 0.25): { bytes: Buffer; many: boolean } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const chance = (p: number): boolean => random() < p
  const delimiter = pick([',', ',', ',', ';', '\t'])
  const headerless = chance(0.2)
  let columns = [...JMETER5_COLUMNS]
  if (!headerless && chance(0.4)) {
    // Without timeStamp too (jmeter.save.saveservice.timestamp_format=none): the loop then starts right after the header.
    columns = columns.filter((c) => c === 'elapsed' || c === 'success' || !chance(c === 'timeStamp' ? 0.25 : 0.3))
    if (chance(0.5)) columns.sort(() => random() - 0.5)
    // JMeter's header starts with one of these; detection needs it.
    const first = columns.indexOf(columns.includes('timeStamp') ? pick(['timeStamp', 'elapsed']) : 'elapsed')
    columns.unshift(...columns.splice(first, 1))
  }
  const eol = (): string => pick(['\n', '\n', '\n', '\r\n', '\r\r\n'])
  const quote = (text: string): string =>
    text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') ? `"${text.replaceAll('"', '""')}"` : text
  // A BOM before the header (before a headerless file's first row the reader refuses it: left as it is).
  let text = (!headerless && chance(0.2) ? '\ufeff' : '') + (headerless ? '' : columns.join(delimiter) + eol())
  const labels = ['GET /products', 'Checkout', 'Browse', 'Login "fast", really', 'naïve €uro label', 'two\nlines', 'a,b']
  // Sometimes more threads than the thread table's first size, so it grows while the loop reads.
  const many = chance(0.25)
  const threads = many ? Array.from({ length: 2000 }, (_, k) => `Users 1-${k}`) : ['Thread Group 1-1', 'Thread Group 1-2', 'Thread Group 1-3', 'Gruppe ä 1-1']
  let time = 1795317600000 + Math.floor(random() * 1000)
  let previous: { label: string; thread: string; time: number } | undefined
  const rows = many ? 800 : 50 + Math.floor(random() * 400)
  const broken = chance(0.3) ? Math.floor(random() * rows) : -1
  for (let r = 0; r < rows; r++) {
    if (chance(0.03)) text += eol()
    time += Math.floor(random() * 50)
    const child = previous !== undefined && chance(subResultChance)
    const row: Record<string, string> = {
      timeStamp: String(child ? previous!.time + Math.floor(random() * 5) : time),
      elapsed: String(Math.floor(random() * (chance(0.05) ? 5_000_000 : 400))),
      label: child ? `${previous!.label}-${Math.floor(random() * 3)}` : pick(labels),
      responseCode: pick(['200', '404', 'Non HTTP response code: java.net.SocketException']),
      responseMessage: chance(0.1)
        ? `Number of samples in transaction : ${Math.floor(random() * 3)}, number of failing samples : 0`
        : pick(['OK', 'Not Found', '']),
      threadName: child ? previous!.thread : pick(threads),
      dataType: pick(['text', 'bin', '']),
      success: chance(0.2) ? 'false' : 'true',
      failureMessage: chance(0.1) ? 'Test failed: text expected to contain /"ok"/' : '',
      bytes: String(Math.floor(random() * 10000)),
      sentBytes: String(Math.floor(random() * 1000)),
      grpThreads: '3',
      allThreads: '3',
      URL: pick(['https://shop.example/products?id=1,2', 'null', 'https://shop.example/é']),
      Latency: String(Math.floor(random() * 300)),
      IdleTime: '0',
      Connect: String(Math.floor(random() * 20))
    }
    // Numbers past 2^53, which both readers must round the same way.
    if (chance(0.02)) row.elapsed = '123456789012345678901234'
    if (chance(0.02)) row.elapsed = '9007199254740993'
    let fields = (headerless ? JMETER5_COLUMNS.slice(0, 8 + Math.floor(random() * 10)) : columns).map((c) => quote(row[c]!))
    // At most one row the reader refuses: a bad number or flag, a formatted time stamp among epoch ones, missing columns.
    if (r === broken) {
      const kind = pick(['value', 'value', 'date', 'short'])
      if (kind === 'short') fields = fields.slice(0, Math.floor(random() * fields.length))
      else {
        const column = kind === 'date' ? 'timeStamp' : pick(['elapsed', 'success', 'timeStamp'])
        const at = headerless ? JMETER5_COLUMNS.indexOf(column) : columns.indexOf(column)
        if (at >= 0) fields[at] = kind === 'date' ? '2026/11/22 03:20:13.174' : pick(['-5', 'abc', '', '4.5', 'maybe', ' 12', '"7"'])
      }
    }
    text += fields.join(delimiter)
    if (r < rows - 1 || chance(0.5)) text += eol()
    if (!child) previous = { label: row.label!, thread: row.threadName!, time: Number(row.timeStamp) }
  }
  return { bytes: Buffer.from(text), many }
}

describe('the JTL CSV reader with and without its plain-row loop', () => {
  it('reads seeded random JTLs to the same evidence or the same failure, whole and in chunks of every size', async () => {
    let evidence = 0
    let failures = 0
    for (let seed = 1; seed <= 40; seed++) {
      const random = generator(seed)
      const { bytes, many } = randomJtl(random)
      const name = `random-${seed}.jtl`
      const whole = await bothWays(() => parseFile<Parsed>(parser, writeScratch(name, bytes), name))
      expect(whole.loop).toEqual(whole.handler)
      // Files of many threads are long: cut in pieces of up to 64 bytes, not single bytes.
      for (const largest of many ? [64, 4096] : seed % 4 === 0 ? [1, 4096] : [7, 4096]) {
        const pieces = cut(bytes, random, largest)
        const chunked = await bothWays(() => parser.parse(sourceOf(name, bytes, pieces)) as Promise<Parsed>)
        expect(chunked.loop).toEqual(chunked.handler)
        expect(chunked.loop).toEqual(whole.loop)
      }
      if (whole.loop.ok) evidence++
      else {
        failures++
        if (process.env.SHOW) console.log(whole.loop.message)
      }
    }
    // Both outcomes are compared often enough to mean something.
    expect(evidence).toBeGreaterThan(20)
    expect(failures).toBeGreaterThan(5)
  }, 120_000)

  it("keeps each thread's last start when the thread table grows on a row the loop reads", async () => {
    // 1,100 threads each write a request the loop reads (inserting the thread: the table grows at 512
    // and 1,024 of them), then a default-mode Transaction Controller summary the handler reads: it is
    // not counted only when the thread's previous row started at or after it.
    let text = 'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n'
    for (let k = 0; k < 1100; k++) text += `${1000 + k},100,GET /a,200,OK,Users 1-${k},text,true\n`
    for (let k = 0; k < 1100; k++)
      text += `${1000 + k},100,Checkout,200,"Number of samples in transaction : 1, number of failing samples : 0",Users 1-${k},,true\n`
    const { loop, handler } = await bothWays(() => parseFile<Parsed>(parser, writeScratch('threads.jtl', text), 'threads.jtl'))
    expect(loop).toEqual(handler)
    expect(loop.ok && loop.evidence.requests).toBe(1100)
  })

  it('tells sub-results from requests in a file without a timeStamp column, where the loop starts after the header', async () => {
    let text = 'elapsed,label,threadName,success\n'
    for (let k = 0; k < 50; k++) text += `${300 + k},home,Users 1-1,true\n${100 + k},home-0,Users 1-1,true\n${150 + k},home-1,Users 1-1,false\n`
    const { loop, handler } = await bothWays(() => parseFile<Parsed>(parser, writeScratch('untimed.jtl', text), 'untimed.jtl'))
    expect(loop).toEqual(handler)
    // The failing sub-results belong to passing parents: 50 requests, none failed.
    expect(loop.ok && [loop.evidence.requests, loop.evidence.failed]).toEqual([50, 0])
  })

  it('compares sub-results with their page row after the buffer that held it is read into again (a page of sub-results over 2 MiB)', async () => {
    // A large file is read in 1 MiB chunks into two buffers used in turn. The page row was kept as a
    // view into its chunk: once the chunk after the next overwrote it, the remaining sub-results were
    // compared with other bytes and counted as requests (28,905 requests, 28,902 failed, p50 5 ms).
    let text = 'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,bytes,URL\n'
    for (let page = 0; page < 3; page++) {
      const time = 1795317600000 + page * 200_000
      text += `${time},100000,home,200,OK,Thread Group 1-1,text,true,1000,https://shop.example/\n`
      for (let k = 0; k < 25_000; k++) text += `${time + 1},5,home-${k},200,OK,Thread Group 1-1,text,false,1000,https://shop.example/static/${k}.png\n`
    }
    const bytes = Buffer.from(text)
    expect(bytes.length).toBeGreaterThan(3 * 2 * 1024 * 1024)
    const { loop, handler } = await bothWays(() => parseFile<Parsed>(parser, writeScratch('long-page.jtl', bytes), 'long-page.jtl'))
    expect(loop).toEqual(handler)
    // The failing sub-results belong to three passing pages of 100 s.
    expect(loop.ok && [loop.evidence.requests, loop.evidence.failed, loop.evidence.latencyMs.p50]).toEqual([3, 0, 100000])
    expect(loop.ok && loop.evidence.notes).toContain('75000 sub-results (redirects, embedded resources) not counted: their parent sample is counted')
  }, 60_000)

  it('reads seeded random JTLs of long pages to the same evidence from buffers read into again as from fresh ones', async () => {
    let evidence = 0
    for (let seed = 101; seed <= 130; seed++) {
      const random = generator(seed)
      // Nine rows in ten a sub-result: runs of them longer than two chunks.
      const { bytes } = randomJtl(random, 0.9)
      const name = `long-pages-${seed}.jtl`
      const fresh = await bothWays(() => parser.parse(sourceOf(name, bytes, cut(bytes, random, 4096))) as Promise<Parsed>)
      expect(fresh.loop).toEqual(fresh.handler)
      const sizes = Array.from({ length: 7 }, () => 300 + Math.floor(random() * 1200))
      const reused = await bothWays(() => parser.parse(reusingSourceOf(name, bytes, sizes)) as Promise<Parsed>)
      expect(reused.loop).toEqual(fresh.loop)
      expect(reused.handler).toEqual(fresh.loop)
      if (fresh.loop.ok) evidence++
    }
    expect(evidence).toBeGreaterThan(15)
  }, 120_000)

  it('reads the common rows in the loop, not in the handler', async () => {
    // The loop is only a faster way to the same evidence: the differential tests cannot see it turned
    // off. 2,001 requests as JMeter writes them, with a sub-result, a failure and a quoted message
    // among them: the handler reads the header, the first row (it makes the row a sub-result is
    // compared with), the rows with a quote and each sub-result; the loop every other row.
    let text = 'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,URL\n'
    let handled = 2
    for (let k = 0; k < 2000; k++) {
      const time = 1795317600000 + k * 3
      if (k % 100 === 50) {
        text += `${time},120,GET /cart,500,Internal Server Error,Thread Group 1-${k % 7},text,false,"Test failed: code expected to equal 200, got 500",300,https://shop.example/cart\n`
        handled++
      } else text += `${time},${100 + (k % 50)},GET /products,200,OK,Thread Group 1-${k % 7},text,true,,1200,https://shop.example/products\n`
      if (k % 100 === 10) {
        text += `${time + 1},20,GET /products-0,200,OK,Thread Group 1-${k % 7},text,true,,100,https://shop.example/logo.png\n`
        handled++
      }
    }
    // Last, a row with a quote: the loop leaves a file's last row to the handler when its bytes end in
    // the middle of a word of the loop's view (the view holds whole words).
    text += `1795317606000,120,GET /cart,500,Internal Server Error,Thread Group 1-1,text,false,"Test failed: code expected to equal 200, got 500",300,https://shop.example/cart\n`
    handled++
    const before = linesReadByPlainRows()
    const result = await parseFile<Parsed>(parser, writeScratch('common.jtl', text), 'common.jtl')
    expect(result.ok && [result.evidence.requests, result.evidence.failed]).toEqual([2001, 21])
    expect(linesReadByPlainRows() - before).toBe(1 + 2000 + 20 + 1 - handled)
    // The same from a chunk at each byte offset from a 4-byte boundary of its memory: the loop reads the
    // line four bytes at a time through the scanner's word view of the chunk, which must say where the
    // chunk starts in its first word (a wrong offset only sends every row to the handler, which the
    // comparisons above cannot see).
    for (let offset = 0; offset < 4; offset++) {
      const memory = Buffer.alloc(text.length + offset)
      memory.write(text, offset)
      const chunk = memory.subarray(offset)
      expect(chunk.byteOffset % 4).toBe(offset)
      const at = linesReadByPlainRows()
      const read = await parser.parse(sourceOf('common.jtl', chunk, [chunk]))
      expect(read).toEqual(result)
      expect(linesReadByPlainRows() - at).toBe(1 + 2000 + 20 + 1 - handled)
    }
  })

  it('reads every JTL CSV fixture to the same evidence', async () => {
    const dir = path.join(FIXTURES, 'jmeter')
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'))
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const file of files) {
      const { loop, handler } = await bothWays(() => parseFile<Parsed>(parser, dir, file))
      expect(loop.ok).toBe(true)
      expect(loop).toEqual(handler)
      const bytes = readFileSync(path.join(dir, file))
      const small = await bothWays(() => parser.parse(sourceOf(file, bytes, cut(bytes, generator(bytes.length), 5))) as Promise<Parsed>)
      expect(small.loop).toEqual(loop)
      expect(small.handler).toEqual(loop)
    }
  })

  itSample('reads every real JTL CSV sample the parser claims to the same evidence', async () => {
    const dir = path.join(SAMPLES, 'jmeter')
    const files = readdirSync(dir).filter((f) => detectedBy([parser], dir, f).length > 0)
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const file of files) {
      const { loop, handler } = await bothWays(() => parseFile<Parsed>(parser, dir, file))
      expect(loop).toEqual(handler)
      const bytes = readFileSync(path.join(dir, file))
      const small = await bothWays(() => parser.parse(sourceOf(file, bytes, cut(bytes, generator(bytes.length), 5))) as Promise<Parsed>)
      expect(small.loop).toEqual(loop)
      expect(small.handler).toEqual(loop)
    }
  })
})
