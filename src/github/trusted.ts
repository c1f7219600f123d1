// What the pull request cannot change: files at the trusted commit (the PR's base) and the approvals
// given on GitHub. A sign-off file that says "approved" proves nothing; an approving review by the
// named person on the current head commit does.
import type { GitHubClient } from './client.js'
import { hasCommit, listFiles, readBlob } from './git.js'

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
  // "./a", "/a" and "a" are one file.
  const normalize = (repoPath: string): string => repoPath.replace(/^\.?\/+/, '')
  const read = (repoPath: string): Promise<string | null> => {
    const normalized = normalize(repoPath)
    let pending = cache.get(normalized)
    if (!pending) {
      pending = local ? readTextWithGit(local, ref, normalized) : readWithApi(client, owner, repo, ref, normalized)
      cache.set(normalized, pending)
    }
    return pending
  }
  const readBytes = (repoPath: string): Promise<Buffer | null> =>
    local ? readBlob(local, ref, normalize(repoPath)) : readBytesWithApi(client, owner, repo, ref, normalize(repoPath))
  let listing: Promise<string[]> | undefined
  const list = (): Promise<string[]> => (listing ??= local ? listFiles(local, ref) : listWithApi(client, owner, repo, ref))
  return { ref, label, read, readBytes, list }
}

async function listWithApi(client: GitHubClient, owner: string, repo: string, ref: string): Promise<string[]> {
  const { data } = await client.rest.git.getTree({ owner, repo, tree_sha: ref, recursive: 'true' })
  if (data.truncated) {
    // A partial list could miss a manifest the PR removed: fail rather than guess.
    throw new Error(`GitHub truncated the file list of ${ref} (too many files); check out with fetch-depth: 0 so the gate can list it with git`)
  }
  return data.tree.filter((entry) => entry.type === 'blob' && entry.path).map((entry) => entry.path)
}

async function readTextWithGit(checkout: string, sha: string, repoPath: string): Promise<string | null> {
  const bytes = await readBlob(checkout, sha, repoPath)
  return bytes === null ? null : withoutBom(bytes.toString('utf8'))
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
    return typeof data === 'string' ? withoutBom(data) : null
  } catch (error) {
    if (isStatus(error, 404)) return null
    throw error
  }
}

/** A leading byte-order mark is an encoding mark, dropped as the working tree's reads drop it; one inside is content. */
function withoutBom(text: string): string {
  return text.replace(/^\uFEFF/, '')
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
