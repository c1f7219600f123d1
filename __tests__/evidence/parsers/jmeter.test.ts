import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { jmeterParsers } from '../../../src/evidence/parsers/jmeter.js'
import { locustParsers } from '../../../src/evidence/parsers/locust.js'
import { gatlingParsers } from '../../../src/evidence/parsers/gatling.js'
import { fieldText, scanRecords, splitCsvText } from '../../../src/evidence/parsing/csv-lines.js'
import type { EvidenceParser, LoadTestEvidence } from '../../../src/evidence/types.js'
import { FIXTURES, SAMPLES, detectedBy, evidenceOf, failureOf, itSample, parseFile, parseText, writeScratch, type Parsed } from './evidence-files.js'

const fixtures = path.join(FIXTURES, 'jmeter')

const parser = (format: string): EvidenceParser => jmeterParsers.find((p) => p.format === format)!

/** Nearest rank over a list: the expected values are computed by sorting, independently of LatencyHistogram. */
function sortedPercentiles(values: number[]): { p50: number; p90: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number): number => sorted[Math.ceil((p / 100) * sorted.length) - 1]!
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: sorted[sorted.length - 1]! }
}

describe('JMeter JTL CSV from JMeter 2.13 (fixtures written by the real tool)', () => {
  // Expected values computed with Python's csv module over the files: every row except the 12
  // "Checkout" rows (default-mode Transaction Controller summaries); the 12 "Browse" rows
  // (parent-mode transactions whose samples 2.13 does not write to CSV) are counted once each.
  it('reads the headerless default file in the default column order', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, 'jmeter-2.13.default-headerless.csv'))
    expect(e).toMatchObject({ requests: 72, failed: 12, errorRate: 12 / 72, durationS: 0.963, percentiles: 'exact', tool: 'jmeter', format: 'jmeter-jtl-csv' })
    expect(e.latencyMs).toEqual({ p50: 14, p90: 129, p95: 132, p99: 147, max: 147 })
    expect(e.rps).toBeCloseTo(72 / 0.963, 9)
    expect(e.startedAt).toBe(new Date(1795317602866).toISOString())
    expect(e.notes?.join('\n')).toMatch(/no header line/)
    expect(e.notes?.join('\n')).toMatch(/12 Transaction Controller rows not counted/)
    expect(e.notes?.join('\n')).toMatch(/12 Transaction Controller samples counted as one request each/)
  })

  it('reads the file with a header, a quoted multi-line label and extra columns', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, 'jmeter-2.13.header.csv'))
    expect(e).toMatchObject({ requests: 72, failed: 12, durationS: 0.902, startedAt: new Date(1795317607757).toISOString() })
    expect(e.latencyMs).toEqual({ p50: 12, p90: 124, p95: 132, p99: 148, max: 148 })
  })

  it('reads a file saved again with a UTF-8 byte order mark (Excel, Windows PowerShell) as the file without it', async () => {
    // JMeter writes none (checked with 2.13); an editor that re-saves the file adds it before the first record.
    const bom = Buffer.from([0xef, 0xbb, 0xbf])
    for (const name of ['jmeter-2.13.default-headerless.csv', 'jmeter-2.13.header.csv']) {
      const original = readFileSync(path.join(fixtures, name))
      const plain = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, name))
      const marked = await parseText<Parsed>(parser('jmeter-jtl-csv'), `bom-${name}`, Buffer.concat([bom, original]))
      expect(evidenceOf(marked)).toEqual(plain)
      expect(detectedBy(jmeterParsers, writeScratch(`bom-${name}`, Buffer.concat([bom, original])), `bom-${name}`)).toEqual(['jmeter-jtl-csv'])
    }
  })

  it('reads formatted timestamps (yyyy/MM/dd HH:mm:ss.SSS) as UTC and says so', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, 'jmeter-2.13.formatted-timestamp.csv'))
    expect(e).toMatchObject({ requests: 72, failed: 12, durationS: 0.893, startedAt: '2026-11-22T03:20:13.174Z' })
    expect(e.latencyMs).toEqual({ p50: 10, p90: 123, p95: 128, p99: 131, max: 131 })
    expect(e.notes).toContain('timestamps carry no time zone; read as UTC')
  })

  // jmeter-2.13.step-names.*: steps named as JMeter names sub-results ("Login", then "Login-1" that passes and
  // "Login-2" that fails, each shorter than "Login" and started after it ended), one thread, three loops.
  it('tells steps named like sub-results from sub-results by their times: time stamps with milliseconds leave no slack', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, 'jmeter-2.13.step-names.millis.csv'))
    // yyyy-MM-dd HH:mm:ss.SSSZ at -0500: every row a request, "Login-2" failing each time.
    expect(e).toMatchObject({ requests: 9, failed: 3, errorRate: 3 / 9, durationS: 0.76, startedAt: '2026-12-02T16:02:14.327Z' })
    expect(e.latencyMs).toEqual(sortedPercentiles([431, 25, 4, 146, 5, 4, 135, 3, 2]))
    expect(e.notes).toBeUndefined()
  })

  it('gives time stamps without milliseconds a second of slack, but never takes a failed row under a passing parent for its sub-result', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, 'jmeter-2.13.step-names.seconds.csv'))
    // yyyy/MM/dd HH:mm:ss: "Login-1" ends within a second of "Login" and cannot be told from a sub-result; "Login-2"
    // failed where "Login" passed, and JMeter fails a parent whose sub-result failed, so it is a request of its own.
    expect(e).toMatchObject({ requests: 6, failed: 3, errorRate: 0.5, startedAt: '2026-12-02T16:02:18.000Z' })
    expect(e.notes).toContain('3 sub-results (redirects, embedded resources) not counted: their parent sample is counted')
  })

  it('reads each file by its own time stamp format, whatever was read before in the same run', async () => {
    const read = async (name: string): Promise<LoadTestEvidence> => evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, name))
    const millis = await read('jmeter-2.13.step-names.millis.csv')
    const seconds = await read('jmeter-2.13.step-names.seconds.csv')
    // A reader left coarse by the file without milliseconds would give this one a second of slack: 3 requests.
    expect(await read('jmeter-2.13.step-names.millis.csv')).toEqual(millis)
    expect(await read('jmeter-2.13.formatted-timestamp.csv')).toMatchObject({ requests: 72, failed: 12 })
    expect(await read('jmeter-2.13.step-names.seconds.csv')).toEqual(seconds)
    expect(millis.requests).toBe(9)
  })
})

describe('JMeter JTL XML from JMeter 2.13', () => {
  it('counts the samples inside parent-mode transactions and skips redirect sub-results', async () => {
    // ElementTree over the file: top-level samples except "Checkout", with each "Browse" replaced by its two children.
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-xml'), fixtures, 'jmeter-2.13.results.xml'))
    expect(e).toMatchObject({ requests: 84, failed: 12, durationS: 0.97, startedAt: new Date(1795317617641).toISOString(), percentiles: 'exact' })
    expect(e.latencyMs).toEqual({ p50: 12, p90: 125, p95: 128, p99: 184, max: 184 })
    expect(e.notes).toEqual([
      '48 sub-results (redirects, embedded resources) not counted: their parent sample is counted',
      '12 Transaction Controller rows not counted: the samples inside them are counted from their own rows',
      '12 parent-mode Transaction Controller rows replaced by their sub-results'
    ])
  })
})

describe('JMeter CSV sub-results and transactions (hand-written, JMeter 5 layout)', () => {
  it('counts a parent-mode transaction through its sub-results and a sampler without its redirect hops', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), fixtures, 'handwritten.jmeter5-parent-transaction-subresults.csv'))
    // Counted: Login-0 100, Login-1 190 (failed), Home 50, Home-0 on thread 1-2 40 (no parent there), Search 2000 (failed).
    expect(e).toMatchObject({ requests: 5, failed: 2, errorRate: 0.4, durationS: 2.6, startedAt: '2023-11-14T22:13:20.000Z' })
    expect(e.latencyMs).toEqual({ p50: 100, p90: 2000, p95: 2000, p99: 2000, max: 2000 })
    expect(e.notes).toEqual([
      '2 sub-results (redirects, embedded resources) not counted: their parent sample is counted',
      '1 parent-mode Transaction Controller rows replaced by their sub-results'
    ])
  })

  it("reads a file whose header starts with elapsed (a column at index 0 is a column) as the same file in JMeter's order", async () => {
    // A header is JMeter's only if it starts with timeStamp or elapsed: elapsed is the one read column that can be the first.
    const text = readFileSync(path.join(fixtures, 'handwritten.jmeter5-parent-transaction-subresults.csv'), 'utf8')
    const expected = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'as-written.csv', text))
    const quote = (field: string): string => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)
    const moved = splitCsvText(text, ',', 100)
      .map(([timeStamp, elapsed, ...rest]) => [elapsed!, timeStamp!, ...rest].map(quote).join(','))
      .join('\n')
    expect(moved.startsWith('elapsed,timeStamp,label,')).toBe(true)
    expect(evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'elapsed-first.csv', `${moved}\n`))).toEqual(expected)
  })

  const header = 'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n'
  const summary = 'Number of samples in transaction : 1, number of failing samples : 0'

  it("takes a row as a sub-result only on its parent's thread", async () => {
    const rows = (secondThread: string): string => `${header}1000,500,Home,200,OK,Users 1-1,text,true\n1000,100,Home-0,302,Found,${secondThread},text,true\n`
    const same = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'same-thread.csv', rows('Users 1-1')))
    expect(same.requests).toBe(1)
    expect(same.notes).toEqual(['1 sub-results (redirects, embedded resources) not counted: their parent sample is counted'])
    // Another thread's row with the child's label is a request of its own.
    const other = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'other-thread.csv', rows('Users 1-2')))
    expect(other.requests).toBe(2)
    expect(other.notes).toBeUndefined()
  })

  it("tells threads apart by their whole name when judging a transaction row by the thread's previous row", async () => {
    // 600 threads with names of one length. An even one writes a sample, then its default-mode summary
    // (not counted); an odd one, never seen before, a transaction row whose samples the file does not
    // hold (counted once), started before the even threads' rows.
    let text = header
    for (let k = 0; k < 600; k++) {
      const thread = `Users 1-${String(k).padStart(3, '0')}`
      if (k % 2 === 0) text += `1000,100,GET /a,200,OK,${thread},text,true\n1000,100,Checkout,200,"${summary}",${thread},,true\n`
      else text += `900,300,Checkout,200,"${summary}",${thread},,true\n`
    }
    const e = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'threads.csv', text))
    expect(e.requests).toBe(600)
    expect(e.notes).toEqual([
      '300 Transaction Controller rows not counted: the samples inside them are counted from their own rows',
      '300 Transaction Controller samples counted as one request each: the file holds no rows for the samples inside them (parent mode without saved sub-results)'
    ])
  })

  itSample('does not double count filewithtransactions.csv (default-mode transactions, nested)', async () => {
    // 313 rows: 103 "Number of samples in transaction" rows, 210 samples; values from sort -n over the 210.
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), SAMPLES, 'jmeter/jenkins-perf-plugin.filewithtransactions.csv'))
    expect(e).toMatchObject({ requests: 210, failed: 0, durationS: 116.768, startedAt: new Date(1547676357242).toISOString() })
    expect(e.latencyMs).toEqual({ p50: 792, p90: 1651, p95: 1894, p99: 2405, max: 2554 })
    expect(e.notes).toEqual(['103 Transaction Controller rows not counted: the samples inside them are counted from their own rows'])
  })

  itSample('does not double count tailspin sub-results (redirect hops -0, -1 after their parent)', async () => {
    // 300 rows: 100 parents, 200 rows labelled "HTTP Request-0/-1"; values from sort -n over the parents.
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), SAMPLES, 'jmeter/tailspin.results.jtl.csv-with-subresults.jtl'))
    expect(e).toMatchObject({ requests: 100, failed: 0, durationS: 11.244 })
    expect(e.latencyMs).toEqual({ p50: 69, p90: 203, p95: 246, p99: 512, max: 685 })
    expect(e.notes).toEqual(['200 sub-results (redirects, embedded resources) not counted: their parent sample is counted'])
  })
})

describe('JMeter CSV edge cases', () => {
  it('reads a label with quotes, commas and a line break, and reports later errors at the physical line', async () => {
    const name = 'multiline.csv'
    const text =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n' +
      '1000,5,"a, ""quoted""\nlabel",200,OK,T 1-1,text,true\n' +
      '1010,7,plain,200,OK,T 1-1,text,false\r\n' +
      '1020,x,bad,200,OK,T 1-1,text,true\n'
    const result = await parseText<Parsed>(parser('jmeter-jtl-csv'), name, text)
    expect(result).toEqual({ ok: false, message: `"${name}": elapsed "x" is not a whole number of milliseconds`, line: 5 })
  })

  it('fails on text after a closing quote in a column it does not read, rather than losing the rows a stray quote swallows', async () => {
    // failureMessage (not read) holds "x"y": the third quote would open a field running to the next quote,
    // two lines on, and the failing row between would be lost (2 requests, none failed).
    const text =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes\n' +
      '1000,5,a,200,OK,T 1-1,text,true,"x"y"\n' +
      '1001,5,b,500,Error,T 1-1,text,false,,10\n' +
      '1002,5,c,200,OK,T 1-1,text,true,abc",10\n' +
      '1003,5,d,200,OK,T 1-1,text,true,,10\n'
    expect(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'stray-quote.csv', text)).toEqual({
      ok: false,
      message: '"stray-quote.csv": a quoted field is followed by more text before the next separator',
      line: 2
    })
  })

  it("takes a row labelled as a child for a sub-result only within its parent's time; epoch milliseconds leave no slack", async () => {
    const text =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n' +
      // Ends 450 ms after its parent: a request of its own.
      '1000,100,Home,200,OK,U 1-1,text,true\n1050,500,Home-0,500,Error,U 1-1,text,false\n' +
      // Starts before its parent: a request of its own.
      '2000,100,Page,200,OK,U 1-1,text,true\n1990,50,Page-0,500,Error,U 1-1,text,false\n' +
      // Within its parent: a sub-result.
      '3000,100,Item,200,OK,U 1-1,text,true\n3010,90,Item-0,200,OK,U 1-1,text,true\n'
    const e = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'children.csv', text))
    expect(e).toMatchObject({ requests: 5, failed: 2 })
    expect(e.notes).toEqual(['1 sub-results (redirects, embedded resources) not counted: their parent sample is counted'])
  })

  it('allows a second of slack to time stamps without milliseconds, and reads them', async () => {
    // The sub-result started at 05.9 and is written as 06: without the slack it would end 200 ms after its parent.
    const text =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n' +
      '2024/01/02 03:04:05,900,Home,200,OK,U 1-1,text,true\n2024/01/02 03:04:06,100,Home-0,200,OK,U 1-1,text,true\n'
    const e = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'seconds.csv', text))
    expect(e).toMatchObject({ requests: 1, startedAt: '2024-01-02T03:04:05.000Z' })
    expect(e.notes).toContain('1 sub-results (redirects, embedded resources) not counted: their parent sample is counted')
  })

  it('never takes a row longer than its parent for its sub-result, within the slack of time stamps without milliseconds too', async () => {
    // "Home-0" took 500 ms, "Home" 100: it cannot lie within it, so it is a step of its own whose latency counts.
    const text =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n' +
      '2024/01/02 03:04:05,100,Home,200,OK,U 1-1,text,true\n2024/01/02 03:04:05,500,Home-0,200,OK,U 1-1,text,true\n'
    const e = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'seconds.csv', text))
    expect(e).toMatchObject({ requests: 2, latencyMs: { max: 500 } })
    expect(e.notes ?? []).not.toContainEqual(expect.stringMatching(/sub-results/))
  })

  it.each([
    ['-0500', '2024-01-02T08:04:05.006Z'],
    ['+05:30', '2024-01-01T21:34:05.006Z']
  ])('reads a time stamp at zone offset %s', async (zone, startedAt) => {
    const text = `timeStamp;elapsed;label;success\n2024-01-02 03:04:05.006${zone};10;a;true\n`
    expect(evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'zone.csv', text)).startedAt).toBe(startedAt)
  })

  it('reads a time stamp at the edges of each field of a date and time', async () => {
    const edges = [
      ['2024/02/29 23:59:59.999', '2024-02-29T23:59:59.999Z'],
      ['2024/12/01 00:00:00.000', '2024-12-01T00:00:00.000Z'],
      ['0100/01/31 00:00:00.000', '0100-01-31T00:00:00.000Z']
    ]
    for (const [stamp, startedAt] of edges) {
      const text = `timeStamp,elapsed,label,success\n${stamp},1,a,true\n`
      expect([stamp, evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'edges.csv', text)).startedAt]).toEqual([stamp, startedAt])
    }
  })

  it('reads each row at its own zone offset, within one minute of local time too (the clocks going back for winter time)', async () => {
    // Europe/Berlin, 25 October 2026: 02:30 comes twice, an hour apart. Minutes are worked out once per minute and zone.
    const text =
      'timeStamp,elapsed,label,success\n2026-10-25 02:30:10.000+0200,100,a,true\n2026-10-25 02:30:20.000+0100,100,b,true\n' +
      '2026-10-25 02:30:30.000+0200,100,c,true\n'
    const e = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'dst.csv', text))
    expect(e).toMatchObject({ requests: 3, startedAt: '2026-10-25T00:30:10.000Z', durationS: 3610.1 })
  })

  it('counts a transaction row whose samples the file does not hold as one request, without a label column too', async () => {
    const text =
      'timeStamp,elapsed,responseMessage,threadName,success\n' + '1000,300,"Number of samples in transaction : 2, number of failing samples : 1",U 1-1,false\n'
    const e = evidenceOf(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'nolabel.csv', text))
    expect(e).toMatchObject({ requests: 1, failed: 1 })
    expect(e.notes).toContain(
      '1 Transaction Controller samples counted as one request each: the file holds no rows for the samples inside them (parent mode without saved sub-results)'
    )
  })

  it('fails on a time stamp that is neither epoch milliseconds nor a date and time, with the line', async () => {
    // A month, day, hour, minute or second past its range is no time either: Date.UTC would roll it over into
    // the next (2025/13/01 as 1 January 2026, a stale run read as a fresh one).
    const outOfRange = ['2025/13/01 03:04:05', '2024/00/10 03:04:05', '2023/02/29 03:04:05', '2024/04/31 03:04:05', '2024/01/00 03:04:05']
    outOfRange.push('2024/01/02 24:00:00', '2024/01/02 03:60:05', '2024/01/02 03:04:60.000', '0099/01/02 03:04:05')
    for (const stamp of ['yesterday', '02.01.2024 03:04:05', ...outOfRange]) {
      const text = `timeStamp,elapsed,label,success\n2024/01/02 03:04:05.006,10,a,true\n${stamp},20,b,true\n`
      expect(await parseText<Parsed>(parser('jmeter-jtl-csv'), 'stamps.csv', text)).toMatchObject({
        ok: false,
        line: 3,
        message: expect.stringContaining(`timeStamp "${stamp}" is neither epoch milliseconds nor a date and time the gate reads`)
      })
    }
  })

  it('fails on success that is neither true nor false, with the line', async () => {
    const result = await parseText<Parsed>(parser('jmeter-jtl-csv'), 'badsuccess.csv', 'timeStamp,elapsed,label,success\n1000,5,a,true\n1001,5,a,yes\n')
    expect(result).toMatchObject({ ok: false, line: 3 })
    expect(!result.ok && result.message).toMatch(/success "yes" is neither true nor false/)
  })

  it('fails on an unclosed quote with the line where the record starts', async () => {
    const result = await parseText<Parsed>(
      parser('jmeter-jtl-csv'),
      'unclosed.csv',
      'timeStamp,elapsed,label,success\n1000,5,a,true\n1001,5,"never closed,true\n1002,5,b,true\n'
    )
    expect(result).toMatchObject({ ok: false, line: 3 })
    expect(!result.ok && result.message).toMatch(/quoted field opened on line 3 is never closed/)
  })

  it("refuses a CSV whose header is not JMeter's", async () => {
    const result = await parseText<Parsed>(parser('jmeter-jtl-csv'), 'other.csv', 'time,duration,name,ok\n1000,5,a,true\n')
    expect(result).toMatchObject({ ok: false, line: 1 })
    expect(!result.ok && result.message).toMatch(/not a JMeter JTL CSV/)
  })

  it('refuses a header without the success column', async () => {
    const result = await parseText<Parsed>(parser('jmeter-jtl-csv'), 'nosuccess.csv', 'timeStamp,elapsed,label,responseCode\n1000,5,a,200\n')
    expect(!result.ok && result.message).toMatch(/no success column/)
  })

  it('fails on a row with fewer fields than the header needs', async () => {
    const result = await parseText<Parsed>(parser('jmeter-jtl-csv'), 'short.csv', 'timeStamp,elapsed,label,success\n1000,5,a,true\n1001,5\n')
    expect(result).toMatchObject({ ok: false, line: 3 })
  })

  it('reads a header-only file as zero requests with no made-up latency', async () => {
    const e = (await parseText<Parsed>(
      parser('jmeter-jtl-csv'),
      'headeronly.csv',
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n'
    )) as { ok: true; evidence: LoadTestEvidence }
    expect(e.ok).toBe(true)
    expect(e.evidence).toMatchObject({ requests: 0, failed: 0, latencyMs: {} })
    expect(e.evidence.errorRate).toBeUndefined()
    expect(e.evidence.rps).toBeUndefined()
    expect(e.evidence.percentiles).toBeUndefined()
  })

  it('reads semicolon-separated files and timestamps with a zone offset', async () => {
    const e = (await parseText<Parsed>(
      parser('jmeter-jtl-csv'),
      'semi.csv',
      'timeStamp;elapsed;label;success\n2024-01-02 03:04:05.006+0100;10;a;true\n2024-01-02 03:04:06.006+0100;20;b;false\n'
    )) as { ok: true; evidence: LoadTestEvidence }
    expect(e.evidence).toMatchObject({ requests: 2, failed: 1, startedAt: '2024-01-02T02:04:05.006Z', durationS: 1.02 })
    expect(e.evidence.notes ?? []).not.toContain('timestamps carry no time zone; read as UTC')
  })
})

describe('JMeter JTL XML edge cases', () => {
  it('fails on a truncated file, naming the cut', async () => {
    const result = await parseText<Parsed>(
      parser('jmeter-jtl-xml'),
      'truncated.jtl',
      '<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n<httpSample t="5" ts="1000" s="true" lb="a" tn="T"/>\n<httpSample t="6" ts="10'
    )
    expect(result.ok).toBe(false)
    expect(!result.ok && result.line).toBe(4)
  })

  it('fails on a file cut between two samples (JMeter still writing), at its end', async () => {
    // The XML reader refuses the unclosed root when the file ends; the gate's own </testResults> check is the backstop.
    const result = await parseText<Parsed>(
      parser('jmeter-jtl-xml'),
      'running.jtl',
      '<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n<httpSample t="5" ts="1000" s="true" lb="a" tn="T"/>\n'
    )
    expect(result).toEqual({
      ok: false,
      line: 4,
      message: '"running.jtl" is not well-formed XML (unclosed tag: testResults)'
    })
  })

  it('fails on a sample without t, with its line', async () => {
    const result = await parseText<Parsed>(parser('jmeter-jtl-xml'), 'not.jtl', '<testResults>\n<httpSample ts="1000" s="true" lb="a"/>\n</testResults>\n')
    expect(result).toMatchObject({ ok: false, line: 2 })
    expect(!result.ok && result.message).toMatch(/without the t \(elapsed\) attribute/)
  })

  it('never expands a billion-laughs DOCTYPE', async () => {
    const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)]
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE testResults [\n${entities.join('\n')}\n]>\n<testResults>\n<httpSample t="1" ts="1000" s="true" lb="&lol9;"/>\n</testResults>\n`
    const before = process.memoryUsage().heapUsed
    const result = await parseText<Parsed>(parser('jmeter-jtl-xml'), 'bomb.jtl', bomb)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toMatch(/DOCTYPE/)
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024)
  })

  it('fails on a root that is not <testResults>', async () => {
    const result = await parseText<Parsed>(
      parser('jmeter-jtl-xml'),
      'junit.xml',
      '<?xml version="1.0"?>\n<testsuite name="x"><testcase name="a"/></testsuite>\n'
    )
    expect(!result.ok && result.message).toMatch(/not JMeter's <testResults>/)
  })

  it('numbers lines by line feeds only: a stray carriage return does not shift later lines', async () => {
    const result = await parseText<Parsed>(
      parser('jmeter-jtl-xml'),
      'cr.jtl',
      '<testResults>\r<httpSample t="1" ts="1000" s="true"/>\r\n<httpSample\rt="x" ts="1000" s="true"/>\n</testResults>\n'
    )
    expect(result).toMatchObject({ ok: false, line: 2 })
    expect(!result.ok && result.message).toMatch(/t="x"/)
  })

  it('reads a file with CRLF line ends, even with a \\r\\n split across read chunks', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `<httpSample t="${i % 50}" ts="${1000 + i}" s="true" lb="a" tn="T"/>`)
    const result = await parseText<Parsed>(
      parser('jmeter-jtl-xml'),
      'crlf.jtl',
      `<testResults>\r\n${rows.join('\r\n')}\r\n<httpSample t="x" ts="1" s="true"/>\r\n</testResults>\r\n`
    )
    expect(result).toMatchObject({ ok: false, line: 40_002 })
  })

  it('forced on an Artillery JSON file with a stray carriage return, fails at a line inside the file (fuzzing found line 117 of 116)', async () => {
    const artillery = readFileSync(path.join(FIXTURES, 'artillery/v1.errors.json'), 'latin1')
    const content = `${artillery.slice(0, 7)}\r${artillery.slice(7)}`
    const result = await parseText<Parsed>(parser('jmeter-jtl-xml'), 'artillery.json', Buffer.from(content, 'latin1'))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.line).toBe(content.split('\n').length)
  })

  it('skips whitespace before the XML declaration and keeps line numbers true', async () => {
    const result = await parseText<Parsed>(
      parser('jmeter-jtl-xml'),
      'ws.jtl',
      '\n\n  <?xml version="1.0"?>\n<testResults>\n<httpSample t="x" ts="1000" s="true"/>\n</testResults>\n'
    )
    expect(result).toMatchObject({ ok: false, line: 5 })
  })
})

describe('JMeter dashboard statistics.json', () => {
  itSample('reads Total with the exact error rate and the default percentile columns', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-statistics'), SAMPLES, 'jmeter/jmeter-repo.HTMLReportExpect.statistics.json'))
    // Total: sampleCount 255, errorCount 3 (errorPct 1.1764706), median 232, pct1/2/3 337/339.2/353, max 353, throughput 4.2369...
    expect(e).toMatchObject({ requests: 255, failed: 3, errorRate: 3 / 255, rps: 4.2369361136495804, percentiles: 'tool' })
    expect(e.latencyMs).toEqual({ p50: 232, p90: 337, p95: 339.2, p99: 353, max: 353 })
    expect(e.notes?.[0]).toMatch(/p90\/p95\/p99, the JMeter defaults/)
  })

  it('falls back to errorPct (a float32 percent) without errorCount, and leaves p50 absent before 5.3', async () => {
    const e = evidenceOf(
      await parseText<Parsed>(
        parser('jmeter-statistics'),
        'statistics.json',
        JSON.stringify({
          Total: { transaction: 'Total', sampleCount: 3, errorPct: 33.333332, maxResTime: 9, pct1ResTime: 7, pct2ResTime: 8, pct3ResTime: 9, throughput: 1.5 }
        })
      )
    )
    expect(e.errorRate).toBe(0.3333333)
    expect(e.latencyMs).toEqual({ p90: 7, p95: 8, p99: 9, max: 9 })
    expect(e.failed).toBeUndefined()
  })

  it('gives no latency for zero samples', async () => {
    const e = evidenceOf(
      await parseText<Parsed>(
        parser('jmeter-statistics'),
        'statistics0.json',
        JSON.stringify({ Total: { sampleCount: 0, errorCount: 0, errorPct: 0, maxResTime: 0, pct1ResTime: 0 } })
      )
    )
    expect(e).toMatchObject({ requests: 0, failed: 0, latencyMs: {} })
    expect(e.errorRate).toBeUndefined()
  })

  it.each([
    ['a negative errorCount', { errorCount: -3 }, '"Total".errorCount is -3; it cannot be negative'],
    ['a negative errorPct', { errorCount: undefined, errorPct: -1.5 }, '"Total".errorPct is -1.5; it cannot be negative'],
    ['a negative p95', { pct2ResTime: -1 }, '"Total".pct2ResTime is -1; it cannot be negative'],
    ['a negative median', { medianResTime: -232 }, '"Total".medianResTime is -232; it cannot be negative'],
    ['a negative throughput', { throughput: -4.2 }, '"Total".throughput is -4.2; it cannot be negative'],
    ['a negative sampleCount', { sampleCount: -255 }, '"Total".sampleCount is -255; it cannot be negative']
  ])('refuses a Total with %s, which would read as a rate or latency under any budget', async (_name, change, message) => {
    const total = {
      transaction: 'Total',
      sampleCount: 255,
      errorCount: 3,
      errorPct: 1.1764706,
      meanResTime: 240.1,
      medianResTime: 232,
      minResTime: 150,
      maxResTime: 353,
      pct1ResTime: 337,
      pct2ResTime: 339.2,
      pct3ResTime: 353,
      throughput: 4.2369361136495804,
      receivedKBytesPerSec: 3.1,
      sentKBytesPerSec: 0.6,
      ...change
    }
    expect(failureOf(await parseText<Parsed>(parser('jmeter-statistics'), 'negative.json', JSON.stringify({ Total: total })))).toEqual({
      ok: false,
      message: `"negative.json": ${message}`
    })
  })

  it('refuses a Total that is null, or has no sampleCount', async () => {
    for (const [json, message] of [
      ['{"Total": null}', '"stats.json" has no "Total" entry; it is not a JMeter dashboard statistics.json'],
      ['{"Total": {"errorCount": 0, "pct1ResTime": 5}}', '"stats.json": "Total" has no numeric sampleCount']
    ] as const)
      expect(failureOf(await parseText<Parsed>(parser('jmeter-statistics'), 'stats.json', json)).message).toBe(message)
  })

  it('refuses JSON that is not an object, never throws on it', async () => {
    for (const json of ['null', '[{"Total": {"sampleCount": 1}}]', '"Total"', '5'])
      expect(failureOf(await parseText<Parsed>(parser('jmeter-statistics'), 'stats.json', json))).toEqual({
        ok: false,
        line: 1,
        message: '"stats.json" is not a JMeter statistics.json: it is not a JSON object'
      })
  })

  it('fails on a statistics.json that is not valid JSON at the line of the error', async () => {
    expect(await parseText<Parsed>(parser('jmeter-statistics'), 'stats.json', '{\n  "Total": {"sampleCount": 1},\n}\n')).toMatchObject({
      ok: false,
      line: 3,
      message: expect.stringMatching(/^"stats\.json" is not valid JSON, so it cannot be read as a JMeter statistics\.json/)
    })
  })

  it('refuses JSON without a Total entry', async () => {
    const result = await parseText<Parsed>(parser('jmeter-statistics'), 'nototal.json', '{"JR-OK": {"sampleCount": 1}}')
    expect(!result.ok && result.message).toMatch(/no "Total" entry/)
  })
})

describe('csv-lines scanner', () => {
  const text = 'a,b,c\r\n\r\n"x, ""y""\nz",2,\n"",,"last"\r\r\nplain'
  it.each([
    [1, 'without'],
    [2, 'without'],
    [3, 'without'],
    [7, 'without'],
    [64, 'without'],
    [1, 'after'],
    [2, 'after'],
    [4, 'after'],
    [64, 'after']
  ])('gives the same records and lines whatever the chunk size (%i bytes), %s a byte order mark', async (size, mark) => {
    const bytes = Buffer.from((mark === 'after' ? '\ufeff' : '') + text)
    const chunks: Buffer[] = []
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size))
    const records: { line: number; cells: string[] }[] = []
    const result = await scanRecords(Readable.from(chunks), { delimiter: 44, quotes: true, maxFields: 8 }, (rec) => {
      records.push({ line: rec.line, cells: Array.from({ length: rec.count }, (_, i) => fieldText(rec, i)) })
      return undefined
    })
    expect(result.ok).toBe(true)
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 3, cells: ['x, "y"\nz', '2', ''] },
      { line: 5, cells: ['', '', 'last'] },
      { line: 6, cells: ['plain'] }
    ])
  })

  it('keeps a byte order mark that is not at the start, and reads a file shorter than one', async () => {
    const records = async (...chunks: Buffer[]): Promise<string[][]> => {
      const found: string[][] = []
      const result = await scanRecords(Readable.from(chunks), { delimiter: 44, quotes: true, maxFields: 8 }, (rec) => {
        found.push(Array.from({ length: rec.count }, (_, i) => fieldText(rec, i)))
        return undefined
      })
      expect(result.ok).toBe(true)
      return found
    }
    expect(await records(Buffer.from('a\n\ufeffb'))).toEqual([['a'], ['\ufeffb']])
    expect(await records(Buffer.from('\ufeff\ufeffb'))).toEqual([['\ufeffb']])
    expect(await records(Buffer.from('ab'))).toEqual([['ab']])
    expect(await records(Buffer.from('a'), Buffer.alloc(0), Buffer.from('b\nc'))).toEqual([['ab'], ['c']])
    expect(await records(Buffer.from([0xef, 0xbb]))).toEqual([[Buffer.from([0xef, 0xbb]).toString()]])
  })

  it('splitCsvText agrees on a head', () => {
    expect(splitCsvText(text, ',', 10)).toEqual([['a', 'b', 'c'], ['x, "y"\nz', '2', ''], ['', '', 'last'], ['plain']])
  })
})

describe('streaming a multi-megabyte JTL generated at test time', () => {
  it('equals a sort-based computation over the rows it wrote, across chunk boundaries', async () => {
    let seed = 7
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x7fffffff
    }
    const lines = ['timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,URL']
    const counted: number[] = []
    let failed = 0
    let ts = 1_700_000_000_000
    let first = Infinity
    let lastEnd = 0
    while (lines.length < 60_000) {
      ts += Math.floor(random() * 4)
      const elapsed = Math.floor(random() * random() * 3000)
      const ok = random() > 0.03
      const thread = `Users 1-${1 + Math.floor(random() * 20)}`
      const label = random() < 0.05 ? 'Search "books, used"\npage 2' : 'GET /items'
      const csv = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)
      const message = ok ? '' : '"Assertion failed, expected 200\ngot 500"'
      lines.push(`${ts},${elapsed},${csv(label)},${ok ? 200 : 500},${ok ? 'OK' : 'Error'},${thread},text,${ok},${message},123,http://127.0.0.1/items`)
      counted.push(elapsed)
      if (!ok) failed++
      first = Math.min(first, ts)
      lastEnd = Math.max(lastEnd, ts + elapsed)
      if (random() < 0.1) {
        // A redirect: two sub-results within the parent's time, written after it; not counted.
        const cut = Math.floor(elapsed / 2)
        lines.push(`${ts},${cut},${csv(`${label}-0`)},302,Found,${thread},,true,,10,http://127.0.0.1/old`)
        lines.push(`${ts + cut},${elapsed - cut},${csv(`${label}-1`)},200,OK,${thread},text,true,,10,http://127.0.0.1/items`)
      }
    }
    const dir = writeScratch('big.jtl', lines.join('\n') + '\n')
    const e = evidenceOf(await parseFile<Parsed>(parser('jmeter-jtl-csv'), dir, 'big.jtl'))
    expect(statSync(path.join(dir, 'big.jtl')).size).toBeGreaterThan(4 * 1024 * 1024)
    expect(e.requests).toBe(counted.length)
    expect(e.failed).toBe(failed)
    expect(e.latencyMs).toEqual(sortedPercentiles(counted))
    expect(e.durationS).toBe((lastEnd - first) / 1000)
  })
})

describe('detection', () => {
  const mine: EvidenceParser[] = [...jmeterParsers, ...locustParsers, ...gatlingParsers]

  it('detects every fixture of the three tools as its own format only', () => {
    const expected: Record<string, string | undefined> = {
      'jmeter/jmeter-2.13.default-headerless.csv': 'jmeter-jtl-csv',
      'jmeter/jmeter-2.13.header.csv': 'jmeter-jtl-csv',
      'jmeter/jmeter-2.13.formatted-timestamp.csv': 'jmeter-jtl-csv',
      'jmeter/jmeter-2.13.step-names.millis.csv': 'jmeter-jtl-csv',
      'jmeter/jmeter-2.13.step-names.seconds.csv': 'jmeter-jtl-csv',
      'jmeter/handwritten.jmeter5-parent-transaction-subresults.csv': 'jmeter-jtl-csv',
      'jmeter/jmeter-2.13.results.xml': 'jmeter-jtl-xml',
      'locust/handwritten.locust-json-output.json': 'locust-json',
      'locust/handwritten.locust-0.x-stats.csv': 'locust-stats-csv',
      'gatling/handwritten.global_stats.json': 'gatling-stats-json',
      'gatling/handwritten.gatling-2.x-stats.json': 'gatling-stats-json',
      'gatling/handwritten.assertions.json': 'gatling-assertions-json',
      'gatling/handwritten.gatling-2.2-simulation.log': 'gatling-simulation-log',
      'gatling/handwritten.gatling-3.0-simulation.log': 'gatling-simulation-log',
      'gatling/handwritten.index.html': 'gatling-html-report'
    }
    let seen = 0
    for (const tool of ['jmeter', 'locust', 'gatling']) {
      for (const name of readdirSync(path.join(FIXTURES, tool))) {
        const rel = `${tool}/${name}`
        const want = expected[rel]
        expect([rel, detectedBy(mine, FIXTURES, rel)]).toEqual([rel, want ? [want] : []])
        seen++
      }
    }
    expect(seen).toBeGreaterThanOrEqual(Object.keys(expected).length)
  })

  itSample('claims no file of another tool in the shared samples, and only the right format for JMeter, Locust and Gatling files', () => {
    const expected: Record<string, string | undefined> = {
      'jmeter/jenkins-perf-plugin.JENKINS-16627_CSV_instead_of_XML.jtl': 'jmeter-jtl-csv',
      'jmeter/jenkins-perf-plugin.JMeterPublisher_formatted_timeStamp.csv': 'jmeter-jtl-csv',
      'jmeter/jenkins-perf-plugin.JMeterResultsMultiLevel.jtl': 'jmeter-jtl-xml',
      'jmeter/jenkins-perf-plugin.filewithtransactions.csv': 'jmeter-jtl-csv',
      'jmeter/jenkins-perf-plugin.multiLineCSV.jtl': 'jmeter-jtl-csv',
      'jmeter/jenkins-perf-plugin.whitespace-followed-by-xml.jtl': 'jmeter-jtl-xml',
      'jmeter/jmeter-repo.HTMLReportExpect.statistics.json': 'jmeter-statistics',
      'jmeter/jmeter-repo.sample_log1.xml.jtl': 'jmeter-jtl-xml',
      'jmeter/tailspin.Results.xml-jtl.xml': 'jmeter-jtl-xml',
      'jmeter/tailspin.results.jtl.csv-with-subresults.jtl': 'jmeter-jtl-csv',
      'locust/bitcoin-api.windows-crcrlf.results_failures.csv': 'locust-failures-csv',
      'locust/bitcoin-api.windows-crcrlf.results_stats.csv': 'locust-stats-csv',
      'locust/bitcoin-api.windows-crcrlf.results_stats_history.csv': 'locust-stats-history-csv',
      'locust/jenkins-perf-plugin.test_results_stats.blank-lines.csv': 'locust-stats-csv',
      'locust/wine-prediction-app.empty-run.crlf.results_failures.csv': 'locust-failures-csv',
      'locust/wine-prediction-app.empty-run.crlf.results_stats.csv': 'locust-stats-csv',
      'locust/wine-prediction-app.empty-run.crlf.results_stats_history.head40.csv': 'locust-stats-history-csv',
      'gatling/gatling-repo-v3.12.0.text-simulation.log': 'gatling-simulation-log'
    }
    const files = readdirSync(SAMPLES, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(SAMPLES, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .filter((rel) => rel.includes('/'))
    expect(files.length).toBeGreaterThan(30)
    for (const rel of files) {
      const want = expected[rel]
      expect([rel, detectedBy(mine, SAMPLES, rel)]).toEqual([rel, want ? [want] : []])
    }
  })
})
