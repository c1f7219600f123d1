// One run of the action: read inputs and the run, load the TRUSTED policy, learn who approved, run the
// pure gate, then carry the verdict everywhere it must reach: report file, check run (or, when GitHub
// refuses, log annotations), job summary, outputs, exit code. A gate that cannot evaluate fails; it
// never reports success because something broke.
import { execFileSync } from 'node:child_process'
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from './runner.js'
import { gitFileDater } from '../fs/git-dates.js'
import { compareWithBase } from '../change/compare.js'
import { runGate, TOOL_VERSION, type GateInput } from '../gate.js'
import { createClient, type GitHubClient } from './client.js'
import { ContextError, findPullRequestForRun, readRunContext, type PullRequestRef, type RunContext } from './context.js'
import { describeError, explainNoCheckRun, publishCheckRun, type CheckRunResult } from './publisher.js'
import { listApprovers, trustedFiles, type TrustedFiles } from './trusted.js'
import { runFleetAction } from './fleet/action.js'
import { DEFAULT_POLICY_PATH, loadPolicyAt } from '../policy/load.js'
import { LOG_ANNOTATIONS_PER_LEVEL, toAnnotations, type AnnotationOptions } from '../render/annotations.js'
import { reportCounts } from '../render/counts.js'
import { RENDERERS } from '../render/formats.js'
import type { RenderOptions } from '../render/renderer.js'
import { renderTitle } from '../render/markdown.js'
import { oneLine, truncateUtf8 } from '../render/sanitize.js'
import { emitLogAnnotations } from './log-annotations.js'
import type { ProblemId } from '../report/problems.js'
import { STAGES, type Finding, type Report, type Stage } from '../report/types.js'
import { requireStage } from '../deploy/require-stage.js'
import type { TrustContext } from '../trust/types.js'
import { docUrl } from '../report/links.js'

const MODES = ['evaluate-and-publish', 'evaluate', 'publish', 'fleet'] as const
type Mode = (typeof MODES)[number]

interface Inputs {
  manifests: string[]
  policyPath: string
  token: string
  checkName: string
  failJob: boolean
  reportPath: string
  mode: Mode
  workingDirectory: string
  /** The deploy-job gate: each of `systems` (or every system) must claim and meet at least this stage. */
  requireStage?: Stage
  systems: string[]
}

/** Publishing gives up after this long in all, whatever the retries still want: the verdict must get out. */
const PUBLISH_DEADLINE_MS = 5 * 60_000
const DEADLINE_REASON = `GitHub did not answer within ${PUBLISH_DEADLINE_MS / 60_000} minutes`

class OperatorError extends Error {}

function readInputs(env: NodeJS.ProcessEnv): Inputs {
  const mode = core.getInput('mode') || 'evaluate-and-publish'
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new OperatorError(`The mode input takes ${MODES.join(', ')}, not "${mode}".`)
  }
  const checkName = core.getInput('check-name').trim() || 'readiness-gate'
  const requireStage = core.getInput('require-stage').trim() as Stage | ''
  if (requireStage && !STAGES.includes(requireStage)) {
    throw new OperatorError(`The require-stage input takes ${STAGES.join(', ')}, not "${requireStage}".`)
  }
  const runnerTemp = env.RUNNER_TEMP || os.tmpdir()
  return {
    manifests: core
      .getMultilineInput('manifests')
      .flatMap((line) => line.split(','))
      .map((pattern) => pattern.trim())
      .filter(Boolean),
    policyPath: core.getInput('policy').trim() || DEFAULT_POLICY_PATH,
    token: core.getInput('token'),
    checkName,
    failJob: core.getInput('fail-job') ? core.getBooleanInput('fail-job') : true,
    reportPath: core.getInput('report-path').trim() || path.join(runnerTemp, 'readiness-report.json'),
    mode: mode as Mode,
    workingDirectory: core.getInput('working-directory').trim() || '.',
    ...(requireStage ? { requireStage } : {}),
    systems: core
      .getMultilineInput('systems')
      .flatMap((line) => line.split(','))
      .map((name) => name.trim())
      .filter(Boolean)
  }
}

interface Where {
  workspace: string
  /** The gate's root: the working directory, inside the workspace. */
  root: string
  /** Repo-relative POSIX path of root ('' at the repository root). */
  rootPrefix: string
}

interface Target {
  client: GitHubClient
  context: RunContext
  headSha: string
}

type Evaluation =
  | {
      kind: 'evaluated'
      report: Report
      /** Where a check run goes; absent when the run itself could not be read. */
      target?: Target
      /** The gate could not evaluate: the job fails whatever fail-job says. */
      broken: boolean
    }
  /** Nothing to evaluate (a deleted branch, a pull request that moved on): no verdict to carry. */
  | { kind: 'skipped'; why: string }

export interface RunOutcome {
  /** Publishing hit its deadline with requests still pending; the entry point exits instead of waiting. */
  abandonedRequests: boolean
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<RunOutcome> {
  // The organization report reads other repositories' verdicts; it evaluates nothing here.
  if (core.getInput('mode').trim() === 'fleet') {
    await runFleetAction(env)
    return { abandonedRequests: false }
  }
  const now = new Date()
  let inputs: Inputs
  let where: Where
  try {
    inputs = readInputs(env)
    where = locate(env, inputs.workingDirectory)
  } catch (error) {
    core.setFailed(`readiness-gate: ${(error as Error).message}`)
    return { abandonedRequests: false }
  }
  const evaluation = await evaluate(inputs, where, env, now)
  if (evaluation.kind === 'skipped') {
    core.info(`readiness-gate: ${evaluation.why}`)
    return { abandonedRequests: false }
  }
  const { report } = evaluation
  const reportFile = path.resolve(where.workspace, inputs.reportPath)
  const title = renderTitle(report)
  const blobUrl = evaluation.target ? `${(env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/${evaluation.target.context.owner}/${evaluation.target.context.repo}/blob/${evaluation.target.headSha}/` : undefined
  const renderOptions: RenderOptions = { color: false, rootPrefix: where.rootPrefix, ...(blobUrl ? { blobUrl } : {}) }
  let publishNote: string | undefined
  try {
    await mkdir(path.dirname(reportFile), { recursive: true })
    await writeFile(reportFile, RENDERERS.json.render(report, renderOptions))
  } catch (error) {
    core.info(`readiness-gate: the report could not be written to ${reportFile}: ${describeError(error)}`)
  }

  const annotationOptions: AnnotationOptions = { isRepoLine: repoLineChecker(where), rootPrefix: where.rootPrefix }
  // core.setFailed adds an error annotation of its own: leave room for it within the step's 10.
  const failsJob = evaluation.broken || inputs.mode === 'publish' || (!report.passed && inputs.failJob)
  const logErrorLimit = LOG_ANNOTATIONS_PER_LEVEL - (failsJob ? 1 : 0)
  let published: CheckRunResult | undefined
  try {
    if (inputs.mode !== 'evaluate' && evaluation.target) {
      published = await publishWithDeadline(evaluation.target, inputs.checkName, report, annotationOptions, renderOptions)
      if (published.published) {
        core.info(`readiness-gate: check run "${inputs.checkName}" (${published.checkRunId}) on ${evaluation.target.headSha}: ${report.passed ? 'success' : 'failure'}.`)
      } else {
        publishNote = explainNoCheckRun(published.reason)
        core.info(`readiness-gate: ${publishNote}`)
      }
      for (const problem of published.problems) core.info(`readiness-gate: ${problem}`)
    } else if (inputs.mode === 'evaluate') {
      core.info('readiness-gate: mode "evaluate": no check run; the verdict is in the job summary, log annotations, outputs and exit code.')
    }
    if (!published?.published) emitLogAnnotations(report, annotationOptions, core, logErrorLimit)
  } catch (error) {
    // The publisher reports its failures; this is a bug, and the verdict must still get out.
    publishNote = `No check run was published: ${describeError(error)}.`
    core.info(`readiness-gate: ${publishNote}`)
    emitLogAnnotations(report, annotationOptions, core, logErrorLimit)
  }

  try {
    const note = publishNote ? `\n> ${truncateUtf8(oneLine(publishNote), 900)}\n` : ''
    await core.summary.addRaw(RENDERERS.markdown.render(report, renderOptions) + note).write()
  } catch (error) {
    core.info(`readiness-gate: the job summary could not be written: ${describeError(error)}`)
  }

  const counted = reportCounts(report)
  core.setOutput('passed', String(report.passed))
  core.setOutput('score', `${counted.met}/${counted.required}`)
  core.setOutput('failing', String(counted.unmet + counted.problems + counted.runProblems))
  core.setOutput('report', reportFile)
  if (published?.checkRunId !== undefined) core.setOutput('check-run-id', String(published.checkRunId))

  core.info(`readiness-gate: ${title}`)
  if (evaluation.broken) core.setFailed(`readiness-gate: ${title}`)
  else if (inputs.mode === 'publish' && !published?.published) core.setFailed('readiness-gate: the check run could not be published; see above.')
  else if (!report.passed && inputs.failJob) core.setFailed(`readiness-gate: ${title}`)
  return { abandonedRequests: published?.published === false && published.reason === DEADLINE_REASON }
}

function locate(env: NodeJS.ProcessEnv, workingDirectory: string): Where {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd())
  const root = path.resolve(workspace, workingDirectory)
  const relative = path.relative(workspace, root)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new OperatorError(`working-directory "${workingDirectory}" is outside the workspace ${workspace}.`)
  }
  return { workspace, root, rootPrefix: relative.split(path.sep).join('/') }
}

async function evaluate(inputs: Inputs, where: Where, env: NodeJS.ProcessEnv, now: Date): Promise<Evaluation> {
  // Run-level problems point at the workflow file (paths are relative to the gate's root, so only at the repository root).
  const runFile = (where.rootPrefix === '' ? workflowFile(env) : undefined) ?? inputs.policyPath
  const broken = (message: string, hint?: string, target?: Target): Evaluation => ({
    kind: 'evaluated',
    report: failedReport(now, 'not loaded', [problem('gate.error', message, runFile, hint)]),
    broken: true,
    ...(target ? { target } : {})
  })

  let context: RunContext
  try {
    context = readRunContext(env)
  } catch (error) {
    if (error instanceof ContextError) return broken(error.message)
    throw error
  }
  if (context.deletion) return { kind: 'skipped', why: 'the push deleted a ref; there is nothing to evaluate.' }
  if (inputs.mode === 'publish' && context.eventName !== 'workflow_run') {
    return broken(`mode "publish" runs on workflow_run events (the fork-safe setup), not on ${context.eventName}.`, `The two-workflow setup: ${docUrl('github.md#pull-requests-from-forks')}`)
  }
  if (!inputs.token) return broken('The token input is empty.', 'Leave token at its default, ${{ github.token }}, or pass a token that can read the repository.')

  // A run that publishes loads the client while the gate evaluates; mode evaluate loads it only if a read needs the API.
  const client = createClient({
    token: inputs.token,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    log: (message) => core.info(`readiness-gate: ${oneLine(message)}`),
    preload: inputs.mode !== 'evaluate'
  })
  let target: Target = { client, context, headSha: context.headSha }
  try {
    let pullRequest: PullRequestRef | undefined = context.pullRequest
    let trustedRef = context.trustedRef
    if (context.workflowRun) {
      const triggeredBy = context.workflowRun.event
      if (triggeredBy === 'pull_request' || triggeredBy === 'pull_request_target') {
        pullRequest = await findPullRequestForRun(client, context.owner, context.repo, context.workflowRun)
        if (!pullRequest) {
          return {
            kind: 'skipped',
            why: `no open pull request has head commit ${context.headSha} any more (updated or closed); its newer run publishes the verdict.`
          }
        }
        trustedRef = pullRequest.baseSha
      }
    }
    target = { client, context, headSha: context.headSha }
    // These events run in the base repository's context, where the default checkout is NOT the pull
    // request: judging it would publish the base branch's verdict on the pull request's head.
    if (context.eventName === 'workflow_run' || context.eventName === 'pull_request_target') {
      const checkedOut = checkoutOf(where.workspace)
      if (!checkedOut || (checkedOut.head !== context.headSha && !checkedOut.parents.includes(context.headSha))) {
        return broken(
          `The checkout is ${checkedOut ? `at ${checkedOut.head}` : 'not a git checkout'}, not the pull request head ${context.headSha}, so the gate would judge the wrong files.`,
          context.eventName === 'workflow_run'
            ? 'Check out ${{ github.event.workflow_run.head_sha }} from ${{ github.event.workflow_run.head_repository.full_name }} (' + docUrl('github.md#pull-requests-from-forks') + ').'
            : 'Check out ${{ github.event.pull_request.head.sha }} as data (' + docUrl('github.md#pull-requests-from-forks') + ').',
          target
        )
      }
    }
    if (trustedRef === undefined) {
      trustedRef = (await client.rest.repos.get({ owner: context.owner, repo: context.repo })).data.default_branch
    }
    const label = pullRequest ? `base ${short(trustedRef)}` : short(trustedRef)
    const trusted = await trustedFiles({ client, owner: context.owner, repo: context.repo, ref: trustedRef, label, checkout: where.workspace })
    const toRepoPath = (relPath: string): string => path.posix.join(where.rootPrefix, relPath)

    const loaded = await loadPolicyAt({ label: trusted.label, read: (relPath) => trusted.read(toRepoPath(relPath)), list: () => nearbyTrustedFiles(trusted, where.rootPrefix) }, inputs.policyPath)
    if (!loaded.ok) {
      return { kind: 'evaluated', report: failedReport(now, `${inputs.policyPath}@${label}`, loaded.errors), broken: true, target }
    }
    const notices: Finding[] = []
    if (!context.onDefaultBranch) {
      const changed = policyChangeNotice(where.root, loaded.path, loaded.text, label, Boolean(pullRequest))
      if (changed) notices.push(changed)
    }

    const approvers = pullRequest
      ? await listApprovers(client, { owner: context.owner, repo: context.repo, pullNumber: pullRequest.number, headSha: pullRequest.headSha, author: pullRequest.author })
      : new Set<string>()
    const trust: TrustContext = {
      mode: pullRequest ? 'pull_request' : 'branch',
      approvers,
      ...(pullRequest ? { author: pullRequest.author } : {}),
      trustedRef: label,
      readTrusted: (relPath) => trusted.read(toRepoPath(relPath)),
      listTrusted: async () => {
        const prefix = where.rootPrefix ? `${where.rootPrefix}/` : ''
        return (await trusted.list()).filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length))
      }
    }
    const input: GateInput = {
      root: where.root,
      ...(inputs.manifests.length > 0 ? { manifests: inputs.manifests } : {}),
      policy: loaded.policy,
      policySource: loaded.source,
      now,
      trust,
      fileDate: gitFileDater(where.root),
      notices
    }
    const evaluated = await runGate(input)
    // On a pull request the report leads with what it changed against its base.
    const report = pullRequest
      ? await compareWithBase(input, evaluated, { label, read: trust.readTrusted!, readBytes: (relPath) => trusted.readBytes(toRepoPath(relPath)), list: trust.listTrusted! })
      : evaluated
    const gated = inputs.requireStage ? requireStage(report, { stage: inputs.requireStage, systems: inputs.systems, runFile }) : report
    // A manifests input that names something matching nothing is the workflow's mistake: fail whatever fail-job says.
    return { kind: 'evaluated', report: gated, target, broken: report.notices.some((notice) => notice.rule === 'manifest.missing') }
  } catch (error) {
    return broken(`The gate could not evaluate: ${describeError(error)}.`, 'Re-run the job; if it keeps failing, check the token permissions (contents: read, pull-requests: read).', target)
  }
}

/** Files of the trusted ref where a misplaced policy would sit; none when the listing fails (the check is a courtesy). */
async function nearbyTrustedFiles(trusted: TrustedFiles, rootPrefix: string): Promise<string[]> {
  const prefix = rootPrefix ? `${rootPrefix}/` : ''
  try {
    return (await trusted.list()).filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length))
  } catch {
    return []
  }
}

function policyChangeNotice(root: string, policyPath: string, trustedText: string | null, label: string, onPullRequest: boolean): Finding | undefined {
  let current: string | null
  try {
    current = readFileSync(path.resolve(root, policyPath), 'utf8').replace(/^\uFEFF/, '')
  } catch {
    current = null
  }
  if (current === trustedText) return undefined
  const who = onPullRequest ? 'This pull request' : 'This branch'
  const what = current === null ? 'deletes' : trustedText === null ? 'adds' : 'changes'
  return {
    rule: 'policy.changed',
    status: 'pass',
    message: `${who} ${what} ${policyPath}; the gate used the policy at ${label}, and the change applies after merge.`,
    file: policyPath,
    line: 1,
    hint: 'Merge a policy change on its own, before the changes it should judge.'
  }
}

function problem(rule: ProblemId, message: string, file: string, hint?: string): Finding {
  return { rule, status: 'fail', message, file, line: 1, ...(hint ? { hint } : {}) }
}

function failedReport(now: Date, policy: string, notices: Finding[]): Report {
  return {
    version: 1,
    tool: { name: 'readiness-gate', version: TOOL_VERSION },
    evaluatedAt: now.toISOString(),
    passed: !notices.some((notice) => notice.status === 'fail'),
    policy,
    systems: [],
    notices
  }
}

/** The workflow file of this run (from GITHUB_WORKFLOW_REF), where run-level problems are annotated. */
function workflowFile(env: NodeJS.ProcessEnv): string | undefined {
  const match = /^[^/]+\/[^/]+\/(.+?)@/.exec(env.GITHUB_WORKFLOW_REF ?? '')
  return match?.[1]
}

function short(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref
}

/** The checked-out commit and its parents (read from the commit itself, so a shallow clone answers too). */
function checkoutOf(workspace: string): { head: string; parents: string[] } | undefined {
  try {
    const commit = execFileSync('git', ['cat-file', 'commit', 'HEAD'], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const parents = [...commit.matchAll(/^parent ([0-9a-f]{40})$/gm)].map((match) => match[1]!)
    return { head, parents }
  } catch {
    return undefined
  }
}

/** Whether a report location is an existing line of a file inside the workspace. */
function repoLineChecker(where: Where): (file: string, line: number) => boolean {
  const lineCounts = new Map<string, number>()
  const workspaceReal = safeRealpath(where.workspace)
  return (file, line) => {
    const absolute = path.resolve(where.root, file)
    let count = lineCounts.get(absolute)
    if (count === undefined) {
      count = countLines(absolute, workspaceReal)
      lineCounts.set(absolute, count)
    }
    return line >= 1 && line <= count
  }
}

const LINE_COUNT_MAX_BYTES = 64 * 1024 * 1024

function countLines(absolute: string, workspaceReal: string | undefined): number {
  const real = safeRealpath(absolute)
  if (!real || !workspaceReal || !(real === workspaceReal || real.startsWith(workspaceReal + path.sep))) return 0
  try {
    const stats = statSync(real)
    if (!stats.isFile()) return 0
    // Past this size, counting costs more than the annotation is worth: any positive line is accepted.
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

async function publishWithDeadline(target: Target, name: string, report: Report, options: AnnotationOptions, rendering: RenderOptions): Promise<CheckRunResult> {
  const plan = toAnnotations(report, options)
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<CheckRunResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ published: false, reason: DEADLINE_REASON, problems: [] }),
      PUBLISH_DEADLINE_MS
    )
    timer.unref()
  })
  try {
    return await Promise.race([
      publishCheckRun(target.client, {
        owner: target.context.owner,
        repo: target.context.repo,
        headSha: target.headSha,
        name,
        report,
        annotations: plan.annotations,
        unannotated: plan.skipped,
        rootPrefix: rendering.rootPrefix,
        ...(rendering.blobUrl ? { blobUrl: rendering.blobUrl } : {}),
        ...(target.context.detailsUrl ? { detailsUrl: target.context.detailsUrl } : {})
      }),
      deadline
    ])
  } finally {
    clearTimeout(timer)
  }
}
