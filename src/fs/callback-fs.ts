// The asynchronous file functions the gate uses, as promises over node:fs's callback functions.
// node:fs/promises is a module of its own that a bare Node process does not load: requiring it
// compiles it and what it requires (its FileHandle class, readline's interface for readLines, the fs
// watchers), 18 M instructions on Node 20 and 26 M on Node 24, 3 to 4% of a one-system `check`
// (docs/performance.md, round twelve). node:fs is loaded in every Node process. Each function calls
// the same binding as its node:fs/promises namesake, so results and errors (code, message) are the same.
import fs, { type MakeDirectoryOptions, type RmOptions, type Stats } from 'node:fs'

/** Settles with the callback's result, or rejects with its error. */
function settle<T>(resolve: (value: T) => void, reject: (error: Error) => void): (error: Error | null, value: T) => void {
  return (error, value) => (error ? reject(error) : resolve(value))
}

export const stat = (file: string): Promise<Stats> => new Promise((resolve, reject) => fs.stat(file, settle(resolve, reject)))

/** The real path as the operating system resolves it (realpath(3)), as node:fs/promises' realpath does. */
export const realpath = (file: string): Promise<string> => new Promise((resolve, reject) => fs.realpath.native(file, settle(resolve, reject)))

export const readdir = (folder: string): Promise<string[]> => new Promise((resolve, reject) => fs.readdir(folder, settle(resolve, reject)))

export function readFile(file: string): Promise<Buffer>
export function readFile(file: string, encoding: 'utf8'): Promise<string>
export function readFile(file: string, encoding?: 'utf8'): Promise<Buffer | string> {
  return new Promise((resolve, reject) =>
    encoding ? fs.readFile(file, encoding, settle<string>(resolve, reject)) : fs.readFile(file, settle<Buffer>(resolve, reject))
  )
}

export const writeFile = (file: string, data: string | Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => fs.writeFile(file, data, (error) => (error ? reject(error) : resolve())))

export const appendFile = (file: string, data: string): Promise<void> =>
  new Promise((resolve, reject) => fs.appendFile(file, data, { encoding: 'utf8' }, (error) => (error ? reject(error) : resolve())))

export const mkdir = (folder: string, options: MakeDirectoryOptions & { recursive: true }): Promise<string | undefined> =>
  new Promise((resolve, reject) => fs.mkdir(folder, options, settle(resolve, reject)))

export const mkdtemp = (prefix: string): Promise<string> => new Promise((resolve, reject) => fs.mkdtemp(prefix, settle(resolve, reject)))

export const rm = (target: string, options: RmOptions): Promise<void> =>
  new Promise((resolve, reject) => fs.rm(target, options, (error) => (error ? reject(error) : resolve())))

export const rename = (from: string, to: string): Promise<void> =>
  new Promise((resolve, reject) => fs.rename(from, to, (error) => (error ? reject(error) : resolve())))

export const access = (file: string, mode: number): Promise<void> =>
  new Promise((resolve, reject) => fs.access(file, mode, (error) => (error ? reject(error) : resolve())))

/** A file opened for reading: its descriptor, read at a position (null: where the last read ended) and closed. */
export interface ReadableFile {
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<number>
  close(): Promise<void>
}

export function openForReading(file: string): Promise<ReadableFile> {
  return new Promise((resolve, reject) =>
    fs.open(file, 'r', (error, fd) => {
      if (error) return reject(error)
      resolve({
        read: (buffer, offset, length, position) =>
          new Promise((done, fail) => fs.read(fd, buffer, offset, length, position, (readError, bytesRead) => (readError ? fail(readError) : done(bytesRead)))),
        close: () => new Promise((done, fail) => fs.close(fd, (closeError) => (closeError ? fail(closeError) : done())))
      })
    })
  )
}
