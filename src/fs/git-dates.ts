// The last commit date of a file, for evidence that carries no date of its own.
export type FileDater = (relPath: string) => Promise<Date | undefined>

/** Dates files by `git log -1`; undefined when git or the history is not there (the caller fails closed). */
export function gitFileDater(root: string): FileDater {
  const cache = new Map<string, Promise<Date | undefined>>()
  return (relPath) => {
    let date = cache.get(relPath)
    if (!date) {
      // child_process is loaded on first use: when every file carries its own date, no git starts at all.
      date = import('node:child_process').then(
        ({ execFile }) =>
          new Promise((resolve) => {
            execFile('git', ['log', '-1', '--format=%cI', '--', relPath], { cwd: root, timeout: 10_000 }, (error, stdout) => {
              const text = error ? '' : stdout.trim()
              const parsed = text ? new Date(text) : undefined
              resolve(parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined)
            })
          })
      )
      cache.set(relPath, date)
    }
    return date
  }
}

export const noFileDates: FileDater = async () => undefined
