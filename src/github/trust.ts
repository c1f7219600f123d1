// Which commit the run trusts, and what the pure gate is told about it. On a pull request that is the
// base commit (found through the API when the run is a workflow_run), else the pushed-to branch's
// line; the approvals that count are the reviews on GitHub at the pull request's head.
import path from 'node:path'
import type { GitHubClient } from './client.js'
import { findPullRequestForRun, type PullRequestRef, type RunContext } from './context.js'
import { checkoutOf } from './git.js'
import { listApprovers, trustedFiles, type TrustedFiles } from './trusted.js'
import { docUrl } from '../report/links.js'
import type { TrustContext } from '../trust/types.js'

export type TrustResolution =
  | {
      kind: 'trusted'
      /** The trusted ref's files, relative to the gate's root. */
      files: RootedFiles
      /** The pull request under evaluation; absent on a push, schedule or dispatch. */
      pullRequest?: PullRequestRef
    }
  /** Nothing to evaluate: the pull request moved on (its newer run publishes) or is gone. */
  | { kind: 'skipped'; why: string }
  /** The checkout is not the commit the check run belongs to: judging it would publish another commit's verdict. */
  | { kind: 'wrong-checkout'; message: string; hint: string }

/** Files of the trusted ref as TrustedFiles reads them, but with paths relative to the gate's root (a working-directory inside the repository). */
export type RootedFiles = Omit<TrustedFiles, 'ref'>

export interface TrustOptions {
  client: GitHubClient
  context: RunContext
  workspace: string
  /** Repo-relative POSIX path of the gate's root ('' at the repository root). */
  rootPrefix: string
}

export async function resolveTrust(options: TrustOptions): Promise<TrustResolution> {
  const { client, context, workspace } = options
  let pullRequest: PullRequestRef | undefined = context.pullRequest
  let trustedRef = context.trustedRef
  const triggeredBy = context.workflowRun?.event
  if (context.workflowRun && (triggeredBy === 'pull_request' || triggeredBy === 'pull_request_target')) {
    pullRequest = await findPullRequestForRun(client, context.owner, context.repo, context.workflowRun)
    if (!pullRequest) {
      return {
        kind: 'skipped',
        why: `no open pull request has head commit ${context.headSha} any more (updated or closed); its newer run publishes the verdict.`
      }
    }
    trustedRef = pullRequest.baseSha
  }
  // These events run in the base repository's context, where the default checkout is NOT the pull
  // request: judging it would publish the base branch's verdict on the pull request's head.
  if (context.eventName === 'workflow_run' || context.eventName === 'pull_request_target') {
    const checkedOut = checkoutOf(workspace)
    if (!checkedOut || (checkedOut.head !== context.headSha && !checkedOut.parents.includes(context.headSha))) {
      return {
        kind: 'wrong-checkout',
        message: `The checkout is ${checkedOut ? `at ${checkedOut.head}` : 'not a git checkout'}, not the pull request head ${context.headSha}, so the gate would judge the wrong files.`,
        hint:
          context.eventName === 'workflow_run'
            ? 'Check out ${{ github.event.workflow_run.head_sha }} from ${{ github.event.workflow_run.head_repository.full_name }} (' +
              docUrl('github.md#pull-requests-from-forks') +
              ').'
            : 'Check out ${{ github.event.pull_request.head.sha }} as data (' + docUrl('github.md#pull-requests-from-forks') + ').'
      }
    }
  }
  if (trustedRef === undefined) {
    trustedRef = (await client.rest.repos.get({ owner: context.owner, repo: context.repo })).data.default_branch
  }
  const label = pullRequest ? `base ${shortRef(trustedRef)}` : shortRef(trustedRef)
  const trusted = await trustedFiles({ client, owner: context.owner, repo: context.repo, ref: trustedRef, label, checkout: workspace })
  return { kind: 'trusted', files: underRoot(trusted, options.rootPrefix), ...(pullRequest ? { pullRequest } : {}) }
}

/** What the gate may believe: approvals at the pull request's head (none on a branch) and the trusted ref's files. */
export async function trustContext(
  client: GitHubClient,
  context: RunContext,
  files: RootedFiles,
  pullRequest: PullRequestRef | undefined
): Promise<TrustContext> {
  const approvers = pullRequest
    ? await listApprovers(client, {
        owner: context.owner,
        repo: context.repo,
        pullNumber: pullRequest.number,
        headSha: pullRequest.headSha,
        author: pullRequest.author
      })
    : new Set<string>()
  return {
    mode: pullRequest ? 'pull_request' : 'branch',
    approvers,
    ...(pullRequest ? { author: pullRequest.author } : {}),
    trustedRef: files.label,
    readTrusted: files.read,
    listTrusted: files.list
  }
}

/** The trusted files as the gate's root sees them: paths relative to it, the listing limited to it. */
export function underRoot(trusted: TrustedFiles, rootPrefix: string): RootedFiles {
  const toRepoPath = (relPath: string): string => path.posix.join(rootPrefix, relPath)
  const prefix = rootPrefix ? `${rootPrefix}/` : ''
  return {
    label: trusted.label,
    read: (relPath) => trusted.read(toRepoPath(relPath)),
    readBytes: (relPath) => trusted.readBytes(toRepoPath(relPath)),
    list: async () => (await trusted.list()).filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length))
  }
}

/** A full SHA shortened for people; a branch name as it is. */
export function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref
}
