import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import { ContextError, findPullRequestForRun, readRunContext } from '../../src/github/context.js'
import { GitHubStandIn } from '../support/github-server.js'
import { webhookExample } from '../support/action-run.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'rg-context-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let counter = 0
function env(eventName: string, payload: unknown, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const eventPath = path.join(dir, `event-${counter++}.json`)
  writeFileSync(eventPath, typeof payload === 'string' ? payload : JSON.stringify(payload))
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '42',
    ...extra
  }
}

describe('readRunContext', () => {
  it('on a pull request, takes the head SHA from the payload, never GITHUB_SHA (the merge commit)', () => {
    const payload = webhookExample('pull_request', 'synchronize')
    const context = readRunContext(env('pull_request', payload))
    expect(context).toEqual({
      eventName: 'pull_request',
      owner: 'Codertocat',
      repo: 'Hello-World',
      detailsUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/42',
      deletion: false,
      headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      pullRequest: {
        number: 2,
        author: 'codertocat',
        headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        baseSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        fromFork: false
      },
      trustedRef: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      onDefaultBranch: false
    })
  })

  it('recognizes a pull request from a fork, and reads pull_request_target and reviews the same way', () => {
    const payload = webhookExample('pull_request', 'synchronize')
    const head = (payload.pull_request as { head: { repo: { full_name: string } } }).head
    head.repo.full_name = 'forker/Hello-World'
    expect(readRunContext(env('pull_request_target', payload)).pullRequest?.fromFork).toBe(true)
    expect(readRunContext(env('pull_request_review', payload)).headSha).toBe('ec26c3e57ca3a959ca5aad62de7213c562f8c821')
  })

  it('on a push to the default branch, checks and trusts the pushed commit', () => {
    const payload = webhookExample('push', undefined, 4)
    const context = readRunContext(env('push', payload))
    expect(context).toMatchObject({
      headSha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      trustedRef: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      onDefaultBranch: true,
      deletion: false
    })
  })

  it('on a push elsewhere, trusts the default branch; a deleting push has nothing to evaluate', () => {
    const payload = { ...webhookExample('push', undefined, 4), ref: 'refs/heads/feature' }
    expect(readRunContext(env('push', payload))).toMatchObject({ trustedRef: 'master', onDefaultBranch: false })
    expect(readRunContext(env('push', webhookExample('push', undefined, 1))).deletion).toBe(true)
  })

  it('on a merge group, checks the group head and trusts its base', () => {
    const context = readRunContext(env('merge_group', webhookExample('merge_group')))
    expect(context).toMatchObject({ headSha: '2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d', trustedRef: '380387fbc80638b734a49e1be1c4dfec1c01b33c' })
  })

  it('on schedule and dispatch, checks GITHUB_SHA; off the default branch it trusts the default branch', () => {
    expect(readRunContext(env('schedule', { schedule: '0 6 * * *' }))).toMatchObject({
      headSha: 'f'.repeat(40),
      trustedRef: 'f'.repeat(40),
      onDefaultBranch: true
    })
    const dispatch = webhookExample('workflow_dispatch')
    expect(readRunContext(env('workflow_dispatch', dispatch, { GITHUB_REF: 'refs/heads/main' }))).toMatchObject({ trustedRef: 'f'.repeat(40) })
    expect(readRunContext(env('workflow_dispatch', dispatch, { GITHUB_REF: 'refs/heads/experiment' }))).toMatchObject({
      trustedRef: 'main',
      onDefaultBranch: false
    })
  })

  it('on workflow_run, keeps what is needed to find the pull request', () => {
    const payload = webhookExample('workflow_run', 'completed')
    const run = payload.workflow_run as Record<string, unknown>
    run.event = 'pull_request'
    ;(run.head_repository as Record<string, unknown>).full_name = 'forker/Hello-World'
    ;((run.head_repository as Record<string, unknown>).owner as Record<string, unknown>).login = 'forker'
    const context = readRunContext(env('workflow_run', payload))
    expect(context.workflowRun).toEqual({
      event: 'pull_request',
      headSha: '5779607b49aab1200488439f02372c57b4f75444',
      headBranch: 'main',
      headOwner: 'forker',
      fromFork: true,
      pullRequests: []
    })
    expect(context.trustedRef).toBeUndefined()
  })

  it('says plainly what is wrong with the environment or the payload', () => {
    expect(() => readRunContext({})).toThrow(new ContextError('GITHUB_EVENT_NAME is not set: this action runs inside a GitHub Actions workflow.'))
    expect(() => readRunContext(env('pull_request', '{not json'))).toThrow(/is not valid JSON/)
    expect(() => readRunContext(env('pull_request', { action: 'opened' }))).toThrow('The pull_request event payload has no pull_request.')
    expect(() => readRunContext({ ...env('push', { after: 'a' }), GITHUB_REPOSITORY: 'nope' })).toThrow('GITHUB_REPOSITORY is not set to owner/name.')
    expect(() => readRunContext({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: path.join(dir, 'missing.json') })).toThrow(/cannot be read/)
  })
})

describe('findPullRequestForRun', () => {
  let standIn: GitHubStandIn | undefined
  afterEach(async () => {
    await standIn?.close()
    standIn = undefined
  })

  function forkPull(number: number, headSha: string) {
    const pull = structuredClone(webhookExample('pull_request', 'synchronize').pull_request) as Record<string, Record<string, unknown>>
    pull.number = number as unknown as Record<string, unknown>
    pull.state = 'open' as unknown as Record<string, unknown>
    pull.head!.sha = headSha
    pull.head!.label = 'forker:main'
    ;(pull.head!.repo as Record<string, unknown>).full_name = 'forker/Hello-World'
    return pull as unknown as Record<string, unknown>
  }

  const run = (headSha: string, pullRequests: number[] = []) => ({
    event: 'pull_request',
    headSha,
    headBranch: 'main',
    headOwner: 'forker',
    fromFork: true,
    pullRequests
  })

  it('finds a fork PR by its head label and checks the head SHA matches', async () => {
    standIn = await GitHubStandIn.start({ owner: 'Codertocat', repo: 'Hello-World', commits: [], pulls: [forkPull(7, 'a'.repeat(40))] })
    const client = createClient({ token: 'test-token', baseUrl: standIn.url })
    const found = await findPullRequestForRun(client, 'Codertocat', 'Hello-World', run('a'.repeat(40)))
    expect(found).toEqual({ number: 7, author: 'codertocat', headSha: 'a'.repeat(40), baseSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', fromFork: true })
    expect(standIn.calls('pulls/list')[0]!.query).toEqual({ state: 'open', head: 'forker:main', per_page: '100' })
    expect(standIn.rejections).toEqual([])
  })

  it('finds nothing when the PR has moved on to another head, even after scanning open PRs', async () => {
    standIn = await GitHubStandIn.start({ owner: 'Codertocat', repo: 'Hello-World', commits: [], pulls: [forkPull(7, 'b'.repeat(40))] })
    const client = createClient({ token: 'test-token', baseUrl: standIn.url })
    expect(await findPullRequestForRun(client, 'Codertocat', 'Hello-World', run('a'.repeat(40)))).toBeUndefined()
    expect(standIn.calls('pulls/list')).toHaveLength(2)
  })

  it('uses the numbers GitHub lists for same-repository PRs', async () => {
    standIn = await GitHubStandIn.start({ owner: 'Codertocat', repo: 'Hello-World', commits: [], pulls: [forkPull(9, 'c'.repeat(40))] })
    const client = createClient({ token: 'test-token', baseUrl: standIn.url })
    expect((await findPullRequestForRun(client, 'Codertocat', 'Hello-World', run('c'.repeat(40), [9])))?.number).toBe(9)
    expect(standIn.calls('pulls/get')).toHaveLength(1)
    expect(standIn.calls('pulls/list')).toEqual([])
  })
})
