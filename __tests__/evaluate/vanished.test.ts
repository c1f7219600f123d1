// vanishedSystems: a system gated on the trusted reference whose manifest is gone from the change.
// Its removal counts only when a waiver approver of the trusted policy, other than the PR author,
// approved the pull request; any looser rule lets a system escape the gate by deleting its manifest.
import { describe, expect, it } from '@jest/globals'
import { vanishedSystems } from '../../src/evaluate/vanished.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import type { Policy } from '../../src/policy/types.js'
import type { TrustContext } from '../../src/trust/types.js'

const TRUSTED: Record<string, string> = {
  'a/readiness.yml': 'system: alpha\nstage: production\n',
  'b/readiness.yaml': 'system: beta\nstage: pilot\n',
  'c/readiness.yml': 'stage: staging\n',
  'custom/gate.yml': 'system: custom\nstage: pilot\n',
  'd/readiness.yml': '',
  'README.md': '# not a manifest\n',
  'node_modules/x/readiness.yml': 'system: vendored\nstage: pilot\n'
}

const policy: Policy = { ...DEFAULT_POLICY, waivers: { maxDays: 90, approvers: ['frank', 'grace'] } }

function trust(approvers: string[], extra: Partial<TrustContext> = {}): TrustContext {
  return {
    mode: 'pull_request',
    approvers: new Set(approvers),
    author: 'mallory',
    trustedRef: 'base 1234567',
    // Listed out of order: the findings come sorted by path.
    listTrusted: () => Promise.resolve(Object.keys(TRUSTED).reverse()),
    readTrusted: (file) => Promise.resolve(TRUSTED[file] ?? null),
    ...extra
  }
}

const removed = (findings: Awaited<ReturnType<typeof vanishedSystems>>) => findings.map((f) => [f.file, f.status])

describe('vanishedSystems', () => {
  it('fails each trusted manifest missing from the change, under any default manifest name, skipping vendored folders', async () => {
    const findings = await vanishedSystems(trust([]), policy, undefined, [], new Set())
    expect(removed(findings)).toEqual([
      ['a/readiness.yml', 'fail'],
      ['b/readiness.yaml', 'fail'],
      ['c/readiness.yml', 'fail'],
      ['d/readiness.yml', 'fail']
    ])
    expect(findings[0]).toEqual({
      rule: 'system.removed',
      status: 'fail',
      message:
        'System "alpha" (stage production at base 1234567) has no manifest in this change, so the gate cannot judge it; a manifest cannot be removed to escape the gate.',
      file: 'a/readiness.yml',
      line: 1,
      hint: 'Restore the manifest, or have a waiver approver from the policy approve the pull request to retire the system.'
    })
    // A manifest without a system name is named by its path; without a stage, "unknown".
    expect(findings[2]!.message).toMatch(/^System "c\/readiness.yml" \(stage staging at base 1234567\)/)
    expect(findings[3]!.message).toMatch(/^System "d\/readiness.yml" \(stage unknown at base 1234567\)/)
  })

  it('counts manifests the manifests input names too, besides the default names', async () => {
    const findings = await vanishedSystems(trust([]), policy, ['custom/*.yml'], [], new Set())
    expect(removed(findings)).toContainEqual(['custom/gate.yml', 'fail'])
  })

  it('skips a manifest still present, or whose system is still gated under another path', async () => {
    const findings = await vanishedSystems(trust([]), policy, undefined, ['a/readiness.yml'], new Set(['beta']))
    expect(removed(findings)).toEqual([
      ['c/readiness.yml', 'fail'],
      ['d/readiness.yml', 'fail']
    ])
  })

  it('skips a listed file the trusted reference cannot read back', async () => {
    const findings = await vanishedSystems(
      trust([], { readTrusted: (file) => Promise.resolve(file === 'a/readiness.yml' ? TRUSTED[file]! : null) }),
      policy,
      undefined,
      [],
      new Set()
    )
    expect(removed(findings)).toEqual([['a/readiness.yml', 'fail']])
  })

  it('passes the removal approved by a waiver approver of the trusted policy, naming them', async () => {
    const findings = await vanishedSystems(trust(['grace']), policy, undefined, [], new Set())
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass'])
    expect(findings[0]).toMatchObject({
      verification: 'verified',
      message: 'System "alpha" (stage production at base 1234567) has no manifest any more; its removal was approved by @grace.'
    })
  })

  it('does not count an approval by a reviewer who is not a waiver approver', async () => {
    const findings = await vanishedSystems(trust(['eve', 'bob']), policy, undefined, [], new Set())
    expect(findings.map((f) => f.status)).toEqual(['fail', 'fail', 'fail', 'fail'])
  })

  it('does not count the PR author, even one who is a waiver approver', async () => {
    const findings = await vanishedSystems(trust(['frank'], { author: 'frank' }), policy, undefined, [], new Set())
    expect(findings.map((f) => f.status)).toEqual(['fail', 'fail', 'fail', 'fail'])
    const others = await vanishedSystems(trust(['frank', 'grace'], { author: 'frank' }), policy, undefined, [], new Set())
    expect(others[0]!.message).toMatch(/approved by @grace\.$/)
  })

  it('counts no approver when the trusted policy names none', async () => {
    const findings = await vanishedSystems(trust(['frank']), DEFAULT_POLICY, undefined, [], new Set())
    expect(findings.map((f) => f.status)).toEqual(['fail', 'fail', 'fail', 'fail'])
  })

  it('names "the trusted branch" when the reference has no label', async () => {
    const findings = await vanishedSystems(trust([], { trustedRef: undefined }), policy, undefined, [], new Set())
    expect(findings[0]!.message).toMatch(/\(stage production at the trusted branch\)/)
  })

  it('is skipped offline, or when the trusted reference cannot be listed or read', async () => {
    expect(await vanishedSystems(trust([], { mode: 'offline' }), policy, undefined, [], new Set())).toEqual([])
    expect(await vanishedSystems(trust([], { listTrusted: undefined }), policy, undefined, [], new Set())).toEqual([])
    expect(await vanishedSystems(trust([], { readTrusted: undefined }), policy, undefined, [], new Set())).toEqual([])
  })

  it('is checked on the default branch too, where no approval exists', async () => {
    const findings = await vanishedSystems(
      trust([], { mode: 'branch', author: undefined }),
      policy,
      undefined,
      ['a/readiness.yml', 'b/readiness.yaml', 'd/readiness.yml'],
      new Set()
    )
    expect(removed(findings)).toEqual([['c/readiness.yml', 'fail']])
  })
})
