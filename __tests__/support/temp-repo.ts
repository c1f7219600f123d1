// Temporary repositories for tests: files from a map, optionally committed with git.
import { execFileSync } from 'node:child_process'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export interface TempRepo {
  root: string
  write(files: Record<string, string | Buffer>): Promise<void>
  git(...args: string[]): string
  remove(): Promise<void>
}

export async function tempRepo(files: Record<string, string | Buffer> = {}, options: { git?: boolean } = {}): Promise<TempRepo> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'rg-repo-'))
  const repo: TempRepo = {
    root,
    async write(more) {
      for (const [name, content] of Object.entries(more)) {
        await mkdir(path.dirname(path.join(root, name)), { recursive: true })
        await writeFile(path.join(root, name), content)
      }
    },
    git(...args) {
      return execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }
      })
    },
    remove: () => rm(root, { recursive: true, force: true })
  }
  await repo.write(files)
  if (options.git) {
    repo.git('init', '-q', '-b', 'main')
    repo.git('add', '-A')
    repo.git('commit', '-q', '-m', 'base', '--allow-empty')
  }
  return repo
}
