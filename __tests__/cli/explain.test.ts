// `explain` knows every rule id a finding can carry: the catalog's requirements and the problems. The ids
// the code can emit are read from the source (every `rule:` it writes), and from the reports the real CLI
// wrote for the examples and the adversarial corpus (the golden files), so a new id without an
// explanation fails here.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'
import { CATALOG } from '../../src/evaluate/catalog.js'
import { PROBLEMS } from '../../src/report/problems.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { cwd: ROOT, stdout: (t) => (out += t), stderr: (t) => (err += t), color: false, now: new Date('2026-12-01T12:00:00Z') })
  return { code, out, err }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : []
  })
}

/** Every rule id the source writes into a finding: `rule: 'id'` and the two helpers that take one. */
function emittedIds(): { ids: Set<string>; computed: string[] } {
  const ids = new Set<string>()
  const computed: string[] = []
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/\brule: ([^,});\n]+)/g)) {
      const literal = /^'([^']+)'$/.exec(match[1]!.trim())
      if (literal) ids.add(literal[1]!)
      // A rule that is not a literal must come from the catalog (a requirement's id) or be a type.
      else computed.push(`${path.relative(ROOT, file)}: rule: ${match[1]!.trim()}`)
    }
    for (const match of text.matchAll(/\bunusable\([^,]+,[^,]+, '([^']+)'/g)) ids.add(match[1]!)
    for (const match of text.matchAll(/\brunProblem\('([^']+)'/g)) ids.add(match[1]!)
  }
  return { ids, computed }
}

/** Rule ids in the reports the real CLI wrote (golden files). */
function reportedIds(): Set<string> {
  const ids = new Set<string>()
  for (const name of ['examples.json', 'adversarial-manifests.json']) {
    const text = readFileSync(path.join(ROOT, '__tests__/cli/golden', name), 'utf8')
    for (const match of text.matchAll(/\\"rule\\": \\"([^"\\]+)\\"/g)) ids.add(match[1]!)
  }
  return ids
}

describe('explain knows every rule id a finding can carry', () => {
  const { ids, computed } = emittedIds()

  it('finds the ids the code emits, and only catalog ids are computed', () => {
    // The literals found include the problems of every layer, from the manifest to the action.
    for (const id of [
      'manifest.parse',
      'manifest.schema',
      'manifest.file',
      'manifest.missing',
      'waiver.invalid',
      'system.removed',
      'policy.invalid',
      'policy.changed',
      'gate.error',
      'deploy.stage',
      'stage.lowered'
    ])
      expect(ids).toContain(id)
    const allowed = /: rule: (string|ProblemId|Record<string|requirement\.id|owner\.id|notice\.rule|finding\.rule)$/
    expect(computed.filter((line) => !allowed.test(line))).toEqual([])
  })

  it('every emitted, reported, requirement and problem id is explained, as what it is', async () => {
    const reported = reportedIds()
    expect(reported.size).toBeGreaterThan(20)
    const all = new Set([...ids, ...reported, ...CATALOG.map((r) => r.id), ...Object.keys(PROBLEMS)])
    for (const id of all) {
      const run = await cli(['explain', id])
      expect({ id, code: run.code, err: run.err }).toEqual({ id, code: 0, err: '' })
      expect(run.out.startsWith(`${id} — `)).toBe(true)
      expect(run.out).toMatch(/How to fix: +\S/)
      expect(run.out).toMatch(/More: https:\/\/github\.com\/readiness-gate\/readiness-gate\/blob\/v\d+\.\d+\.\d+\/docs\/[a-z-]+\.md/)
    }
    // Problems are told as problems, with what they mean; nothing in the table goes unused.
    for (const id of Object.keys(PROBLEMS)) {
      expect((await cli(['explain', id])).out).toMatch(/not a requirement\)\n\nWhat it means: /)
      expect(ids).toContain(id)
    }
  })

  it('lists the problems beside the requirements', async () => {
    const { out } = await cli(['explain'])
    for (const id of Object.keys(PROBLEMS)) expect(out).toMatch(new RegExp(`^ {2}${id.replace(/\./g, '\\.')} +\\S`, 'm'))
  })

  it("shows a requirement's YAML as init writes it, and where its docs are", async () => {
    const { out } = await cli(['explain', 'load.production-volume'])
    expect(out).toContain('  evidence:\n    load-test:\n      file:                 # k6, Locust, JMeter, Gatling, Artillery or autocannon result\n    slo:\n')
    expect(out).toContain('/docs/requirements.md#loadproduction-volume\n')
  })

  it('says where a requirement that reads two manifest keys is declared, and shows both as init writes them', async () => {
    const { out } = await cli(['explain', 'incident.runbooks'])
    expect(out).toContain('Declared at:       evidence.monitoring and evidence.drift\n')
    expect(out).toContain(
      '  evidence:\n    monitoring:\n      file:                 # alert rules; each output-quality alert links a runbook with steps (annotations: runbook_url: <path>)\n    drift:\n      file: '
    )
    expect((await cli(['explain', 'drift.detection'])).out).toContain('Declared at:       evidence.drift\n')
    const markdown = (await cli(['explain', '--markdown'])).out
    expect(markdown).toContain('first required at **production**; declared at `evidence.monitoring` and `evidence.drift`.')
    expect(markdown).toContain('declared at `evidence.drift`.')
  })

  it.each([
    ['waiver.invald', 'Did you mean `waiver.invalid`?'],
    ['load.production-volum', 'Did you mean `load.production-volume`?'],
    ['drift', 'Did you mean `drift.detection`?'],
    ['signoff', 'Did you mean `signoff.legal` or `signoff.security`?']
  ])('an unknown id (%s) gets a did-you-mean and exit 2', async (id, advice) => {
    const run = await cli(['explain', id])
    expect(run.code).toBe(2)
    expect(run.out).toBe('')
    expect(run.err).toContain(`no rule "${id}". ${advice}`)
  })

  it('an id close to nothing says where the list is', async () => {
    const run = await cli(['explain', 'zzz'])
    expect(run.code).toBe(2)
    expect(run.err).toContain('no rule "zzz". `readiness-gate explain` lists every id.')
  })
})
