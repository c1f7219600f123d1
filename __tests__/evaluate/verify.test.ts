// verifyClaim: when a claim by a named person counts. Each case is a way a change could make every
// claim count (fail open): approvals outside a pull request, the author approving themselves, or a
// failing read of the trusted copy taken as "unchanged".
import { describe, expect, it } from '@jest/globals'
import { verifyClaim } from '../../src/evaluate/verify.js'
import type { TrustContext } from '../../src/trust/types.js'

const unchanged = (): Promise<boolean> => Promise.resolve(true)
const changed = (): Promise<boolean> => Promise.resolve(false)
const unreadable = (): Promise<boolean> => Promise.reject(new Error('GitHub API: 502 Bad Gateway'))

const pr = (approvers: string[], author = 'mallory', trustedRef: string | null = 'base abc1234'): TrustContext => ({
  mode: 'pull_request',
  approvers: new Set(approvers),
  author,
  ...(trustedRef ? { trustedRef } : {})
})

describe('verifyClaim', () => {
  it('offline verifies nothing, even a claim unchanged from the trusted copy', async () => {
    expect(await verifyClaim({ mode: 'offline', approvers: new Set(['erin']) }, 'erin', unchanged)).toEqual({
      verified: false,
      offline: true,
      why: 'not verified offline; the action checks it against the pull request'
    })
  })

  it('on a pull request, counts the signer’s approval at the head commit, whatever the case or @ of the name', async () => {
    const trusted = { read: 0 }
    const verdict = await verifyClaim(pr(['erin']), '@Erin', () => Promise.resolve(++trusted.read > 0))
    expect(verdict).toEqual({ verified: true, how: '@erin approved this pull request at its head commit' })
    expect(trusted.read).toBe(0)
  })

  it('does not count the PR author’s own approval of their claim', async () => {
    expect(await verifyClaim(pr(['erin'], 'erin'), 'erin', changed)).toEqual({
      verified: false,
      offline: false,
      why: "@erin has no approving review at this pull request's head commit (the PR author cannot approve their own claim), and the claim differs from base abc1234"
    })
  })

  it('does not count another reviewer’s approval for the signer', async () => {
    expect(await verifyClaim(pr(['frank']), 'erin', changed)).toEqual({
      verified: false,
      offline: false,
      why: "@erin has no approving review at this pull request's head commit, and the claim differs from base abc1234"
    })
  })

  it('counts a claim unchanged from the trusted reference, naming it', async () => {
    expect(await verifyClaim(pr([]), 'erin', unchanged)).toEqual({ verified: true, how: 'unchanged from base abc1234' })
    expect(await verifyClaim(pr([], 'mallory', null), 'erin', unchanged)).toEqual({ verified: true, how: 'unchanged from the trusted branch' })
  })

  it('fails closed when the trusted copy cannot be read: a failed read is never "unchanged"', async () => {
    expect(await verifyClaim(pr([]), 'erin', unreadable)).toMatchObject({ verified: false, offline: false })
    expect(await verifyClaim({ mode: 'branch', approvers: new Set(), trustedRef: 'main' }, 'erin', unreadable)).toMatchObject({
      verified: false,
      offline: false
    })
    expect(await verifyClaim({ mode: 'branch', approvers: new Set(), trustedRef: 'main' }, 'erin', () => Promise.reject(new Error('404')))).toMatchObject({
      verified: false
    })
  })

  it('outside a pull request, approvals count for nothing: only an unchanged claim does', async () => {
    const branch: TrustContext = { mode: 'branch', approvers: new Set(['erin']), trustedRef: 'main' }
    expect(await verifyClaim(branch, 'erin', changed)).toEqual({
      verified: false,
      offline: false,
      why: 'the claim differs from main and there is no pull request review to verify it'
    })
    expect(await verifyClaim({ mode: 'branch', approvers: new Set() }, 'erin', changed)).toMatchObject({
      why: 'the claim differs from the default branch and there is no pull request review to verify it'
    })
    expect(await verifyClaim(branch, 'erin', unchanged)).toEqual({ verified: true, how: 'unchanged from main' })
  })

  it('names the base branch when a pull request has no trusted-ref label', async () => {
    expect(await verifyClaim(pr([], 'mallory', null), 'erin', changed)).toMatchObject({ why: expect.stringMatching(/differs from the base branch$/) })
  })
})
