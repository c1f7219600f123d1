// docs/getting-started.md is run, not only read: from an empty repository, each `yaml file=PATH` block
// is written, each `sh` block runs in bash, and each `console` block's `$ readiness-gate ...` commands run
// through the CLI, their output compared with the lines the page shows under them. A message that
// changes changes the page: UPDATE_GETTING_STARTED=1 rewrites the outputs (review the diff).
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const PAGE = path.join(ROOT, 'docs/getting-started.md')
const update = process.env.UPDATE_GETTING_STARTED === '1'
// Commits are dated before the pinned clock, so evidence dated by its commit is as old on every run.
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Newcomer',
  GIT_AUTHOR_EMAIL: 'newcomer@example.com',
  GIT_COMMITTER_NAME: 'Newcomer',
  GIT_COMMITTER_EMAIL: 'newcomer@example.com',
  GIT_AUTHOR_DATE: '2026-11-20T12:00:00Z',
  GIT_COMMITTER_DATE: '2026-11-20T12:00:00Z'
}

interface Block {
  /** The fence's info string, e.g. `console`, `sh`, `yaml file=services/bot/readiness.yml`. */
  info: string
  /** Line index of the first line inside the fence. */
  start: number
  lines: string[]
}

function blocks(lines: string[]): Block[] {
  const found: Block[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\S.*)$/.exec(lines[index]!)
    if (!open) continue
    const close = lines.indexOf('```', index + 1)
    found.push({ info: open[1]!, start: index + 1, lines: lines.slice(index + 1, close) })
    index = close
  }
  return found
}

const temps: string[] = []
afterAll(async () => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))))

describe('docs/getting-started.md', () => {
  it('walks from an empty repository to production, every output as the CLI prints it', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'rg-getting-started-'))
    temps.push(repo)
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo })
    const page = (await readFile(PAGE, 'utf8')).split('\n')
    const rewritten = [...page]
    let offset = 0
    const ran: string[] = []
    for (const block of blocks(page)) {
      const file = /^yaml file=(\S+)$/.exec(block.info)?.[1]
      if (file) {
        await mkdir(path.dirname(path.join(repo, file)), { recursive: true })
        await writeFile(path.join(repo, file), `${block.lines.join('\n')}\n`)
      } else if (block.info === 'sh') {
        execFileSync('bash', ['-euo', 'pipefail', '-c', block.lines.join('\n')], {
          cwd: repo,
          env: { ...process.env, ...GIT_ENV, READINESS_GATE: ROOT },
          stdio: 'pipe'
        })
      } else if (block.info === 'console') {
        const output: string[] = []
        for (const line of block.lines) {
          const command = /^\$ readiness-gate (.*)$/.exec(line)
          if (!command) continue
          let printed = ''
          const write = (text: string): void => {
            printed += text
          }
          await runCli(command[1]!.split(' '), { cwd: repo, stdout: write, stderr: write, color: false, now: new Date('2026-12-01T12:00:00Z') })
          output.push(line, ...printed.replace(/\n$/, '').split('\n'))
          ran.push(command[1]!.split(' ')[0]!)
        }
        if (update) {
          rewritten.splice(block.start + offset, block.lines.length, ...output)
          offset += output.length - block.lines.length
        } else expect(output.join('\n')).toBe(block.lines.join('\n'))
      }
    }
    if (update) await writeFile(PAGE, rewritten.join('\n'))
    // The walk is the whole path: it ends at production, passing.
    expect(ran.filter((command) => command === 'init')).toHaveLength(3)
    const last = await readFile(path.join(repo, 'services/support-triage/readiness.yml'), 'utf8')
    expect(last).toMatch(/^stage: production$/m)
    let out = ''
    expect(
      await runCli(['check', '--now', '2026-12-01'], {
        cwd: repo,
        stdout: (text) => (out += text),
        stderr: (text) => (out += text),
        color: false,
        now: new Date('2026-12-01T12:00:00Z')
      })
    ).toBe(0)
    expect(out).toContain('1 of 1 system ready.')
  }, 60_000)
})
