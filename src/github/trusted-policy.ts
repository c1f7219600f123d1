// The policy comes from the trusted ref, never from the change under evaluation; a change to it is
// told (it applies after merge), not obeyed.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { RootedFiles } from './trust.js'
import { loadPolicyAt } from '../policy/load.js'
import type { Policy } from '../policy/types.js'
import type { Finding } from '../report/types.js'

export type TrustedPolicy = { ok: true; policy: Policy; source: string; notices: Finding[] } | { ok: false; errors: Finding[] }

export interface TrustedPolicyOptions {
  /** The policy input (default .github/readiness-policy.yml), relative to the gate's root. */
  policyPath: string
  /** The gate's root in the checkout, where the change's own policy file would be. */
  root: string
  /** The evaluated commit is itself on the trusted line (a push to the default branch): there is no change to tell. */
  onDefaultBranch: boolean
  onPullRequest: boolean
}

/** The policy at the trusted ref, with a notice when the checkout changes it. */
export async function loadTrustedPolicy(files: RootedFiles, options: TrustedPolicyOptions): Promise<TrustedPolicy> {
  // The listing that spots a misplaced policy is a courtesy: one that fails lists nothing.
  const loaded = await loadPolicyAt({ label: files.label, read: files.read, list: () => files.list().catch(() => []) }, options.policyPath)
  if (!loaded.ok) return loaded
  const changed = options.onDefaultBranch ? undefined : policyChangeNotice(options.root, loaded.path, loaded.text, files.label, options.onPullRequest)
  return { ok: true, policy: loaded.policy, source: loaded.source, notices: changed ? [changed] : [] }
}

/**
 * A passing notice when the checkout's policy file differs from the trusted one (added, changed or
 * deleted), so the author learns why their edit did not take effect; undefined when they agree.
 */
export function policyChangeNotice(root: string, policyPath: string, trustedText: string | null, label: string, onPullRequest: boolean): Finding | undefined {
  let current: string | null
  try {
    current = readFileSync(path.resolve(root, policyPath), 'utf8').replace(/^\uFEFF/, '')
  } catch {
    current = null
  }
  if (current === trustedText) return undefined
  const who = onPullRequest ? 'This pull request' : 'This branch'
  const what = current === null ? 'deletes' : trustedText === null ? 'adds' : 'changes'
  return {
    rule: 'policy.changed',
    status: 'pass',
    message: `${who} ${what} ${policyPath}; the gate used the policy at ${label}, and the change applies after merge.`,
    file: policyPath,
    line: 1,
    hint: 'Merge a policy change on its own, before the changes it should judge.'
  }
}
