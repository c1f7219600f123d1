// The CLI: `check`, `init`, `explain`, `inspect`. Exit codes: 0 every system passes, 1 any fails,
// 2 usage or policy error. Testable: everything goes through `io`, nothing calls process.exit.
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from '../fs/callback-fs.js'
import path from 'node:path'
import { parseArgs } from 'node:util'
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' }
import { parseDay } from '../evaluate/dates.js'
import { openEvidenceFile, PARSERS, parseEvidence } from '../evidence/registry.js'
import { gitFileDater } from '../fs/git-dates.js'
import { compareWithBase, type BaseSource } from '../change/compare.js'
import { runGate, type GateInput } from '../gate.js'
import { TOOL_VERSION } from '../report/build.js'
import { DEFAULT_POLICY_PATH, loadPolicyAt, loadPolicyFile } from '../policy/load.js'
import { FORMAT_NAMES, isFormatName, RENDERERS } from '../render/formats.js'
import { terminalLine } from '../render/sanitize.js'
import { verdictLine } from '../render/text.js'
import { STAGES, type Finding, type Stage } from '../report/types.js'
import { OFFLINE_TRUST, type TrustContext } from '../trust/types.js'
import { catalogMarkdown, explainAll, explainRule, unknownRuleAdvice } from './explain.js'
import { manifestSkeleton } from './init.js'
import { plural } from '../render/counts.js'
import type { Policy } from '../policy/types.js'
import { addMissingKeys, setTopLevelScalar } from '../yaml/add-keys.js'
import { yamlValue } from '../yaml/located.js'

export interface CliIo {
  cwd: string
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Whether stdout is a terminal that takes colour. */
  color: boolean
  /** The clock; `--now` overrides it. */
  now: Date
  /** The environment (`fleet` reads its token from GITHUB_TOKEN). Default: none. */
  env?: NodeJS.ProcessEnv
}

const CHECK_USAGE = `readiness-gate check [PATH...] [options]
  Evaluate manifests: files, folders (searched for readiness.yml and readiness.yaml) or globs, relative
  to the current folder; quote globs so the shell leaves them alone. Default: every readiness.yml and
  readiness.yaml in the repository. A PATH that matches no manifest is a usage error (exit 2).
      --policy FILE     policy file (default: .github/readiness-policy.yml or .yaml under the repository root)
      --format FORMAT   ${FORMAT_NAMES.join(', ')} (default: text)
      --output FILE     write the report there instead of stdout
      --root DIR        repository root (default: the git top level, else the current folder)
      --base REF        judge as the action judges a pull request onto git REF: the policy at REF,
                        sign-offs and waivers verified against REF, and what changed since REF
      --now DATE        evaluate as of DATE (YYYY-MM-DD or ISO time), for reproducible runs
  Text output: one line per failing finding (path:line  rule  message  → fix), one line per system,
  the policy used and the verdict.
`

const INIT_USAGE = `readiness-gate init [--stage pilot|staging|production] [--system NAME] [--force] [DIR]
  Write DIR/readiness.yml (default DIR: the current folder) listing every requirement of the stage
  (default: pilot), with empty values for \`check\` to point at one by one. On an existing manifest,
  --stage with a higher stage raises it: adds the keys the new stage reads, keeps every value and comment.
      --stage STAGE     pilot, staging or production
      --system NAME     the system's name: letters, digits, ".", "_" and "-", starting with a letter or
                        digit, e.g. support-bot (default: the folder's name)
      --force           overwrite an existing manifest with an empty skeleton
`

const EXPLAIN_USAGE = `readiness-gate explain [ID] [--markdown]
  Without ID: every requirement and problem id. With a requirement id (e.g. load.production-volume):
  what it guards against, what satisfies it, the YAML that declares it (its comments name the evidence
  formats) and a link to its docs. Any other rule id a finding carries (manifest.schema, waiver.invalid,
  system.removed, ...): what it means and how to fix it.
      --markdown        the whole catalog as a Markdown page (docs/requirements.md)
`

const INSPECT_USAGE = `readiness-gate inspect FILE [--format NAME]
  Print what the gate reads from an evidence file, as JSON. --help lists the formats.
`

const FLEET_SUMMARY = `readiness-gate fleet --org ORG [options]
  Every AI system's readiness across an organization, read from GitHub: markdown, JSON or HTML.
  Its options: readiness-gate fleet --help.
`

const USAGE = `readiness-gate ${TOOL_VERSION} — gate AI systems on production readiness

Usage:
${[CHECK_USAGE, INIT_USAGE, EXPLAIN_USAGE, INSPECT_USAGE, FLEET_SUMMARY].map((text) => `  ${text.trimEnd().replace(/\n/g, '\n  ')}`).join('\n\n')}

  readiness-gate COMMAND --help    help on one command

Exit codes: 0 every system passes its stage, 1 any system fails, 2 usage or policy error.
`

class UsageError extends Error {}

/** The manifest schema's rule for `system:`, so init refuses a name check would then refuse. */
const SYSTEM_NAME = new RegExp(manifestSchema.properties.system.pattern)

const COMMAND_USAGE: Record<string, string> = { check: CHECK_USAGE, init: INIT_USAGE, explain: EXPLAIN_USAGE }

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    const help = command !== undefined ? COMMAND_USAGE[command] : undefined
    if (help && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout(`Usage: ${help}`)
      return 0
    }
    switch (command) {
      case 'check':
        return await check(rest, io)
      case 'init':
        return await init(rest, io)
      case 'explain':
        return explain(rest, io)
      case 'inspect':
        return await inspect(rest, io)
      case 'fleet': {
        // Loaded only here: the GitHub client stays out of every other command's start-up.
        const { fleetCommand } = await import('../github/fleet/command.js')
        return await fleetCommand(rest, { ...io, env: io.env ?? {} })
      }
      case '--version':
      case '-v':
        io.stdout(`${TOOL_VERSION}\n`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const more = command !== undefined && (COMMAND_USAGE[command] || command === 'inspect') ? `readiness-gate ${command} --help` : 'readiness-gate --help'
      io.stderr(`readiness-gate: ${(error as Error).message}\nRun \`${more}\` for usage.\n`)
      return 2
    }
    // Anything else is a bug; say so plainly and fail, never pass.
    io.stderr(`readiness-gate: internal error: ${(error as Error)?.message ?? String(error)}\n`)
    return 2
  }
}

/**
 * The git top level: the nearest folder at or above `from` holding `.git` (a folder, or a file in a
 * worktree or submodule). Found on disk rather than by `git rev-parse`: starting git cost a tenth of
 * a one-system run.
 */
function gitTopLevel(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir
    if (path.dirname(dir) === dir) return undefined
  }
}

function parseNow(text: string | undefined, fallback: Date): Date {
  if (text === undefined) return fallback
  const day = parseDay(text)
  if (day) return new Date(day.getTime() + 12 * 3600 * 1000)
  const date = new Date(text)
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now takes a date like 2026-11-22, not "${text}"`)
  return date
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      root: { type: 'string' },
      base: { type: 'string' },
      now: { type: 'string' }
    }
  })
  const format = values.format
  if (!isFormatName(format)) throw new UsageError(`--format takes ${FORMAT_NAMES.join(', ')}, not "${format}"`)
  const root = path.resolve(io.cwd, values.root ?? gitTopLevel(io.cwd) ?? '.')
  const now = parseNow(values.now, io.now)
  const policyPath = values.policy ? path.relative(root, path.resolve(io.cwd, values.policy)) : undefined
  // With --base the policy is the one at REF, as the action reads it from the pull request's base.
  const base = values.base ? await gitBase(root, values.base) : undefined
  if (values.policy && !base && !existsSync(path.resolve(io.cwd, values.policy))) throw new UsageError(`the policy file "${values.policy}" does not exist`)
  const loaded = base
    ? await loadPolicyAt({ label: base.label, read: base.read, list: () => base.list().catch(() => []) }, policyPath ?? DEFAULT_POLICY_PATH)
    : await loadPolicyFile(root, policyPath)
  if (!loaded.ok) {
    io.stderr(`readiness-gate: the policy is unusable; nothing was evaluated.\n${policyProblems(loaded.errors)}`)
    return 2
  }
  const manifests = positionals.length ? positionals.map((p) => path.relative(root, path.resolve(io.cwd, p)) || '.') : undefined
  const trust: TrustContext = base
    ? { mode: 'branch', approvers: new Set(), trustedRef: base.label, readTrusted: base.read, listTrusted: base.list }
    : OFFLINE_TRUST
  const input: GateInput = { root, manifests, policy: loaded.policy, policySource: loaded.source, now, trust, fileDate: gitFileDater(root) }
  const evaluated = await runGate(input)
  const report = base ? await compareWithBase(input, evaluated, base) : evaluated
  // A path or pattern the user typed that matches nothing is a usage error, never "nothing to gate".
  const unmatched = report.notices.filter((notice) => notice.rule === 'manifest.missing')
  if (unmatched.length)
    throw new UsageError(
      `${unmatched.map((notice) => terminalLine(notice.message)).join('\n')}\nName manifest files, folders holding readiness.yml, or globs (quote them so the shell does not expand them), relative to the current folder.`
    )
  const rendered = RENDERERS[format].render(report, { color: io.color && !values.output, rootPrefix: '' })
  if (values.output) {
    await mkdir(path.dirname(path.resolve(io.cwd, values.output)), { recursive: true })
    await writeFile(path.resolve(io.cwd, values.output), rendered)
    io.stdout(`${verdictLine(report)}\n`)
  } else io.stdout(rendered)
  return report.passed ? 0 : 1
}

/** Policy problems, one per line with its fix, for stderr. */
function policyProblems(errors: Finding[]): string {
  return errors.map((e) => terminalLine(`${e.file}:${e.line}  ${e.message}${e.hint ? `  → ${e.hint}` : ''}`)).join('\n') + '\n'
}

/**
 * `--base REF`: the files at REF (relative to the gate's root), which give the policy, verify claims
 * unchanged from REF, and are evaluated for the delta, as on a pull request with no approving review.
 */
async function gitBase(root: string, ref: string): Promise<BaseSource> {
  // Loaded here: a run without --base starts no process.
  const { execFile, execFileSync } = await import('node:child_process')
  const { promisify } = await import('node:util')
  const gitAsync = promisify(execFile)
  const MAX_OUTPUT = 256 * 1024 * 1024
  const git = (args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: MAX_OUTPUT })
  let sha: string
  try {
    sha = git(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]).trim()
  } catch {
    throw new UsageError(
      missingRefAdvice(
        ref,
        (() => {
          try {
            return git(['rev-parse', '--is-shallow-repository']).trim() === 'true'
          } catch {
            return false
          }
        })()
      )
    )
  }
  // One `git cat-file --batch` answers every read, as in the action (src/github/git.ts): a base of
  // 1,000 systems copies some 15,000 files, a git started for each. `./` makes a path relative to
  // the gate's root, not to the repository's top level. A read the batch cannot answer (a name with
  // a line break, a process that died) asks git on its own.
  const { GitObjectReader } = await import('../fs/git-objects.js')
  const objects = new GitObjectReader(root)
  const blobSpawning = async (relPath: string): Promise<Buffer | null> => {
    try {
      return (await gitAsync('git', ['cat-file', 'blob', `${sha}:./${relPath}`], { cwd: root, encoding: 'buffer', maxBuffer: MAX_OUTPUT })).stdout
    } catch {
      return null
    }
  }
  const blob = async (relPath: string): Promise<Buffer | null> => {
    let object
    try {
      object = await objects.read(`${sha}:./${relPath}`, MAX_OUTPUT)
    } catch {
      return blobSpawning(relPath)
    }
    if (object?.type !== 'blob') return null
    return object.content ?? blobSpawning(relPath)
  }
  const listSpawning = async (): Promise<string[]> =>
    (await gitAsync('git', ['ls-tree', '-r', '-z', '--name-only', sha], { cwd: root, encoding: 'utf8', maxBuffer: MAX_OUTPUT })).stdout
      .split('\0')
      .filter(Boolean)
  return {
    label: `${ref} (${sha.slice(0, 7)})`,
    read: async (relPath) => (await blob(relPath))?.toString('utf8').replace(/^\uFEFF/, '') ?? null,
    readBytes: blob,
    list: async () => {
      let folder
      try {
        folder = await objects.read(`${sha}:./`, 0)
        // The gate's root is no folder at the base (added since): nothing is listed, as ls-tree lists nothing.
        if (folder?.type !== 'tree') return []
        return await objects.listFiles(folder.oid)
      } catch {
        return listSpawning()
      }
    }
  }
}

/** What to run when REF is not here: a shallow clone (CI's default) has only the commit it checked out. */
export function missingRefAdvice(ref: string, shallow: boolean): string {
  const remoteBranch = /^([\w.-]+)\/(.+)$/.exec(ref)
  const fetch = remoteBranch
    ? `git fetch --no-tags ${remoteBranch[1]} ${remoteBranch[2]}:refs/remotes/${remoteBranch[1]}/${remoteBranch[2]}`
    : `git fetch --no-tags origin ${ref}`
  return shallow
    ? `--base "${ref}" is not in this clone, which is shallow (it holds only the commits it fetched). Fetch it first: ${fetch}`
    : `--base "${ref}" is not a commit in this repository. If it is on the remote, fetch it first: ${fetch}`
}

async function init(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { stage: { type: 'string' }, system: { type: 'string' }, force: { type: 'boolean', default: false } }
  })
  const stage = (values.stage ?? 'pilot') as Stage
  if (!STAGES.includes(stage)) throw new UsageError(`--stage takes pilot, staging or production, not "${values.stage}"`)
  if (positionals.length > 1) throw new UsageError('init takes one folder')
  const dir = path.resolve(io.cwd, positionals[0] ?? '.')
  const target = ['readiness.yml', 'readiness.yaml'].map((name) => path.join(dir, name)).find((file) => existsSync(file)) ?? path.join(dir, 'readiness.yml')
  const shown = path.relative(io.cwd, target) || target
  const existing = existsSync(target) && !values.force ? await readFile(target, 'utf8') : undefined
  if (existing !== undefined && values.system !== undefined)
    throw new UsageError(
      `${shown} already exists; --system names a new manifest's system (edit \`system:\` to rename it, or add --force to overwrite the file)`
    )
  const root = gitTopLevel(dir) ?? dir
  const loaded = await loadPolicyFile(root)
  if (!loaded.ok) {
    io.stderr(`readiness-gate: the policy is unusable.\n${policyProblems(loaded.errors)}`)
    return 2
  }
  if (existing !== undefined) return raiseStage(target, shown, existing, values.stage as Stage | undefined, loaded.policy, io)
  if (values.system !== undefined && !SYSTEM_NAME.test(values.system)) {
    const suggestion =
      values.system
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+|-+$/g, '') || 'my-ai-system'
    throw new UsageError(
      `--system "${values.system}" is not a system name the manifest accepts: use letters, digits, ".", "_" and "-", starting with a letter or digit (e.g. --system ${suggestion})`
    )
  }
  const system =
    values.system ??
    (path
      .basename(dir)
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') ||
      'my-ai-system')
  await mkdir(dir, { recursive: true })
  await writeFile(target, manifestSkeleton(system, stage, loaded.policy))
  io.stdout(
    `Wrote ${shown} for stage ${stage} (${plural(loaded.policy.stages[stage].length, 'requirement')}). Fill in its empty values, then run \`${checkCommand(io.cwd, dir)}\`.\n`
  )
  return 0
}

/** The command that checks a manifest folder, from the current folder. */
function checkCommand(cwd: string, dir: string): string {
  const relative = path.relative(cwd, dir).split(path.sep).join('/')
  return relative === '' ? 'readiness-gate check' : `readiness-gate check ${relative}`
}

/**
 * `init --stage STAGE` on an existing manifest: a higher stage adds the keys the new stage needs and
 * keeps every value and comment; anything else refuses and says what to do instead.
 */
async function raiseStage(target: string, shown: string, text: string, stage: Stage | undefined, policy: Policy, io: CliIo): Promise<number> {
  const data = yamlValue(text) as { system?: unknown; stage?: unknown } | null | undefined
  const current = typeof data?.stage === 'string' && STAGES.includes(data.stage as Stage) ? (data.stage as Stage) : undefined
  const next = current ? STAGES[STAGES.indexOf(current) + 1] : undefined
  const refuse = (why: string): number => {
    io.stderr(`readiness-gate: ${shown} already exists${why}. \`--force\` overwrites it with an empty skeleton.\n`)
    return 2
  }
  if (!current) return refuse(' and names no stage init can raise (pilot, staging or production)')
  if (stage === undefined || stage === current) {
    return refuse(
      ` at stage ${current}: \`readiness-gate check\` lists what it still lacks${next ? `; \`init --stage ${next}\` raises it to ${next}, keeping its values` : ''}`
    )
  }
  if (STAGES.indexOf(stage) < STAGES.indexOf(current)) return refuse(` at stage ${current}; init only raises a stage (to lower it, edit \`stage:\`)`)
  const system = typeof data?.system === 'string' && SYSTEM_NAME.test(data.system) ? data.system : 'my-ai-system'
  const merged = addMissingKeys(text, manifestSkeleton(system, stage, policy, current))
  if (!merged.ok && merged.incompleteInstall) {
    io.stderr(`readiness-gate: ${shown} cannot be raised to ${stage}: ${merged.message}.\n`)
    return 2
  }
  if (!merged.ok) return refuse(`, but ${merged.message}; fix it first`)
  await writeFile(target, setTopLevelScalar(merged.text, 'stage', stage))
  const what = merged.added.length ? `added, empty, what the new stage reads: ${merged.added.join(', ')}` : 'it already has every key the new stage reads'
  io.stdout(
    `Raised ${shown} from ${current} to ${stage}; ${what}. Every existing value and comment is kept. Fill in the empty values, then run \`${checkCommand(io.cwd, path.dirname(target))}\`.\n`
  )
  return 0
}

function explain(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { markdown: { type: 'boolean', default: false } } })
  if (values.markdown) {
    io.stdout(catalogMarkdown())
    return 0
  }
  if (positionals.length === 0) {
    io.stdout(explainAll())
    return 0
  }
  if (positionals.length > 1) throw new UsageError('explain takes one id')
  const explained = explainRule(positionals[0]!)
  if (explained === undefined) throw new UsageError(unknownRuleAdvice(positionals[0]!))
  io.stdout(explained)
  return 0
}

async function inspect(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }
  })
  if (values.help || positionals.length === 0) {
    const width = Math.max(...PARSERS.map((p) => p.format.length))
    io.stdout(
      `Usage: readiness-gate inspect FILE [--format NAME]\n\nFormats (detected from content unless named):\n${PARSERS.map((p) => `  ${p.format.padEnd(width)}  ${p.kind.padEnd(13)}  ${p.description}`).join('\n')}\n`
    )
    return positionals.length === 0 && !values.help ? 2 : 0
  }
  const absolute = path.resolve(io.cwd, positionals[0]!)
  // Inspect reads one file the user named; it is its own root.
  const opened = await openEvidenceFile(path.dirname(absolute), path.dirname(absolute), path.basename(absolute))
  if (!opened.ok) {
    io.stderr(`readiness-gate: ${terminalLine(opened.message)}\n`)
    return 1
  }
  const result = await parseEvidence(opened.source, values.format ? { format: values.format } : {})
  if (!result.ok) {
    io.stderr(`readiness-gate: ${terminalLine(result.message)}${result.line ? ` (line ${result.line})` : ''}\n`)
    return 1
  }
  io.stdout(`${JSON.stringify(result.evidence, null, 2)}\n`)
  return 0
}
