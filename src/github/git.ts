// The git shell-outs of the action: what the checkout is, and files of a commit it holds. Every call
// names its repository; none reads the working tree, so a pull request's files cannot answer for a commit.
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { GitObjectReader } from '../fs/git-objects.js'

const run = promisify(execFile)

/** Largest file read through git; policies and sign-offs are small. */
const MAX_BLOB_BYTES = 8 * 1024 * 1024

/** The checked-out commit and its parents (read from the commit itself, so a shallow clone answers too); undefined outside a checkout. */
export function checkoutOf(workspace: string): { head: string; parents: string[] } | undefined {
  try {
    const commit = execFileSync('git', ['cat-file', 'commit', 'HEAD'], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const parents = [...commit.matchAll(/^parent ([0-9a-f]{40})$/gm)].map((match) => match[1]!)
    return { head, parents }
  } catch {
    return undefined
  }
}

/** One batch reader per checkout for the run (src/fs/git-objects.ts); a read it cannot answer spawns a git of its own. */
const readers = new Map<string, GitObjectReader>()
function objectsOf(checkout: string): GitObjectReader {
  let reader = readers.get(checkout)
  if (!reader) readers.set(checkout, (reader = new GitObjectReader(checkout)))
  return reader
}

/** Whether the checkout holds this commit (a name that only resolves to one does not count: pass a SHA). */
export async function hasCommit(checkout: string, sha: string): Promise<boolean> {
  try {
    return (await objectsOf(checkout).read(`${sha}^{commit}`, 0))?.type === 'commit'
  } catch {
    return hasCommitSpawning(checkout, sha)
  }
}

async function hasCommitSpawning(checkout: string, sha: string): Promise<boolean> {
  try {
    await run('git', ['-C', checkout, 'cat-file', '-e', `${sha}^{commit}`])
    return true
  } catch {
    return false
  }
}

/** A file's bytes at a commit; null when that path is no file there (absent, or a folder). */
export async function readBlob(checkout: string, sha: string, repoPath: string): Promise<Buffer | null> {
  let object
  try {
    object = await objectsOf(checkout).read(`${sha}:${repoPath}`, MAX_BLOB_BYTES)
  } catch {
    return readBlobSpawning(checkout, sha, repoPath)
  }
  if (object?.type !== 'blob') return null
  // Over the limit: git's own read fails the same way it always has.
  return object.content ?? readBlobSpawning(checkout, sha, repoPath)
}

async function readBlobSpawning(checkout: string, sha: string, repoPath: string): Promise<Buffer | null> {
  const object = `${sha}:${repoPath}`
  try {
    const { stdout: type } = await run('git', ['-C', checkout, 'cat-file', '-t', object])
    if (type.trim() !== 'blob') return null
  } catch {
    return null // no such path at that commit
  }
  const { stdout } = await run('git', ['-C', checkout, 'cat-file', 'blob', object], { maxBuffer: MAX_BLOB_BYTES, encoding: 'buffer' })
  return stdout
}

/** Every file path at a commit, repo-relative; a monorepo's listing runs to many megabytes. */
export async function listFiles(checkout: string, sha: string): Promise<string[]> {
  try {
    return await objectsOf(checkout).listFiles(sha)
  } catch {
    return listFilesSpawning(checkout, sha)
  }
}

async function listFilesSpawning(checkout: string, sha: string): Promise<string[]> {
  const { stdout } = await run('git', ['-C', checkout, 'ls-tree', '-r', '-z', '--name-only', sha], {
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8'
  })
  return stdout.split('\0').filter(Boolean)
}
