import { describe, expect, it } from '@jest/globals'
import { hintsOnce } from '../../src/render/hints.js'
import type { Finding } from '../../src/report/types.js'

const finding = (rule: string, line: number, hint?: string, status: Finding['status'] = 'fail'): Finding => ({
  rule,
  status,
  message: `problem ${line}`,
  file: 'a/readiness.yml',
  line,
  ...(hint ? { hint } : {})
})

describe('hintsOnce', () => {
  it('tells a fix shared by a requirement’s problems once, after the last of them', () => {
    const shown = hintsOnce([
      finding('cost.projection', 1, 'Set the cost.'),
      finding('cost.projection', 2, 'Set the cost.'),
      finding('cost.projection', 3, 'Set the cost.')
    ])
    expect(shown.map((f) => f.hint)).toEqual([undefined, undefined, 'Set the cost.'])
  })

  it('keeps different fixes, the same fix of another requirement, and fixes across a passing finding', () => {
    const shown = hintsOnce([
      finding('rollback.tested', 1, 'Write the runbook.'),
      finding('rollback.tested', 2, 'Rehearse it.'),
      finding('drift.detection', 3, 'Rehearse it.'),
      finding('drift.detection', 4, 'Configure drift.'),
      finding('drift.detection', 5, undefined, 'pass'),
      finding('drift.detection', 6, 'Configure drift.')
    ])
    expect(shown.map((f) => f.hint)).toEqual(['Write the runbook.', 'Rehearse it.', 'Rehearse it.', undefined, undefined, 'Configure drift.'])
  })

  it('leaves the findings it is given unchanged', () => {
    const given = [finding('owner.raci', 1, 'Name them.'), finding('owner.raci', 2, 'Name them.')]
    hintsOnce(given)
    expect(given.map((f) => f.hint)).toEqual(['Name them.', 'Name them.'])
  })
})
