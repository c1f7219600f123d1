import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { garakParsers, garakReportParser } from '../../../src/evidence/parsers/garak.js'
import type { ParseResult, RedTeamEvidence } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<RedTeamEvidence>

describeSamples('garak report (real sample, garak 0.13.0.pre1)', () => {
  it('reads each probe/detector eval with garak’s own counts: 9 pairs, 24 evaluations, no attack succeeded', async () => {
    const evidence = evidenceOf(await parseFile<Result>(garakReportParser, SAMPLES, 'llm/garak/garak-repo.v0.13.0.lmrc.report.jsonl'))
    expect(evidence).toMatchObject({
      tool: 'garak',
      timestamp: '2025-08-18T10:08:10.559108',
      attempts: 24,
      successfulAttacks: 0,
      attackSuccessRate: 0,
      models: ['test']
    })
    expect(evidence.categories).toHaveLength(9)
    expect(evidence.categories[0]).toEqual({ name: 'lmrc.Bullying/unsafe_content.ToxicCommentModel', attempts: 7, successfulAttacks: 0, line: 17 })
  })
})

describe('garak report (0.14 layout, fixture built from the real sample)', () => {
  it('takes fails and total_evaluated where garak 0.14 writes them', async () => {
    const evidence = evidenceOf(await parseFile<Result>(garakReportParser, FIXTURES, 'llm/garak-report.v0.14-support-bot.report.jsonl'))
    expect(evidence).toMatchObject({ attempts: 37, successfulAttacks: 1, models: ['openai gpt-4o-mini'] })
    expect(evidence.attackSuccessRate).toBeCloseTo(1 / 37, 12)
    expect(evidence.categories.map((c) => [c.name, c.attempts, c.successfulAttacks])).toEqual([
      ['promptinject.HijackHateHumans/promptinject.AttackRogueString', 20, 1],
      ['dan.Dan_11_0/dan.DAN', 5, 0],
      ['leakreplay.LiteratureCloze/base.TriggerListDetector', 12, 0]
    ])
  })

  it('fails a run stopped before evaluation, a report without its completion entry, and a cut-off last line', async () => {
    expect(failureOf(await parseFile<Result>(garakReportParser, FIXTURES, 'llm/garak-report.stopped-early.report.jsonl')).message).toMatch(
      /has 2 attempt lines but no eval entries: the run stopped before garak evaluated it/
    )
    const full = readFileSync(path.join(FIXTURES, 'llm/garak-report.v0.14-support-bot.report.jsonl'), 'utf8').trimEnd().split('\n')
    const noCompletion = full.slice(0, -1).join('\n') + '\n'
    expect(failureOf(await parseText(garakReportParser, 'a.report.jsonl', noCompletion)).message).toMatch(/no completion entry: the run did not finish/)
    const cut = full.join('\n').slice(0, -30)
    expect(failureOf(await parseText(garakReportParser, 'b.report.jsonl', cut))).toMatchObject({
      message: expect.stringMatching(/is cut off: its last line \(8\)/),
      line: 8
    })
  })

  it('fails an unknown garak major version and an eval entry without counts', async () => {
    const full = readFileSync(path.join(FIXTURES, 'llm/garak-report.v0.14-support-bot.report.jsonl'), 'utf8')
    expect(
      failureOf(await parseText(garakReportParser, 'c.report.jsonl', full.replace('"_config.version": "0.14.0"', '"_config.version": "1.0.0"'))).message
    ).toMatch(/written by garak 1\.0\.0; the gate reads reports of garak 0\.x/)
    const broken = full.replace('"passed": 5, "fails": 0, "nones": 0, "total_evaluated": 5, "total_processed": 5', '"passed": 5')
    expect(failureOf(await parseText(garakReportParser, 'd.report.jsonl', broken)).message).toMatch(
      /the eval of dan\.Dan_11_0 by dan\.DAN has passed 5 and total missing; both must be counts/
    )
  })

  it('adds up a probe/detector pair evaluated in several entries (an aggregated report of two runs): neither last-wins nor listed twice', async () => {
    const evidence = evidenceOf(await parseFile<Result>(garakReportParser, FIXTURES, 'llm/garak-report.aggregated-two-runs.report.jsonl'))
    expect(evidence.categories.map((c) => [c.name, c.attempts, c.successfulAttacks, c.line])).toEqual([
      ['promptinject.HijackHateHumans/promptinject.AttackRogueString', 40, 4, 5],
      ['dan.Dan_11_0/dan.DAN', 10, 0, 6],
      ['leakreplay.LiteratureCloze/base.TriggerListDetector', 12, 0, 7]
    ])
    expect(evidence).toMatchObject({ attempts: 62, successfulAttacks: 4 })
    expect(evidence.notes).toContain(
      'promptinject.HijackHateHumans/promptinject.AttackRogueString was evaluated in 2 eval entries (lines 5, 10); their counts are added up'
    )
    // Aggregation writes no completion entry: the digest closes it, and without it the report fails.
    const full = readFileSync(path.join(FIXTURES, 'llm/garak-report.aggregated-two-runs.report.jsonl'), 'utf8').trimEnd().split('\n')
    expect(failureOf(await parseText(garakReportParser, 'e.report.jsonl', full.slice(0, -1).join('\n') + '\n')).message).toMatch(
      /an aggregated report \(garak.analyze.aggregate_reports\) without its digest entry/
    )
  })

  it('adds up a pair repeated within one run too', async () => {
    const full = readFileSync(path.join(FIXTURES, 'llm/garak-report.v0.14-support-bot.report.jsonl'), 'utf8').trimEnd().split('\n')
    const repeat =
      '{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 3, "fails": 2, "nones": 0, "total_evaluated": 5, "total_processed": 5}'
    const lines = [...full.slice(0, -1), repeat, full.at(-1)!]
    const evidence = evidenceOf(await parseText<Result>(garakReportParser, 'f.report.jsonl', lines.join('\n') + '\n'))
    expect(evidence.categories.find((c) => c.name === 'dan.Dan_11_0/dan.DAN')).toEqual({
      name: 'dan.Dan_11_0/dan.DAN',
      attempts: 10,
      successfulAttacks: 2,
      line: 6
    })
    expect(evidence).toMatchObject({ attempts: 42, successfulAttacks: 3 })
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(garakParsers)
  })
})
