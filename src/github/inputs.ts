// The action's inputs (`with:`) and where it runs: read once, checked, with the defaults action.yml
// documents. A wrong input is the workflow author's to fix: a plain sentence, never a stack trace.
import os from 'node:os'
import path from 'node:path'
import * as core from './runner.js'
import { DEFAULT_POLICY_PATH } from '../policy/load.js'
import { STAGES, type Stage } from '../report/types.js'

const MODES = ['evaluate-and-publish', 'evaluate', 'publish', 'fleet'] as const
export type Mode = (typeof MODES)[number]

export interface Inputs {
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

/** A mistake in the workflow's inputs; its message is the whole story. */
export class OperatorError extends Error {}

export function readInputs(env: NodeJS.ProcessEnv): Inputs {
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
    manifests: listInput('manifests'),
    policyPath: core.getInput('policy').trim() || DEFAULT_POLICY_PATH,
    token: core.getInput('token'),
    checkName,
    failJob: core.getInput('fail-job') ? core.getBooleanInput('fail-job') : true,
    reportPath: core.getInput('report-path').trim() || path.join(runnerTemp, 'readiness-report.json'),
    mode: mode as Mode,
    workingDirectory: core.getInput('working-directory').trim() || '.',
    ...(requireStage ? { requireStage } : {}),
    systems: listInput('systems')
  }
}

/** A list input: one item a line or comma-separated, blanks dropped. */
function listInput(name: string): string[] {
  return core
    .getMultilineInput(name)
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter(Boolean)
}

export interface Where {
  workspace: string
  /** The gate's root: the working directory, inside the workspace. */
  root: string
  /** Repo-relative POSIX path of root ('' at the repository root). */
  rootPrefix: string
}

export function locate(env: NodeJS.ProcessEnv, workingDirectory: string): Where {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd())
  const root = path.resolve(workspace, workingDirectory)
  const relative = path.relative(workspace, root)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new OperatorError(`working-directory "${workingDirectory}" is outside the workspace ${workspace}.`)
  }
  return { workspace, root, rootPrefix: relative.split(path.sep).join('/') }
}

/** The workflow file of this run (from GITHUB_WORKFLOW_REF), where run-level problems are annotated. */
export function workflowFile(env: NodeJS.ProcessEnv): string | undefined {
  const match = /^[^/]+\/[^/]+\/(.+?)@/.exec(env.GITHUB_WORKFLOW_REF ?? '')
  return match?.[1]
}
