// The validators compiled ahead of time must match the schemas as they are now, and keep ajv-formats'
// real-date check (2026-02-30 is not a date).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' }
import signoffSchema from '../../schemas/signoff.schema.json' with { type: 'json' }
import { compiledValidator, validateAgainst } from '../../src/schema/validate.js'
// @ts-expect-error -- a plain .mjs build script without types
import { FULL_FILE, generateValidators, GENERATED_FILE } from '../../scripts/generate-validators.mjs'

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

describe('validators compiled ahead of time', () => {
  it('are current with schemas/*.json (run `node scripts/generate-validators.mjs` when this fails)', async () => {
    const generated = await (generateValidators as () => Promise<{ quick: string; full: string }>)()
    expect(readFileSync(path.join(PROJECT, GENERATED_FILE as string), 'utf8') === generated.quick).toBe(true)
    expect(readFileSync(path.join(PROJECT, FULL_FILE as string), 'utf8') === generated.full).toBe(true)
  })

  it('refuse a date that does not exist, and accept one that does', () => {
    const signoff = { role: 'legal', system: 'triage', 'signed-by': '@erin', scope: 'model 4.1.0' }
    expect(validateAgainst(signoffSchema, { ...signoff, date: '2026-02-28' })).toEqual([])
    expect(validateAgainst(signoffSchema, { ...signoff, date: '2026-02-30' })).toEqual([
      { path: ['date'], message: '`date` must be a real date like 2026-11-02, not "2026-02-30"' }
    ])
  })

  it('say which schema has no validator instead of passing it', () => {
    expect(() => compiledValidator({ $id: 'https://example.com/unknown.json' })).toThrow(
      'the schema "https://example.com/unknown.json" has no validator compiled ahead of time'
    )
    expect(compiledValidator(manifestSchema)).toBeInstanceOf(Function)
  })
})
