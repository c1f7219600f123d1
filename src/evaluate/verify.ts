// Whether a claim by a named person (a sign-off or a waiver) is verified. A line in a file saying
// "approved" proves nothing: the person must have approved the pull request at its head commit, or
// the claim must be unchanged from the trusted reference (the PR's base, or the default branch).
import type { TrustContext } from '../trust/types.js'

export type Verdict = { verified: true; how: string } | { verified: false; offline: true; why: string } | { verified: false; offline: false; why: string }

export async function verifyClaim(trust: TrustContext, signer: string, unchangedFromTrusted: () => Promise<boolean>): Promise<Verdict> {
  if (trust.mode === 'offline') return { verified: false, offline: true, why: 'not verified offline; the action checks it against the pull request' }
  const login = signer.replace(/^@/, '').toLowerCase()
  if (trust.mode === 'pull_request' && trust.author !== login && trust.approvers.has(login))
    return { verified: true, how: `@${login} approved this pull request at its head commit` }
  if (await unchangedFromTrusted().catch(() => false)) return { verified: true, how: `unchanged from ${trust.trustedRef ?? 'the trusted branch'}` }
  if (trust.mode === 'pull_request') {
    const self = trust.author === login ? ' (the PR author cannot approve their own claim)' : ''
    return {
      verified: false,
      offline: false,
      why: `@${login} has no approving review at this pull request's head commit${self}, and the claim differs from ${trust.trustedRef ?? 'the base branch'}`
    }
  }
  return {
    verified: false,
    offline: false,
    why: `the claim differs from ${trust.trustedRef ?? 'the default branch'} and there is no pull request review to verify it`
  }
}
