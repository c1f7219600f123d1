// Reads single members of a ZIP archive (an Inspect AI `.eval` log is one) without unpacking it:
// the central directory from the end of the file, then only the members asked for, each inflated
// with a cap on its size. No ZIP64, no encryption, stored or deflated members only: anything else
// is a plain sentence, never an exception.
import { openForReading } from './callback-fs.js'
import { zlibModule } from './builtins.js'
import { formatBytes } from './safe-read.js'

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
/** The end-of-central-directory record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH_BYTES = 22 + 0xffff
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024

export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  size: number
  localOffset: number
  flags: number
}

export type ZipListing = { ok: true; entries: ZipEntry[] } | { ok: false; message: string }

async function readAt(absPath: string, position: number, length: number): Promise<Buffer> {
  const handle = await openForReading(absPath)
  try {
    const buffer = Buffer.alloc(length)
    let filled = 0
    while (filled < length) {
      const bytesRead = await handle.read(buffer, filled, length - filled, position + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return buffer.subarray(0, filled)
  } finally {
    await handle.close()
  }
}

/** The archive's members, from its central directory. */
export async function listZip(absPath: string, size: number, relPath: string): Promise<ZipListing> {
  const broken = (why: string): ZipListing => ({ ok: false, message: `"${relPath}" is not a readable ZIP archive (${why}); the file may be cut off` })
  try {
    const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES)
    const tail = await readAt(absPath, tailStart, size - tailStart)
    let eocd = -1
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i
        break
      }
    }
    if (eocd === -1) return broken('no end-of-central-directory record')
    const count = tail.readUInt16LE(eocd + 10)
    const directorySize = tail.readUInt32LE(eocd + 12)
    const directoryOffset = tail.readUInt32LE(eocd + 16)
    if (count === 0xffff || directoryOffset === 0xffffffff) return { ok: false, message: `"${relPath}" is a ZIP64 archive, which the gate does not read` }
    if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > size) return broken('its directory points past the end of the file')
    const directory = await readAt(absPath, directoryOffset, directorySize)
    const entries: ZipEntry[] = []
    let at = 0
    for (let i = 0; i < count; i++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) return broken(`directory entry ${i + 1} is damaged`)
      const nameLength = directory.readUInt16LE(at + 28)
      const extraLength = directory.readUInt16LE(at + 30)
      const commentLength = directory.readUInt16LE(at + 32)
      entries.push({
        flags: directory.readUInt16LE(at + 8),
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        localOffset: directory.readUInt32LE(at + 42),
        name: directory.subarray(at + 46, at + 46 + nameLength).toString('utf8')
      })
      at += 46 + nameLength + extraLength + commentLength
    }
    return { ok: true, entries }
  } catch (error) {
    return { ok: false, message: `"${relPath}" could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }
  }
}

/** One member's content, inflated; at most `maxBytes` (a member claiming or inflating to more is refused). */
export async function readZipMember(
  absPath: string,
  entry: ZipEntry,
  relPath: string,
  maxBytes: number
): Promise<{ ok: true; data: Buffer } | { ok: false; message: string }> {
  const where = `"${relPath}" member ${entry.name}`
  if (entry.flags & 1) return { ok: false, message: `${where} is encrypted` }
  if (entry.method !== 0 && entry.method !== 8)
    return { ok: false, message: `${where} uses ZIP compression method ${entry.method}; the gate reads stored and deflated members` }
  if (entry.size > maxBytes) return { ok: false, message: `${where} is ${formatBytes(entry.size)}, over the ${formatBytes(maxBytes)} limit` }
  try {
    const local = await readAt(absPath, entry.localOffset, 30)
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) return { ok: false, message: `${where} is damaged (no local header)` }
    const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
    const raw = await readAt(absPath, start, entry.compressedSize)
    if (raw.length < entry.compressedSize) return { ok: false, message: `${where} is cut off` }
    const data = entry.method === 0 ? raw : zlibModule().inflateRawSync(raw, { maxOutputLength: maxBytes })
    return { ok: true, data }
  } catch (error) {
    return { ok: false, message: `${where} cannot be inflated (${(error as Error).message})` }
  }
}
