// Behaviour pinned byte for byte: the reports on examples/, what `inspect` reads from every evidence
// fixture and every real sample, `explain` and the `init` skeletons, with the clock pinned. Written
// before the requirement catalog was restructured (issue #9) so that a move of code that should not
// change behaviour is proven not to. An intended change in output regenerates the files with
// UPDATE_GOLDEN=1 and says why in its commit message.
import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parse, stringify } from 'yaml'
import { runCli } from '../../src/cli/main.js'
import { runGate } from '../../src/gate.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import { OFFLINE_TRUST } from '../../src/trust/types.js'
import { hasSamples, itSample, SAMPLES } from '../support/samples.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const GOLDEN = path.join(import.meta.dirname, 'golden')
const FIXTURES = path.join(ROOT, '__tests__/fixtures/evidence')
const CORPUS = path.join(ROOT, '__tests__/adversarial/corpus')
const NOW = new Date('2026-12-01T12:00:00Z')
const update = process.env.UPDATE_GOLDEN === '1'

interface Run {
  code: number
  out: string
  err: string
}

async function cli(args: string[], cwd = ROOT): Promise<Run> {
  let out = ''
  let err = ''
  const code = await runCli(args, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t), color: false, now: NOW })
  return { code, out, err }
}

function listFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const rel = dir ? `${dir}/${entry.name}` : entry.name
      return entry.isDirectory() ? listFiles(root, rel) : [rel]
    })
}

/** Runs each case in order and compares the whole record with the golden file, byte for byte. */
async function expectGolden(name: string, cases: [string, () => Promise<Run>][]): Promise<void> {
  const record: Record<string, Run> = {}
  for (const [label, run] of cases) record[label] = await run()
  const actual = `${JSON.stringify(record, null, 2)}\n`
  const file = path.join(GOLDEN, `${name}.json`)
  if (update) {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, actual)
  }
  expect(existsSync(file)).toBe(true)
  // Compared as strings so a difference shows as a diff of the report text.
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

const temps: string[] = []
afterAll(async () => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))))

describe('golden behaviour', () => {
  it('checks examples/ to the same report, in every format', async () => {
    const targets = ['examples', 'examples/pilot-purgatory', 'examples/production-ready']
    const formats = ['json', 'text', 'markdown', 'sarif']
    await expectGolden(
      'examples',
      targets.flatMap((target) =>
        formats.map((format): [string, () => Promise<Run>] => [`${target} ${format}`, () => cli(['check', target, '--format', format, '--now', '2026-12-01'])])
      )
    )
  })

  it('checks the hostile manifests of the adversarial corpus to the same report', async () => {
    const manifests = listFiles(CORPUS).filter((f) => f.endsWith('readiness.yml'))
    expect(manifests.length).toBeGreaterThan(0)
    await expectGolden(
      'adversarial-manifests',
      manifests.map((f): [string, () => Promise<Run>] => [
        f,
        () => cli(['check', path.relative(ROOT, path.join(CORPUS, f)), '--format', 'json', '--now', '2026-12-01'])
      ])
    )
  })

  it('explains the same catalog and writes the same init skeletons', async () => {
    const ids = (await cli(['explain'])).out
      .split('\n')
      .map((line) => /^ {2}(\S+) {2}/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined)
    // Every requirement and every problem.
    expect(ids.length).toBe(24 + 13)
    const init = (stage: string) => async (): Promise<Run> => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'rg-golden-init-'))
      temps.push(dir)
      const run = await cli(['init', '--stage', stage, '--system', 'golden-system', dir])
      return { code: run.code, out: await readFile(path.join(dir, 'readiness.yml'), 'utf8'), err: run.err }
    }
    await expectGolden('catalog', [
      ['explain', () => cli(['explain'])],
      ['explain --markdown', () => cli(['explain', '--markdown'])],
      ...ids.map((id): [string, () => Promise<Run>] => [`explain ${id}`, () => cli(['explain', id])]),
      ...['pilot', 'staging', 'production'].map((stage): [string, () => Promise<Run>] => [`init --stage ${stage}`, init(stage)])
    ])
  })

  it('inspects every evidence fixture to the same evidence', async () => {
    const files = listFiles(FIXTURES).filter((f) => !f.endsWith('README.md'))
    expect(files.length).toBeGreaterThan(40)
    await expectGolden(
      'fixtures-inspect',
      files.map((f): [string, () => Promise<Run>] => [f, () => cli(['inspect', path.join(FIXTURES, f)])])
    )
  })

  itSample(
    'evaluates every fixture and sample as each evidence it could be to the same findings',
    async () => {
      // The production-ready example with one evidence entry swapped for the file: the requirement's
      // findings show what each evaluator makes of every real and hand-written file it may be given.
      const work = path.join(ROOT, '.tmp', 'golden-evaluators')
      await rm(work, { recursive: true, force: true })
      await cp(path.join(ROOT, 'examples/production-ready'), work, { recursive: true })
      await cp(FIXTURES, path.join(work, 'fixtures'), { recursive: true })
      await cp(SAMPLES, path.join(work, 'samples'), { recursive: true })
      temps.push(work)
      const example = parse(await readFile(path.join(work, 'readiness.yml'), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>
      const loadTest = ['artillery', 'autocannon', 'gatling', 'jmeter', 'k6', 'locust']
      const entries: { rule: string; key: string[]; folders: string[] }[] = [
        { rule: 'load.production-volume', key: ['evidence', 'load-test'], folders: loadTest },
        { rule: 'data.edge-cases', key: ['evidence', 'edge-cases'], folders: ['junit'] },
        { rule: 'integration.tested', key: ['evidence', 'integration-tests'], folders: ['junit'] },
        { rule: 'resilience.fallback', key: ['resilience', 'tests'], folders: ['junit'] },
        { rule: 'monitoring.output-quality', key: ['evidence', 'monitoring'], folders: ['monitoring', 'drift'] },
        { rule: 'drift.detection', key: ['evidence', 'drift'], folders: ['monitoring', 'drift'] },
        { rule: 'data.production-evaluation', key: ['evidence', 'evaluation'], folders: ['evaluation', 'hf-model-card', 'fairness', 'llm'] },
        { rule: 'fairness.evaluation', key: ['evidence', 'fairness'], folders: ['evaluation', 'hf-model-card', 'fairness', 'llm'] },
        { rule: 'security.adversarial', key: ['evidence', 'red-team'], folders: ['llm', 'promptfoo', 'junit'] }
      ]
      const policy = { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, maxEvidenceAgeDays: 365 * 100 } }
      const files = ['fixtures', 'samples'].flatMap((top) => listFiles(path.join(work, top)).map((f) => `${top}/${f}`))
      const cases: [string, () => Promise<Run>][] = []
      let n = 0
      for (const entry of entries) {
        for (const file of files.filter((f) => entry.folders.includes(f.split('/')[1]!) && !f.endsWith('README.md'))) {
          const name = `case-${n++}.readiness.yml`
          cases.push([
            `${entry.rule} ${file}`,
            async () => {
              const manifest = structuredClone(example)
              manifest[entry.key[0]!]![entry.key[1]!] = { ...manifest[entry.key[0]!]![entry.key[1]!], file, date: '2026-11-20' }
              await writeFile(path.join(work, name), stringify(manifest))
              const report = await runGate({
                root: ROOT,
                manifests: [path.relative(ROOT, path.join(work, name))],
                policy,
                policySource: 'golden',
                now: NOW,
                trust: OFFLINE_TRUST
              })
              const findings = report.systems[0]!.findings.filter((finding) => finding.rule === entry.rule)
              return { code: report.passed ? 0 : 1, out: JSON.stringify(findings, null, 1), err: '' }
            }
          ])
        }
      }
      expect(cases.length).toBeGreaterThan(100)
      await expectGolden('evaluators', cases)
      // About 360 whole-system evaluations, each reading the example's 1 MB promptfoo eval: about a minute
      // alone on a 2-core machine, several under load, past the default 30 s.
    },
    300_000
  )

  itSample('inspects every real sample to the same evidence', async () => {
    expect(hasSamples).toBe(true)
    const files = listFiles(SAMPLES).filter((f) => !f.endsWith('.md') || f.startsWith('hf-model-card/'))
    await expectGolden(
      'samples-inspect',
      files.map((f): [string, () => Promise<Run>] => [f, () => cli(['inspect', path.join(SAMPLES, f)])])
    )
  })
})
