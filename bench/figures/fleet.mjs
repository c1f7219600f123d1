// Figure 6, the fleet view: `readiness-gate fleet` (dist/cli.js) over organizations of 100 and 1,000
// repositories served by the OpenAPI-validating GitHub stand-in (__tests__/support/github-server.ts,
// transpiled here, since the bench runs on plain Node). Each organization mixes what a real one holds:
// gated repositories whose check is required by a ruleset or by branch protection or by nothing, a
// manifest with no gate, no manifest, archived and invisible repositories. Measured: requests per
// repository on a first run (goal ≤ 3) and on a second run with the ETag cache, where an unchanged
// repository must cost nothing against the rate limit (304s are free); wall time of each run.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { CHILD_ENV, formatMs, round, runOnce } from '../lib/measure.mjs'
import { PROJECT } from '../lib/paths.mjs'

const require = createRequire(import.meta.url)

/** The stand-in, transpiled from TypeScript into the bench's scratch folder (inside the project, so its imports resolve). */
async function loadStandIn(out) {
  const ts = require('typescript')
  const source = readFileSync(path.join(PROJECT, '__tests__/support/github-server.ts'), 'utf8')
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
  const file = path.join(out, 'github-server.mjs')
  writeFileSync(file, outputText)
  return import(file)
}

/** A verdict as the action hides it in its check run text (schemas/verdict.schema.json). */
function verdictText(name, passed) {
  const digest = {
    format: 'readiness-gate/verdict',
    version: 1,
    tool: 'bench',
    evaluatedAt: new Date().toISOString(),
    passed,
    detail: 'full',
    totals: { systems: 1, ready: passed ? 1 : 0 },
    problems: [],
    systems: [
      {
        name,
        manifest: 'ai/readiness.yml',
        stage: passed ? 'staging' : 'production',
        owners: { 'model-operations': `@team-${name.length % 7}` },
        passed,
        score: passed ? [15, 15] : [19, 22],
        failing: passed ? [] : ['load.production-volume', 'signoff.legal', 'rollback.tested'],
        failingCount: passed ? 0 : 3,
        waivers: [],
        unverified: [],
        lapsing: [{ requirement: 'load.production-volume', expires: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) }]
      }
    ]
  }
  return `2 findings have no annotation here.\n\n<!-- readiness-gate:verdict ${JSON.stringify(digest)} -->`
}

/** An organization of `count` repositories in fixed proportions (the same on every run). */
function organization(count) {
  const completedAt = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z')
  const ruleset = [
    {
      type: 'required_status_checks',
      ruleset_source_type: 'Organization',
      ruleset_source: 'bench',
      ruleset_id: 1,
      parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: 'readiness-gate' }] }
    }
  ]
  const classic = {
    enabled: true,
    required_status_checks: { enforcement_level: 'non_admins', contexts: ['readiness-gate'], checks: [{ context: 'readiness-gate', app_id: 15368 }] }
  }
  const repos = []
  const mix = { requiredByRuleset: 0, requiredByProtection: 0, notRequired: 0, notRunning: 0, noManifest: 0, archived: 0, hidden: 0 }
  for (let index = 0; index < count; index++) {
    const name = `repo-${String(index).padStart(4, '0')}`
    const headSha = index.toString(16).padStart(40, '0')
    const run = (passed) => [
      {
        id: 10_000 + index,
        name: 'readiness-gate',
        head_sha: headSha,
        status: 'completed',
        conclusion: passed ? 'success' : 'failure',
        completed_at: completedAt,
        output: { title: 'verdict', summary: '…', text: verdictText(`system-${index}`, passed) }
      }
    ]
    const slot = index % 20
    if (slot < 6) {
      mix.requiredByRuleset++
      repos.push({ name, headSha, files: ['ai/readiness.yml', 'README.md'], checkRuns: run(index % 3 !== 0), rules: ruleset })
    } else if (slot < 8) {
      mix.requiredByProtection++
      repos.push({ name, headSha, files: ['ai/readiness.yml'], checkRuns: run(true), protection: classic })
    } else if (slot < 9) {
      mix.notRequired++
      repos.push({ name, headSha, files: ['ai/readiness.yml'], checkRuns: run(true) })
    } else if (slot < 10) {
      mix.notRunning++
      repos.push({ name, headSha, files: ['models/ranker/readiness.yml', 'src/index.ts'] })
    } else if (slot < 18) {
      mix.noManifest++
      repos.push({ name, headSha, files: ['src/index.ts', 'README.md', 'docs/guide.md'] })
    } else if (slot < 19) {
      mix.archived++
      repos.push({ name, headSha, files: ['ai/readiness.yml'], archived: true })
    } else {
      mix.hidden++
      repos.push({ name, headSha, files: [], hidden: index % 2 ? 404 : 403 })
    }
  }
  return { repos, mix }
}

export async function fleetFigure({ results, dist, out, quick, keep }) {
  const cli = path.join(dist, 'cli.js')
  if (!existsSync(cli)) {
    results.skip({
      id: 'fleet',
      label: 'fleet requests for 100 and 1,000 repositories',
      why: `pending: ${path.relative(process.cwd(), cli)} does not exist yet`
    })
    return
  }
  const scratch = path.join(out, 'fleet')
  mkdirSync(scratch, { recursive: true })
  const { GitHubStandIn } = await loadStandIn(scratch)
  try {
    for (const count of [100, 1000]) {
      const { repos, mix } = organization(count)
      const standIn = await GitHubStandIn.start({ owner: 'bench', repo: 'reports', commits: [], organization: { login: 'bench', repos } })
      try {
        const cache = path.join(scratch, `cache-${count}.json`)
        const report = path.join(scratch, `fleet-${count}.json`)
        const env = { ...CHILD_ENV, GITHUB_TOKEN: 'test-token', GITHUB_API_URL: standIn.url }
        const args = [cli, 'fleet', '--org', 'bench', '--cache', cache, '--json', report, '--output', path.join(scratch, `fleet-${count}.md`)]
        const runs = []
        for (const pass of ['first', 'second']) {
          const from = standIn.requests.length
          const run = await runOnce(process.execPath, args, { cwd: scratch, env })
          const requests = standIn.requests.slice(from)
          const fleet = JSON.parse(readFileSync(report, 'utf8'))
          const states = fleet.totals.repositories
          // A fast run that read nothing is a failure: every category must come out as built.
          const expected = {
            evaluated: mix.requiredByRuleset + mix.requiredByProtection + mix.notRequired,
            'not-running': mix.notRunning,
            'no-manifest': mix.noManifest,
            archived: mix.archived,
            'not-visible': mix.hidden
          }
          const wrong = Object.entries(expected).filter(([state, n]) => states[state] !== n)
          if (run.code !== 0 || wrong.length || standIn.rejections.length || states.notRequired !== mix.notRequired) {
            throw new Error(
              `fleet over ${count} repositories (${pass} run) went wrong: exit ${run.code}, states ${JSON.stringify(states)}, expected ${JSON.stringify(expected)}, rejections ${standIn.rejections.slice(0, 3).join('; ')}\n${run.stderr.slice(-2000)}`
            )
          }
          const counted = requests.filter((request) => request.status !== 304).length
          runs.push({ pass, ms: run.ms, requests: requests.length, counted, notModified: requests.length - counted })
        }
        const [first, second] = runs
        const perRepo = first.requests / count
        results.add({
          id: `fleet.${count}.first`,
          label: `${count.toLocaleString('en-US')} repositories, first run`,
          value: first.requests,
          unit: 'requests',
          shown: `${first.requests.toLocaleString('en-US')} requests (${perRepo.toFixed(2)} per repository) in ${formatMs(first.ms)}`,
          baseline: { label: 'repositories', value: count, unit: 'repositories', shown: `${count.toLocaleString('en-US')}` },
          goal: '≤ 3 requests per repository',
          met: perRepo <= 3,
          detail: `mix: ${Object.entries(mix)
            .map(([kind, n]) => `${n} ${kind}`)
            .join(', ')}; ${formatMs(first.ms / count)} per repository`
        })
        Object.assign(results.figures.at(-1), { ms: round(first.ms), mix })
        results.add({
          id: `fleet.${count}.second`,
          label: `${count.toLocaleString('en-US')} repositories, next run, nothing changed`,
          value: second.counted,
          unit: 'requests counted against the rate limit',
          shown: `${second.requests.toLocaleString('en-US')} requests, ${second.notModified.toLocaleString('en-US')} answered 304 (free), ${second.counted} counted (${(second.counted / count).toFixed(2)} per repository) in ${formatMs(second.ms)}`,
          baseline: { label: 'repositories the token cannot see (403/404 are never conditional)', value: mix.hidden, unit: 'requests' },
          goal: 'an unchanged visible repository costs nothing',
          met: second.counted <= mix.hidden
        })
        Object.assign(results.figures.at(-1), { ms: round(second.ms), sent: second.requests, notModified: second.notModified })
      } finally {
        await standIn.close()
      }
      if (quick) break
    }
  } finally {
    if (!keep) rmSync(scratch, { recursive: true, force: true })
  }
}
