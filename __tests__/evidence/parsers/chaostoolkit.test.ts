import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { chaosToolkitJournalParser, chaosToolkitParsers } from '../../../src/evidence/parsers/chaostoolkit.js'
import type { FailureDrillEvidence, ParseResult } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<FailureDrillEvidence>

describeSamples('Chaos Toolkit journal (real samples)', () => {
  it('fails a deviated run even though every activity succeeded', async () => {
    const evidence = evidenceOf(
      await parseFile<Result>(chaosToolkitJournalParser, SAMPLES, 'llm/chaostoolkit/chaos-engineering.chaoslib-1.9.0.deviated.journal.json')
    )
    expect(evidence).toMatchObject({ experiments: 1, passed: 0, failed: 1, timestamp: '2020-06-05T09:13:58.085110Z' })
    expect(evidence.results[0]).toMatchObject({
      name: 'Terminating the greeting service should not impact users',
      status: 'failed',
      deviated: true,
      passed: false
    })
  })

  it('passes a completed run that did not deviate', async () => {
    const evidence = evidenceOf(
      await parseFile<Result>(chaosToolkitJournalParser, SAMPLES, 'llm/chaostoolkit/chaostoolkit-ansible.chaoslib-1.19.0.completed.journal.json')
    )
    expect(evidence).toMatchObject({ experiments: 1, passed: 1, failed: 0, durationS: 8.17142653465271 })
    expect(evidence.recoverySeconds).toBeUndefined()
  })

  // The real completed journal, hollowed: without an injected fault or a checked steady state it proves nothing.
  it.each([
    [
      'no action in its run',
      (journal: Record<string, unknown>) => ({
        ...journal,
        run: (journal.run as { activity: { type: string } }[]).filter((step) => step.activity.type !== 'action')
      }),
      'no action ran in its method, so no fault was injected'
    ],
    ['an empty run', (journal: Record<string, unknown>) => ({ ...journal, run: [] }), 'no action ran in its method, so no fault was injected'],
    [
      'no steady state after',
      (journal: Record<string, unknown>) => ({ ...journal, steady_states: { before: (journal.steady_states as Record<string, unknown>).before } }),
      'the steady state was not checked after the method'
    ],
    [
      'the steady state not met after',
      (journal: Record<string, unknown>) => ({
        ...journal,
        steady_states: { ...(journal.steady_states as Record<string, unknown>), after: { steady_state_met: false, probes: [] } }
      }),
      'the steady state was not met after the method'
    ]
  ])('does not pass a completed run with %s', async (_how, hollow, reason) => {
    const real = JSON.parse(readFileSync(path.join(SAMPLES, 'llm/chaostoolkit/chaostoolkit-ansible.chaoslib-1.19.0.completed.journal.json'), 'utf8')) as Record<
      string,
      unknown
    >
    const evidence = evidenceOf(await parseText<Result>(chaosToolkitJournalParser, 'journal.json', JSON.stringify(hollow(real), null, 2)))
    expect(evidence).toMatchObject({ experiments: 1, passed: 0, failed: 1 })
    expect(evidence.results[0]).toMatchObject({ status: 'completed', deviated: false, passed: false, reason })
  })
})

describe('Chaos Toolkit bad input', () => {
  it('fails an unknown status', async () => {
    const journal = JSON.stringify({ 'chaoslib-version': '1.19.0', experiment: { title: 't' }, status: 'running', deviated: false })
    expect(failureOf(await parseText(chaosToolkitJournalParser, 'journal.json', journal)).message).toMatch(
      /status "running"; a Chaos Toolkit journal's status is completed, failed, aborted or interrupted/
    )
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(chaosToolkitParsers)
  })
})
