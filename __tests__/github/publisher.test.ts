import { afterEach, describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import { ANNOTATIONS_PER_REQUEST, batches, explainNoCheckRun, publishCheckRun } from '../../src/github/publisher.js'
import { toAnnotations } from '../../src/render/annotations.js'
import type { Report } from '../../src/report/types.js'
import { readVerdictBlock } from '../../src/render/verdict-block.js'
import { BAD_GATEWAY, FORK_FORBIDDEN, GitHubStandIn, secondaryRateLimit } from '../support/github-server.js'
import { manyFindingsReport, sampleReport } from '../support/report-fixtures.js'

const HEAD = 'a'.repeat(40)
const MERGE = 'b'.repeat(40)

let standIn: GitHubStandIn | undefined
afterEach(async () => {
  await standIn?.close()
  standIn = undefined
})

async function start(): Promise<GitHubStandIn> {
  standIn = await GitHubStandIn.start({ owner: 'acme', repo: 'models', commits: [HEAD, MERGE], repoLines: () => 40 })
  return standIn
}

function client(server: GitHubStandIn, requestTimeoutMs = 5_000, log?: (message: string) => void) {
  // Retry waits scaled down 20×: the retry logic is the same, the test is faster.
  return createClient({ token: 'test-token', baseUrl: server.url, requestTimeoutMs, retryAfterBaseValue: 50, log })
}

async function publish(server: GitHubStandIn, report: Report, requestTimeoutMs?: number, log?: (message: string) => void) {
  const plan = toAnnotations(report, { isRepoLine: () => true, rootPrefix: '' })
  return publishCheckRun(client(server, requestTimeoutMs, log), {
    owner: 'acme',
    repo: 'models',
    headSha: HEAD,
    name: 'readiness-gate',
    report,
    annotations: plan.annotations,
    unannotated: plan.skipped,
    detailsUrl: 'https://github.com/acme/models/actions/runs/7'
  })
}

describe('publishCheckRun', () => {
  it('creates the check run on the head SHA completed, with its verdict, output and annotations, in one request', async () => {
    const server = await start()
    const result = await publish(server, sampleReport())
    expect(server.rejections).toEqual([])
    expect(result).toMatchObject({ published: true, checkRunId: 4001, annotationsSent: 6 })
    const [create, ...rest] = server.requests
    expect(rest).toEqual([])
    expect(create!.operationId).toBe('checks/create')
    expect(create!.body).toMatchObject({ name: 'readiness-gate', head_sha: HEAD, status: 'completed', conclusion: 'failure' })
    expect((create!.body as { started_at: string }).started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect((create!.body as { completed_at: string }).completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const run = server.checkRuns[0]!
    expect(run).toMatchObject({ head_sha: HEAD, status: 'completed', conclusion: 'failure' })
    expect(run.output.title).toBe('2 of 3 systems ready — invoice-extractor: lacks 5 of 8 production requirements')
    expect(run.output.summary).toContain('- **Load tested at production volume** `load.production-volume`\\\n  p95 1240 ms &gt; SLO 800 ms at 40 rps\\\n')
    // 5 failures, the unverified sign-off among them, then the waiver as a notice.
    expect(run.annotations.map((annotation) => annotation.annotation_level)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'notice'])
    expect(run.annotations[0]).toEqual({
      path: 'ai/invoice-extractor/perf/k6-summary.json',
      start_line: 12,
      end_line: 12,
      annotation_level: 'failure',
      title: 'invoice-extractor: load.production-volume',
      message: 'p95 1240 ms > SLO 800 ms at 40 rps\nHow to fix: Re-run the load test at peak volume and fix latency until p95 ≤ 800 ms.'
    })
  })

  it('concludes success for a passing report', async () => {
    const server = await start()
    const passing = sampleReport()
    passing.systems = passing.systems.slice(1)
    passing.passed = true
    const result = await publish(server, passing)
    expect(result.published).toBe(true)
    expect(server.checkRuns[0]).toMatchObject({ conclusion: 'success' })
    expect(server.checkRuns[0]!.output.title).toBe('2 of 2 systems ready')
  })

  it('sends 120 annotations in batches of 50 (with the create), 50 and 20 (with the completion) and keeps them all', async () => {
    const server = await start()
    const result = await publish(server, manyFindingsReport(120))
    expect(server.rejections).toEqual([])
    expect(result).toMatchObject({ published: true, annotationsSent: 120 })
    const run = server.checkRuns[0]!
    expect(run.batches).toEqual([50, 50, 20])
    expect(run.annotations).toHaveLength(120)
    expect(run.annotations[119]).toMatchObject({ title: 'big-system: evidence.check-119', start_line: 40 })
    expect((server.calls('checks/create')[0]!.body as { status?: string }).status).toBe('in_progress')
    expect(server.calls('checks/update').map((call) => (call.body as { status?: string }).status)).toEqual([undefined, 'completed'])
  }, 20_000)

  it('creates the check run without its annotations when GitHub refuses them, with a note', async () => {
    const server = await start()
    server.fault({ operation: 'checks/create', status: 422, body: { message: 'Validation Failed' } })
    const result = await publish(server, sampleReport())
    expect(result).toMatchObject({ published: true, annotationsSent: 0, problems: ['annotations 1–6 were not accepted: 422 Validation Failed'] })
    expect(server.calls('checks/create').map((call) => call.status)).toEqual([422, 201])
    const run = server.checkRuns[0]!
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(run.annotations).toEqual([])
    const [note, block] = run.output.text!.split('\n\n')
    expect(note).toBe('6 annotations were not accepted by GitHub; the summary and the job summary list every finding.')
    expect(readVerdictBlock(block)).toMatchObject({ ok: true, digest: { passed: false, totals: { systems: 3, ready: 2 } } })
  })

  it('reports a fork-style 403 on create as unpublished, with a reason that says why', async () => {
    const server = await start()
    server.fault({ operation: 'checks/create', ...FORK_FORBIDDEN })
    const result = await publish(server, sampleReport())
    expect(result).toEqual({
      published: false,
      reason: 'the check run could not be created: 403 Resource not accessible by integration',
      problems: []
    })
    // A 403 is not retried: one request, then the fallback.
    expect(server.requests).toHaveLength(1)
    expect(explainNoCheckRun(result.published ? '' : result.reason)).toContain('on a pull request from a fork GITHUB_TOKEN is read-only')
  })

  it('retries 502s and then publishes', async () => {
    const server = await start()
    server.fault({ operation: 'checks/create', ...BAD_GATEWAY, times: 2 })
    const result = await publish(server, sampleReport())
    expect(result.published).toBe(true)
    expect(server.calls('checks/create').map((call) => call.status)).toEqual([502, 502, 201])
  })

  it('gives up after the retries are spent and says so', async () => {
    const server = await start()
    server.fault({ operation: 'checks/create', ...BAD_GATEWAY, times: Infinity })
    const result = await publish(server, sampleReport())
    expect(result).toMatchObject({ published: false, reason: 'the check run could not be created: 502 Server Error' })
    expect(server.calls('checks/create')).toHaveLength(4) // one attempt and three retries
  }, 20_000)

  it('waits what retry-after says on a secondary rate limit, then retries', async () => {
    const server = await start()
    server.fault({ operation: 'checks/create', ...secondaryRateLimit(4) })
    const started = Date.now()
    const result = await publish(server, sampleReport())
    const [limited, retried] = server.calls('checks/create')
    expect(result.published).toBe(true)
    expect(limited!.status).toBe(403)
    expect(retried!.status).toBe(201)
    // 4 s of advice at 50 ms per second: at least 200 ms between the two attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200)
  })

  it('does not wait an hour for an exhausted rate limit: it gives up and falls back', async () => {
    const server = await start()
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    server.fault({
      operation: 'checks/create',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
      body: { message: 'API rate limit exceeded for installation ID 1.' }
    })
    const said: string[] = []
    const result = await publish(server, sampleReport(), undefined, (message) => said.push(message))
    expect(result).toMatchObject({ published: false, reason: 'the check run could not be created: 403 API rate limit exceeded for installation ID 1.' })
    expect(server.calls('checks/create')).toHaveLength(1)
    // The client decided not to wait for the reset (an hour away), rather than waiting and then failing.
    expect(said).toEqual([
      expect.stringMatching(/^GitHub rate limit on POST \/repos\/{owner}\/{repo}\/check-runs: giving up \(retry-after 3\d{3} s, attempt 1\)\.$/)
    ])
  })

  it('retries an attempt that times out', async () => {
    const server = await start()
    server.fault({ operation: 'checks/create', delayMs: 1_500 })
    const result = await publish(server, sampleReport(), 300)
    expect(result.published).toBe(true)
    expect(server.calls('checks/create')).toHaveLength(2)
    expect(server.checkRuns).toHaveLength(1) // the slow attempt was abandoned before it created anything
  })

  it('still completes the check run when the second annotation batch is refused', async () => {
    const server = await start()
    server.fault({ operation: 'checks/update', ...FORK_FORBIDDEN })
    const result = await publish(server, manyFindingsReport(120))
    expect(server.rejections).toEqual([])
    expect(result).toMatchObject({
      published: true,
      annotationsSent: 50,
      problems: ['annotations 51–100 were not accepted: 403 Resource not accessible by integration']
    })
    const run = server.checkRuns[0]!
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(run.annotations).toHaveLength(50)
    const [note, block] = run.output.text!.split('\n\n')
    expect(note).toBe('70 annotations were not accepted by GitHub; the summary and the job summary list every finding.')
    // The machine-readable verdict follows the note, for the fleet view.
    expect(readVerdictBlock(block)).toMatchObject({ ok: true, digest: { passed: false, totals: { systems: 1, ready: 0 } } })
  }, 20_000)

  it('reports the check run it could not complete', async () => {
    const server = await start()
    server.fault({ operation: 'checks/update', ...FORK_FORBIDDEN, times: Infinity })
    const result = await publish(server, manyFindingsReport(60))
    expect(result).toMatchObject({
      published: false,
      checkRunId: 4001,
      reason: 'check run 4001 was created but could not be completed: 403 Resource not accessible by integration'
    })
    // The final update is tried with its annotations, then once more without them.
    expect(server.calls('checks/update')).toHaveLength(2)
    expect(server.checkRuns[0]!.status).toBe('in_progress')
  })
})

describe('batches', () => {
  it('splits into requests of at most 50, in order', () => {
    const items = Array.from({ length: 1001 }, (_, index) => index)
    const groups = batches(items)
    expect(groups.map((group) => group.length)).toEqual([...Array<number>(20).fill(ANNOTATIONS_PER_REQUEST), 1])
    expect(groups.flat()).toEqual(items)
    expect(batches([])).toEqual([])
  })
})
