// A runbook counts by its steps: ordered-list or checklist items that say what to do.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { readRunbook, runbookShortfall } from '../../src/evidence/runbook.js'

describe('readRunbook', () => {
  it("counts the example's rollback runbook: three numbered steps and a line of prose", () => {
    const structure = readRunbook(readFileSync('examples/production-ready/runbooks/rollback.md', 'utf8'))
    expect(structure).toEqual({ steps: 3, placeholders: 0, headings: 1, proseLines: 1 })
    expect(runbookShortfall(structure, 3)).toBeUndefined()
  })

  it('finds no steps in a title alone, and says what is there and what is missing', () => {
    const structure = readRunbook('# Rollback\n')
    expect(structure).toEqual({ steps: 0, placeholders: 0, headings: 1, proseLines: 0 })
    expect(runbookShortfall(structure, 3)).toBe(
      'has 1 heading but no steps, where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ])'
    )
    expect(runbookShortfall(readRunbook(''), 1)).toBe(
      'is empty: no steps, where the policy needs at least 1 as a numbered list (1. 2. 3.) or a checklist (- [ ])'
    )
  })

  it('counts checklists and numbered items written with ) and nested, not bullets, placeholders, code or comments', () => {
    const text = [
      '# Incident response',
      'Page the on-call first.',
      '- [ ] Acknowledge the page in PagerDuty',
      '- [x] Open an incident channel',
      '1) Freeze deploys',
      '   2. Tell support which queue is affected',
      '- a bullet is a note, not a step',
      '3. TODO: write the database step',
      '4. TBD',
      '5. ...',
      '6.',
      '```sh',
      '1. kubectl rollout undo deploy/triage',
      '```',
      '<!-- 1. a step hidden in a comment -->',
      '7. **Confirm** the error rate is back under 1%'
    ].join('\n')
    expect(readRunbook(text)).toEqual({ steps: 5, placeholders: 4, headings: 1, proseLines: 1 })
  })

  it('counts an item only at the start of a line: a number or a checkbox inside prose is no step', () => {
    const text = ['Restart as in section 1. Then check the logs.', 'Pour 1.5 litres of coffee', 'Done - [x] restart the pods', 'Also see # 3 above'].join('\n')
    expect(readRunbook(text)).toEqual({ steps: 0, placeholders: 0, headings: 0, proseLines: 4 })
  })

  it('counts items numbered past 9, and skips blank lines of spaces', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `${i + 1}. Restart node ${i + 1}`).join('\n   \n')
    expect(readRunbook(ten)).toEqual({ steps: 10, placeholders: 0, headings: 0, proseLines: 0 })
  })

  it('counts an item without two letters in a row as a placeholder, not a step', () => {
    expect(readRunbook('1. a\n2. 42\n3. x = 1\n4. **   **\n')).toEqual({ steps: 0, placeholders: 4, headings: 0, proseLines: 0 })
    expect(readRunbook('1. none\n2. placeholder.\n3. Step\n4. n/a\n5. ...\n')).toEqual({ steps: 0, placeholders: 5, headings: 0, proseLines: 0 })
    expect(readRunbook('Done- [x] restart the pods\n')).toEqual({ steps: 0, placeholders: 0, headings: 0, proseLines: 1 })
  })

  it('closes a code block only with its own fence, and a comment left open hides the rest', () => {
    const fenced = ['```', '~~~', '1. not a step inside the block', '2. nor this one', '```', '1. Restart the service'].join('\n')
    expect(readRunbook(fenced).steps).toBe(1)
    expect(readRunbook('1. Restart the service\n<!-- draft\n2. Drain the queue\n3. Flip the flag\n').steps).toBe(1)
  })

  it('has its boundary at the policy minimum', () => {
    const steps = (n: number): string => Array.from({ length: n }, (_, i) => `${i + 1}. Do step ${i + 1}`).join('\n')
    expect(runbookShortfall(readRunbook(steps(2)), 3)).toBe(
      'has only 2 steps, where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ])'
    )
    expect(runbookShortfall(readRunbook(steps(3)), 3)).toBeUndefined()
    expect(runbookShortfall(readRunbook('# Plan\n1. Do it\n2. TODO\n'), 3)).toBe(
      'has only 1 step (and 1 placeholder item, 1 heading), where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ])'
    )
  })
})
