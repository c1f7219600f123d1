// The report is the single source every renderer reads (schemas/report.schema.json describes it).
import { schemaUrl } from './links.js'

/** The `$id` of schemas/report.schema.json, named in every JSON report (a test keeps the two equal). */
export const REPORT_SCHEMA_URL = schemaUrl('report.schema.json')

export const STAGES = ['pilot', 'staging', 'production'] as const
export type Stage = (typeof STAGES)[number]

/** -1 when the stage went down, 1 when it went up, 0 when unchanged or unknown on either side. */
export function stageDirection(before: Stage | null, after: Stage | null): -1 | 0 | 1 {
  if (before === null || after === null || before === after) return 0
  return STAGES.indexOf(after) < STAGES.indexOf(before) ? -1 : 1
}

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
  /** On a pull request, for a failing finding: whether its requirement already failed at the base commit. */
  change?: 'new' | 'existing'
  /** When the whole manifest section a requirement reads is missing: the YAML to paste, as `init` writes it. */
  snippet?: string
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
  score: Score
  /** Stage by stage up to the claimed one: requirements met of those the stage requires (absent without a valid stage). */
  progress?: StageProgress[]
  findings: Finding[]
}

export interface StageProgress {
  stage: Stage
  met: number
  required: number
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
  /** On a pull request (or `check --base`): what the change did, system by system, against the base commit. */
  change?: ChangeReport
}

export interface ChangeReport {
  /** The base, for people: "base 1a2b3c4". */
  base: string
  /** The policy's `pull-requests.block-on`: what fails the check. */
  blockOn: 'all' | 'changes'
  /** Base files the comparison needed but could not read; the comparison of their systems may be off. */
  unreadable: string[]
  systems: SystemChange[]
}

export interface SystemChange {
  name: string
  /** The manifest at head; at base for a removed system. */
  manifest: string
  /** added: no manifest at base; removed: none at head; else whether anything the gate reads for it changed. */
  status: 'added' | 'removed' | 'touched' | 'untouched'
  stage: { before: Stage | null; after: Stage | null }
  score: { before: Score | null; after: Score | null }
  /** Requirement (or problem) ids failing at head that did not fail at base. */
  newlyFailing: string[]
  /** Requirement ids failing at base that pass or are waived at head. */
  newlyMet: string[]
  /** Whether this system's failures fail the check under the policy's block-on. */
  blocks: boolean
}

export interface Score {
  passed: number
  required: number
}
