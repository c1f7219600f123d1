// Which commit a run trusts and what the gate is told, against real git checkouts and the local
// GitHub stand-in (every request judged against GitHub's OpenAPI description).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import type { RunContext } from '../../src/github/context.js'
import { resolveTrust, shortRef, trustContext, underRoot, type TrustResolution } from '../../src/github/trust.js'
import type { TrustedFiles } from '../../src/github/trusted.js'
import { GitHubStandIn, type StandInOptions } from '../support/github-server.js'
import { webhookExample } from '../support/action-run.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

const OWNER = 'acme'
const REPO = 'models'
const POLICY = '.github/readiness-policy.yml'

/** A pull request as the REST API shows it (a real webhook example's), open, with these commits. */
function pull(number: number, headSha: string, baseSha: string): Record<string, unknown> {
  const example = webhookExample('pull_request', 'synchronize').pull_request as Record<string, Record<string, unknown>>
  example.number = number as unknown as Record<string, unknown>
  example.state = 'open' as unknown as Record<string, unknown>
  example.head!.sha = headSha
  example.head!.label = 'alice:feature'
  ;(example.head!.repo as Record<string, unknown>).full_name = `${OWNER}/${REPO}`
  example.base!.sha = baseSha
  ;(example.user as Record<string, unknown>).login = 'Alice'
  return example
}

function context(extra: Partial<RunContext>): RunContext {
  return { eventName: 'push', owner: OWNER, repo: REPO, headSha: '1'.repeat(40), onDefaultBranch: false, deletion: false, ...extra }
}

function trusted(resolution: TrustResolution): Extract<TrustResolution, { kind: 'trusted' }> {
  if (resolution.kind !== 'trusted') throw new Error(`expected a trusted ref, got ${JSON.stringify(resolution)}`)
  return resolution
}

describe('resolveTrust and trustContext', () => {
  let checkout: TempRepo
  let base: string
  let head: string
  let standIn: GitHubStandIn | undefined
  beforeAll(async () => {
    checkout = await tempRepo({ [POLICY]: 'signers: {}\n', 'ai/x/readiness.yml': 'system: x\n' }, { git: true })
    base = checkout.git('rev-parse', 'HEAD').trim()
    await checkout.write({ [POLICY]: 'signers: { legal: ["@mallory"] }\n' })
    checkout.git('commit', '-q', '-am', 'the pull request changes the policy')
    head = checkout.git('rev-parse', 'HEAD').trim()
  })
  afterAll(() => checkout.remove())
  afterEach(async () => {
    expect(standIn?.rejections ?? []).toEqual([])
    await standIn?.close()
    standIn = undefined
  })

  async function start(options: Partial<StandInOptions> = {}): Promise<{ server: GitHubStandIn; client: ReturnType<typeof createClient> }> {
    standIn = await GitHubStandIn.start({ owner: OWNER, repo: REPO, commits: [head], ...options })
    return { server: standIn, client: createClient({ token: 'test-token', baseUrl: standIn.url, retryAfterBaseValue: 10 }) }
  }

  it('on a push, trusts the default branch GitHub names, read through the API, with no approvals asked for', async () => {
    const { server, client } = await start({ defaultBranch: 'trunk', contents: (ref, file) => (ref === 'trunk' && file === POLICY ? 'from trunk\n' : null) })
    const run = context({})
    const resolved = trusted(await resolveTrust({ client, context: run, workspace: checkout.root, rootPrefix: '' }))
    expect(resolved.pullRequest).toBeUndefined()
    expect(resolved.files.label).toBe('trunk')
    expect(await resolved.files.read(POLICY)).toBe('from trunk\n')
    const trust = await trustContext(client, run, resolved.files, resolved.pullRequest)
    expect(trust).toMatchObject({ mode: 'branch', approvers: new Set(), trustedRef: 'trunk' })
    expect(trust.author).toBeUndefined()
    expect(server.calls('repos/get')).toHaveLength(1)
    expect(server.calls('pulls/list-reviews')).toEqual([])
  })

  it('on a pull request, trusts its base commit, read from the checkout with git, and counts approvals at the head', async () => {
    const { server, client } = await start({
      reviews: {
        5: [
          { user: { login: 'Erin' }, state: 'APPROVED', commit_id: head, submitted_at: '2026-11-20T10:00:00Z' },
          { user: { login: 'alice' }, state: 'APPROVED', commit_id: head, submitted_at: '2026-11-20T10:01:00Z' }
        ]
      }
    })
    const pullRequest = { number: 5, author: 'alice', headSha: head, baseSha: base, fromFork: false }
    const run = context({ eventName: 'pull_request', headSha: head, pullRequest, trustedRef: base })
    const resolved = trusted(await resolveTrust({ client, context: run, workspace: checkout.root, rootPrefix: '' }))
    expect(resolved.files.label).toBe(`base ${base.slice(0, 7)}`)
    // The base's policy, not the pull request's.
    expect(await resolved.files.read(POLICY)).toBe('signers: {}\n')
    expect(server.calls('repos/get-content')).toEqual([])
    const trust = await trustContext(client, run, resolved.files, resolved.pullRequest)
    expect(trust).toMatchObject({ mode: 'pull_request', approvers: new Set(['erin']), author: 'alice', trustedRef: `base ${base.slice(0, 7)}` })
    expect(await trust.listTrusted!()).toEqual([POLICY, 'ai/x/readiness.yml'])
  })

  it('on workflow_run, finds the pull request through the API and trusts its base', async () => {
    const { server, client } = await start({ pulls: [pull(8, head, base)] })
    const run = context({
      eventName: 'workflow_run',
      headSha: head,
      workflowRun: { event: 'pull_request', headSha: head, headBranch: 'feature', headOwner: 'alice', fromFork: false, pullRequests: [8] }
    })
    const resolved = trusted(await resolveTrust({ client, context: run, workspace: checkout.root, rootPrefix: '' }))
    expect(resolved.pullRequest).toEqual({ number: 8, author: 'alice', headSha: head, baseSha: base, fromFork: false })
    expect(resolved.files.label).toBe(`base ${base.slice(0, 7)}`)
    expect(server.calls('pulls/get')).toHaveLength(1)
    expect(server.calls('repos/get')).toEqual([])
  })

  it('skips a workflow_run whose pull request has moved on to another head', async () => {
    const { client } = await start({ pulls: [pull(8, '9'.repeat(40), base)] })
    const run = context({
      eventName: 'workflow_run',
      headSha: head,
      workflowRun: { event: 'pull_request', headSha: head, headBranch: 'feature', headOwner: 'alice', fromFork: false, pullRequests: [8] }
    })
    expect(await resolveTrust({ client, context: run, workspace: checkout.root, rootPrefix: '' })).toEqual({
      kind: 'skipped',
      why: `no open pull request has head commit ${head} any more (updated or closed); its newer run publishes the verdict.`
    })
  })

  it('refuses to judge a checkout that is not the pull request head on workflow_run and pull_request_target', async () => {
    const { client } = await start({ pulls: [pull(8, base, base)] })
    const run = context({
      eventName: 'workflow_run',
      headSha: base,
      workflowRun: { event: 'pull_request', headSha: base, headBranch: 'feature', headOwner: 'alice', fromFork: false, pullRequests: [8] }
    })
    // The checkout is at `head`, a child of `base`: base is among its parents, which is accepted (a merge
    // commit checked out); anything else is the wrong commit.
    expect((await resolveTrust({ client, context: run, workspace: checkout.root, rootPrefix: '' })).kind).toBe('trusted')
    const elsewhere = context({
      eventName: 'pull_request_target',
      headSha: '7'.repeat(40),
      pullRequest: { number: 8, author: 'alice', headSha: '7'.repeat(40), baseSha: base, fromFork: true },
      trustedRef: base
    })
    const wrong = await resolveTrust({ client, context: elsewhere, workspace: checkout.root, rootPrefix: '' })
    expect(wrong).toMatchObject({
      kind: 'wrong-checkout',
      message: `The checkout is at ${head}, not the pull request head ${'7'.repeat(40)}, so the gate would judge the wrong files.`
    })
    expect(wrong.kind === 'wrong-checkout' && wrong.hint).toContain('${{ github.event.pull_request.head.sha }}')
    const notGit = await tempRepo({})
    try {
      const none = await resolveTrust({ client, context: elsewhere, workspace: notGit.root, rootPrefix: '' })
      expect(none).toMatchObject({ kind: 'wrong-checkout', message: expect.stringContaining('The checkout is not a git checkout') })
    } finally {
      await notGit.remove()
    }
  })
})

describe('underRoot', () => {
  const files: TrustedFiles = {
    ref: 'main',
    label: 'main',
    read: (repoPath) => Promise.resolve(repoPath === 'services/ai/x/readiness.yml' ? 'system: x\n' : null),
    readBytes: (repoPath) => Promise.resolve(repoPath === 'services/ai/x/model.bin' ? Buffer.from([1, 2]) : null),
    list: () => Promise.resolve(['README.md', 'services/ai/x/readiness.yml', 'services-old/y.yml', 'services/ai/x/model.bin'])
  }

  it('reads and lists relative to the gate root, leaving out files beside it', async () => {
    const rooted = underRoot(files, 'services')
    expect(await rooted.read('ai/x/readiness.yml')).toBe('system: x\n')
    expect(await rooted.readBytes('ai/x/model.bin')).toEqual(Buffer.from([1, 2]))
    expect(await rooted.list()).toEqual(['ai/x/readiness.yml', 'ai/x/model.bin'])
  })

  it('at the repository root, is the files as they are', async () => {
    const rooted = underRoot(files, '')
    expect(await rooted.read('services/ai/x/readiness.yml')).toBe('system: x\n')
    expect(await rooted.list()).toEqual(await files.list())
  })
})

describe('shortRef', () => {
  it('shortens a full SHA to seven characters and leaves a branch name whole', () => {
    expect(shortRef('abcdef0123456789abcdef0123456789abcdef01')).toBe('abcdef0')
    expect(shortRef('main')).toBe('main')
    expect(shortRef('abcdef0')).toBe('abcdef0')
  })
})
