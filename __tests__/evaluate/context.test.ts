import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EvidenceCache } from '../../src/evaluate/context.js'
import { PARSERS, type Parsed } from '../../src/evidence/registry.js'
import type { EvidenceKind } from '../../src/evidence/types.js'
import { hasSamples, SAMPLES } from '../support/samples.js'

const STEPS = '# Quality low\n\n1. Check the dashboard\n2. Roll back the model\n3. Page the owner\n'

describe('EvidenceCache.runbook', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rg-runbook-cache-'))
    mkdirSync(join(root, 'runbooks'))
    mkdirSync(join(root, 'a'))
    mkdirSync(join(root, 'b'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('reads a runbook that many systems link once per run', async () => {
    writeFileSync(join(root, 'runbooks/quality.md'), STEPS)
    const cache = new EvidenceCache(root)
    const first = await cache.runbook(join(root, 'a'), '../runbooks/quality.md')
    // Replaced on disk: a second read would see a title only; the cached read still has its three steps.
    writeFileSync(join(root, 'runbooks/quality.md'), '# Quality low\n')
    const second = await cache.runbook(root, 'runbooks/quality.md')
    expect(first).toEqual({ ok: true, relPath: 'runbooks/quality.md', structure: expect.objectContaining({ steps: 3 }) })
    expect(second).toEqual(first)
    expect((await new EvidenceCache(root).runbook(join(root, 'a'), '../runbooks/quality.md')).ok && 'read again').toBe('read again')
  })

  it('does not share a failure: a link that could not be opened is tried again, and names the file as written', async () => {
    const cache = new EvidenceCache(root)
    const missing = await cache.runbook(join(root, 'a'), '../runbooks/quality.md')
    expect(missing.ok).toBe(false)
    writeFileSync(join(root, 'runbooks/quality.md'), STEPS)
    const found = await cache.runbook(join(root, 'b'), '../runbooks/quality.md')
    expect(found).toEqual({ ok: true, relPath: 'runbooks/quality.md', structure: expect.objectContaining({ steps: 3 }) })
    // Once read, it is shared: a title-only copy on disk now is not read again.
    writeFileSync(join(root, 'runbooks/quality.md'), '# Quality low\n')
    expect(await cache.runbook(join(root, 'a'), '../runbooks/quality.md')).toEqual(found)
  })

  it('refuses a link out of the repository without reading it', async () => {
    const read = await new EvidenceCache(root).runbook(join(root, 'a'), '../../etc/passwd')
    expect(read).toMatchObject({ ok: false, unreadable: 'open' })
  })
})

describe('EvidenceCache.load: the parser chosen once per file and ask', () => {
  const ALL_KINDS: EvidenceKind[] = ['load-test', 'test-report', 'monitoring', 'drift', 'evaluation', 'red-team', 'failure-drill', 'usage']
  /** What requirements ask for (kinds, sometimes a named format), and a few asks that must fail. */
  const ASKS: { format?: string; kinds: EvidenceKind[] }[] = [
    { kinds: ['load-test'] },
    { kinds: ['test-report'] },
    { kinds: ['monitoring'] },
    { kinds: ['drift', 'monitoring'] },
    { kinds: ['evaluation'] },
    { kinds: ['evaluation', 'red-team', 'usage'] },
    { kinds: ['red-team', 'test-report'] },
    { kinds: ['test-report', 'evaluation'] },
    { kinds: ['test-report', 'failure-drill'] },
    { kinds: ALL_KINDS },
    { format: 'junit', kinds: ['test-report'] },
    { format: 'junit', kinds: ['evaluation'] },
    { format: 'promptfoo-eval', kinds: ['evaluation', 'red-team', 'usage'] },
    { format: 'no-such-format', kinds: ['evaluation'] }
  ]
  const PROJECT = join(import.meta.dirname, '../..')
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]))
  /** What a fresh cache (nothing chosen before) makes of one ask: the format parsed with, or the refusal. */
  const outcome = (result: Parsed): unknown => (result.ok ? { format: result.format } : { format: result.format, message: result.message, line: result.line })

  it('chooses for every file and ask what a fresh cache chooses, asks repeated in any order (examples, fixtures, samples)', async () => {
    const roots = [join(PROJECT, 'examples'), join(PROJECT, '__tests__/fixtures/evidence')]
    if (hasSamples) roots.push(SAMPLES)
    const all = roots.flatMap((dir) => files(dir))
    expect(all.length).toBeGreaterThan(150)
    let seed = 14
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 1_000_003) / 1_000_003
    const shared = new EvidenceCache('/')
    const formats = new Set<string>()
    for (const file of all) {
      const order = [...ASKS, ...ASKS].map((ask) => ({ ask, key: random() })).sort((a, b) => a.key - b.key)
      for (const { ask } of order) {
        const fresh = await new EvidenceCache('/').load('/', file.slice(1), ask.format, ask.kinds)
        const cached = await shared.load('/', file.slice(1), ask.format, ask.kinds)
        expect({ file, ask, relPath: cached.relPath, outcome: outcome(cached.result) }).toEqual({
          file,
          ask,
          relPath: fresh.relPath,
          outcome: outcome(fresh.result)
        })
        if (fresh.result.format) formats.add(fresh.result.format)
      }
    }
    // The asks reach many parsers, so a choice kept under the wrong ask would show.
    expect(formats.size).toBeGreaterThan(15)
  })

  it('runs the detectors over a file once per ask, however many systems load it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rg-choice-cache-'))
    try {
      writeFileSync(join(root, 'alerts.yml'), readFileSync(join(PROJECT, 'examples/production-ready/monitoring/alerts.yml')))
      const rules = PARSERS.find((parser) => parser.format === 'prometheus-rules')!
      // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was
      const unwrapped = rules.detect
      const detect = unwrapped.bind(rules)
      let calls = 0
      rules.detect = (input) => {
        calls++
        return detect(input)
      }
      try {
        const cache = new EvidenceCache(root)
        for (let system = 0; system < 5; system++) {
          expect((await cache.load(root, 'alerts.yml', undefined, ['monitoring'])).result).toMatchObject({ ok: true, format: 'prometheus-rules' })
          expect((await cache.load(root, 'alerts.yml', undefined, ['drift', 'monitoring'])).result).toMatchObject({ ok: true, format: 'prometheus-rules' })
        }
      } finally {
        rules.detect = unwrapped
      }
      expect(calls).toBe(2)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('EvidenceCache: the root resolved once', () => {
  it("works out the root's real path once for every reference of every system, not once a reference", async () => {
    const root = mkdtempSync(join(tmpdir(), 'rg-real-root-'))
    const native = realpathSync.native
    const asked: string[] = []
    try {
      mkdirSync(join(root, 'a'))
      writeFileSync(join(root, 'a/alerts.yml'), readFileSync(join(import.meta.dirname, '../../examples/production-ready/monitoring/alerts.yml')))
      writeFileSync(join(root, 'runbook.md'), STEPS)
      realpathSync.native = ((file: string) => (asked.push(file), native(file))) as typeof realpathSync.native
      const cache = new EvidenceCache(root)
      for (let system = 0; system < 3; system++) {
        const view = cache.forSystem()
        expect((await view.load(join(root, 'a'), 'alerts.yml', undefined, ['monitoring'])).result).toMatchObject({ ok: true })
        expect(await view.runbook(root, 'runbook.md')).toMatchObject({ ok: true })
        view.release()
      }
    } finally {
      realpathSync.native = native
      rmSync(root, { recursive: true, force: true })
    }
    expect(asked.filter((file) => file === root)).toHaveLength(1)
    expect(asked.filter((file) => file === join(root, 'a/alerts.yml'))).toHaveLength(3)
  })
})
