// The fleet view's data: what was observed in each repository of an organization (gathered by
// src/github/fleet/), and the report built from it. Pure: no GitHub client, no clock but the one given.
import type { VerdictDigest } from '../render/verdict-block.js'
import { STAGES, type Stage } from '../report/types.js'

/**
 * What the fleet learned of one repository's gate, most serious first where a repository could be two:
 * - evaluated: a readiness-gate check run at the default branch's head carries a readable verdict;
 * - stale: there is one, but older than the freshness limit (the scheduled run stopped);
 * - not-running: a readiness manifest is in the tree, but no readiness-gate check run is at the head;
 * - unreadable: the check run's machine-readable verdict is missing, from another version, or malformed;
 * - not-visible: the token may not read the repository (403/404): never skipped in silence;
 * - missing: not reached before the rate limit ran out (the report is partial);
 * - no-manifest: no readiness manifest and no check run: nothing to gate;
 * - empty: the repository has no commits;
 * - archived: read-only, listed apart and not probed.
 */
export const REPO_STATES = ['evaluated', 'stale', 'not-running', 'unreadable', 'not-visible', 'missing', 'no-manifest', 'empty', 'archived'] as const
export type RepoState = (typeof REPO_STATES)[number]

export interface CheckRunSeen {
  id: number
  url?: string
  headSha: string
  completedAt: string | null
  conclusion: string | null
}

/** Whether the default branch requires the check, and by what; `unknown` when the token cannot tell. */
export interface RequiredCheck {
  status: 'required' | 'not-required' | 'unknown'
  /** What requires it, e.g. "ruleset 42 (acme)", "branch protection". */
  by: string[]
  /** Why unknown, or what was looked at when not required. */
  note?: string
}

export interface RepoObservation {
  name: string
  url?: string
  defaultBranch: string
  archived: boolean
  state: RepoState
  /** One sentence: why not visible, unreadable, not running or stale. */
  why?: string
  /** Manifests found in the tree (read only when there was no check run to list the systems). */
  manifests?: string[]
  checkRun?: CheckRunSeen
  digest?: VerdictDigest
  required?: RequiredCheck
  /** Things the fleet could not fully check (e.g. a tree too big for one request). */
  notes?: string[]
}

export interface FleetSettings {
  checkName: string
  /** A check run older than this many days means the gate stopped running. */
  staleAfterDays: number
  /** Waivers and evidence that lapse within this many days are listed as expiring. */
  expiringWithinDays: number
}

export interface FleetSystem {
  repository: string
  name: string
  manifest: string
  stage: Stage | null
  passed: boolean
  score: { passed: number; required: number }
  /** Failing requirement ids; empty when the check run's verdict was too big to list them. */
  failing: string[]
  failingCount: number
  waivers: Array<{ requirement: string; expires: string; verification: 'verified' | 'unverified' }>
  unverified: string[]
  /** The model-operations owner, else the first owner named; the team the totals group by. */
  team: string | null
  /** The default branch head the verdict is for. */
  headSha: string
  stale: boolean
}

export interface Expiring {
  repository: string
  system: string
  kind: 'waiver' | 'evidence'
  requirement: string
  expires: string
  /** Whole days from the report's date to the expiry day (0 = expires today). */
  daysLeft: number
}

export interface RepoEntry {
  name: string
  url?: string
  defaultBranch: string
  state: RepoState
  why?: string
  checkRun?: CheckRunSeen
  /** For repositories with a gate to require (a manifest or a verdict with systems). */
  required?: RequiredCheck
  systems: number
  ready: number
  /** A verdict whose digest gave counts only: the systems are counted, not listed. */
  countsOnly?: boolean
  problems: string[]
  manifests?: string[]
  notes?: string[]
}

export interface StageTotals {
  ready: number
  notReady: number
}

export interface FleetReport {
  $schema?: string
  version: 1
  tool: { name: 'readiness-gate'; version: string }
  organization: string
  generatedAt: string
  settings: FleetSettings
  /** Present when the run stopped early (rate limit): which repositories are missing and why. */
  partial: { reason: string; missing: string[] } | null
  totals: {
    repositories: Record<RepoState, number> & { total: number; notRequired: number; requiredUnknown: number }
    systems: { total: number; ready: number; notReady: number; byStage: Record<Stage | 'none', StageTotals> }
    byTeam: Array<{ team: string; systems: number; ready: number; notReady: number }>
  }
  repositories: RepoEntry[]
  systems: FleetSystem[]
  expiring: Expiring[]
  requests: { sent: number; notModified: number }
}

const DAY_MS = 86_400_000
export const NO_TEAM = '(no owner named)'

export interface FleetInput {
  organization: string
  now: Date
  settings: FleetSettings
  repositories: RepoObservation[]
  partial: FleetReport['partial']
  requests: FleetReport['requests']
  toolVersion: string
}

export function buildFleetReport(input: FleetInput): FleetReport {
  const today = Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), input.now.getUTCDate())
  const observed = [...input.repositories].sort((a, b) => a.name.localeCompare(b.name))
  const systems: FleetSystem[] = []
  const expiring: Expiring[] = []
  const repositories: RepoEntry[] = observed.map((repo) => {
    const digest = repo.digest
    const entry: RepoEntry = {
      name: repo.name,
      ...(repo.url ? { url: repo.url } : {}),
      defaultBranch: repo.defaultBranch,
      state: repo.state,
      ...(repo.why ? { why: repo.why } : {}),
      ...(repo.checkRun ? { checkRun: repo.checkRun } : {}),
      ...(repo.required ? { required: repo.required } : {}),
      systems: digest?.totals.systems ?? 0,
      ready: digest?.totals.ready ?? 0,
      ...(digest?.detail === 'counts' ? { countsOnly: true } : {}),
      problems: digest?.problems.map((problem) => problem.message) ?? [],
      ...(repo.manifests ? { manifests: repo.manifests } : {}),
      ...(repo.notes?.length ? { notes: repo.notes } : {})
    }
    if (!digest || !repo.checkRun) return entry
    for (const system of digest.systems) {
      const owners = system.owners ?? {}
      systems.push({
        repository: repo.name,
        name: system.name,
        manifest: system.manifest,
        stage: system.stage,
        passed: system.passed,
        score: { passed: system.score[0], required: system.score[1] },
        failing: system.failing,
        failingCount: system.failingCount,
        waivers: system.waivers,
        unverified: system.unverified,
        team: owners['model-operations'] ?? Object.values(owners)[0] ?? null,
        headSha: repo.checkRun.headSha,
        stale: repo.state === 'stale'
      })
      const lapses = [
        ...system.waivers.map((waiver) => ({ kind: 'waiver' as const, requirement: waiver.requirement, expires: waiver.expires })),
        ...system.lapsing.map((lapse) => ({ kind: 'evidence' as const, requirement: lapse.requirement, expires: lapse.expires }))
      ]
      for (const lapse of lapses) {
        const daysLeft = Math.round((Date.parse(`${lapse.expires}T00:00:00Z`) - today) / DAY_MS)
        if (Number.isFinite(daysLeft) && daysLeft <= input.settings.expiringWithinDays) {
          expiring.push({ repository: repo.name, system: system.name, ...lapse, daysLeft })
        }
      }
    }
    return entry
  })
  expiring.sort((a, b) => a.expires.localeCompare(b.expires) || a.repository.localeCompare(b.repository) || a.system.localeCompare(b.system))

  const repoTotals = Object.fromEntries(REPO_STATES.map((state) => [state, 0])) as Record<RepoState, number>
  for (const repo of repositories) repoTotals[repo.state]++
  const byStage = Object.fromEntries([...STAGES, 'none'].map((stage) => [stage, { ready: 0, notReady: 0 }])) as Record<Stage | 'none', StageTotals>
  const teams = new Map<string, { systems: number; ready: number; notReady: number }>()
  for (const system of systems) {
    const stage = byStage[system.stage ?? 'none']
    if (system.passed) stage.ready++
    else stage.notReady++
    const team = teams.get(system.team ?? NO_TEAM) ?? { systems: 0, ready: 0, notReady: 0 }
    team.systems++
    if (system.passed) team.ready++
    else team.notReady++
    teams.set(system.team ?? NO_TEAM, team)
  }
  const ready = systems.filter((system) => system.passed).length
  // Counts-only verdicts add systems the list cannot name; the totals still count them.
  const countedOnly = repositories.filter((repo) => repo.countsOnly)
  const extraSystems = countedOnly.reduce((sum, repo) => sum + repo.systems, 0)
  const extraReady = countedOnly.reduce((sum, repo) => sum + repo.ready, 0)
  return {
    version: 1,
    tool: { name: 'readiness-gate', version: input.toolVersion },
    organization: input.organization,
    generatedAt: input.now.toISOString(),
    settings: input.settings,
    partial: input.partial,
    totals: {
      repositories: {
        total: repositories.length,
        ...repoTotals,
        notRequired: repositories.filter((repo) => repo.required?.status === 'not-required').length,
        requiredUnknown: repositories.filter((repo) => repo.required?.status === 'unknown').length
      },
      systems: { total: systems.length + extraSystems, ready: ready + extraReady, notReady: systems.length - ready + (extraSystems - extraReady), byStage },
      byTeam: [...teams].map(([team, counts]) => ({ team, ...counts })).sort((a, b) => b.notReady - a.notReady || a.team.localeCompare(b.team))
    },
    repositories,
    systems,
    expiring,
    requests: input.requests
  }
}

/** Repositories whose gate is not doing its job, each group in name order. */
export function attention(report: FleetReport) {
  const repos = report.repositories
  return {
    notRunning: repos.filter((repo) => repo.state === 'not-running' || repo.state === 'stale'),
    notRequired: repos.filter((repo) => repo.required?.status === 'not-required' && repo.state !== 'archived'),
    // A gate that is not running is the finding; whether it would be required is secondary there.
    requiredUnknown: repos.filter((repo) => repo.required?.status === 'unknown' && repo.state !== 'archived' && repo.state !== 'not-running'),
    unreadable: repos.filter((repo) => repo.state === 'unreadable'),
    notVisible: repos.filter((repo) => repo.state === 'not-visible'),
    archived: repos.filter((repo) => repo.state === 'archived'),
    failedRuns: repos.filter((repo) => repo.problems.length > 0),
    notReady: report.systems.filter((system) => !system.passed)
  }
}
