// Every 0–1 fraction of the manifest and the policy: a percentage or a fraction below 1, never a
// guessed unit. A bare `error-rate: 1` meant as 1% would have been a 100% error budget.
import { describe, expect, it } from '@jest/globals'
import { cp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'
import { tempRepo } from '../support/temp-repo.js'
import { parseManifest } from '../../src/manifest/load.js'
import { parsePolicy } from '../../src/policy/load.js'
import { parseFraction } from '../../src/schema/fraction.js'

describe('parseFraction', () => {
  it.each([
    [0, 0],
    [0.01, 0.01],
    [0.999, 0.999],
    ['1%', 0.01],
    [' 0.5 % ', 0.005],
    ['100%', 1],
    ['.5%', 0.005]
  ])('reads %p as %p', (written, fraction) => {
    expect(parseFraction(written, 'x')).toEqual({ ok: true, value: fraction })
  })
  it.each([
    [
      1,
      '`x` is 1, which as a fraction means 100%; write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%"): if you meant 1%, write "1%" or 0.01'
    ],
    [
      5,
      '`x` is 5, which as a fraction means 500%; write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%"): if you meant 5%, write "5%" or 0.05'
    ],
    [-0.1, '`x` cannot be negative (-0.1); write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%")'],
    ['150%', '`x` is 150%, over 100%'],
    ['one percent', '`x` must be a fraction or a percentage, not "one percent"; write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%")'],
    ['0.01', '`x` must be a fraction or a percentage, not "0.01"; write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%")']
  ])('refuses %p, saying the unit', (written, message) => {
    expect(parseFraction(written, 'x')).toEqual({ ok: false, message })
  })
})

describe('in the manifest', () => {
  const manifest = (errorRate: string): string => `system: a\nstage: staging\nevidence:\n  slo:\n    p95-ms: 800\n    error-rate: ${errorRate}\n`
  it('refuses `evidence.slo.error-rate: 1` at its line, with one sentence naming the unit', () => {
    const loaded = parseManifest('/repo', 'a/readiness.yml', manifest('1'))
    expect(loaded.problems).toEqual([
      expect.objectContaining({
        rule: 'manifest.schema',
        line: 6,
        message:
          '`evidence.slo.error-rate` is 1, which as a fraction means 100%; write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%"): if you meant 1%, write "1%" or 0.01.'
      })
    ])
  })
  it('reads "1%" as the fraction 0.01', () => {
    const loaded = parseManifest('/repo', 'a/readiness.yml', manifest('"1%"'))
    expect(loaded.problems).toEqual([])
    expect(loaded.data?.evidence?.slo?.['error-rate']).toBe(0.01)
  })
  it('judges the load test against the percentage as written', async () => {
    const repo = await tempRepo()
    await cp(path.resolve(import.meta.dirname, '../../examples/production-ready'), repo.root, { recursive: true })
    const check = async (errorRate: string): Promise<string> => {
      const manifest = (await readFile(path.join(repo.root, 'readiness.yml'), 'utf8')).replace(/error-rate: .*/, `error-rate: ${errorRate}`)
      await writeFile(path.join(repo.root, 'readiness.yml'), manifest)
      let out = ''
      await runCli(['check', '--root', '.', '--format', 'json', '--now', '2026-11-22'], {
        cwd: repo.root,
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
        color: false,
        now: new Date()
      })
      const report = JSON.parse(out) as { systems: { findings: { rule: string; status: string; message: string }[] }[] }
      const finding = report.systems[0]!.findings.find((f) => f.rule === 'load.production-volume')!
      return `${finding.status}: ${finding.message}`
    }
    expect(await check('"1%"')).toMatch(/^pass: .*≤ 1%/)
    expect(await check('"0.01%"')).toMatch(/^fail: .*error rate [\d.]+% > budget 0%/)
    expect(await check('1')).toMatch(/^fail: .*`evidence.slo.error-rate`/)
    await repo.remove()
  })
})

describe('in the policy', () => {
  it('refuses `thresholds.max-fairness-disparity: 5` and reads "5%"', () => {
    const bare = parsePolicy('thresholds:\n  max-fairness-disparity: 5\n', 'p.yml')
    expect(bare.ok).toBe(false)
    if (!bare.ok)
      expect(bare.errors.map((e) => [e.line, e.message])).toEqual([
        [
          2,
          '`thresholds.max-fairness-disparity` is 5, which as a fraction means 500%; write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%"): if you meant 5%, write "5%" or 0.05.'
        ]
      ])
    const percent = parsePolicy('thresholds:\n  max-fairness-disparity: "5%"\n', 'p.yml')
    expect(percent.ok && percent.policy.thresholds.maxFairnessDisparity).toBe(0.05)
  })
})
