// `readiness-gate fleet --org ORG`: the organization's readiness from the CLI. Loaded only when the
// command runs: the rest of the CLI carries no GitHub client.
import { mkdir, writeFile } from '../../fs/callback-fs.js'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { renderFleetHtml } from '../../fleet/html.js'
import { fleetHeadline, renderFleetMarkdown } from '../../fleet/markdown.js'
import type { FleetReport } from '../../fleet/model.js'
import { FleetListingError } from './collect.js'
import { DEFAULT_FLEET_SETTINGS, fleetJson, parseDays, runFleet } from './run.js'

export interface FleetIo {
  cwd: string
  env: NodeJS.ProcessEnv
  stdout: (text: string) => void
  stderr: (text: string) => void
  now: Date
}

export const FLEET_USAGE = `Usage: readiness-gate fleet --org ORG [options]
  Reads every repository of ORG: the readiness-gate check run at each default branch's head, whether a
  manifest is there without a gate, whether the branch rules require the check. Token from GITHUB_TOKEN
  (or GH_TOKEN): it needs read access to the repositories' contents, checks and metadata.
      --format FORMAT              markdown (default), json or html, printed to stdout
      --output FILE                write that format to FILE instead
      --json FILE, --html FILE, --markdown FILE    also write these (any combination)
      --cache FILE                 ETag cache kept between runs: unchanged repositories cost nothing
      --check-name NAME            the check run's name (default readiness-gate)
      --stale-after-days N         a check run older than N days means the gate stopped (default 7)
      --expiring-within-days N     list waivers and evidence lapsing within N days (default 30)
      --api-url URL                GitHub API root (default GITHUB_API_URL, else https://api.github.com)
      --now DATE                   report as of DATE (ISO), for reproducible runs
Exit codes: 0 the report is complete, 1 it is partial (rate limit), 2 usage error or the organization could not be listed.
`

export async function fleetCommand(args: string[], io: FleetIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args,
      options: {
        org: { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        output: { type: 'string' },
        json: { type: 'string' },
        html: { type: 'string' },
        markdown: { type: 'string' },
        cache: { type: 'string' },
        'check-name': { type: 'string' },
        'stale-after-days': { type: 'string' },
        'expiring-within-days': { type: 'string' },
        'api-url': { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }).values
  } catch (error) {
    io.stderr(`readiness-gate: ${(error as Error).message}\n${FLEET_USAGE}`)
    return 2
  }
  if (values.help) {
    io.stdout(FLEET_USAGE)
    return 0
  }
  const usage = (message: string): number => {
    io.stderr(`readiness-gate: ${message}\nRun \`readiness-gate fleet --help\` for usage.\n`)
    return 2
  }
  const org = typeof values.org === 'string' ? values.org.trim() : ''
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(org)) return usage(org ? `--org takes an organization login, not "${org}"` : 'fleet needs --org ORG')
  const format = String(values.format)
  if (!['markdown', 'json', 'html'].includes(format)) return usage(`--format takes markdown, json or html, not "${format}"`)
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN || ''
  if (!token) return usage("set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the organization's repositories")
  let settings
  try {
    settings = {
      checkName: typeof values['check-name'] === 'string' && values['check-name'].trim() ? values['check-name'].trim() : DEFAULT_FLEET_SETTINGS.checkName,
      staleAfterDays: parseDays('--stale-after-days', values['stale-after-days'] as string | undefined, DEFAULT_FLEET_SETTINGS.staleAfterDays),
      expiringWithinDays: parseDays('--expiring-within-days', values['expiring-within-days'] as string | undefined, DEFAULT_FLEET_SETTINGS.expiringWithinDays)
    }
  } catch (error) {
    return usage((error as Error).message)
  }
  const now = typeof values.now === 'string' ? new Date(values.now) : io.now
  if (Number.isNaN(now.getTime())) return usage(`--now takes a date like 2026-11-22, not "${values.now}"`)
  const resolve = (file: unknown): string | undefined => (typeof file === 'string' ? path.resolve(io.cwd, file) : undefined)

  let report: FleetReport
  try {
    report = await runFleet({
      token,
      apiUrl: (typeof values['api-url'] === 'string' ? values['api-url'] : undefined) || io.env.GITHUB_API_URL || 'https://api.github.com',
      organization: org,
      settings,
      now,
      ...(resolve(values.cache) ? { cacheFile: resolve(values.cache)! } : {}),
      log: (message) => io.stderr(`readiness-gate: ${message}\n`)
    })
  } catch (error) {
    if (error instanceof FleetListingError) {
      io.stderr(`readiness-gate: ${error.message}\n`)
      return 2
    }
    throw error
  }
  const renderers: Record<string, (report: FleetReport) => string> = { markdown: (r) => renderFleetMarkdown(r), json: fleetJson, html: renderFleetHtml }
  for (const kind of ['json', 'html', 'markdown'] as const) {
    const file = resolve(values[kind])
    if (file) await writeOut(file, renderers[kind]!(report))
  }
  const output = resolve(values.output)
  if (output) {
    await writeOut(output, renderers[format]!(report))
    io.stdout(`${fleetHeadline(report)}\n`)
  } else io.stdout(renderers[format]!(report))
  return report.partial ? 1 : 0
}

async function writeOut(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
}
