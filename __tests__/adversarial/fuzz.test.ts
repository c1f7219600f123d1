// Fuzzing every reader the gate has: evidence parsers (each format, on random bytes and on mutated real
// fixtures), the manifest loader, the policy parser and sign-off files (through runGate on a temporary
// repository). Properties: nothing escapes as an exception; a failure is a plain sentence at a line
// inside the file; a success carries only finite numbers; the same input gives the same answer, byte
// for byte; and every run finishes within a bound. Runs are bounded so the suite stays fast.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fc from 'fast-check'
import { detectParser, openEvidenceFile, PARSERS, parseEvidence } from '../../src/evidence/registry.js'
import { parseManifest } from '../../src/manifest/load.js'
import { parsePolicy } from '../../src/policy/load.js'
import type { Report } from '../../src/report/types.js'
import type { TrustContext } from '../../src/trust/types.js'
import {
  allFindings,
  EXAMPLE_POLICY_TEXT,
  exampleRepo,
  expectPlainFailure,
  FIXTURES,
  gate,
  lineCount,
  nonFiniteNumbers,
  policyOf,
  PROJECT,
  removeRepos,
  scratchDir,
  scratchRepo
} from './support.js'

type AddFormats = (ajv: Ajv) => Ajv
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
const validateReport = ajv.compile(JSON.parse(readFileSync(path.join(PROJECT, 'schemas/report.schema.json'), 'utf8')))

/** A parser that let an exception escape shows up as the registry's catch-all, or as a JavaScript engine message. */
const ESCAPED_EXCEPTION =
  /could not be read as [\w-]+: |Cannot read propert|is not a function|is not iterable|Maximum call stack|Invalid (array|string) length|out of memory/i

/** More runs for a deeper hunt: RG_FUZZ_SCALE=20 npm test -- __tests__/adversarial/fuzz.test.ts */
const SCALE = Math.max(1, Number(process.env.RG_FUZZ_SCALE) || 1)
const runs = (count: number): number => Math.round(count * SCALE)

/**
 * One fixed seed, named in every describe title, so a failure in CI reproduces exactly; another seed
 * explores new inputs: RG_FUZZ_SEED=12345 npm test -- __tests__/adversarial/fuzz.test.ts
 */
const SEED = /^\d{1,9}$/.test(process.env.RG_FUZZ_SEED ?? '') ? Number(process.env.RG_FUZZ_SEED) : 20_261_201
fc.configureGlobal({ seed: SEED })
const seeded = (title: string): string => `${title} (seed ${SEED}, RG_FUZZ_SEED to change)`

afterAll(removeRepos)

// ---- mutations ----------------------------------------------------------------------------------

const HOSTILE_NUMBERS = [
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '-Infinity',
  '.nan',
  '.inf',
  '-0',
  '1e-400',
  '99999999999999999999999999',
  '0x1F',
  '"NaN"',
  'null',
  '-1',
  '1.7976931348623157e309'
]
const HOSTILE_SNIPPETS = [
  '\u0000',
  '\uFEFF',
  '\r',
  '\u001b[31m',
  '<!DOCTYPE x [<!ENTITY e "e">]>',
  '&e;',
  '"',
  ']]>',
  '{',
  '[',
  '*a',
  '&a',
  '"""',
  '\\',
  '\u2028',
  '\uD800'
]

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'duplicate-line'; at: number; times: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'number'; at: number; value: string }
  | { kind: 'insert'; at: number; text: string }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('number' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.constantFrom(...HOSTILE_NUMBERS) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.oneof(fc.constantFrom(...HOSTILE_SNIPPETS), fc.string({ unit: 'binary', maxLength: 20 }))
  })
)

const pick = (length: number, at: number): number => Math.min(length - 1, Math.max(0, Math.floor(at * length)))

function mutate(seed: Buffer, mutations: Mutation[]): Buffer {
  let content = seed
  for (const m of mutations) {
    if (content.length === 0) break
    switch (m.kind) {
      case 'truncate':
        content = content.subarray(0, pick(content.length, m.at))
        break
      case 'flip': {
        content = Buffer.from(content)
        content[pick(content.length, m.at)] = m.byte
        break
      }
      case 'duplicate-line':
      case 'delete-line': {
        const lines = content.toString('latin1').split('\n')
        const index = pick(lines.length, m.at)
        if (m.kind === 'delete-line') lines.splice(index, 1)
        else lines.splice(index, 0, ...Array<string>(m.times).fill(lines[index]!))
        content = Buffer.from(lines.join('\n'), 'latin1')
        break
      }
      case 'number': {
        const text = content.toString('latin1')
        const numbers = [...text.matchAll(/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g)]
        if (numbers.length === 0) break
        const target = numbers[pick(numbers.length, m.at)]!
        content = Buffer.from(text.slice(0, target.index) + m.value + text.slice(target.index + target[0].length), 'latin1')
        break
      }
      case 'insert': {
        const at = pick(content.length + 1, m.at)
        content = Buffer.concat([content.subarray(0, at), Buffer.from(m.text, 'utf8'), content.subarray(at)])
        break
      }
    }
  }
  return content
}

// ---- seeds --------------------------------------------------------------------------------------

interface Seed {
  name: string
  /** The decompressed content. */
  content: Buffer
  gzip: boolean
  format: string
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

/** Every evidence fixture some parser detects, with that parser's format: real files written by real tools. */
function fixtureSeeds(): Seed[] {
  const seeds: Seed[] = []
  for (const file of listFiles(FIXTURES)) {
    const raw = readFileSync(file)
    const gzip = raw[0] === 0x1f && raw[1] === 0x8b
    const content = gzip ? gunzipSync(raw) : raw
    const relPath = path.relative(FIXTURES, file)
    const parser = detectParser({ relPath, head: content.subarray(0, 64 * 1024) })
    if (parser && content.length <= 2 * 1024 * 1024) seeds.push({ name: path.basename(file), content, gzip, format: parser.format })
  }
  return seeds
}

/** Writes one generated file, opens and parses it twice; checks everything a parse must satisfy. */
async function parseTwiceAndCheck(dir: string, name: string, content: Buffer, gzip: boolean, format: string | undefined): Promise<void> {
  await writeFile(path.join(dir, name), gzip ? gzipSync(content) : content)
  const once = async (): Promise<unknown> => {
    const opened = await openEvidenceFile(dir, dir, name)
    if (!opened.ok) {
      expectPlainFailure(opened.message, undefined)
      return { refused: opened.message }
    }
    const result = await parseEvidence(opened.source, format ? { format } : {})
    if (!result.ok) {
      expectPlainFailure(result.message, result.line, content)
      expect(result.message).not.toMatch(ESCAPED_EXCEPTION)
    } else {
      expect(nonFiniteNumbers(result.evidence)).toEqual([])
      for (const line of linesIn(result.evidence)) {
        expect(line).toBeGreaterThanOrEqual(1)
        expect(line).toBeLessThanOrEqual(lineCount(content) + 1)
      }
    }
    return result
  }
  const first = await once()
  const second = await once()
  expect(JSON.stringify(second)).toBe(JSON.stringify(first))
  await rm(path.join(dir, name), { force: true })
}

/** Every `line` / `...Line` number in a parsed evidence value. */
function linesIn(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(linesIn)
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => (typeof item === 'number' && /^line$|Line$/.test(key) ? [item] : linesIn(item)))
  }
  return []
}

describe(seeded('evidence parsers under fuzzing'), () => {
  const seeds = fixtureSeeds()
  const formats = PARSERS.map((parser) => parser.format)
  let scratch: Awaited<ReturnType<typeof scratchDir>>
  let counter = 0
  beforeAll(async () => {
    scratch = await scratchDir()
  })
  afterAll(async () => scratch.remove())

  it('has real fixtures to mutate for most formats', () => {
    // Formats with no fixture are still fuzzed below, through the forced `format:` on other formats' files.
    expect(new Set(seeds.map((seed) => seed.format)).size).toBeGreaterThanOrEqual(20)
  })

  it('detect and parse mutated real files: truncations, byte flips, duplicated lines, huge numbers, NaN-ish strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (seed, mutations) => {
        const content = mutate(seed.content, mutations)
        await parseTwiceAndCheck(scratch.dir, `${counter++}-${seed.name}`.replace(/\.gz$/, ''), content, false, undefined)
      }),
      { numRuns: runs(400) }
    )
  }, 120_000)

  it('parse mutated files as a format forced with `format:`, any format on any file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seeds), fc.constantFrom(...formats), fc.array(mutation, { maxLength: 3 }), async (seed, format, mutations) => {
        await parseTwiceAndCheck(scratch.dir, `${counter++}-${seed.name}`.replace(/\.gz$/, ''), mutate(seed.content, mutations), false, format)
      }),
      { numRuns: runs(400) }
    )
  }, 120_000)

  it('parse mutated gzip-compressed files, streamed through the inflater', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 3 }), async (seed, mutations) => {
        const name = `${counter++}-${seed.name.replace(/\.gz$/, '')}.gz`
        await parseTwiceAndCheck(scratch.dir, name, mutate(seed.content, mutations), true, seed.format)
      }),
      { numRuns: runs(100) }
    )
  }, 120_000)

  it('parse random bytes as every format, and detect them', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4096 }).map((array) => Buffer.from(array)),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 2000 }).map((text) => Buffer.from(text, 'utf8')),
      fc
        .string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\n', '<', '>', '/', '=', ' ', 'a', '1', '-', '#'), minLength: 1, maxLength: 500 })
        .map((text) => Buffer.from(text))
    )
    await fc.assert(
      fc.asyncProperty(
        bytes,
        fc.option(fc.constantFrom(...formats), { nil: undefined }),
        fc.constantFrom('.json', '.ndjson', '.csv', '.xml', '.log', '.yml', '.toml', '.md', '.txt'),
        async (content, format, extension) => {
          await parseTwiceAndCheck(scratch.dir, `${counter++}-random${extension}`, content, false, format)
        }
      ),
      { numRuns: runs(400) }
    )
  }, 120_000)
})

// ---- manifests, policies, sign-offs -------------------------------------------------------------

const HOSTILE_SCALARS = [
  '.inf',
  '-.inf',
  '.nan',
  '1e999',
  '-1',
  '0',
  '~',
  'null',
  '"@x"',
  '[',
  '{',
  '&a x',
  '*a',
  '!!binary aGVsbG8=',
  '!!js/function "f(){}"',
  '"\\u0000"',
  `"${'x'.repeat(5000)}"`,
  '"../../../etc/passwd"',
  '/etc/passwd',
  '"C:\\\\Windows\\\\win.ini"',
  '2099-01-01',
  '1970-01-01',
  'yes',
  '0x10',
  '[[[[[[[[1]]]]]]]]'
]

/** Mutations that keep a YAML text mostly YAML: replace a value, duplicate or drop a line, or the byte-level ones. */
const yamlMutation: fc.Arbitrary<(text: string) => string> = fc.oneof(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.constantFrom(...HOSTILE_SCALARS) }).map(({ at, value }) => (text: string) => {
    const lines = text.split('\n')
    const index = pick(lines.length, at)
    lines[index] = lines[index]!.replace(/:(\s+).*$/, `:$1${value}`)
    return lines.join('\n')
  }),
  fc.array(mutation, { minLength: 1, maxLength: 2 }).map((mutations) => (text: string) => mutate(Buffer.from(text), mutations).toString('latin1'))
)

describe(seeded('the manifest loader, the policy and sign-offs under fuzzing'), () => {
  it('loads any manifest text without throwing, with problems at lines inside the file, the same every time', () => {
    const example = readFileSync(path.join(PROJECT, 'examples/production-ready/readiness.yml'), 'utf8')
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 3000 }),
      fc.array(yamlMutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce((t, m) => m(t), example))
    )
    fc.assert(
      fc.property(text, (manifest) => {
        const first = parseManifest('/repo', 'ai/readiness.yml', manifest)
        for (const problem of first.problems) {
          expect(problem.status).toBe('fail')
          expect(problem.file).toBe('ai/readiness.yml')
          expectPlainFailure(problem.message, problem.line, manifest)
        }
        const second = parseManifest('/repo', 'ai/readiness.yml', manifest)
        expect(JSON.stringify([second.problems, second.data, second.name, second.stage])).toBe(
          JSON.stringify([first.problems, first.data, first.name, first.stage])
        )
      }),
      { numRuns: runs(300) }
    )
  })

  it('parses any policy text into a complete policy of finite numbers, or errors at lines inside the file', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 2000 }),
      fc.array(yamlMutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce((t, m) => m(t), EXAMPLE_POLICY_TEXT))
    )
    fc.assert(
      fc.property(text, (policyText) => {
        const result = parsePolicy(policyText, '.github/readiness-policy.yml')
        expect(JSON.stringify(parsePolicy(policyText, '.github/readiness-policy.yml'))).toBe(JSON.stringify(result))
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0)
          for (const error of result.errors) {
            expect(error).toMatchObject({ rule: 'policy.invalid', status: 'fail', file: '.github/readiness-policy.yml' })
            expectPlainFailure(error.message, error.line, policyText)
          }
          return
        }
        const { policy } = result
        expect(nonFiniteNumbers(policy)).toEqual([])
        for (const stage of ['pilot', 'staging', 'production'] as const) expect(Array.isArray(policy.stages[stage])).toBe(true)
        for (const login of [...policy.waivers.approvers, ...Object.values(policy.signers).flat()]) {
          expect(typeof login).toBe('string')
          expect(login).toBe(login.toLowerCase())
          expect(login.startsWith('@')).toBe(false)
        }
      }),
      { numRuns: runs(300) }
    )
  })

  describe('sign-off files, through runGate on a temporary repository', () => {
    const manifest = `system: triage
stage: production
model:
  version: 4.1.0
evidence:
  legal-signoff:
    file: compliance/legal.yml
`
    const signoff = readFileSync(path.join(PROJECT, 'examples/production-ready/compliance/legal.yml'), 'utf8').replace('support-triage', 'triage')
    // Only the sign-off is required, so its finding decides the verdict.
    const policy = policyOf(
      'stages:\n  pilot: []\n  staging: []\n  production: [signoff.legal]\nsigners:\n  legal: ["@erin"]\nthresholds:\n  max-evidence-age-days: 365\n'
    )
    const content = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 1500 }),
      fc.array(yamlMutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce((t, m) => m(t), signoff)),
      fc.constantFrom(
        'approved: true\n',
        `${signoff}approved: true\n`,
        signoff.replace('"@erin"', '"@mallory"'),
        signoff.replace('role: legal', 'role: security'),
        signoff.replace('2026-11-14', '2099-01-01')
      )
    )

    it('no sign-off content passes on a pull request without the signer’s approval; every failure points inside a file', async () => {
      const repo = await scratchRepo({ 'ai/readiness.yml': manifest, 'ai/compliance/legal.yml': signoff })
      const unapproved: TrustContext = {
        mode: 'pull_request',
        approvers: new Set(['mallory']),
        author: 'erin',
        trustedRef: 'base 1234567',
        readTrusted: () => Promise.resolve(null)
      }
      await fc.assert(
        fc.asyncProperty(content, async (text) => {
          await writeFile(path.join(repo.root, 'ai/compliance/legal.yml'), text)
          const report = await gate(repo.root, { policy, trust: unapproved })
          expect(report.passed).toBe(false)
          const [legal, ...more] = allFindings(report).filter((finding) => finding.rule === 'signoff.legal')
          expect(legal?.status).toBe('fail')
          for (const finding of [legal!, ...more]) {
            expect(['ai/compliance/legal.yml', 'ai/readiness.yml']).toContain(finding.file)
            expectPlainFailure(finding.message, finding.line, finding.file === 'ai/readiness.yml' ? manifest : text)
          }
        }),
        { numRuns: runs(120) }
      )
    }, 120_000)

    it('the genuine sign-off, approved by its signer, passes (so the property above can fail)', async () => {
      const repo = await scratchRepo({ 'ai/readiness.yml': manifest, 'ai/compliance/legal.yml': signoff })
      const approved: TrustContext = {
        mode: 'pull_request',
        approvers: new Set(['erin']),
        author: 'mallory',
        trustedRef: 'base 1234567',
        readTrusted: () => Promise.resolve(null)
      }
      const report = await gate(repo.root, { policy, trust: approved })
      expect(report.passed).toBe(true)
    })
  })
})

// ---- whole runs -------------------------------------------------------------------------------------

/** Every finding that names a file in the repository names a line inside it. */
async function expectLinesInsideFiles(root: string, report: Report): Promise<void> {
  for (const finding of allFindings(report)) {
    expectPlainFailure(finding.message, undefined)
    const content = await readFile(path.join(root, finding.file)).catch(() => undefined)
    if (content !== undefined) expectPlainFailure(finding.message, finding.line, content)
    else expect(finding.line).toBeGreaterThanOrEqual(1)
  }
}

describe(seeded('runGate on a mutated production example'), () => {
  const evidence = [
    'perf/k6-summary.json',
    'monitoring/alerts.yml',
    'monitoring/drift.yml',
    'reports/integration.xml',
    'reports/edge-cases.xml',
    'reports/resilience.xml',
    'eval/production-sample.yml',
    'eval/fairness.yml',
    'compliance/legal.yml',
    'readiness.yml'
  ]

  it('gives a schema-valid report, byte-identical on a second run, for any mutation', async () => {
    const repo = await exampleRepo('ai/triage')
    const originals = new Map(evidence.map((file) => [file, readFileSync(path.join(repo.root, 'ai/triage', file), 'utf8')]))
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...evidence), fc.array(yamlMutation, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 3 }),
        async (changes) => {
          for (const [file, original] of originals) await writeFile(path.join(repo.root, 'ai/triage', file), original)
          for (const [file, mutations] of changes) {
            const target = path.join(repo.root, 'ai/triage', file)
            await writeFile(
              target,
              mutations.reduce((text, m) => m(text), await readFile(target, 'latin1')),
              'latin1'
            )
          }
          const first = await gate(repo.root)
          expect(validateReport(first)).toBe(true)
          await expectLinesInsideFiles(repo.root, first)
          const second = await gate(repo.root)
          expect(JSON.stringify(second)).toBe(JSON.stringify(first))
        }
      ),
      { numRuns: runs(40) }
    )
  }, 180_000)

  it('the unmutated example passes, so a mutation that breaks it is seen', async () => {
    const repo = await exampleRepo('ai/triage')
    const report = await gate(repo.root)
    expect(report.passed).toBe(true)
    expect(report.systems[0]!.score).toEqual({ passed: 24, required: 24 })
  })
})
