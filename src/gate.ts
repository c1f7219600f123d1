// The gate's pure core: find manifests, evaluate each system against the trusted policy, build the report.
// No GitHub client and no environment variables here; the entry points supply everything.
import type { Report } from './report/types.js'
import type { Policy } from './policy/types.js'
import type { TrustContext } from './trust/types.js'

export interface GateInput {
  /** Absolute path of the repository root; every file read must resolve inside it. */
  root: string
  /** Manifest paths or globs relative to root; folders are searched for readiness.yml. Default: every readiness.yml. */
  manifests?: string[]
  policy: Policy
  /** Label of where the policy came from, for the report. */
  policySource: string
  /** The evaluation clock (freshness, expiry). */
  now: Date
  trust: TrustContext
}

export async function runGate(_input: GateInput): Promise<Report> {
  throw new Error('runGate: not implemented yet')
}
