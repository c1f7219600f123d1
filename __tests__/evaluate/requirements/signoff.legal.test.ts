import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/signoff.legal.js'
import { policyOf } from '../../support/judge.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const MANIFEST = manifest('evidence:\n  legal-signoff:\n    file: legal.yml\n').replace('system: sys', 'system: support-triage')
const SIGNOFF = exampleFile('compliance/legal.yml')
const ERIN_SIGNS = policyOf('signers:\n  legal: ["@erin"]\n')

describe('signoff.legal', () => {
  it('passes, unverified, a sign-off by an allowed signer when there is no pull request to verify it on', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MANIFEST, 'sys/legal.yml': SIGNOFF }, { policy: ERIN_SIGNS })
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message: 'Legal sign-off by @erin on 2026-11-14 (unverified: not verified offline; the action checks it against the pull request).',
        at: 'sys/readiness.yml:7'
      }
    ])
    expect(outcomes[0]!.verification).toBe('unverified')
  })

  it('passes, verified, when the signer approved the pull request', async () => {
    const trust = { mode: 'pull_request' as const, approvers: new Set(['erin']), author: 'mallory', readTrusted: () => Promise.resolve(null) }
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MANIFEST, 'sys/legal.yml': SIGNOFF }, { policy: ERIN_SIGNS, trust })
    expect(outcomes.map((o) => [o.status, o.verification])).toEqual([['pass', 'verified']])
  })

  it('fails a signer the trusted policy does not list, at the signed-by line', async () => {
    const outcomes = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': MANIFEST, 'sys/legal.yml': SIGNOFF.replace('"@erin"', '"@bob"') },
      { policy: ERIN_SIGNS }
    )
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: '@bob is not an allowed legal signer (allowed: @erin).', at: 'sys/legal.yml:4' }])
  })

  it('fails every signer under a policy that lists no legal signers, saying so', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MANIFEST, 'sys/legal.yml': SIGNOFF })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: '@erin is not an allowed legal signer (the trusted policy lists no legal signers).', at: 'sys/legal.yml:4' }
    ])
  })

  it('fails a security sign-off linked as the legal one', async () => {
    const outcomes = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': MANIFEST, 'sys/legal.yml': SIGNOFF.replace('role: legal', 'role: security') },
      { policy: ERIN_SIGNS }
    )
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: '"sys/legal.yml" is a security sign-off, not a legal one.', at: 'sys/legal.yml:1' }])
  })
})
