// The report is the single source every renderer reads (schemas/report.schema.json describes it).

/** The `$id` of schemas/report.schema.json, named in every JSON report (a test keeps the two equal). */
export const REPORT_SCHEMA_URL = 'https://github.com/readiness-gate/readiness-gate/schemas/report.schema.json'

export const STAGES = ['pilot', 'staging', 'production'] as const
export type Stage = (typeof STAGES)[number]

export type FindingStatus = 'pass' | 'fail' | 'waived' | 'not-required'

/** Where a finding points: a repo-relative POSIX path and a 1-based line (and column when known). */
export interface Location {
  file: string
  line: number
  column?: number
}

export interface Finding extends Location {
  /** Requirement id from the catalog (e.g. `load.production-volume`) or a problem id (e.g. `manifest.schema`). */
  rule: string
  status: FindingStatus
  /** One plain sentence, with the measured value where there is one ("p95 1240 ms > SLO 800 ms"). */
  message: string
  /** One line: how to fix it. */
  hint?: string
  /** For sign-offs and waivers: whether the claim was verified against the pull request's reviews. */
  verification?: 'verified' | 'unverified'
  /** A second place that matters (e.g. the manifest line when the finding points into an evidence file). */
  related?: Location
  /**
   * For a passing or waived finding that lapses: the last day (YYYY-MM-DD, UTC) it still counts — a
   * waiver's expiry, or the day linked evidence or a rollback test outgrows the policy's age limit.
   */
  expires?: string
}

export interface SystemReport {
  /** The system's name (`system:` in the manifest; the manifest path when it has none). */
  name: string
  /** Repo-relative path of the manifest. */
  manifest: string
  /** The claimed stage; null when the manifest does not name a valid one. */
  stage: Stage | null
  /** The manifest's named owners by role (model-operations, executive-sponsor), as written. */
  owners?: Record<string, string>
  passed: boolean
  /** Required requirements that pass or are waived, out of those the stage requires. */
  score: { passed: number; required: number }
  findings: Finding[]
}

export interface Report {
  $schema?: string
  version: 1
  tool: { name: 'readiness-gate'; version: string }
  /** ISO timestamp of the evaluation clock (what "now" meant for freshness and expiry). */
  evaluatedAt: string
  passed: boolean
  /** Where the policy came from, e.g. "built-in default policy (no .github/readiness-policy.yml)" or ".github/readiness-policy.yml@<base sha>". */
  policy: string
  systems: SystemReport[]
  /** Messages that belong to the run rather than to one system (e.g. "this PR changes the policy; it applies after merge"). */
  notices: Finding[]
}
