// Evidence without a date of its own is dated by its last commit, in the CLI and the action alike:
// only in a full clone. A shallow clone would date every file by the checkout, so it is not used, and
// the finding names `fetch-depth: 0`.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { gitFileDater } from '../../src/fs/git-dates.js'
import { runCli } from '../../src/cli/main.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const repos: TempRepo[] = []
afterAll(async () => Promise.all(repos.map((r) => r.remove())))

async function history(): Promise<{ full: TempRepo; shallow: string }> {
  const full = await tempRepo({ 'old.txt': 'old\n' }, { git: true })
  repos.push(full)
  await full.write({ 'new.txt': 'new\n', 'uncommitted.txt': 'x\n' })
  full.git('add', 'new.txt')
  full.git('commit', '-q', '-m', 'new', '--date', '2026-01-02T00:00:00Z')
  const clones = await tempRepo()
  repos.push(clones)
  const shallow = path.join(clones.root, 'shallow')
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${full.root}`, shallow])
  return { full, shallow }
}

describe('gitFileDater', () => {
  it('dates a committed file in a full clone, and says why not in a shallow clone, outside git, or before the first commit', async () => {
    const { full, shallow } = await history()
    const inFull = gitFileDater(full.root)
    expect((await inFull('old.txt')).date).toBeInstanceOf(Date)
    expect(await inFull('uncommitted.txt')).toMatchObject({ why: 'it has no commit yet to date it by' })
    expect(await gitFileDater(shallow)('old.txt')).toMatchObject({
      why: 'the clone is shallow, so its last commit is not known',
      hint: expect.stringContaining('`fetch-depth: 0`')
    })
    const plain = await tempRepo({ 'a.txt': 'a\n' })
    repos.push(plain)
    expect(await gitFileDater(plain.root)('a.txt')).toMatchObject({ why: 'there is no git history to date it by' })
  })
})

describe('check in a shallow clone', () => {
  it('fails evidence that carries no date of its own, naming fetch-depth: 0, instead of dating it by the checkout', async () => {
    const example = path.join(ROOT, 'examples/production-ready')
    const base = await tempRepo({}, { git: true })
    repos.push(base)
    execFileSync('cp', ['-r', `${example}/.`, base.root])
    // The monitoring rules carry no date of their own; without `date:` only the commit could date them.
    const manifest = (await readFile(path.join(base.root, 'readiness.yml'), 'utf8')).replace(
      '    file: monitoring/alerts.yml\n    date: 2026-11-12\n',
      '    file: monitoring/alerts.yml\n'
    )
    await base.write({ 'readiness.yml': manifest })
    base.git('add', '-A')
    base.git('commit', '-q', '-m', 'example')
    const clones = await tempRepo()
    repos.push(clones)
    const shallow = path.join(clones.root, 'shallow')
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${base.root}`, shallow])
    let out = ''
    const code = await runCli(['check', '--now', '2026-11-22'], {
      cwd: shallow,
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      color: false,
      now: new Date()
    })
    expect(code).toBe(1)
    expect(out).toContain(
      'monitoring.output-quality\n      The monitoring rules file "monitoring/alerts.yml" carries no date of its own, and the clone is shallow, so its last commit is not known.'
    )
    expect(out).toContain('actions/checkout with `fetch-depth: 0`')
  })
})
