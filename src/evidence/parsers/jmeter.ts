// Apache JMeter results: JTL CSV (streamed on bytes), JTL XML (streamed with saxes) and the HTML
// dashboard's statistics.json.
//
// Counting rule for raw JTL files (CSV and XML), so that each request is counted once:
// - A sub-result (a redirect hop, an embedded resource, a sampler inside a parent-mode Transaction
//   Controller) is not counted when its parent sampler is counted: the parent's row already covers
//   it. In XML sub-results are nested elements; in CSV, JMeter writes them right after their parent
//   with the parent's label plus "-0", "-1"... (CSVSaveService.saveSampleResult), so a row is taken
//   as a sub-result when it directly follows that parent (or a sibling), on the same thread, and
//   starts (and, under a sampler, also ends) within the parent's time.
// - A Transaction Controller row (response message "Number of samples in transaction : N") is a
//   summary, not a request. Its samples are counted from their own rows: the rows before it on the
//   same thread (the controller's default mode), or the sub-results after it ("Generate parent
//   sample"). When the file holds neither (parent mode in JMeter versions that write no CSV
//   sub-results, such as 2.13), the transaction row is the only record of that work and is counted
//   as one request, with a note. The two cases are told apart by the thread's previous row: in the
//   default mode the controller's last sample was written just before it and started after it.
import { StringDecoder } from 'node:string_decoder'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { ReadProblem } from '../../fs/safe-read.js'
import type { DetectInput, EvidenceParser, EvidenceSource, LoadTestEvidence, ParseResult } from '../types.js'
import {
  SampleTally,
  delimiterWord,
  fieldInteger,
  fieldIs,
  fieldStartsWith,
  fieldText,
  scanRecords,
  splitCsvText,
  type PlainLineReader,
  type ScannedRecord
} from '../parsing/csv-lines.js'
import { completeDuration, loadEvidence, readJsonDocument } from '../parsing/load-common.js'
import { loneCarriageReturnsAsSpaces } from '../parsing/xml-lines.js'
import { FieldProblem, failure } from '../parsing/failure.js'
import { finite } from '../parsing/read-evidence.js'

const TRANSACTION_PREFIX = 'Number of samples in transaction'

/** JMeter's CSV column order (CSVSaveService); a headerless file uses it with the columns its properties saved. */
const DEFAULT_COLUMNS = ['timeStamp', 'elapsed', 'label', 'responseCode', 'responseMessage', 'threadName', 'dataType', 'success'] as const
const KNOWN_COLUMNS = new Set([
  ...DEFAULT_COLUMNS,
  'failureMessage',
  'bytes',
  'sentBytes',
  'grpThreads',
  'allThreads',
  'URL',
  'Filename',
  'Latency',
  'Encoding',
  'SampleCount',
  'ErrorCount',
  'Hostname',
  'IdleTime',
  'Connect'
])

const EPOCH_MS = /^\d{1,15}$/
const FORMATTED_TS = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/
const HEADERLESS_START = /^(?:\d{12,13}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)([,;\t|])/

// ---------------------------------------------------------------------------------------------
// Shared by CSV and XML: per-thread memory for telling transaction summaries from transactions
// whose samples the file does not hold, keyed by a hash of the thread name's bytes.

const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193

class ThreadMemory {
  // Open addressing on the name's length and two 32-bit FNV-1a lanes (its even and its odd bytes: two
  // short chains of multiplications instead of one long one), all small integers in typed arrays: a
  // Map costs a third of the scan on a large file, this costs little. Threads are few (thousands).
  private lengths = new Int32Array(1024).fill(-1)
  private evens = new Int32Array(1024)
  private odds = new Int32Array(1024)
  /** The start time of each thread's last row, by slot. */
  starts = new Float64Array(1024)
  private used = 0

  /** The lanes of the name last looked up, for `saw` to store. */
  private even = 0
  private odd = 0

  /** The slot of the name in `buf` from `start` to `end`: where it is, or the free one where it goes. */
  private slot(buf: Uint8Array, start: number, end: number): number {
    let even = FNV_OFFSET
    let odd = FNV_OFFSET
    let i = start
    for (; i + 1 < end; i += 2) {
      even = Math.imul(even ^ buf[i]!, FNV_PRIME)
      odd = Math.imul(odd ^ buf[i + 1]!, FNV_PRIME)
    }
    if (i < end) even = Math.imul(even ^ buf[i]!, FNV_PRIME)
    this.even = even
    this.odd = odd
    return this.probe(end - start, even, odd)
  }

  private probe(length: number, even: number, odd: number): number {
    const lengths = this.lengths
    const mask = lengths.length - 1
    let i = (even ^ Math.imul(odd, 0x9e3779b1) ^ length) & mask
    while (lengths[i] !== -1 && (lengths[i] !== length || this.evens[i] !== even || this.odds[i] !== odd)) i = (i + 1) & mask
    return i
  }

  /** True when the thread's previous row started at or after `startMs` (the controller's own samples precede it). */
  samplesPrecede(buf: Uint8Array, start: number, end: number, startMs: number): boolean {
    const i = this.slot(buf, start, end)
    return this.lengths[i] !== -1 && this.starts[i]! >= startMs
  }

  saw(buf: Uint8Array, start: number, end: number, startMs: number): void {
    // The slot first: adding the name may grow the table, replacing `starts`.
    const i = this.entry(buf, start, end)
    this.starts[i] = startMs
  }

  /** The slot of the name in `buf` from `start` to `end`, added when new; its start time is `starts[slot]`. */
  entry(buf: Uint8Array, start: number, end: number): number {
    const i = this.slot(buf, start, end)
    if (this.lengths[i] !== -1) return i
    this.lengths[i] = end - start
    this.evens[i] = this.even
    this.odds[i] = this.odd
    if (++this.used * 2 <= this.lengths.length) return i
    this.grow()
    return this.probe(end - start, this.even, this.odd)
  }

  private grow(): void {
    const { lengths, evens, odds, starts } = this
    this.lengths = new Int32Array(lengths.length * 2).fill(-1)
    this.evens = new Int32Array(lengths.length * 2)
    this.odds = new Int32Array(lengths.length * 2)
    this.starts = new Float64Array(lengths.length * 2)
    for (let i = 0; i < lengths.length; i++) {
      if (lengths[i] === -1) continue
      const j = this.probe(lengths[i]!, evens[i]!, odds[i]!)
      this.lengths[j] = lengths[i]!
      this.evens[j] = evens[i]!
      this.odds[j] = odds[i]!
      this.starts[j] = starts[i]!
    }
  }
}

/** The N of "Number of samples in transaction : N, ...", or undefined. */
function transactionSize(message: string): number | undefined {
  const match = /^Number of samples in transaction : (\d+)/.exec(message)
  return match ? Number(match[1]) : undefined
}

class CountingNotes {
  subResults = 0
  transactionSummaries = 0
  transactionsReplacedBySubResults = 0
  transactionsCounted = 0

  notes(extra: string[]): string[] {
    const notes = [...extra]
    if (this.subResults) notes.push(`${this.subResults} sub-results (redirects, embedded resources) not counted: their parent sample is counted`)
    if (this.transactionSummaries)
      notes.push(`${this.transactionSummaries} Transaction Controller rows not counted: the samples inside them are counted from their own rows`)
    if (this.transactionsReplacedBySubResults)
      notes.push(`${this.transactionsReplacedBySubResults} parent-mode Transaction Controller rows replaced by their sub-results`)
    if (this.transactionsCounted) {
      notes.push(
        `${this.transactionsCounted} Transaction Controller samples counted as one request each: the file holds no rows for the samples inside them (parent mode without saved sub-results)`
      )
    }
    return notes
  }
}

// ---------------------------------------------------------------------------------------------
// Timestamps: epoch milliseconds, or a SimpleDateFormat-style date (jmeter.save.saveservice.timestamp_format).

interface TimestampReader {
  read(text: string): number
  /** True when the format has no milliseconds (comparisons then allow a second of slack). */
  coarse: boolean
  /** True when formatted timestamps carried no zone and were read as UTC. */
  zoneless: boolean
}

/** The days of a month (1 to 12) of a year from 100 on. */
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

function timestampReader(): TimestampReader {
  let minuteKey = ''
  let minuteMs = 0
  const reader: TimestampReader = {
    coarse: false,
    zoneless: false,
    read(text: string): number {
      if (EPOCH_MS.test(text)) return Number(text)
      const m = FORMATTED_TS.exec(text)
      if (!m) return NaN
      const key = `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]} ${m[8] ?? ''}`
      if (key !== minuteKey) {
        const [year, month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])]
        // Date.UTC rolls a field past its range over (2025/13/01 is 1 January 2026: a stale run read as a fresh one)
        // and reads years 0 to 99 as 1900 to 1999: such a time is none.
        const valid = year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour < 24 && minute < 60
        const utc = valid ? Date.UTC(year, month - 1, day, hour, minute) : NaN
        let offsetMin = 0
        if (m[8] && m[8] !== 'Z') {
          const sign = m[8][0] === '-' ? -1 : 1
          const digits = m[8].slice(1).replace(':', '')
          offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
        }
        if (!m[8]) reader.zoneless = true
        minuteKey = key
        minuteMs = utc - offsetMin * 60_000
      }
      if (m[7] === undefined) reader.coarse = true
      const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'))
      const seconds = Number(m[6] ?? 0)
      return seconds < 60 ? minuteMs + seconds * 1000 + millis : NaN
    }
  }
  return reader
}

// ---------------------------------------------------------------------------------------------
// JTL CSV

interface CsvLayout {
  delimiter: string
  header: boolean
  /** Column index by name (-1 when the file does not save it). */
  timeStamp: number
  elapsed: number
  label: number
  responseMessage: number
  threadName: number
  success: number
}

function layoutFromHeader(fields: string[], delimiter: string): CsvLayout {
  const index = (name: string): number => fields.indexOf(name)
  return {
    delimiter,
    header: true,
    timeStamp: index('timeStamp'),
    elapsed: index('elapsed'),
    label: index('label'),
    responseMessage: index('responseMessage'),
    threadName: index('threadName'),
    success: index('success')
  }
}

const DEFAULT_LAYOUT = (delimiter: string): CsvLayout => ({
  delimiter,
  header: false,
  timeStamp: 0,
  elapsed: 1,
  label: 2,
  responseMessage: 4,
  threadName: 5,
  success: 7
})

/** The file's CSV layout from its first line, or undefined when it is not a JMeter JTL CSV. */
function csvLayout(head: string): CsvLayout | undefined {
  const firstLine = head.slice(0, head.indexOf('\n') === -1 ? head.length : head.indexOf('\n')).replace(/\r+$/, '')
  const headerMatch = /^(timeStamp|elapsed)([,;\t|])/.exec(firstLine)
  if (headerMatch) {
    const delimiter = headerMatch[2]!
    const fields = firstLine.split(delimiter)
    const known = fields.filter((f) => KNOWN_COLUMNS.has(f)).length
    if (!fields.includes('elapsed') || known < 3) return undefined
    return layoutFromHeader(fields, delimiter)
  }
  const start = HEADERLESS_START.exec(firstLine)
  if (!start) return undefined
  const delimiter = start[1]!
  const [record] = splitCsvText(head, delimiter, 1)
  if (!record || record.length < 8) return undefined
  if (!/^\d+$/.test(record[1]!) || (record[7] !== 'true' && record[7] !== 'false')) return undefined
  return DEFAULT_LAYOUT(delimiter)
}

/** The parent candidate for CSV sub-results: the last top-level row. */
interface CsvParent {
  buf: Buffer
  labelStart: number
  labelEnd: number
  threadStart: number
  threadEnd: number
  start: number
  end: number
  transaction: boolean
  /** A transaction row waiting to see whether sub-results follow (else it is counted as a request). */
  pending: boolean
  elapsed: number
  ok: boolean
}

/**
 * Copies the parent's label and thread out of the chunk they point into, once the chunk is read: the
 * source reads later chunks into the same buffers, and a page's sub-results may run on past the next
 * chunk (a megabyte), each compared with the parent.
 */
function keepParentBytes(parent: CsvParent | undefined): void {
  if (!parent) return
  const labelLength = parent.labelEnd - parent.labelStart
  const threadLength = parent.threadEnd - parent.threadStart
  const own = Buffer.allocUnsafe(labelLength + threadLength)
  parent.buf.copy(own, 0, parent.labelStart, parent.labelEnd)
  parent.buf.copy(own, labelLength, parent.threadStart, parent.threadEnd)
  parent.buf = own
  parent.labelStart = 0
  parent.labelEnd = labelLength
  parent.threadStart = labelLength
  parent.threadEnd = labelLength + threadLength
}

/** True when the two spans hold the same bytes. */
function sameBytes(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number): boolean {
  return aEnd - aStart === bEnd - bStart && a.compare(b, bStart, bEnd, aStart, aEnd) === 0
}

/** True when the record's label is `parent label` + "-" + digits. */
function labelIsChildOf(rec: ScannedRecord, labelIndex: number, parent: CsvParent): boolean {
  const start = rec.starts[labelIndex]!
  const end = rec.ends[labelIndex]!
  const parentLength = parent.labelEnd - parent.labelStart
  if (end - start < parentLength + 2) return false
  const buf = rec.buf
  if (buf[start + parentLength] !== 0x2d) return false
  for (let i = start + parentLength + 1; i < end; i++) if (buf[i]! < 48 || buf[i]! > 57) return false
  return buf.compare(parent.buf, parent.labelStart, parent.labelEnd, start, start + parentLength) === 0
}

/** Tests compare the reader with and without the plain-row loop, and check that the loop reads the common rows. */
let plainRowsOff = false
export function withoutPlainRows(off: boolean): void {
  plainRowsOff = off
}
let plainLinesRead = 0
/** The lines the plain-row loop has read since the process started. */
export const linesReadByPlainRows = (): number => plainLinesRead

const LF = 10
const CR = 13

/**
 * A whole number of 1 to 15 digits (exact in a double, as `fieldInteger` reads it), or -1 for anything
 * else (the record handler then reads the row and says what is wrong). Nine digits at a time in 32-bit
 * arithmetic, like `fieldInteger`.
 */
function wholeNumber(buf: Buffer, start: number, end: number): number {
  const digits = end - start
  if (digits === 0 || digits > 15) return -1
  const split = digits > 9 ? end - 9 : start
  let high = 0
  let p = start
  for (; p < split; p++) {
    const digit = buf[p]! - 48
    if (digit >>> 0 > 9) return -1
    high = high * 10 + digit
  }
  let low = 0
  for (; p < end; p++) {
    const digit = buf[p]! - 48
    if (digit >>> 0 > 9) return -1
    low = low * 10 + digit
  }
  return high * 1e9 + low
}

/**
 * The common JTL row in one loop over the bytes, without a record or a call per field: a line with no
 * quote, epoch time stamps, a request that is neither a Transaction Controller row nor possibly a
 * sub-result of the row before it. Anything else (a refused value, too few fields, a label that may be
 * a child's, a transaction, a pending transaction before it) is left to the record handler, which
 * reads it as before: the loop only does what that handler would do for the rows it takes.
 */
class PlainJtlRows implements PlainLineReader {
  lines = 0
  /** On once the header is skipped and the first row showed epoch time stamps (or there are none). */
  on = false
  parent: CsvParent | undefined
  /** The row's delimiters: field i runs from ends[i] + 1 to ends[i + 1] (ends[0] is the byte before the line). */
  private readonly ends: Int32Array
  private readonly pattern: number

  constructor(
    private readonly layout: CsvLayout,
    private readonly maxFields: number,
    private readonly tally: SampleTally,
    private readonly threads: ThreadMemory
  ) {
    this.ends = new Int32Array(maxFields + 1)
    this.pattern = delimiterWord(layout.delimiter.charCodeAt(0))
  }

  read(buf: Buffer, from: number, end: number, words: Int32Array<ArrayBufferLike>, shift: number): number {
    this.lines = 0
    if (!this.on || plainRowsOff) return from
    const { ends, maxFields, pattern, tally, threads } = this
    const { timeStamp, elapsed: elapsedAt, label, responseMessage, threadName, success } = this.layout
    const parent = this.parent
    // Left to the handler: the first labelled row (the loop can start right after a header without
    // timeStamp; the handler makes the row later ones may be sub-results of), and a row after a
    // transaction it has not settled.
    if (label >= 0 && (!parent || parent.pending)) return from
    // The last row taken becomes the parent when the loop stops: kept in locals until then (storing
    // into the parent object per row cost 5% of a large file's instructions).
    let parentLabelLength = parent ? parent.labelEnd - parent.labelStart : 0
    let taken = false
    let lastLabelStart = 0
    let lastThreadStart = 0
    let lastThreadEnd = 0
    let lastStart = 0
    let lastElapsed = 0
    let lastOk = true
    let pos = from
    let lines = 0
    for (;;) {
      const lf = buf.indexOf(LF, pos)
      if (lf === -1 || lf >= end) break
      let lineEnd = lf
      while (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--
      if (lineEnd === pos) {
        lines++
        pos = lf + 1
        continue
      }
      // The delimiters of the captured fields, four bytes at a time: `plainFieldEnds`, written out here
      // because TurboFan does not inline a function of its size into this loop (a call per row).
      ends[0] = pos - 1
      let w = (pos + shift) >> 2
      const lastWord = (lineEnd + shift - 1) >> 2
      if (lastWord >= words.length) break
      let count = 0
      let word = words[w]! ^ pattern
      let found = ~(((word & 0x7f7f7f7f) + 0x7f7f7f7f) | word | 0x7f7f7f7f) & (-1 << (((pos + shift) & 3) << 3))
      split: for (;;) {
        while (found !== 0) {
          const at = (w << 2) - shift + ((31 - Math.clz32(found & -found)) >> 3)
          if (at >= lineEnd) break split
          ends[count + 1] = at
          if (++count === maxFields) break split
          found &= found - 1
        }
        if (w >= lastWord) break
        word = words[++w]! ^ pattern
        found = ~(((word & 0x7f7f7f7f) + 0x7f7f7f7f) | word | 0x7f7f7f7f)
      }
      if (count < maxFields - 1) break
      if (count === maxFields - 1) ends[count + 1] = lineEnd
      const elapsed = wholeNumber(buf, ends[elapsedAt]! + 1, ends[elapsedAt + 1]!)
      if (elapsed < 0) break
      const successStart = ends[success]! + 1
      const successLength = ends[success + 1]! - successStart
      let ok: boolean
      if (
        successLength === 4 &&
        buf[successStart] === 0x74 &&
        buf[successStart + 1] === 0x72 &&
        buf[successStart + 2] === 0x75 &&
        buf[successStart + 3] === 0x65
      )
        ok = true
      else if (
        successLength === 5 &&
        buf[successStart] === 0x66 &&
        buf[successStart + 1] === 0x61 &&
        buf[successStart + 2] === 0x6c &&
        buf[successStart + 3] === 0x73 &&
        buf[successStart + 4] === 0x65
      )
        ok = false
      else break
      let start = NaN
      if (timeStamp >= 0) {
        start = wholeNumber(buf, ends[timeStamp]! + 1, ends[timeStamp + 1]!)
        if (start < 0) break
      }
      // A message that may start "Number of samples in transaction": the handler tells.
      if (responseMessage >= 0) {
        const messageStart = ends[responseMessage]! + 1
        if (buf[messageStart] === 0x4e && ends[responseMessage + 1]! - messageStart >= TRANSACTION_PREFIX.length) break
      }
      let labelStart = 0
      let labelEnd = 0
      if (label >= 0) {
        labelStart = ends[label]! + 1
        labelEnd = ends[label + 1]!
        // Possibly a sub-result ("<parent label>-N"): left to the handler.
        if (labelEnd - labelStart >= parentLabelLength + 2 && buf[labelStart + parentLabelLength] === 0x2d) break
      }
      const threadStart = threadName >= 0 ? ends[threadName]! + 1 : 0
      const threadEnd = threadName >= 0 ? ends[threadName + 1]! : 0
      tally.add(start, elapsed, ok)
      const thread = threads.entry(buf, threadStart, threadEnd)
      threads.starts[thread] = start
      taken = true
      parentLabelLength = labelEnd - labelStart
      lastLabelStart = labelStart
      lastThreadStart = threadStart
      lastThreadEnd = threadEnd
      lastStart = start
      lastElapsed = elapsed
      lastOk = ok
      lines++
      pos = lf + 1
    }
    if (taken && parent) {
      parent.buf = buf
      parent.labelStart = lastLabelStart
      parent.labelEnd = lastLabelStart + parentLabelLength
      parent.threadStart = lastThreadStart
      parent.threadEnd = lastThreadEnd
      parent.start = lastStart
      parent.end = lastStart + lastElapsed
      parent.transaction = false
      parent.elapsed = lastElapsed
      parent.ok = lastOk
    }
    this.lines = lines
    plainLinesRead += lines
    return pos
  }
}

async function parseJtlCsv(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const head = headString(source)
  const layout = csvLayout(head)
  if (!layout) {
    return failure(
      `"${source.relPath}" is not a JMeter JTL CSV: its first line is neither JMeter's header (timeStamp,elapsed,...) nor a sample row in JMeter's default column order`,
      1
    )
  }
  if (layout.elapsed < 0) return failure(`"${source.relPath}" has no elapsed column; save it with jmeter.save.saveservice.time=true`, 1)
  if (layout.success < 0) return failure(`"${source.relPath}" has no success column; save it with jmeter.save.saveservice.successful=true`, 1)

  const tally = new SampleTally()
  const counting = new CountingNotes()
  const threads = new ThreadMemory()
  const timestamps = timestampReader()
  const maxFields = Math.max(layout.elapsed, layout.success, layout.timeStamp, layout.label, layout.responseMessage, layout.threadName) + 1
  const rows = new PlainJtlRows(layout, maxFields, tally, threads)
  let epoch: boolean | undefined
  let headerSkipped = !layout.header

  const flushPending = (): void => {
    const parent = rows.parent
    if (parent?.pending) {
      tally.add(parent.start, parent.elapsed, parent.ok)
      counting.transactionsCounted++
      parent.pending = false
    }
  }

  const readRecord = (rec: ScannedRecord): string | undefined => {
    if (!headerSkipped) {
      headerSkipped = true
      return undefined
    }
    if (rec.count < maxFields) {
      return `this row has ${rec.count} field${rec.count === 1 ? '' : 's'}; JMeter's ${layout.header ? 'header names' : 'default layout has'} at least ${maxFields}`
    }
    const elapsed = fieldInteger(rec, layout.elapsed)
    if (Number.isNaN(elapsed)) return `elapsed "${fieldText(rec, layout.elapsed).slice(0, 40)}" is not a whole number of milliseconds`
    let ok: boolean
    if (fieldIs(rec, layout.success, 'true')) ok = true
    else if (fieldIs(rec, layout.success, 'false')) ok = false
    else return `success "${fieldText(rec, layout.success).slice(0, 40)}" is neither true nor false`
    let start = NaN
    if (layout.timeStamp >= 0) {
      if (epoch === undefined) epoch = !Number.isNaN(fieldInteger(rec, layout.timeStamp))
      start = epoch ? fieldInteger(rec, layout.timeStamp) : timestamps.read(fieldText(rec, layout.timeStamp))
      if (Number.isNaN(start))
        return `timeStamp "${fieldText(rec, layout.timeStamp).slice(0, 40)}" is neither epoch milliseconds nor a date and time the gate reads (yyyy/MM/dd HH:mm:ss.SSS and similar)`
    }
    const transaction = layout.responseMessage >= 0 && fieldStartsWith(rec, layout.responseMessage, TRANSACTION_PREFIX)
    // Without a threadName column every row is on one thread: its name is the empty span.
    const threadStart = layout.threadName >= 0 ? rec.starts[layout.threadName]! : 0
    const threadEnd = layout.threadName >= 0 ? rec.ends[layout.threadName]! : 0
    const end = start + elapsed
    let parent = rows.parent

    if (
      parent &&
      layout.label >= 0 &&
      labelIsChildOf(rec, layout.label, parent) &&
      !(start < parent.start) &&
      sameBytes(rec.buf, threadStart, threadEnd, parent.buf, parent.threadStart, parent.threadEnd)
    ) {
      const slack = timestamps.coarse ? 999 : 0
      // A sub-result lies within its parent's time, so it is no longer than its parent. Within a second's slack a
      // step of its own named like a sub-result cannot be told from one by its times: there a row that failed
      // where its parent passed counts as a request (JMeter fails a parent whose redirect or embedded resource
      // failed, unless told to ignore them), so a failing step is never dropped with the slack.
      if (parent.transaction || (!(end > parent.end + slack) && elapsed <= parent.elapsed && (ok || !parent.ok || slack === 0))) {
        if (parent.transaction) {
          if (parent.pending) {
            parent.pending = false
            counting.transactionsReplacedBySubResults++
          }
          if (transaction) counting.transactionsCounted++
          tally.add(start, elapsed, ok)
        } else {
          counting.subResults++
        }
        threads.saw(rec.buf, threadStart, threadEnd, start)
        return undefined
      }
    }

    flushPending()
    let pending = false
    if (transaction) {
      const size = transactionSize(fieldText(rec, layout.responseMessage))
      if (size !== 0 && layout.threadName >= 0 && !threads.samplesPrecede(rec.buf, threadStart, threadEnd, start)) pending = true
      else counting.transactionSummaries++
    } else {
      tally.add(start, elapsed, ok)
    }
    threads.saw(rec.buf, threadStart, threadEnd, start)
    if (layout.label >= 0) {
      parent ??= {
        buf: rec.buf,
        labelStart: 0,
        labelEnd: 0,
        threadStart: 0,
        threadEnd: 0,
        start: 0,
        end: 0,
        transaction: false,
        pending: false,
        elapsed: 0,
        ok: true
      }
      parent.buf = rec.buf
      parent.labelStart = rec.starts[layout.label]!
      parent.labelEnd = rec.ends[layout.label]!
      parent.threadStart = threadStart
      parent.threadEnd = threadEnd
      parent.start = start
      parent.end = end
      parent.transaction = transaction
      parent.pending = pending
      parent.elapsed = elapsed
      parent.ok = ok
      rows.parent = parent
    } else if (pending) {
      tally.add(start, elapsed, ok)
      counting.transactionsCounted++
    }
    return undefined
  }
  const onRecord = (rec: ScannedRecord): string | undefined => {
    const message = readRecord(rec)
    // The plain-row loop takes over once a row has shown how time stamps are written.
    if (message === undefined && (epoch === true || (headerSkipped && layout.timeStamp < 0))) rows.on = true
    return message
  }

  const scan = await scanRecords(
    source.chunks(),
    { delimiter: layout.delimiter.charCodeAt(0), quotes: true, maxFields, plainLines: rows, chunkRead: () => keepParentBytes(rows.parent) },
    onRecord
  )
  if (!scan.ok) return failure(`"${source.relPath}": ${scan.message}`, scan.line)
  flushPending()
  const extra: string[] = []
  if (!layout.header)
    extra.push(
      "no header line: read in JMeter's default column order (timeStamp, elapsed, label, responseCode, responseMessage, threadName, dataType, success, ...)"
    )
  if (timestamps.zoneless) extra.push('timestamps carry no time zone; read as UTC')
  if (layout.timeStamp < 0) extra.push('no timeStamp column: duration, rate and start time are unknown')
  if (layout.threadName < 0) extra.push('no threadName column: Transaction Controller rows are taken as summaries of rows counted on their own')
  return { ok: true, evidence: jtlEvidence('jmeter-jtl-csv', tally, counting.notes(extra)) }
}

function jtlEvidence(format: string, tally: SampleTally, notes: string[]): LoadTestEvidence {
  if (tally.requests === 0) notes.push('the file holds no request samples')
  return loadEvidence({ format, tool: 'jmeter', thresholds: [], ...tally.result(), notes })
}

function headString(source: Pick<EvidenceSource, 'head'>): string {
  const text = source.head.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

// ---------------------------------------------------------------------------------------------
// JTL XML

interface XmlFrame {
  transaction: boolean
  /** Counted itself, or inside a counted sample: its children are parts of a counted request. */
  covered: boolean
  /** A transaction that is not a summary: count it at its end when it turns out to have no children. */
  holdsSamples: boolean
  hasChildren: boolean
  start: number
  elapsed: number
  ok: boolean
}

const SAMPLE_TAGS = new Set(['httpSample', 'sample'])

async function parseJtlXml(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const tally = new SampleTally()
  const counting = new CountingNotes()
  const threads = new ThreadMemory()
  const timestamps = timestampReader()
  const stack: XmlFrame[] = []
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true })
  let problem: { message: string; line?: number } | undefined
  let lineOffset = 0
  let sawRoot = false
  let closedRoot = false

  const fail = (message: string): void => {
    problem ??= { message, line: parser.line + lineOffset }
  }

  parser.on('error', (error) => {
    fail(`is not well-formed XML (${error.message.replace(/^\d+:\d+: /, '')})`)
    // saxes reports every bad character of a chunk (a megabyte of them takes seconds): stop at the first.
    throw error
  })
  parser.on('doctype', () => fail('declares a DOCTYPE; JMeter never writes one, and the gate does not read DTDs or expand their entities'))
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (problem) return
    if (!sawRoot) {
      sawRoot = true
      if (tag.name !== 'testResults') fail(`starts with <${tag.name}>, not JMeter's <testResults>`)
      return
    }
    if (!SAMPLE_TAGS.has(tag.name)) return
    const attrs = tag.attributes
    const elapsed = attrs.t === undefined ? NaN : /^\d+$/.test(attrs.t) ? Number(attrs.t) : NaN
    if (Number.isNaN(elapsed)) {
      fail(
        attrs.t === undefined ? `has a <${tag.name}> without the t (elapsed) attribute` : `has t="${attrs.t.slice(0, 40)}", not a whole number of milliseconds`
      )
      return
    }
    if (attrs.s !== 'true' && attrs.s !== 'false') {
      fail(
        attrs.s === undefined
          ? `has a <${tag.name}> without the s (success) attribute; save it with jmeter.save.saveservice.successful=true`
          : `has s="${attrs.s.slice(0, 40)}", neither true nor false`
      )
      return
    }
    const ok = attrs.s === 'true'
    const start = attrs.ts === undefined ? NaN : timestamps.read(attrs.ts)
    if (attrs.ts !== undefined && Number.isNaN(start)) {
      fail(`has ts="${attrs.ts.slice(0, 40)}", neither epoch milliseconds nor a date and time the gate reads`)
      return
    }
    const transaction = (attrs.rm ?? '').startsWith(TRANSACTION_PREFIX)
    const parentFrame = stack[stack.length - 1]
    const frame: XmlFrame = { transaction, covered: false, holdsSamples: false, hasChildren: false, start, elapsed, ok }
    if (parentFrame) {
      parentFrame.hasChildren = true
      if (parentFrame.covered) {
        counting.subResults++
        frame.covered = true
      } else if (!transaction) {
        tally.add(start, elapsed, ok)
        frame.covered = true
      } else {
        frame.holdsSamples = true
      }
    } else {
      const thread = Buffer.from(attrs.tn ?? '')
      if (!transaction) {
        tally.add(start, elapsed, ok)
        frame.covered = true
      } else if (transactionSize(attrs.rm ?? '') !== 0 && attrs.tn !== undefined && !threads.samplesPrecede(thread, 0, thread.length, start)) {
        frame.holdsSamples = true
      } else {
        counting.transactionSummaries++
      }
      threads.saw(thread, 0, thread.length, start)
    }
    stack.push(frame)
  })
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (problem) return
    if (tag.name === 'testResults' && stack.length === 0) closedRoot = true
    if (!SAMPLE_TAGS.has(tag.name)) return
    const frame = stack.pop()
    if (frame?.holdsSamples) {
      if (frame.hasChildren) counting.transactionsReplacedBySubResults++
      else {
        tally.add(frame.start, frame.elapsed, frame.ok)
        counting.transactionsCounted++
      }
    }
  })

  const decoder = new StringDecoder('utf8')
  const lineFeedsOnly = loneCarriageReturnsAsSpaces()
  let started = false
  const stream = source.stream()
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text = decoder.write(chunk)
      if (!started) {
        // Whitespace (and a BOM) before the XML declaration: real JTLs have it (a concatenating
        // writer, an editor); XML forbids it, so skip it and keep line numbers true.
        const trimmed = text.replace(/^[\ufeff\s]+/, '')
        lineOffset += text.slice(0, text.length - trimmed.length).split('\n').length - 1
        text = trimmed
        if (text.length === 0) continue
        started = true
      }
      parser.write(lineFeedsOnly(text))
      if (problem) break
    }
    if (!problem) {
      parser.write(lineFeedsOnly(decoder.end(), true))
      parser.close()
    }
  } catch (error) {
    if (error instanceof ReadProblem) return failure(error.message)
    if (!problem) return failure(`"${source.relPath}" could not be read (${(error as Error)?.message ?? String(error)})`)
  } finally {
    stream.destroy()
  }
  if (problem) return failure(`"${source.relPath}" ${problem.message}`, problem.line)
  if (!sawRoot) return failure(`"${source.relPath}" has no XML element`, 1)
  if (!closedRoot)
    return failure(`"${source.relPath}" ends before </testResults>: the file is truncated (JMeter still running, or killed?)`, parser.line + lineOffset)
  const extra: string[] = []
  if (timestamps.zoneless) extra.push('timestamps carry no time zone; read as UTC')
  return { ok: true, evidence: jtlEvidence('jmeter-jtl-xml', tally, counting.notes(extra)) }
}

// ---------------------------------------------------------------------------------------------
// Dashboard statistics.json (JMeter 5.1+)

async function parseStatistics(source: EvidenceSource): Promise<ParseResult<LoadTestEvidence>> {
  const read = await readJsonDocument(source, 'a JMeter statistics.json')
  if (!read.ok) return read
  const data = read.value
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return failure(`"${source.relPath}" is not a JMeter statistics.json: it is not a JSON object`, 1)
  const total = (data as Record<string, unknown>).Total as Record<string, unknown> | undefined
  if (typeof total !== 'object' || total === null) return failure(`"${source.relPath}" has no "Total" entry; it is not a JMeter dashboard statistics.json`, 1)
  // A negative figure fails the file: a negative error count or p95 would pass any budget. Anything but a number is
  // absent, as before (the dashboard may write a text for a figure it has no data for; the gate then says it is missing).
  const figure = (key: string): number | undefined => {
    const value = finite(total[key])
    if (value !== undefined && value < 0) throw new FieldProblem(`"Total".${key} is ${value}; it cannot be negative`)
    return value
  }
  let figures
  try {
    figures = {
      requests: figure('sampleCount'),
      failed: figure('errorCount'),
      errorPct: figure('errorPct'),
      median: figure('medianResTime'),
      p90: figure('pct1ResTime'),
      p95: figure('pct2ResTime'),
      p99: figure('pct3ResTime'),
      max: figure('maxResTime'),
      throughput: figure('throughput')
    }
  } catch (error) {
    if (error instanceof FieldProblem) return failure(`"${source.relPath}": ${error.message}`)
    throw error
  }
  const { requests, failed, errorPct, median, p90, p95, p99, max, throughput } = figures
  if (requests === undefined) return failure(`"${source.relPath}": "Total" has no numeric sampleCount`)
  const evidence: LoadTestEvidence = { kind: 'load-test', format: 'jmeter-statistics', tool: 'jmeter', requests, thresholds: [], latencyMs: {} }
  const notes = [
    'pct1ResTime/pct2ResTime/pct3ResTime read as p90/p95/p99, the JMeter defaults (aggregate_rpt_pct1..3); the file does not say whether they were changed'
  ]
  if (failed !== undefined) evidence.failed = failed
  if (requests > 0) {
    // errorCount/sampleCount is exact; errorPct is a float32 percent (33.333332).
    if (failed !== undefined) evidence.errorRate = failed / requests
    else if (errorPct !== undefined) evidence.errorRate = Number((errorPct / 100).toPrecision(7))
    const latency = evidence.latencyMs
    if (median !== undefined) latency.p50 = median
    if (p90 !== undefined) latency.p90 = p90
    if (p95 !== undefined) latency.p95 = p95
    if (p99 !== undefined) latency.p99 = p99
    if (max !== undefined) latency.max = max
    evidence.percentiles = 'tool'
    if (median === undefined) notes.push('no medianResTime (written since JMeter 5.3): p50 is unknown')
  } else {
    notes.push('the run recorded no samples')
  }
  if (throughput !== undefined) evidence.rps = throughput
  evidence.notes = notes
  return { ok: true, evidence: completeDuration(evidence) }
}

// ---------------------------------------------------------------------------------------------

function looksLikeJtlXml(head: string): boolean {
  const text = head.replace(/^[\ufeff\s]+/, '')
  if (text.startsWith('<testResults')) return true
  return text.startsWith('<?xml') && /<testResults[\s>]/.test(text.slice(0, 4096))
}

function looksLikeStatistics(head: string): boolean {
  return /^\s*\{/.test(head) && head.includes('"sampleCount"') && head.includes('"pct1ResTime"') && head.includes('"errorPct"')
}

export const jmeterParsers: EvidenceParser[] = [
  {
    format: 'jmeter-jtl-csv',
    kind: 'load-test',
    description: 'JMeter JTL results as CSV (with or without header line); exact percentiles from every sample',
    detect: ({ head }: DetectInput) => csvLayout(head) !== undefined,
    parse: parseJtlCsv
  },
  {
    format: 'jmeter-jtl-xml',
    kind: 'load-test',
    description: 'JMeter JTL results as XML (<testResults>); exact percentiles from every sample',
    detect: ({ head }: DetectInput) => looksLikeJtlXml(head),
    parse: parseJtlXml
  },
  {
    format: 'jmeter-statistics',
    kind: 'load-test',
    description: "JMeter HTML dashboard statistics.json (JMeter 5.1+); the tool's own percentiles",
    detect: ({ head }: DetectInput) => looksLikeStatistics(head),
    parse: parseStatistics
  }
]
