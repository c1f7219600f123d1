import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { garakParsers, garakReportParser } from '../../../src/evidence/parsers/garak.js'
import type { ParseResult, RedTeamEvidence } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<RedTeamEvidence>
type Entry = Record<string, unknown> & { entry_type: string }

const SUPPORT_BOT = 'llm/garak-report.v0.14-support-bot.report.jsonl'
const lines = (relPath: string): string[] => readFileSync(path.join(FIXTURES, relPath), 'utf8').trimEnd().split('\n')
const entries = (relPath: string): Entry[] => lines(relPath).map((line) => JSON.parse(line) as Entry)
const text = (list: Entry[]): string => list.map((entry) => JSON.stringify(entry)).join('\n') + '\n'
const counts = (evidence: RedTeamEvidence): [string, number, number][] => evidence.categories.map((c) => [c.name, c.attempts, c.successfulAttacks])
const isDetected = (entry: Entry, probe: string): boolean => entry.entry_type === 'attempt' && entry.status === 2 && entry.probe_classname === probe
const isEval = (entry: Entry, probe: string, detector?: string): boolean =>
  entry.entry_type === 'eval' && entry.probe === probe && (detector === undefined || entry.detector === detector)

describeSamples('garak report (real sample, garak 0.13.0.pre1)', () => {
  it('counts each probe’s prompts, not its evaluations: 6 probes, 19 prompts (garak’s eval entries count 24), no attack succeeded', async () => {
    const evidence = evidenceOf(await parseFile<Result>(garakReportParser, SAMPLES, 'llm/garak/garak-repo.v0.13.0.lmrc.report.jsonl'))
    expect(evidence).toMatchObject({
      tool: 'garak',
      timestamp: '2025-08-18T10:08:10.559108',
      attempts: 19,
      successfulAttacks: 0,
      attackSuccessRate: 0,
      models: ['test']
    })
    // lmrc.SexualContent is one prompt judged by two detectors: one attempt, not two.
    expect(counts(evidence)).toEqual([
      ['lmrc.Bullying', 7, 0],
      ['lmrc.Deadnaming', 6, 0],
      ['lmrc.QuackMedicine', 1, 0],
      ['lmrc.SexualContent', 1, 0],
      ['lmrc.Sexualisation', 3, 0],
      ['lmrc.SlurUsage', 1, 0]
    ])
    expect(evidence.categories[0]!.line).toBe(17)
    expect(evidence.notes).toContain(
      "19 prompts in all; garak's own eval entries count 24 evaluations (each generation × detector), which are not independent trials"
    )
  })
})

describe('garak report (0.14 layout, fixture written by scripts/fixtures/garak/generate.mjs)', () => {
  it('counts a prompt with 3 generations judged by 2 detectors once, and a prompt hit in 2 of its generations as one successful attack', async () => {
    const evidence = evidenceOf(await parseFile<Result>(garakReportParser, FIXTURES, SUPPORT_BOT))
    // garak's eval entries: 3 of 60 HijackHateHumans outputs failed, 6 Dan evaluations, 36 LiteratureCloze ones.
    expect(evidence).toMatchObject({ attempts: 33, successfulAttacks: 2, models: ['openai gpt-4o-mini'] })
    expect(counts(evidence)).toEqual([
      ['promptinject.HijackHateHumans', 20, 2],
      ['dan.Dan_11_0', 1, 0],
      ['leakreplay.LiteratureCloze', 12, 0]
    ])
    // Each successful attack at its attempt's line, so a finding points at it.
    expect(evidence.cases).toEqual([
      { name: 'promptinject.HijackHateHumans attempt 3', line: 26, status: 'failed' },
      { name: 'promptinject.HijackHateHumans attempt 11', line: 34, status: 'failed' }
    ])
    expect(evidence.notes?.[0]).toMatch(/at or above 0\.5 \(garak's eval_threshold, its default: the run records none\)$/)
  })

  it('an attempt is hit when any detector flags any generation: one MitigationBypass score on the third generation makes the Dan prompt a success', async () => {
    const list = entries(SUPPORT_BOT).map((entry): Entry => {
      if (isDetected(entry, 'dan.Dan_11_0')) return { ...entry, detector_results: { 'dan.DAN': [0, 0, 0], 'mitigation.MitigationBypass': [0, 0, 1] } }
      if (isEval(entry, 'dan.Dan_11_0', 'mitigation.MitigationBypass')) return { ...entry, passed: 2, fails: 1 }
      return entry
    })
    const evidence = evidenceOf(await parseText<Result>(garakReportParser, 'a.report.jsonl', text(list)))
    expect(counts(evidence)[1]).toEqual(['dan.Dan_11_0', 1, 1])
    expect(evidence.notes?.join('\n')).not.toMatch(/unfavourable/)
  })

  it('judges a score against the threshold: 0.5 is a hit and 0.4999 is not by default; a recorded run.eval_threshold of 0.7 moves the boundary', async () => {
    const withScore = (score: number, threshold?: number): string =>
      text(
        entries(SUPPORT_BOT).map((entry): Entry => {
          if (entry.entry_type === 'start_run setup' && threshold !== undefined) return { ...entry, 'run.eval_threshold': threshold }
          if (isDetected(entry, 'dan.Dan_11_0')) return { ...entry, detector_results: { 'dan.DAN': [score, 0, 0], 'mitigation.MitigationBypass': [0, 0, 0] } }
          return entry
        })
      )
    const dan = async (score: number, threshold?: number) =>
      evidenceOf(await parseText<Result>(garakReportParser, 'b.report.jsonl', withScore(score, threshold))).categories[1]!.successfulAttacks
    expect(await dan(0.5)).toBe(1)
    expect(await dan(0.4999)).toBe(0)
    expect(await dan(0.7, 0.7)).toBe(1)
    expect(await dan(0.6999, 0.7)).toBe(0)
  })

  it('takes the unfavourable reading when the eval entries and the attempts disagree, and says so', async () => {
    // The eval entry claims 5 failed outputs; the attempts show 3 (in 2 prompts): 5 prompts are counted as hit.
    const list = entries(SUPPORT_BOT).map((entry): Entry => (isEval(entry, 'promptinject.HijackHateHumans') ? { ...entry, passed: 55, fails: 5 } : entry))
    const evidence = evidenceOf(await parseText<Result>(garakReportParser, 'c.report.jsonl', text(list)))
    expect(counts(evidence)[0]).toEqual(['promptinject.HijackHateHumans', 20, 5])
    expect(evidence.notes).toContain(
      'promptinject.HijackHateHumans/promptinject.AttackRogueString: the attempts hold 60 scored outputs (3 at or above 0.5) but the eval entries count 60 (5 failed); the unfavourable reading is taken: 5 of 20 prompts successful'
    )
  })

  it('leaves out an attempt no detector scored (every score null): it was not judged', async () => {
    let first = true
    const list = entries(SUPPORT_BOT).map((entry): Entry => {
      if (!isDetected(entry, 'leakreplay.LiteratureCloze') || !first) return entry
      first = false
      return { ...entry, detector_results: { 'base.TriggerListDetector': [null, null, null] } }
    })
    const evidence = evidenceOf(await parseText<Result>(garakReportParser, 'd.report.jsonl', text(list)))
    expect(counts(evidence)[2]).toEqual(['leakreplay.LiteratureCloze', 11, 0])
    expect(evidence.notes).toContain('leakreplay.LiteratureCloze: 1 of its attempt entries have no score from any detector and are not counted')
  })

  it('reads a report without attempt entries conservatively: outputs ÷ run.generations prompts, each failed output a successful prompt; without generations it fails', async () => {
    const summaryOnly = entries(SUPPORT_BOT).filter((entry) => entry.entry_type !== 'attempt')
    const evidence = evidenceOf(await parseText<Result>(garakReportParser, 'e.report.jsonl', text(summaryOnly)))
    // 60 outputs at 3 generations: at least 20 prompts; 3 failed outputs may be 3 prompts (the attempts showed 2).
    expect(counts(evidence)).toEqual([
      ['promptinject.HijackHateHumans', 20, 3],
      ['dan.Dan_11_0', 1, 0],
      ['leakreplay.LiteratureCloze', 12, 0]
    ])
    expect(evidence.notes).toContain(
      'promptinject.HijackHateHumans: no attempt entry in the file; 60 outputs at 3 generations a prompt are counted as at least 20 prompts, and each of its 3 failed outputs as a successful prompt'
    )
    const noGenerations = summaryOnly.map((entry): Entry => {
      if (entry.entry_type !== 'start_run setup') return entry
      const { 'run.generations': _generations, ...setup } = entry
      return setup
    })
    expect(failureOf(await parseText<Result>(garakReportParser, 'f.report.jsonl', text(noGenerations)))).toMatchObject({
      message:
        '"f.report.jsonl" line 3: the eval entries of promptinject.HijackHateHumans count 60 outputs, but the report holds no attempt of the probe and its setup records no run.generations, so how many prompts were tried cannot be known; link the full report.jsonl garak wrote',
      line: 3
    })
  })

  it('fails a run stopped before evaluation, a report without its completion entry, and a cut-off last line', async () => {
    expect(failureOf(await parseFile<Result>(garakReportParser, FIXTURES, 'llm/garak-report.stopped-early.report.jsonl')).message).toMatch(
      /has 40 attempt lines but no eval entries: the run stopped before garak evaluated it/
    )
    const full = lines(SUPPORT_BOT)
    const noCompletion = full.slice(0, -1).join('\n') + '\n'
    expect(failureOf(await parseText(garakReportParser, 'a.report.jsonl', noCompletion)).message).toMatch(/no completion entry: the run did not finish/)
    const cut = full.join('\n').slice(0, -30)
    expect(failureOf(await parseText(garakReportParser, 'b.report.jsonl', cut))).toMatchObject({
      message: expect.stringMatching(new RegExp(`is cut off: its last line \\(${full.length}\\)`)),
      line: full.length
    })
  })

  it('fails an unknown garak major version, an eval entry without counts and an attempt whose scores are not numbers', async () => {
    const full = readFileSync(path.join(FIXTURES, SUPPORT_BOT), 'utf8')
    expect(
      failureOf(await parseText(garakReportParser, 'c.report.jsonl', full.replace('"_config.version": "0.14.0"', '"_config.version": "1.0.0"'))).message
    ).toMatch(/written by garak 1\.0\.0; the gate reads reports of garak 0\.x/)
    const broken = full.replace(
      '"detector": "dan.DAN", "passed": 3, "fails": 0, "nones": 0, "total_evaluated": 3, "total_processed": 3',
      '"detector": "dan.DAN", "passed": 3'
    )
    expect(failureOf(await parseText(garakReportParser, 'd.report.jsonl', broken)).message).toMatch(
      /the eval of dan\.Dan_11_0 by dan\.DAN has passed 3 and total missing; both must be counts/
    )
    const words = text(
      entries(SUPPORT_BOT).map((entry) => (isDetected(entry, 'dan.Dan_11_0') ? { ...entry, detector_results: { 'dan.DAN': ['high'] } } : entry))
    )
    expect(failureOf(await parseText(garakReportParser, 'e.report.jsonl', words))).toMatchObject({
      message: expect.stringMatching(/line 45: the attempt's detector_results is .*; it must map each detector to a list of scores/),
      line: 45
    })
  })

  it('counts prompts per probe: the same prompt again is one, a prompt apart in any field (or in another probe) is its own', async () => {
    const detected = entries(SUPPORT_BOT).filter((entry) => isDetected(entry, 'promptinject.HijackHateHumans'))
    const first = detected[0]!.prompt as { turns: { content: Record<string, unknown> }[]; notes: object }
    const changed = new Map<unknown, unknown>([
      // The second attempt asks the first prompt again (its copy, its keys in the same order): one prompt.
      [detected[1]!.uuid, JSON.parse(JSON.stringify(first))],
      // The third asks it in another language, the fourth with a note: prompts of their own.
      [detected[2]!.uuid, { ...first, turns: [{ ...first.turns[0], content: { ...first.turns[0]!.content, lang: 'fr' } }] }],
      [detected[3]!.uuid, { ...first, notes: { turn: 2 } }]
    ])
    let cloze = true
    const list = entries(SUPPORT_BOT).map((entry): Entry => {
      if (changed.has(entry.uuid)) return { ...entry, prompt: changed.get(entry.uuid) }
      // Another probe asking the same prompt: a prompt of that probe.
      if (isDetected(entry, 'leakreplay.LiteratureCloze') && cloze) {
        cloze = false
        return { ...entry, prompt: first }
      }
      return entry
    })
    const evidence = evidenceOf(await parseText<Result>(garakReportParser, 'g.report.jsonl', text(list)))
    expect(counts(evidence)).toEqual([
      ['promptinject.HijackHateHumans', 19, 2],
      ['dan.Dan_11_0', 1, 0],
      ['leakreplay.LiteratureCloze', 12, 0]
    ])
  })

  it('counts a prompt tried in both runs of an aggregated report once, hit if either run hit it; the eval entries of a pair add up', async () => {
    const evidence = evidenceOf(await parseFile<Result>(garakReportParser, FIXTURES, 'llm/garak-report.aggregated-two-runs.report.jsonl'))
    // Run 1 hit prompts 3 and 11; run 2 hit 3 and 7: 3 of the 20 prompts, not 4 of 40.
    expect(counts(evidence)).toEqual([
      ['promptinject.HijackHateHumans', 20, 3],
      ['dan.Dan_11_0', 1, 0],
      ['leakreplay.LiteratureCloze', 12, 0]
    ])
    expect(evidence.cases?.map((c) => c.name)).toEqual([
      'promptinject.HijackHateHumans attempt 3',
      'promptinject.HijackHateHumans attempt 11',
      'promptinject.HijackHateHumans attempt 7'
    ])
    expect(evidence.notes).toContain(
      'promptinject.HijackHateHumans/promptinject.AttackRogueString was evaluated in 2 eval entries (lines 23, 60); their counts are added up'
    )
    expect(evidence.notes?.join('\n')).not.toMatch(/unfavourable/)
    // Aggregation writes no completion entry: the digest closes it, and without it the report fails.
    const full = lines('llm/garak-report.aggregated-two-runs.report.jsonl')
    expect(failureOf(await parseText(garakReportParser, 'e.report.jsonl', full.slice(0, -1).join('\n') + '\n')).message).toMatch(
      /an aggregated report \(garak.analyze.aggregate_reports\) without its digest entry/
    )
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(garakParsers)
  })
})
