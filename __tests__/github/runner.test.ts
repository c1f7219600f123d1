// src/github/runner.ts speaks the runner's protocol as @actions/core does: the same workflow commands,
// byte for byte, the same inputs, outputs and job summary. @actions/core (a dev dependency for this
// test only) is the reference.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import * as reference from '@actions/core'
import * as runner from '../../src/github/runner.js'

type Core = typeof runner

let dir: string
let saved: NodeJS.ProcessEnv
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rg-runner-'))
  saved = { ...process.env }
})
afterEach(() => {
  process.env = saved
  process.exitCode = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** What `act` writes to stdout, with the exit code it sets. */
function captured(act: () => void): { stdout: string; exitCode: typeof process.exitCode } {
  const write = process.stdout.write.bind(process.stdout)
  let stdout = ''
  process.stdout.write = (chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  }
  try {
    process.exitCode = undefined
    act()
  } finally {
    process.stdout.write = write
  }
  const exitCode = process.exitCode
  process.exitCode = undefined
  return { stdout, exitCode }
}

const both = (act: (core: Core) => void): [ReturnType<typeof captured>, ReturnType<typeof captured>] => [
  captured(() => act(runner)),
  captured(() => act(reference as unknown as Core))
]

const HOSTILE = 'p95 100% > 80%: a, b\r\nnext line ::error::x'

describe('the runner protocol', () => {
  it('writes the same annotations, log lines and failures as @actions/core', () => {
    const properties = [
      {},
      { title: 'sys: rule, with: colon' },
      { title: 't', file: 'ai/a b/readiness.yml', startLine: 3, endLine: 3 },
      { file: 'x.yml', startLine: 1, startColumn: 2, endColumn: 4 }
    ]
    for (const props of properties) {
      const [mine, theirs] = both((core) => {
        core.error(HOSTILE, props)
        core.warning(HOSTILE, props)
      })
      expect(mine).toEqual(theirs)
    }
    const [mine, theirs] = both((core) => {
      core.info(HOSTILE)
      core.setFailed(HOSTILE)
    })
    expect(mine).toEqual(theirs)
    expect(mine.exitCode).toBe(1)
  })

  it('reads inputs as @actions/core does', () => {
    process.env.INPUT_MANIFESTS = '  a/**/readiness.yml\n\n  b/readiness.yml , c  \n'
    process.env['INPUT_CHECK-NAME'] = '  gate  '
    process.env['INPUT_REPORT_PATH'] = 'spaced name'
    for (const name of ['manifests', 'check-name', 'report path', 'missing']) {
      expect(runner.getInput(name)).toBe(reference.getInput(name))
      expect(runner.getMultilineInput(name)).toEqual(reference.getMultilineInput(name))
    }
    for (const value of ['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', '']) {
      process.env['INPUT_FAIL-JOB'] = value
      const mine = (() => {
        try {
          return runner.getBooleanInput('fail-job')
        } catch (error) {
          return (error as Error).message
        }
      })()
      const theirs = (() => {
        try {
          return reference.getBooleanInput('fail-job')
        } catch (error) {
          return (error as Error).message
        }
      })()
      expect(mine).toEqual(theirs)
    }
  })

  it('makes each delimiter from a random version 4 UUID, as crypto.randomUUID() does', () => {
    const uuids = Array.from({ length: 2000 }, () => runner.randomUuid())
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(uuids).size).toBe(uuids.length)
    // Random bits, not a counter: every hex digit outside the fixed ones turns up at every position.
    const digits = uuids.map((uuid) => uuid.replace(/-/g, ''))
    for (const position of [0, 5, 13, 17, 31]) expect(new Set(digits.map((hex) => hex[position])).size).toBe(16)
  })

  it('appends outputs to GITHUB_OUTPUT as @actions/core does, delimiter aside', () => {
    const written = (core: Core): string => {
      const file = path.join(dir, 'output.txt')
      writeFileSync(file, '')
      process.env.GITHUB_OUTPUT = file
      core.setOutput('passed', 'false')
      core.setOutput('report', HOSTILE)
      return readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER')
    }
    expect(written(runner)).toBe(written(reference as unknown as Core))
    expect(written(runner)).toContain('passed<<DELIMITER\nfalse\nDELIMITER\n')
    delete process.env.GITHUB_OUTPUT
    const [mine, theirs] = both((core) => core.setOutput('passed', 'true'))
    expect(mine).toEqual(theirs)
  })

  it('appends the job summary to GITHUB_STEP_SUMMARY as @actions/core does, and fails the same way without one', async () => {
    // @actions/core remembers the file after its first write: the failures are compared first.
    const refused = async (write: () => Promise<unknown>): Promise<string> =>
      write().then(
        () => 'written',
        (error: Error) => error.message
      )
    delete process.env.GITHUB_STEP_SUMMARY
    expect(await refused(() => runner.summary.addRaw('').write())).toBe(await refused(() => reference.summary.emptyBuffer().addRaw('').write()))
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'missing', 'summary.md')
    expect(await refused(() => runner.summary.addRaw('').write())).toMatch(/^Unable to access summary file/)
    expect(await refused(() => runner.summary.addRaw('').write())).toBe(await refused(() => reference.summary.emptyBuffer().addRaw('').write()))
    const file = path.join(dir, 'summary.md')
    writeFileSync(file, 'before\n')
    process.env.GITHUB_STEP_SUMMARY = file
    await runner.summary.addRaw('## one\n').write()
    await reference.summary.emptyBuffer().addRaw('## two\n').write()
    expect(readFileSync(file, 'utf8')).toBe('before\n## one\n## two\n')
  })
})
