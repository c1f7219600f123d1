// One `git cat-file --batch` process answering a run's reads, held to git's own commands on real repositories.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { symlinkSync } from 'node:fs'
import path from 'node:path'
import { GitObjectReader } from '../../src/fs/git-objects.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

describe('GitObjectReader', () => {
  let repo: TempRepo
  let sub: TempRepo
  let head: string
  beforeAll(async () => {
    repo = await tempRepo(
      {
        'a.txt': 'one\n',
        'dir/b.bin': Buffer.from([0xff, 0x00, 0x0a, 0xfe, 0x0a]),
        'dir/deeper/c d.txt': 'spaces\n',
        'dir/deeper/é-ü.yml': 'unicode: true\n',
        'dir-z/z.txt': 'z\n',
        'dir.txt': 'sorts between dir and dir-z in a tree\n',
        'line\nbreak.txt': 'a name with a line break\n',
        'empty.txt': ''
      },
      { git: true }
    )
    symlinkSync('a.txt', path.join(repo.root, 'link'))
    sub = await tempRepo({ 's.txt': 's\n' }, { git: true })
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.root, 'vendor/sub')
    repo.git('add', '-A')
    repo.git('commit', '-q', '-m', 'more')
    head = repo.git('rev-parse', 'HEAD').trim()
  })
  afterAll(async () => {
    await repo.remove()
    await sub.remove()
  })

  it('lists a commit as `git ls-tree -r --name-only` does: every file, link and submodule, in the same order', async () => {
    const listed = execFileSync('git', ['-C', repo.root, 'ls-tree', '-r', '-z', '--name-only', head], { encoding: 'utf8' }).split('\0').filter(Boolean)
    const files = await new GitObjectReader(repo.root).listFiles(head)
    expect(files).toEqual(listed)
    expect(files).toEqual(expect.arrayContaining(['link', 'vendor/sub', 'line\nbreak.txt', 'dir/deeper/é-ü.yml', 'dir/deeper/c d.txt']))
  })

  it('reads blobs byte for byte, many at once, answering each request with its own object', async () => {
    const reader = new GitObjectReader(repo.root)
    const names = ['a.txt', 'dir/b.bin', 'empty.txt', 'dir/deeper/é-ü.yml', 'a.txt', 'dir/deeper/c d.txt']
    const objects = await Promise.all(names.map((name) => reader.read(`${head}:${name}`)))
    objects.forEach((object, index) => {
      const expected = execFileSync('git', ['-C', repo.root, 'cat-file', 'blob', `${head}:${names[index]}`])
      expect(object?.type).toBe('blob')
      expect(object?.content).toEqual(expected)
    })
  })

  it('says missing (null) for an absent path or commit, and gives a folder as a tree', async () => {
    const reader = new GitObjectReader(repo.root)
    expect(await reader.read(`${head}:nope.txt`)).toBeNull()
    expect(await reader.read(`${'0'.repeat(40)}^{commit}`)).toBeNull()
    expect((await reader.read(`${head}:dir`))?.type).toBe('tree')
    expect((await reader.read(`${head}^{commit}`))?.type).toBe('commit')
    // A tree is no commit.
    expect(await reader.read(`${head}^{tree}^{commit}`)).toBeNull()
  })

  it('skips the bytes of an object larger than the read allows, and stays in step for the next read', async () => {
    const reader = new GitObjectReader(repo.root)
    const [big, next] = await Promise.all([reader.read(`${head}:dir/b.bin`, 4), reader.read(`${head}:a.txt`, 4)])
    expect(big).toMatchObject({ type: 'blob', size: 5, content: undefined })
    expect(next?.content?.toString('utf8')).toBe('one\n')
  })

  it('refuses a name that would not fit in one line, rather than send it', async () => {
    await expect(new GitObjectReader(repo.root).read(`${head}:line\nbreak.txt`)).rejects.toThrow(/line break/)
  })

  it('rejects every read when git cannot run there, so callers can ask another way', async () => {
    const reader = new GitObjectReader(path.join(repo.root, 'no-such-folder'))
    await expect(reader.read(`${head}:a.txt`)).rejects.toThrow()
    await expect(reader.read(`${head}:a.txt`)).rejects.toThrow()
    await expect(reader.listFiles(head)).rejects.toThrow()
  })
})
