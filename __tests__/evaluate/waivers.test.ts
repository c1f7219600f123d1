// Waivers: when one counts. On a pull request a waiver nobody approved counts only when it is
// unchanged from the trusted reference, field for field, in the same system; every other path fails
// closed with a sentence at the waiver.
import { afterAll, describe, expect, it } from '@jest/globals'
import type { TrustContext } from '../../src/trust/types.js'
import { MIDNIGHT, judge, manifest, policyOf, removeJudgeRepos } from '../support/judge.js'

afterAll(removeJudgeRepos)

const RULE = 'owner.executive-sponsor'
const approvers = policyOf('waivers:\n  approvers: ["@frank"]\n  max-days: 60\n')

interface WaiverFields {
  requirement?: string
  reason?: string
  'approved-by'?: string
  'approved-on'?: string
  expires?: string
}

const WAIVER: WaiverFields = { requirement: RULE, reason: 'sponsor joins next month', 'approved-by': '"@frank"', expires: '2026-12-15' }

function withWaivers(waivers: WaiverFields[], system = 'sys'): string {
  const entries = waivers
    .map((waiver) =>
      Object.entries(waiver)
        .map(([key, value], index) => `${index === 0 ? '  - ' : '    '}${key}: ${value}\n`)
        .join('')
    )
    .join('')
  return manifest('', 'owners:\n  model-operations: "@alice"\n').replace('system: sys', `system: ${system}`) + `waivers:\n${entries}`
}

/** What the gate made of the waived requirement: its statuses and messages. */
async function waived(text: string, options: { trust?: TrustContext; now?: Date } = {}) {
  const { findings } = await judge(RULE, { 'sys/readiness.yml': text }, { policy: approvers, ...options })
  return findings.map((f) => [f.status, f.message, f.line])
}

const pr = (base: string | null, approvals: string[] = []): TrustContext => ({
  mode: 'pull_request',
  approvers: new Set(approvals),
  author: 'mallory',
  trustedRef: 'base abc1234',
  readTrusted: (file) => Promise.resolve(file === 'sys/readiness.yml' ? base : null)
})

const notCounted = (why: string) => expect.arrayContaining([['fail', `The waiver for ${RULE} does not count: ${why}.`, expect.any(Number)]])

describe('a waiver on a pull request', () => {
  const head = withWaivers([WAIVER])

  it('counts when the waiver approver approved the pull request', async () => {
    const [[status, message]] = (await waived(head, { trust: pr(null, ['frank']) })) as [[string, string]]
    expect(status).toBe('waived')
    expect(message).toMatch(
      / Waived by @frank until 2026-12-15, \d+ days? left \(verified: @frank approved this pull request at its head commit\): sponsor joins next month\.$/
    )
  })

  it('counts when unchanged from the trusted reference', async () => {
    expect((await waived(head, { trust: pr(head) }))[0]![0]).toBe('waived')
    // Formatting and other waivers around it do not matter; the waiver itself does.
    const reformatted = withWaivers([{ ...WAIVER, requirement: 'cost.projection' }, WAIVER]).replace('"@frank"', "'@frank'")
    expect((await waived(head, { trust: pr(reformatted) }))[0]![0]).toBe('waived')
  })

  it.each([
    ['reason', { reason: 'sponsor joins one day' }],
    ['approver', { 'approved-by': '"@frank2"' }],
    ['expiry', { expires: '2026-12-01' }],
    ['approval date', { 'approved-on': '2026-11-20' }],
    ['requirement', { requirement: 'owner.raci' }]
  ])('does not count when its %s differs from the trusted reference', async (_field, edit) => {
    const base = withWaivers([{ ...WAIVER, ...edit }])
    expect(await waived(head, { trust: pr(base) })).toEqual(
      notCounted("@frank has no approving review at this pull request's head commit, and the claim differs from base abc1234")
    )
  })

  it('does not count a waiver whose approval date was added or changed since the trusted reference', async () => {
    const dated = withWaivers([{ ...WAIVER, 'approved-on': '2026-11-20' }])
    expect((await waived(dated, { trust: pr(dated) }))[0]![0]).toBe('waived')
    expect((await waived(dated, { trust: pr(head) }))[0]![0]).toBe('fail')
    expect((await waived(withWaivers([{ ...WAIVER, 'approved-on': '2026-11-21' }]), { trust: pr(dated) }))[0]![0]).toBe('fail')
  })

  it('does not carry a waiver over from another system, a base with no waivers, or a base that is not YAML', async () => {
    for (const base of [withWaivers([WAIVER], 'other'), manifest(), 'system: [\n', '', null]) {
      expect([base, (await waived(head, { trust: pr(base) }))[0]![0]]).toEqual([base, 'fail'])
    }
  })

  it('fails closed when the trusted copy cannot be read', async () => {
    const failing: TrustContext = { ...pr(null), readTrusted: async () => Promise.reject(new Error('GitHub API: 502')) }
    expect((await waived(head, { trust: failing }))[0]![0]).toBe('fail')
  })

  it('does not count the PR author approving their own waiver', async () => {
    expect((await waived(head, { trust: { ...pr(null, ['frank']), author: 'frank' } }))[0]![0]).toBe('fail')
  })
})

describe('a waiver’s own terms', () => {
  it('counts offline as unverified', async () => {
    const [[status, message]] = (await waived(withWaivers([WAIVER]))) as [[string, string]]
    expect(status).toBe('waived')
    expect(message).toMatch(/\(unverified: not verified offline; the action checks it against the pull request\)/)
  })

  it('counts through its expiry day, and not the day after', async () => {
    expect((await waived(withWaivers([{ ...WAIVER, expires: '2026-11-22' }])))[0]![0]).toBe('waived')
    expect(await waived(withWaivers([{ ...WAIVER, expires: '2026-11-21' }]))).toEqual(notCounted('it expired on 2026-11-21'))
  })

  it('says how long it still runs: expires today, 1 day left, 2 days left', async () => {
    const left = async (expires: string) => ((await waived(withWaivers([{ ...WAIVER, expires }]), { now: MIDNIGHT }))[0]![1] as string).split(', ')[1]
    expect(await left('2026-11-22')).toMatch(/^expires today \(/)
    expect(await left('2026-11-23')).toMatch(/^1 day left \(/)
    expect(await left('2026-11-24')).toMatch(/^2 days left \(/)
  })

  it('leaves a manifest without waivers to its requirements', async () => {
    expect(await waived(withWaivers([]).replace(/waivers:\n$/, ''))).toEqual([['fail', expect.stringMatching(/executive sponsor/i), expect.any(Number)]])
  })

  it('runs at most the policy’s maximum days: exactly the limit counts, a day more does not', async () => {
    expect((await waived(withWaivers([{ ...WAIVER, 'approved-on': '2026-11-01', expires: '2026-12-31' }])))[0]![0]).toBe('waived')
    expect(await waived(withWaivers([{ ...WAIVER, 'approved-on': '2026-11-01', expires: '2027-01-01' }]))).toEqual(
      notCounted("it runs 61 days from 2026-11-01, over the policy's 60-day limit")
    )
    // Without an approval date, the limit runs from today.
    expect((await waived(withWaivers([{ ...WAIVER, expires: '2027-01-21' }]), { now: MIDNIGHT }))[0]![0]).toBe('waived')
    expect(await waived(withWaivers([{ ...WAIVER, expires: '2027-01-22' }]), { now: MIDNIGHT })).toEqual(
      notCounted("it runs 61 days from today, over the policy's 60-day limit")
    )
  })

  it('may be approved today, but not on a later day', async () => {
    expect((await waived(withWaivers([{ ...WAIVER, 'approved-on': '2026-11-22' }])))[0]![0]).toBe('waived')
    expect(await waived(withWaivers([{ ...WAIVER, 'approved-on': '2026-11-23' }]))).toEqual(notCounted('it is approved on 2026-11-23, in the future'))
  })

  it('matches the approver to the policy whatever the case of the handle', async () => {
    expect((await waived(withWaivers([{ ...WAIVER, 'approved-by': '"@Frank"' }])))[0]![0]).toBe('waived')
    expect((await waived(withWaivers([{ ...WAIVER, 'approved-by': 'Frank' }])))[0]![0]).toBe('waived')
  })

  it('needs an allowed approver, a reason and a real expiry date', async () => {
    expect(await waived(withWaivers([{ ...WAIVER, 'approved-by': '"@mallory"' }]))).toEqual(notCounted('@mallory may not approve waivers (allowed: @frank)'))
    const missing = notCounted('it needs a reason, approved-by and a valid expires date')
    const { reason: _reason, ...noReason } = WAIVER
    const { 'approved-by': _by, ...noApprover } = WAIVER
    expect(await waived(withWaivers([noReason]))).toEqual(missing)
    expect(await waived(withWaivers([noApprover]))).toEqual(missing)
    expect(await waived(withWaivers([{ ...WAIVER, expires: '2026-02-30' }]))).toEqual(missing)
  })

  it('fails an empty waiver entry with a sentence, never a crash', async () => {
    const text = `${withWaivers([WAIVER])}  -\n`
    const { findings } = await judge('waiver.invalid', { 'sys/readiness.yml': text }, { policy: approvers })
    expect(findings.map((f) => [f.status, f.message, f.line])).toEqual([['fail', 'A waiver does not count: "" is not a requirement the gate knows.', 12]])
  })

  it('names the requirement a mistyped waiver id meant, at the id', async () => {
    const text = withWaivers([{ ...WAIVER, requirement: 'owner.executive-sponser' }])
    const { findings } = await judge('waiver.invalid', { 'sys/readiness.yml': text }, { policy: approvers })
    expect(findings.map((f) => [f.status, f.message, f.line])).toEqual([
      [
        'fail',
        'A waiver does not count: "owner.executive-sponser" is not a requirement the gate knows (did you mean `owner.executive-sponsor`?).',
        text.split('\n').findIndex((line) => line.includes('sponser')) + 1
      ]
    ])
  })

  it('points a waiver without a reason at the waiver', async () => {
    const { reason: _reason, ...noReason } = WAIVER
    expect((await waived(withWaivers([noReason])))[1]![2]).toBe(8)
  })

  it('points a refused waiver at the field that refuses it', async () => {
    const lines = (await waived(withWaivers([{ ...WAIVER, expires: '2026-11-21' }]))).map(([, , line]) => line)
    expect(lines).toEqual([expect.any(Number), 11])
  })

  it('waives only its own requirement', async () => {
    const { findings } = await judge('owner.raci', { 'sys/readiness.yml': withWaivers([WAIVER]) }, { policy: approvers })
    expect(findings.map((f) => f.status)).toEqual(['fail'])
  })
})
