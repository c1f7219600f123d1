// `mode: fleet`: the action as a scheduled report over an organization. It reads what every repository's
// own gate published (it evaluates nothing itself), writes the JSON and HTML reports and the job
// summary, optionally keeps one issue in this repository up to date, and sets outputs a workflow can
// alert on. The job fails only when there is no complete report to give (nothing listed, or partial).
import { mkdir, writeFile } from '../../fs/callback-fs.js'
import os from 'node:os'
import path from 'node:path'
import * as core from '../runner.js'
import { renderFleetHtml } from '../../fleet/html.js'
import { fleetHeadline, ISSUE_BODY_MAX_BYTES, renderFleetMarkdown } from '../../fleet/markdown.js'
import { attention, type FleetReport } from '../../fleet/model.js'
import { oneLine } from '../../render/sanitize.js'
import { createClient } from '../client.js'
import { describeError } from '../publisher.js'
import { FleetListingError } from './collect.js'
import { updateFleetIssue } from './issue.js'
import { DEFAULT_FLEET_SETTINGS, fleetJson, parseDays, runFleet } from './run.js'
import { docUrl } from '../../report/links.js'

export async function runFleetAction(env: NodeJS.ProcessEnv): Promise<void> {
  const log = (message: string): void => core.info(`readiness-gate: ${oneLine(message)}`)
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd())
  const runnerTemp = env.RUNNER_TEMP || os.tmpdir()
  const token = core.getInput('token')
  const organization = (core.getInput('organization').trim() || env.GITHUB_REPOSITORY_OWNER || (env.GITHUB_REPOSITORY ?? '').split('/')[0] || '').trim()
  let settings
  try {
    if (!token) throw new Error(`The token input is empty: pass a token that can read the organization's repositories (see ${docUrl('fleet.md')}).`)
    if (!organization) throw new Error('The organization input is empty and the run names no repository owner.')
    settings = {
      checkName: core.getInput('check-name').trim() || DEFAULT_FLEET_SETTINGS.checkName,
      staleAfterDays: parseDays('stale-after-days', core.getInput('stale-after-days'), DEFAULT_FLEET_SETTINGS.staleAfterDays),
      expiringWithinDays: parseDays('expiring-within-days', core.getInput('expiring-within-days'), DEFAULT_FLEET_SETTINGS.expiringWithinDays)
    }
  } catch (error) {
    core.setFailed(`readiness-gate: ${(error as Error).message}`)
    return
  }
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com'
  const cacheInput = core.getInput('fleet-cache').trim()
  const cacheFile = cacheInput ? path.resolve(workspace, cacheInput) : undefined
  let report: FleetReport
  try {
    report = await runFleet({ token, apiUrl, organization, settings, now: new Date(), ...(cacheFile ? { cacheFile } : {}), log })
  } catch (error) {
    core.setFailed(`readiness-gate: ${error instanceof FleetListingError ? error.message : `the fleet report failed: ${describeError(error)}`}`)
    return
  }

  const jsonFile = path.resolve(workspace, core.getInput('report-path').trim() || path.join(runnerTemp, 'readiness-fleet.json'))
  const htmlFile = path.resolve(workspace, core.getInput('fleet-html').trim() || path.join(runnerTemp, 'readiness-fleet.html'))
  for (const [file, text] of [
    [jsonFile, fleetJson(report)],
    [htmlFile, renderFleetHtml(report)]
  ] as const) {
    try {
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, text)
    } catch (error) {
      log(`${file} could not be written: ${describeError(error)}`)
    }
  }
  try {
    await core.summary.addRaw(renderFleetMarkdown(report)).write()
  } catch (error) {
    log(`the job summary could not be written: ${describeError(error)}`)
  }

  const issueTitle = core.getInput('fleet-issue').trim()
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (issueTitle && owner && repo) {
    try {
      const client = createClient({ token, baseUrl: apiUrl, log })
      const issue = await updateFleetIssue(client, { owner, repo, title: issueTitle, body: renderFleetMarkdown(report, ISSUE_BODY_MAX_BYTES) })
      log(`issue #${issue.number} ${issue.created ? 'opened' : 'updated'}: ${issue.url ?? ''}`)
      core.setOutput('issue', String(issue.number))
    } catch (error) {
      log(`the issue could not be updated: ${describeError(error)} (the token needs issues: write on ${owner}/${repo})`)
    }
  }

  const seen = attention(report)
  core.setOutput('report', jsonFile)
  core.setOutput('html', htmlFile)
  core.setOutput('systems', String(report.totals.systems.total))
  core.setOutput('ready', String(report.totals.systems.ready))
  core.setOutput('not-ready', String(report.totals.systems.notReady))
  core.setOutput('not-gated', String(new Set([...seen.notRunning, ...seen.notRequired].map((entry) => entry.name)).size))
  core.setOutput('unreadable', String(seen.unreadable.length + seen.notVisible.length))
  core.setOutput('partial', String(report.partial !== null))
  core.setOutput(
    'passed',
    String(
      report.totals.systems.notReady === 0 &&
        seen.notRunning.length + seen.notRequired.length + seen.unreadable.length + seen.notVisible.length === 0 &&
        !report.partial
    )
  )
  log(fleetHeadline(report))
  if (report.partial)
    core.setFailed(`readiness-gate: the fleet report is partial: ${report.partial.reason}; ${report.partial.missing.length} repositories were not read.`)
}
