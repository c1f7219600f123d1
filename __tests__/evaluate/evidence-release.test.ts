// The run's evidence cache lets go of a file only one system asked for once that system is done
// (src/evaluate/context.ts, docs/performance.md round eleven). Held to: the whole report of multi-system
// runs is the same, byte for byte, as with every file kept for the run; a file let go and asked again
// is read again, as a fresh cache reads it; and a run over a base commit reads it again from the base.
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { compareWithBase } from '../../src/change/compare.js'
import { EvidenceCache, type SystemEvidence } from '../../src/evaluate/context.js'
import { runGate, type GateInput } from '../../src/gate.js'
import { parsePolicy } from '../../src/policy/load.js'
import type { Policy } from '../../src/policy/types.js'
import type { Report } from '../../src/report/types.js'
import { OFFLINE_TRUST } from '../../src/trust/types.js'
import { hasSamples, SAMPLES } from '../support/samples.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

const PROJECT = join(import.meta.dirname, '../..')
const NOW = new Date('2026-11-22T12:00:00Z')
const EXAMPLES = ['production-ready', 'llm-support-bot', 'pilot-purgatory']

const repos: TempRepo[] = []
afterEach(async () => {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()))
})

function examplesPolicy(): Policy {
  const result = parsePolicy(readFileSync(join(PROJECT, '.github/readiness-policy.yml'), 'utf8'), '.github/readiness-policy.yml')
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.policy
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))

function seeded(seed: number): () => number {
  let state = seed
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % 1_000_003) / 1_000_003
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!

/** Every cache runGate makes, and the views it hands its systems, seen through EvidenceCache.prototype.forSystem. */
function watchCaches(keepAll: boolean): { caches: Set<EvidenceCache>; releases: { cache: EvidenceCache; held: string[] }[]; restore: () => void } {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was
  const original = EvidenceCache.prototype.forSystem
  const caches = new Set<EvidenceCache>()
  const releases: { cache: EvidenceCache; held: string[] }[] = []
  EvidenceCache.prototype.forSystem = function (this: EvidenceCache): SystemEvidence {
    caches.add(this)
    const view = original.call(this)
    const release = (): void => {
      if (!keepAll) view.release()
      releases.push({ cache: this, held: this.held() })
    }
    return { ...view, release }
  }
  return { caches, releases, restore: () => void (EvidenceCache.prototype.forSystem = original) }
}

async function gateRun(input: GateInput, keepAll: boolean): Promise<{ report: string; held: number }> {
  const watch = watchCaches(keepAll)
  try {
    const report = await runGate(input)
    return { report: JSON.stringify(report, null, 1), held: [...watch.caches].reduce((sum, cache) => sum + cache.held().length, 0) }
  } finally {
    watch.restore()
  }
}

/**
 * A monorepo of copies of the examples whose evidence links are, at random: the system's own file,
 * the same file of another system (so a file is shared by systems near or far apart in the run), a
 * real tool's file from the samples or a fixture, or one of two symlinks to one file.
 */
async function randomMonorepo(seed: number, systems: number): Promise<TempRepo> {
  const random = seeded(seed)
  const files: Record<string, string | Buffer> = {}
  const pool: string[] = []
  const candidates = [
    ...filesUnder(join(PROJECT, '__tests__/fixtures/evidence')),
    ...(hasSamples ? filesUnder(SAMPLES).filter((file) => !/\.md$/.test(file) && statSync(file).size < 400_000) : [])
  ]
  for (let index = 0; index < 24; index++) {
    const file = pick(random, candidates)
    const name = `pool/${index}-${file.split('/').pop()!}`
    files[name] = readFileSync(file)
    pool.push(name)
  }
  const names = Array.from({ length: systems }, (_, index) => `sys-${String(index).padStart(2, '0')}`)
  const templates = names.map(() => pick(random, EXAMPLES))
  for (const [index, name] of names.entries()) {
    const dir = join(PROJECT, 'examples', templates[index]!)
    for (const file of filesUnder(dir)) {
      const rel = relative(dir, file)
      if (rel === 'readiness.yml') continue
      files[`systems/${name}/${rel}`] = readFileSync(file)
    }
    const manifest = readFileSync(join(dir, 'readiness.yml'), 'utf8')
      .replace(/^system: .*$/m, `system: ${name}`)
      .replace(/^(\s+file: )(\S+)/gm, (line, key: string, own: string) => {
        const roll = random()
        if (roll < 0.45) return line
        if (roll < 0.7) {
          const other = pick(random, names)
          return `${key}../${other}/${own}`
        }
        if (roll < 0.9) return `${key}../../${pick(random, pool)}`
        return `${key}../../links/${random() < 0.5 ? 'a' : 'b'}.json`
      })
    files[`systems/${name}/readiness.yml`] = manifest
  }
  const repo = await tempRepo(files)
  repos.push(repo)
  // Two links to one file: the cache opens each path, and parses the file they share once.
  mkdirSync(join(repo.root, 'links'))
  symlinkSync('../systems/sys-00/eval/promptfoo-usage.json', join(repo.root, 'links/a.json'))
  symlinkSync('../systems/sys-00/eval/promptfoo-usage.json', join(repo.root, 'links/b.json'))
  writeFileSync(join(repo.root, 'systems/sys-00/eval/promptfoo-usage.json'), readFileSync(join(PROJECT, 'examples/pilot-purgatory/eval/promptfoo-usage.json')))
  return repo
}

describe("the evidence cache lets go of a system's files when it is done", () => {
  it.each([1, 2, 3])('the whole report of a random monorepo is the same as with every file kept (seed %i)', async (seed) => {
    const repo = await randomMonorepo(seed, 22)
    const input: GateInput = { root: repo.root, policy: examplesPolicy(), policySource: 'test', now: NOW, trust: OFFLINE_TRUST }
    const kept = await gateRun(input, true)
    const released = await gateRun(input, false)
    expect(released.report).toBe(kept.report)
    // Not vacuous: files were let go, and the run reached many formats and findings.
    expect(released.held).toBeLessThan(kept.held)
    const report = JSON.parse(kept.report) as Report
    expect(report.systems).toHaveLength(22)
    expect(new Set(report.systems.flatMap((system) => system.findings.map((finding) => finding.message))).size).toBeGreaterThan(150)
  })

  it('the examples themselves, and a shared rules file, give the same report', async () => {
    const files: Record<string, string | Buffer> = {}
    for (const example of EXAMPLES) {
      const dir = join(PROJECT, 'examples', example)
      for (const file of filesUnder(dir)) files[`examples/${example}/${relative(dir, file)}`] = readFileSync(file)
    }
    for (let index = 0; index < 12; index++) {
      const dir = join(PROJECT, 'examples/production-ready')
      for (const file of filesUnder(dir)) files[`platform/bot-${index}/${relative(dir, file)}`] = readFileSync(file)
      files[`platform/bot-${index}/readiness.yml`] = (files[`platform/bot-${index}/readiness.yml`] as Buffer)
        .toString('utf8')
        .replace(/^system: .*$/m, `system: bot-${index}`)
        .replace(/file: monitoring\/(alerts|drift)\.yml/g, 'file: ../rules.yml')
    }
    files['platform/rules.yml'] = readFileSync(join(PROJECT, 'examples/production-ready/monitoring/alerts.yml'))
    const repo = await tempRepo(files)
    repos.push(repo)
    const input: GateInput = { root: repo.root, policy: examplesPolicy(), policySource: 'test', now: NOW, trust: OFFLINE_TRUST }
    const kept = await gateRun(input, true)
    const released = await gateRun(input, false)
    expect(released.report).toBe(kept.report)
    expect(released.held).toBeLessThan(kept.held)
  })
})

describe('EvidenceCache.forSystem', () => {
  const EVAL = readFileSync(join(PROJECT, 'examples/production-ready/eval/promptfoo-eval.json'))
  const RULES = readFileSync(join(PROJECT, 'examples/production-ready/monitoring/alerts.yml'))

  it('keeps a file while a system that asked for it runs, lets go of it after, and keeps a file two systems asked for', async () => {
    const repo = await tempRepo({ 'a/eval.json': EVAL, 'rules.yml': RULES })
    repos.push(repo)
    const cache = new EvidenceCache(repo.root)
    const first = cache.forSystem()
    const second = cache.forSystem()
    expect((await first.load(join(repo.root, 'a'), 'eval.json', undefined, ['evaluation'])).result).toMatchObject({ ok: true })
    expect((await first.load(repo.root, 'rules.yml', undefined, ['monitoring'])).result).toMatchObject({ ok: true })
    expect((await second.load(join(repo.root, 'a'), '../rules.yml', undefined, ['drift', 'monitoring'])).result).toMatchObject({ ok: true })
    expect(cache.held()).toEqual(['a/eval.json', 'rules.yml'])
    first.release()
    expect(cache.held()).toEqual(['rules.yml'])
    second.release()
    expect(cache.held()).toEqual(['rules.yml'])
  })

  it('reads a file let go again when a later system asks for it, as a fresh cache does, and keeps it from then on', async () => {
    const repo = await tempRepo({ 'eval.json': EVAL, 'rules.yml': RULES })
    repos.push(repo)
    const cache = new EvidenceCache(repo.root)
    const outcome = async (loader: { load: EvidenceCache['load'] }, file: string, format: string | undefined, kinds: Parameters<EvidenceCache['load']>[3]) =>
      JSON.stringify(await loader.load(repo.root, file, format, kinds))
    const fresh = async (file: string, format: string | undefined, kinds: Parameters<EvidenceCache['load']>[3]) =>
      outcome(new EvidenceCache(repo.root), file, format, kinds)
    const first = cache.forSystem()
    expect(await outcome(first, 'eval.json', undefined, ['evaluation'])).toBe(await fresh('eval.json', undefined, ['evaluation']))
    expect(await outcome(first, 'rules.yml', undefined, ['monitoring'])).toBe(await fresh('rules.yml', undefined, ['monitoring']))
    first.release()
    expect(cache.held()).toEqual([])
    const later = cache.forSystem()
    // Asked something new (a choice the first system never made needs the head again), and the same again.
    for (const [file, format, kinds] of [
      ['eval.json', undefined, ['red-team', 'usage']],
      ['eval.json', 'junit', ['test-report']],
      ['eval.json', undefined, ['evaluation']],
      ['rules.yml', undefined, ['drift', 'monitoring']],
      ['rules.yml', undefined, ['load-test']]
    ] as const) {
      expect({ file, format, kinds, got: await outcome(later, file, format, [...kinds]) }).toEqual({
        file,
        format,
        kinds,
        got: await fresh(file, format, [...kinds])
      })
    }
    expect(cache.held()).toEqual(['eval.json', 'rules.yml'])
    later.release()
    // Two systems asked for them: kept for the rest of the run.
    expect(cache.held()).toEqual(['eval.json', 'rules.yml'])
  })

  it('a run over a base commit reads a file it let go again from the base, not from the head', async () => {
    // sys-00 and sys-11 link one evaluation file; eight systems at a time, so sys-00 is done (and the
    // file let go) before sys-11 asks for it. At the base the file's run did not finish.
    const files: Record<string, string> = {}
    const dir = join(PROJECT, 'examples/production-ready')
    for (let index = 0; index < 12; index++) {
      const name = `sys-${String(index).padStart(2, '0')}`
      for (const file of filesUnder(dir)) files[`${name}/${relative(dir, file)}`] = readFileSync(file, 'utf8')
      let manifest = files[`${name}/readiness.yml`]!.replace(/^system: .*$/m, `system: ${name}`)
      if (index === 0 || index === 11) manifest = manifest.replace('file: eval/production-sample.yml', 'file: ../shared/sample.yml')
      files[`${name}/readiness.yml`] = manifest
    }
    files['shared/sample.yml'] = readFileSync(join(dir, 'eval/production-sample.yml'), 'utf8')
    const atBase: Record<string, string> = { ...files, 'shared/sample.yml': files['shared/sample.yml'].replace('value: 0.93', 'value: 0.5') }
    expect(atBase['shared/sample.yml']).not.toBe(files['shared/sample.yml'])
    const repo = await tempRepo(files)
    repos.push(repo)
    const input: GateInput = { root: repo.root, policy: examplesPolicy(), policySource: 'test', now: NOW, trust: OFFLINE_TRUST }
    const watch = watchCaches(false)
    try {
      const head = await runGate(input)
      const compared = await compareWithBase(input, head, {
        label: 'base 0000000',
        read: (relPath) => Promise.resolve(atBase[relPath] ?? null),
        list: () => Promise.resolve(Object.keys(atBase))
      })
      const change = (name: string) => compared.change!.systems.find((system) => system.name === name)!
      expect(change('sys-00').newlyMet).toContain('data.production-evaluation')
      expect(change('sys-11').newlyMet).toContain('data.production-evaluation')
      expect(change('sys-05').newlyMet).not.toContain('data.production-evaluation')
      // Not vacuous: the base's run let go of the file after sys-00 and opened it again for sys-11.
      const headCache = watch.releases[0]!.cache
      const baseReleases = watch.releases.filter((entry) => entry.cache !== headCache)
      expect(baseReleases).toHaveLength(12)
      expect(baseReleases.some((entry) => !entry.held.includes('shared/sample.yml'))).toBe(true)
      expect(baseReleases.at(-1)!.held).toContain('shared/sample.yml')
    } finally {
      watch.restore()
    }
  })
})
