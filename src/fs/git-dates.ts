// The last commit date of a file, for evidence that carries no date of its own. One rule for the CLI
// and the action: in a shallow clone every file looks as new as the checkout, so nothing is dated by
// its commit there, and the finding says how to get the history.

/** A file's last commit date, or why there is none (a sentence part) and what to do about it. */
export type FileDate = { date: Date } | { date?: undefined; why: string; hint: string }
export type FileDater = (relPath: string) => Promise<FileDate>

const ADD_DATE = 'Add `date:` (YYYY-MM-DD) to the evidence entry'
export const SHALLOW_CLONE: FileDate = {
  why: 'the clone is shallow, so its last commit is not known',
  hint: `${ADD_DATE}, or check out the full history: actions/checkout with \`fetch-depth: 0\` (locally, \`git fetch --unshallow\`).`
}
const NO_HISTORY: FileDate = { why: 'there is no git history to date it by', hint: `${ADD_DATE}.` }
const NOT_COMMITTED: FileDate = { why: 'it has no commit yet to date it by', hint: `${ADD_DATE}, or commit the file.` }

/**
 * Dates files by `git log -1` in a full clone; in a shallow clone, or without git, says why not (the
 * caller fails closed). child_process is loaded on first use: when every file carries its own date,
 * no git starts at all.
 */
export function gitFileDater(root: string): FileDater {
  const cache = new Map<string, Promise<FileDate>>()
  let history: Promise<FileDate | undefined> | undefined
  const git = (args: string[]): Promise<string | undefined> =>
    import('node:child_process').then(
      ({ execFile }) =>
        new Promise((resolve) => {
          execFile('git', args, { cwd: root, timeout: 10_000 }, (error, stdout) => resolve(error ? undefined : stdout.trim()))
        })
    )
  return (relPath) => {
    let date = cache.get(relPath)
    if (!date) {
      // undefined: a full clone; else why files cannot be dated here.
      history ??= git(['rev-parse', '--is-shallow-repository']).then((shallow) =>
        shallow === 'false' ? undefined : shallow === 'true' ? SHALLOW_CLONE : NO_HISTORY
      )
      date = history.then(async (problem) => {
        if (problem) return problem
        const text = await git(['log', '-1', '--format=%cI', '--', relPath])
        const parsed = text ? new Date(text) : undefined
        return parsed && !Number.isNaN(parsed.getTime()) ? { date: parsed } : NOT_COMMITTED
      })
      cache.set(relPath, date)
    }
    return date
  }
}

export const noFileDates: FileDater = () => Promise.resolve(NO_HISTORY)
