// The npm package as a CLI user gets it: `npm pack`, then installed into an empty project offline.
// It must bring no runtime dependency (dist/cli.js is self-contained), leave out the action's bundle,
// and its `readiness-gate` command must work.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')
const work = mkdtempSync(path.join(os.tmpdir(), 'rg-pack-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function npm(args: string[], cwd: string): string {
  const run = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' }
  })
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`)
  return run.stdout
}

let tarball = ''
let project = ''

beforeAll(() => {
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[]
  tarball = path.join(work, packed[0]!.filename)
  project = path.join(work, 'project')
  cpSync(path.join(ROOT, 'examples/production-ready'), project, { recursive: true })
  writeFileSync(path.join(project, 'package.json'), '{ "name": "uses-readiness-gate", "private": true }\n')
  // --offline: a package with a dependency would have to fetch it, and fail here.
  npm(['install', '--offline', '--ignore-scripts', tarball], project)
}, 120_000)

describe('the packed npm package', () => {
  it('installs with no runtime dependency and without the action bundle', () => {
    expect(readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['readiness-gate'])
    const installed = path.join(project, 'node_modules/readiness-gate')
    expect(existsSync(path.join(installed, 'dist/cli.js'))).toBe(true)
    expect(existsSync(path.join(installed, 'dist/index.js'))).toBe(false)
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'schemas/manifest.schema.json', 'docs/manifest.md'])
      expect(existsSync(path.join(installed, file))).toBe(true)
    // The README's pictures (1.7 MB) stay on GitHub, where npm's page shows them from.
    for (const folder of ['docs/screenshots', 'docs/img']) expect([folder, existsSync(path.join(installed, folder))]).toEqual([folder, false])
  })

  it('runs its readiness-gate command: --version, and check on a real manifest', () => {
    const bin = path.join(project, 'node_modules/.bin/readiness-gate')
    const version = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' })
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    const check = spawnSync(bin, ['check', '--now', '2026-11-22'], { cwd: project, encoding: 'utf8' })
    expect(check.stderr).toBe('')
    // Without the repository's policy no one may sign: the production example fails on its sign-offs only.
    expect(check.stdout).toContain('Policy: built-in default policy')
    expect(check.stdout).toMatch(/✗ support-triage +production +\d+\/\d+ requirements met \(2 not met\)/)
    expect(check.status).toBe(1)
  })

  it('brings the chunks its CLI loads on demand: the PromQL grammar reads the example’s alert rules', () => {
    const bin = path.join(project, 'node_modules/.bin/readiness-gate')
    const check = spawnSync(bin, ['check', '--now', '2026-11-22', '--format', 'json'], { cwd: project, encoding: 'utf8' })
    expect(check.stderr).toBe('')
    const report = JSON.parse(check.stdout) as { systems: { findings: { rule: string; status: string; message: string }[] }[] }
    const monitoring = report.systems[0]!.findings.filter((finding) => finding.rule === 'monitoring.output-quality')
    // The metric named comes from parsing the rule's PromQL expression, which only the lazily loaded chunk can do.
    expect(monitoring).toEqual([
      expect.objectContaining({ status: 'pass', message: expect.stringContaining('"TriageRoutingAccuracyLow" watches triage_routing_accuracy') })
    ])
  })

  it('brings the full validators, which explain a manifest the quick ones refuse', () => {
    const bin = path.join(project, 'node_modules/.bin/readiness-gate')
    const typo = path.join(work, 'typo')
    cpSync(path.join(project, 'readiness.yml'), path.join(typo, 'readiness.yml'))
    writeFileSync(path.join(typo, 'readiness.yml'), readFileSync(path.join(typo, 'readiness.yml'), 'utf8').replace('\n  load-test:', '\n  load-tset:'))
    const check = spawnSync(bin, ['check', '--now', '2026-11-22'], { cwd: typo, encoding: 'utf8' })
    expect(check.stderr).toBe('')
    expect(check.stdout).toContain('`evidence.load-tset` is not a known key (did you mean `load-test`?).')
    expect(check.status).toBe(1)
  })

  it('brings the chunks the command loads on demand: fleet and the GitHub client', () => {
    const bin = path.join(project, 'node_modules/.bin/readiness-gate')
    const chunks = readdirSync(path.join(ROOT, 'dist')).filter((name) => name.endsWith('.cli.js'))
    expect(chunks.length).toBeGreaterThan(0)
    expect(
      readdirSync(path.join(project, 'node_modules/readiness-gate/dist'))
        .filter((name) => name.endsWith('.cli.js'))
        .sort()
    ).toEqual(chunks.sort())
    const help = spawnSync(bin, ['fleet', '--help'], { cwd: project, encoding: 'utf8' })
    expect(help.stderr).toBe('')
    expect(help.stdout).toMatch(/^Usage: readiness-gate fleet --org ORG/)
  })
})
