import { afterEach, describe, expect, it } from '@jest/globals'
import { parseDocument } from 'yaml'
import { runGate } from '../../src/gate.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import { parsePolicy } from '../../src/policy/load.js'
import type { Policy } from '../../src/policy/types.js'
import type { Finding, Report } from '../../src/report/types.js'
import { OFFLINE_TRUST, type TrustContext } from '../../src/trust/types.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

const NOW = new Date('2026-11-22T12:00:00Z')
const repos: TempRepo[] = []
afterEach(async () => {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()))
})

function policy(text: string): Policy {
  const result = parsePolicy(text, 'policy.yml')
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.policy
}

async function gate(files: Record<string, string>, options: { policy?: Policy; trust?: TrustContext; manifests?: string[] } = {}): Promise<Report> {
  const repo = await tempRepo(files)
  repos.push(repo)
  return runGate({
    root: repo.root,
    manifests: options.manifests,
    policy: options.policy ?? DEFAULT_POLICY,
    policySource: 'test',
    now: NOW,
    trust: options.trust ?? OFFLINE_TRUST
  })
}

const findings = (report: Report, rule: string): Finding[] => report.systems.flatMap((s) => s.findings).filter((f) => f.rule === rule)
const only = (report: Report, rule: string): Finding => {
  const list = findings(report, rule)
  expect(list).toHaveLength(1)
  return list[0]!
}

const PILOT = `system: pilot-sys
stage: pilot
owners:
  model-operations: "@alice"
  executive-sponsor: "@carol"
success-metric:
  name: hours saved
  unit: hours
  baseline: 100
  target: 40
  measured-by: ops report
volume:
  monthly-requests: 1000000
data:
  sources:
    - name: inbox
      owner: "@dan"
      on-failure: wait and alert
evidence:
  cost:
    usd-per-1k-requests: 1
    monthly-budget-usd: 2000
    headroom: 2
`

describe('a pilot-stage system', () => {
  it('passes when every pilot requirement holds, and lists later ones as not required', async () => {
    const report = await gate({ 'sys/readiness.yml': PILOT })
    expect(report.passed).toBe(true)
    const system = report.systems[0]!
    expect(system).toMatchObject({ name: 'pilot-sys', manifest: 'sys/readiness.yml', stage: 'pilot', passed: true, score: { passed: 5, required: 5 } })
    expect(only(report, 'cost.projection').message).toBe('$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month ≤ budget $2,000.')
    expect(only(report, 'load.production-volume')).toMatchObject({ status: 'not-required' })
  })

  it('computes the cost projection and fails it over budget, at the cost line', async () => {
    const report = await gate({ 'sys/readiness.yml': PILOT.replace('monthly-budget-usd: 2000', 'monthly-budget-usd: 1500') })
    const finding = only(report, 'cost.projection')
    expect(finding).toMatchObject({ status: 'fail', file: 'sys/readiness.yml', line: 20 })
    expect(finding.message).toBe('$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month > budget $1,500.')
    expect(report.passed).toBe(false)
    expect(report.systems[0]!.score).toEqual({ passed: 4, required: 5 })
  })

  it('applies the policy minimum headroom when the manifest gives less, or none', async () => {
    const low = await gate({ 'sys/readiness.yml': PILOT.replace('headroom: 2', 'headroom: 1.2') })
    expect(only(low, 'cost.projection').message).toBe("Cost headroom 1.2 is below the policy's minimum of 1.5.")
    const none = await gate({ 'sys/readiness.yml': PILOT.replace('    headroom: 2\n', '') })
    expect(only(none, 'cost.projection').message).toMatch(/× 1.5 headroom = \$1,500\/month ≤ budget/)
  })

  it('points a missing owner at the owners block and a missing source owner at the source', async () => {
    const report = await gate({ 'sys/readiness.yml': PILOT.replace('  executive-sponsor: "@carol"\n', '').replace('      owner: "@dan"\n', '') })
    expect(only(report, 'owner.executive-sponsor')).toMatchObject({ status: 'fail', line: 3, hint: expect.stringMatching(/executive-sponsor/) })
    expect(only(report, 'data.sources-mapped')).toMatchObject({ status: 'fail', line: 15, message: 'Data source "inbox" lacks `owner`.' })
  })

  it('fails a success metric whose target equals the baseline', async () => {
    const report = await gate({ 'sys/readiness.yml': PILOT.replace('target: 40', 'target: 100') })
    expect(only(report, 'success-metric').message).toMatch(/target equals its baseline/)
  })
})

describe('schema problems', () => {
  it('fail the system even when every requirement holds', async () => {
    const report = await gate({ 'sys/readiness.yml': `${PILOT}colour: blue\n` })
    expect(report.systems[0]!.passed).toBe(false)
    expect(only(report, 'manifest.schema')).toMatchObject({ line: 24, message: '`colour` is not a known key.' })
  })
  it('an unknown stage evaluates nothing and fails', async () => {
    const report = await gate({ 'sys/readiness.yml': PILOT.replace('stage: pilot', 'stage: prod') })
    expect(report.systems[0]).toMatchObject({ stage: null, passed: false, score: { passed: 0, required: 0 } })
    expect(only(report, 'manifest.schema').line).toBe(2)
  })
})

describe('production declarations', () => {
  const production = (extra: string): Record<string, string> => ({ 'sys/readiness.yml': `${PILOT.replace('stage: pilot', 'stage: production')}${extra}` })

  it('fails training dated in the future, and passes it in the past', async () => {
    const future = await gate(production('adoption:\n  training:\n    completed-on: 2026-12-01\n  escalation-path: "#help"\n'))
    expect(only(future, 'adoption.training')).toMatchObject({
      status: 'fail',
      line: 26,
      message: 'User training is dated 2026-12-01, in the future: it is planned, not completed.'
    })
    const past = await gate(production('adoption:\n  training:\n    completed-on: 2026-11-01\n  escalation-path: "#help"\n'))
    expect(only(past, 'adoption.training').status).toBe('pass')
  })

  it('says when a passing rollback test and linked evidence stop counting (expires), and names the owners', async () => {
    const report = await gate({
      'sys/runbook.md': '# Rollback\n\n1. Pin the previous model version.\n2. Confirm every pod serves it.\n3. Tell support.\n',
      'sys/tests.xml': '<testsuite name="integration" tests="1" failures="0"><testcase name="crm"/></testsuite>\n',
      'sys/readiness.yml': `${PILOT.replace('stage: pilot', 'stage: production')}  rollback:\n    plan: runbook.md\n    tested-on: 2026-10-01\n  integration-tests:\n    file: tests.xml\n    date: 2026-09-15\n    points: [crm]\n`
    })
    // Tested 2026-10-01 under a 90-day limit: it counts through 2026-12-30; the test report dated 2026-09-15 through 2026-12-14.
    expect(findings(report, 'rollback.tested')).toEqual([expect.objectContaining({ status: 'pass', expires: '2026-12-30' })])
    expect(findings(report, 'integration.tested')).toEqual([expect.objectContaining({ status: 'pass', expires: '2026-12-14' })])
    // A requirement with nothing that ages carries no date.
    expect(only(report, 'owner.model-operations').expires).toBeUndefined()
    expect(report.systems[0]!.owners).toEqual({ 'model-operations': '@alice', 'executive-sponsor': '@carol' })
  })

  it('fails a rollback tested longer ago than the policy allows, and a plan that escapes the repository', async () => {
    const report = await gate({
      'sys/readiness.yml': `${PILOT.replace('stage: pilot', 'stage: production')}  rollback:\n    plan: ../../etc/passwd\n    tested-on: 2026-01-10\n`
    })
    const list = findings(report, 'rollback.tested')
    expect(list.map((f) => f.message)).toEqual([
      'The rollback plan "../../etc/passwd": the path "../../etc/passwd" points outside the repository.',
      "The rollback was last tested 316 days ago (2026-01-10), over the policy's 90-day limit."
    ])
    expect(list.map((f) => f.line)).toEqual([25, 26])
  })

  it('offers to paste only the keys a missing section lacks: pasted into the manifest, each snippet is valid YAML', async () => {
    const text = `${PILOT.replace('stage: pilot', 'stage: production')}  drift:\n    file: drift.yml\n  slo:\n    p95-ms: 800\n    error-rate: 0.01\n`
    const report = await gate({ 'sys/readiness.yml': text })
    const snippets = report.systems[0]!.findings.flatMap((f) => (f.snippet ? [{ rule: f.rule, snippet: f.snippet }] : []))
    // evidence.monitoring and evidence.load-test are missing; their sections' drift: and slo: are not.
    const runbooks = snippets.find((s) => s.rule === 'incident.runbooks')!.snippet
    expect(runbooks.split('\n').map((line) => line.trim().split(/:\s/)[0])).toEqual(['evidence:', 'monitoring:', 'file'])
    const load = snippets.find((s) => s.rule === 'load.production-volume')!.snippet
    expect(load).toMatch(/^evidence:\n {2}load-test:\n/)
    expect(load).not.toMatch(/slo:/)
    for (const { rule, snippet } of snippets.filter((s) => s.snippet.startsWith('evidence:\n'))) {
      const pasted = parseDocument(`${text}${snippet.split('\n').slice(1).join('\n')}\n`)
      expect({ rule, errors: pasted.errors.map((e) => e.message) }).toEqual({ rule, errors: [] })
    }
  })
})

const SIGNOFF = `role: legal
system: pilot-sys
model-version: 1.0.0
signed-by: "@erin"
date: 2026-11-10
scope: output liability
`

describe('sign-offs', () => {
  const files = (signoff = SIGNOFF): Record<string, string> => ({
    'sys/readiness.yml': `${PILOT.replace('stage: pilot', 'stage: production').replace('system: pilot-sys\n', 'system: pilot-sys\nmodel:\n  version: 1.0.0\n')}  legal-signoff:\n    file: legal.yml\n`,
    'sys/legal.yml': signoff
  })
  const signers = policy('signers:\n  legal: ["@erin"]\n')

  it('fail closed under the default policy, which lists no signers', async () => {
    const report = await gate(files())
    expect(only(report, 'signoff.legal')).toMatchObject({
      status: 'fail',
      file: 'sys/legal.yml',
      line: 4,
      message: '@erin is not an allowed legal signer (the trusted policy lists no legal signers).'
    })
  })

  it('pass offline as unverified when the signer is allowed', async () => {
    const report = await gate(files(), { policy: signers })
    expect(only(report, 'signoff.legal')).toMatchObject({ status: 'pass', verification: 'unverified' })
  })

  it('count on a pull request only with the signer’s approval at the head commit', async () => {
    const approved: TrustContext = {
      mode: 'pull_request',
      approvers: new Set(['erin']),
      author: 'mallory',
      trustedRef: 'base abc1234',
      readTrusted: () => Promise.resolve(null)
    }
    expect(only(await gate(files(), { policy: signers, trust: approved }), 'signoff.legal')).toMatchObject({ status: 'pass', verification: 'verified' })

    const notApproved: TrustContext = { ...approved, approvers: new Set(['someone-else']) }
    const failing = only(await gate(files(), { policy: signers, trust: notApproved }), 'signoff.legal')
    expect(failing).toMatchObject({ status: 'fail', verification: 'unverified', line: 4 })
    expect(failing.message).toBe(
      "Legal sign-off by @erin does not count: @erin has no approving review at this pull request's head commit, and the claim differs from base abc1234."
    )
  })

  it('do not let the PR author approve their own sign-off', async () => {
    const self: TrustContext = { mode: 'pull_request', approvers: new Set(['erin']), author: 'erin', readTrusted: () => Promise.resolve(null) }
    expect(only(await gate(files(), { policy: signers, trust: self }), 'signoff.legal').message).toMatch(/the PR author cannot approve their own claim/)
  })

  it('count when the file is unchanged from the trusted reference', async () => {
    const unchanged: TrustContext = {
      mode: 'branch',
      approvers: new Set(),
      trustedRef: 'main',
      readTrusted: (p) => Promise.resolve(p === 'sys/legal.yml' ? SIGNOFF : null)
    }
    expect(only(await gate(files(), { policy: signers, trust: unchanged }), 'signoff.legal')).toMatchObject({ status: 'pass', verification: 'verified' })
    const edited: TrustContext = { ...unchanged, readTrusted: () => Promise.resolve(SIGNOFF.replace('2026-11-10', '2026-11-09')) }
    expect(only(await gate(files(), { policy: signers, trust: edited }), 'signoff.legal').status).toBe('fail')
  })

  it('reject a sign-off for another system, another model version, or with "approved" but no signer', async () => {
    expect(only(await gate(files(SIGNOFF.replace('system: pilot-sys', 'system: other')), { policy: signers }), 'signoff.legal').message).toBe(
      '"sys/legal.yml" signs off system "other", not "pilot-sys".'
    )
    expect(only(await gate(files(SIGNOFF.replace('model-version: 1.0.0', 'model-version: 0.9.0')), { policy: signers }), 'signoff.legal')).toMatchObject({
      line: 3,
      message: 'The legal sign-off reviewed model version 0.9.0, but the manifest claims 1.0.0.'
    })
    const forged = findings(await gate(files('role: legal\nsystem: pilot-sys\napproved: true\n'), { policy: signers }), 'signoff.legal')
    expect(forged.map((f) => [f.status, f.file, f.line, f.message])).toEqual([
      ['fail', 'sys/legal.yml', 1, 'The legal sign-off "sys/legal.yml": `signed-by` is missing.'],
      ['fail', 'sys/legal.yml', 1, 'The legal sign-off "sys/legal.yml": `date` is missing.'],
      ['fail', 'sys/legal.yml', 1, 'The legal sign-off "sys/legal.yml": `scope` is missing.'],
      ['fail', 'sys/legal.yml', 3, 'The legal sign-off "sys/legal.yml": `approved` is not a known key.']
    ])
  })
})

describe('waivers', () => {
  const withWaiver = (waiver: string): Record<string, string> => ({
    'sys/readiness.yml': `${PILOT.replace('  executive-sponsor: "@carol"\n', '')}waivers:\n${waiver}`
  })
  const approvers = policy('waivers:\n  approvers: ["@frank"]\n  max-days: 60\n')
  const waiver = (expires: string, extra = ''): string =>
    `  - requirement: owner.executive-sponsor\n    reason: sponsor joins next month\n    approved-by: "@frank"\n    expires: ${expires}\n${extra}`

  it('waive a failing requirement while valid, and count it in the score', async () => {
    const report = await gate(withWaiver(waiver('2026-12-15')), { policy: approvers })
    expect(report.passed).toBe(true)
    const finding = only(report, 'owner.executive-sponsor')
    expect(finding).toMatchObject({ status: 'waived', verification: 'unverified', expires: '2026-12-15' })
    expect(finding.message).toMatch(/ Waived by @frank until 2026-12-15, \d+ days? left/)
    expect(report.systems[0]!.score).toEqual({ passed: 5, required: 5 })
  })

  it('count through the whole expiry day, and fail closed the day after', async () => {
    expect((await gate(withWaiver(waiver('2026-11-22')), { policy: approvers })).passed).toBe(true)
    const expired = await gate(withWaiver(waiver('2026-11-21')), { policy: approvers })
    expect(expired.passed).toBe(false)
    const messages = findings(expired, 'owner.executive-sponsor').map((f) => f.message)
    expect(messages).toContain('The waiver for owner.executive-sponsor does not count: it expired on 2026-11-21.')
  })

  it('fail when the approver is not allowed or the waiver runs past the policy limit', async () => {
    const stranger = await gate(withWaiver(waiver('2026-12-15').replace('@frank', '@mallory')), { policy: approvers })
    expect(findings(stranger, 'owner.executive-sponsor').map((f) => f.message)).toContain(
      'The waiver for owner.executive-sponsor does not count: @mallory may not approve waivers (allowed: @frank).'
    )
    const long = await gate(withWaiver(waiver('2027-06-01', '    approved-on: 2026-11-20\n')), { policy: approvers })
    expect(findings(long, 'owner.executive-sponsor').map((f) => f.message)).toContain(
      "The waiver for owner.executive-sponsor does not count: it runs 193 days from 2026-11-20, over the policy's 60-day limit."
    )
  })

  it('fail a waiver for an unknown requirement', async () => {
    const report = await gate(withWaiver(waiver('2026-12-15').replace('owner.executive-sponsor', 'owner.nobody')), { policy: approvers })
    expect(only(report, 'waiver.invalid').message).toBe('A waiver does not count: "owner.nobody" is not a requirement the gate knows.')
  })

  it('on a pull request, count only when approved or unchanged from base', async () => {
    const pr: TrustContext = { mode: 'pull_request', approvers: new Set(), author: 'mallory', trustedRef: 'base', readTrusted: () => Promise.resolve(null) }
    const added = await gate(withWaiver(waiver('2026-12-15')), { policy: approvers, trust: pr })
    expect(added.passed).toBe(false)
    const files = withWaiver(waiver('2026-12-15'))
    const carried = await gate(files, { policy: approvers, trust: { ...pr, readTrusted: () => Promise.resolve(files['sys/readiness.yml']!) } })
    expect(carried.passed).toBe(true)
  })
})

describe('discovery', () => {
  it('finds every readiness.yml, skipping node_modules and .git, and flags duplicate system names', async () => {
    const report = await gate({ 'a/readiness.yml': PILOT, 'b/readiness.yml': PILOT, 'node_modules/x/readiness.yml': PILOT, '.git/readiness.yml': PILOT })
    expect(report.systems.map((s) => s.manifest)).toEqual(['a/readiness.yml', 'b/readiness.yml'])
    expect(findings(report, 'manifest.duplicate-system').map((f) => f.message)).toEqual([
      'System name "pilot-sys" is also claimed by b/readiness.yml.',
      'System name "pilot-sys" is also claimed by a/readiness.yml.'
    ])
    expect(report.passed).toBe(false)
  })
  it('reports a named manifest path that does not exist, and an empty repository passes with no systems', async () => {
    const missing = await gate({}, { manifests: ['nope/readiness.yml'] })
    expect(missing.passed).toBe(false)
    expect(missing.notices[0]).toMatchObject({ rule: 'manifest.missing', status: 'fail' })
    const empty = await gate({})
    expect(empty).toMatchObject({ passed: true, systems: [] })
  })
  it('fails on a named glob or folder that matches no manifest, naming it, even when another pattern finds one', async () => {
    const report = await gate({ 'a/readiness.yml': PILOT, 'docs/README.md': '# docs\n' }, { manifests: ['a', 'services/*/readiness.yaml', 'docs'] })
    expect(report.systems.map((s) => s.manifest)).toEqual(['a/readiness.yml'])
    expect(report.notices.map((n) => [n.rule, n.status, n.file, n.message])).toEqual([
      ['manifest.missing', 'fail', 'docs', 'The folder "docs" holds no readiness.yml or readiness.yaml.'],
      ['manifest.missing', 'fail', 'services/*/readiness.yaml', 'The pattern "services/*/readiness.yaml" matches no file in the repository.']
    ])
    expect(report.passed).toBe(false)
  })
  it('finds readiness.yaml as well as readiness.yml by default', async () => {
    const report = await gate({ 'a/readiness.yaml': PILOT, 'b/readiness.yml': PILOT.replace('pilot-sys', 'other-sys') })
    expect(report.systems.map((s) => s.manifest)).toEqual(['a/readiness.yaml', 'b/readiness.yml'])
  })
})

describe('a system that loses its manifest on a pull request', () => {
  const base = { 'a/readiness.yml': PILOT, 'b/readiness.yml': PILOT.replace('pilot-sys', 'other-sys').replace('stage: pilot', 'stage: production') }
  const trust = (approvers: string[]): TrustContext => ({
    mode: 'pull_request',
    approvers: new Set(approvers),
    author: 'mallory',
    trustedRef: 'base 1234567',
    listTrusted: () => Promise.resolve(['a/readiness.yml', 'b/readiness.yml', 'README.md', 'node_modules/x/readiness.yml']),
    readTrusted: (file) => Promise.resolve((base as Record<string, string>)[file] ?? null)
  })
  const approvers = policy('waivers:\n  approvers: ["@frank"]\n')

  it('fails when its manifest is deleted or renamed out of discovery', async () => {
    const report = await gate({ 'a/readiness.yml': PILOT, 'b/readiness.yml.bak': base['b/readiness.yml'] }, { policy: approvers, trust: trust([]) })
    expect(report.passed).toBe(false)
    expect(report.notices).toEqual([
      expect.objectContaining({
        rule: 'system.removed',
        status: 'fail',
        file: 'b/readiness.yml',
        line: 1,
        message:
          'System "other-sys" (stage production at base 1234567) has no manifest in this change, so the gate cannot judge it; a manifest cannot be removed to escape the gate.'
      })
    ])
  })

  it('is scoped to the manifests patterns: a run gating one system does not judge the others, but still catches a removal within them', async () => {
    const narrowed = await gate(base, { policy: approvers, trust: trust([]), manifests: ['a/readiness.yml'] })
    expect(narrowed.notices).toEqual([])
    const removedWithin = await gate(
      { 'a/readiness.yml': PILOT, 'b/other.txt': 'x' },
      { policy: approvers, trust: trust([]), manifests: ['b/**/readiness.yml', 'a'] }
    )
    expect(removedWithin.notices.map((n) => [n.rule, n.status, n.file])).toEqual([
      ['manifest.missing', 'fail', 'b/**/readiness.yml'],
      ['system.removed', 'fail', 'b/readiness.yml']
    ])
  })

  it('passes when the manifest moved with the system, or a waiver approver approved the removal', async () => {
    const moved = await gate({ 'a/readiness.yml': PILOT, 'services/b/readiness.yml': base['b/readiness.yml'] }, { policy: approvers, trust: trust([]) })
    expect(moved.notices).toEqual([])
    const retired = await gate({ 'a/readiness.yml': PILOT }, { policy: approvers, trust: trust(['frank']) })
    expect(retired.passed).toBe(true)
    expect(retired.notices[0]).toMatchObject({ rule: 'system.removed', status: 'pass', verification: 'verified' })
  })

  it('is not checked offline', async () => {
    expect((await gate({ 'a/readiness.yml': PILOT })).notices).toEqual([])
  })
})
