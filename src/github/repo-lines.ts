// Whether a report location is a real line of a file in the workspace: GitHub accepts an annotation
// on a line that does not exist, and shows it nowhere, so such findings are listed instead.
import { readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'

/** Past this size, counting costs more than the annotation is worth: any positive line is accepted. */
const LINE_COUNT_MAX_BYTES = 64 * 1024 * 1024

/**
 * A checker of `file:line` locations, files relative to `root` (the gate's root, inside `workspace`).
 * A file outside the workspace (through `..` or a symlink), a folder or a missing file has no lines.
 * Each file is counted once.
 */
export function repoLineChecker(workspace: string, root: string): (file: string, line: number) => boolean {
  const lineCounts = new Map<string, number>()
  const workspaceReal = safeRealpath(workspace)
  return (file, line) => {
    const absolute = path.resolve(root, file)
    let count = lineCounts.get(absolute)
    if (count === undefined) {
      count = countLines(absolute, workspaceReal)
      lineCounts.set(absolute, count)
    }
    return line >= 1 && line <= count
  }
}

function countLines(absolute: string, workspaceReal: string | undefined): number {
  const real = safeRealpath(absolute)
  if (!real || !workspaceReal || !(real === workspaceReal || real.startsWith(workspaceReal + path.sep))) return 0
  try {
    const stats = statSync(real)
    if (!stats.isFile()) return 0
    if (stats.size > LINE_COUNT_MAX_BYTES) return Number.MAX_SAFE_INTEGER
    const content = readFileSync(real)
    if (content.length === 0) return 0
    let lines = 1
    for (const byte of content) if (byte === 0x0a) lines++
    // A final newline ends the last line; it does not start another.
    return content[content.length - 1] === 0x0a ? lines - 1 : lines
  } catch {
    return 0
  }
}

function safeRealpath(file: string): string | undefined {
  try {
    return realpathSync(file)
  } catch {
    return undefined
  }
}
