// The screenshots in README.md and docs/github.md are of real output: the markdown each was made from
// lives beside it in docs/screenshots/, and this test holds that markdown to what the CLI prints today.
// After an intended change: `scripts/screenshots.sh` rewrites the markdown (UPDATE_SCREENSHOTS=1) and
// re-renders the pictures with ../shared/tools/look-markdown at 880 px.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'docs/screenshots')
const NOW = '2026-12-01'
const update = process.env.UPDATE_SCREENSHOTS === '1'
const scratch: string[] = []
afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))))

async function markdown(args: string[], cwd: string): Promise<string> {
  let out = ''
  await runCli([...args, '--format', 'markdown', '--now', NOW], {
    cwd,
    stdout: (text) => (out += text),
    stderr: (text) => (out += text),
    color: false,
    now: new Date()
  })
  return out
}

async function expectCurrent(name: string, actual: string): Promise<void> {
  const file = path.join(SHOTS, `${name}.md`)
  if (update) await writeFile(file, actual)
  expect(actual).toBe(await readFile(file, 'utf8'))
}

/** Commits with a fixed date, so evidence dated by its last commit reads the same every run. */
function git(cwd: string, ...args: string[]): void {
  const when = '2026-11-20T12:00:00Z'
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_AUTHOR_DATE: when,
      GIT_COMMITTER_DATE: when,
      GIT_CONFIG_GLOBAL: '/dev/null'
    }
  })
}

describe('the screenshots in the docs', () => {
  it('show the summary of the failing example as the CLI renders it', async () => {
    await expectCurrent('pilot-purgatory', await markdown(['check', 'examples/pilot-purgatory'], ROOT))
  })

  it('show what a pull request changed: one gap fixed, one opened', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'rg-shot-'))
    scratch.push(repo)
    await cp(path.join(ROOT, 'examples/pilot-purgatory'), path.join(repo, 'ai/invoice-extractor'), { recursive: true })
    await cp(path.join(ROOT, '.github/readiness-policy.yml'), path.join(repo, '.github/readiness-policy.yml'))
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'base')
    // The change: names the executive sponsor (a gap fixed) and stops logging outputs (a gap opened).
    const manifestFile = path.join(repo, 'ai/invoice-extractor/readiness.yml')
    const manifest = await readFile(manifestFile, 'utf8')
    await writeFile(
      manifestFile,
      manifest
        .replace('  model-operations: "@alice"\n', '  model-operations: "@alice"\n  executive-sponsor: "@carol"\n')
        .replace('  logs-outputs: true', '  logs-outputs: false')
    )
    const summary = await markdown(['check', '--base', 'main'], repo)
    expect(summary).toContain('newly failing: `audit.logging`')
    expect(summary).toContain('newly met: `owner.executive-sponsor`')
    await expectCurrent('pull-request', summary)
  })
})
