import { describe, expect, it } from '@jest/globals'
import { withChange } from '../../src/change/delta.js'
import { finding, report, system, systemChange } from '../support/report-fixtures.js'

const M = 'ai/a/readiness.yml'
const options = { baseLabel: 'base 1a2b3c4', blockOn: 'all' as const, touched: new Set<string>(), unreadable: [] }

const before = system(
  'a',
  'production',
  [
    finding('rollback.tested', 'fail', 'never rehearsed', M, 9),
    finding('owner.raci', 'fail', 'legal not named', M, 4),
    finding('audit.logging', 'pass', 'logged', M, 12)
  ],
  M
)
const after = system(
  'a',
  'production',
  [
    finding('rollback.tested', 'pass', 'rehearsed', M, 9),
    finding('owner.raci', 'fail', 'legal not named', M, 4),
    finding('audit.logging', 'fail', 'outputs not logged', M, 12)
  ],
  M
)

describe('withChange', () => {
  it('names what the change did per system and marks each failure new or existing', () => {
    const changed = withChange(report([after]), report([before]), { ...options, touched: new Set([M]) })
    expect(changed.change!.systems).toEqual([
      systemChange(
        'a',
        M,
        'touched',
        ['production', 'production'],
        [
          [1, 3],
          [1, 3]
        ],
        { newlyFailing: ['audit.logging'], newlyMet: ['rollback.tested'], blocks: true }
      )
    ])
    const marks = changed.systems[0]!.findings.map((f) => [f.rule, f.change])
    expect(marks).toEqual([
      ['rollback.tested', undefined],
      ['owner.raci', 'existing'],
      ['audit.logging', 'new']
    ])
    expect(changed.passed).toBe(false)
  })

  it('names systems added and removed', () => {
    const other = system('b', 'pilot', [finding('owner.raci', 'pass', 'ok', 'ai/b/readiness.yml', 2)], 'ai/b/readiness.yml')
    const changed = withChange(report([other]), report([before]), options)
    expect(changed.change!.systems.map((s) => [s.name, s.status, s.stage, s.blocks])).toEqual([
      ['b', 'added', { before: null, after: 'pilot' }, false],
      ['a', 'removed', { before: 'production', after: null }, false]
    ])
  })

  it('under block-on: changes, lets an untouched system keep its old gaps, but not a new one', () => {
    const same = withChange(report([before]), report([before]), { ...options, blockOn: 'changes' })
    expect(same.passed).toBe(true)
    expect(same.change!.systems[0]!.blocks).toBe(false)
    // Untouched files, yet a new failure (evidence aged out): it blocks.
    const aged = withChange(report([after]), report([before]), { ...options, blockOn: 'changes' })
    expect(aged.change!.systems[0]).toMatchObject({ status: 'untouched', blocks: true })
    expect(aged.passed).toBe(false)
    // A failing run-level notice always blocks.
    const noticed = withChange(report([before], { notices: [finding('system.removed', 'fail', 'gone', 'x.yml', 1)] }), report([before]), {
      ...options,
      blockOn: 'changes'
    })
    expect(noticed.passed).toBe(false)
  })
})
