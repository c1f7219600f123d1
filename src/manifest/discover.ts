// Finds manifests: globs (relative to the repository root), folders (searched for readiness.yml) and files.
import { readdirSync, type Dirent } from 'node:fs'
import { realpath, stat } from '../fs/callback-fs.js'
import path from 'node:path'

export const MANIFEST_NAMES = ['readiness.yml', 'readiness.yaml']
/** What the gate looks for when no pattern is named. Finding nothing there is a success that says so. */
export const DEFAULT_MANIFEST_PATTERNS = ['**/readiness.yml', '**/readiness.yaml']
const SKIPPED_DIRS = new Set(['node_modules', '.git'])

/** A pattern the user named that matched no manifest, and why: a typo here must not pass as "nothing to gate". */
export interface UnmatchedPattern {
  pattern: string
  /** A sentence naming the pattern. */
  message: string
}

export interface Discovery {
  /** Repo-relative POSIX paths, sorted, without duplicates. */
  manifests: string[]
  /** Paths, folders and globs the user named that match no manifest. */
  missing: UnmatchedPattern[]
}

const isGlob = (pattern: string): boolean => /[*?[{]/.test(pattern)

export function globToRegExp(glob: string): RegExp {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/'
        out += slash ? '(?:.*/)?' : '.*'
        i += slash ? 2 : 1
      } else out += '[^/]*'
    } else if (c === '?') out += '[^/]'
    else if (c === '{') {
      const end = glob.indexOf('}', i)
      if (end < 0) out += '\\{'
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((part) => part.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`
        i = end
      }
    } else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`)
}

const isManifestName = (file: string): boolean => MANIFEST_NAMES.includes(file.slice(file.lastIndexOf('/') + 1))
const isSkipped = (file: string): boolean => file.split('/').some((part) => SKIPPED_DIRS.has(part))

/**
 * Whether a repo-relative file path is a manifest for these patterns (globs, folders or files),
 * for file lists that are not on disk (e.g. the trusted commit's tree).
 */
export function manifestMatcher(patterns: string[] = DEFAULT_MANIFEST_PATTERNS): (file: string) => boolean {
  const tests = patterns
    .map((p) => p.trim().replace(/^\.\//, '').replace(/\/$/, ''))
    .filter(Boolean)
    .map((pattern): ((file: string) => boolean) => {
      if (isGlob(pattern)) {
        const glob = globToRegExp(pattern)
        return (file) => glob.test(file)
      }
      if (pattern === '.') return isManifestName
      return (file) => file === pattern || (file.startsWith(`${pattern}/`) && isManifestName(file))
    })
  return (file) => !isSkipped(file) && tests.some((test) => test(file))
}

/**
 * Calls `visit` with the repo-relative path of every file below `dir` (not following symlinked
 * folders). Synchronous: a checkout is in the page cache, and an asynchronous listing costs a
 * thread-pool round trip per folder (a 1,000-system repository has 6,000 folders).
 */
function walk(root: string, dir: string, visit: (file: string) => void): void {
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    // A folder that cannot be listed (permissions, vanished) is skipped.
    return
  }
  const prefix = dir === root ? '' : `${toPosix(path.relative(root, dir))}/`
  const folders: string[] = []
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) folders.push(entry.name)
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      visit(prefix + entry.name)
    }
  }
  for (const folder of folders.sort()) walk(root, path.join(dir, folder), visit)
}

const toPosix = (p: string): string => p.split(path.sep).join('/')

export async function discoverManifests(root: string, patterns?: string[]): Promise<Discovery> {
  const named = patterns !== undefined
  const found = new Set<string>()
  const missing: UnmatchedPattern[] = []
  const globs: { pattern: string; glob: RegExp; hits: number }[] = []
  const folders: { pattern: string; rel: string }[] = []
  for (const raw of (patterns ?? DEFAULT_MANIFEST_PATTERNS).map((p) => p.trim()).filter(Boolean)) {
    const pattern = raw.replace(/^\.\//, '')
    if (isGlob(pattern)) {
      globs.push({ pattern, glob: globToRegExp(pattern), hits: 0 })
      continue
    }
    const absolute = path.resolve(root, pattern)
    const rel = path.relative(root, absolute).split(path.sep).join('/')
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      missing.push({ pattern, message: `The manifest path "${pattern}" lies outside the repository.` })
      continue
    }
    const info = await stat(absolute).catch(() => null)
    if (!info) missing.push({ pattern, message: `The manifest path "${pattern}" does not exist in the repository.` })
    // A folder reached through a symlink must still lie inside the repository: never walk out of it.
    // (A file is checked when it is loaded, which says where its symlink points.)
    else if (!info.isDirectory()) found.add(rel)
    else if (await insideRepo(root, absolute)) folders.push({ pattern, rel })
    else missing.push({ pattern, message: `The manifest folder "${pattern}" lies outside the repository (through a symlink).` })
  }
  if (globs.length) {
    walk(root, root, (file) => {
      for (const entry of globs) {
        if (entry.glob.test(file)) {
          entry.hits++
          found.add(file)
        }
      }
    })
  }
  for (const folder of folders) {
    let hits = 0
    walk(root, path.join(root, folder.rel), (file) => {
      if (isManifestName(file)) {
        hits++
        found.add(file)
      }
    })
    if (hits === 0) missing.push({ pattern: folder.pattern, message: `The folder "${folder.pattern}" holds no ${MANIFEST_NAMES.join(' or ')}.` })
  }
  // Only a pattern someone named is a mistake when it matches nothing; the default finding nothing is a repository without manifests.
  if (named)
    for (const entry of globs)
      if (entry.hits === 0) missing.push({ pattern: entry.pattern, message: `The pattern "${entry.pattern}" matches no file in the repository.` })
  return { manifests: [...found].sort(), missing }
}

async function insideRepo(root: string, absolute: string): Promise<boolean> {
  const [rootReal, real] = await Promise.all([realpath(root).catch(() => root), realpath(absolute).catch(() => undefined)])
  if (real === undefined) return false
  const relative = path.relative(rootReal, real)
  return !relative.startsWith('..') && !path.isAbsolute(relative)
}
