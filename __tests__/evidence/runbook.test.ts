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

describe('readRunbook: what counts, at the edges of each pattern', () => {
  it('reads a placeholder dressed in emphasis as a placeholder', () => {
    expect(readRunbook('1. ** TBD **\n2. _ TODO _\n')).toEqual({ steps: 0, placeholders: 2, headings: 0, proseLines: 0 })
  })

  it('reads a placeholder word inside a step as part of the step, not as a placeholder', () => {
    const text = [
      '1. Close every open TODO ticket on the queue',
      '2. Step the traffic back to 4.0.3',
      '3. Confirm there is none left',
      '4. Mark the next step.'
    ].join('\n')
    expect(readRunbook(text)).toEqual({ steps: 4, placeholders: 0, headings: 0, proseLines: 0 })
    expect(readRunbook('1. Step ...\n2. placeholder …\n3. None!\n')).toEqual({ steps: 0, placeholders: 3, headings: 0, proseLines: 0 })
  })

  it('counts a checklist item with any spacing after the marker, and an empty box as a placeholder', () => {
    expect(readRunbook('-   [ ] Drain the queue\n*\t[x] Flip the flag\n- [ ]\n')).toEqual({ steps: 2, placeholders: 1, headings: 0, proseLines: 0 })
  })

  it('reads a number or a box not followed by a space as prose or a bullet, not an item', () => {
    expect(readRunbook('2.5 hours is the rollback budget\n- [x]done\n')).toEqual({ steps: 0, placeholders: 0, headings: 0, proseLines: 1 })
  })

  it('counts headings of every level, indented up to three spaces, and a bare #', () => {
    expect(readRunbook('## Steps\n   ###### Notes\n#\n    # code, not a heading\n#hashtag\n')).toEqual({
      steps: 0,
      placeholders: 0,
      headings: 3,
      proseLines: 2
    })
  })

  it('opens a code block only at a fence that starts the line (indented up to three spaces)', () => {
    const indented = [
      '1. Roll back',
      '   ```sh',
      '2. kubectl rollout undo deploy/triage',
      '3. kubectl rollout status deploy/triage',
      '   ```',
      '2. Tell support'
    ].join('\n')
    expect(readRunbook(indented).steps).toBe(2)
    const inline = ['1. Run the script (```rollback.sh```) from the ops host', '2. Confirm every pod serves 4.0.3', '3. Tell support'].join('\n')
    expect(readRunbook(inline).steps).toBe(3)
  })
})

describe('readRunbook: placeholders that stand for steps not written yet, beside real short steps', () => {
  it('counts no step in a stub whose items say nothing yet', () => {
    const stub = [
      '# Incident response: triage-bot',
      '1. none yet',
      '2. TBD',
      '3. n/a for now',
      '4. TODO',
      '5. to be written',
      '- [ ] (to be defined with SRE)',
      '- [ ] Step 3',
      '6. Nothing yet.',
      '7. Coming soon',
      '8. <add steps here>',
      '9. Not yet written',
      '10. Pending',
      '11. [placeholder]',
      '12. WIP: escalation',
      '13. None (yet)',
      '14. To do:',
      '15. Fill in later',
      '16. etc.',
      '17. To do',
      '18. Not written',
      '19. Not  yet  written: ask @sre',
      '20. To be filled',
      '21. Add step here',
      '22. Add the steps',
      '23. Fill this in',
      '24. Step ...'
    ].join('\n')
    expect(readRunbook(stub)).toEqual({ steps: 0, placeholders: 26, headings: 1, proseLines: 0 })
    expect(runbookShortfall(readRunbook(stub), 3)).toBe(
      'has 26 placeholder items, 1 heading but no steps, where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ])'
    )
  })

  it('counts real steps, short ones and those that start with a placeholder word', () => {
    const runbook = [
      '# Answer quality alert',
      '1. Ack the page.',
      '2. Roll back.',
      '3. Page @ml-oncall',
      '4. None of the canaries healthy? Fail over to the rules engine',
      '5. Pending jobs: drain the queue with `triage drain`',
      '6. N/A answers over 5%: switch to the fallback model',
      '7. To be safe, freeze deploys',
      '8. Nothing to do if the alert clears within 10 min',
      '9. Step back to 4.0.3',
      '10. To do this, open the runbook dashboard',
      '- [ ] Notify #support',
      '- [ ] Write the postmortem',
      '- [ ] Add the incident to the log',
      '- [x] Fill in the timeline in the incident doc',
      // The words of a placeholder inside a step, not at its start.
      '11. Check which fields are not yet written to the index',
      '12. Ask the lead whether the postmortem is to be written today',
      '13. Tell support what to do.',
      '14. Paste the error and add details',
      '15. Ask the reporter to fill in',
      '16. Add details of the outage to the incident ticket'
    ].join('\n')
    expect(readRunbook(runbook)).toEqual({ steps: 20, placeholders: 0, headings: 1, proseLines: 0 })
  })
})
