// End to end, through the bundled action (dist/index.js, run as the runner runs it) and the local GitHub
// stand-in: the fooling attempts a pull request can make on GitHub itself (its own policy, approvals by
// the wrong person or by its author, a deleted or renamed manifest, a narrowed manifests input), and
// fault drills (5xx bursts, secondary rate limits, a timeout mid-run, a 403 on the second annotation
// batch, a check run that cannot be completed). The verdict is never lost — job summary, outputs, exit
// code — and never turns into a pass.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { BUNDLE, OriginRepo, lineCounter, nodeBinaries, runAction, webhookExample, type ActionRun } from '../support/action-run.js'
import { BAD_GATEWAY, FORK_FORBIDDEN, GitHubStandIn, secondaryRateLimit, type Fault } from '../support/github-server.js'
import type { Finding, Report } from '../../src/report/types.js'

const OWNER = 'Codertocat'
const REPO = 'Hello-World'
const MERGE_SHA = 'e'.repeat(40)
const POLICY_PATH = '.github/readiness-policy.yml'
const INVOICES = 'ai/invoice-extractor/readiness.yml'
const CLASSIFIER = 'ai/doc-classifier/readiness.yml'
const LEGAL_PATH = 'ai/invoice-extractor/compliance/legal.yml'

/** The action runs on node24: use it when installed, else this Node. */
const NODE = nodeBinaries().at(-1)!.bin

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

const POLICY = `stages:
  pilot: [owner.model-operations, owner.executive-sponsor]
  staging: []
  production: [rollback.tested, signoff.legal]
signers:
  legal: ["@erin"]
waivers:
  approvers: ["@frank"]
  max-days: 90
`

function invoiceManifest(options: { testedOn?: string; extra?: string } = {}): string {
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
    tested-on: ${options.testedOn ?? day(-10)}
  legal-signoff:
    file: compliance/legal.yml
${options.extra ?? ''}`
}

const legalSignoff = (signer = '@erin', date = day(-3)): string => `role: legal
system: invoice-extractor
model-version: 2.3.0
signed-by: "${signer}"
date: ${date}
scope: liability for extracted invoice fields
`

const CLASSIFIER_MANIFEST = `system: doc-classifier
stage: pilot
owners:
  model-operations: "@dan"
  executive-sponsor: "@carol"
`

/** The base branch: both systems ready, the legal sign-off merged (so it is verified as unchanged). */
const BASE: Record<string, string> = {
  [POLICY_PATH]: POLICY,
  'ai/invoice-extractor/runbooks/rollback.md':
    '# Rollback\n\n1. Route traffic to the previous model version.\n2. Confirm every pod reports the previous version.\n3. Tell support the rollback is done.\n',
  [INVOICES]: invoiceManifest(),
  [LEGAL_PATH]: legalSignoff(),
  [CLASSIFIER]: CLASSIFIER_MANIFEST
}

interface Review {
  login: string
  state: string
  commit: 'head' | 'base'
}

interface Scenario {
  head: Record<string, string | null>
  base?: Record<string, string | null>
  reviews?: Review[]
  author?: string
  faults?: Fault[]
  inputs?: Record<string, string>
}

interface Outcome {
  run: ActionRun
  standIn: GitHubStandIn
  report: Report
  headSha: string
  baseSha: string
}

// A test may play several pull requests: each one's stand-in and scratch folder are removed after it.
const standIns: GitHubStandIn[] = []
const scratches: string[] = []

afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()))
  for (const scratch of scratches.splice(0)) rmSync(scratch, { recursive: true, force: true })
})

/** One pull request from branch `feature` onto `main`, evaluated by the bundled action against the stand-in. */
async function pullRequest(scenario: Scenario): Promise<Outcome> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'rg-adv-e2e-'))
  scratches.push(scratch)
  const origin = new OriginRepo(scratch)
  const baseSha = origin.commit(scenario.base ?? BASE, 'base')
  origin.branch('feature')
  const headSha = origin.commit(scenario.head, 'head')
  const workspace = origin.checkout('feature')

  const payload = webhookExample('pull_request', 'synchronize')
  const pr = payload.pull_request as Record<string, Record<string, unknown>>
  pr.head!.sha = headSha
  pr.head!.label = `${OWNER}:feature`
  ;(pr.head!.repo as Record<string, unknown>).full_name = `${OWNER}/${REPO}`
  pr.base!.sha = baseSha
  pr.user!.login = scenario.author ?? 'mallory'

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
    defaultBranch: 'main',
    commits: [baseSha, headSha],
    contents: (ref, file) => origin.contents(ref, file),
    tree: (ref) => origin.tree(ref),
    pulls: [{ ...(payload.pull_request as Record<string, unknown>), state: 'open' }],
    reviews: { [payload.number as number]: reviews },
    repoLines: lineCounter(workspace)
  })
  standIns.push(standIn)
  for (const fault of scenario.faults ?? []) standIn.fault(fault)
  const run = await runAction({
    node: NODE,
    workspace,
    scratch,
    eventName: 'pull_request',
    payload,
    apiUrl: standIn.url,
    repository: `${OWNER}/${REPO}`,
    sha: MERGE_SHA,
    ref: `refs/pull/${payload.number as number}/merge`,
    ...(scenario.inputs ? { inputs: scenario.inputs } : {})
  })
  if (!run.reportText) throw new Error(`no report was written; exit ${run.code}\n${run.stdout}\n${run.stderr}`)
  return { run, standIn, report: JSON.parse(run.reportText) as Report, headSha, baseSha }
}

function findings(report: Report, rule: string): Finding[] {
  return [...report.notices, ...report.systems.flatMap((system) => system.findings)].filter(
    (finding) => finding.rule === rule && finding.status !== 'not-required'
  )
}

/** The verdict is a failure everywhere it must reach: report, outputs, exit code, job summary, and any check run. */
function expectFailureEverywhere(outcome: Outcome): void {
  const { run, report, standIn } = outcome
  expect(report.passed).toBe(false)
  expect(run.outputs.passed).toBe('false')
  expect(Number(run.outputs.failing)).toBeGreaterThan(0)
  expect(run.code).toBe(1)
  expect(run.summary).toContain('## readiness-gate: ')
  expect(run.summary).toContain('❌')
  for (const check of standIn.checkRuns) expect(check.conclusion).not.toBe('success')
  expect(standIn.rejections).toEqual([])
}

describe('fooling attempts through the action', () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` before the end-to-end tests.`)
  })

  it('passes the genuine change: a new sign-off approved by @erin at the head commit (the control)', async () => {
    const outcome = await pullRequest({
      head: { [LEGAL_PATH]: legalSignoff('@erin', day(-1)) },
      reviews: [{ login: 'erin', state: 'APPROVED', commit: 'head' }]
    })
    expect(outcome.report.passed).toBe(true)
    expect(outcome.standIn.checkRuns[0]).toMatchObject({ head_sha: outcome.headSha, conclusion: 'success' })
    expect(outcome.run.code).toBe(0)
  })

  it('judges by the base policy a PR that drops a requirement, adds its own signer and approves as that signer', async () => {
    const loosened = POLICY.replace('production: [rollback.tested, signoff.legal]', 'production: []').replace(
      'legal: ["@erin"]',
      'legal: ["@erin", "@mallory"]'
    )
    const outcome = await pullRequest({
      author: 'mallory-alt',
      head: { [POLICY_PATH]: loosened, [INVOICES]: invoiceManifest({ testedOn: day(-200) }), [LEGAL_PATH]: legalSignoff('@mallory') },
      reviews: [{ login: 'mallory', state: 'APPROVED', commit: 'head' }]
    })
    expectFailureEverywhere(outcome)
    const { report } = outcome
    expect(report.policy).toBe(`${POLICY_PATH}@base ${outcome.baseSha.slice(0, 7)}`)
    expect(findings(report, 'signoff.legal')).toEqual([
      expect.objectContaining({ status: 'fail', file: LEGAL_PATH, line: 4, message: '@mallory is not an allowed legal signer (allowed: @erin).' })
    ])
    expect(findings(report, 'rollback.tested')).toEqual([expect.objectContaining({ status: 'fail' })])
    expect(findings(report, 'policy.changed')).toEqual([expect.objectContaining({ status: 'pass', file: POLICY_PATH })])
  })

  it('fails a sign-off that says "approved: true", a review by someone else or of an older commit, and the author’s own approval', async () => {
    const approvedTrue = await pullRequest({
      head: { [LEGAL_PATH]: `${legalSignoff('@erin', day(-1))}approved: true\n` },
      reviews: [{ login: 'sam', state: 'APPROVED', commit: 'head' }]
    })
    expectFailureEverywhere(approvedTrue)
    expect(findings(approvedTrue.report, 'signoff.legal')).toEqual([
      expect.objectContaining({ status: 'fail', file: LEGAL_PATH, line: 7, message: expect.stringMatching(/`approved` is not a known key/) })
    ])

    const wrongUser = await pullRequest({
      head: { [LEGAL_PATH]: legalSignoff('@erin', day(-1)) },
      reviews: [
        { login: 'sam', state: 'APPROVED', commit: 'head' },
        { login: 'erin', state: 'COMMENTED', commit: 'head' }
      ]
    })
    expectFailureEverywhere(wrongUser)
    expect(findings(wrongUser.report, 'signoff.legal')[0]!.message).toMatch(
      /^Legal sign-off by @erin does not count: @erin has no approving review at this pull request's head commit/
    )

    const stale = await pullRequest({ head: { [LEGAL_PATH]: legalSignoff('@erin', day(-1)) }, reviews: [{ login: 'erin', state: 'APPROVED', commit: 'base' }] })
    expectFailureEverywhere(stale)
    expect(findings(stale.report, 'signoff.legal')[0]!.message).toMatch(/@erin has no approving review at this pull request's head commit/)

    const self = await pullRequest({
      author: 'erin',
      head: { [LEGAL_PATH]: legalSignoff('@erin', day(-1)) },
      reviews: [{ login: 'erin', state: 'APPROVED', commit: 'head' }]
    })
    expectFailureEverywhere(self)
    expect(findings(self.report, 'signoff.legal')[0]!.message).toContain('(the PR author cannot approve their own claim)')
  }, 60_000)

  it('fails a waiver copied from another system, even with the waiver approved on that system', async () => {
    const waiver = `waivers:\n  - requirement: rollback.tested\n    reason: rehearsal booked after the vendor migration\n    approved-by: "@frank"\n    approved-on: ${day(-5)}\n    expires: ${day(30)}\n`
    const classifierWithWaiver = CLASSIFIER_MANIFEST + waiver.replace('rollback.tested', 'owner.executive-sponsor')
    const outcome = await pullRequest({
      base: { ...BASE, [CLASSIFIER]: classifierWithWaiver },
      head: { [INVOICES]: invoiceManifest({ testedOn: day(-200), extra: waiver }) }
    })
    expectFailureEverywhere(outcome)
    expect(findings(outcome.report, 'rollback.tested').map((finding) => finding.message)).toContainEqual(
      expect.stringMatching(/^The waiver for rollback\.tested does not count: @frank has no approving review/)
    )
  })

  it.each([
    ['deleted', { [CLASSIFIER]: null }, undefined],
    ['renamed out of discovery', { [CLASSIFIER]: null, 'ai/doc-classifier/readiness.yml.bak': CLASSIFIER_MANIFEST }, undefined],
    ['deleted within the manifests input', { [CLASSIFIER]: null }, { manifests: 'ai/*/readiness.yml' }]
  ] as const)('fails when a gated system’s manifest is %s', async (_how, head, inputs) => {
    const outcome = await pullRequest({ head: { ...head }, ...(inputs ? { inputs: { ...inputs } } : {}) })
    expectFailureEverywhere(outcome)
    expect(findings(outcome.report, 'system.removed')).toEqual([
      expect.objectContaining({
        status: 'fail',
        file: CLASSIFIER,
        line: 1,
        message: expect.stringMatching(/^System "doc-classifier" \(stage pilot at base [0-9a-f]{7}\) has no manifest in this change/)
      })
    ])
  })
})

describe('the manifests input', () => {
  it('narrowed to one system judges that system alone: the others are not reported removed', async () => {
    const outcome = await pullRequest({ head: {}, inputs: { manifests: 'ai/invoice-extractor' } })
    expect(outcome.report.systems.map((system) => system.manifest)).toEqual([INVOICES])
    expect(findings(outcome.report, 'system.removed')).toEqual([])
  })

  it('fails the job, naming the pattern, when a pattern matches nothing', async () => {
    const outcome = await pullRequest({ head: {}, inputs: { manifests: 'ai/invoice-extractor\nservices/*/readiness.yml', 'fail-job': 'false' } })
    expect(outcome.run.code).not.toBe(0)
    expect(outcome.report.notices).toEqual([
      expect.objectContaining({
        rule: 'manifest.missing',
        status: 'fail',
        file: 'services/*/readiness.yml',
        message: 'The pattern "services/*/readiness.yml" matches no file in the repository.'
      })
    ])
    expect(outcome.run.stdout).toContain('services/*/readiness.yml')
  })
})

describe('fault drills: the verdict is never lost and never turns into a pass', () => {
  /** A failing change: the rollback rehearsal is 200 days old. */
  const failing = { [INVOICES]: invoiceManifest({ testedOn: day(-200) }) }
  /** A change that passes only through its reviewer's approval. */
  const approvedOnly: Pick<Scenario, 'head' | 'reviews'> = {
    head: { [LEGAL_PATH]: legalSignoff('@erin', day(-1)) },
    reviews: [{ login: 'erin', state: 'APPROVED', commit: 'head' }]
  }

  it('rides out a burst of 5xx answers on several endpoints and reaches the right verdict', async () => {
    const outcome = await pullRequest({
      ...approvedOnly,
      faults: [
        { operation: 'pulls/list-reviews', ...BAD_GATEWAY, times: 2 },
        { operation: 'repos/get-content', status: 503, body: { message: 'Service Unavailable' }, times: 1 },
        { operation: 'checks/create', ...BAD_GATEWAY, times: 1 }
      ]
    })
    expect(outcome.standIn.calls('pulls/list-reviews').map((call) => call.status)).toEqual([502, 502, 200])
    expect(outcome.report.passed).toBe(true)
    expect(outcome.standIn.checkRuns[0]).toMatchObject({ conclusion: 'success' })
    expect(outcome.run.code).toBe(0)
  }, 60_000)

  it('fails, and never passes, when the approvals cannot be read: 5xx past every retry', async () => {
    const outcome = await pullRequest({ ...approvedOnly, faults: [{ operation: 'pulls/list-reviews', ...BAD_GATEWAY, times: Infinity }] })
    expectFailureEverywhere(outcome)
    expect(outcome.report.notices).toEqual([
      expect.objectContaining({ rule: 'gate.error', status: 'fail', message: expect.stringMatching(/^The gate could not evaluate: 502/) })
    ])
    expect(outcome.standIn.checkRuns).toEqual([expect.objectContaining({ conclusion: 'failure' })])
  }, 60_000)

  it('carries the verdict through the job summary, log annotations, outputs and exit code when a secondary rate limit never lifts', async () => {
    const outcome = await pullRequest({ head: failing, faults: [{ operation: 'checks/create', ...secondaryRateLimit(1), times: Infinity }] })
    expectFailureEverywhere(outcome)
    expect(outcome.standIn.checkRuns).toEqual([])
    expect(outcome.standIn.calls('checks/create').length).toBeGreaterThanOrEqual(2)
    expect(outcome.run.summary).toContain('> No check run was created:')
    expect(outcome.run.commands.filter((command) => command.command === 'error' && command.properties.file === INVOICES)).toHaveLength(1)
    // A rate limit that asks for longer than the gate waits is not waited for.
    const impatient = await pullRequest({ head: failing, faults: [{ operation: 'checks/create', ...secondaryRateLimit(3600), times: Infinity }] })
    expectFailureEverywhere(impatient)
    expect(impatient.standIn.calls('checks/create')).toHaveLength(1)
  }, 60_000)

  it('retries a request that times out mid-run and still publishes the failure', async () => {
    // The client gives each attempt 30 s: the first request for the approvals hangs past that.
    const outcome = await pullRequest({ head: failing, faults: [{ operation: 'pulls/list-reviews', delayMs: 31_000, times: 1 }] })
    expectFailureEverywhere(outcome)
    expect(outcome.standIn.calls('pulls/list-reviews')).toHaveLength(2)
    expect(outcome.standIn.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })])
  }, 90_000)

  // 120 failing findings: more annotations than one request carries, so the check run is created in
  // progress with the first 50 and completed by a later request.
  const sources = Array.from({ length: 120 }, (_, index) => `    - name: feed-${index}\n      on-failure: skip the batch`).join('\n')
  const manyFindings: Pick<Scenario, 'base' | 'head'> = {
    base: { [POLICY_PATH]: 'stages:\n  pilot: [data.sources-mapped]\n  staging: []\n  production: []\n' },
    head: { 'etl/readiness.yml': `system: etl\nstage: pilot\ndata:\n  sources:\n${sources}\n` }
  }

  it('completes the check run as a failure when the second annotation batch gets a 403', async () => {
    const outcome = await pullRequest({ ...manyFindings, faults: [{ operation: 'checks/update', ...FORK_FORBIDDEN, times: 1 }] })
    expectFailureEverywhere(outcome)
    const check = outcome.standIn.checkRuns[0]!
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(check.batches).toEqual([50])
    expect(check.output.text).toContain('70 annotations were not accepted by GitHub')
    expect(outcome.run.stdout).toContain('annotations 51–100 were not accepted: 403 Resource not accessible by integration')
  }, 60_000)

  it('keeps the verdict when the check run is created but can never be completed', async () => {
    const outcome = await pullRequest({
      ...manyFindings,
      faults: [{ operation: 'checks/update', status: 422, body: { message: 'Validation Failed' }, times: Infinity }]
    })
    expectFailureEverywhere(outcome)
    // Left in progress: a required check that never completes blocks the merge; it never reads as a pass.
    expect(outcome.standIn.checkRuns).toEqual([expect.objectContaining({ status: 'in_progress', conclusion: null })])
    expect(outcome.run.summary).toMatch(/> No check run was created: check run \d+ was created but could not be completed: 422/)
    const errors = outcome.run.commands.filter((command) => command.command === 'error' && command.properties.file === 'etl/readiness.yml')
    expect(errors.length).toBeGreaterThan(0)
  }, 60_000)
})
