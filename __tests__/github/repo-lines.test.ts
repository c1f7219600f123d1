// Which report locations are real lines of a workspace file (annotations elsewhere show nowhere).
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { repoLineChecker } from '../../src/github/repo-lines.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

describe('repoLineChecker', () => {
  let workspace: TempRepo
  let outside: TempRepo
  beforeAll(async () => {
    workspace = await tempRepo({
      'three.txt': 'a\nb\nc\n',
      'no-final-newline.txt': 'a\nb',
      'empty.txt': '',
      'blank-line.txt': '\n',
      'crlf.txt': 'a\r\nb\r\n',
      'ai/x/readiness.yml': 'system: x\nstage: pilot\n'
    })
    outside = await tempRepo({ 'secret.txt': 'a\nb\nc\nd\n' })
    await symlink(path.join(outside.root, 'secret.txt'), path.join(workspace.root, 'link-out.txt'))
    await symlink(path.join(workspace.root, 'three.txt'), path.join(workspace.root, 'link-in.txt'))
    await mkdir(path.join(workspace.root, 'folder'))
  })
  afterAll(async () => {
    await workspace.remove()
    await outside.remove()
  })

  it('accepts lines 1 to the last, a final newline ending the last line rather than starting another', () => {
    const isLine = repoLineChecker(workspace.root, workspace.root)
    expect([0, 1, 3, 4].map((line) => isLine('three.txt', line))).toEqual([false, true, true, false])
    expect([2, 3].map((line) => isLine('no-final-newline.txt', line))).toEqual([true, false])
    expect([1, 2].map((line) => isLine('blank-line.txt', line))).toEqual([true, false])
    expect([2, 3].map((line) => isLine('crlf.txt', line))).toEqual([true, false])
    expect(isLine('empty.txt', 1)).toBe(false)
  })

  it('reads files relative to the gate root, which may be a folder of the workspace', () => {
    const isLine = repoLineChecker(workspace.root, path.join(workspace.root, 'ai'))
    expect(isLine('x/readiness.yml', 2)).toBe(true)
    expect(isLine('x/readiness.yml', 3)).toBe(false)
    expect(isLine('../three.txt', 3)).toBe(true)
  })

  it('gives no lines to a missing file, a folder, or a file outside the workspace by path or by symlink', () => {
    const isLine = repoLineChecker(workspace.root, workspace.root)
    expect(isLine('missing.txt', 1)).toBe(false)
    expect(isLine('folder', 1)).toBe(false)
    expect(isLine(path.join(outside.root, 'secret.txt'), 1)).toBe(false)
    expect(isLine('link-out.txt', 1)).toBe(false)
    expect(isLine('link-in.txt', 3)).toBe(true)
  })

  it('counts each file once: a file that grows afterwards keeps its first count', async () => {
    const isLine = repoLineChecker(workspace.root, workspace.root)
    await writeFile(path.join(workspace.root, 'grows.txt'), 'a\n')
    expect(isLine('grows.txt', 2)).toBe(false)
    await writeFile(path.join(workspace.root, 'grows.txt'), 'a\nb\n')
    expect(isLine('grows.txt', 2)).toBe(false)
    expect(repoLineChecker(workspace.root, workspace.root)('grows.txt', 2)).toBe(true)
  })
})
