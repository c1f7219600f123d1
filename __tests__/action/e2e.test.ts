// End to end: the bundled action (dist/index.js) run as the runner runs it, against the local GitHub
// stand-in, on real webhook payloads whose SHAs point at commits of a real git repository.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { BUNDLE, OriginRepo, lineCounter, node24Missing, nodeBinaries, runAction, webhookExample, type ActionRun } from '../support/action-run.js'
import { systemChange } from '../support/report-fixtures.js'
import { schemaValidator } from '../support/schemas.js'
import { BAD_GATEWAY, FORK_FORBIDDEN, GitHubStandIn, secondaryRateLimit, type Fault } from '../support/github-server.js'
import { HttpProxy } from '../support/http-proxy.js'
import { runCli } from '../../src/cli/main.js'
import type { Report } from '../../src/report/types.js'
import { describeSkipped } from '../support/skip.js'
import { readVerdictBlock } from '../../src/render/verdict-block.js'

const validateReport = schemaValidator('report.schema.json')

// The webhook examples' repository; the check must go to the PR head, never to this merge SHA.
const OWNER = 'Codertocat'
const REPO = 'Hello-World'
const MERGE_SHA = 'e'.repeat(40)
const PR_NUMBER = 2
const MANIFEST = 'ai/invoice-extractor/readiness.yml'
const POLICY_PATH = '.github/readiness-policy.yml'

/** A date relative to today (UTC), so the fixtures stay fresh whenever the tests run. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

const POLICY = `# Requirements kept few, so each scenario fails for exactly the reason it is about.
stages:
  pilot: [owner.model-operations, owner.executive-sponsor]
  staging: []
  production: [rollback.tested, signoff.legal]
signers:
  legal: ["@erin"]
waivers:
  approvers: ["@frank"]
  max-days: 90
`

function manifest(options: { testedOn: string; signoff: boolean; waiver?: string }): string {
  return `system: invoice-extractor
stage: production
model:
  version: 2.3.0
owners:
  model-operations: "@alice"
  executive-sponsor: "@carol"
evidence:
  rollback:
    plan: runbooks/rollback.md
    tested-on: ${options.testedOn}
${options.signoff ? '  legal-signoff:\n    file: compliance/legal.yml\n' : ''}${options.waiver ?? ''}`
}

const LEGAL_SIGNOFF = `role: legal
system: invoice-extractor
model-version: 2.3.0
signed-by: "@erin"
date: ${day(-3)}
scope: liability for extracted invoice fields
`

const PILOT_SYSTEM = `system: doc-classifier
stage: pilot
owners:
  model-operations: "@dan"
  executive-sponsor: "@carol"
`

const BASE_FILES = {
  [POLICY_PATH]: POLICY,
  'ai/invoice-extractor/runbooks/rollback.md':
    '# Rollback\n\n1. Route traffic to the previous model version.\n2. Confirm every pod reports the previous version.\n3. Tell support the rollback is done.\n',
  'ai/doc-classifier/readiness.yml': PILOT_SYSTEM
}

function sourcesManifest(count: number): string {
  const sources = Array.from({ length: count }, (_, index) => `    - name: feed-${index}\n      on-failure: skip the batch`).join('\n')
  return `system: etl-enricher\nstage: pilot\ndata:\n  sources:\n${sources}\n`
}

const SOURCES_POLICY = 'stages:\n  pilot: [data.sources-mapped]\n  staging: []\n  production: []\n'

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`"${needle}" not in the text`)
  return index + 1
}

interface Review {
  login: string
  state: string
  commit: 'head' | 'base'
}

interface Scenario {
  event?: 'pull_request' | 'push' | 'workflow_run'
  base: Record<string, string | null>
  head: Record<string, string | null>
  reviews?: Review[]
  fork?: boolean
  faults?: Fault[]
  inputs?: Record<string, string>
  /** The branch the workspace checks out (default: the pull request's, or main on push). */
  checkout?: string
  /** The runner is behind an HTTP proxy (HTTP_PROXY), and GitHub's API has a name only the proxy can reach. */
  proxy?: boolean
}

interface Outcome {
  origin: OriginRepo
  run: ActionRun
  standIn: GitHubStandIn
  proxy?: HttpProxy
  baseSha: string
  headSha: string
  workspace: string
  report: Report
}

// Every stand-in and scratch folder a test made: a test may play more than one run, and a stand-in left
// listening keeps jest from exiting.
const standIns: Array<GitHubStandIn | HttpProxy> = []
const scratches: string[] = []

afterEach(async () => {
  await Promise.all(standIns.splice(0).map((server) => server.close()))
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function play(node: string, scenario: Scenario): Promise<Outcome> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'rg-e2e-'))
  scratches.push(scratch)
  const origin = new OriginRepo(scratch)
  const baseSha = origin.commit(scenario.base, 'base')
  const event = scenario.event ?? 'pull_request'
  if (event !== 'push') origin.branch('feature')
  const headSha = origin.commit(scenario.head, 'head')
  const workspace = origin.checkout(scenario.checkout ?? (event === 'push' ? 'main' : 'feature'))
  const headRepo = scenario.fork ? 'forker/Hello-World' : `${OWNER}/${REPO}`

  const pullRequest = webhookExample('pull_request', 'synchronize')
  const pr = pullRequest.pull_request as Record<string, Record<string, unknown>>
  pr.head!.sha = headSha
  pr.head!.label = `${headRepo.split('/')[0]}:feature`
  ;(pr.head!.repo as Record<string, unknown>).full_name = headRepo
  pr.base!.sha = baseSha

  const reviews = (scenario.reviews ?? []).map((review, index) => ({
    id: 100 + index,
    user: { login: review.login },
    state: review.state,
    commit_id: review.commit === 'head' ? headSha : baseSha,
    submitted_at: new Date(Date.now() - (10 - index) * 60_000).toISOString().replace(/\.\d+Z$/, 'Z')
  }))
  const standIn = await GitHubStandIn.start({
    owner: OWNER,
    repo: REPO,
    defaultBranch: 'master',
    commits: [baseSha, headSha],
    contents: (ref, file) => origin.contents(ref, file),
    tree: (ref) => origin.tree(ref),
    pulls: [{ ...(pullRequest.pull_request as Record<string, unknown>), state: 'open' }],
    reviews: { [PR_NUMBER]: reviews },
    repoLines: lineCounter(workspace)
  })
  standIns.push(standIn)
  for (const fault of scenario.faults ?? []) standIn.fault(fault)

  let payload: Record<string, unknown> = pullRequest
  let sha = MERGE_SHA
  let ref = `refs/pull/${PR_NUMBER}/merge`
  if (event === 'push') {
    payload = pushPayload(headSha, baseSha)
    sha = headSha
    ref = 'refs/heads/master'
  } else if (event === 'workflow_run') {
    payload = workflowRunPayload(headSha, headRepo)
    sha = baseSha // on workflow_run, GITHUB_SHA is the default branch's head
    ref = 'refs/heads/master'
  }
  const port = new URL(standIn.url).port
  const proxy = scenario.proxy ? await HttpProxy.start(Number(port)) : undefined
  if (proxy) standIns.push(proxy)
  const run = await runAction({
    node,
    workspace,
    scratch,
    eventName: event,
    payload,
    apiUrl: proxy ? `http://api.github.test:${port}` : standIn.url,
    repository: `${OWNER}/${REPO}`,
    sha,
    ref,
    ...(scenario.inputs ? { inputs: scenario.inputs } : {}),
    ...(proxy ? { env: { HTTP_PROXY: proxy.url } } : {})
  })
  if (!run.reportText) throw new Error(`no report was written; exit ${run.code}\n${run.stdout}\n${run.stderr}`)
  const report = JSON.parse(run.reportText) as Report
  return { origin, run, standIn, ...(proxy ? { proxy } : {}), baseSha, headSha, workspace, report }
}

function pushPayload(after: string, before: string): Record<string, unknown> {
  // The examples' branch push (the first ones push a tag); its repository's default branch is master.
  const example = webhookExample('push', undefined, 4)
  expect(example.ref).toBe('refs/heads/master')
  return { ...example, before, after }
}

function workflowRunPayload(headSha: string, headRepo: string): Record<string, unknown> {
  const payload = webhookExample('workflow_run', 'completed')
  const run = payload.workflow_run as Record<string, unknown>
  run.event = 'pull_request'
  run.head_sha = headSha
  run.head_branch = 'feature'
  run.pull_requests = [] // what GitHub sends for a pull request from a fork
  const headRepository = run.head_repository as Record<string, unknown>
  headRepository.full_name = headRepo
  ;(headRepository.owner as Record<string, unknown>).login = headRepo.split('/')[0]
  return payload
}

/** What every run must satisfy: GitHub accepted every request, the report is valid, the summary was written. */
function expectSound(outcome: Outcome): void {
  expect(outcome.standIn.rejections).toEqual([])
  expect(validateReport(outcome.report)).toBe(true)
  expect(Buffer.byteLength(outcome.run.summary)).toBeLessThanOrEqual(1024 * 1024)
  expect(outcome.run.summary).toContain(`## readiness-gate: `)
  for (const run of outcome.standIn.checkRuns) expect(run.head_sha).not.toBe(MERGE_SHA)
}

function finding(report: Report, rule: string) {
  return report.systems.flatMap((system) => system.findings).find((entry) => entry.rule === rule && entry.status !== 'not-required')
}

const node24 = node24Missing()
if (node24) describeSkipped(node24)('the bundled action under node 24', () => {})

describe.each(nodeBinaries())('the bundled action under $label', ({ bin }) => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` before the end-to-end tests.`)
  })

  describe('on a pull request', () => {
    it('creates one check run on the head SHA that fails, with annotations on the manifest lines to fix', async () => {
      const head = { [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) }
      const outcome = await play(bin, { base: BASE_FILES, head })
      expectSound(outcome)
      const { run, standIn, headSha, report } = outcome
      expect(standIn.checkRuns).toHaveLength(1)
      const check = standIn.checkRuns[0]!
      expect(check).toMatchObject({ name: 'readiness-gate', head_sha: headSha, status: 'completed', conclusion: 'failure' })
      expect(check.details_url).toBe(`https://github.com/${OWNER}/${REPO}/actions/runs/1234`)
      expect(check.output.title).toBe('1 of 2 systems ready — invoice-extractor: added at production, lacks 2 of 4 production requirements')
      // Two annotations: the check run is created completed, with them, in one request.
      expect(standIn.calls('checks/create')[0]!.body).toMatchObject({ status: 'completed', conclusion: 'failure', head_sha: headSha })
      expect(standIn.calls('checks/update')).toEqual([])
      const text = head[MANIFEST]
      expect(check.annotations.map((annotation) => [annotation.path, annotation.start_line, annotation.annotation_level])).toEqual([
        [MANIFEST, lineOf(text, 'tested-on:'), 'failure'],
        [MANIFEST, lineOf(text, 'evidence:'), 'failure']
      ])
      expect(finding(report, 'rollback.tested')!.message).toMatch(/^The rollback was last tested 400 days ago \(.+\), over the policy's 90-day limit\.$/)
      expect(report.policy).toBe(`${POLICY_PATH}@base ${outcome.baseSha.slice(0, 7)}`)
      expect(run.outputs).toMatchObject({ passed: 'false', score: '4/6', failing: '2', 'check-run-id': String(check.id) })
      expect(run.code).toBe(1)
      expect(run.summary).toContain('## readiness-gate: 1 of 2 systems ready — invoice-extractor: added at production, lacks 2 of 4 production requirements')
      // A published check run carries the annotations; the log adds none of its own.
      expect(run.commands.filter((command) => command.command === 'error' && command.properties.file)).toEqual([])
      // The base policy was read through the Contents API: the shallow checkout has no base commit.
      expect(standIn.calls('repos/get-content').map((call) => [call.params.path, call.query.ref])).toContainEqual([POLICY_PATH, outcome.baseSha])
    })

    it('sends 120 annotations in batches of 50, 50 and 20, each on its data source line', async () => {
      const text = sourcesManifest(120)
      const outcome = await play(bin, { base: { [POLICY_PATH]: SOURCES_POLICY }, head: { 'etl/readiness.yml': text } })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check.batches).toEqual([50, 50, 20])
      expect(check.annotations.map((annotation) => annotation.start_line)).toEqual(
        Array.from({ length: 120 }, (_, index) => lineOf(text, `name: feed-${index}`))
      )
      expect(check.output.title).toBe('0 of 1 system ready — etl-enricher: added at pilot, lacks 1 of 1 pilot requirements')
      expect(check.output.summary).toContain('<details>')
    })

    it('caps annotations at 1,000 in 20 requests and degrades a summary too big for GitHub', async () => {
      const outcome = await play(bin, { base: { [POLICY_PATH]: SOURCES_POLICY }, head: { 'etl/readiness.yml': sourcesManifest(1200) } })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check.batches).toEqual(Array(20).fill(50))
      expect(check.output.text!.split('\n\n')[0]).toBe(
        '200 findings have no annotation here (no line in the repository to point at, or past the annotation cap); the summary and the JSON report list every finding.'
      )
      expect(Buffer.byteLength(check.output.text!)).toBeLessThanOrEqual(65_535)
      expect(readVerdictBlock(check.output.text)).toMatchObject({
        ok: true,
        digest: { detail: 'full', passed: false, systems: [{ name: 'etl-enricher', failing: ['data.sources-mapped'] }] }
      })
      expect(Buffer.byteLength(check.output.summary!)).toBeLessThanOrEqual(65_535)
      expect(check.output.summary).toContain(
        "> **Truncated:** the full summary is over GitHub's size limit, so it lists counts only (1200 failing findings in all)"
      )
      // The job summary has room for every row.
      expect(outcome.run.summary.match(/^ {4}\[etl\/readiness\.yml:\d+\]\(https:\/\/github\.com\//gm)).toHaveLength(1200)
      // One requirement is not met, in 1,200 places: the output counts requirements, as the title does.
      expect(outcome.run.outputs.failing).toBe('1')
    }, 120_000)

    it('on a fork (403) still carries the verdict: job summary, at most 10 log errors, outputs, exit code', async () => {
      const outcome = await play(bin, {
        base: { [POLICY_PATH]: SOURCES_POLICY },
        head: { 'etl/readiness.yml': sourcesManifest(30) },
        fork: true,
        faults: [{ operation: 'checks/create', ...FORK_FORBIDDEN, times: Infinity }]
      })
      expectSound(outcome)
      const { run, standIn } = outcome
      expect(standIn.checkRuns).toEqual([])
      expect(run.stdout).toContain(
        'readiness-gate: No check run was created: the check run could not be created: 403 Resource not accessible by integration. ' +
          'The workflow token cannot write checks here — on a pull request from a fork GITHUB_TOKEN is read-only.'
      )
      const errors = run.commands.filter((command) => command.command === 'error')
      expect(errors).toHaveLength(10)
      // Nine findings at their lines, most important first, then the job's own failure.
      expect(errors.slice(0, 9).map((command) => [command.properties.file, command.properties.line])).toEqual(
        Array.from({ length: 9 }, (_, index) => ['etl/readiness.yml', String(lineOf(sourcesManifest(30), `name: feed-${index}`))])
      )
      expect(errors[9]!.message).toBe('readiness-gate: 0 of 1 system ready — etl-enricher: added at pilot, lacks 1 of 1 pilot requirements')
      expect(run.stdout).toContain('readiness-gate: 21 more findings are listed in the job summary')
      expect(run.summary).toContain('> No check run was created: the check run could not be created: 403 Resource not accessible by integration.')
      expect(run.outputs).toMatchObject({ passed: 'false', failing: '1' })
      expect(run.outputs['check-run-id']).toBeUndefined()
      expect(run.code).toBe(1)
    })

    it('retries 502s and a secondary rate limit, then publishes', async () => {
      const started = Date.now()
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) },
        faults: [
          { operation: 'checks/create', ...BAD_GATEWAY, times: 2 },
          { operation: 'checks/create', ...secondaryRateLimit(2) }
        ]
      })
      expectSound(outcome)
      const { standIn } = outcome
      expect(standIn.calls('checks/create').map((call) => call.status)).toEqual([502, 502, 403, 201])
      expect(standIn.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
      // plugin-retry waits 1 s then 4 s; the rate limit asked for 2 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(7_000)
      expect(outcome.run.stdout).toContain('secondary rate limit on POST')
    }, 60_000)

    it('judges a pull request that loosens its own policy by the base policy, with a notice', async () => {
      const loosened = POLICY.replace('production: [rollback.tested, signoff.legal]', 'production: [rollback.tested]')
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [POLICY_PATH]: loosened, [MANIFEST]: manifest({ testedOn: day(-10), signoff: false }) }
      })
      expectSound(outcome)
      const { report, standIn, run } = outcome
      const base = outcome.baseSha.slice(0, 7)
      expect(finding(report, 'signoff.legal')).toMatchObject({ status: 'fail' })
      expect(report.notices).toEqual([
        {
          rule: 'policy.changed',
          status: 'pass',
          message: `This pull request changes ${POLICY_PATH}; the gate used the policy at base ${base}, and the change applies after merge.`,
          file: POLICY_PATH,
          line: 1,
          hint: 'Merge a policy change on its own, before the changes it should judge.'
        }
      ])
      const check = standIn.checkRuns[0]!
      expect(check.conclusion).toBe('failure')
      expect(check.annotations).toContainEqual(expect.objectContaining({ path: POLICY_PATH, start_line: 1, annotation_level: 'warning' }))
      expect(run.summary).toContain(`This pull request changes ${POLICY_PATH}; the gate used the policy at base ${base}`)
    })

    it('check --base gives the verdict the action gives on a pull request that loosens the policy', async () => {
      const loosened = POLICY.replace('production: [rollback.tested, signoff.legal]', 'production: [rollback.tested]')
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [POLICY_PATH]: loosened, [MANIFEST]: manifest({ testedOn: day(-10), signoff: false }) }
      })
      let out = ''
      const code = await runCli(['check', '--base', outcome.baseSha, '--format', 'json'], {
        cwd: outcome.origin.dir,
        stdout: (text) => (out += text),
        stderr: (text) => (out += text),
        color: false,
        now: new Date()
      })
      const local = JSON.parse(out) as Report
      expect(outcome.standIn.checkRuns[0]!.conclusion).toBe('failure')
      expect([code, local.passed]).toEqual([1, false])
      const failing = (report: Report) =>
        report.systems.map((system) => [system.name, system.passed, system.findings.filter((f) => f.status === 'fail').map((f) => `${f.rule} ${f.change}`)])
      expect(failing(local)).toEqual(failing(outcome.report))
      expect(local.change!.systems).toEqual(outcome.report.change!.systems)
      // Without --base the working tree's loosened policy would pass it: the base is what makes them agree.
      expect(await runCli(['check'], { cwd: outcome.origin.dir, stdout: () => {}, stderr: () => {}, color: false, now: new Date() })).toBe(0)
    })

    it('does not accept a sign-off file that says approved without an approving review (forged)', async () => {
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-10), signoff: true }), 'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF },
        reviews: [{ login: 'erin', state: 'COMMENTED', commit: 'head' }]
      })
      expectSound(outcome)
      const signoff = finding(outcome.report, 'signoff.legal')!
      expect(signoff.status).toBe('fail')
      expect(signoff.message).toContain('Legal sign-off by @erin does not count')
      expect(signoff.file).toBe('ai/invoice-extractor/compliance/legal.yml')
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
      expect(outcome.run.code).toBe(1)
    })

    it('accepts a sign-off the named signer approved at the head commit (genuine)', async () => {
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-10), signoff: true }), 'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF },
        reviews: [{ login: 'erin', state: 'APPROVED', commit: 'head' }]
      })
      expectSound(outcome)
      expect(finding(outcome.report, 'signoff.legal')).toMatchObject({ status: 'pass', verification: 'verified' })
      const check = outcome.standIn.checkRuns[0]!
      expect(check).toMatchObject({ head_sha: outcome.headSha, conclusion: 'success' })
      expect(check.output.title).toBe('2 of 2 systems ready — invoice-extractor: added at production (4/4 requirements)')
      expect(outcome.run.outputs).toMatchObject({ passed: 'true', failing: '0' })
      expect(outcome.run.code).toBe(0)
      expect(outcome.standIn.calls('pulls/list-reviews')).toHaveLength(1)
    })

    it('does not accept an approval of an older commit (stale)', async () => {
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-10), signoff: true }), 'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF },
        reviews: [{ login: 'erin', state: 'APPROVED', commit: 'base' }]
      })
      expectSound(outcome)
      expect(finding(outcome.report, 'signoff.legal')).toMatchObject({ status: 'fail' })
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
    })

    it('does not let a pull request escape the gate by deleting a production manifest', async () => {
      const outcome = await play(bin, {
        base: { ...BASE_FILES, [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) },
        head: { [MANIFEST]: null }
      })
      expectSound(outcome)
      expect(outcome.report.notices).toEqual([expect.objectContaining({ rule: 'system.removed', status: 'fail', file: MANIFEST })])
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
      // The title names the removed system once, and says what its removal lacks.
      expect(outcome.standIn.checkRuns[0]!.output.title).toBe(
        "1 of 1 system ready, but the gate fails — invoice-extractor: removed (was production) without a waiver approver's approval"
      )
      // The removed file is not in the head commit, so no annotation points at it.
      expect(outcome.standIn.checkRuns[0]!.annotations).toEqual([])
      expect(outcome.standIn.calls('git/get-tree').map((call) => [call.params.tree_sha, call.query.recursive])).toEqual([[outcome.baseSha, 'true']])
      expect(outcome.run.code).toBe(1)
    })

    it('fails an expired waiver', async () => {
      const waiver = `waivers:
  - requirement: rollback.tested
    reason: rollback rehearsal scheduled after the vendor migration
    approved-by: "@frank"
    approved-on: ${day(-60)}
    expires: ${day(-1)}
`
      const outcome = await play(bin, {
        base: {
          ...BASE_FILES,
          [MANIFEST]: manifest({ testedOn: day(-400), signoff: true, waiver }),
          'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF
        },
        head: { 'README.md': '# models\n' }
      })
      expectSound(outcome)
      const rollback = outcome.report.systems
        .find((system) => system.name === 'invoice-extractor')!
        .findings.filter((entry) => entry.rule === 'rollback.tested')
      expect(rollback.map((entry) => entry.status)).toEqual(['fail', 'fail'])
      expect(rollback[1]!.message).toBe(`The waiver for rollback.tested does not count: it expired on ${day(-1)}.`)
      // The sign-off is unchanged from the base branch, which verifies it without a review.
      expect(finding(outcome.report, 'signoff.legal')).toMatchObject({ status: 'pass', verification: 'verified' })
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
    })

    it('reports success, saying so, when the repository has no manifest', async () => {
      const outcome = await play(bin, { base: { 'README.md': '# models\n' }, head: { 'README.md': '# models, now with more\n' } })
      expectSound(outcome)
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ conclusion: 'success', head_sha: outcome.headSha })
      expect(outcome.standIn.checkRuns[0]!.output.title).toBe('No readiness manifest found — nothing to gate')
      expect(outcome.run.outputs).toMatchObject({ passed: 'true', score: '0/0', failing: '0' })
      expect(outcome.run.code).toBe(0)
    })

    it('fails, and says why, when the trusted policy is invalid', async () => {
      const outcome = await play(bin, {
        base: { ...BASE_FILES, [POLICY_PATH]: 'stages:\n  production: [no.such.requirement]\n' },
        head: { [MANIFEST]: manifest({ testedOn: day(-10), signoff: false }) }
      })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check.conclusion).toBe('failure')
      expect(check.output.title).toMatch(/^Gate failed — The trusted policy \(base [0-9a-f]{7}\) is invalid: `stages.production` names "no.such.requirement"/)
      expect(outcome.report.systems).toEqual([])
      expect(outcome.run.code).toBe(1)
    })

    it('fails, and says why, when the trusted policy path is a folder, instead of judging by the default policy', async () => {
      const outcome = await play(bin, {
        base: { ...BASE_FILES, [POLICY_PATH]: null, [`${POLICY_PATH}/legal.yml`]: 'signers:\n  legal: ["@erin"]\n' },
        head: { [MANIFEST]: manifest({ testedOn: day(-10), signoff: false }) }
      })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check.conclusion).toBe('failure')
      expect(check.output.title).toMatch(new RegExp(`^Gate failed — ${POLICY_PATH.replace(/\./g, '\\.')} at base [0-9a-f]{7} is a folder, not a policy file`))
      expect(outcome.report.systems).toEqual([])
      expect(outcome.run.code).toBe(1)
    })

    it('fails, and says why, when GitHub will not answer what the gate must know', async () => {
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-10), signoff: false }) },
        faults: [{ operation: 'pulls/list-reviews', status: 401, body: { message: 'Bad credentials' }, times: Infinity }]
      })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check).toMatchObject({ head_sha: outcome.headSha, conclusion: 'failure' })
      expect(check.output.title).toBe('Gate failed — The gate could not evaluate: 401 Bad credentials.')
      // Pointed at the workflow file, which does not exist in this repository: no annotation, still in the summary.
      expect(check.annotations).toEqual([])
      expect(outcome.run.outputs.passed).toBe('false')
      expect(outcome.run.code).toBe(1)
    })

    it('in a working directory, reads its policy and annotates paths from the repository root', async () => {
      const prefixed = (files: Record<string, string | null>) =>
        Object.fromEntries(Object.entries(files).map(([file, content]) => [`services/${file}`, content]))
      const outcome = await play(bin, {
        base: prefixed(BASE_FILES),
        head: prefixed({ [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) }),
        inputs: { 'working-directory': 'services' }
      })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check.output.title).toBe('1 of 2 systems ready — invoice-extractor: added at production, lacks 2 of 4 production requirements')
      expect(new Set(check.annotations.map((annotation) => annotation.path))).toEqual(new Set([`services/${MANIFEST}`]))
      expect(outcome.standIn.calls('repos/get-content').map((call) => call.params.path)).toContain(`services/${POLICY_PATH}`)
      // The report itself keeps paths relative to the gate's root.
      expect(outcome.report.systems.map((system) => system.manifest).sort()).toEqual(['ai/doc-classifier/readiness.yml', MANIFEST])
    })

    it('with fail-job false reports the failure but lets the job pass', async () => {
      const outcome = await play(bin, {
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) },
        inputs: { 'fail-job': 'false' }
      })
      expectSound(outcome)
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
      expect(outcome.run.outputs.passed).toBe('false')
      expect(outcome.run.code).toBe(0)
    })
  })

  describe('what the pull request changed', () => {
    it('leads with the change when a pull request fixes one gap and opens another', async () => {
      const base = { ...BASE_FILES, [MANIFEST]: manifest({ testedOn: day(-400), signoff: true }), 'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF }
      // The head rehearses the rollback (fixed) and drops the legal sign-off (broken).
      const head = { [MANIFEST]: manifest({ testedOn: day(-10), signoff: false }), 'ai/invoice-extractor/compliance/legal.yml': null }
      const outcome = await play(bin, { base, head })
      expectSound(outcome)
      const { report, standIn, run } = outcome
      expect(report.change).toEqual({
        base: `base ${outcome.baseSha.slice(0, 7)}`,
        blockOn: 'all',
        unreadable: [],
        systems: [
          systemChange(
            'doc-classifier',
            'ai/doc-classifier/readiness.yml',
            'untouched',
            ['pilot', 'pilot'],
            [
              [2, 2],
              [2, 2]
            ],
            { blocks: false }
          ),
          systemChange(
            'invoice-extractor',
            MANIFEST,
            'touched',
            ['production', 'production'],
            [
              [3, 4],
              [3, 4]
            ],
            { newlyFailing: ['signoff.legal'], newlyMet: ['rollback.tested'], blocks: true }
          )
        ]
      })
      const check = standIn.checkRuns[0]!
      expect(check.conclusion).toBe('failure')
      expect(check.output.title).toBe(
        '1 of 2 systems ready — invoice-extractor: 1 newly failing requirement, 1 newly met requirement, lacks 1 of 4 production requirements'
      )
      expect(check.output.summary).toMatch(
        /\*\*What this change did\*\*, compared with base [0-9a-f]{7}:\n\n- 🔻 \*\*invoice-extractor\*\* 1 newly failing requirement · 1 newly met requirement\n {2}- newly failing: `signoff.legal`\n {2}- newly met: `rollback.tested`\n- 1 other system unchanged\./
      )
      expect(check.output.summary).toContain('· 🆕 new in this change')
      // The exact line at the head commit, linked.
      expect(check.output.summary).toContain(
        `](https://github.com/${OWNER}/${REPO}/blob/${outcome.headSha}/${MANIFEST}#L${lineOf(head[MANIFEST], 'evidence:')})`
      )
      expect(check.annotations.map((annotation) => annotation.title)).toEqual(['invoice-extractor: signoff.legal (new in this change)'])
      expect(run.summary).toContain('newly met: `rollback.tested`')
    })

    it('under block-on: changes, passes a pull request that leaves an old failing system untouched, and marks its gaps as warnings', async () => {
      const policy = `${POLICY}pull-requests:\n  block-on: changes\n`
      const failingPilot = PILOT_SYSTEM.replace('  executive-sponsor: "@carol"\n', '')
      const base = { ...BASE_FILES, [POLICY_PATH]: policy, 'ai/doc-classifier/readiness.yml': failingPilot }
      const head = { [MANIFEST]: manifest({ testedOn: day(-10), signoff: true }), 'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF }
      const outcome = await play(bin, { base, head, reviews: [{ login: 'erin', state: 'APPROVED', commit: 'head' }] })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(outcome.report.passed).toBe(true)
      expect(check.conclusion).toBe('success')
      expect(check.output.title).toBe(
        '1 of 2 systems ready (1 failing system this change did not touch) — invoice-extractor: added at production (4/4 requirements)'
      )
      expect(check.annotations.map((annotation) => [annotation.title, annotation.annotation_level])).toEqual([
        ['doc-classifier: owner.executive-sponsor (already failing at the base)', 'warning']
      ])
      expect(outcome.run.code).toBe(0)
      // With the default block-on: all, the same change fails on the old gap.
      const strict = await play(bin, { base: { ...base, [POLICY_PATH]: POLICY }, head, reviews: [{ login: 'erin', state: 'APPROVED', commit: 'head' }] })
      expect(strict.standIn.checkRuns[0]!.conclusion).toBe('failure')
    })

    it('names a lowered stage, and fails it without a waiver approver when the policy asks', async () => {
      const policy = `${POLICY}pull-requests:\n  lowering-stage-needs-approval: true\n`
      const base = { ...BASE_FILES, [POLICY_PATH]: policy, [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) }
      const lowered = manifest({ testedOn: day(-400), signoff: false }).replace('stage: production', 'stage: pilot')
      const outcome = await play(bin, { base, head: { [MANIFEST]: lowered } })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check.conclusion).toBe('failure')
      expect(check.output.title).toContain(
        '— invoice-extractor: lowered from production to pilot, 2/4 requirements → 2/2 requirements, 1 new problem, has 1 problem'
      )
      expect(finding(outcome.report, 'stage.lowered')).toMatchObject({ status: 'fail', file: MANIFEST, line: lineOf(lowered, 'stage: pilot'), change: 'new' })
      const approved = await play(bin, { base, head: { [MANIFEST]: lowered }, reviews: [{ login: 'frank', state: 'APPROVED', commit: 'head' }] })
      expect(approved.standIn.checkRuns[0]!.conclusion).toBe('success')
      expect(finding(approved.report, 'stage.lowered')).toMatchObject({
        status: 'pass',
        message: 'invoice-extractor goes from production down to pilot; approved by @frank at the head commit.'
      })
      expect(approved.standIn.checkRuns[0]!.output.title).toContain('invoice-extractor: lowered from production to pilot')
    })
  })

  describe('on other events', () => {
    it('on push, puts the check on the pushed commit and trusts the default branch it landed on', async () => {
      const outcome = await play(bin, {
        event: 'push',
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) }
      })
      expectSound(outcome)
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ head_sha: outcome.headSha, conclusion: 'failure' })
      expect(outcome.report.policy).toBe(`${POLICY_PATH}@${outcome.headSha.slice(0, 7)}`)
      // The pushed commit is in the checkout, so git answers: no Contents API call, no review lookup.
      expect(outcome.standIn.calls('repos/get-content')).toEqual([])
      expect(outcome.standIn.calls('pulls/list-reviews')).toEqual([])
    })

    it('behind an HTTP proxy (HTTP_PROXY), sends every request through it and publishes the check run', async () => {
      const outcome = await play(bin, {
        event: 'push',
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) },
        proxy: true
      })
      expectSound(outcome)
      expect(outcome.standIn.checkRuns).toHaveLength(1)
      expect(outcome.standIn.checkRuns[0]).toMatchObject({ head_sha: outcome.headSha, conclusion: 'failure' })
      expect(outcome.run.outputs['check-run-id']).toBe(String(outcome.standIn.checkRuns[0]!.id))
      // The API's name resolves nowhere: every request the stand-in answered came through a tunnel to it.
      expect(outcome.proxy!.tunnels.length).toBeGreaterThan(0)
      expect(new Set(outcome.proxy!.tunnels.map((tunnel) => tunnel.target))).toEqual(new Set([`api.github.test:${new URL(outcome.standIn.url).port}`]))
    })

    it('as a deploy-job gate (require-stage), refuses a system below the stage and lets one that meets it through', async () => {
      const head = { [MANIFEST]: manifest({ testedOn: day(-10), signoff: true }), 'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF }
      const refused = await play(bin, { event: 'push', base: BASE_FILES, head, inputs: { 'require-stage': 'production', systems: 'doc-classifier' } })
      expectSound(refused)
      expect(refused.report.notices).toEqual([
        expect.objectContaining({
          rule: 'deploy.stage',
          status: 'fail',
          file: 'ai/doc-classifier/readiness.yml',
          message: 'System "doc-classifier" claims pilot, below the production this deployment requires.'
        })
      ])
      expect(refused.standIn.checkRuns[0]).toMatchObject({ conclusion: 'failure' })
      expect(refused.run.code).toBe(1)
      const allowed = await play(bin, { event: 'push', base: BASE_FILES, head, inputs: { 'require-stage': 'production', systems: 'invoice-extractor' } })
      expect(allowed.report.notices).toEqual([])
      expect(allowed.standIn.checkRuns[0]).toMatchObject({ conclusion: 'success' })
      expect(allowed.run.code).toBe(0)
    })

    it('fork-safe workflow_run: finds the fork PR by its head, judges it by the base policy, publishes on the head SHA', async () => {
      const outcome = await play(bin, {
        event: 'workflow_run',
        fork: true,
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-10), signoff: true }), 'ai/invoice-extractor/compliance/legal.yml': LEGAL_SIGNOFF },
        reviews: [{ login: 'erin', state: 'APPROVED', commit: 'head' }],
        inputs: { mode: 'publish' }
      })
      expectSound(outcome)
      const { standIn, headSha, baseSha } = outcome
      expect(standIn.calls('pulls/list')[0]!.query).toMatchObject({ state: 'open', head: 'forker:feature' })
      expect(standIn.calls('repos/get-content').map((call) => call.query.ref)).toContain(baseSha)
      expect(standIn.checkRuns).toHaveLength(1)
      expect(standIn.checkRuns[0]).toMatchObject({ head_sha: headSha, conclusion: 'success' })
      expect(outcome.run.code).toBe(0)
    })

    it('workflow_run refuses to publish a verdict on files that are not the pull request head', async () => {
      const outcome = await play(bin, {
        event: 'workflow_run',
        fork: true,
        base: BASE_FILES,
        head: { [MANIFEST]: manifest({ testedOn: day(-400), signoff: false }) },
        inputs: { mode: 'publish', 'fail-job': 'false' },
        checkout: 'main' // the workflow forgot `ref: head_sha`: the default branch would pass
      })
      expectSound(outcome)
      const check = outcome.standIn.checkRuns[0]!
      expect(check).toMatchObject({ head_sha: outcome.headSha, conclusion: 'failure' })
      expect(check.output.title).toBe(
        `Gate failed — The checkout is at ${outcome.baseSha}, not the pull request head ${outcome.headSha}, so the gate would judge the wrong files.`
      )
      expect(outcome.run.code).toBe(1)
    })
  })
})
