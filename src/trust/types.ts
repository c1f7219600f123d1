// What the pure evaluation needs to know to decide whether a sign-off or waiver is verified.
// The GitHub publisher (or the CLI with --base) fills it in; evaluation never talks to GitHub.

export interface TrustContext {
  /**
   * offline: no trusted reference (CLI without --base): claims by allowed signers show as unverified.
   * pull_request: approvals of the PR at its head SHA, and files at the base commit.
   * branch: push/schedule/dispatch/merge_group: files at the trusted ref (default branch); no approvals.
   */
  mode: 'offline' | 'pull_request' | 'branch'
  /** Lowercased logins (no @) with an approving review at the PR's current head SHA; the PR author excluded. */
  approvers: ReadonlySet<string>
  /** The PR author's login (lowercased), who cannot approve their own claims. */
  author?: string
  /** Human label of the trusted reference, e.g. "base 1a2b3c4" or "main". */
  trustedRef?: string
  /** Content of a repo-relative file at the trusted ref; null when it does not exist there. */
  readTrusted?(relPath: string): Promise<string | null>
  /**
   * Every file path at the trusted ref (repo-relative), so the gate can tell when a system that the
   * trusted ref gates has lost its manifest. Undefined when it cannot be listed (the check is skipped).
   */
  listTrusted?(): Promise<string[]>
}

export const OFFLINE_TRUST: TrustContext = { mode: 'offline', approvers: new Set() }
