// Adding a skeleton's missing keys to a YAML file changes nothing else: every existing line stays, byte
// for byte, and the result parses to the old values plus the new keys.
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { addMissingKeys, setTopLevelScalar } from '../../src/yaml/add-keys.js'

const SKELETON = `system: x
stage: staging
owners:
  model-operations:
  # owner.raci: RACI roles named
  raci:
    data:
    legal:
evidence:
  # load.production-volume: Load tested
  load-test:
    file:                 # k6 result
  slo:
    p95-ms:
    error-rate:
audit:
  # audit.logging: Decisions logged
  store:
`

/** Whether every line of `before` is in `after`, in order (nothing removed or changed). */
function keepsEveryLine(before: string, after: string): boolean {
  const lines = after.split('\n')
  let at = 0
  for (const line of before.split('\n')) {
    const found = lines.indexOf(line, at)
    if (found < 0) return false
    at = found + 1
  }
  return true
}

describe('addMissingKeys', () => {
  it('adds missing keys at the end of the map they belong in, indented as that map, with their comments', () => {
    const before = `# my manifest
system: bot   # aligned comment
stage: pilot
owners:
    model-operations: "@alice"    # four-space indent
evidence:
    slo:
        p95-ms: 800
# a note at the end
`
    const result = addMissingKeys(before, SKELETON)
    if (!result.ok) throw new Error(result.message)
    expect(keepsEveryLine(before, result.text)).toBe(true)
    expect(result.added).toEqual(['owners.raci', 'evidence.slo.error-rate', 'evidence.load-test', 'audit'])
    expect(result.text).toBe(`# my manifest
system: bot   # aligned comment
stage: pilot
owners:
    model-operations: "@alice"    # four-space indent
    # owner.raci: RACI roles named
    raci:
      data:
      legal:
evidence:
    slo:
        p95-ms: 800
        error-rate:
    # load.production-volume: Load tested
    load-test:
      file:                 # k6 result
audit:
  # audit.logging: Decisions logged
  store:
# a note at the end
`)
    expect(parse(result.text)).toMatchObject({
      system: 'bot',
      owners: { 'model-operations': '@alice', raci: { data: null } },
      evidence: { slo: { 'p95-ms': 800, 'error-rate': null }, 'load-test': { file: null } }
    })
  })

  it('fills a key written with nothing under it, and leaves a value that is no map alone', () => {
    const before = 'system: bot\nstage: pilot\nowners: {model-operations: "@alice"}\nevidence:\naudit: none'
    const result = addMissingKeys(before, SKELETON)
    if (!result.ok) throw new Error(result.message)
    expect(keepsEveryLine(before, result.text)).toBe(true)
    expect(result.added).toEqual(['evidence.load-test', 'evidence.slo'])
    expect(parse(result.text)).toEqual({
      system: 'bot',
      stage: 'pilot',
      owners: { 'model-operations': '@alice' },
      evidence: { 'load-test': { file: null }, slo: { 'p95-ms': null, 'error-rate': null } },
      audit: 'none'
    })
  })

  it('adds nothing to a file that has every key, and refuses one that is no mapping or no YAML', () => {
    expect(addMissingKeys(SKELETON, SKELETON)).toEqual({ ok: true, text: SKELETON, added: [] })
    expect(addMissingKeys('- a\n- b\n', SKELETON)).toEqual({ ok: false, message: 'it is not a mapping of keys' })
    expect(addMissingKeys('a: [\n', SKELETON).ok).toBe(false)
  })
})

describe('setTopLevelScalar', () => {
  it('replaces the value only, keeping its comment', () => {
    expect(setTopLevelScalar('system: bot\nstage: pilot   # raise later\nx: 1\n', 'stage', 'staging')).toBe(
      'system: bot\nstage: staging   # raise later\nx: 1\n'
    )
  })
})
