// Fooling attempts at the pure level: a pull request that tries to make a system that is not ready
// pass — by changing the rules, forging a claim, borrowing someone else's, or hiding the system. Each
// attempt is made through real files in a temporary repository and a TrustContext built the way the
// action builds it (approvals from GitHub reviews at the head commit, files at the base commit). Each
// test also shows the legitimate path passes, so it would fail if the gate fell for the trick.
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { approversFromReviews, type Review } from '../../src/github/trusted.js'
import { loadPolicyFile } from '../../src/policy/load.js'
import type { Report } from '../../src/report/types.js'
import type { TrustContext } from '../../src/trust/types.js'
import { EXAMPLE, EXAMPLE_POLICY, EXAMPLE_POLICY_TEXT, exampleRepo, expectFinding, failures, findingsOf, gate, policyOf, removeRepos } from './support.js'

afterEach(removeRepos)

const DIR = 'ai/triage'
const MANIFEST = `${DIR}/readiness.yml`
const MANIFEST_TEXT = readFileSync(path.join(EXAMPLE, 'readiness.yml'), 'utf8')
const LEGAL = readFileSync(path.join(EXAMPLE, 'compliance/legal.yml'), 'utf8')
const SECURITY = readFileSync(path.join(EXAMPLE, 'compliance/security.yml'), 'utf8')
const HEAD_SHA = 'a'.repeat(40)
const BASE_SHA = 'b'.repeat(40)

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`"${needle}" is not in the text`)
  return index + 1
}

/**
 * A pull request by `author`: approvals come from GitHub reviews (as the action reads them), trusted
 * files from `base` (repo-relative path → content, as at the base commit).
 */
function pullRequest(options: { author?: string; reviews?: Review[]; base?: Record<string, string> } = {}): TrustContext {
  const author = options.author ?? 'mallory'
  const base = options.base ?? {}
  return {
    mode: 'pull_request',
    approvers: approversFromReviews(options.reviews ?? [], HEAD_SHA, author),
    author,
    trustedRef: `base ${BASE_SHA.slice(0, 7)}`,
    readTrusted: (file) => Promise.resolve(base[file] ?? null),
    listTrusted: () => Promise.resolve(Object.keys(base))
  }
}

let reviewClock = Date.parse('2026-11-22T08:00:00Z')
function review(login: string, state: string, commit: string = HEAD_SHA): Review {
  reviewClock += 60_000
  return { user: { login }, state, commit_id: commit, submitted_at: new Date(reviewClock).toISOString() }
}

/** The example's base commit: the manifest and both sign-offs as they were merged. */
const BASE_FILES: Record<string, string> = { [MANIFEST]: MANIFEST_TEXT, [`${DIR}/compliance/legal.yml`]: LEGAL, [`${DIR}/compliance/security.yml`]: SECURITY }

/** The example, with a new legal sign-off in the head (dated later, so it differs from base). */
const NEW_LEGAL = LEGAL.replace('date: 2026-11-14', 'date: 2026-11-20')

describe('a pull request cannot change the rules that judge it', () => {
  // What the attacker writes into the head's policy: everything they need to pass.
  const permissive = `stages:\n  pilot: []\n  staging: []\n  production: []\nsigners:\n  legal: ["@mallory"]\n  security: ["@mallory"]\nthresholds:\n  max-evidence-age-days: 100000\n  rollback-max-age-days: 100000\nwaivers:\n  approvers: ["@mallory"]\n  max-days: 100000\n`
  const stale = MANIFEST_TEXT.replace('tested-on: 2026-11-05', 'tested-on: 2024-01-10')

  it('the head policy would let the PR pass — so the attack is real', async () => {
    const repo = await exampleRepo(DIR, { '.github/readiness-policy.yml': permissive, [MANIFEST]: stale })
    const head = await loadPolicyFile(repo.root)
    if (!head.ok) throw new Error('head policy invalid')
    expect((await gate(repo.root, { policy: head.policy, trust: pullRequest({ base: BASE_FILES }) })).passed).toBe(true)
  })

  it('judged by the base policy, a lowered threshold, a removed requirement and a self-added signer change nothing', async () => {
    const repo = await exampleRepo(DIR, {
      '.github/readiness-policy.yml': permissive,
      [MANIFEST]: stale,
      [`${DIR}/compliance/legal.yml`]: NEW_LEGAL.replace('"@erin"', '"@mallory"')
    })
    // The action reads the policy at the base commit; runGate never reads one from the working tree.
    const report = await gate(repo.root, { policy: EXAMPLE_POLICY, trust: pullRequest({ base: BASE_FILES, reviews: [review('mallory', 'APPROVED')] }) })
    expect(report.passed).toBe(false)
    expectFinding(report, { rule: 'rollback.tested', file: MANIFEST, message: /^The rollback was last tested .* over the policy's 365-day limit\.$/ })
    expectFinding(report, {
      rule: 'signoff.legal',
      file: `${DIR}/compliance/legal.yml`,
      line: 4,
      message: /^@mallory is not an allowed legal signer \(allowed: @erin\)\.$/
    })
    expect(findingsOf(report, 'signoff.security')).toEqual([expect.objectContaining({ status: 'pass', verification: 'verified' })])
  })

  it('the base policy parses the same text the same way whatever the head holds', () => {
    expect(policyOf(EXAMPLE_POLICY_TEXT)).toEqual(EXAMPLE_POLICY)
    expect(EXAMPLE_POLICY.signers.legal).toEqual(['erin'])
  })
})

describe('a claim needs its signer’s approval at the head commit, or to be unchanged from base', () => {
  const signoffFile = `${DIR}/compliance/legal.yml`
  const check = async (legal: string, trust: TrustContext): Promise<Report> => {
    const repo = await exampleRepo(DIR, { [signoffFile]: legal })
    return gate(repo.root, { trust })
  }
  const notApproved = (report: Report, why: RegExp): void => {
    expectFinding(report, { rule: 'signoff.legal', file: signoffFile, line: lineOf(LEGAL, 'signed-by'), message: why })
    expect(report.passed).toBe(false)
  }

  it('passes when @erin approved the head commit (the control)', async () => {
    const report = await check(NEW_LEGAL, pullRequest({ base: BASE_FILES, reviews: [review('erin', 'APPROVED')] }))
    expect(findingsOf(report, 'signoff.legal')).toEqual([expect.objectContaining({ status: 'pass', verification: 'verified' })])
    expect(report.passed).toBe(true)
  })

  it('passes when the sign-off is unchanged from base (the control)', async () => {
    const report = await check(LEGAL, pullRequest({ base: BASE_FILES }))
    expect(findingsOf(report, 'signoff.legal')[0]!.message).toMatch(/verified: unchanged from base bbbbbbb/)
    expect(report.passed).toBe(true)
  })

  it('fails a sign-off that says "approved: true" (and "verified: true"): a line in a file proves nothing', async () => {
    const forged = `${NEW_LEGAL}approved: true\nverified: true\n`
    const report = await check(forged, pullRequest({ base: BASE_FILES }))
    expectFinding(report, { rule: 'signoff.legal', file: signoffFile, line: lineOf(forged, 'approved: true'), message: /`approved` is not a known key/ })
    expect(report.passed).toBe(false)
  })

  it('fails without any review', async () => {
    notApproved(
      await check(NEW_LEGAL, pullRequest({ base: BASE_FILES })),
      /^Legal sign-off by @erin does not count: @erin has no approving review at this pull request's head commit, and the claim differs from base bbbbbbb\.$/
    )
  })

  it('fails with an approval by the wrong user, or by a look-alike login', async () => {
    notApproved(
      await check(
        NEW_LEGAL,
        pullRequest({ base: BASE_FILES, reviews: [review('sam', 'APPROVED'), review('erin-bot', 'APPROVED'), review('erin', 'COMMENTED')] })
      ),
      /@erin has no approving review/
    )
  })

  it('fails with an approval of an older head commit (stale)', async () => {
    notApproved(await check(NEW_LEGAL, pullRequest({ base: BASE_FILES, reviews: [review('erin', 'APPROVED', BASE_SHA)] })), /@erin has no approving review/)
  })

  it('fails with an approval later dismissed, or followed by a request for changes', async () => {
    notApproved(
      await check(NEW_LEGAL, pullRequest({ base: BASE_FILES, reviews: [review('erin', 'APPROVED'), review('erin', 'DISMISSED')] })),
      /@erin has no approving review/
    )
    notApproved(
      await check(NEW_LEGAL, pullRequest({ base: BASE_FILES, reviews: [review('erin', 'APPROVED'), review('erin', 'CHANGES_REQUESTED')] })),
      /@erin has no approving review/
    )
  })

  it('fails when the PR author is the signer and approves their own sign-off', async () => {
    // GitHub refuses an author's own approval; a forged one still must not count.
    const trust = pullRequest({ author: 'erin', base: BASE_FILES, reviews: [review('erin', 'APPROVED')] })
    notApproved(await check(NEW_LEGAL, trust), /\(the PR author cannot approve their own claim\)/)
    // Even when the approvals handed over include the author (a bug upstream), the claim does not count.
    notApproved(await check(NEW_LEGAL, { ...trust, approvers: new Set(['erin']) }), /\(the PR author cannot approve their own claim\)/)
  })

  it('fails an edited sign-off whose signer has not approved, even when only the date moved', async () => {
    const base = { ...BASE_FILES, [signoffFile]: LEGAL }
    notApproved(await check(LEGAL.replace('2026-11-14', '2026-11-15'), pullRequest({ base })), /the claim differs from base/)
  })
})

describe('a claim cannot be borrowed from another system or another role', () => {
  it('fails a sign-off pointed at another system’s sign-off file, even one unchanged from base', async () => {
    const other = LEGAL.replace('system: support-triage', 'system: invoice-extractor')
    const base = { ...BASE_FILES, 'ai/invoices/compliance/legal.yml': other }
    const repo = await exampleRepo(DIR, {
      'ai/invoices/compliance/legal.yml': other,
      [MANIFEST]: MANIFEST_TEXT.replace('file: compliance/legal.yml', 'file: ../invoices/compliance/legal.yml')
    })
    const report = await gate(repo.root, { trust: pullRequest({ base }) })
    expectFinding(report, {
      rule: 'signoff.legal',
      file: 'ai/invoices/compliance/legal.yml',
      line: 2,
      message: /^"ai\/invoices\/compliance\/legal\.yml" signs off system "invoice-extractor", not "support-triage"\.$/
    })
    expect(report.passed).toBe(false)
  })

  it('fails the security sign-off linked as the legal one', async () => {
    const repo = await exampleRepo(DIR, { [MANIFEST]: MANIFEST_TEXT.replace('file: compliance/legal.yml', 'file: compliance/security.yml') })
    const report = await gate(repo.root, { trust: pullRequest({ base: BASE_FILES }) })
    expectFinding(report, {
      rule: 'signoff.legal',
      file: `${DIR}/compliance/security.yml`,
      line: 1,
      message: /^"ai\/triage\/compliance\/security\.yml" is a security sign-off, not a legal one\.$/
    })
  })

  describe('a waiver', () => {
    // Another system's manifest on base carries an approved waiver; this PR copies it.
    const waiver = `waivers:\n  - requirement: rollback.tested\n    reason: rehearsal booked after the vendor migration\n    approved-by: "@frank"\n    approved-on: 2026-11-01\n    expires: 2026-12-15\n`
    const otherManifest = `${MANIFEST_TEXT.replace('system: support-triage', 'system: invoice-extractor')}${waiver}`
    const staleRollback = MANIFEST_TEXT.replace('tested-on: 2026-11-05', 'tested-on: 2025-06-01')

    it('counts when it is in this system’s base manifest unchanged (the control)', async () => {
      const head = `${staleRollback}${waiver}`
      const repo = await exampleRepo(DIR, { [MANIFEST]: head })
      const report = await gate(repo.root, { trust: pullRequest({ base: { ...BASE_FILES, [MANIFEST]: head } }) })
      expect(findingsOf(report, 'rollback.tested').map((finding) => [finding.status, finding.verification])).toEqual([['waived', 'verified']])
    })

    it('does not count when copied from another system’s manifest', async () => {
      const head = `${staleRollback}${waiver}`
      const repo = await exampleRepo(DIR, { [MANIFEST]: head, 'ai/invoices/readiness.yml': otherManifest })
      const base = { ...BASE_FILES, 'ai/invoices/readiness.yml': otherManifest }
      const report = await gate(repo.root, { trust: pullRequest({ base }) })
      expectFinding(report, {
        rule: 'rollback.tested',
        file: MANIFEST,
        line: lineOf(head, 'approved-by: "@frank"'),
        message: /^The waiver for rollback\.tested does not count: @frank has no approving review/
      })
    })

    it('does not count when another system’s manifest is moved into this system’s path and renamed', async () => {
      // The base manifest at this path is the other system's: a waiver carries over only within one system.
      const head = `${staleRollback}${waiver}`
      const repo = await exampleRepo(DIR, { [MANIFEST]: head })
      const report = await gate(repo.root, { trust: pullRequest({ base: { [MANIFEST]: otherManifest } }) })
      expectFinding(report, {
        rule: 'rollback.tested',
        file: MANIFEST,
        line: lineOf(head, 'approved-by: "@frank"'),
        message: /does not count: @frank has no approving review/
      })
    })

    it('does not count when its approver approved an older commit, or is the PR author', async () => {
      const head = `${staleRollback}${waiver}`
      const repo = await exampleRepo(DIR, { [MANIFEST]: head })
      for (const trust of [
        pullRequest({ base: BASE_FILES, reviews: [review('frank', 'APPROVED', BASE_SHA)] }),
        pullRequest({ author: 'frank', base: BASE_FILES, reviews: [review('frank', 'APPROVED')] })
      ]) {
        const report = await gate(repo.root, { trust })
        expect(report.passed).toBe(false)
        expect(findingsOf(report, 'rollback.tested').map((finding) => finding.status)).toEqual(['fail', 'fail'])
      }
    })

    it('does not run past the policy limit by claiming an approval date in the future', async () => {
      // max-days is 90: a waiver "approved" next spring for a month would hold from today until then.
      const future = `waivers:\n  - requirement: rollback.tested\n    reason: rehearsal booked after the vendor migration\n    approved-by: "@frank"\n    approved-on: 2027-05-01\n    expires: 2027-05-31\n`
      const head = `${staleRollback}${future}`
      const repo = await exampleRepo(DIR, { [MANIFEST]: head })
      const report = await gate(repo.root, { trust: pullRequest({ base: BASE_FILES, reviews: [review('frank', 'APPROVED')] }) })
      expectFinding(report, {
        rule: 'rollback.tested',
        file: MANIFEST,
        line: lineOf(head, 'approved-on: 2027-05-01'),
        message: /^The waiver for rollback\.tested does not count: .*2027-05-01.* future/
      })
      expect(report.passed).toBe(false)
    })
  })
})

describe('a failing system cannot be hidden', () => {
  // A production system whose rollback rehearsal is 18 months old: it fails wherever it is.
  const failing = MANIFEST_TEXT.replace('system: support-triage', 'system: invoice-extractor').replace('tested-on: 2026-11-05', 'tested-on: 2025-05-01')
  const passing = MANIFEST_TEXT
  const base = { ...BASE_FILES, 'ai/invoices/readiness.yml': failing, [MANIFEST]: passing, 'README.md': '# models\n' }
  const trust = (reviews: Review[] = []): TrustContext => pullRequest({ base, reviews })
  const withFailing = async (files: Record<string, string>, remove: string[] = []): Promise<string> => {
    const repo = await exampleRepo(DIR, files)
    for (const file of remove) await rm(path.join(repo.root, file), { force: true })
    return repo.root
  }
  const removed = (report: Report): void => {
    expectFinding(report, {
      rule: 'system.removed',
      file: 'ai/invoices/readiness.yml',
      line: 1,
      message:
        /^System "invoice-extractor" \(stage production at base bbbbbbb\) has no manifest in this change, so the gate cannot judge it; a manifest cannot be removed to escape the gate\.$/
    })
    expect(report.passed).toBe(false)
  }

  it('the failing system fails where it is (the control)', async () => {
    const root = await withFailing({ 'ai/invoices/readiness.yml': failing })
    const report = await gate(root, { trust: trust() })
    expect(report.systems.map((system) => [system.name, system.passed])).toEqual([
      ['invoice-extractor', false],
      ['support-triage', true]
    ])
  })

  it('is still judged after being renamed in its manifest', async () => {
    const root = await withFailing({ 'ai/invoices/readiness.yml': failing.replace('system: invoice-extractor', 'system: invoice-extractor-v2') })
    const report = await gate(root, { trust: trust() })
    expect(report.systems.find((system) => system.manifest === 'ai/invoices/readiness.yml')).toMatchObject({ name: 'invoice-extractor-v2', passed: false })
    expect(report.passed).toBe(false)
  })

  it('fails when renamed to the name of a passing system (both claim it)', async () => {
    const root = await withFailing({ 'ai/invoices/readiness.yml': failing.replace('system: invoice-extractor', 'system: support-triage') })
    const report = await gate(root, { trust: trust() })
    expectFinding(report, {
      rule: 'manifest.duplicate-system',
      file: MANIFEST,
      line: 2,
      message: /^System name "support-triage" is also claimed by ai\/invoices\/readiness\.yml\.$/
    })
    expectFinding(report, {
      rule: 'manifest.duplicate-system',
      file: 'ai/invoices/readiness.yml',
      line: 2,
      message: /is also claimed by ai\/triage\/readiness\.yml/
    })
    expect(report.systems.every((system) => !system.passed)).toBe(true)
  })

  it('fails when its manifest is deleted', async () => {
    removed(await gate(await withFailing({}), { trust: trust() }))
  })

  it('fails when its manifest is renamed out of discovery (readiness.yml.bak, Readiness.yml)', async () => {
    for (const name of ['readiness.yml.bak', 'Readiness.yml']) {
      removed(await gate(await withFailing({ [`ai/invoices/${name}`]: failing }), { trust: trust() }))
    }
  })

  it('is still judged when renamed to readiness.yaml (discovered like readiness.yml)', async () => {
    const report = await gate(await withFailing({ 'ai/invoices/readiness.yaml': failing }, ['ai/invoices/readiness.yml']), { trust: trust() })
    expect(report.systems.map((system) => [system.manifest, system.passed])).toEqual([
      ['ai/invoices/readiness.yaml', false],
      [MANIFEST, true]
    ])
    expect(report.notices).toEqual([])
  })

  it('fails when deleted within the manifests patterns a run names (a run naming other patterns does not judge it)', async () => {
    const gone = await withFailing({})
    removed(await gate(gone, { trust: trust(), manifests: ['ai/**/readiness.yml'] }))
    removed(await gate(gone, { trust: trust(), manifests: ['ai/triage', 'ai/invoices/readiness.yml'] }))
    const elsewhere = await gate(gone, { trust: trust(), manifests: [DIR] })
    expect(elsewhere.notices).toEqual([])
  })

  it('fails when replaced by a manifest that does not parse (its name is unknown)', async () => {
    const root = await withFailing({ 'ai/invoices/readiness.yml': 'system: [invoice-extractor\n' })
    const report = await gate(root, { trust: trust() })
    expect(failures(report).map((finding) => finding.rule)).toContain('manifest.parse')
    expect(report.passed).toBe(false)
  })

  it('is retired only with the approval of a waiver approver of the base policy, not the author’s', async () => {
    const root = await withFailing({})
    const byAuthor = await gate(root, { trust: pullRequest({ author: 'frank', base, reviews: [review('frank', 'APPROVED')] }) })
    removed(byAuthor)
    const byApprover = await gate(root, { trust: trust([review('frank', 'APPROVED')]) })
    expect(byApprover.notices).toEqual([expect.objectContaining({ rule: 'system.removed', status: 'pass', verification: 'verified' })])
    expect(byApprover.passed).toBe(true)
  })
})

describe('an offline run never verifies a claim', () => {
  it('marks a sign-off by an allowed signer unverified, and a stranger’s fails', async () => {
    const report = await gate((await exampleRepo(DIR)).root)
    expect(findingsOf(report, 'signoff.legal')).toEqual([expect.objectContaining({ status: 'pass', verification: 'unverified' })])
    const stranger = await exampleRepo(DIR, { [`${DIR}/compliance/legal.yml`]: LEGAL.replace('"@erin"', '"@mallory"') })
    expectFinding(await gate(stranger.root), {
      rule: 'signoff.legal',
      file: `${DIR}/compliance/legal.yml`,
      line: 4,
      message: /@mallory is not an allowed legal signer/
    })
  })
})
