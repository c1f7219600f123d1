// One run of the action: read inputs and the run, load the TRUSTED policy, learn who approved, run the
// pure gate, then carry the verdict everywhere it must reach: report file, check run (or, when GitHub
// refuses, log annotations), job summary, outputs, exit code. A gate that cannot evaluate fails; it
// never reports success because something broke. This module only orchestrates: each step is a module
// of its own (inputs, trust, trusted-policy, repo-lines, git, publisher).
import { mkdir, writeFile } from '../fs/callback-fs.js'
import path from 'node:path'
import * as core from './runner.js'
import { gitFileDater } from '../fs/git-dates.js'
import { compareWithBase } from '../change/compare.js'
import { runGate, type GateInput } from '../gate.js'
import { createClient, type GitHubClient } from './client.js'
import { ContextError, readRunContext, type RunContext } from './context.js'
import { readInputs, locate, workflowFile, type Inputs, type Where } from './inputs.js'
import { describeError, explainNoCheckRun, publishCheckRun, type CheckRunResult } from './publisher.js'
import { repoLineChecker } from './repo-lines.js'
import { resolveTrust, trustContext } from './trust.js'
import { loadTrustedPolicy } from './trusted-policy.js'
import { runFleetAction } from './fleet/action.js'
import { LOG_ANNOTATIONS_PER_LEVEL, toAnnotations, type AnnotationOptions } from '../render/annotations.js'
import { reportCounts } from '../render/counts.js'
import { RENDERERS } from '../render/formats.js'
import type { RenderOptions } from '../render/renderer.js'
import { renderTitle } from '../render/markdown.js'
import { oneLine, truncateUtf8 } from '../render/sanitize.js'
import { emitLogAnnotations } from './log-annotations.js'
import { buildReport, runProblem } from '../report/build.js'
import type { Report } from '../report/types.js'
import { requireStage } from '../deploy/require-stage.js'
import { docUrl } from '../report/links.js'

/** Publishing gives up after this long in all, whatever the retries still want: the verdict must get out. */
const PUBLISH_DEADLINE_MS = 5 * 60_000
const DEADLINE_REASON = `GitHub did not answer within ${PUBLISH_DEADLINE_MS / 60_000} minutes`

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
  const blobUrl = evaluation.target
    ? `${(env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/${evaluation.target.context.owner}/${evaluation.target.context.repo}/blob/${evaluation.target.headSha}/`
    : undefined
  const renderOptions: RenderOptions = { color: false, rootPrefix: where.rootPrefix, ...(blobUrl ? { blobUrl } : {}) }
  let publishNote: string | undefined
  try {
    await mkdir(path.dirname(reportFile), { recursive: true })
    await writeFile(reportFile, RENDERERS.json.render(report, renderOptions))
  } catch (error) {
    core.info(`readiness-gate: the report could not be written to ${reportFile}: ${describeError(error)}`)
  }

  const annotationOptions: AnnotationOptions = { isRepoLine: repoLineChecker(where.workspace, where.root), rootPrefix: where.rootPrefix }
  // core.setFailed adds an error annotation of its own: leave room for it within the step's 10.
  const failsJob = evaluation.broken || inputs.mode === 'publish' || (!report.passed && inputs.failJob)
  const logErrorLimit = LOG_ANNOTATIONS_PER_LEVEL - (failsJob ? 1 : 0)
  let published: CheckRunResult | undefined
  try {
    if (inputs.mode !== 'evaluate' && evaluation.target) {
      published = await publishWithDeadline(evaluation.target, inputs.checkName, report, annotationOptions, renderOptions)
      if (published.published) {
        core.info(
          `readiness-gate: check run "${inputs.checkName}" (${published.checkRunId}) on ${evaluation.target.headSha}: ${report.passed ? 'success' : 'failure'}.`
        )
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

async function evaluate(inputs: Inputs, where: Where, env: NodeJS.ProcessEnv, now: Date): Promise<Evaluation> {
  // Run-level problems point at the workflow file (paths are relative to the gate's root, so only at the repository root).
  const runFile = (where.rootPrefix === '' ? workflowFile(env) : undefined) ?? inputs.policyPath
  const broken = (message: string, hint?: string, target?: Target): Evaluation => ({
    kind: 'evaluated',
    report: failedReport(now, 'not loaded', [runProblem('gate.error', message, runFile, hint)]),
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
    return broken(
      `mode "publish" runs on workflow_run events (the fork-safe setup), not on ${context.eventName}.`,
      `The two-workflow setup: ${docUrl('github.md#pull-requests-from-forks')}`
    )
  }
  if (!inputs.token)
    return broken('The token input is empty.', 'Leave token at its default, ${{ github.token }}, or pass a token that can read the repository.')

  // A run that publishes loads the client while the gate evaluates; mode evaluate loads it only if a read needs the API.
  const client = createClient({
    token: inputs.token,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    log: (message) => core.info(`readiness-gate: ${oneLine(message)}`),
    preload: inputs.mode !== 'evaluate'
  })
  const target: Target = { client, context, headSha: context.headSha }
  try {
    const trust = await resolveTrust({ client, context, workspace: where.workspace, rootPrefix: where.rootPrefix })
    if (trust.kind === 'skipped') return trust
    if (trust.kind === 'wrong-checkout') return broken(trust.message, trust.hint, target)
    const { files, pullRequest } = trust
    const loaded = await loadTrustedPolicy(files, {
      policyPath: inputs.policyPath,
      root: where.root,
      onDefaultBranch: context.onDefaultBranch,
      onPullRequest: Boolean(pullRequest)
    })
    if (!loaded.ok) {
      return { kind: 'evaluated', report: failedReport(now, `${inputs.policyPath}@${files.label}`, loaded.errors), broken: true, target }
    }
    const input: GateInput = {
      root: where.root,
      ...(inputs.manifests.length > 0 ? { manifests: inputs.manifests } : {}),
      policy: loaded.policy,
      policySource: loaded.source,
      now,
      trust: await trustContext(client, context, files, pullRequest),
      fileDate: gitFileDater(where.root),
      notices: loaded.notices
    }
    const evaluated = await runGate(input)
    // On a pull request the report leads with what it changed against its base.
    const report = pullRequest ? await compareWithBase(input, evaluated, files) : evaluated
    const gated = inputs.requireStage ? requireStage(report, { stage: inputs.requireStage, systems: inputs.systems, runFile }) : report
    // A manifests input that names something matching nothing is the workflow's mistake: fail whatever fail-job says.
    return { kind: 'evaluated', report: gated, target, broken: report.notices.some((notice) => notice.rule === 'manifest.missing') }
  } catch (error) {
    return broken(
      `The gate could not evaluate: ${describeError(error)}.`,
      'Re-run the job; if it keeps failing, check the token permissions (contents: read, pull-requests: read).',
      target
    )
  }
}

/** A report of a run that stopped before the gate: no systems, only why. */
function failedReport(now: Date, policy: string, notices: Report['notices']): Report {
  return buildReport({ now, policy, systems: [], notices })
}

async function publishWithDeadline(
  target: Target,
  name: string,
  report: Report,
  options: AnnotationOptions,
  rendering: RenderOptions
): Promise<CheckRunResult> {
  const plan = toAnnotations(report, options)
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<CheckRunResult>((resolve) => {
    timer = setTimeout(() => resolve({ published: false, reason: DEADLINE_REASON, problems: [] }), PUBLISH_DEADLINE_MS)
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
