// Helpers shared by the load-test parsers that read raw samples: a streaming scanner for delimited
// text (JMeter JTL CSV, Locust CSV, Gatling's tab-separated log) that works on the raw Buffers of
// `source.stream()` (no per-line strings, no per-field allocation), and a tally of samples.
// A JTL of a gigabyte is read in bounded memory; fields are handed over as byte offsets and only
// the few a parser needs are decoded.
//
// Quoting follows RFC 4180 as JMeter and Python's csv module write it: a field that starts with a
// double quote runs to the matching quote, may hold delimiters and line breaks, and doubles its
// own quotes. Line ends may be LF, CRLF or CR CR LF (Python's csv on Windows); blank lines are
// skipped. Lines are counted physically, so a record's line is the line a text editor shows. A UTF-8
// byte order mark before the first record is no data: the tools never write one (JMeter 2.13 checked),
// but a file saved again by Excel ("CSV UTF-8") or Windows PowerShell 5 (-Encoding UTF8) starts with it.
import { ReadProblem, formatBytes } from '../../fs/safe-read.js'
import { LatencyHistogram } from '../stats.js'
import type { LoadTestEvidence, ParseFailure } from '../types.js'
import { failure } from './failure.js'

const LF = 10
const CR = 13
const QUOTE = 34

/** One record, valid only during the callback (the scanner reuses it). */
export interface ScannedRecord {
  buf: Buffer
  /** 1-based line where the record starts. */
  line: number
  /** Fields captured, at most `maxFields`. */
  count: number
  /** True when the record has more fields than were captured. */
  more: boolean
  starts: Int32Array
  ends: Int32Array
  /** 1 when the field was quoted (its content may hold doubled quotes). */
  quoted: Uint8Array
}

export interface ScanOptions {
  /** The field separator byte (`,` `;` `\t`...). */
  delimiter: number
  /** Whether double quotes delimit fields (false for formats that never quote, like Gatling's log). */
  quotes: boolean
  /** Fields after this many are skipped without being located. */
  maxFields: number
  /** A record longer than this fails the scan (an unclosed quote would otherwise swallow the file). */
  maxRecordBytes?: number
  /** A format's own loop over lines that hold no quote, tried before each record (see PlainLineReader). */
  plainLines?: PlainLineReader
  /**
   * Called when a chunk's records are read, before the next chunk is: a handler that keeps a view into
   * a record past its callback copies it here, as the source reuses its read buffers for later chunks.
   */
  chunkRead?: () => void
}

/**
 * A format's reader of whole lines that hold no quote, for the common rows of a large file: one loop
 * over the bytes, no call and no record per row. It reads lines from `pos` while each ends (with a
 * line feed) before `end`, which is at or before the next quote, and returns where it stopped; it
 * stops at a line it leaves to the record handler (one it does not read, a row it refuses), which
 * then gets that line as a record. `lines` is set to the lines it read. `words` and `shift` are the
 * scanner's `wordView(buf)`: made once per buffer by the scanner, as a call the reader made itself on
 * each new buffer had no type feedback when the reader was first optimized (V8 deoptimized it on the
 * second chunk and compiled it again).
 */
export interface PlainLineReader {
  read(buf: Buffer, pos: number, end: number, words: Int32Array<ArrayBufferLike>, shift: number): number
  lines: number
}

export type ScanResult = { ok: true; lines: number } | ParseFailure

/** Returning a string stops the scan with that message, at the record's line. */
export type RecordHandler = (record: ScannedRecord) => string | undefined

const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024
const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf])
const NEED_MORE = -1
/** Lines are scanned four bytes at a time through an Int32Array view, which reads bytes in the machine's order. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1
const NO_WORDS = new Int32Array(0)

class Scanner {
  private readonly record: ScannedRecord
  private readonly delimiter: number
  private readonly quotes: boolean
  private readonly maxFields: number
  line = 1
  failure: { message: string; line: number } | undefined
  // Positions of the next LF / quote at or after the scan position in the current buffer
  // (-2 = not looked up yet, -1 = none in this buffer). Caching them makes each native indexOf
  // run once over any byte instead of once per record.
  private nextLf = -2
  private nextQuote = -2
  /** Line breaks inside quoted fields of the record being scanned. */
  private extraLines = 0
  /** The current buffer as 32-bit words from its byte offset rounded down to 4 (`wordShift` bytes before it). */
  private words: Int32Array<ArrayBufferLike> = NO_WORDS
  private wordShift = 0
  /** The delimiter in each byte of a word. */
  private readonly delimiterWord: number
  private readonly plainLines: PlainLineReader | undefined

  constructor(
    options: ScanOptions,
    private readonly onRecord: RecordHandler
  ) {
    this.delimiter = options.delimiter
    this.quotes = options.quotes
    this.maxFields = options.maxFields
    this.plainLines = options.plainLines
    this.delimiterWord = delimiterWord(options.delimiter)
    this.record = {
      buf: Buffer.alloc(0),
      line: 1,
      count: 0,
      more: false,
      starts: new Int32Array(options.maxFields),
      ends: new Int32Array(options.maxFields),
      quoted: new Uint8Array(options.maxFields)
    }
  }

  /** Scans complete records of `buf` from `pos`; returns where the unfinished tail starts (buf.length when none). */
  scan(buf: Buffer, pos: number, final: boolean): number {
    this.nextLf = this.nextQuote = -2
    const length = buf.length
    const view = wordView(buf)
    this.words = view.words
    this.wordShift = view.shift
    const plainLines = this.plainLines
    while (pos < length) {
      if (plainLines) {
        let end = length
        if (this.quotes) {
          if (this.nextQuote !== -1 && this.nextQuote < pos) this.nextQuote = buf.indexOf(QUOTE, pos)
          if (this.nextQuote !== -1) end = this.nextQuote
        }
        pos = plainLines.read(buf, pos, end, this.words, this.wordShift)
        this.line += plainLines.lines
        if (pos >= length) break
      }
      const next = this.scanRecord(buf, pos, final)
      if (next === NEED_MORE) return pos
      pos = next
    }
    return pos
  }

  /**
   * The position of the quote closing the quoted field that opens at `open`, or NEED_MORE (also on
   * failure, with `failure` set). Counts the line breaks inside the field into `extraLines`.
   */
  private closingQuote(buf: Buffer, open: number, final: boolean): number {
    const length = buf.length
    let from = open + 1
    for (;;) {
      const close = buf.indexOf(QUOTE, from)
      if (close === -1) {
        if (final) this.failure = { message: `a quoted field opened on line ${this.line + this.extraLines} is never closed`, line: this.line }
        return NEED_MORE
      }
      if (close + 1 < length && buf[close + 1] === QUOTE) {
        from = close + 2
        continue
      }
      if (close + 1 >= length && !final) return NEED_MORE
      for (let nl = buf.indexOf(LF, open + 1); nl !== -1 && nl < close; nl = buf.indexOf(LF, nl + 1)) this.extraLines++
      return close
    }
  }

  /** The next LF at or after `from` (cached), or `length` at the end of the data, or NEED_MORE. */
  private lineEnd(buf: Buffer, from: number, final: boolean): number {
    if (this.nextLf !== -1 && this.nextLf < from) this.nextLf = buf.indexOf(LF, from)
    if (this.nextLf !== -1) return this.nextLf
    return final ? buf.length : NEED_MORE
  }

  /** One record starting at `start`; returns the position after it, or NEED_MORE. */
  private scanRecord(buf: Buffer, start: number, final: boolean): number {
    const length = buf.length
    const { starts, ends, quoted } = this.record
    const delimiter = this.delimiter
    const quotes = this.quotes
    const maxFields = this.maxFields
    this.extraLines = 0
    let lineEnd = this.lineEnd(buf, start, final)
    if (lineEnd === NEED_MORE) return NEED_MORE
    if (quotes && this.nextQuote !== -1 && this.nextQuote < start) this.nextQuote = buf.indexOf(QUOTE, start)
    if (!quotes || this.nextQuote === -1 || this.nextQuote >= lineEnd) {
      const next = this.scanPlainRecord(buf, start, lineEnd)
      if (next !== NEED_MORE) return next
      // The handler refused the record: the byte loop below would hand it over a second time.
      if (this.failure) return NEED_MORE
    }
    let pos = start
    let count = 0
    for (;;) {
      let fieldStart = pos
      let fieldEnd: number
      let after: number // the byte that ends the field: delimiter, or lineEnd
      let isQuoted = 0
      if (quotes && buf[pos] === QUOTE) {
        const close = this.closingQuote(buf, pos, final)
        if (close === NEED_MORE) return NEED_MORE
        fieldStart = pos + 1
        fieldEnd = close
        isQuoted = 1
        after = close + 1
        while (after < length && buf[after] === CR) after++
        if (after >= length && !final) return NEED_MORE
        if (after > lineEnd) {
          // The field held line breaks: the record ends at a later one.
          lineEnd = this.lineEnd(buf, after, final)
          if (lineEnd === NEED_MORE) return NEED_MORE
        }
        if (after < lineEnd && buf[after] !== delimiter) return this.textAfterQuote()
      } else {
        // Fields are short: a byte loop up to the known line end beats a native call per field.
        after = pos
        while (after < lineEnd && buf[after] !== delimiter) after++
        fieldEnd = after
        if (after === lineEnd) while (fieldEnd > fieldStart && buf[fieldEnd - 1] === CR) fieldEnd--
      }
      if (count < maxFields) {
        starts[count] = fieldStart
        ends[count] = fieldEnd
        quoted[count] = isQuoted
      }
      count++
      if (after >= lineEnd) return this.finishRecord(buf, count, false, lineEnd)
      pos = after + 1
      if (count === maxFields) return this.skipRest(buf, pos, count, lineEnd, final)
    }
  }

  /** A record on one line with no quote in it, its delimiters found four bytes at a time (see `plainFieldEnds`). */
  private scanPlainRecord(buf: Buffer, start: number, lineEnd: number): number {
    const { starts, ends, quoted } = this.record
    const maxFields = this.maxFields
    const count = plainFieldEnds(this.words, this.wordShift, this.delimiterWord, start, lineEnd, ends, maxFields)
    if (count < 0) return NEED_MORE
    let fieldStart = start
    for (let i = 0; i < count; i++) {
      starts[i] = fieldStart
      quoted[i] = 0
      fieldStart = ends[i]! + 1
    }
    if (count === maxFields) return this.finishRecord(buf, count, true, lineEnd)
    let fieldEnd = lineEnd
    while (fieldEnd > fieldStart && buf[fieldEnd - 1] === CR) fieldEnd--
    starts[count] = fieldStart
    ends[count] = fieldEnd
    quoted[count] = 0
    return this.finishRecord(buf, count + 1, false, lineEnd)
  }

  /** Skips the fields after the captured ones: a plain line when no quote comes before its end. */
  private skipRest(buf: Buffer, pos: number, count: number, lineEnd: number, final: boolean): number {
    if (this.quotes) {
      if (this.nextQuote !== -1 && this.nextQuote < pos) this.nextQuote = buf.indexOf(QUOTE, pos)
      if (this.nextQuote !== -1 && this.nextQuote < lineEnd) return this.skipQuotedRest(buf, pos, count, final)
    }
    return this.finishRecord(buf, count, true, lineEnd)
  }

  /** Walks the remaining fields one by one (some are quoted) without capturing them. */
  private skipQuotedRest(buf: Buffer, pos: number, count: number, final: boolean): number {
    const length = buf.length
    for (;;) {
      let after: number
      if (buf[pos] === QUOTE) {
        const close = this.closingQuote(buf, pos, final)
        if (close === NEED_MORE) return NEED_MORE
        after = close + 1
        while (after < length && buf[after] === CR) after++
        // As in a captured field: text after the closing quote is refused, not walked over (a quote in
        // it would open a field that swallows the lines up to the next quote).
        if (after < length && buf[after] !== this.delimiter && buf[after] !== LF) return this.textAfterQuote()
      } else {
        after = pos
        while (after < length && buf[after] !== this.delimiter && buf[after] !== LF) after++
      }
      if (after >= length && !final) return NEED_MORE
      count++
      if (after >= length || buf[after] === LF) return this.finishRecord(buf, count, true, after)
      pos = after + 1
    }
  }

  /** Fails the scan on text between a closing quote and the next separator. */
  private textAfterQuote(): number {
    this.failure = { message: 'a quoted field is followed by more text before the next separator', line: this.line + this.extraLines }
    return NEED_MORE
  }

  private finishRecord(buf: Buffer, count: number, more: boolean, end: number): number {
    const rec = this.record
    const blank = !more && count === 1 && rec.quoted[0] === 0 && rec.ends[0] === rec.starts[0]
    if (!blank) {
      rec.buf = buf
      rec.line = this.line
      rec.count = Math.min(count, this.maxFields)
      rec.more = more
      const message = this.onRecord(rec)
      if (message !== undefined) {
        this.failure = { message, line: this.line }
        return NEED_MORE
      }
    }
    this.line += this.extraLines + (end < buf.length ? 1 : 0)
    return end + 1
  }
}

/** A buffer as 32-bit words from its byte offset rounded down to 4, and that offset's remainder. */
export interface WordView {
  words: Int32Array<ArrayBufferLike>
  shift: number
}

/** The word view of `buf`; no words on a big-endian machine (the word scans then leave every line to the byte loops). */
export function wordView(buf: Buffer): WordView {
  const shift = buf.byteOffset & 3
  return { words: LITTLE_ENDIAN ? new Int32Array(buf.buffer, buf.byteOffset - shift, (buf.length + shift) >> 2) : NO_WORDS, shift }
}

/** `delimiter` in each byte of a word, for `plainFieldEnds`. */
export const delimiterWord = (delimiter: number): number => Math.imul(delimiter, 0x01010101)

/**
 * The delimiters of a line with no quote, from `start` to `lineEnd`, found four bytes at a time (a byte
 * loop was a third of the time on a large JTL): a word's delimiter bytes are set apart by the exact
 * zero-byte test of (word XOR delimiters), lowest address first. Writes the position of each of the
 * first `maxFields` delimiters to `ends` (the end of the field before it) and returns how many there
 * are; -1 when the line is empty or its last word is not whole in the view (the byte loop then takes it).
 */
export function plainFieldEnds(
  words: Int32Array<ArrayBufferLike>,
  shift: number,
  pattern: number,
  start: number,
  lineEnd: number,
  ends: Int32Array,
  maxFields: number
): number {
  let w = (start + shift) >> 2
  const lastWord = (lineEnd + shift - 1) >> 2
  if (lineEnd === start || lastWord >= words.length) return -1
  let count = 0
  let word = words[w]! ^ pattern
  let found = ~(((word & 0x7f7f7f7f) + 0x7f7f7f7f) | word | 0x7f7f7f7f)
  const skip = ((start + shift) & 3) << 3
  if (skip !== 0) found &= -1 << skip
  for (;;) {
    while (found !== 0) {
      const at = (w << 2) - shift + ((31 - Math.clz32(found & -found)) >> 3)
      if (at >= lineEnd) return count
      ends[count] = at
      if (++count === maxFields) return count
      found &= found - 1
    }
    if (w >= lastWord) return count
    word = words[++w]! ^ pattern
    found = ~(((word & 0x7f7f7f7f) + 0x7f7f7f7f) | word | 0x7f7f7f7f)
  }
}

/**
 * Scans every record of a stream. Fails (never throws) on an unclosed quote, a record over the size
 * limit, a read error, or a message returned by `onRecord`.
 */
export async function scanRecords(chunks: AsyncIterable<Buffer>, options: ScanOptions, onRecord: RecordHandler): Promise<ScanResult> {
  const scanner = new Scanner(options, onRecord)
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
  let tail: Buffer | undefined
  /** The stream's first bytes, until there are three to look for a byte order mark in; undefined once looked. */
  let start: Buffer | undefined = Buffer.alloc(0)
  try {
    // A record cut at a chunk's end is finished on the next chunk (the source keeps the previous one
    // valid that long), then its tail is copied or dropped: no chunk is kept past the next.
    for await (const chunk of chunks) {
      let buf = chunk
      if (start) {
        buf = start.length ? Buffer.concat([start, chunk]) : chunk
        if (buf.length < BYTE_ORDER_MARK.length) {
          start = buf
          continue
        }
        start = undefined
        if (buf.subarray(0, BYTE_ORDER_MARK.length).equals(BYTE_ORDER_MARK)) buf = buf.subarray(BYTE_ORDER_MARK.length)
      }
      if (tail) {
        // Finish the record cut at the chunk boundary on a small joined buffer (up to the chunk's
        // first line break) instead of copying the whole chunk; a record that runs on (a quoted
        // line break) falls back to joining everything.
        const firstLf = buf.indexOf(LF)
        const joined = Buffer.concat([tail, firstLf === -1 ? buf : buf.subarray(0, firstLf + 1)])
        const stop = scanner.scan(joined, 0, false)
        if (scanner.failure) break
        if (stop === joined.length && firstLf !== -1) buf = buf.subarray(firstLf + 1)
        else buf = firstLf === -1 ? joined.subarray(stop) : Buffer.concat([joined.subarray(stop), buf.subarray(firstLf + 1)])
        tail = undefined
      }
      const stop = scanner.scan(buf, 0, false)
      if (scanner.failure) break
      tail = stop < buf.length ? buf.subarray(stop) : undefined
      if (tail && tail.length > maxRecordBytes) {
        return failure(`a record starting on line ${scanner.line} is longer than ${formatBytes(maxRecordBytes)} (an unclosed quote?)`, scanner.line)
      }
      options.chunkRead?.()
    }
    // A file shorter than a byte order mark is its own last record.
    if (start?.length) tail = start
    if (!scanner.failure && tail) scanner.scan(tail, 0, true)
  } catch (error) {
    if (error instanceof ReadProblem) return failure(error.message)
    return failure(`the file could not be read (${(error as Error)?.message ?? String(error)})`)
  }
  if (scanner.failure) return failure(scanner.failure.message, scanner.failure.line)
  return { ok: true, lines: scanner.line }
}

/** The field as text, quotes undone. */
export function fieldText(rec: ScannedRecord, i: number): string {
  if (i >= rec.count) return ''
  const text = rec.buf.toString('utf8', rec.starts[i], rec.ends[i])
  return rec.quoted[i] ? text.replace(/""/g, '"') : text
}

/**
 * The field as a non-negative decimal integer, or NaN. Byte-wise: no string is made. Nine digits at a
 * time in 32-bit integer arithmetic: a 13-digit epoch timestamp read digit by digit in floating point
 * is a chain of dependent multiplications, a fifth of the time on a large JTL.
 */
export function fieldInteger(rec: ScannedRecord, i: number): number {
  if (i >= rec.count) return NaN
  const buf = rec.buf
  const end = rec.ends[i]!
  let p = rec.starts[i]!
  if (p === end) return NaN
  let value = 0
  let stop = p + ((end - p) % 9 || 9)
  for (;;) {
    let part = 0
    for (; p < stop; p++) {
      const digit = buf[p]! - 48
      if (digit >>> 0 > 9) return NaN
      part = part * 10 + digit
    }
    value = value * 1e9 + part
    if (p === end) return value
    stop = p + 9
  }
}

/** True when the field's bytes equal `ascii` exactly. */
export function fieldIs(rec: ScannedRecord, i: number, ascii: string): boolean {
  if (i >= rec.count) return false
  const start = rec.starts[i]!
  if (rec.ends[i]! - start !== ascii.length) return false
  for (let k = 0; k < ascii.length; k++) if (rec.buf[start + k] !== ascii.charCodeAt(k)) return false
  return true
}

/** True when the field's bytes start with `ascii`. */
export function fieldStartsWith(rec: ScannedRecord, i: number, ascii: string): boolean {
  if (i >= rec.count) return false
  const start = rec.starts[i]!
  if (rec.ends[i]! - start < ascii.length) return false
  for (let k = 0; k < ascii.length; k++) if (rec.buf[start + k] !== ascii.charCodeAt(k)) return false
  return true
}

/**
 * Splits a small text (a head, a header line) into records with the same rules, for detection.
 * Stops after `maxRecords`; an unfinished last record is returned as far as it goes.
 */
export function splitCsvText(text: string, delimiter: string, maxRecords: number): string[][] {
  const records: string[][] = []
  let fields: string[] = []
  let field = ''
  let i = 0
  const n = text.length
  while (i < n && records.length < maxRecords) {
    const c = text[i]!
    if (c === '"' && field === '') {
      let j = i + 1
      for (;;) {
        const close = text.indexOf('"', j)
        if (close === -1) {
          field += text.slice(j)
          j = n
          break
        }
        if (text[close + 1] === '"') {
          field += text.slice(j, close + 1)
          j = close + 2
          continue
        }
        field += text.slice(j, close)
        j = close + 1
        break
      }
      i = j
      continue
    }
    if (c === delimiter) {
      fields.push(field)
      field = ''
    } else if (c === '\n') {
      fields.push(field.replace(/\r+$/, ''))
      if (!(fields.length === 1 && fields[0] === '')) records.push(fields)
      fields = []
      field = ''
    } else {
      field += c
    }
    i++
  }
  if (records.length < maxRecords && (field !== '' || fields.length > 0)) {
    fields.push(field.replace(/\r+$/, ''))
    records.push(fields)
  }
  return records
}

/** Counts raw samples (one per request) into the load-test numbers: counts, exact percentiles, span. */
export class SampleTally {
  readonly histogram = new LatencyHistogram()
  requests = 0
  failed = 0
  private firstStart = Infinity
  private lastEnd = -Infinity

  /** `startMs` may be NaN when the file has no timestamps. */
  add(startMs: number, elapsedMs: number, ok: boolean): void {
    this.requests++
    if (!ok) this.failed++
    this.histogram.add(elapsedMs)
    if (startMs < this.firstStart) this.firstStart = startMs
    if (startMs + elapsedMs > this.lastEnd) this.lastEnd = startMs + elapsedMs
  }

  /** The numbers of a LoadTestEvidence; latency and rates stay absent when there was no request. */
  result(): Pick<LoadTestEvidence, 'requests' | 'failed' | 'errorRate' | 'rps' | 'durationS' | 'latencyMs' | 'startedAt' | 'timestamp' | 'percentiles'> {
    const out: ReturnType<SampleTally['result']> = { requests: this.requests, failed: this.failed, latencyMs: this.histogram.summary() }
    if (this.requests === 0) return out
    out.errorRate = this.failed / this.requests
    out.percentiles = 'exact'
    if (Number.isFinite(this.firstStart) && Number.isFinite(this.lastEnd)) {
      out.durationS = (this.lastEnd - this.firstStart) / 1000
      if (out.durationS > 0) out.rps = this.requests / out.durationS
      const iso = isoFromMs(this.firstStart)
      if (iso) out.startedAt = out.timestamp = iso
    }
    return out
  }
}

/** ISO 8601 for epoch milliseconds, or undefined when out of the Date range. */
export function isoFromMs(ms: number): string | undefined {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}
