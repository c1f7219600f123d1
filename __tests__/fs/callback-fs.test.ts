// src/fs/callback-fs.ts stands in for node:fs/promises (which a one-system check no longer loads): each
// function must give what its node:fs/promises namesake gives, its result and, where it fails, its error's
// code and message (messages name the failing call: a stand-in calling another binding shows here).
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals'
import * as promises from 'node:fs/promises'
import { constants, readFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as callbacks from '../../src/fs/callback-fs.js'

let root: string

beforeAll(async () => {
  root = await promises.mkdtemp(path.join(os.tmpdir(), 'rg-callback-fs-'))
  await promises.mkdir(path.join(root, 'folder/inner'), { recursive: true })
  await promises.writeFile(path.join(root, 'folder/a.txt'), 'é and more\n')
  await promises.symlink('folder/a.txt', path.join(root, 'link.txt'))
  await promises.symlink('missing.txt', path.join(root, 'dangling.txt'))
  await promises.symlink('loop-b', path.join(root, 'loop-a'))
  await promises.symlink('loop-a', path.join(root, 'loop-b'))
})

afterAll(async () => {
  await promises.rm(root, { recursive: true, force: true })
})

/** What a call settles with: its value (made comparable) or its error's code and message. */
async function outcome(call: () => Promise<unknown>, shown: (value: never) => unknown = (value) => value): Promise<unknown> {
  try {
    return { value: shown((await call()) as never) }
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    return {
      code,
      message: message
        .split(root)
        .join('ROOT')
        .replace(/tmp-[A-Za-z0-9]{6}/g, 'tmp-XXXXXX')
    }
  }
}

const PATHS = ['folder/a.txt', 'folder', 'link.txt', 'dangling.txt', 'loop-a', 'missing.txt', 'folder/a.txt/below', '']

describe('callback-fs', () => {
  it('stat, realpath and readdir give what node:fs/promises gives, results and errors', async () => {
    const statShown = (stats: import('node:fs').Stats) => [stats.isFile(), stats.isDirectory(), stats.size, stats.ino, stats.mtimeMs]
    for (const name of PATHS) {
      const file = path.join(root, name)
      expect([name, await outcome(() => callbacks.stat(file), statShown)]).toEqual([name, await outcome(() => promises.stat(file), statShown)])
      expect([name, await outcome(() => callbacks.realpath(file))]).toEqual([name, await outcome(() => promises.realpath(file))])
      expect([name, await outcome(() => callbacks.readdir(file))]).toEqual([name, await outcome(() => promises.readdir(file))])
      expect([name, await outcome(() => callbacks.readFile(file, 'utf8'))]).toEqual([name, await outcome(() => promises.readFile(file, 'utf8'))])
      const bytes = (buffer: Buffer) => [...buffer]
      expect([name, await outcome(() => callbacks.readFile(file), bytes)]).toEqual([name, await outcome(() => promises.readFile(file), bytes)])
      expect([name, await outcome(() => callbacks.access(file, constants.R_OK | constants.W_OK))]).toEqual([
        name,
        await outcome(() => promises.access(file, constants.R_OK | constants.W_OK))
      ])
    }
  })

  it('writes, appends, makes and removes as node:fs/promises does', async () => {
    const made = await callbacks.mkdir(path.join(root, 'new/deeper'), { recursive: true })
    expect(made).toBe(path.join(root, 'new'))
    expect(await callbacks.mkdir(path.join(root, 'new/deeper'), { recursive: true })).toBeUndefined()
    await callbacks.writeFile(path.join(root, 'new/deeper/x.txt'), 'one\n')
    await callbacks.appendFile(path.join(root, 'new/deeper/x.txt'), 'twø\n')
    await callbacks.writeFile(path.join(root, 'new/deeper/y.bin'), new Uint8Array([0, 1, 2]))
    expect(readFileSync(path.join(root, 'new/deeper/x.txt'), 'utf8')).toBe('one\ntwø\n')
    expect([...readFileSync(path.join(root, 'new/deeper/y.bin'))]).toEqual([0, 1, 2])
    await callbacks.rename(path.join(root, 'new/deeper/y.bin'), path.join(root, 'new/y.bin'))
    expect(existsSync(path.join(root, 'new/y.bin'))).toBe(true)
    const scratch = await callbacks.mkdtemp(path.join(root, 'tmp-'))
    expect(path.basename(scratch)).toMatch(/^tmp-.{6}$/)
    await callbacks.rm(path.join(root, 'new'), { recursive: true, force: true })
    expect(existsSync(path.join(root, 'new'))).toBe(false)
    for (const [name, call, same] of [
      [
        'write into a file',
        () => callbacks.writeFile(path.join(root, 'folder/a.txt/x'), 'x'),
        () => promises.writeFile(path.join(root, 'folder/a.txt/x'), 'x')
      ],
      [
        'mkdir over a file',
        () => callbacks.mkdir(path.join(root, 'folder/a.txt/x'), { recursive: true }),
        () => promises.mkdir(path.join(root, 'folder/a.txt/x'), { recursive: true })
      ],
      ['rm a missing file', () => callbacks.rm(path.join(root, 'nothing'), {}), () => promises.rm(path.join(root, 'nothing'), {})],
      [
        'rename a missing file',
        () => callbacks.rename(path.join(root, 'nothing'), path.join(root, 'x')),
        () => promises.rename(path.join(root, 'nothing'), path.join(root, 'x'))
      ],
      ['mkdtemp in a missing folder', () => callbacks.mkdtemp(path.join(root, 'nothing/tmp-')), () => promises.mkdtemp(path.join(root, 'nothing/tmp-'))]
    ] as const)
      expect([name, await outcome(call)]).toEqual([name, await outcome(same)])
  })

  it('reads an opened file at positions and from where the last read ended, as a FileHandle does', async () => {
    const file = path.join(root, 'folder/a.txt')
    const opened = await callbacks.openForReading(file)
    const handle = await promises.open(file, 'r')
    try {
      for (const [offset, length, position] of [
        [0, 3, null],
        [1, 4, null],
        [0, 2, 5],
        [0, 8, null],
        [0, 8, null],
        [0, 4, 100]
      ] as const) {
        const mine = Buffer.alloc(8)
        const theirs = Buffer.alloc(8)
        const read = await opened.read(mine, offset, length, position)
        const { bytesRead } = await handle.read(theirs, offset, length, position)
        expect([read, [...mine]]).toEqual([bytesRead, [...theirs]])
      }
    } finally {
      await opened.close()
      await handle.close()
    }
    expect(await outcome(() => callbacks.openForReading(path.join(root, 'missing.txt')))).toEqual(
      await outcome(() => promises.open(path.join(root, 'missing.txt'), 'r'))
    )
    // A folder opens and refuses the read.
    const folder = await callbacks.openForReading(path.join(root, 'folder'))
    const folderHandle = await promises.open(path.join(root, 'folder'), 'r')
    try {
      expect(await outcome(() => folder.read(Buffer.alloc(1), 0, 1, null))).toEqual(await outcome(() => folderHandle.read(Buffer.alloc(1), 0, 1, null)))
    } finally {
      await folder.close()
      await folderHandle.close()
    }
  })
})
