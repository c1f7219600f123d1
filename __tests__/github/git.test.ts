// The action's git shell-outs, against real repositories in temp folders.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { checkoutOf, hasCommit, listFiles, readBlob } from '../../src/github/git.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

describe('git helpers', () => {
  let repo: TempRepo
  let first: string
  let second: string
  beforeAll(async () => {
    repo = await tempRepo({ 'a.txt': 'one\n', 'dir/b.bin': Buffer.from([0xff, 0x00, 0xfe, 0x0a]) }, { git: true })
    first = repo.git('rev-parse', 'HEAD').trim()
    await repo.write({ 'a.txt': 'two\n' })
    repo.git('commit', '-q', '-am', 'second')
    second = repo.git('rev-parse', 'HEAD').trim()
  })
  afterAll(() => repo.remove())

  it('tells the checked-out commit and its parents', () => {
    expect(checkoutOf(repo.root)).toEqual({ head: second, parents: [first] })
  })

  it('tells a root commit by no parents, and a folder outside any checkout by undefined', async () => {
    const root = await tempRepo({ 'x.txt': 'x\n' }, { git: true })
    const outside = await tempRepo({ 'x.txt': 'x\n' })
    try {
      expect(checkoutOf(root.root)).toEqual({ head: root.git('rev-parse', 'HEAD').trim(), parents: [] })
      expect(checkoutOf(outside.root)).toBeUndefined()
    } finally {
      await root.remove()
      await outside.remove()
    }
  })

  it('knows which commits the checkout holds', async () => {
    expect(await hasCommit(repo.root, first)).toBe(true)
    expect(await hasCommit(repo.root, '0'.repeat(40))).toBe(false)
    // A tree is no commit.
    expect(await hasCommit(repo.root, repo.git('rev-parse', `${first}^{tree}`).trim())).toBe(false)
  })

  it('reads a file at a commit, byte for byte, not as the working tree has it', async () => {
    await repo.write({ 'a.txt': 'uncommitted\n' })
    expect((await readBlob(repo.root, first, 'a.txt'))?.toString('utf8')).toBe('one\n')
    expect((await readBlob(repo.root, second, 'a.txt'))?.toString('utf8')).toBe('two\n')
    expect(await readBlob(repo.root, first, 'dir/b.bin')).toEqual(Buffer.from([0xff, 0x00, 0xfe, 0x0a]))
  })

  it('answers null for a folder, a missing path and an unknown commit', async () => {
    expect(await readBlob(repo.root, first, 'dir')).toBeNull()
    expect(await readBlob(repo.root, first, 'missing.txt')).toBeNull()
    expect(await readBlob(repo.root, '0'.repeat(40), 'a.txt')).toBeNull()
  })

  it('reads what the batch reader cannot ask for, a name with a line break, through a git of its own', async () => {
    await repo.write({ 'odd\nname.txt': 'odd\n' })
    repo.git('add', '-A')
    repo.git('commit', '-q', '-m', 'odd name')
    const third = repo.git('rev-parse', 'HEAD').trim()
    expect((await readBlob(repo.root, third, 'odd\nname.txt'))?.toString('utf8')).toBe('odd\n')
    expect(await listFiles(repo.root, third)).toEqual(['a.txt', 'dir/b.bin', 'odd\nname.txt'])
  })

  it('refuses a file over 8 MiB, as git reading it alone does', async () => {
    const big = await tempRepo({ 'big.bin': Buffer.alloc(8 * 1024 * 1024 + 1, 0x61), 'small.txt': 'small\n' }, { git: true })
    try {
      const sha = big.git('rev-parse', 'HEAD').trim()
      await expect(readBlob(big.root, sha, 'big.bin')).rejects.toThrow(/maxBuffer/)
      expect((await readBlob(big.root, sha, 'small.txt'))?.toString('utf8')).toBe('small\n')
    } finally {
      await big.remove()
    }
  })

  it('lists every file at a commit, folders walked, paths repo-relative', async () => {
    await repo.write({ 'untracked.txt': 'u\n' })
    expect(await listFiles(repo.root, first)).toEqual(['a.txt', 'dir/b.bin'])
    await expect(listFiles(repo.root, '0'.repeat(40))).rejects.toThrow()
  })
})
