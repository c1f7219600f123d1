// End to end for the fleet view: real check runs written by the bundled action (dist/index.js) on three
// repositories, read back by the bundled action in `mode: fleet` from an organization of the GitHub
// stand-in with one repository per category: ready, failing, expiring waiver and evidence, not gated,
// not required, not visible, archived, malformed and older-version verdicts, stale, no manifest.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BUNDLE, OriginRepo, nodeBinaries, runAction, webhookExample, type ActionRun } from '../support/action-run.js'
import { schemaValidator } from '../support/schemas.js'
import { GitHubStandIn, type OrgRepo, type PublishedCheckRun } from '../support/github-server.js'
import type { FleetReport } from '../../src/fleet/model.js'

const validateFleet = schemaValidator('fleet-report.schema.json')

const ORG = 'acme'
const REPORTS_REPO = 'readiness-reports'

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

const POLICY = `stages:
  pilot: [owner.model-operations, owner.executive-sponsor]
  staging: []
  production: [rollback.tested]
thresholds:
  rollback-max-age-days: 90
waivers:
  approvers: ["@frank"]
  max-days: 90
`

/** When stale-svc's gate last ran: fixed for the test file, so its check run is the same on every fleet run. */
const STALE_AT = new Date(Date.now() - 20 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')

const RUNBOOK = '# Rollback\n\n1. Route traffic to the previous model version.\n2. Confirm every pod serves it.\n3. Tell support the rollback is done.\n'

function productionManifest(name: string, owner: string, rollback: string, waiver = ''): string {
  return `system: ${name}
stage: production
owners:
  model-operations: "${owner}"
  executive-sponsor: "@carol"
evidence:
  rollback:
    plan: runbooks/rollback.md
${rollback}${waiver}`
}

/** Files per published repository: what its own gate judged on a push to its default branch. */
const PUBLISHED: Record<string, Record<string, string>> = {
  'ready-svc': {
    '.github/readiness-policy.yml': POLICY,
    'ai/triage/readiness.yml': 'system: ticket-triage\nstage: pilot\nowners:\n  model-operations: "@ml-platform"\n  executive-sponsor: "@carol"\n'
  },
  'failing-svc': {
    '.github/readiness-policy.yml': POLICY,
    'ai/invoices/runbooks/rollback.md': RUNBOOK,
    'ai/invoices/readiness.yml': productionManifest('invoice-extractor', '@finance-ml', `    tested-on: ${day(-400)}\n`)
  },
  'waiver-svc': {
    '.github/readiness-policy.yml': POLICY,
    'ai/chat/runbooks/rollback.md': RUNBOOK,
    'ai/chat/readiness.yml': productionManifest(
      'support-chat',
      '@ml-platform',
      '',
      `waivers:\n  - requirement: rollback.tested\n    reason: rehearsal booked after the vendor migration\n    approved-by: "@frank"\n    approved-on: ${day(-5)}\n    expires: ${day(10)}\n`
    ),
    'ai/search/runbooks/rollback.md': RUNBOOK,
    'ai/search/readiness.yml': productionManifest('semantic-search', '@search-team', `    tested-on: ${day(-80)}\n`)
  }
}

let scratch: string
const published: Record<string, { sha: string; run: PublishedCheckRun }> = {}

/** Runs the bundled action on a push to `name`'s default branch and keeps the check run it published. */
async function publish(node: string, name: string, files: Record<string, string>): Promise<{ sha: string; run: PublishedCheckRun }> {
  const origin = new OriginRepo(mkdtempSync(path.join(scratch, `${name}-`)))
  const sha = origin.commit(files, 'head')
  const workspace = origin.checkout('main')
  const standIn = await GitHubStandIn.start({
    owner: 'Codertocat',
    repo: 'Hello-World',
    defaultBranch: 'master',
    commits: [sha],
    contents: (ref, file) => origin.contents(ref, file),
    tree: (ref) => origin.tree(ref)
  })
  try {
    const payload = { ...webhookExample('push', undefined, 4), before: '0'.repeat(40), after: sha }
    const run = await runAction({
      node,
      workspace,
      scratch: origin.scratch,
      eventName: 'push',
      payload,
      apiUrl: standIn.url,
      repository: 'Codertocat/Hello-World',
      sha,
      ref: 'refs/heads/master'
    })
    expect(standIn.rejections).toEqual([])
    const check = standIn.checkRuns[0]
    if (!check) throw new Error(`${name}: no check run was published (exit ${run.code})\n${run.stdout}`)
    return {
      sha,
      run: {
        id: check.id,
        name: check.name,
        head_sha: check.head_sha,
        status: check.status,
        conclusion: check.conclusion,
        completed_at: check.completed_at ?? null,
        output: check.output
      }
    }
  } finally {
    await standIn.close()
  }
}

function organization(): OrgRepo[] {
  const ruleset = (id: number) => [
    { type: 'pull_request', ruleset_source_type: 'Organization', ruleset_source: ORG, ruleset_id: id + 1, parameters: {} },
    {
      type: 'required_status_checks',
      ruleset_source_type: 'Organization',
      ruleset_source: ORG,
      ruleset_id: id,
      parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: 'readiness-gate', integration_id: 15368 }] }
    }
  ]
  const files = (name: string) => Object.keys(PUBLISHED[name]!)
  const ready = published['ready-svc']!
  const tamper = (text: string | null | undefined) => (text ?? '').replace('"passed":true', '"passed":"yes"')
  return [
    { name: 'ready-svc', headSha: ready.sha, files: files('ready-svc'), checkRuns: [ready.run], rules: ruleset(7) },
    {
      name: 'failing-svc',
      headSha: published['failing-svc']!.sha,
      files: files('failing-svc'),
      checkRuns: [published['failing-svc']!.run],
      protection: {
        enabled: true,
        required_status_checks: {
          enforcement_level: 'non_admins',
          contexts: ['build', 'readiness-gate'],
          checks: [
            { context: 'build', app_id: null },
            { context: 'readiness-gate', app_id: 15368 }
          ]
        }
      }
    },
    { name: 'waiver-svc', headSha: published['waiver-svc']!.sha, files: files('waiver-svc'), checkRuns: [published['waiver-svc']!.run], rules: ruleset(9) },
    // A manifest, and a gate that never ran on this head.
    { name: 'not-gated-svc', headSha: 'a'.repeat(40), files: ['README.md', 'models/ranker/readiness.yml'] },
    // The gate runs and passes, but nothing requires it: a red verdict would merge anyway.
    {
      name: 'not-required-svc',
      headSha: 'b'.repeat(40),
      files: files('ready-svc'),
      checkRuns: [{ ...ready.run, id: 5001, head_sha: 'b'.repeat(40) }],
      rules: [
        {
          type: 'required_status_checks',
          ruleset_source_type: 'Repository',
          ruleset_source: `${ORG}/not-required-svc`,
          ruleset_id: 3,
          parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: 'build' }] }
        }
      ]
    },
    { name: 'hidden-svc', headSha: 'c'.repeat(40), files: [], hidden: 404 },
    { name: 'forbidden-svc', headSha: 'c'.repeat(40), files: [], hidden: 403 },
    { name: 'old-archive', headSha: 'd'.repeat(40), files: ['readiness.yml'], archived: true },
    {
      name: 'malformed-svc',
      headSha: 'e'.repeat(40),
      files: files('ready-svc'),
      checkRuns: [{ ...ready.run, id: 5002, head_sha: 'e'.repeat(40), output: { ...ready.run.output, text: tamper(ready.run.output.text) } }],
      rules: ruleset(7)
    },
    {
      name: 'older-version-svc',
      headSha: 'f'.repeat(40),
      files: files('ready-svc'),
      checkRuns: [
        {
          ...ready.run,
          id: 5003,
          head_sha: 'f'.repeat(40),
          output: { title: '1 of 1 system ready', summary: '### ✅ ticket-triage · pilot · 2/2 requirements', text: null }
        }
      ],
      rules: ruleset(7)
    },
    {
      name: 'stale-svc',
      headSha: '1'.repeat(40),
      files: files('ready-svc'),
      checkRuns: [{ ...ready.run, id: 5004, head_sha: '1'.repeat(40), completed_at: STALE_AT }],
      rules: ruleset(7)
    },
    { name: 'docs-site', headSha: '2'.repeat(40), files: ['index.md', 'docs/readiness.md'] }
  ]
}

interface FleetOutcome {
  run: ActionRun
  standIn: GitHubStandIn
  report: FleetReport
  html: string
}

async function fleet(
  node: string,
  workspace: string,
  repos: OrgRepo[],
  options: { rateLimit?: number; issues?: Record<string, unknown>[]; inputs?: Record<string, string> } = {}
): Promise<FleetOutcome> {
  const standIn = await GitHubStandIn.start({
    owner: ORG,
    repo: REPORTS_REPO,
    commits: [],
    organization: { login: ORG, repos, ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}), issues: options.issues ?? [] }
  })
  try {
    const run = await runAction({
      node,
      workspace,
      scratch,
      eventName: 'schedule',
      payload: { schedule: '0 6 * * 1' },
      apiUrl: standIn.url,
      repository: `${ORG}/${REPORTS_REPO}`,
      sha: '9'.repeat(40),
      ref: 'refs/heads/main',
      inputs: { mode: 'fleet', 'fleet-issue': 'AI readiness across acme', ...options.inputs }
    })
    if (!run.reportText) throw new Error(`no fleet report (exit ${run.code})\n${run.stdout}\n${run.stderr}`)
    const report = JSON.parse(run.reportText) as FleetReport
    return { run, standIn, report, html: readFileSync(run.outputs.html!, 'utf8') }
  } finally {
    await standIn.close()
  }
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` before the end-to-end tests.`)
  scratch = mkdtempSync(path.join(os.tmpdir(), 'rg-fleet-'))
})

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe.each(nodeBinaries())('the fleet through the bundled action under $label', ({ bin }) => {
  let first: FleetOutcome
  let workspace: string

  beforeAll(async () => {
    for (const [name, files] of Object.entries(PUBLISHED)) published[name] = await publish(bin, name, files)
    workspace = mkdtempSync(path.join(scratch, 'org-workspace-'))
    first = await fleet(bin, workspace, organization())
    // READINESS_GATE_FLEET_DEMO=DIR keeps this run's HTML and markdown (docs/img/fleet-report.png is a screenshot of it).
    const demo = process.env.READINESS_GATE_FLEET_DEMO
    if (demo) {
      mkdirSync(demo, { recursive: true })
      writeFileSync(path.join(demo, 'fleet-report.html'), first.html)
      writeFileSync(path.join(demo, 'fleet-report.md'), first.run.summary)
    }
  }, 120_000)

  it('reports every category correctly, within the request budget', () => {
    const { report, standIn, run } = first
    expect(standIn.rejections).toEqual([])
    expect(validateFleet(report)).toBe(true)
    const state = Object.fromEntries(report.repositories.map((repo) => [repo.name, repo.state]))
    expect(state).toEqual({
      'docs-site': 'no-manifest',
      'failing-svc': 'evaluated',
      'forbidden-svc': 'not-visible',
      'hidden-svc': 'not-visible',
      'malformed-svc': 'unreadable',
      'not-gated-svc': 'not-running',
      'not-required-svc': 'evaluated',
      'old-archive': 'archived',
      'older-version-svc': 'unreadable',
      'ready-svc': 'evaluated',
      'stale-svc': 'stale',
      'waiver-svc': 'evaluated'
    })
    const repo = (name: string) => report.repositories.find((entry) => entry.name === name)!
    expect(repo('ready-svc').required).toEqual({ status: 'required', by: ['ruleset 7 (organization acme)'] })
    expect(repo('failing-svc').required).toEqual({ status: 'required', by: ['branch protection'] })
    expect(repo('not-required-svc').required).toMatchObject({
      status: 'not-required',
      note: 'no ruleset requires "readiness-gate" and main has no branch protection'
    })
    expect(repo('not-gated-svc')).toMatchObject({
      why: 'models/ranker/readiness.yml in the tree, but no "readiness-gate" check run at the head of main',
      required: { status: 'unknown', note: 'no ruleset requires "readiness-gate"; branch protection was not read, as the gate is not running here' }
    })
    expect(repo('hidden-svc').why).toBe('the token cannot read it (404 Not Found)')
    expect(repo('forbidden-svc').why).toBe('the token cannot read it (403 Resource not accessible by integration)')
    expect(repo('malformed-svc').why).toBe('the machine-readable verdict is malformed (/passed must be boolean)')
    expect(repo('older-version-svc').why).toMatch(/^the check run carries no machine-readable verdict/)
    expect(repo('stale-svc').why).toMatch(/^its latest check run finished 20 days ago, over the 7-day freshness limit/)

    const systems = Object.fromEntries(report.systems.map((system) => [`${system.repository}/${system.name}`, system]))
    expect(Object.keys(systems).sort()).toEqual([
      'failing-svc/invoice-extractor',
      'not-required-svc/ticket-triage',
      'ready-svc/ticket-triage',
      'stale-svc/ticket-triage',
      'waiver-svc/semantic-search',
      'waiver-svc/support-chat'
    ])
    expect(systems['failing-svc/invoice-extractor']).toMatchObject({
      stage: 'production',
      passed: false,
      score: { passed: 2, required: 3 },
      failing: ['rollback.tested'],
      team: '@finance-ml',
      headSha: published['failing-svc']!.sha
    })
    expect(systems['ready-svc/ticket-triage']).toMatchObject({
      stage: 'pilot',
      passed: true,
      score: { passed: 2, required: 2 },
      failing: [],
      team: '@ml-platform'
    })
    expect(systems['waiver-svc/support-chat']).toMatchObject({
      passed: true,
      waivers: [{ requirement: 'rollback.tested', expires: day(10), verification: 'verified' }]
    })
    expect(systems['stale-svc/ticket-triage']!.stale).toBe(true)
    expect(report.expiring).toEqual([
      { repository: 'waiver-svc', system: 'semantic-search', kind: 'evidence', requirement: 'rollback.tested', expires: day(10), daysLeft: 10 },
      { repository: 'waiver-svc', system: 'support-chat', kind: 'waiver', requirement: 'rollback.tested', expires: day(10), daysLeft: 10 }
    ])
    expect(report.totals.systems).toEqual({
      total: 6,
      ready: 5,
      notReady: 1,
      byStage: { pilot: { ready: 3, notReady: 0 }, staging: { ready: 0, notReady: 0 }, production: { ready: 2, notReady: 1 }, none: { ready: 0, notReady: 0 } }
    })
    expect(report.totals.byTeam).toEqual([
      { team: '@finance-ml', systems: 1, ready: 0, notReady: 1 },
      { team: '@ml-platform', systems: 4, ready: 4, notReady: 0 },
      { team: '@search-team', systems: 1, ready: 1, notReady: 0 }
    ])
    expect(report.partial).toBeNull()

    // The archived repository cost nothing but its line in the listing; no repository more than 3 requests.
    const perRepo = new Map<string, number>()
    for (const request of standIn.requests) {
      const name = /^\/repos\/acme\/([^/]+)/.exec(request.path)?.[1]
      if (name && name !== REPORTS_REPO) perRepo.set(name, (perRepo.get(name) ?? 0) + 1)
    }
    expect(perRepo.get('old-archive')).toBeUndefined()
    expect(Math.max(...perRepo.values())).toBeLessThanOrEqual(3)
    expect(standIn.calls('repos/list-for-org')).toHaveLength(1)
    expect(report.requests).toEqual({ sent: standIn.requests.filter((request) => !request.path.includes(REPORTS_REPO)).length, notModified: 0 })

    expect(run.outputs).toMatchObject({
      systems: '6',
      ready: '5',
      'not-ready': '1',
      'not-gated': '3',
      unreadable: '4',
      partial: 'false',
      passed: 'false',
      issue: '1'
    })
    expect(run.code).toBe(0)
  })

  it('writes the job summary, the HTML page and the issue', () => {
    const { run, html, standIn } = first
    expect(run.summary).toContain('## readiness-gate fleet — acme: 5 of 6 systems ready; 3 repositories not gated; 4 not readable')
    for (const heading of [
      '### ❌ Systems not ready (1)',
      '### 🛑 Gate not running (2)',
      '### 🔓 Gate not required (1)',
      '### ❓ Unreadable verdicts (2)',
      '### 🙈 Not visible to this token (2)',
      '### ⏳ Expiring within 30 days (2)'
    ]) {
      expect(run.summary).toContain(heading)
    }
    expect(run.summary).toContain('| [failing-svc](https://github.com/acme/failing-svc) | invoice-extractor | production | 2/3 | `rollback.tested` |')
    expect(run.summary).toContain('**Archived** (1, not read): old-archive.')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<script|<link|src="http|href="http(?!s:\/\/github\.com\/acme\/)/)
    expect((html.match(/<svg /g) ?? []).length).toBe(3)
    const issues = standIn.calls('issues/create')
    expect(issues).toHaveLength(1)
    expect(issues[0]!.body).toMatchObject({ title: 'AI readiness across acme', labels: ['readiness-fleet'] })
    expect((issues[0]!.body as { body: string }).body).toContain('### 🛑 Gate not running (2)')
  })

  it('on the next run, costs nothing for unchanged repositories (304 Not Modified) and updates the issue in place', async () => {
    const issue = { number: 1, state: 'open', title: 'AI readiness across acme', body: 'last week', labels: [{ name: 'readiness-fleet' }] }
    const second = await fleet(bin, workspace, organization(), { issues: [issue] })
    expect(second.standIn.rejections).toEqual([])
    const probes = second.standIn.requests.filter((request) => !request.path.includes(REPORTS_REPO))
    expect(probes.length).toBe(first.report.requests.sent)
    // Only the repositories the token cannot see answer again (GitHub does not answer 403 or 404 conditionally);
    // requests run concurrently, so their order is not part of the contract.
    expect(
      probes
        .filter((request) => request.status !== 304)
        .map((request) => `${request.path} ${request.status}`)
        .sort()
    ).toEqual(['/repos/acme/forbidden-svc/commits/main/check-runs 403', '/repos/acme/hidden-svc/commits/main/check-runs 404'])
    expect(second.report.requests).toEqual({ sent: probes.length, notModified: probes.length - 2 })
    const strip = (report: FleetReport) => ({ ...report, generatedAt: '', requests: null })
    expect(strip(second.report)).toEqual(strip(first.report))
    expect(second.standIn.calls('issues/create')).toHaveLength(0)
    expect(second.standIn.calls('issues/update').map((call) => call.params.issue_number)).toEqual(['1'])
  }, 60_000)

  it('marks the report partial and names the repositories it did not reach when the rate limit runs out', async () => {
    const fresh = mkdtempSync(path.join(scratch, 'org-limited-'))
    const outcome = await fleet(bin, fresh, organization(), { rateLimit: 8, inputs: { 'fleet-issue': '' } })
    const { report, run } = outcome
    expect(validateFleet(report)).toBe(true)
    expect(report.partial).not.toBeNull()
    expect(report.partial!.reason).toMatch(/^the API rate limit ran out \(403 API rate limit exceeded/)
    const missing = report.repositories.filter((repo) => repo.state === 'missing').map((repo) => repo.name)
    expect(missing.length).toBeGreaterThan(0)
    expect(report.partial!.missing).toEqual(missing)
    // Every listed repository is accounted for: read, archived, or named as missing.
    expect(report.repositories).toHaveLength(12)
    expect(run.summary).toContain(`> ⚠️ **Partial report:**`)
    expect(run.outputs.partial).toBe('true')
    expect(run.code).toBe(1)
  }, 60_000)
})
