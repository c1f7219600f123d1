// Every file the gate reads goes through here: it must resolve inside the repository (no `..`
// escape, no absolute path, no symlink out), be a regular non-empty file within the size cap,
// and be text. Failures come back as plain sentences, never as exceptions.
//
// Resolving, checking and reading a file's head are synchronous system calls: a repository is a fresh
// checkout, in the page cache, where each call takes microseconds, while each asynchronous call costs a
// round trip through libuv's thread pool that cost more CPU than the read itself (docs/performance.md:
// at 1,000 systems, 1.1 s of CPU against 0.2 s). Only large files stream, asynchronously.
import { isAscii } from 'node:buffer'
import { closeSync, constants, createReadStream, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs'
import { openForReading } from './callback-fs.js'
import path from 'node:path'
import type { Readable, Transform } from 'node:stream'
import { streamModule, zlibModule } from './builtins.js'

export interface ReadLimits {
  /** Files larger than this on disk are refused. */
  maxFileBytes: number
  /** `text()` refuses content larger than this (streamed parsers are not bound by it). */
  maxTextBytes: number
  /** A gzip stream that inflates past this errors (gzip bomb). */
  maxInflatedBytes: number
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxTextBytes: 64 * 1024 ** 2,
  maxInflatedBytes: 4 * 1024 ** 3
}

const HEAD_BYTES = 64 * 1024
const READ_CHUNK_BYTES = 1024 * 1024
/**
 * Real reports compress 5 to 40 times; a gzip stream that inflates much more than this is built to (a
 * gzip bomb inflates about 1,000 times). Checked as the stream goes, so a bomb is refused after a few
 * MiB instead of after `maxInflatedBytes` of work for the parser.
 */
const MAX_INFLATION_RATIO = 100
/** Inflation below this is never refused by ratio: a small file of repetitive lines may compress very well. */
const RATIO_FLOOR_BYTES = 16 * 1024 * 1024
/** Compressed input is read in small chunks, so the ratio is measured against what was really consumed. */
const GZIP_CHUNK_BYTES = 64 * 1024

/** A problem reading a file, carried as a plain sentence (and a line when the content has one). */
export class ReadProblem extends Error {
  constructor(
    message: string,
    readonly line?: number
  ) {
    super(message)
    this.name = 'ReadProblem'
  }
}

export type Resolved = { ok: true; absPath: string; relPath: string } | { ok: false; message: string }

const toPosix = (p: string): string => p.split(path.sep).join('/')

/**
 * Resolves `ref` (as written in a manifest, relative to `baseDir`) to a file inside `root`.
 * Checks the written path first (so the message names what the user wrote), then the real path
 * after following symlinks. `realRoot`: root's real path when the caller worked it out (realRootOf).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- synchronous inside, but every caller awaits it: kept async so a throw reaches them as a rejection
export async function resolveInRepo(root: string, baseDir: string, ref: string, realRoot?: string): Promise<Resolved> {
  if (typeof ref !== 'string' || ref.trim() === '') return { ok: false, message: 'the path is empty' }
  if (ref.includes('\0')) return { ok: false, message: `the path "${printable(ref)}" contains a NUL byte` }
  if (ref.includes('\\')) return { ok: false, message: `the path "${printable(ref)}" uses backslashes; write it with forward slashes` }
  if (path.posix.isAbsolute(ref) || /^[a-zA-Z]:/.test(ref)) {
    return { ok: false, message: `the path "${printable(ref)}" is absolute; write it relative to the manifest` }
  }
  const rootAbs = path.resolve(root)
  const absPath = path.resolve(baseDir, ref)
  const relPath = toPosix(path.relative(rootAbs, absPath))
  if (relPath === '' || relPath.startsWith('../') || relPath === '..' || path.isAbsolute(relPath)) {
    return { ok: false, message: `the path "${printable(ref)}" points outside the repository` }
  }
  let rootReal: string
  let real: string
  try {
    rootReal = realRoot ?? realpathSync.native(rootAbs)
  } catch {
    return { ok: false, message: `the repository root ${rootAbs} cannot be read` }
  }
  try {
    real = realpathSync.native(absPath)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return { ok: false, message: `"${relPath}" is a symlink loop` }
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A dangling symlink is reported as a symlink, not as a missing file.
      const link = lstatOrNull(absPath)
      if (link?.isSymbolicLink()) return { ok: false, message: `"${relPath}" is a symlink to a file that does not exist` }
      return { ok: false, message: `"${relPath}" does not exist` }
    }
    return { ok: false, message: `"${relPath}" cannot be read (${code ?? 'error'})` }
  }
  const realRel = path.relative(rootReal, real)
  if (realRel.startsWith('..') || path.isAbsolute(realRel)) {
    return { ok: false, message: `"${relPath}" is a symlink that points outside the repository` }
  }
  return { ok: true, absPath: real, relPath }
}

/**
 * `root`'s real path, for resolveInRepo's `realRoot`; undefined when it cannot be worked out (resolveInRepo
 * then says so). A run resolves 20-odd references a system against one root: without it, each works out
 * the root's real path again, a readlink for each of its folders.
 */
export function realRootOf(root: string): string | undefined {
  try {
    return realpathSync.native(path.resolve(root))
  } catch {
    return undefined
  }
}

/** A refusal carries the file's first bytes when it was refused as binary, so a parser can say what to link instead. */
/** A file opened for parsing. Paths are already checked to be inside the repository, regular, within the size cap. */
export interface OpenedFile {
  /** Repo-relative POSIX path, for messages. */
  relPath: string
  absPath: string
  /** Size on disk in bytes. */
  size: number
  /** True when the file starts with the gzip magic bytes; `stream()` and `head` are then decompressed. */
  gzip: boolean
  /** True for a ZIP archive (an Inspect `.eval` log): `head` holds its raw first bytes and `text()` refuses it. */
  zip?: boolean
  /** The first bytes of the (decompressed) content, at most 64 KiB, for detection. */
  head: Buffer
  /** The whole (decompressed) content as a stream; decompressed output is capped (a gzip bomb errors the stream). */
  stream(): Readable
  /**
   * The same content for scanners that keep no chunk: a chunk is valid only until the one after the
   * next is asked for (a large file is read into two buffers in turn, in bounded memory).
   */
  chunks(): AsyncIterable<Buffer>
  /** The whole content as UTF-8 text (BOM stripped); rejects with an EvidenceError when over `maxTextBytes`. */
  text(): Promise<string>
}

export type Opened = { ok: true; source: OpenedFile } | { ok: false; message: string; binaryHead?: Buffer }

/** Opens an evidence file for parsing: regular, non-empty, within the size cap, not binary. */
export async function openEvidence(root: string, baseDir: string, ref: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<Opened> {
  const resolved = await resolveInRepo(root, baseDir, ref)
  if (!resolved.ok) return resolved
  return openResolved(resolved.absPath, resolved.relPath, limits)
}

export async function openResolved(absPath: string, relPath: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<Opened> {
  let info
  try {
    info = statSync(absPath)
  } catch (error) {
    return { ok: false, message: `"${relPath}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  if (info.isDirectory()) return { ok: false, message: `"${relPath}" is a folder, not a file` }
  if (!info.isFile()) return { ok: false, message: `"${relPath}" is not a regular file` }
  if (info.size === 0) return { ok: false, message: `"${relPath}" is empty` }
  if (info.size > limits.maxFileBytes) {
    return { ok: false, message: `"${relPath}" is ${formatBytes(info.size)}, over the ${formatBytes(limits.maxFileBytes)} limit for evidence files` }
  }
  let raw: Buffer
  try {
    // Sized to the file: a cached source keeps its head for the run, so a 2 KiB file must not hold 64 KiB.
    raw = readPrefix(absPath, Math.min(HEAD_BYTES, info.size))
  } catch (error) {
    return { ok: false, message: `"${relPath}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  const gzip = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b
  // Most evidence files are a few KiB: the head already holds all of it, so it is not read twice.
  const whole = !gzip && raw.length === info.size
  const stream = (): Readable => {
    if (whole) return streamModule().Readable.from([raw], { objectMode: false })
    // 1 MiB chunks: with the default 64 KiB, reading alone costs more than parsing a large JTL. No
    // bigger than the file: each read allocates a whole chunk.
    const file = createReadStream(absPath, { highWaterMark: gzip ? GZIP_CHUNK_BYTES : Math.min(READ_CHUNK_BYTES, Math.max(info.size, HEAD_BYTES)) })
    if (!gzip) return file
    const inflated = capBytes(limits.maxInflatedBytes, relPath, () => file.bytesRead)
    // pipeline forwards an error from any stage (a corrupt or truncated gzip) to the stream returned.
    streamModule().pipeline(file, zlibModule().createGunzip(), inflated, (error) => {
      if (error && !inflated.destroyed) inflated.destroy(error)
    })
    return inflated
  }
  let head: Buffer
  try {
    head = gzip ? await readStreamPrefix(stream(), HEAD_BYTES) : raw
  } catch (error) {
    return { ok: false, message: `"${relPath}" is not a readable gzip file (${(error as Error).message})` }
  }
  if (head.length === 0) return { ok: false, message: `"${relPath}" is empty` }
  // A ZIP archive is let through for the parsers of tools whose report is one (an Inspect AI `.eval` log).
  const zip = !gzip && isZipArchive(head)
  if (!zip && looksBinary(head)) {
    return { ok: false, message: `"${relPath}" is binary, not a text report`, binaryHead: head }
  }
  const source: OpenedFile = {
    relPath,
    absPath,
    size: info.size,
    gzip,
    ...(zip ? { zip } : {}),
    head,
    stream,
    // A file the head holds is its one chunk, with no stream made for it.
    chunks: () => (whole ? onlyChunk(raw) : gzip ? stream() : fileChunks(absPath, Math.min(READ_CHUNK_BYTES, info.size))),
    text: async () => {
      if (zip) throw new ReadProblem(`"${relPath}" is a ZIP archive, not a text report`)
      if (!gzip && info.size > limits.maxTextBytes) {
        throw new ReadProblem(`"${relPath}" is ${formatBytes(info.size)}, over the ${formatBytes(limits.maxTextBytes)} limit for this format`)
      }
      // A plain file is read in one synchronous call, like its head: a read stream costs more in chunks and events than the copy.
      const buffer = whole ? raw : gzip ? await readStreamPrefix(stream(), limits.maxTextBytes + 1) : readUpTo(absPath, info.size, limits.maxTextBytes + 1)
      if (buffer.length > limits.maxTextBytes) {
        throw new ReadProblem(`"${relPath}" inflates past the ${formatBytes(limits.maxTextBytes)} limit for this format`)
      }
      return decodeText(buffer, relPath)
    }
  }
  return { ok: true, source }
}

/** Reads a small text file (manifest, policy, sign-off) with a size cap, as decoded text. */
// eslint-disable-next-line @typescript-eslint/require-await -- as resolveInRepo: a throw reaches callers as a rejection
export async function readTextFile(absPath: string, relPath: string, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  let info
  try {
    info = statSync(absPath)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { ok: false, message: code === 'ENOENT' ? `"${relPath}" does not exist` : `"${relPath}" cannot be read (${code ?? 'error'})` }
  }
  if (!info.isFile()) return { ok: false, message: `"${relPath}" is not a regular file` }
  if (info.size > maxBytes) return { ok: false, message: `"${relPath}" is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit` }
  try {
    // Sized to the file (a 3 KiB manifest must not allocate the cap); one byte more shows that it grew since.
    let buffer = readPrefix(absPath, Math.min(maxBytes, info.size) + 1)
    if (buffer.length > info.size && info.size < maxBytes) buffer = readPrefix(absPath, maxBytes + 1)
    if (buffer.length > maxBytes) return { ok: false, message: `"${relPath}" is over the ${formatBytes(maxBytes)} limit` }
    if (looksBinary(buffer.subarray(0, HEAD_BYTES))) return { ok: false, message: `"${relPath}" is binary, not text` }
    return { ok: true, text: decodeText(buffer, relPath) }
  } catch (error) {
    return {
      ok: false,
      message: error instanceof ReadProblem ? error.message : `"${relPath}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`
    }
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

/** Decodes UTF-8 (BOM stripped) or UTF-16 with a BOM; invalid UTF-8 is a ReadProblem. */
export function decodeText(buffer: Buffer, relPath: string): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2))
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2))
  const start = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0
  // ASCII reads the same in Latin-1, which Node 20 decodes 3-4 times faster than its strict UTF-8
  // (the evidence of a system is mostly ASCII JSON: 2 MB of it in the example; Node 24 gains nothing).
  // A BOM is not ASCII, so nothing is to be stripped here.
  if (isAscii(buffer)) return buffer.toString('latin1')
  try {
    return STRICT_UTF8.decode(buffer.subarray(start))
  } catch {
    throw new ReadProblem(`"${relPath}" is not valid UTF-8 text`)
  }
}

/** The head as text for format detection: lenient (a multi-byte character cut at the end is fine). */
export function headText(head: Buffer): string {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head.subarray(2))
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head.subarray(2))
  const start = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
  return new TextDecoder('utf-8').decode(head.subarray(start))
}

/** A ZIP archive starts with a local file header ("PK\x03\x04"). */
export const isZipArchive = (head: Buffer): boolean => head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04

/** Control bytes a text file does not hold: below space, except BEL to CR (7-13) and ESC (27). */
const NON_TEXT_BYTE = /[\x00-\x06\x0e-\x1a\x1c-\x1f]/

/** NUL bytes (outside UTF-16) or mostly non-text bytes mark a binary file. */
export function looksBinary(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false
  const sample = head.subarray(0, 8192)
  if (sample.indexOf(0) !== -1) return true
  // Most files hold none: one regular-expression scan says so, where the count below runs a cold
  // loop per byte on every evidence file of a run.
  if (!NON_TEXT_BYTE.test(sample.toString('latin1'))) return false
  let suspicious = 0
  for (let index = 0; index < sample.length; index++) {
    const byte = sample[index]!
    if (byte < 32 && (byte < 7 || (byte > 13 && byte !== 27))) suspicious++
  }
  return sample.length > 0 && suspicious / sample.length > 0.1
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} bytes`
}

function printable(text: string): string {
  return text.replace(/[\0-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 200)
}

/**
 * The file in chunks read into two buffers used in turn, so a large file makes no garbage per chunk:
 * a chunk stays valid until the one after the next is asked for. With a fresh buffer per read (what a
 * read stream does), dead chunks pile up to tens of MiB before the garbage collector runs, and every
 * new buffer is fresh memory the kernel must map.
 */
async function* fileChunks(absPath: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const handle = await openForReading(absPath)
  try {
    const buffers = [Buffer.allocUnsafeSlow(chunkBytes), Buffer.allocUnsafeSlow(chunkBytes)]
    for (let turn = 0; ; turn ^= 1) {
      const buffer = buffers[turn]!
      const bytesRead = await handle.read(buffer, 0, chunkBytes, null)
      if (bytesRead === 0) return
      yield bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async generator, as fileChunks
async function* onlyChunk(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer
}

function lstatOrNull(absPath: string): Stats | null {
  try {
    return lstatSync(absPath)
  } catch {
    return null
  }
}

/**
 * Up to `bytes` of the file's start. O_NONBLOCK: the caller checked for a regular file, but a FIFO
 * swapped in since would otherwise block the process on open.
 */
function readPrefix(absPath: string, bytes: number): Buffer {
  const fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const buffer = Buffer.allocUnsafe(bytes)
    let filled = 0
    while (filled < bytes) {
      const bytesRead = readSync(fd, buffer, filled, bytes - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return buffer.subarray(0, filled)
  } finally {
    closeSync(fd)
  }
}

/** Up to `bytes` of the file, expecting `size`; a file that grew since it was checked is read again, up to `bytes`. */
function readUpTo(absPath: string, size: number, bytes: number): Buffer {
  const buffer = readPrefix(absPath, Math.min(size + 1, bytes))
  return buffer.length > size && buffer.length < bytes ? readPrefix(absPath, bytes) : buffer
}

function readStreamPrefix(stream: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let length = 0
    let settled = false
    const finish = (error?: Error): void => {
      if (settled) return
      settled = true
      if (error) reject(error)
      else resolve(Buffer.concat(chunks).subarray(0, bytes))
    }
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      length += chunk.length
      if (length >= bytes) {
        finish()
        stream.destroy()
      }
    })
    stream.on('end', () => finish())
    stream.on('error', (error) => finish(error))
    stream.on('close', () => finish())
  })
}

function capBytes(limit: number, relPath: string, compressedBytes: () => number): Transform {
  let seen = 0
  return new (streamModule().Transform)({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      if (seen > limit) callback(new ReadProblem(`"${relPath}" inflates past ${formatBytes(limit)}; refusing a possible gzip bomb`))
      else if (seen > RATIO_FLOOR_BYTES && seen > compressedBytes() * MAX_INFLATION_RATIO) {
        const read = compressedBytes()
        callback(
          new ReadProblem(
            `"${relPath}" inflates more than ${MAX_INFLATION_RATIO} times its compressed size (${formatBytes(seen)} from the first ${formatBytes(read)}); refusing a possible gzip bomb`
          )
        )
      } else callback(null, chunk)
    }
  })
}
