import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/signoff.security.js'
import { policyOf } from '../../support/judge.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const MANIFEST = manifest('evidence:\n  security-signoff:\n    file: security.yml\n').replace('system: sys', 'system: support-triage')
const SIGNOFF = exampleFile('compliance/security.yml')
const SAM_SIGNS = policyOf('signers:\n  security: ["@sam"]\n')

describe('signoff.security', () => {
  it('passes, verified, a sign-off unchanged from the trusted base', async () => {
    const trust = {
      mode: 'pull_request' as const,
      approvers: new Set<string>(),
      author: 'mallory',
      readTrusted: (relPath: string) => Promise.resolve(relPath === 'sys/security.yml' ? SIGNOFF : null)
    }
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MANIFEST, 'sys/security.yml': SIGNOFF }, { policy: SAM_SIGNS, trust })
    expect(outcomes.map((o) => [o.status, o.verification])).toEqual([['pass', 'verified']])
    expect(outcomes[0]!.message).toMatch(/^Security sign-off by @sam on 2026-11-13 \(verified: /)
  })

  it('fails a sign-off changed in the pull request and not approved by its signer', async () => {
    const trust = { mode: 'pull_request' as const, approvers: new Set<string>(), author: 'mallory', readTrusted: () => Promise.resolve(null) }
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MANIFEST, 'sys/security.yml': SIGNOFF }, { policy: SAM_SIGNS, trust })
    expect(outcomes.map((o) => [o.status, o.verification, o.file, o.line])).toEqual([['fail', 'unverified', 'sys/security.yml', 4]])
    expect(outcomes[0]!.message).toMatch(/^Security sign-off by @sam does not count: /)
  })

  it('fails when no sign-off is linked', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }, { policy: SAM_SIGNS })
    expect(summary(outcomes)[0]!.message).toBe('`evidence.security-signoff` is missing: no security sign-off is linked.')
  })
})
