import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import { approversFromReviews, listApprovers, trustedFiles, type Review } from '../../src/github/trusted.js'
import { BAD_GATEWAY, GitHubStandIn, type StandInOptions } from '../support/github-server.js'

const HEAD = '1'.repeat(40)
const OLD = '2'.repeat(40)

function review(login: string | null, state: string, commit: string, minute: number): Review & Record<string, unknown> {
  return {
    user: login === null ? null : { login },
    state,
    commit_id: commit,
    submitted_at: state === 'PENDING' ? null : `2026-11-20T10:${String(minute).padStart(2, '0')}:00Z`
  }
}

describe('approversFromReviews', () => {
  it('counts an approval at the head commit', () => {
    expect(approversFromReviews([review('Erin', 'APPROVED', HEAD, 1)], HEAD, 'alice')).toEqual(new Set(['erin']))
  })

  it('does not count an approval of an older commit (stale)', () => {
    expect(approversFromReviews([review('erin', 'APPROVED', OLD, 1)], HEAD, 'alice')).toEqual(new Set())
  })

  it('lets a later CHANGES_REQUESTED or a dismissal cancel an approval, and a later approval restore it', () => {
    const reviews = [
      review('erin', 'APPROVED', HEAD, 1),
      review('erin', 'CHANGES_REQUESTED', HEAD, 2),
      review('sam', 'DISMISSED', HEAD, 3),
      review('frank', 'CHANGES_REQUESTED', OLD, 4),
      review('frank', 'APPROVED', HEAD, 5)
    ]
    expect(approversFromReviews(reviews, HEAD, 'alice')).toEqual(new Set(['frank']))
  })

  it('ignores comments and pending reviews, which change no state', () => {
    const reviews = [review('erin', 'APPROVED', HEAD, 1), review('erin', 'COMMENTED', HEAD, 2), review('sam', 'PENDING', HEAD, 3)]
    expect(approversFromReviews(reviews, HEAD, 'alice')).toEqual(new Set(['erin']))
  })

  it('never counts the author, nor a deleted user', () => {
    const reviews = [review('Alice', 'APPROVED', HEAD, 1), review(null, 'APPROVED', HEAD, 2)]
    expect(approversFromReviews(reviews, HEAD, 'alice')).toEqual(new Set())
  })

  it('does not count an approval dismissed afterwards', () => {
    expect(approversFromReviews([review('erin', 'APPROVED', HEAD, 1), review('erin', 'DISMISSED', HEAD, 2)], HEAD, 'alice')).toEqual(new Set())
  })

  it('keeps the list order for reviews submitted in the same second', () => {
    expect(approversFromReviews([review('erin', 'APPROVED', HEAD, 1), review('erin', 'CHANGES_REQUESTED', HEAD, 1)], HEAD, 'alice')).toEqual(new Set())
    expect(approversFromReviews([review('erin', 'CHANGES_REQUESTED', HEAD, 1), review('erin', 'APPROVED', HEAD, 1)], HEAD, 'alice')).toEqual(new Set(['erin']))
  })

  it('never counts the author, whatever the case of the login; with no author known, counts the approval', () => {
    expect(approversFromReviews([review('erin', 'APPROVED', HEAD, 1)], HEAD, 'Erin')).toEqual(new Set())
    expect(approversFromReviews([review('erin', 'APPROVED', HEAD, 1)], HEAD, undefined)).toEqual(new Set(['erin']))
  })

  it('orders by submission time, whatever order the list comes in', () => {
    const reviews = [review('erin', 'CHANGES_REQUESTED', HEAD, 9), review('erin', 'APPROVED', HEAD, 1)]
    expect(approversFromReviews(reviews, HEAD, 'alice')).toEqual(new Set())
  })
})

describe('GitHub reads', () => {
  let standIn: GitHubStandIn | undefined
  let checkout: string
  let baseSha: string
  beforeAll(() => {
    checkout = mkdtempSync(path.join(os.tmpdir(), 'rg-trusted-'))
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: checkout, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).trim()
    git('init', '-q')
    mkdirSync(path.join(checkout, '.github'))
    writeFileSync(path.join(checkout, '.github/readiness-policy.yml'), '\uFEFFsigners:\n  legal: ["@erin"]\n')
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    baseSha = git('rev-parse', 'HEAD')
  })
  afterAll(() => rmSync(checkout, { recursive: true, force: true }))
  afterEach(async () => {
    await standIn?.close()
    standIn = undefined
  })

  async function start(extra: Partial<StandInOptions> = {}): Promise<GitHubStandIn> {
    standIn = await GitHubStandIn.start({
      owner: 'acme',
      repo: 'models',
      commits: [HEAD],
      contents: (ref, file) => {
        if (ref !== baseSha && ref !== 'main') return undefined
        return file === '.github/readiness-policy.yml' ? 'signers:\n  legal: ["@erin"]\n' : null
      },
      reviews: {
        7: [
          ...Array.from({ length: 120 }, (_, index) => review(`reviewer-${index}`, 'COMMENTED', HEAD, index % 60)),
          review('erin', 'APPROVED', HEAD, 59)
        ]
      },
      ...extra
    })
    return standIn
  }

  const client = (server: GitHubStandIn) => createClient({ token: 'test-token', baseUrl: server.url, retryAfterBaseValue: 10 })

  it('pages through every review to find the approvals', async () => {
    const server = await start()
    const approvers = await listApprovers(client(server), { owner: 'acme', repo: 'models', pullNumber: 7, headSha: HEAD, author: 'alice' })
    expect(approvers).toEqual(new Set(['erin']))
    expect(server.calls('pulls/list-reviews').map((call) => call.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' }
    ])
    expect(server.rejections).toEqual([])
  })

  it('reads trusted files through the Contents API at the exact ref, raw, with absent files as null', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    expect(await files.read('.github/readiness-policy.yml')).toBe('signers:\n  legal: ["@erin"]\n')
    expect(await files.read('./.github/readiness-policy.yml')).toBe('signers:\n  legal: ["@erin"]\n') // cached, same file
    expect(await files.read('ai/x/signoff.yml')).toBeNull()
    const calls = server.calls('repos/get-content')
    expect(calls.map((call) => [call.params.path, call.query.ref, call.headers.accept])).toEqual([
      ['.github/readiness-policy.yml', baseSha, 'application/vnd.github.v3.raw'],
      ['ai/x/signoff.yml', baseSha, 'application/vnd.github.v3.raw']
    ])
    expect(server.rejections).toEqual([])
  })

  it('reads through git, without an API call, when the checkout has the trusted commit', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base', checkout })
    expect(await files.read('.github/readiness-policy.yml')).toBe('signers:\n  legal: ["@erin"]\n')
    expect(await files.read('.github')).toBeNull() // a folder is not a file
    expect(await files.read('missing.yml')).toBeNull()
    expect(server.requests).toEqual([])
  })

  it('asks the API for a branch name even when the checkout has a branch of that name', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: 'main', label: 'main', checkout })
    await files.read('.github/readiness-policy.yml')
    expect(server.calls('repos/get-content')).toHaveLength(1)
  })

  it('lists the trusted tree through the API, files only, and refuses a truncated list', async () => {
    const server = await start({ tree: (ref) => (ref === baseSha ? ['.github/readiness-policy.yml', 'ai/x/readiness.yml'] : undefined) })
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    expect(await files.list()).toEqual(['.github/readiness-policy.yml', 'ai/x/readiness.yml'])
    expect(server.calls('git/get-tree').map((call) => call.query)).toEqual([{ recursive: 'true' }])
    await server.close()
    standIn = await start({ tree: () => ['a.yml', 'b/c.yml'], truncateTrees: true })
    const truncated = await trustedFiles({ client: client(standIn), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    await expect(truncated.list()).rejects.toThrow(`GitHub truncated the file list of ${baseSha} (too many files)`)
  })

  it('lists the trusted tree with git when the checkout has the commit', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base', checkout })
    expect(await files.list()).toEqual(['.github/readiness-policy.yml'])
    expect(server.requests).toEqual([])
  })

  it('fails loudly, not with "absent", when GitHub keeps failing', async () => {
    const server = await start()
    server.fault({ operation: 'repos/get-content', ...BAD_GATEWAY, times: Infinity })
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    await expect(files.read('.github/readiness-policy.yml')).rejects.toMatchObject({ status: 502 })
  })
})
