// The generated validators run a quick validator first and the full one only for a document it refuses
// (scripts/generate-validators.mjs). Both are ajv's code for the same schema, so they must accept the same
// documents: held here against ajv compiling each schema with the full configuration, on every YAML and
// JSON file of the examples and fixtures and on documents made from the valid ones by removing, emptying
// or retyping each value in turn, or adding an unknown key. The quick code with its schema constants
// pruned is held to the quick code as ajv writes it, known keys put in every place included.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { compileFunction } from 'node:vm'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { Ajv, type ErrorObject } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { parse as parseYaml } from 'yaml'
import { compiledValidator } from '../../src/schema/validate.js'
import { PROJECT } from '../support/action-run.js'
// @ts-expect-error -- a plain .mjs build script without types
import { pruneSchemaConstants as pruneUntyped, quickCodeOf as quickCodeUntyped } from '../../scripts/generate-validators.mjs'

const quickCodeOf = quickCodeUntyped as (schema: object) => string
const pruneSchemaConstants = pruneUntyped as (code: string) => string

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

const SCHEMAS = ['manifest', 'policy', 'signoff', 'verdict', 'evidence/drift', 'evidence/evaluation']

const VERDICT = {
  format: 'readiness-gate/verdict',
  version: 1,
  tool: '0.1.0',
  evaluatedAt: '2026-11-22T09:00:00Z',
  passed: true,
  detail: 'full',
  totals: { systems: 1, ready: 1 },
  problems: [],
  systems: [
    {
      name: 'triage',
      manifest: 'readiness.yml',
      stage: 'production',
      owners: { product: '@alice' },
      passed: true,
      score: [3, 3],
      failing: [],
      failingCount: 0,
      waivers: [{ requirement: 'load.production-volume', expires: '2026-12-01', verification: 'verified' }],
      unverified: [],
      lapsing: [{ requirement: 'drift.detection', expires: '2026-12-20' }]
    }
  ]
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(full)
    return /\.(ya?ml|json)$/.test(entry.name) ? [full] : []
  })
}

function documents(): unknown[] {
  const files = [
    ...filesUnder(path.join(PROJECT, 'examples')),
    ...filesUnder(path.join(PROJECT, '__tests__/fixtures')),
    path.join(PROJECT, '.github/readiness-policy.yml')
  ]
  const read: unknown[] = [VERDICT]
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    if (text.length > 200_000) continue
    try {
      read.push(parseYaml(text))
    } catch {
      // Not one YAML document: nothing to validate.
    }
  }
  return read
}

/** Every path to a value in the document (the root excluded). */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...at, index], ...paths(item, [...at, index])])
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [[...at, key], ...paths(item, [...at, key])])
  return []
}

/** The document with the value at `at` replaced (or removed, for `undefined`). */
function changed(document: unknown, at: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>
  let parent = copy
  for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>
  const last = at[at.length - 1]!
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else parent[last] = replacement
  return copy
}

function* nearby(document: unknown): Generator<unknown> {
  for (const at of paths(document)) {
    for (const replacement of [undefined, null, 42, -1, 0.5, 'text', '', true, [], {}]) yield changed(document, at, replacement)
  }
  for (const at of [[], ...paths(document)]) {
    const target = at.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], document)
    if (target && typeof target === 'object' && !Array.isArray(target))
      yield at.length ? changed(document, [...at, 'unknown-key'], 1) : { ...target, 'unknown-key': 1 }
  }
}

const summary = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((error) => `${error.instancePath} ${error.schemaPath} ${error.keyword} ${JSON.stringify(error.params)} ${error.message}`)

describe('the generated validators, quick then full', () => {
  const all = documents()
  for (const name of SCHEMAS) {
    it(`accept what ajv accepts and report what it reports: ${name}`, () => {
      const schema = JSON.parse(readFileSync(path.join(PROJECT, 'schemas', `${name}.schema.json`), 'utf8')) as object
      const reference = addFormats(new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false }), ['date', 'date-time']).compile(schema)
      const generated = compiledValidator(schema)
      const valid = all.filter((document) => reference(document))
      let accepted = 0
      let refused = 0
      for (const document of [...all, ...valid.flatMap((document) => [...nearby(document)])]) {
        const expected = reference(document)
        expect(generated(document)).toBe(expected)
        expect(summary(generated.errors)).toEqual(summary(reference.errors))
        if (expected) accepted++
        else refused++
      }
      // Both stages were exercised: documents it accepts (the quick one alone) and documents it refuses.
      expect(valid.length).toBeGreaterThan(0)
      expect(accepted).toBeGreaterThan(valid.length)
      expect(refused).toBeGreaterThan(100)
    })
  }
})

/** Every key any `properties` of the schema declares: a known key put where it is not declared. */
function declaredKeys(schema: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) declaredKeys(item, keys)
  else if (schema && typeof schema === 'object') {
    const record = schema as Record<string, unknown>
    if (record.properties && typeof record.properties === 'object') for (const key of Object.keys(record.properties)) keys.add(key)
    for (const value of Object.values(record)) declaredKeys(value, keys)
  }
  return keys
}

/** The document with `key` added to each object in it, one document per object. */
function* withKey(document: unknown, key: string): Generator<unknown> {
  for (const at of [[], ...paths(document)]) {
    const target = at.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], document)
    if (target && typeof target === 'object' && !Array.isArray(target) && !Object.hasOwn(target, key))
      yield at.length ? changed(document, [...at, key], 1) : { ...target, [key]: 1 }
  }
}

/** ajv's quick code as the generated module holds it, loaded as a module of its own. */
function loadQuick(code: string): (data: unknown) => boolean {
  const module = { exports: {} as unknown }
  const run = compileFunction(code, ['module', 'exports', 'require', 'QUICK_ERROR']) as (
    module: { exports: unknown },
    exports: unknown,
    require: NodeJS.Require,
    quickError: object
  ) => void
  run(module, module.exports, createRequire(path.join(PROJECT, 'package.json')), {})
  return module.exports as (data: unknown) => boolean
}

describe('the quick code with its schema constants cut to the keys it reads (pruneSchemaConstants)', () => {
  const all = documents()
  for (const name of SCHEMAS) {
    it(`accepts and refuses what ajv's quick code as written does, known keys in every place included: ${name}`, () => {
      const schema = JSON.parse(readFileSync(path.join(PROJECT, 'schemas', `${name}.schema.json`), 'utf8')) as object
      const written = quickCodeOf(schema)
      const pruned = pruneSchemaConstants(written)
      const [asWritten, asPruned] = [loadQuick(written), loadQuick(pruned)]
      const keys = [...declaredKeys(schema), 'unknown-key']
      const valid = all.filter((document) => asWritten(document))
      let refused = 0
      for (const document of [...all, ...valid.flatMap((document) => [...nearby(document), ...keys.flatMap((key) => [...withKey(document, key)])])]) {
        const expected = asWritten(document)
        expect(asPruned(document)).toBe(expected)
        if (!expected) refused++
      }
      expect(valid.length).toBeGreaterThan(0)
      expect(refused).toBeGreaterThan(100)
      // The manifest's and the policy's constants are the ones that weigh (16 and 6 KB of descriptions and rules).
      if (name === 'manifest' || name === 'policy') expect(pruned.length).toBeLessThan(written.length - 5000)
    })
  }
})
