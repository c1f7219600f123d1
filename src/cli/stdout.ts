// The CLI's standard output. Where it is a pipe or a file (CI logs, `| head`, `> report.md`), text goes
// out through write(2) on file descriptor 1: `process.stdout` there is a stream whose creation loads
// Node's stream and net modules, 45-60 M instructions (7-9 ms) of a run that writes one report
// (docs/performance.md, round ten). A terminal, Windows, or a descriptor that refuses a plain write
// (non-blocking: EAGAIN) gets `process.stdout`, as before.
import { fstatSync, writeSync } from 'node:fs'

/** True when the descriptor is a pipe, socket or regular file, so never a terminal (a terminal is a character device). */
export function isPipeOrFile(fd: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') return false
  try {
    const stats = fstatSync(fd)
    return stats.isFIFO() || stats.isFile() || stats.isSocket()
  } catch {
    return false
  }
}

export interface DirectWriterOptions {
  fd: number
  /** The stream to fall back to, made on first need (for `process.stdout`: it loads the stream modules). */
  stream: () => { write(chunk: Uint8Array | string): unknown }
  /** Tests substitute the system call. */
  writeSync?: (fd: number, buffer: Uint8Array, offset: number, length: number) => number
}

/**
 * A writer for a pipe or file descriptor: each text is written whole, in order, before the call
 * returns. A closed pipe (EPIPE: `check | head`) drops the rest of the output quietly and the run goes
 * on to its exit code, as with the stream before. Any other error, EAGAIN included, hands the unwritten
 * rest and everything after it to the stream, which reports such errors as it did.
 */
export function directWriter(options: DirectWriterOptions): (text: string) => void {
  const write = options.writeSync ?? writeSync
  let stream: { write(chunk: Uint8Array | string): unknown } | undefined
  let closed = false
  return (text) => {
    if (closed) return
    if (stream) {
      stream.write(text)
      return
    }
    const bytes = Buffer.from(text, 'utf8')
    let offset = 0
    try {
      while (offset < bytes.length) offset += write(options.fd, bytes, offset, bytes.length - offset)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
        closed = true
        return
      }
      stream = options.stream()
      stream.write(bytes.subarray(offset))
    }
  }
}
