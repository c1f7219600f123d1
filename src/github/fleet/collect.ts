// Reads what each repository of an organization published: its readiness-gate check run at the default
// branch's head (with the machine-readable verdict), its tree when there is no check run (is there a
// manifest the gate should be judging?), and whether the default branch's rules require the check.
// Requests per repository on a first run, at most 3: the check run; then, when it has a verdict with
// systems, the rulesets and (when no ruleset requires the check) the branch for classic protection; when
// it has none, the tree, and the rulesets if the tree holds a manifest. The listing costs one
// request per 100 repositories. Every GET is conditional on the last run's ETag (ConditionalCache), so
// an unchanged repository costs nothing against the rate limit. When the rate limit runs out the run
// stops asking and says which repositories it did not reach.
import type { GitHubClient } from '../client.js'
import { describeError } from '../publisher.js'
import type { CheckRunSeen, FleetReport, FleetSettings, RepoObservation, RequiredCheck } from '../../fleet/model.js'
import { readVerdictBlock } from '../../render/verdict-block.js'
import { ConditionalCache } from './cache.js'

export interface CollectOptions {
  client: GitHubClient
  organization: string
  settings: FleetSettings
  now: Date
  cache?: ConditionalCache
  /** Repositories read at once. */
  concurrency?: number
  /** A manifest is a file with this name anywhere in the tree (the action's default glob is its every path). */
  manifestName?: string
  log?: (message: string) => void
}

export interface Collected {
  repositories: RepoObservation[]
  partial: FleetReport['partial']
  requests: FleetReport['requests']
}

/** The organization itself could not be listed: there is no report to make. */
export class FleetListingError extends Error {}

class RateLimitExhausted extends Error {}

interface ListedRepo {
  name: string
  url?: string
  defaultBranch: string
  archived: boolean
}

interface ChosenRun extends CheckRunSeen {
  status: string
  text: string | null
}

type Json = Record<string, unknown>

export async function collectFleet(options: CollectOptions): Promise<Collected> {
  const { client, organization, settings } = options
  const cache = options.cache ?? ConditionalCache.empty()
  const manifestName = options.manifestName ?? 'readiness.yml'
  const counts = { sent: 0, notModified: 0 }
  let exhausted: string | undefined

  /** A conditional GET: the reduced value of a fresh answer, or the cached one on 304. */
  async function get<T>(route: string, params: Json, reduce: (data: unknown) => T): Promise<T> {
    if (exhausted) throw new RateLimitExhausted(exhausted)
    const key = `${route} ${JSON.stringify(params)}`
    const etag = cache.etagOf(key)
    counts.sent++
    try {
      const response = await client.request(route, { ...params, headers: etag ? { 'if-none-match': etag } : {} })
      const value = reduce(response.data)
      cache.store(key, response.headers.etag, value)
      return value
    } catch (error) {
      const status = (error as { status?: number }).status
      if (status === 304 && etag) {
        counts.notModified++
        return cache.reuse(key) as T
      }
      if (isRateLimit(error)) {
        exhausted ??= `the API rate limit ran out (${describeError(error)})`
        throw new RateLimitExhausted(exhausted)
      }
      throw error
    }
  }

  const listed = await listRepositories(get, organization)
  const repositories = new Array<RepoObservation | undefined>(listed.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < listed.length && !exhausted) {
      const index = next++
      try {
        repositories[index] = await observe(listed[index]!)
      } catch (error) {
        if (error instanceof RateLimitExhausted) return
        // One repository's surprise is that repository's problem, said plainly; the others still count.
        repositories[index] = { ...base(listed[index]!), state: 'unreadable', why: `the fleet could not read it: ${describeError(error)}` }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, listed.length)) }, worker))

  const missing = listed.filter((_, index) => !repositories[index])
  const observed = listed.map((repo, index) => repositories[index] ?? { ...base(repo), state: 'missing' as const, why: exhausted ?? 'not reached' })
  return {
    repositories: observed,
    partial: missing.length > 0 ? { reason: exhausted ?? 'the run stopped early', missing: missing.map((repo) => repo.name) } : null,
    requests: counts
  }

  async function observe(repo: ListedRepo): Promise<RepoObservation> {
    if (repo.archived) return { ...base(repo), state: 'archived' }
    const params = { owner: organization, repo: repo.name }
    let run: ChosenRun | null
    try {
      run = await get(
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
        { ...params, ref: repo.defaultBranch, check_name: settings.checkName, per_page: 20 },
        (data) => latestCompleted(data, settings.checkName)
      )
    } catch (error) {
      const unseen = invisible(error, repo)
      if (unseen) return unseen
      throw error
    }
    if (run && run.status === 'completed') {
      const { status: _status, text, ...checkRun } = run
      const read = readVerdictBlock(text)
      const ageDays = run.completedAt ? (options.now.getTime() - Date.parse(run.completedAt)) / 86_400_000 : Infinity
      const stale = ageDays > settings.staleAfterDays
      const observation: RepoObservation = read.ok
        ? {
            ...base(repo),
            state: stale ? 'stale' : 'evaluated',
            checkRun,
            digest: read.digest,
            ...(stale
              ? {
                  why: Number.isFinite(ageDays)
                    ? `its latest check run finished ${Math.floor(ageDays)} days ago, over the ${settings.staleAfterDays}-day freshness limit: the scheduled run has stopped`
                    : 'its latest check run has no completion time, so its freshness cannot be told'
                }
              : {})
          }
        : { ...base(repo), state: 'unreadable', checkRun, why: read.why }
      const gated = !read.ok || read.digest.totals.systems > 0 || read.digest.problems.length > 0
      if (gated) observation.required = await requiredCheck(repo)
      return observation
    }
    let tree: { manifests: string[]; truncated: boolean }
    try {
      tree = await get('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...params, tree_sha: repo.defaultBranch, recursive: '1' }, (data) =>
        manifestsIn(data, manifestName)
      )
    } catch (error) {
      const unseen = invisible(error, repo)
      if (unseen) return unseen
      throw error
    }
    const notes = tree.truncated ? [`its tree is too big for one request, so manifests outside the part GitHub listed were not looked for`] : []
    if (tree.manifests.length === 0) return { ...base(repo), state: 'no-manifest', manifests: [], ...(notes.length ? { notes } : {}) }
    const where = tree.manifests.length === 1 ? tree.manifests[0] : `${tree.manifests.length} manifests`
    return {
      ...base(repo),
      state: 'not-running',
      why: run
        ? `${where} in the tree, but the readiness-gate check run at the head of ${repo.defaultBranch} has not finished`
        : `${where} in the tree, but no "${settings.checkName}" check run at the head of ${repo.defaultBranch}`,
      manifests: tree.manifests,
      required: await requiredCheck(repo, { rulesetsOnly: true }),
      ...(notes.length ? { notes } : {})
    }
  }

  /**
   * Rulesets first (one request answers for repository and organization rulesets), then classic branch
   * protection. Where the gate is not running (already the finding to fix), rulesets only: the third
   * request of that repository.
   */
  async function requiredCheck(repo: ListedRepo, options: { rulesetsOnly?: boolean } = {}): Promise<RequiredCheck> {
    const params = { owner: organization, repo: repo.name, branch: repo.defaultBranch }
    try {
      const rulesets = await get('GET /repos/{owner}/{repo}/rules/branches/{branch}', params, (data) => requiringRulesets(data, settings.checkName))
      if (rulesets.length > 0) return { status: 'required', by: rulesets }
      if (options.rulesetsOnly) {
        return {
          status: 'unknown',
          by: [],
          note: `no ruleset requires "${settings.checkName}"; branch protection was not read, as the gate is not running here`
        }
      }
      const branch = await get('GET /repos/{owner}/{repo}/branches/{branch}', params, (data) => classicProtection(data, settings.checkName))
      if (branch.requires) return { status: 'required', by: ['branch protection'] }
      if (branch.protected && !branch.visible) {
        return {
          status: 'unknown',
          by: [],
          note: `no ruleset requires it, and ${repo.defaultBranch}'s branch protection is on but does not show its required checks to this token`
        }
      }
      return {
        status: 'not-required',
        by: [],
        note: branch.protected
          ? `neither a ruleset nor ${repo.defaultBranch}'s branch protection requires "${settings.checkName}"`
          : `no ruleset requires "${settings.checkName}" and ${repo.defaultBranch} has no branch protection`
      }
    } catch (error) {
      if (error instanceof RateLimitExhausted) throw error
      return { status: 'unknown', by: [], note: `the rules of ${repo.defaultBranch} could not be read: ${describeError(error)}` }
    }
  }

  function invisible(error: unknown, repo: ListedRepo): RepoObservation | undefined {
    const status = (error as { status?: number }).status
    if (status === 403 || status === 404) return { ...base(repo), state: 'not-visible', why: `the token cannot read it (${describeError(error)})` }
    if (status === 409) return { ...base(repo), state: 'empty', why: 'the repository has no commits' }
    return undefined
  }
}

function base(repo: ListedRepo): Pick<RepoObservation, 'name' | 'url' | 'defaultBranch' | 'archived'> {
  return { name: repo.name, ...(repo.url ? { url: repo.url } : {}), defaultBranch: repo.defaultBranch, archived: repo.archived }
}

type Get = <T>(route: string, params: Json, reduce: (data: unknown) => T) => Promise<T>

async function listRepositories(get: Get, organization: string): Promise<ListedRepo[]> {
  const all: ListedRepo[] = []
  for (let page = 1; ; page++) {
    let listed: ListedRepo[]
    try {
      listed = await get('GET /orgs/{org}/repos', { org: organization, type: 'all', sort: 'full_name', per_page: 100, page }, (data) =>
        (Array.isArray(data) ? (data as Json[]) : []).map((repo) => ({
          name: String(repo.name),
          ...(typeof repo.html_url === 'string' ? { url: repo.html_url } : {}),
          defaultBranch: typeof repo.default_branch === 'string' && repo.default_branch ? repo.default_branch : 'main',
          archived: repo.archived === true
        }))
      )
    } catch (error) {
      if (error instanceof RateLimitExhausted) throw new FleetListingError(`The repositories of ${organization} could not be listed: ${error.message}.`)
      throw new FleetListingError(`The repositories of ${organization} could not be listed: ${describeError(error)}.`)
    }
    all.push(...listed)
    // A short page is the last one; asking for the next costs a request only at exact multiples of 100.
    if (listed.length < 100) return all
  }
}

/** A timestamp field as text; '' when absent, so it sorts first. */
const stamp = (value: unknown): string => (typeof value === 'string' ? value : '')

function latestCompleted(data: unknown, checkName: string): ChosenRun | null {
  const runs = ((data as { check_runs?: Json[] })?.check_runs ?? []).filter((run) => run.name === checkName)
  const completed = runs.filter((run) => run.status === 'completed').sort((a, b) => stamp(b.completed_at).localeCompare(stamp(a.completed_at)))
  const chosen = completed[0] ?? runs[0]
  if (!chosen) return null
  const output = (chosen.output ?? {}) as Json
  return {
    id: Number(chosen.id),
    ...(typeof chosen.html_url === 'string' ? { url: chosen.html_url } : {}),
    headSha: String(chosen.head_sha),
    completedAt: typeof chosen.completed_at === 'string' ? chosen.completed_at : null,
    conclusion: typeof chosen.conclusion === 'string' ? chosen.conclusion : null,
    status: String(chosen.status),
    text: typeof output.text === 'string' ? output.text : null
  }
}

function manifestsIn(data: unknown, manifestName: string): { manifests: string[]; truncated: boolean } {
  const tree = (data as { tree?: Json[]; truncated?: boolean }) ?? {}
  const manifests = (tree.tree ?? [])
    .filter((entry) => entry.type === 'blob' && typeof entry.path === 'string' && (entry.path === manifestName || entry.path.endsWith(`/${manifestName}`)))
    .map((entry) => entry.path as string)
  return { manifests, truncated: tree.truncated === true }
}

function requiringRulesets(data: unknown, checkName: string): string[] {
  const rules = Array.isArray(data) ? (data as Json[]) : []
  const by: string[] = []
  for (const rule of rules) {
    if (rule.type !== 'required_status_checks') continue
    const checks = ((rule.parameters as Json | undefined)?.required_status_checks ?? []) as Json[]
    if (!checks.some((check) => check.context === checkName)) continue
    const source =
      typeof rule.ruleset_source === 'string' ? ` (${rule.ruleset_source_type === 'Organization' ? 'organization ' : ''}${rule.ruleset_source})` : ''
    by.push(`ruleset ${typeof rule.ruleset_id === 'number' || typeof rule.ruleset_id === 'string' ? rule.ruleset_id : '?'}${source}`)
  }
  return [...new Set(by)]
}

function classicProtection(data: unknown, checkName: string): { protected: boolean; visible: boolean; requires: boolean } {
  const branch = (data ?? {}) as Json
  const checks = ((branch.protection as Json | undefined)?.required_status_checks ?? undefined) as Json | undefined
  const contexts = [
    ...((checks?.contexts as string[] | undefined) ?? []),
    ...((checks?.checks as Json[] | undefined) ?? []).map((check) => check.context as string)
  ]
  return { protected: branch.protected === true, visible: checks !== undefined, requires: contexts.includes(checkName) }
}

function isRateLimit(error: unknown): boolean {
  const { status, message, response } = error as { status?: number; message?: string; response?: { headers?: Record<string, string> } }
  if (status !== 403 && status !== 429) return false
  return response?.headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message ?? '')
}
