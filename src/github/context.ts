// What run this is, read from the runner's environment and the event payload: which commit the check
// belongs to (a pull request's head, never the merge commit in GITHUB_SHA), and which commit is trusted
// to hold the policy and the unchanged claims.
import { readFileSync } from 'node:fs'
import type { GitHubClient } from './client.js'

export interface PullRequestRef {
  number: number
  /** Lowercased login of the author, whose own approval never counts. */
  author: string
  headSha: string
  baseSha: string
  /** The head lives in another repository, so the workflow token is read-only there. */
  fromFork: boolean
}

export interface WorkflowRunRef {
  /** The event that triggered the evaluated run (pull_request for the fork-safe setup). */
  event: string
  headSha: string
  headBranch: string
  /** Owner login of the repository the head commit lives in (a fork's owner for fork PRs). */
  headOwner: string
  fromFork: boolean
  /** Numbers GitHub listed; empty for pull requests from forks. */
  pullRequests: number[]
}

export interface RunContext {
  eventName: string
  owner: string
  repo: string
  /** The commit the check run belongs to. */
  headSha: string
  pullRequest?: PullRequestRef
  /** Set on workflow_run: the pull request must still be found through the API. */
  workflowRun?: WorkflowRunRef
  /**
   * Where trusted files come from: the PR's base commit, else a commit or branch of the default line.
   * `undefined` means the default branch, whose name the API must tell.
   */
  trustedRef?: string
  /** The ref was pushed to or scheduled on the default branch, so the evaluated commit is itself trusted. */
  onDefaultBranch: boolean
  /** Link from the check run to this workflow run. */
  detailsUrl?: string
  /** A push that deleted a branch or tag: there is nothing to evaluate. */
  deletion: boolean
}

export class ContextError extends Error {}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])
const ZERO_SHA = /^0{40}$/

type Json = Record<string, unknown>

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function at(value: unknown, ...keys: string[]): unknown {
  let current: unknown = value
  for (const key of keys) current = object(current)?.[key]
  return current
}

function required(value: unknown, what: string): string {
  const found = text(value)
  if (!found) throw new ContextError(`The event payload has no ${what}.`)
  return found
}

/** Reads GITHUB_* variables and the event payload. Throws ContextError with a plain sentence when they do not make sense. */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const eventName = text(env.GITHUB_EVENT_NAME)
  if (!eventName) throw new ContextError('GITHUB_EVENT_NAME is not set: this action runs inside a GitHub Actions workflow.')
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  const [owner, repo] = repository(env, payload)
  const detailsUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined
  const defaultBranch = text(at(payload, 'repository', 'default_branch'))
  const base = { eventName, owner, repo, detailsUrl, deletion: false }

  if (PULL_REQUEST_EVENTS.has(eventName)) {
    const pr = object(payload.pull_request)
    if (!pr) throw new ContextError(`The ${eventName} event payload has no pull_request.`)
    const pullRequest = pullRequestRef(pr, `${owner}/${repo}`)
    return { ...base, headSha: pullRequest.headSha, pullRequest, trustedRef: pullRequest.baseSha, onDefaultBranch: false }
  }

  if (eventName === 'workflow_run') {
    const run = object(payload.workflow_run)
    if (!run) throw new ContextError('The workflow_run event payload has no workflow_run.')
    const headRepo = text(at(run, 'head_repository', 'full_name'))
    const workflowRun: WorkflowRunRef = {
      event: required(run.event, 'workflow_run.event'),
      headSha: required(run.head_sha, 'workflow_run.head_sha'),
      headBranch: text(run.head_branch) ?? '',
      headOwner: text(at(run, 'head_repository', 'owner', 'login')) ?? owner,
      fromFork: headRepo !== undefined && headRepo.toLowerCase() !== `${owner}/${repo}`.toLowerCase(),
      pullRequests: (Array.isArray(run.pull_requests) ? run.pull_requests : [])
        .map((entry) => object(entry)?.number)
        .filter((number): number is number => typeof number === 'number')
    }
    // The trusted ref is the pull request's base, known once the pull request is found.
    return { ...base, headSha: workflowRun.headSha, workflowRun, onDefaultBranch: false }
  }

  if (eventName === 'push') {
    const after = required(payload.after, 'after (the pushed commit)')
    const ref = text(payload.ref) ?? ''
    const onDefaultBranch = defaultBranch !== undefined && ref === `refs/heads/${defaultBranch}`
    return {
      ...base,
      headSha: after,
      deletion: payload.deleted === true || ZERO_SHA.test(after),
      trustedRef: onDefaultBranch ? after : defaultBranch,
      onDefaultBranch
    }
  }

  if (eventName === 'merge_group') {
    const group = object(payload.merge_group)
    if (!group) throw new ContextError('The merge_group event payload has no merge_group.')
    // The group's base is the target branch as it stands: already reviewed, so trusted.
    return {
      ...base,
      headSha: required(group.head_sha, 'merge_group.head_sha'),
      trustedRef: required(group.base_sha, 'merge_group.base_sha'),
      onDefaultBranch: false
    }
  }

  // schedule, workflow_dispatch, repository_dispatch...: the commit the workflow runs on.
  const sha = text(env.GITHUB_SHA)
  if (!sha) throw new ContextError(`GITHUB_SHA is not set for the ${eventName} event.`)
  const ref = text(env.GITHUB_REF) ?? text(payload.ref) ?? ''
  const onDefaultBranch = eventName === 'schedule' || (defaultBranch !== undefined && ref === `refs/heads/${defaultBranch}`)
  return { ...base, headSha: sha, trustedRef: onDefaultBranch ? sha : defaultBranch, onDefaultBranch }
}

function readPayload(eventPath: string | undefined): Json {
  if (!eventPath) throw new ContextError('GITHUB_EVENT_PATH is not set: this action runs inside a GitHub Actions workflow.')
  let raw: string
  try {
    raw = readFileSync(eventPath, 'utf8')
  } catch {
    throw new ContextError(`The event payload ${eventPath} cannot be read.`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new ContextError(`The event payload ${eventPath} is not valid JSON.`)
  }
  const payload = object(parsed)
  if (!payload) throw new ContextError(`The event payload ${eventPath} is not a JSON object.`)
  return payload
}

function repository(env: NodeJS.ProcessEnv, payload: Json): [string, string] {
  const full = text(env.GITHUB_REPOSITORY) ?? text(at(payload, 'repository', 'full_name'))
  const parts = full?.split('/')
  if (!parts || parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ContextError('GITHUB_REPOSITORY is not set to owner/name.')
  }
  return [parts[0], parts[1]]
}

function pullRequestRef(pr: Json, fullName: string): PullRequestRef {
  const number = pr.number
  if (typeof number !== 'number') throw new ContextError('The pull request in the event payload has no number.')
  const headRepo = text(at(pr, 'head', 'repo', 'full_name'))
  return {
    number,
    author: (text(at(pr, 'user', 'login')) ?? '').toLowerCase(),
    headSha: required(at(pr, 'head', 'sha'), 'pull_request.head.sha'),
    baseSha: required(at(pr, 'base', 'sha'), 'pull_request.base.sha'),
    // A deleted fork has no head repo; it cannot be written to either.
    fromFork: headRepo === undefined || headRepo.toLowerCase() !== fullName.toLowerCase()
  }
}

/**
 * The pull request a workflow_run was about. GitHub leaves `workflow_run.pull_requests` empty for
 * forks, so the open pull requests are searched by head branch, then by head SHA; a match must have
 * exactly the run's head SHA.
 */
export async function findPullRequestForRun(client: GitHubClient, owner: string, repo: string, run: WorkflowRunRef): Promise<PullRequestRef | undefined> {
  const fullName = `${owner}/${repo}`
  for (const number of run.pullRequests) {
    const { data } = await client.rest.pulls.get({ owner, repo, pull_number: number })
    if (data.head.sha === run.headSha) return pullRequestRef(data, fullName)
  }
  if (run.headBranch) {
    const { data } = await client.rest.pulls.list({ owner, repo, state: 'open', head: `${run.headOwner}:${run.headBranch}`, per_page: 100 })
    const match = data.find((pr) => pr.head.sha === run.headSha)
    if (match) return pullRequestRef(match, fullName)
  }
  // Last resort: a bounded scan of open pull requests, newest first.
  let pages = 0
  for await (const { data } of client.paginate.iterator(client.rest.pulls.list, { owner, repo, state: 'open', per_page: 100 })) {
    const match = data.find((pr) => pr.head.sha === run.headSha)
    if (match) return pullRequestRef(match, fullName)
    if (++pages >= 10) break
  }
  return undefined
}
