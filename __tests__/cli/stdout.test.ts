// The CLI's standard output to a pipe or file, written with write(2) instead of through process.stdout
// (src/cli/stdout.ts). The bundle's own output is compared in __tests__/cli/bundle.test.ts.
import { describe, expect, it } from '@jest/globals'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { directWriter, isPipeOrFile } from '../../src/cli/stdout.js'

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code })

/** A fake write(2) that takes at most `step` bytes a call and fails with `fail` once `failAt` bytes are in. */
function fakeFd(step: number, fail?: { at: number; code: string }) {
  const written: number[] = []
  const write = (_fd: number, buffer: Uint8Array, offset: number, length: number): number => {
    if (fail && written.length >= fail.at) throw errno(fail.code)
    const take = Math.min(step, length, fail ? fail.at - written.length : length)
    for (let index = 0; index < take; index++) written.push(buffer[offset + index]!)
    return take
  }
  return { written, write }
}

describe('directWriter', () => {
  it('writes each text whole and in order, however few bytes each call takes', () => {
    for (const step of [1, 2, 3, 7, 4096]) {
      const fd = fakeFd(step)
      const writer = directWriter({ fd: 1, writeSync: fd.write, stream: () => ({ write: () => expect('no stream').toBe('made') }) })
      const texts = ['Policy: é ✓ 😀\n', '', 'x'.repeat(1000), '1 of 1 system ready.\n']
      for (const text of texts) writer(text)
      expect(Buffer.from(fd.written).toString('utf8')).toBe(texts.join(''))
    }
  })

  it('drops the rest quietly once the reader closed the pipe (EPIPE), with no stream made', () => {
    const fd = fakeFd(2, { at: 5, code: 'EPIPE' })
    let streams = 0
    const writer = directWriter({ fd: 1, writeSync: fd.write, stream: () => (streams++, { write: () => undefined }) })
    writer('abcdefgh')
    writer('more')
    expect([Buffer.from(fd.written).toString(), streams]).toEqual(['abcde', 0])
  })

  it.each(['EAGAIN', 'EIO'])('hands the unwritten rest and all later text to the stream after %s', (code) => {
    const fd = fakeFd(3, { at: 4, code })
    const chunks: string[] = []
    let streams = 0
    const writer = directWriter({
      fd: 1,
      writeSync: fd.write,
      stream: () => (streams++, { write: (chunk: Uint8Array | string) => chunks.push(Buffer.from(chunk).toString()) })
    })
    writer('abcdefgh')
    writer('ij')
    expect([Buffer.from(fd.written).toString(), chunks, streams]).toEqual(['abcd', ['efgh', 'ij'], 1])
  })

  it('writes to a real file descriptor', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'rg-stdout-'))
    const file = path.join(folder, 'out.txt')
    const fd = openSync(file, 'w')
    try {
      const writer = directWriter({ fd, stream: () => ({ write: () => expect('no stream').toBe('made') }) })
      writer('one ✓\n')
      writer('two\n')
      expect(isPipeOrFile(fd)).toBe(true)
    } finally {
      closeSync(fd)
    }
    expect(readFileSync(file, 'utf8')).toBe('one ✓\n' + 'two\n')
    rmSync(folder, { recursive: true })
  })
})

describe('isPipeOrFile', () => {
  it('is false for a character device (a terminal is one), a closed descriptor and on Windows', () => {
    const devNull = openSync('/dev/null', 'w')
    try {
      expect(isPipeOrFile(devNull)).toBe(false)
    } finally {
      closeSync(devNull)
    }
    expect(isPipeOrFile(devNull)).toBe(false)
    const folder = mkdtempSync(path.join(os.tmpdir(), 'rg-stdout-'))
    const fd = openSync(path.join(folder, 'f'), 'w')
    try {
      expect([isPipeOrFile(fd, 'linux'), isPipeOrFile(fd, 'win32')]).toEqual([true, false])
    } finally {
      closeSync(fd)
      rmSync(folder, { recursive: true })
    }
  })
})
