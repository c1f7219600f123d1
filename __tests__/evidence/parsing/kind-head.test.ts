import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { headText } from '../../../src/fs/safe-read.js'
import { kindDeclaration } from '../../../src/evidence/parsing/kind-head.js'
import { hasSamples, SAMPLES } from '../../support/samples.js'

const PROJECT = join(import.meta.dirname, '../../..')
const KINDS = ['evaluation', 'drift']

/** The two patterns as the parsers wrote them before kindDeclaration. */
const BEFORE = new Map(
  KINDS.map((kind) => [
    kind,
    { yaml: new RegExp(`^kind\\s*:\\s*["']?${kind}["']?\\s*(?:#.*)?$`, 'm'), json: new RegExp(`^\\s*\\{[\\s\\S]*"kind"\\s*:\\s*"${kind}"`) }
  ])
)
const declaredBefore = (head: string, kind: string): boolean => BEFORE.get(kind)!.yaml.test(head) || BEFORE.get(kind)!.json.test(head)

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]))

describe('kindDeclaration', () => {
  it('agrees with the two patterns on the head of every example, fixture and sample file', () => {
    const roots = [join(PROJECT, 'examples'), join(PROJECT, '__tests__/fixtures'), join(PROJECT, 'docs')]
    if (hasSamples) roots.push(SAMPLES)
    let declared = 0
    for (const file of roots.flatMap((dir) => files(dir))) {
      const head = headText(readFileSync(file).subarray(0, 64 * 1024))
      for (const kind of KINDS) {
        const before = declaredBefore(head, kind)
        if (before) declared++
        expect({ file, kind, declared: kindDeclaration(kind)(head) }).toEqual({ file, kind, declared: before })
      }
    }
    expect(declared).toBeGreaterThan(10)
  })

  it('agrees with the two patterns on 20,000 seeded random texts made of their pieces', () => {
    const pieces = [
      'kind',
      '"kind"',
      'Kind',
      ':',
      ' : ',
      '"',
      "'",
      ' ',
      '\t',
      '\n',
      '\r',
      '\u2028',
      '{',
      ' {',
      '}',
      '#',
      '# note',
      'x',
      'evaluation',
      'drift',
      '"evaluation"',
      '"drift"',
      'kinds',
      'akind'
    ]
    let seed = 10
    const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n
    const seen = { yaml: 0, json: 0, neither: 0 }
    const declares = new Map(KINDS.map((kind) => [kind, kindDeclaration(kind)]))
    const differ: unknown[] = []
    for (let round = 0; round < 20_000; round++) {
      // Half open as a JSON object might (white space, a brace), half carry a whole declaration somewhere.
      let text = random(2) ? ['', ' ', '\n', '\t \r\n', 'x'][random(5)]! + ['{', '{\n  ', '[', ''][random(4)]! : ''
      const length = 1 + random(14)
      const declaration = random(2) ? random(length) : -1
      for (let i = 0; i < length; i++) {
        if (i === declaration) text += ['"kind": "evaluation"', '"kind" :"drift"', '\nkind: evaluation', 'kind:drift # x', "\nkind: 'drift'\r\n"][random(5)]
        text += pieces[random(pieces.length)]
      }
      for (const kind of KINDS) {
        const before = declaredBefore(text, kind)
        if (BEFORE.get(kind)!.yaml.test(text)) seen.yaml++
        else if (before) seen.json++
        else seen.neither++
        if (declares.get(kind)!(text) !== before) differ.push({ text, kind, before })
      }
    }
    expect(differ.slice(0, 5)).toEqual([])
    // Both forms are met, so a broken half of the shortcut would show.
    expect(seen.yaml).toBeGreaterThan(50)
    expect(seen.json).toBeGreaterThan(50)
  })
})
