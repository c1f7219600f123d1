import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseManifest } from '../../src/manifest/load.js'

const load = (text: string) => parseManifest('/repo', 'sys/readiness.yml', text)
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((line) => line.includes(needle)) + 1

describe('parseManifest', () => {
  it('reads a valid manifest with no problems', () => {
    const m = load('system: a\nstage: pilot\nowners:\n  model-operations: "@alice"\n')
    expect(m.problems).toEqual([])
    expect(m.name).toBe('a')
    expect(m.stage).toBe('pilot')
    expect(m.locate(['owners', 'model-operations'])).toEqual({ file: 'sys/readiness.yml', line: 4, column: 3, found: true })
  })

  it('locates a missing key at its nearest written ancestor', () => {
    const m = load('system: a\nstage: pilot\nowners:\n  raci:\n    data: "@d"\n')
    expect(m.locate(['owners', 'raci', 'legal'])).toMatchObject({ line: 4, found: false })
  })

  it('reports malformed YAML at its line, with a sentence', () => {
    const text = 'system: a\nstage: pilot\nowners:\n  model-operations: "@alice\n'
    const m = load(text)
    expect(m.data).toBeUndefined()
    expect(m.problems).toHaveLength(1)
    expect(m.problems[0]).toMatchObject({ rule: 'manifest.parse', status: 'fail', file: 'sys/readiness.yml' })
    expect(m.problems[0]!.line).toBeGreaterThanOrEqual(4)
    expect(m.problems[0]!.message).toMatch(/^The manifest is not valid YAML: /)
  })

  it('refuses duplicate keys at the second occurrence', () => {
    const text = 'system: a\nstage: pilot\nstage: production\n'
    const [problem] = load(text).problems
    expect(problem).toMatchObject({ rule: 'manifest.parse', line: 3 })
    expect(problem!.message).toMatch(/written twice/)
  })

  it('names an unknown key and suggests the known one', () => {
    const text = 'system: a\nstage: staging\nevidence:\n  load-tset:\n    file: x.json\n'
    const [problem] = load(text).problems
    expect(problem).toMatchObject({ rule: 'manifest.schema', line: lineOf(text, 'load-tset') })
    expect(problem!.message).toBe('`evidence.load-tset` is not a known key (did you mean `load-test`?).')
  })

  it('explains wrong types, empty values, bad handles, unknown stages and bad dates in plain sentences', () => {
    const text = [
      'system: a',
      'stage: prod',
      'model:',
      '  version: 2.3',
      'owners:',
      '  model-operations:',
      '  executive-sponsor: carol',
      'volume:',
      '  peak-rps: "forty"',
      'adoption:',
      '  training:',
      '    completed-on: 2026-02-30'
    ].join('\n')
    const m = load(text)
    const byLine = Object.fromEntries(m.problems.map((p) => [p.line, p.message]))
    expect(byLine[2]).toBe('`stage` must be one of pilot, staging, production, not "prod".')
    expect(byLine[4]).toBe('`model.version` must be a string, not number 2.3; quote it: "2.3".')
    expect(byLine[6]).toBe('`owners.model-operations` is empty.')
    expect(byLine[7]).toBe('`owners.executive-sponsor` must be an @handle such as @alice or @org/team, not "carol".')
    expect(byLine[9]).toBe('`volume.peak-rps` must be a number, not "forty".')
    expect(byLine[12]).toBe('`adoption.training.completed-on` must be a real date like 2026-11-02, not "2026-02-30".')
    expect(m.stage).toBeNull()
  })

  it("quotes the schema's description of a form after the value, instead of pasting it into the sentence", () => {
    const [problem] = load('system: Support Bot\nstage: pilot\n').problems
    expect(problem!.message).toBe("`system` is \"Support Bot\", which is not in the allowed form (The system's name: letters, digits, '.', '_' or '-').")
  })

  it('reports missing required keys', () => {
    const m = load('description: nothing else\n')
    expect(m.problems.map((p) => p.message).sort()).toEqual(['`stage` is missing.', '`system` is missing.'])
  })

  it('refuses an empty document and a non-mapping root', () => {
    expect(load('').problems[0]!.message).toBe('The manifest is empty.')
    expect(load('# only a comment\n').problems[0]!.message).toBe('The manifest is empty.')
    expect(load('- system: a\n').problems[0]!.message).toMatch(/must be a mapping/)
  })

  it('refuses several documents in one file', () => {
    expect(load('system: a\nstage: pilot\n---\nsystem: b\nstage: pilot\n').problems[0]!.message).toBe(
      'The manifest holds more than one YAML document; put one per file.'
    )
  })

  it('stops a billion-laughs alias bomb by its alias count, with a finding', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`
      )
    const m = load(lines.join('\n'))
    expect(m.problems).toHaveLength(1)
    expect(m.problems[0]!.message).toMatch(/too many aliases \(over 100\)/)
  })

  it('turns very deep nesting into a finding, not a stack overflow', () => {
    const m = load(`system: ${'['.repeat(100_000)}${']'.repeat(100_000)}`)
    expect(m.problems.length).toBeGreaterThan(0)
    expect(m.problems[0]!.status).toBe('fail')
  })

  it('never throws and always reports problems inside the file, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('system: [', 'a: *b', '&a x: *a', '? [a]: b', '!!binary x', 'stage: !!int 1')),
        (text) => {
          const m = load(text)
          const lines = text.split(/\r\n|\r|\n/).length
          for (const problem of m.problems) {
            expect(problem.status).toBe('fail')
            expect(problem.line).toBeGreaterThanOrEqual(1)
            expect(problem.line).toBeLessThanOrEqual(lines + 1)
            expect(problem.message.length).toBeGreaterThan(0)
          }
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe('handles in sign-offs', () => {
  it('says a sign-off needs a person, not a team, where the schema admits no team', async () => {
    const { validateAgainst } = await import('../../src/schema/validate.js')
    const schema = (await import('../../schemas/signoff.schema.json', { with: { type: 'json' } })).default
    const problems = validateAgainst(schema, { role: 'security', system: 'a', 'signed-by': '@acme/appsec', date: '2026-11-01', scope: 'all' })
    expect(problems.map((p) => p.message)).toEqual([
      '`signed-by` must be a person\'s @login such as @alice, not a team (a person signs and approves the pull request), not "@acme/appsec"'
    ])
  })
})
