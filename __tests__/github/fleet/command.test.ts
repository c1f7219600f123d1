// `readiness-gate fleet` as a user runs it: the bundled CLI (dist/cli.js, which loads the fleet command
// and the GitHub client as a separate chunk) against the GitHub stand-in.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { GitHubStandIn, type OrgRepo } from '../../support/github-server.js'
import { encodeVerdict, verdictDigest } from '../../../src/render/verdict-block.js'
import { report, sampleReport } from '../../support/report-fixtures.js'
import type { FleetReport } from '../../../src/fleet/model.js'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const CLI = path.join(ROOT, 'dist/cli.js')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'rg-fleet-cli-'))
let standIn: GitHubStandIn | undefined

afterEach(async () => {
  await standIn?.close()
  standIn = undefined
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: scratch, env: { PATH: process.env.PATH, HOME: os.homedir(), ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr })
    )
  })
}

const NOW = '2026-11-20T12:00:00Z'

function repos(): OrgRepo[] {
  const passing = report([{ ...sampleReport().systems[1]!, owners: { 'model-operations': '@bob' } }], { evaluatedAt: '2026-11-20T06:00:00.000Z' })
  const run = (id: number, sha: string, text: string) => ({
    id,
    name: 'readiness-gate',
    head_sha: sha,
    status: 'completed',
    conclusion: 'success',
    completed_at: '2026-11-20T06:00:00Z',
    output: { title: 't', summary: 's', text }
  })
  return [
    {
      name: 'chat',
      headSha: 'a'.repeat(40),
      files: ['ai/chat-assistant/readiness.yml'],
      checkRuns: [run(1, 'a'.repeat(40), encodeVerdict(verdictDigest(passing)))],
      rules: []
    },
    {
      name: 'invoices',
      headSha: 'b'.repeat(40),
      files: ['ai/invoice-extractor/readiness.yml'],
      checkRuns: [run(2, 'b'.repeat(40), encodeVerdict(verdictDigest(sampleReport())))]
    },
    { name: 'website', headSha: 'c'.repeat(40), files: ['index.html'] }
  ]
}

describe('readiness-gate fleet (dist/cli.js)', () => {
  it('writes markdown, JSON and HTML, and reads nothing again from unchanged repositories on the next run', async () => {
    expect(existsSync(CLI)).toBe(true)
    standIn = await GitHubStandIn.start({ owner: 'acme', repo: 'reports', commits: [], organization: { login: 'acme', repos: repos() } })
    const env = { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: standIn.url }
    const args = ['fleet', '--org', 'acme', '--json', 'out/fleet.json', '--html', 'out/fleet.html', '--cache', 'out/cache.json', '--now', NOW]
    const first = await cli(args, env)
    expect(first.stderr).toContain('no cache at')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^## readiness-gate fleet — acme: 3 of 4 systems ready; 2 repositories not gated\n/)
    const json = JSON.parse(readFileSync(path.join(scratch, 'out/fleet.json'), 'utf8')) as FleetReport
    expect(json.repositories.map((repo) => [repo.name, repo.state, repo.systems, repo.ready])).toEqual([
      ['chat', 'evaluated', 1, 1],
      ['invoices', 'evaluated', 3, 2],
      ['website', 'no-manifest', 0, 0]
    ])
    expect(json.totals.byTeam.find((team) => team.team === '@bob')).toEqual({ team: '@bob', systems: 1, ready: 1, notReady: 0 })
    expect(readFileSync(path.join(scratch, 'out/fleet.html'), 'utf8')).toContain('<svg ')
    expect(standIn.rejections).toEqual([])

    const sent = standIn.requests.length
    const second = await cli([...args, '--format', 'json'], env)
    expect(second.code).toBe(0)
    const again = standIn.requests.slice(sent)
    expect(again.map((request) => request.status)).toEqual(Array(again.length).fill(304))
    expect((JSON.parse(second.stdout) as FleetReport).requests).toEqual({ sent: again.length, notModified: again.length })
  })

  it('says what is wrong, with exit 2, when it cannot start or cannot list the organization', async () => {
    standIn = await GitHubStandIn.start({ owner: 'acme', repo: 'reports', commits: [], organization: { login: 'acme', repos: [] } })
    const env = { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: standIn.url }
    expect(await cli(['fleet'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('fleet needs --org ORG') })
    expect(await cli(['fleet', '--org', 'acme'], { GITHUB_API_URL: standIn.url })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('set GITHUB_TOKEN')
    })
    expect(await cli(['fleet', '--org', 'acme', '--stale-after-days', 'soon'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--stale-after-days takes a whole number of days')
    })
    expect(await cli(['fleet', '--org', 'nobody'], env)).toMatchObject({
      code: 2,
      stderr: 'readiness-gate: The repositories of nobody could not be listed: 404 Not Found.\n'
    })
  })
})
