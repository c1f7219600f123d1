// The action bundle run as the runner runs it for a push to the default branch: INPUT_* variables from
// action.yml's defaults, GITHUB_* variables, an event payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { PROJECT } from './paths.mjs'
import { CHILD_ENV } from './measure.mjs'
import { GIT_ENV } from './repos.mjs'

const ACTION = parseYaml(readFileSync(path.join(PROJECT, 'action.yml'), 'utf8'))

/** Environment for one action run on `workspace` (a git checkout at `sha`), calling the API at `apiUrl`. */
export function pushEventEnv({ workspace, sha, apiUrl, scratch }) {
  mkdirSync(scratch, { recursive: true })
  const eventPath = path.join(scratch, 'event.json')
  const payload = {
    ref: 'refs/heads/main',
    before: '0'.repeat(39) + '1',
    after: sha,
    deleted: false,
    repository: { name: 'repo', full_name: 'owner/repo', default_branch: 'main', owner: { login: 'owner' } },
    pusher: { name: 'bench' }
  }
  writeFileSync(eventPath, JSON.stringify(payload))
  const inputs = {}
  for (const [name, input] of Object.entries(ACTION.inputs)) {
    inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(input.default ?? '').replace('${{ github.token }}', 'bench-token')
  }
  const outputs = path.join(scratch, 'output.txt')
  const summary = path.join(scratch, 'summary.md')
  const runnerTemp = path.join(scratch, 'temp')
  mkdirSync(runnerTemp, { recursive: true })
  return {
    ...CHILD_ENV,
    ...GIT_ENV,
    ...inputs,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'owner/repo',
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1',
    GITHUB_WORKFLOW_REF: 'owner/repo/.github/workflows/readiness.yml@refs/heads/main',
    RUNNER_TEMP: runnerTemp
  }
}

/** Empties the output and summary files between runs (the action appends to them). */
export function resetRunFiles(env) {
  writeFileSync(env.GITHUB_OUTPUT, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY, '')
}
