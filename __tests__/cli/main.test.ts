import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { parseDocument, LineCounter } from 'yaml'
import { missingRefAdvice, runCli } from '../../src/cli/main.js'
import { parseManifest } from '../../src/manifest/load.js'
import { schemaValidator } from '../support/schemas.js'
import type { Report } from '../../src/report/types.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

const validateReport = schemaValidator('report.schema.json')

const ROOT = path.resolve(import.meta.dirname, '../..')
const NOW = new Date('2026-11-22T12:00:00Z')
const repos: TempRepo[] = []
afterAll(async () => Promise.all(repos.map((r) => r.remove())))

async function cli(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t), color: false, now: NOW })
  return { code, out, err }
}

describe('check on the failing example', () => {
  it('exits 1 and lists each failing requirement at a real line of a real file', async () => {
    const { code, out } = await cli(['check', 'examples/pilot-purgatory'])
    expect(code).toBe(1)
    const lines = out.trim().split('\n')
    expect(lines.at(-1)).toBe('0 of 1 system ready — the gate fails.')
    const failures = lines.filter((line) => /^ {2}✗ \S+:\d+/.test(line))
    expect(failures.length).toBeGreaterThanOrEqual(15)
    for (const line of failures) {
      const [, file, lineNo] = /^ {2}✗ ([^:]+):(\d+)/.exec(line)!
      const text = await readFile(path.join(ROOT, file!), 'utf8')
      expect(Number(lineNo)).toBeLessThanOrEqual(text.split('\n').length)
    }
    const manifest = await readFile(path.join(ROOT, 'examples/pilot-purgatory/readiness.yml'), 'utf8')
    const line = (needle: string): number => manifest.split('\n').findIndex((l) => l.includes(needle)) + 1
    expect(out).toContain(
      `examples/pilot-purgatory/readiness.yml:${line('usd-per-1k-requests') - 1}:3  cost.projection\n      Measured $1.13 per 1k ($0.00453 from 4 requests in "examples/pilot-purgatory/eval/promptfoo-usage.json") × 1,200,000 requests/month × 3 headroom = $4,072.50/month > budget $4,000.`
    )
    expect(out).toContain(
      `examples/pilot-purgatory/readiness.yml:${line('completed-on')}:5  adoption.training\n      User training is dated 2027-01-15, in the future`
    )
    expect(out).toContain(
      `examples/pilot-purgatory/readiness.yml:${line('expires: 2026-10-31')}:5  fairness.evaluation\n      The waiver for fairness.evaluation does not count: it expired on 2026-10-31.`
    )
    expect(out).toContain('examples/pilot-purgatory/compliance/legal.yml:5  signoff.legal\n      @bob is not an allowed legal signer (allowed: @erin).')
    expect(out).toMatch(
      /load\.production-volume\n {6}p95 1240\.2 ms > SLO 800 ms; 5 min at 41\.2 rps, 12,380 requests: shorter than the policy's 10 min at peak; k6 marked threshold `[^`]+` failed \(k6\)/
    )
    expect(out).toContain(
      'examples/pilot-purgatory/reports/integration.xml:5  integration.tested\n      Test "erp integration › erp: rejects an invoice for an unknown vendor" failed: expected HTTP 422 from ERP, got 500.'
    )
  })

  it('writes a JSON report valid against schemas/report.schema.json', async () => {
    const { code, out } = await cli(['check', 'examples/pilot-purgatory', '--format', 'json'])
    expect(code).toBe(1)
    const report = JSON.parse(out) as Report
    expect(validateReport(report) ? [] : validateReport.errors).toEqual([])
    expect(report).toMatchObject({ version: 1, passed: false, policy: '.github/readiness-policy.yml', evaluatedAt: NOW.toISOString() })
    expect(report.systems[0]).toMatchObject({
      name: 'invoice-extractor',
      manifest: 'examples/pilot-purgatory/readiness.yml',
      stage: 'production',
      passed: false
    })
    expect(report.systems[0]!.score.required).toBe(24)
  })
})

describe('check --output', () => {
  it('writes the report to the file and prints only the verdict', async () => {
    const repo = await tempRepo()
    repos.push(repo)
    const target = path.join(repo.root, 'out/report.json')
    const { code, out } = await cli(['check', 'examples', '--format', 'json', '--output', target])
    expect(code).toBe(1)
    expect(out).toBe('2 of 3 systems ready — the gate fails.\n')
    const report = JSON.parse(await readFile(target, 'utf8')) as Report
    expect(validateReport(report) ? [] : validateReport.errors).toEqual([])
    expect(report.systems.map((s) => [s.name, s.passed])).toEqual([
      ['support-bot', true],
      ['invoice-extractor', false],
      ['support-triage', true]
    ])
  })
})

describe('check on the passing example', () => {
  it('exits 0 with every production requirement met, sign-offs unverified offline', async () => {
    const { code, out } = await cli(['check', 'examples/production-ready'])
    expect(code).toBe(0)
    expect(out).toMatch(/✓ support-triage {2}production {2}24\/24 requirements met \(2 unverified offline\)/)
    expect(out.trim().split('\n').at(-1)).toBe('1 of 1 system ready.')
  })

  it('verifies its sign-offs against git history with --base, as the action does on a branch', async () => {
    const repo = await tempRepo({}, { git: true })
    repos.push(repo)
    repo.git('--work-tree', ROOT, 'add', 'examples/production-ready', '.github/readiness-policy.yml')
    repo.git('commit', '-q', '-m', 'examples')
    repo.git('checkout', '-q', '--', '.')
    const { code, out } = await cli(['check', 'examples/production-ready', '--base', 'HEAD', '--format', 'json'], repo.root)
    expect(code).toBe(0)
    const signoffs = (JSON.parse(out) as Report).systems[0]!.findings.filter((f) => f.rule.startsWith('signoff.'))
    expect(signoffs.map((f) => [f.verification, /unchanged from HEAD/.test(f.message)])).toEqual([
      ['verified', true],
      ['verified', true]
    ])
  })
})

describe('the README', () => {
  it('shows output the CLI really prints for the quickstart command, whatever the date today', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
    const command = /node dist\/cli\.js (check [^#\n]*?)\s+#/.exec(readme)![1]!.split(/\s+/)
    expect(command).toEqual(['check', 'examples', '--now', '2026-11-22'])
    const sample = readme
      .split('```text')[1]!
      .split('```')[0]!
      .split('\n')
      .filter((line) => line.trim() && line.trim() !== '...')
    // The clock two years on: --now in the command is what keeps the sample true.
    let out = ''
    await runCli(command, { cwd: ROOT, stdout: (t) => (out += t), stderr: () => {}, color: false, now: new Date('2028-11-22T12:00:00Z') })
    for (const line of sample) expect(out).toContain(line)
  })
})

describe('init', () => {
  it('writes a skeleton listing every requirement of the stage, which check then fails line by line', async () => {
    const repo = await tempRepo({}, { git: true })
    repos.push(repo)
    const { code, out } = await cli(['init', '--stage', 'staging', 'triage'], repo.root)
    expect(code).toBe(0)
    expect(out).toMatch(/Wrote triage\/readiness.yml for stage staging \(16 requirements\)/)
    const text = await readFile(path.join(repo.root, 'triage/readiness.yml'), 'utf8')
    const doc = parseDocument(text, { lineCounter: new LineCounter() })
    expect(doc.errors).toEqual([])
    for (const id of ['owner.raci', 'load.production-volume', 'drift.detection', 'privacy.data-handling']) expect(text).toContain(`# ${id}:`)
    expect(text).not.toContain('# signoff.legal')
    expect(parseManifest(repo.root, 'triage/readiness.yml', text).name).toBe('triage')
    const checked = await cli(['check'], repo.root)
    expect(checked.code).toBe(1)
    // One finding per problem: the empty key is told once, under the requirement that reads it, and no place twice.
    expect(checked.out).toMatch(/triage\/readiness.yml:\d+:\d+ {2}owner.model-operations\n {6}`owners.model-operations` is empty\./)
    expect(checked.out).not.toMatch(/is missing|lacks `/)
    const places = checked.out.match(/^ {2}✗ \S+/gm)!
    expect(places.length).toBeGreaterThan(15)
    expect(new Set(places).size).toBe(places.length)
    const again = await cli(['init', 'triage'], repo.root)
    expect(again.code).toBe(2)
    expect(again.err).toBe(
      'readiness-gate: triage/readiness.yml already exists at stage staging: `readiness-gate check` lists what it still lacks; `init --stage production` raises it to production, keeping its values. `--force` overwrites it with an empty skeleton.\n'
    )
  })

  it('raises the stage of an existing manifest: keeps every value and comment, adds only what the new stage reads', async () => {
    const repo = await tempRepo({}, { git: true })
    repos.push(repo)
    expect((await cli(['init', '--system', 'support-bot', 'bot'], repo.root)).code).toBe(0)
    const file = path.join(repo.root, 'bot/readiness.yml')
    // The team fills in some values and writes its own comments.
    const filled = (await readFile(file, 'utf8'))
      .replace(/^ {2}model-operations:.*$/m, '  model-operations: "@alice"        # on call for answer quality')
      .replace(/^ {2}executive-sponsor:.*$/m, '  executive-sponsor: "@carol"')
      .concat('# reviewed with legal on 2026-11-20\n')
    await writeFile(file, filled)
    const raised = await cli(['init', '--stage', 'staging', 'bot'], repo.root)
    expect(raised.code).toBe(0)
    expect(raised.out).toMatch(
      /^Raised bot\/readiness.yml from pilot to staging; added, empty, what the new stage reads: owners.raci, .*evidence.load-test.*\. Every existing value and comment is kept\. Fill in the empty values, then run `readiness-gate check bot`\.\n$/
    )
    const text = await readFile(file, 'utf8')
    // Every line stays, in order, but the stage's.
    const lines = text.split('\n')
    let at = 0
    for (const line of filled.split('\n')) {
      const expected = line === 'stage: pilot' ? 'stage: staging' : line
      const found = lines.indexOf(expected, at)
      expect({ line: expected, found: found >= 0 }).toEqual({ line: expected, found: true })
      at = found + 1
    }
    for (const id of ['owner.raci', 'load.production-volume', 'drift.detection']) expect(text).toContain(`# ${id}:`)
    expect(text).not.toContain('# signoff.legal')
    // check reads the values kept, and points at the new empty keys.
    const checked = await cli(['check', 'bot'], repo.root)
    expect(checked.code).toBe(1)
    expect(checked.out).not.toMatch(/owner\.model-operations|owner\.executive-sponsor|manifest\.parse/)
    expect(checked.out).toMatch(/bot\/readiness.yml:\d+:\d+ {2}owner\.raci\n/)
    // Raising again to production adds the production keys; the staging ones are not written twice.
    expect((await cli(['init', '--stage', 'production', 'bot'], repo.root)).code).toBe(0)
    const production = await readFile(file, 'utf8')
    expect(production.match(/# owner\.raci:/g)).toHaveLength(1)
    expect(production).toContain('# signoff.legal:')
  })

  it('writes a key two requirements read once: incident.runbooks reads the monitoring and drift files above', async () => {
    const repo = await tempRepo({}, { git: true })
    repos.push(repo)
    expect((await cli(['init', '--stage', 'production', 'bot'], repo.root)).code).toBe(0)
    const text = await readFile(path.join(repo.root, 'bot/readiness.yml'), 'utf8')
    expect(parseDocument(text).errors).toEqual([])
    expect(text.match(/^ {2}monitoring:/gm)).toHaveLength(1)
    expect(text.match(/^ {2}drift:/gm)).toHaveLength(1)
    expect(text).toContain(
      '  # incident.runbooks: Alerts say what to do when they fire\n  # reads evidence.monitoring and evidence.drift above: Write a runbook with numbered steps'
    )
    // Raised from staging, where both files are already linked, nothing of incident.runbooks' keys is added twice.
    const staged = await tempRepo({}, { git: true })
    repos.push(staged)
    expect((await cli(['init', '--stage', 'staging', 'bot'], staged.root)).code).toBe(0)
    expect((await cli(['init', '--stage', 'production', 'bot'], staged.root)).code).toBe(0)
    const raised = await readFile(path.join(staged.root, 'bot/readiness.yml'), 'utf8')
    expect(parseDocument(raised).errors).toEqual([])
    expect([raised.match(/^ {2}monitoring:/gm)?.length, raised.match(/^ {2}drift:/gm)?.length]).toEqual([1, 1])
  })

  it('refuses to lower a stage or to rename the system, and --force overwrites', async () => {
    const repo = await tempRepo({}, { git: true })
    repos.push(repo)
    expect((await cli(['init', '--stage', 'staging', 'bot'], repo.root)).code).toBe(0)
    const lower = await cli(['init', '--stage', 'pilot', 'bot'], repo.root)
    expect(lower).toMatchObject({
      code: 2,
      err: 'readiness-gate: bot/readiness.yml already exists at stage staging; init only raises a stage (to lower it, edit `stage:`). `--force` overwrites it with an empty skeleton.\n'
    })
    expect((await cli(['init', '--stage', 'production', '--system', 'other', 'bot'], repo.root)).code).toBe(2)
    const forced = await cli(['init', '--stage', 'pilot', '--force', 'bot'], repo.root)
    expect(forced.code).toBe(0)
    expect(await readFile(path.join(repo.root, 'bot/readiness.yml'), 'utf8')).toMatch(/^stage: pilot$/m)
  })
})

describe('check --base', () => {
  it('compares a binary evidence file byte for byte: unchanged, it changes nothing', async () => {
    const example = path.join(ROOT, 'examples/production-ready')
    const files: Record<string, string | Buffer> = {}
    for (const file of ['readiness.yml', 'perf/k6-summary.json', 'eval/promptfoo-eval.json']) files[`bot/${file}`] = await readFile(path.join(example, file))
    // The load test gzipped: not valid UTF-8, so a text round trip would change it.
    files['bot/perf/k6-summary.json.gz'] = gzipSync(files['bot/perf/k6-summary.json'] as Buffer)
    files['bot/readiness.yml'] = (files['bot/readiness.yml'] as Buffer).toString('utf8').replace('file: perf/k6-summary.json', 'file: perf/k6-summary.json.gz')
    const repo = await tempRepo(files, { git: true })
    repos.push(repo)
    repo.git('checkout', '-q', '-b', 'feature')
    await repo.write({ 'README.md': '# unrelated change\n' })
    repo.git('add', '-A')
    repo.git('commit', '-q', '-m', 'head')
    const run = await cli(['check', '--base', 'main', '--format', 'json', '--now', '2026-12-01'], repo.root)
    const report = JSON.parse(run.out) as {
      change: { systems: Array<{ status: string; newlyMet: string[]; newlyFailing: string[] }> }
      systems: Array<{ findings: Array<{ rule: string; status: string }> }>
    }
    expect(report.systems[0]!.findings.find((finding) => finding.rule === 'load.production-volume')!.status).toBe('pass')
    expect(report.change.systems).toEqual([expect.objectContaining({ status: 'untouched', newlyMet: [], newlyFailing: [] })])
  })
})

describe('check --base reads the base through one git process', () => {
  it('with the gate rooted in a sub-folder: what it reads and lists is that folder at the base', async () => {
    const example = path.join(ROOT, 'examples/production-ready')
    const files: Record<string, Buffer> = {}
    for (const file of ['readiness.yml', 'perf/k6-summary.json', 'reports/integration.xml'])
      for (const system of ['bot', 'triage']) files[`platform/${system}/${file}`] = await readFile(path.join(example, file))
    const repo = await tempRepo(files, { git: true })
    repos.push(repo)
    repo.git('checkout', '-q', '-b', 'feature')
    const k6 = JSON.parse(files['platform/bot/perf/k6-summary.json']!.toString('utf8')) as { metrics: Record<string, { values: Record<string, number> }> }
    k6.metrics.http_req_duration!.values['p(95)']! *= 10
    await repo.write({ 'platform/bot/perf/k6-summary.json': JSON.stringify(k6, null, 2) })
    repo.git('commit', '-q', '-am', 'slower')
    const args = ['check', '--root', 'platform', '--base', 'main', '--format', 'json', '--now', '2026-12-01']
    const run = await cli(args, repo.root)
    const report = JSON.parse(run.out) as { change: { systems: Array<{ manifest: string; status: string; newlyFailing: string[] }> } }
    const change = Object.fromEntries(report.change.systems.map((system) => [system.manifest, system]))
    expect(change['bot/readiness.yml']).toMatchObject({ status: 'touched', newlyFailing: ['load.production-volume'] })
    expect(change['triage/readiness.yml']).toMatchObject({ status: 'untouched', newlyFailing: [] })

    // The bundle, with a git on PATH that logs each command it is asked for, then runs the real one
    // (a child process: jest's process.env does not reach processes the code under test starts).
    const shim = await mkdtemp(path.join(os.tmpdir(), 'rg-git-'))
    const log = path.join(shim, 'commands.log')
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim()
    await writeFile(path.join(shim, 'git'), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${realGit}" "$@"\n`, { mode: 0o755 })
    try {
      const bundled = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], {
        cwd: repo.root,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${shim}${path.delimiter}${process.env.PATH}` }
      })
      expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(run.out))
      const commands = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
      expect(commands.filter((command) => / cat-file --batch$/.test(command))).toHaveLength(1)
      expect(commands.filter((command) => /\b(cat-file (blob|-t|-e)|ls-tree)\b/.test(command))).toEqual([])
    } finally {
      await rm(shim, { recursive: true, force: true })
    }
  })

  it("lists nothing at the base when the gate's root folder did not exist there: every system is added", async () => {
    const repo = await tempRepo({ 'README.md': '# base\n' }, { git: true })
    repos.push(repo)
    repo.git('checkout', '-q', '-b', 'feature')
    await repo.write({ 'platform/a/readiness.yml': 'system: a\nstage: pilot\n' })
    repo.git('add', '-A')
    repo.git('commit', '-q', '-m', 'new platform')
    const run = await cli(['check', '--root', 'platform', '--base', 'main', '--format', 'json', '--now', '2026-12-01'], repo.root)
    expect(run.err).toBe('')
    const report = JSON.parse(run.out) as { change: { systems: Array<{ manifest: string; status: string }> } }
    expect(report.change.systems).toEqual([expect.objectContaining({ manifest: 'a/readiness.yml', status: 'added' })])
  })
})

describe('explain', () => {
  it('lists the catalog and explains one requirement', async () => {
    const all = await cli(['explain'])
    expect(all.code).toBe(0)
    expect(all.out.split('\n').filter((l) => /^ {2}\S+\.?\S* +(pilot|staging|production) /.test(l))).toHaveLength(24)
    const one = await cli(['explain', 'drift.detection'])
    expect(one.out).toMatch(/^drift.detection — Drift detection configured\n/)
    expect(one.out).toMatch(/First required at: staging/)
    expect((await cli(['explain', 'drift'])).code).toBe(2)
  })
  it('generates docs/requirements.md exactly as committed', async () => {
    const { out } = await cli(['explain', '--markdown'])
    expect(out).toBe(await readFile(path.join(ROOT, 'docs/requirements.md'), 'utf8'))
  })
})

describe('inspect', () => {
  it('prints the normalized evidence of a known file', async () => {
    const { code, out } = await cli(['inspect', 'examples/pilot-purgatory/perf/k6-summary.json'])
    expect(code).toBe(0)
    expect(JSON.parse(out)).toMatchObject({ kind: 'load-test', tool: 'k6', requests: 12380, latencyMs: { p95: 1240.2 } })
  })
  it('exits 1 with a plain message for an unknown or unreadable file', async () => {
    const unknown = await cli(['inspect', 'package.json'])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/not in a .*format the gate reads/)
    const missing = await cli(['inspect', 'nope.json'])
    expect(missing).toMatchObject({ code: 1 })
    expect(missing.err).toMatch(/does not exist/)
  })
})

describe('help', () => {
  it.each(['check', 'init', 'explain', 'inspect'])("%s --help prints that command's usage and exits 0", async (command) => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([command, flag])
      expect(run).toMatchObject({ code: 0, err: '' })
      expect(run.out).toContain(`readiness-gate ${command} `)
    }
  })
  it('refuses init --system with a name the manifest would refuse, up front, suggesting one it accepts', async () => {
    const repo = await tempRepo()
    repos.push(repo)
    const run = await cli(['init', '--system', 'Support Bot', 'bot'], repo.root)
    expect(run.code).toBe(2)
    expect(run.err).toContain(
      '--system "Support Bot" is not a system name the manifest accepts: use letters, digits, ".", "_" and "-", starting with a letter or digit (e.g. --system support-bot)'
    )
    expect((await cli(['init', '--system', 'support-bot', 'bot'], repo.root)).code).toBe(0)
  })
  it("points a usage error at the command's own help", async () => {
    expect((await cli(['init', '--stge', 'pilot'])).err).toContain('Run `readiness-gate init --help` for usage.')
  })
})

describe('usage and policy errors exit 2', () => {
  it('for unknown commands, options and formats', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2)
    expect((await cli(['check', '--bogus'])).code).toBe(2)
    expect((await cli(['check', '--format', 'xml'])).code).toBe(2)
    expect((await cli(['check', '--now', 'someday'])).code).toBe(2)
  })
  it('for an invalid or missing policy, naming the line', async () => {
    const repo = await tempRepo({ 'bad.yml': 'stages:\n  pilot: [owner.nobody]\n', 'a/readiness.yml': 'system: a\nstage: pilot\n' })
    repos.push(repo)
    const bad = await cli(['check', '--policy', 'bad.yml', '--root', '.'], repo.root)
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/bad.yml:2 {2}`stages.pilot` names "owner.nobody"/)
    expect((await cli(['check', '--policy', 'missing.yml', '--root', '.'], repo.root)).code).toBe(2)
  })
  it('for a policy file where the gate does not read it, with a did-you-mean; the text output names the policy used', async () => {
    const repo = await tempRepo({ '.github/readiness_policy.yml': 'signers:\n  legal: ["@erin"]\n', 'a/readiness.yml': 'system: a\nstage: pilot\n' })
    repos.push(repo)
    const misplaced = await cli(['check', '--root', '.'], repo.root)
    expect(misplaced.code).toBe(2)
    expect(misplaced.err).toContain(
      '.github/readiness_policy.yml:1  There is no .github/readiness-policy.yml, but .github/readiness_policy.yml looks like a policy'
    )
    expect(misplaced.err).toContain('→ Did you mean .github/readiness-policy.yml?')
    await repo.write({ '.github/readiness_policy.yml': '' })
    await rm(path.join(repo.root, '.github/readiness_policy.yml'))
    expect((await cli(['check', '--root', '.'], repo.root)).out).toContain('\nPolicy: built-in default policy (no .github/readiness-policy.yml)\n')
    await repo.write({ '.github/readiness-policy.yaml': 'signers:\n  legal: ["@erin"]\n' })
    expect((await cli(['check', '--root', '.'], repo.root)).out).toContain('\nPolicy: .github/readiness-policy.yaml\n')
  })
  it('for a folder where the policy file belongs, in the working tree and at --base', async () => {
    const repo = await tempRepo(
      { '.github/readiness-policy.yml/README.md': 'policy goes here\n', 'a/readiness.yml': 'system: a\nstage: pilot\n' },
      { git: true }
    )
    repos.push(repo)
    for (const args of [[], ['--base', 'main']]) {
      const run = await cli(['check', '--root', '.', ...args], repo.root)
      expect(run).toMatchObject({ code: 2, out: '' })
      expect(run.err).toContain(`.github/readiness-policy.yml:1  .github/readiness-policy.yml${args.length ? ' at main (' : ' is a folder'}`)
      expect(run.err).toContain('is a folder, not a policy file')
      expect(run.err).toContain('→ Put the policy in a file at .github/readiness-policy.yml')
    }
  })
  it('for a named path, folder or glob that matches nothing, naming it; finding nothing by default passes and says so', async () => {
    const repo = await tempRepo({ 'services/bot/readiness.yml': 'system: bot\nstage: pilot\n', 'docs/x.md': '' })
    repos.push(repo)
    for (const pattern of ['services/*/readiness.yaml', 'docs', 'servces/bot/readiness.yml']) {
      const run = await cli(['check', '--root', '.', pattern], repo.root)
      expect(run).toMatchObject({ code: 2, out: '' })
      expect(run.err).toContain(`"${pattern}"`)
    }
    const empty = await tempRepo({ 'README.md': '# nothing here\n' })
    repos.push(empty)
    const none = await cli(['check', '--root', '.'], empty.root)
    expect(none.code).toBe(0)
    expect(none.out).toContain('No readiness manifest found: nothing to gate.')
  })
})

describe('check --base', () => {
  it('says how to fetch a ref a shallow clone does not have', async () => {
    expect(missingRefAdvice('origin/main', true)).toBe(
      '--base "origin/main" is not in this clone, which is shallow (it holds only the commits it fetched). Fetch it first: git fetch --no-tags origin main:refs/remotes/origin/main'
    )
    const repo = await tempRepo({ 'a.txt': 'a\n' }, { git: true })
    repos.push(repo)
    const { code, err } = await cli(['check', '--base', 'origin/nope'], repo.root)
    expect(code).toBe(2)
    expect(err).toContain(
      '--base "origin/nope" is not a commit in this repository. If it is on the remote, fetch it first: git fetch --no-tags origin nope:refs/remotes/origin/nope'
    )
  })
})
