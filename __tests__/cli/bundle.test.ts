// The bundled CLI as a user runs it: dist/cli.js (built by `npm run build`, which .ci/run does first).
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'
import { REINSTALL_FIX } from '../../src/schema/validate.js'
import { tempRepo } from '../support/temp-repo.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const CLI = path.join(ROOT, 'dist/cli.js')

/** The passing example passes with the CLI of this dist/ folder, saying nothing on stderr. */
function expectExamplePasses(dist: string): void {
  const run = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', 'examples/production-ready', '--now', '2026-11-22'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  expect([run.status, run.stderr]).toEqual([0, ''])
}

describe('dist/cli.js', () => {
  it('is built (run `npm run build`)', () => {
    expect(existsSync(CLI)).toBe(true)
  })

  it('is ASCII text, every chunk too, so V8 scans it as one-byte text (scripts/build.mjs escapes the rest)', () => {
    const bundles = readdirSync(path.join(ROOT, 'dist')).filter((name) => name.endsWith('.js'))
    expect(bundles).toEqual(expect.arrayContaining(['cli.js', 'index.js']))
    for (const name of bundles) expect([name, /[^\x00-\x7f]/.test(readFileSync(path.join(ROOT, 'dist', name), 'latin1'))]).toEqual([name, false])
  })

  it('stops quietly when the reader closes the pipe early', async () => {
    // Far more output than a pipe buffer holds, so the CLI is still writing when `head` exits.
    const manifest = await readFile(path.join(ROOT, 'examples/pilot-purgatory/readiness.yml'), 'utf8')
    const files: Record<string, string> = {}
    for (let i = 0; i < 40; i++) files[`s${i}/readiness.yml`] = manifest.replace('system: invoice-extractor', `system: system-${i}`)
    const repo = await tempRepo(files)
    const run = spawnSync('bash', ['-c', `node "${CLI}" check --root . --format json | head -c 100 >/dev/null; echo "cli=\${PIPESTATUS[0]}"`], {
      cwd: repo.root,
      encoding: 'utf8'
    })
    await repo.remove()
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('cli=1\n')
  })

  it('writes the report to a pipe and to a file as the CLI writes it in process, loading no stream, zlib, net, tty or fs/promises module', async () => {
    // A pipe or file is written with write(2) (src/cli/stdout.ts), and a one-system check reads every
    // file whole (src/fs/builtins.ts): Node's stream modules cost 45-60 M instructions to load. Files are
    // read through node:fs's callbacks (src/fs/callback-fs.ts): node:fs/promises costs 18-26 M.
    const folder = await mkdtemp(path.join(os.tmpdir(), 'rg-bundle-'))
    const preload = path.join(folder, 'modules.cjs')
    await writeFile(
      preload,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(path.join(folder, 'modules.txt'))}, process.moduleLoadList.join('\\n')))\n`
    )
    const args = ['--require', preload, CLI, 'check', 'examples/production-ready', '--now', '2026-11-22']
    try {
      const piped = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })
      expect([piped.status, piped.stderr]).toEqual([0, ''])
      const loaded = (await readFile(path.join(folder, 'modules.txt'), 'utf8')).split('\n')
      expect(loaded).toContain('NativeModule fs')
      expect(loaded.filter((name) => /^NativeModule (?:stream|zlib|net|tty|fs\/promises)$/.test(name))).toEqual([])
      const fd = openSync(path.join(folder, 'out.txt'), 'w')
      const toFile = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' })
      closeSync(fd)
      expect([toFile.status, toFile.stderr]).toEqual([0, ''])
      let inProcess = ''
      const code = await runCli(['check', 'examples/production-ready', '--now', '2026-11-22'], {
        cwd: ROOT,
        stdout: (text) => (inProcess += text),
        stderr: (text) => (inProcess += `stderr: ${text}`),
        color: false,
        now: new Date('2026-11-22T00:00:00Z')
      })
      expect(code).toBe(0)
      expect(piped.stdout).toBe(inProcess)
      expect(await readFile(path.join(folder, 'out.txt'), 'utf8')).toBe(inProcess)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('reads a gzip file through node:stream and node:zlib, which it requires on first use (src/fs/builtins.ts)', () => {
    // The bundler must leave that require working: webpack replaces a createRequire(import.meta.url) it recognises with undefined.
    const file = '__tests__/fixtures/evidence/k6/out.pass.ndjson.gz'
    const bundled = spawnSync(process.execPath, [CLI, 'inspect', file], { cwd: ROOT, encoding: 'utf8' })
    expect([bundled.status, bundled.stderr]).toEqual([0, ''])
    expect(JSON.parse(bundled.stdout)).toMatchObject({ kind: 'load-test', format: 'k6-ndjson' })
  })

  it('loads the full validators (dist/validators-full.cjs) only for a document the quick ones refuse', async () => {
    const manifest = await readFile(path.join(ROOT, 'examples/production-ready/readiness.yml'), 'utf8')
    const repo = await tempRepo({
      // A preload that lists, at exit, the CommonJS files the process loaded from dist/.
      'loaded.cjs': `process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify(Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(path.join(ROOT, 'dist'))}))) + '\\n'))\n`,
      'typo/readiness.yml': manifest.replace('\n  load-test:', '\n  load-tset:')
    })
    const run = (cwd: string, target: string) =>
      spawnSync(process.execPath, ['--require', path.join(repo.root, 'loaded.cjs'), CLI, 'check', target, '--now', '2026-11-22'], { cwd, encoding: 'utf8' })
    try {
      const passing = run(ROOT, 'examples/production-ready')
      expect(passing.status).toBe(0)
      expect(passing.stderr).toBe('loaded: []\n')
      const refused = run(repo.root, 'typo')
      expect(refused.stdout).toContain('`evidence.load-tset` is not a known key (did you mean `load-test`?).')
      expect(refused.stderr).toBe(`loaded: ${JSON.stringify([path.join(ROOT, 'dist/validators-full.cjs')])}\n`)
    } finally {
      await repo.remove()
    }
  })

  it('refuses a document in a plain sentence when dist/validators-full.cjs is missing (an incomplete install): no pass, no crash', async () => {
    const manifest = await readFile(path.join(ROOT, 'examples/production-ready/readiness.yml'), 'utf8')
    const repo = await tempRepo({ 'typo/readiness.yml': manifest.replace('\n  load-test:', '\n  load-tset:') })
    // The bundles and their chunks as installed, less the full validators.
    const dist = path.join(repo.root, 'install/dist')
    await cp(path.join(ROOT, 'dist'), dist, { recursive: true })
    await rm(path.join(dist, 'validators-full.cjs'))
    try {
      const run = (target: string) =>
        spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', target, '--now', '2026-11-22'], { cwd: repo.root, encoding: 'utf8' })
      const refused = run('typo')
      expect(refused.stderr).toBe('')
      expect(refused.status).toBe(1)
      expect(refused.stdout).toContain(
        `The document does not match its schema, and the gate cannot say where: its file validators-full.cjs is missing from ${dist}, so this install of readiness-gate is incomplete. Reinstall it (npm install readiness-gate, or the action at a published tag).`
      )
      expect(refused.stdout).toMatch(/✗ typo\/readiness\.yml:\d+:\d+ {2}manifest\.schema\n {6}The document does not match its schema/)
      // The fix is to reinstall, not to edit the manifest.
      expect(refused.stdout).toContain(`\n      fix: ${REINSTALL_FIX}\n`)
      expect(refused.stdout).not.toContain('What each key takes')
      // The same for a policy the quick validator refuses: unusable, exit 2, and the fix is the reinstall.
      await writeFile(path.join(repo.root, 'policy.yml'), 'signers:\n  legal: ["@erin"]\nmin-runbok-steps: 3\n')
      const policy = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', 'typo', '--policy', 'policy.yml', '--now', '2026-11-22'], {
        cwd: repo.root,
        encoding: 'utf8'
      })
      expect(policy.status).toBe(2)
      expect(policy.stderr).toContain(`policy.yml:1  The document does not match its schema, and the gate cannot say where`)
      expect(policy.stderr).toContain(`→ ${REINSTALL_FIX}`)
      // A document the quick validators accept never needs the file.
      expectExamplePasses(dist)
    } finally {
      await repo.remove()
    }
  })

  it('loads the yaml package (dist/yaml.cjs) only for YAML the plain block reader gives up on', async () => {
    const manifest = await readFile(path.join(ROOT, 'examples/production-ready/readiness.yml'), 'utf8')
    const repo = await tempRepo({
      'loaded.cjs': `process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify(Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(path.join(ROOT, 'dist'))}))) + '\\n'))\n`,
      // A block scalar: the plain block reader gives up on it, so the yaml package reads this manifest.
      'folded/readiness.yml': manifest.replace(/^description: (.*)$/m, 'description: >\n  $1')
    })
    try {
      expect(await readFile(path.join(repo.root, 'folded/readiness.yml'), 'utf8')).toContain('description: >\n  Routes')
      const run = spawnSync(
        process.execPath,
        ['--require', path.join(repo.root, 'loaded.cjs'), CLI, 'check', 'folded', '--now', '2026-11-22', '--format', 'json'],
        {
          cwd: repo.root,
          encoding: 'utf8'
        }
      )
      const report = JSON.parse(run.stdout) as { systems: { name: string }[] }
      expect(report.systems.map((system) => system.name)).toEqual(['support-triage'])
      expect(run.stderr).toBe(`loaded: ${JSON.stringify([path.join(ROOT, 'dist/yaml.cjs')])}\n`)
    } finally {
      await repo.remove()
    }
  })

  it('refuses YAML that needs the yaml package in a plain sentence when dist/yaml.cjs is missing (an incomplete install): no pass, no crash', async () => {
    const manifest = await readFile(path.join(ROOT, 'examples/production-ready/readiness.yml'), 'utf8')
    const repo = await tempRepo({ 'folded/readiness.yml': manifest.replace(/^description: (.*)$/m, 'description: >\n  $1') })
    const dist = path.join(repo.root, 'install/dist')
    await cp(path.join(ROOT, 'dist'), dist, { recursive: true })
    await rm(path.join(dist, 'yaml.cjs'))
    try {
      const refused = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', 'folded', '--now', '2026-11-22'], { cwd: repo.root, encoding: 'utf8' })
      expect(refused.stderr).toBe('')
      expect(refused.status).toBe(1)
      expect(refused.stdout).toContain(
        `cannot be read: its file yaml.cjs is missing from ${dist}, so this install of readiness-gate is incomplete. Reinstall it (npm install readiness-gate, or the action at a published tag).`
      )
      // Plain block YAML never needs the file.
      expectExamplePasses(dist)
    } finally {
      await repo.remove()
    }
  })

  it('refuses to raise a stage in a plain sentence when dist/yaml.cjs is missing, and leaves the manifest as it was', async () => {
    const manifest = (await readFile(path.join(ROOT, 'examples/pilot-purgatory/readiness.yml'), 'utf8')).replace(/^stage: production$/m, 'stage: pilot')
    const repo = await tempRepo({ 'bot/readiness.yml': manifest })
    const dist = path.join(repo.root, 'install/dist')
    await cp(path.join(ROOT, 'dist'), dist, { recursive: true })
    await rm(path.join(dist, 'yaml.cjs'))
    try {
      // init edits YAML keeping every comment: that is the yaml package's work, plain block or not.
      const refused = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'init', '--stage', 'staging', 'bot'], { cwd: repo.root, encoding: 'utf8' })
      expect(refused.status).toBe(2)
      expect(refused.stdout).toBe('')
      expect(refused.stderr).toBe(
        `readiness-gate: bot/readiness.yml cannot be raised to staging: its file yaml.cjs is missing from ${dist}, so this install of readiness-gate is incomplete. Reinstall it (npm install readiness-gate, or the action at a published tag).\n`
      )
      expect(await readFile(path.join(repo.root, 'bot/readiness.yml'), 'utf8')).toBe(manifest)
    } finally {
      await repo.remove()
    }
  })

  it('reads TOML through its own chunk, and refuses it in a plain sentence when that chunk is missing (an incomplete install): no pass, no crash', async () => {
    // smol-toml is a chunk of its own (src/evidence/parsers/drift.ts), loaded on the first TOML file only.
    const toml = readdirSync(path.join(ROOT, 'dist')).filter(
      (name) => name.endsWith('.cli.js') && readFileSync(path.join(ROOT, 'dist', name), 'latin1').includes('TomlError')
    )
    expect(toml).toHaveLength(1)
    expect(readFileSync(CLI, 'latin1')).not.toContain('class TomlError')
    const manifest = await readFile(path.join(ROOT, 'examples/production-ready/readiness.yml'), 'utf8')
    const repo = await tempRepo({ 'placeholder.txt': '' })
    await cp(path.join(ROOT, 'examples/production-ready'), path.join(repo.root, 'sys'), { recursive: true })
    await cp(path.join(ROOT, '__tests__/fixtures/evidence/drift/alibi-detect-config.mmd-online.toml'), path.join(repo.root, 'sys/monitoring/drift.toml'))
    await writeFile(path.join(repo.root, 'sys/readiness.yml'), manifest.replace('file: monitoring/drift.yml', 'file: monitoring/drift.toml'))
    const dist = path.join(repo.root, 'install/dist')
    await cp(path.join(ROOT, 'dist'), dist, { recursive: true })
    await rm(path.join(dist, toml[0]!))
    const sentence = /drift\.toml" cannot be read: the TOML reader could not be loaded \(.*\), so this install of readiness-gate is incomplete\. Reinstall it/
    try {
      const check = (cli: string) => spawnSync(process.execPath, [cli, 'check', 'sys', '--now', '2026-11-22'], { cwd: repo.root, encoding: 'utf8' })
      const complete = check(CLI)
      expect(complete.stderr).toBe('')
      expect(complete.stdout).not.toMatch(sentence)
      const read = spawnSync(process.execPath, [CLI, 'inspect', 'sys/monitoring/drift.toml'], { cwd: repo.root, encoding: 'utf8' })
      expect([read.status, read.stderr, (JSON.parse(read.stdout) as { format: string }).format]).toEqual([0, '', 'alibi-detect-config'])
      const refused = check(path.join(dist, 'cli.js'))
      expect([refused.status, refused.stderr]).toEqual([1, ''])
      expect(refused.stdout).toMatch(sentence)
      const inspected = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'inspect', 'sys/monitoring/drift.toml'], { cwd: repo.root, encoding: 'utf8' })
      expect([inspected.status, inspected.stdout]).toEqual([1, ''])
      expect(inspected.stderr).toMatch(sentence)
      expect(inspected.stderr).not.toMatch(/\n\s+at /)
      expectExamplePasses(dist)
    } finally {
      await repo.remove()
    }
  })

  it('runs check on the examples with the exit code of the verdict', () => {
    const run = spawnSync(process.execPath, [CLI, 'check', 'examples', '--now', '2026-11-22'], { cwd: ROOT, encoding: 'utf8' })
    expect(run.status).toBe(1)
    expect(run.stdout.trim().split('\n').at(-1)).toBe('2 of 3 systems ready — the gate fails.')
  })
})
