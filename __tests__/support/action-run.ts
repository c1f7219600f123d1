// Runs the bundled action (dist/index.js) the way the GitHub runner does: a child `node` process with
// INPUT_* variables from action.yml's defaults, GITHUB_* variables, a real webhook payload from
// @octokit/webhooks-examples in GITHUB_EVENT_PATH, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
// Also builds the git repositories the runs evaluate.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The bundle under test: dist/index.js, as committed and as `npm run build` writes it. */
export const BUNDLE = process.env.READINESS_GATE_BUNDLE ?? path.join(PROJECT, 'dist/index.js')

/** Node binaries to run the bundle with: this one, and Node 24 (what `runs.using: node24` means) when installed. */
export function nodeBinaries(): Array<{ label: string; bin: string }> {
  const nodes = [{ label: `node ${process.version}`, bin: process.execPath }]
  const candidates = [
    process.env.READINESS_GATE_NODE24,
    path.join(PROJECT, '.tmp/node24/node_modules/node/bin/node'),
    '/tmp/node24/node_modules/node/bin/node'
  ].filter((candidate): candidate is string => Boolean(candidate))
  const node24 = candidates.find((candidate) => existsSync(candidate))
  if (node24) {
    const version = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim()
    if (version !== process.version) nodes.push({ label: `node ${version}`, bin: node24 })
  }
  return nodes
}

/** Why the bundle does not also run under Node 24 here, or undefined when it does (the e2e tests skip with this reason). */
export function node24Missing(): string | undefined {
  if (nodeBinaries().some((node) => node.label.startsWith('node v24'))) return undefined
  return "Node 24 (the runner's node24) is not installed: set READINESS_GATE_NODE24, or run .ci/run, which installs it"
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null'
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** A git repository standing in for the one on GitHub: commits on branches, readable at any ref. */
export class OriginRepo {
  readonly dir: string

  constructor(readonly scratch: string) {
    this.dir = path.join(scratch, 'origin')
    mkdirSync(this.dir, { recursive: true })
    git(this.dir, 'init', '-q', '-b', 'main')
  }

  /** Writes files (null deletes) and commits them on the current branch; returns the commit SHA. */
  commit(files: Record<string, string | null>, message: string): string {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(this.dir, file)
      if (content === null) {
        rmSync(target, { force: true })
      } else {
        mkdirSync(path.dirname(target), { recursive: true })
        writeFileSync(target, content)
      }
    }
    git(this.dir, 'add', '-A')
    git(this.dir, 'commit', '-q', '--allow-empty', '-m', message)
    return git(this.dir, 'rev-parse', 'HEAD')
  }

  branch(name: string): void {
    git(this.dir, 'checkout', '-q', '-B', name)
  }

  /** A file at a ref, as the Contents API answers: content, null when absent, undefined for an unknown ref. */
  contents(ref: string, file: string): string | null | undefined {
    try {
      git(this.dir, 'rev-parse', '--verify', '-q', `${ref}^{commit}`)
    } catch {
      return undefined
    }
    try {
      if (git(this.dir, 'cat-file', '-t', `${ref}:${file}`) !== 'blob') return null
      return execFileSync('git', ['cat-file', 'blob', `${ref}:${file}`], { cwd: this.dir, encoding: 'utf8' })
    } catch {
      return null
    }
  }

  /** Every file path at a ref, as the Git Trees API lists it; undefined for an unknown ref. */
  tree(ref: string): string[] | undefined {
    try {
      return git(this.dir, 'ls-tree', '-r', '--name-only', ref).split('\n').filter(Boolean)
    } catch {
      return undefined
    }
  }

  /** What actions/checkout leaves: a depth-1 clone of one branch, so the base commit is not there. */
  checkout(branch: string): string {
    const workspace = path.join(this.scratch, 'workspace')
    rmSync(workspace, { recursive: true, force: true })
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', branch, `file://${this.dir}`, workspace], { env: { ...process.env, ...GIT_ENV } })
    return workspace
  }
}

/** Line count of a workspace file (undefined when it is not a file), to check annotations land on real lines. */
export function lineCounter(workspace: string): (file: string) => number | undefined {
  return (file) => {
    try {
      const content = readFileSync(path.join(workspace, file), 'utf8')
      if (content.length === 0) return 0
      const lines = content.split('\n').length
      return content.endsWith('\n') ? lines - 1 : lines
    } catch {
      return undefined
    }
  }
}

type Json = Record<string, unknown>

/** A real example payload from @octokit/webhooks-examples, deep-copied. */
export function webhookExample(event: string, action?: string, index = 0): Json {
  const require = createRequire(import.meta.url)
  const all = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Json[] }>
  const examples = all.find((entry) => entry.name === event)?.examples.filter((example) => action === undefined || example.action === action)
  const example = examples?.[index]
  if (!example) throw new Error(`no ${event}${action ? `.${action}` : ''} example #${index}`)
  return structuredClone(example)
}

/** The runner's INPUT_* variables: each action.yml default, with `${{ github.token }}` evaluated. */
export function defaultInputs(token: string): Record<string, string> {
  const action = parseYaml(readFileSync(path.join(PROJECT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
  const inputs: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = String(input.default ?? '').replace('${{ github.token }}', token)
    inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return inputs
}

export interface ActionRunOptions {
  node: string
  workspace: string
  scratch: string
  eventName: string
  payload: Json
  apiUrl: string
  repository: string
  /** GITHUB_SHA: for pull requests the merge commit, which the check must NOT be attached to. */
  sha: string
  ref?: string
  token?: string
  /** Input overrides by input name (e.g. { mode: 'publish' }). */
  inputs?: Record<string, string>
  /** More environment variables, as a runner's job may set them (e.g. HTTP_PROXY). */
  env?: Record<string, string>
}

export interface LogCommand {
  command: string
  properties: Record<string, string>
  message: string
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Workflow commands (::error, ::warning, ...) in stdout, unescaped. */
  commands: LogCommand[]
  reportText?: string
}

export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const runDir = mkdtempSync(path.join(options.scratch, 'run-'))
  const eventPath = path.join(runDir, 'event.json')
  const outputPath = path.join(runDir, 'output.txt')
  const summaryPath = path.join(runDir, 'summary.md')
  const runnerTemp = path.join(runDir, 'temp')
  mkdirSync(runnerTemp)
  writeFileSync(eventPath, JSON.stringify(options.payload))
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const token = options.token ?? 'test-token'
  const inputs = defaultInputs(token)
  for (const [name, value] of Object.entries(options.inputs ?? {})) inputs[`INPUT_${name.toUpperCase()}`] = value
  // A clean environment, like a runner's: nothing of this process's GITHUB_*/INPUT_* leaks in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.homedir(),
    ...GIT_ENV,
    ...inputs,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_SHA: options.sha,
    GITHUB_REF: options.ref ?? '',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1234',
    GITHUB_WORKFLOW_REF: `${options.repository}/.github/workflows/readiness.yml@refs/heads/main`,
    RUNNER_TEMP: runnerTemp,
    ...options.env
  }
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(options.node, [BUNDLE], { cwd: options.workspace, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: out, stderr: err })
    })
    child.stdin?.end()
  })
  const outputs = parseOutputs(readFileSync(outputPath, 'utf8'))
  const reportFile = outputs.report
  return {
    code: typeof code === 'number' ? code : null,
    stdout,
    stderr,
    outputs,
    summary: readFileSync(summaryPath, 'utf8'),
    commands: parseCommands(stdout),
    ...(reportFile && existsSync(reportFile) ? { reportText: readFileSync(reportFile, 'utf8') } : {})
  }
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, the value, the delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index]!)
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    while (++index < lines.length && lines[index] !== delimiter) value.push(lines[index]!)
    outputs[name!] = value.join('\n')
  }
  return outputs
}

const unescapeData = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (text: string): string => unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',')

function parseCommands(stdout: string): LogCommand[] {
  const commands: LogCommand[] = []
  for (const line of stdout.split('\n')) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!match) continue
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=')
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3] ?? '') })
  }
  return commands
}
