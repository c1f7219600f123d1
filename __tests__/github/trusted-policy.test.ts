// The policy comes from the trusted ref; the checkout's own edit of it is told, not obeyed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { RootedFiles } from '../../src/github/trust.js'
import { loadTrustedPolicy, policyChangeNotice } from '../../src/github/trusted-policy.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

const POLICY = '.github/readiness-policy.yml'
const TRUSTED_POLICY = 'signers:\n  legal: ["@erin"]\n'

/** Trusted files from a map; `list` can be made to fail like a truncated listing. */
function filesAt(label: string, files: Record<string, string>, listFails = false): RootedFiles {
  return {
    label,
    read: (relPath) => Promise.resolve(files[relPath] ?? null),
    readBytes: (relPath) => Promise.resolve(files[relPath] === undefined ? null : Buffer.from(files[relPath])),
    list: () => (listFails ? Promise.reject(new Error('GitHub truncated the file list')) : Promise.resolve(Object.keys(files)))
  }
}

describe('loadTrustedPolicy', () => {
  let checkout: TempRepo
  beforeAll(async () => {
    checkout = await tempRepo({ [POLICY]: 'signers:\n  legal: ["@mallory"]\n' })
  })
  afterAll(() => checkout.remove())

  it("uses the trusted ref's policy and tells a pull request that its own edit applies after merge", async () => {
    const loaded = await loadTrustedPolicy(filesAt('base 1a2b3c4', { [POLICY]: TRUSTED_POLICY }), {
      policyPath: POLICY,
      root: checkout.root,
      onDefaultBranch: false,
      onPullRequest: true
    })
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors))
    expect(loaded.policy.signers.legal).toEqual(['erin'])
    expect(loaded.source).toContain('base 1a2b3c4')
    expect(loaded.notices).toEqual([
      {
        rule: 'policy.changed',
        status: 'pass',
        message: `This pull request changes ${POLICY}; the gate used the policy at base 1a2b3c4, and the change applies after merge.`,
        file: POLICY,
        line: 1,
        hint: 'Merge a policy change on its own, before the changes it should judge.'
      }
    ])
  })

  it('tells no change on the default branch, where the checkout is the trusted line', async () => {
    const loaded = await loadTrustedPolicy(filesAt('main', { [POLICY]: TRUSTED_POLICY }), {
      policyPath: POLICY,
      root: checkout.root,
      onDefaultBranch: true,
      onPullRequest: false
    })
    expect(loaded).toMatchObject({ ok: true, notices: [] })
  })

  it('stops on a policy the trusted ref lacks when the input names one, and on an invalid one', async () => {
    const missing = await loadTrustedPolicy(filesAt('main', {}), {
      policyPath: 'policies/gate.yml',
      root: checkout.root,
      onDefaultBranch: false,
      onPullRequest: false
    })
    expect(missing).toMatchObject({ ok: false, errors: [{ rule: 'policy.missing', message: 'The policy file policies/gate.yml does not exist at main.' }] })
    const invalid = await loadTrustedPolicy(filesAt('main', { [POLICY]: 'signers: [\n' }), {
      policyPath: POLICY,
      root: checkout.root,
      onDefaultBranch: false,
      onPullRequest: false
    })
    expect(invalid.ok).toBe(false)
  })

  it('falls back to the built-in policy when a listing to spot a misplaced policy fails (it is a courtesy)', async () => {
    const loaded = await loadTrustedPolicy(filesAt('main', {}, true), { policyPath: POLICY, root: checkout.root, onDefaultBranch: false, onPullRequest: false })
    expect(loaded).toMatchObject({ ok: true, source: `built-in default policy (no ${POLICY} at main)` })
    // The checkout adds a policy the trusted ref does not have.
    expect(loaded.ok && loaded.notices.map((notice) => notice.message)).toEqual([
      `This branch adds ${POLICY}; the gate used the policy at main, and the change applies after merge.`
    ])
  })

  it('refuses a policy misplaced at the trusted ref when the listing shows one', async () => {
    const loaded = await loadTrustedPolicy(filesAt('main', { '.github/readiness_policy.yml': TRUSTED_POLICY }), {
      policyPath: POLICY,
      root: checkout.root,
      onDefaultBranch: false,
      onPullRequest: false
    })
    expect(loaded).toMatchObject({
      ok: false,
      errors: [{ rule: 'policy.missing', file: '.github/readiness_policy.yml', message: expect.stringContaining('looks like a policy') }]
    })
  })
})

describe('policyChangeNotice', () => {
  let checkout: TempRepo
  beforeAll(async () => {
    checkout = await tempRepo({ [POLICY]: `\uFEFF${TRUSTED_POLICY}` })
  })
  afterAll(() => checkout.remove())

  it('is silent when the checkout has the trusted text (a byte-order mark aside)', () => {
    expect(policyChangeNotice(checkout.root, POLICY, TRUSTED_POLICY, 'main', false)).toBeUndefined()
  })

  it('says which of adds, changes or deletes, and who', async () => {
    const says = (trustedText: string | null, onPullRequest: boolean) =>
      policyChangeNotice(checkout.root, POLICY, trustedText, 'base 1a2b3c4', onPullRequest)?.message
    expect(says('other\n', true)).toBe(`This pull request changes ${POLICY}; the gate used the policy at base 1a2b3c4, and the change applies after merge.`)
    expect(says(null, false)).toBe(`This branch adds ${POLICY}; the gate used the policy at base 1a2b3c4, and the change applies after merge.`)
    await rm(path.join(checkout.root, POLICY))
    expect(says(TRUSTED_POLICY, true)).toBe(
      `This pull request deletes ${POLICY}; the gate used the policy at base 1a2b3c4, and the change applies after merge.`
    )
    expect(says(null, true)).toBeUndefined()
  })
})
