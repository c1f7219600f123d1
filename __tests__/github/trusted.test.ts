import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import { approversFromReviews, isStatus, listApprovers, trustedFiles, type Review } from '../../src/github/trusted.js'
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

  it('counts no review that was never submitted, even one whose state says APPROVED', () => {
    expect(approversFromReviews([{ user: { login: 'erin' }, state: 'APPROVED', commit_id: HEAD, submitted_at: null }], HEAD, 'alice')).toEqual(new Set())
  })

  it('skips a review whose user has no login', () => {
    expect(
      approversFromReviews(
        [{ user: {}, state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-11-20T10:00:00Z' }, review('erin', 'APPROVED', HEAD, 1)],
        HEAD,
        'alice'
      )
    ).toEqual(new Set(['erin']))
  })

  it('orders by submission time, whatever order the list comes in', () => {
    const reviews = [review('erin', 'CHANGES_REQUESTED', HEAD, 9), review('erin', 'APPROVED', HEAD, 1)]
    expect(approversFromReviews(reviews, HEAD, 'alice')).toEqual(new Set())
  })
})

describe('isStatus', () => {
  it('is true only for an error object carrying that status number', () => {
    expect(isStatus({ status: 404 }, 404)).toBe(true)
    expect(isStatus({ status: 404 }, 403)).toBe(false)
    expect(isStatus({ status: '404' }, 404)).toBe(false)
    expect(isStatus(null, 404)).toBe(false)
    expect(isStatus(undefined, 404)).toBe(false)
    expect(isStatus('404', 404)).toBe(false)
  })
})

/** A tree over Node's 1 MB default output buffer, and a file over it: monorepos and large trusted files exist. */
const MANY_FILES = 30_000
const LARGE_FILE = 'x'.repeat(1536 * 1024)

describe('GitHub reads', () => {
  let standIn: GitHubStandIn | undefined
  let checkout: string
  let baseSha: string
  let largeSha: string
  beforeAll(() => {
    checkout = mkdtempSync(path.join(os.tmpdir(), 'rg-trusted-'))
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: checkout,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' }
      }).trim()
    git('init', '-q')
    mkdirSync(path.join(checkout, '.github'))
    writeFileSync(path.join(checkout, '.github/readiness-policy.yml'), '\uFEFFsigners:\n  legal: ["@erin"]\n')
    // A byte-order mark inside a file is content, not an encoding mark.
    writeFileSync(path.join(checkout, 'inner-bom.txt'), 'a\uFEFFb\n')
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    baseSha = git('rev-parse', 'HEAD')
    // Branches in the checkout that name no trusted commit, or only look like one: a branch may be stale or forged.
    git('branch', '-f', 'main')
    git('branch', '-f', `${baseSha}-forged`)
    git('branch', '-f', `forged-${baseSha}`)
    // A commit whose listing and one file are each larger than Node's default 1 MB buffer, built without a working tree.
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: checkout, input: LARGE_FILE, encoding: 'utf8' }).trim()
    const entries = Array.from(
      { length: MANY_FILES },
      (_, index) => `100644 blob ${blob}\tfile-with-a-long-name-as-in-a-monorepo-${String(index).padStart(6, '0')}.yml`
    )
    const tree = execFileSync('git', ['mktree'], { cwd: checkout, input: `${entries.join('\n')}\n100644 blob ${blob}\tlarge.txt\n`, encoding: 'utf8' }).trim()
    largeSha = git('commit-tree', tree, '-m', 'large')
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
        if (file === 'bom.txt') return '\uFEFFa\uFEFFb\n'
        if (file === 'large.txt') return LARGE_FILE
        return file === '.github/readiness-policy.yml' ? 'signers:\n  legal: ["@erin"]\n' : null
      },
      reviews: {
        7: [...Array.from({ length: 120 }, (_, index) => review(`reviewer-${index}`, 'COMMENTED', HEAD, index % 60)), review('erin', 'APPROVED', HEAD, 59)]
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
    expect(server.calls('pulls/list-reviews').map((call) => call.query)).toEqual([{ per_page: '100' }, { per_page: '100', page: '2' }])
    expect(server.rejections).toEqual([])
  })

  it('reads trusted files through the Contents API at the exact ref, raw, with absent files as null', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    expect(await files.read('.github/readiness-policy.yml')).toBe('signers:\n  legal: ["@erin"]\n')
    // The same file however the path starts: cached, one request.
    for (const spelling of ['./.github/readiness-policy.yml', '/.github/readiness-policy.yml', './/.github/readiness-policy.yml']) {
      expect(await files.read(spelling)).toBe('signers:\n  legal: ["@erin"]\n')
    }
    expect(await files.read('ai/x/signoff.yml')).toBeNull()
    // A leading byte-order mark is dropped, as the working tree's reads drop it; one inside stays.
    expect(await files.read('bom.txt')).toBe('a\uFEFFb\n')
    const calls = server.calls('repos/get-content')
    expect(calls.map((call) => [call.params.path, call.query.ref, call.headers.accept])).toEqual([
      ['.github/readiness-policy.yml', baseSha, 'application/vnd.github.v3.raw'],
      ['ai/x/signoff.yml', baseSha, 'application/vnd.github.v3.raw'],
      ['bom.txt', baseSha, 'application/vnd.github.v3.raw']
    ])
    expect(server.rejections).toEqual([])
  })

  it('reads a trusted file’s exact bytes through the Contents API (base64, a leading byte-order mark kept), raw above 1 MB, absent as null', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    expect(await files.readBytes('bom.txt')).toEqual(Buffer.from('\uFEFFa\uFEFFb\n', 'utf8'))
    expect(await files.readBytes('./.github/readiness-policy.yml')).toEqual(Buffer.from('signers:\n  legal: ["@erin"]\n', 'utf8'))
    expect(await files.readBytes('ai/x/signoff.yml')).toBeNull()
    // Over 1 MB the object media type leaves content empty (encoding "none"): read raw instead, not taken as an empty file.
    expect((await files.readBytes('large.txt'))?.toString('utf8')).toBe(LARGE_FILE)
    const calls = server.calls('repos/get-content')
    expect(calls.map((call) => [call.params.path, call.query.ref, call.headers.accept])).toEqual([
      ['bom.txt', baseSha, 'application/vnd.github.v3+json'],
      ['.github/readiness-policy.yml', baseSha, 'application/vnd.github.v3+json'],
      ['ai/x/signoff.yml', baseSha, 'application/vnd.github.v3+json'],
      ['large.txt', baseSha, 'application/vnd.github.v3+json'],
      ['large.txt', baseSha, 'application/vnd.github.v3.raw']
    ])
    expect(server.rejections).toEqual([])
  })

  it('fails loudly reading bytes, not with "absent", when GitHub keeps failing', async () => {
    const server = await start()
    server.fault({ operation: 'repos/get-content', ...BAD_GATEWAY, times: Infinity })
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    await expect(files.readBytes('bom.txt')).rejects.toMatchObject({ status: 502 })
  })

  it('reads through git, without an API call, when the checkout has the trusted commit', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base', checkout })
    expect(await files.read('.github/readiness-policy.yml')).toBe('signers:\n  legal: ["@erin"]\n')
    expect(await files.read('.github')).toBeNull() // a folder is not a file
    expect(await files.read('missing.yml')).toBeNull()
    expect(await files.read('inner-bom.txt')).toBe('a\uFEFFb\n')
    expect(server.requests).toEqual([])
  })

  it('reads a trusted file and lists a tree larger than 1 MB through git', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: largeSha, label: 'base', checkout })
    expect(await files.read('large.txt')).toBe(LARGE_FILE)
    const listed = await files.list()
    expect(listed).toHaveLength(MANY_FILES + 1)
    expect(listed.at(-1)).toBe('large.txt')
    expect(server.requests).toEqual([])
  })

  it('asks the API for a commit the checkout does not have', async () => {
    const server = await start()
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: OLD, label: 'base', checkout })
    expect(await files.read('.github/readiness-policy.yml')).toBeNull()
    expect(server.calls('repos/get-content').map((call) => call.query.ref)).toEqual([OLD])
  })

  it.each(['main', 'forged-{sha}', '{sha}-forged'])('asks the API for the branch name %s even when the checkout has a branch of that name', async (name) => {
    const server = await start()
    const ref = name.replace('{sha}', baseSha)
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref, label: ref, checkout })
    await files.read('.github/readiness-policy.yml')
    expect(server.calls('repos/get-content').map((call) => call.query.ref)).toEqual([ref])
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
    expect(await files.list()).toEqual(['.github/readiness-policy.yml', 'inner-bom.txt'])
    expect(server.requests).toEqual([])
  })

  it('fails loudly, not with "absent", when GitHub keeps failing', async () => {
    const server = await start()
    server.fault({ operation: 'repos/get-content', ...BAD_GATEWAY, times: Infinity })
    const files = await trustedFiles({ client: client(server), owner: 'acme', repo: 'models', ref: baseSha, label: 'base' })
    await expect(files.read('.github/readiness-policy.yml')).rejects.toMatchObject({ status: 502 })
  })
})
