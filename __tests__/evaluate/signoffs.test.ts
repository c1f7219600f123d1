// signoff.legal and signoff.security: a sign-off counts only when it is the right role, for this
// system and model version, neither stale nor dated ahead, by an allowed signer, and verified.
import { afterAll, describe, expect, it } from '@jest/globals'
import type { TrustContext } from '../../src/trust/types.js'
import { MIDNIGHT, judge, manifest, policyOf, removeJudgeRepos, verdict, type JudgeOptions } from '../support/judge.js'

afterAll(removeJudgeRepos)

const SIGNOFF = `role: legal
system: sys
model-version: 1.0.0
signed-by: "@Erin"
date: 2026-11-10
scope: output liability
`

const signers = policyOf('signers:\n  legal: ["@erin"]\n  security: ["@sam"]\n')

const files = (signoff: string, role: 'legal' | 'security' = 'legal'): Record<string, string> => ({
  'sys/readiness.yml': manifest(`${role}-signoff:\n  file: ${role}.yml\n`),
  [`sys/${role}.yml`]: signoff
})

const legal = (signoff: string, options: JudgeOptions = {}) => verdict('signoff.legal', files(signoff), { policy: signers, ...options })

describe('sign-off dates', () => {
  it('a sign-off exactly at the policy’s age limit counts; a day older does not', async () => {
    expect((await legal(SIGNOFF.replace('2026-11-10', '2026-08-24'), { now: MIDNIGHT })).status).toBe('pass')
    expect(await legal(SIGNOFF.replace('2026-11-10', '2026-08-23'), { now: MIDNIGHT })).toEqual({
      status: 'fail',
      file: 'sys/legal.yml',
      line: 5,
      message: "The legal sign-off is 91 days old, over the policy's 90-day limit."
    })
  })

  it('follows the policy’s age limit', async () => {
    const strict = policyOf('signers:\n  legal: ["@erin"]\nthresholds:\n  max-evidence-age-days: 12\n')
    expect((await legal(SIGNOFF, { policy: strict, now: MIDNIGHT })).status).toBe('pass')
    expect((await legal(SIGNOFF.replace('2026-11-10', '2026-11-09'), { policy: strict, now: MIDNIGHT })).message).toBe(
      "The legal sign-off is 13 days old, over the policy's 12-day limit."
    )
  })

  it('a sign-off dated one day ahead counts (time zones); two days ahead does not', async () => {
    expect((await legal(SIGNOFF.replace('2026-11-10', '2026-11-23'), { now: MIDNIGHT })).status).toBe('pass')
    expect(await legal(SIGNOFF.replace('2026-11-10', '2026-11-24'), { now: MIDNIGHT })).toMatchObject({
      status: 'fail',
      line: 5,
      message: 'The legal sign-off is dated 2026-11-24, in the future.'
    })
    expect((await legal(SIGNOFF.replace('2026-11-10', '2027-11-10'))).message).toBe('The legal sign-off is dated 2027-11-10, in the future.')
  })
})

describe('sign-off content', () => {
  it('counts offline as unverified, by an allowed signer whatever the case of the handle', async () => {
    expect(await legal(SIGNOFF)).toEqual({
      status: 'pass',
      file: 'sys/readiness.yml',
      line: 7,
      message: 'Legal sign-off by @erin on 2026-11-10 (unverified: not verified offline; the action checks it against the pull request).'
    })
  })

  it('does not count a signer the policy does not list for the role', async () => {
    expect(await legal(SIGNOFF.replace('@Erin', '@sam'))).toMatchObject({
      status: 'fail',
      line: 4,
      message: '@sam is not an allowed legal signer (allowed: @erin).'
    })
  })

  it('does not count a sign-off of the other role, another system or another model version', async () => {
    expect((await legal(SIGNOFF.replace('role: legal', 'role: security'))).message).toBe('"sys/legal.yml" is a security sign-off, not a legal one.')
    expect((await legal(SIGNOFF.replace('role: legal', 'role: Legal'))).status).toBe('pass')
    expect((await legal(SIGNOFF.replace('system: sys', 'system: other'))).message).toBe('"sys/legal.yml" signs off system "other", not "sys".')
    expect(await legal(SIGNOFF.replace('model-version: 1.0.0', 'model-version: 1.0.1'))).toMatchObject({
      line: 3,
      message: 'The legal sign-off reviewed model version 1.0.1, but the manifest claims 1.0.0.'
    })
    expect((await legal(SIGNOFF.replace('model-version: 1.0.0\n', ''))).status).toBe('pass')
  })

  it('fails a missing, unreadable or malformed sign-off file', async () => {
    expect(await verdict('signoff.legal', { 'sys/readiness.yml': manifest() }, { policy: signers })).toMatchObject({
      status: 'fail',
      message: '`evidence.legal-signoff` is missing: no legal sign-off is linked.'
    })
    expect((await verdict('signoff.legal', { 'sys/readiness.yml': manifest('legal-signoff:\n  file: nope.yml\n') }, { policy: signers })).message).toMatch(
      /^The legal sign-off .*nope.yml.* does not exist/
    )
    expect(await legal('role: legal\nsystem: [\n')).toMatchObject({ status: 'fail', file: 'sys/legal.yml' })
  })

  it('judges the security sign-off by the security signers', async () => {
    const security = SIGNOFF.replace('role: legal', 'role: security').replace('@Erin', '@sam')
    expect(await verdict('signoff.security', files(security, 'security'), { policy: signers })).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/^Security sign-off by @sam on 2026-11-10/)
    })
    expect((await verdict('signoff.security', files(SIGNOFF.replace('role: legal', 'role: security'), 'security'), { policy: signers })).message).toBe(
      '@erin is not an allowed security signer (allowed: @sam).'
    )
  })
})

describe('where a refused sign-off points', () => {
  const related = async (signoff: string) =>
    (await judge('signoff.legal', files(signoff), { policy: signers })).findings.map((f) => [f.line, f.related?.file, f.related?.line])

  it('at the line in the sign-off, with the manifest’s link as the related place', async () => {
    const link = ['sys/readiness.yml', 7]
    for (const [edit, line] of [
      [SIGNOFF.replace('role: legal', 'role: security'), 1],
      [SIGNOFF.replace('system: sys', 'system: other'), 2],
      [SIGNOFF.replace('2026-11-10', '2027-11-10'), 5],
      [SIGNOFF.replace('2026-11-10', '2025-11-10'), 5],
      [SIGNOFF.replace('@Erin', '@sam'), 4],
      [`${SIGNOFF}approved: true\n`, 7],
      ['role: legal\nsystem: [\n', 3]
    ] as const) {
      expect([edit, await related(edit)]).toEqual([edit, [[line, ...link]]])
    }
    expect(await related(SIGNOFF.replace('model-version: 1.0.0', 'model-version: 1.0.1'))).toEqual([[3, 'sys/readiness.yml', 4]])
  })

  it('at the evidence block when the link is missing, and at the link when the file is a folder', async () => {
    expect(await verdict('signoff.legal', { 'sys/readiness.yml': manifest('cost:\n  headroom: 2\n') }, { policy: signers })).toMatchObject({ line: 5 })
    const folder = await verdict(
      'signoff.legal',
      { 'sys/readiness.yml': manifest('legal-signoff:\n  file: legal\n'), 'sys/legal/x.yml': SIGNOFF },
      { policy: signers }
    )
    expect(folder).toMatchObject({ status: 'fail', line: 7, message: 'The legal sign-off "sys/legal" is not a regular file.' })
  })

  it('counts a sign-off for a manifest that names no model version', async () => {
    const files = { 'sys/readiness.yml': manifest('legal-signoff:\n  file: legal.yml\n').replace('model:\n  version: 1.0.0\n', ''), 'sys/legal.yml': SIGNOFF }
    expect((await verdict('signoff.legal', files, { policy: signers })).status).toBe('pass')
  })
})

describe('sign-off verification on a pull request', () => {
  const pr = (readTrusted: TrustContext['readTrusted'], approvals: string[] = []): TrustContext => ({
    mode: 'pull_request',
    approvers: new Set(approvals),
    author: 'mallory',
    trustedRef: 'base abc1234',
    readTrusted
  })

  it('counts the signer’s approval, or a file unchanged from the base', async () => {
    expect(await legal(SIGNOFF, { trust: pr(() => Promise.resolve(null), ['erin']) })).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/\(verified: @erin approved this pull request at its head commit\)\.$/)
    })
    expect(await legal(SIGNOFF, { trust: pr((file) => Promise.resolve(file === 'sys/legal.yml' ? SIGNOFF : null)) })).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/\(verified: unchanged from base abc1234\)\.$/)
    })
  })

  it('does not count an edited file without the signer’s approval', async () => {
    expect(await legal(SIGNOFF, { trust: pr(() => Promise.resolve(SIGNOFF.replace('output liability', 'everything'))) })).toEqual({
      status: 'fail',
      file: 'sys/legal.yml',
      line: 4,
      message:
        "Legal sign-off by @erin does not count: @erin has no approving review at this pull request's head commit, and the claim differs from base abc1234."
    })
  })

  it('fails closed when the base copy cannot be read', async () => {
    expect((await legal(SIGNOFF, { trust: pr(() => Promise.reject(new Error('GitHub API: 502'))) })).status).toBe('fail')
  })
})
