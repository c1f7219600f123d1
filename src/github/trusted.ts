// What the pull request cannot change: files at the trusted commit (the PR's base) and the approvals
// given on GitHub. A sign-off file that says "approved" proves nothing; an approving review by the
// named person on the current head commit does.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { GitHubClient } from './client.js'

const run = promisify(execFile)

/** Largest trusted file read through git; policies and sign-offs are small. */
const MAX_TRUSTED_FILE_BYTES = 8 * 1024 * 1024

export interface TrustedFiles {
  /** The ref files are read at (a commit SHA, or a branch name). */
  ref: string
  /** For people: "base 1a2b3c4" or "main". */
  label: string
  /** A repo-relative file at the trusted ref; null when it does not exist there. */
  read(repoPath: string): Promise<string | null>
  /** The same file's bytes, exactly (evidence can be binary); null when it does not exist there. */
  readBytes(repoPath: string): Promise<Buffer | null>
  /** Every file path (repo-relative) at the trusted ref. Throws when the listing would be incomplete. */
  list(): Promise<string[]>
}

export interface TrustedFilesOptions {
  client: GitHubClient
  owner: string
  repo: string
  ref: string
  label: string
  /** The checkout; when it holds the trusted commit, git answers without an API call. */
  checkout?: string
}

const FULL_SHA = /^[0-9a-f]{40}$/i

export async function trustedFiles(options: TrustedFilesOptions): Promise<TrustedFiles> {
  const { client, owner, repo, ref, label, checkout } = options
  // A branch name in the checkout may be stale or forged; only an exact commit is read locally.
  const local = checkout && FULL_SHA.test(ref) && (await hasCommit(checkout, ref)) ? checkout : undefined
  const cache = new Map<string, Promise<string | null>>()
  const read = (repoPath: string): Promise<string | null> => {
    const normalized = repoPath.replace(/^\.?\/+/, '')
    let pending = cache.get(normalized)
    if (!pending) {
      pending = local ? readWithGit(local, ref, normalized) : readWithApi(client, owner, repo, ref, normalized)
      cache.set(normalized, pending)
    }
    return pending
  }
  const readBytes = (repoPath: string): Promise<Buffer | null> => {
    const normalized = repoPath.replace(/^\.?\/+/, '')
    return local ? readBytesWithGit(local, ref, normalized) : readBytesWithApi(client, owner, repo, ref, normalized)
  }
  let listing: Promise<string[]> | undefined
  const list = (): Promise<string[]> => (listing ??= local ? listWithGit(local, ref) : listWithApi(client, owner, repo, ref))
  return { ref, label, read, readBytes, list }
}

async function listWithGit(checkout: string, sha: string): Promise<string[]> {
  const { stdout } = await run('git', ['-C', checkout, 'ls-tree', '-r', '-z', '--name-only', sha], {
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8'
  })
  return stdout.split('\0').filter(Boolean)
}

async function listWithApi(client: GitHubClient, owner: string, repo: string, ref: string): Promise<string[]> {
  const { data } = await client.rest.git.getTree({ owner, repo, tree_sha: ref, recursive: 'true' })
  if (data.truncated) {
    // A partial list could miss a manifest the PR removed: fail rather than guess.
    throw new Error(
      `GitHub truncated the file list of ${ref} (too many files); check out with fetch-depth: 0 so the gate can list it with git`
    )
  }
  return data.tree.filter((entry) => entry.type === 'blob' && entry.path).map((entry) => entry.path!)
}

async function hasCommit(checkout: string, sha: string): Promise<boolean> {
  try {
    await run('git', ['-C', checkout, 'cat-file', '-e', `${sha}^{commit}`])
    return true
  } catch {
    return false
  }
}

async function readWithGit(checkout: string, sha: string, repoPath: string): Promise<string | null> {
  const object = `${sha}:${repoPath}`
  try {
    const { stdout: type } = await run('git', ['-C', checkout, 'cat-file', '-t', object])
    if (type.trim() !== 'blob') return null
  } catch {
    return null // no such path at that commit
  }
  const { stdout } = await run('git', ['-C', checkout, 'cat-file', 'blob', object], {
    maxBuffer: MAX_TRUSTED_FILE_BYTES,
    encoding: 'utf8'
  })
  return stdout.replace(/^\uFEFF/, '')
}

async function readBytesWithGit(checkout: string, sha: string, repoPath: string): Promise<Buffer | null> {
  const object = `${sha}:${repoPath}`
  try {
    const { stdout: type } = await run('git', ['-C', checkout, 'cat-file', '-t', object])
    if (type.trim() !== 'blob') return null
  } catch {
    return null
  }
  const { stdout } = await run('git', ['-C', checkout, 'cat-file', 'blob', object], { maxBuffer: MAX_TRUSTED_FILE_BYTES, encoding: 'buffer' })
  return stdout
}

/** Through the contents API as base64 (the raw media type hands binary content back as text or bytes, by content type). */
async function readBytesWithApi(client: GitHubClient, owner: string, repo: string, ref: string, repoPath: string): Promise<Buffer | null> {
  try {
    const { data } = await client.rest.repos.getContent({ owner, repo, path: repoPath, ref })
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data) || typeof data.content !== 'string') return null
    if (data.encoding === 'base64') return Buffer.from(data.content, 'base64')
    // Over 1 MB the API leaves content empty: read it raw, as text.
    const text = await readWithApi(client, owner, repo, ref, repoPath)
    return text === null ? null : Buffer.from(text, 'utf8')
  } catch (error) {
    if (isStatus(error, 404)) return null
    throw error
  }
}

async function readWithApi(client: GitHubClient, owner: string, repo: string, ref: string, repoPath: string): Promise<string | null> {
  try {
    const response = await client.rest.repos.getContent({ owner, repo, path: repoPath, ref, mediaType: { format: 'raw' } })
    // The raw media type answers a file with its bytes; a folder still comes back as a JSON listing.
    const data: unknown = response.data
    return typeof data === 'string' ? data.replace(/^\uFEFF/, '') : null
  } catch (error) {
    if (isStatus(error, 404)) return null
    throw error
  }
}

export function isStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === status
}

// ---- approvals ------------------------------------------------------------------------------------

export interface Review {
  user?: { login?: string } | null
  state?: string
  commit_id?: string | null
  submitted_at?: string | null
}

/**
 * Logins (lowercased) whose review currently approves the pull request at `headSha`. Per reviewer
 * the latest review that sets a state decides: APPROVED, CHANGES_REQUESTED or DISMISSED; COMMENTED
 * and PENDING change nothing. An approval of an older commit is stale; the author's own never counts.
 */
export function approversFromReviews(reviews: readonly Review[], headSha: string, author: string | undefined): Set<string> {
  const submitted = reviews
    .map((review, index) => ({ review, index }))
    .filter(({ review }) => typeof review.submitted_at === 'string')
    // The API lists reviews in submission order; sort anyway, keeping that order for equal times.
    .sort((a, b) => Date.parse(a.review.submitted_at!) - Date.parse(b.review.submitted_at!) || a.index - b.index)
  const latest = new Map<string, Review>()
  for (const { review } of submitted) {
    const login = review.user?.login?.toLowerCase()
    if (!login) continue
    if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED' || review.state === 'DISMISSED') {
      latest.set(login, review)
    }
  }
  const approvers = new Set<string>()
  const authorLogin = author?.toLowerCase()
  for (const [login, review] of latest) {
    if (review.state === 'APPROVED' && review.commit_id === headSha && login !== authorLogin) approvers.add(login)
  }
  return approvers
}

export async function listApprovers(
  client: GitHubClient,
  params: { owner: string; repo: string; pullNumber: number; headSha: string; author: string }
): Promise<Set<string>> {
  const reviews = await client.paginate(client.rest.pulls.listReviews, {
    owner: params.owner,
    repo: params.repo,
    pull_number: params.pullNumber,
    per_page: 100
  })
  return approversFromReviews(reviews, params.headSha, params.author)
}
