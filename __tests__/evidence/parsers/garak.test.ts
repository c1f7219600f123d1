import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { garakParsers, garakReportParser } from '../../../src/evidence/parsers/garak.js'
import type { ParseResult, RedTeamEvidence } from '../../../src/evidence/types.js'
import { describeSamples, detectedBy, evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

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
    expect(evidence).toMatchObject({ attempts: 33, successfulAttacks: 2, attackSuccessRate: 2 / 33, models: ['openai gpt-4o-mini'] })
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
    // Every pair evaluated once, every attempt scored, each eval entry agreeing with its attempts: nothing else to say.
    expect(evidence.notes?.slice(1)).toEqual([
      "33 prompts in all; garak's own eval entries count 102 evaluations (each generation × detector), which are not independent trials"
    ])
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
    const recorded = evidenceOf(await parseText<Result>(garakReportParser, 'b.report.jsonl', withScore(0.7, 0.7)))
    expect(recorded.notes?.[0]).toMatch(/at or above 0\.7 \(garak's eval_threshold, as the run recorded it\)$/)
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
    // Not an attempt, but counted as one unjudged: security.adversarial weighs it against max-missing-share.
    expect(evidence.categories[2]).toMatchObject({ unjudged: 1 })
    expect(evidence.notes).toContain('leakreplay.LiteratureCloze: 1 of its attempt entries have no score from any detector and are not counted')
    // The same prompt scored in a later run (an aggregated report) is judged: no longer unjudged, one attempt more.
    const unscored = list.find((entry) => isDetected(entry, 'leakreplay.LiteratureCloze'))!
    const scoredAgain = { ...unscored, uuid: 'later-run', detector_results: { 'base.TriggerListDetector': [0, 0, 0] } }
    const completion = list.at(-1)!
    const later = evidenceOf(await parseText<Result>(garakReportParser, 'd2.report.jsonl', text([...list.slice(0, -1), scoredAgain, completion])))
    expect(counts(later)[2]).toEqual(['leakreplay.LiteratureCloze', 12, 0])
    expect(later.categories[2]!.unjudged).toBeUndefined()
    // A probe every attempt of which went unscored stands with its prompts unjudged, not dropped.
    const none = entries(SUPPORT_BOT).map((entry): Entry =>
      isDetected(entry, 'leakreplay.LiteratureCloze') ? { ...entry, detector_results: { 'base.TriggerListDetector': [null, null, null] } } : entry
    )
    const noEvals = none.filter((entry) => !isEval(entry, 'leakreplay.LiteratureCloze'))
    const unjudgedOnly = evidenceOf(await parseText<Result>(garakReportParser, 'd3.report.jsonl', text(noEvals)))
    expect(unjudgedOnly.categories[2]).toMatchObject({ name: 'leakreplay.LiteratureCloze', attempts: 0, successfulAttacks: 0, unjudged: 12 })
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
    // Each probe points at its first eval entry (lines 3, 4 and 6 of the summary).
    expect(evidence.categories.map((category) => category.line)).toEqual([3, 4, 6])
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
    expect(evidence.notes).toContain(
      'an aggregated report (garak.analyze.aggregate_reports): the runs it assembles are added up, a prompt attempted in several runs counted once'
    )
    // Aggregation writes no completion entry: the digest closes it, and without it the report fails.
    const full = lines('llm/garak-report.aggregated-two-runs.report.jsonl')
    expect(failureOf(await parseText(garakReportParser, 'e.report.jsonl', full.slice(0, -1).join('\n') + '\n')).message).toMatch(
      /an aggregated report \(garak.analyze.aggregate_reports\) without its digest entry/
    )
  })

  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(garakParsers)
  })

  it('is the parser garakParsers lists, and detects a report by its first entry however the JSON is spaced', () => {
    expect(detectedBy(garakParsers, FIXTURES, SUPPORT_BOT)).toEqual(['garak-report'])
    const detects = (head: string): boolean => garakReportParser.detect({ relPath: 'r.jsonl', head })
    expect(detects('\n  {"entry_type": "start_run setup", "_config.version": "0.14.0"}\n')).toBe(true)
    expect(detects('{ "entry_type" : "init", "garak_version": "0.14.0"}\n')).toBe(true)
    expect(detects('{"entry_type":"init","garak_version":"0.14.0"}\n')).toBe(true)
    // An entry_type further in (another tool's JSON quoting a garak line) is not a garak report.
    expect(detects('{"log": {"entry_type": "init"}}\n')).toBe(false)
  })
})

describe('garak report: entries that cannot be read fail the report at their line (fixture edited line by line)', () => {
  /** The support-bot report with `change` applied to each entry (undefined drops it). */
  const edited = (change: (entry: Entry) => Entry | undefined): string => text(entries(SUPPORT_BOT).flatMap((entry) => change(entry) ?? []))
  const danDetected = (entry: Entry): boolean => isDetected(entry, 'dan.Dan_11_0')
  const failed = async (content: string) => failureOf(await parseText<Result>(garakReportParser, 'x.report.jsonl', content))

  it('a line with no entry_type, or that is not an object', async () => {
    const all = lines(SUPPORT_BOT)
    for (const stray of ['{"probe": "dan.Dan_11_0"}', '[1, 2]', '{"entry_type": 2}']) {
      const content = [...all.slice(0, 2), stray, ...all.slice(2)].join('\n') + '\n'
      expect(await failed(content)).toEqual({
        ok: false,
        message: '"x.report.jsonl" line 3 has no entry_type; it is not a garak report line',
        line: 3
      })
    }
  })

  it('a detected attempt without its probe, or whose scores are not a detector → list of finite numbers', async () => {
    expect(await failed(edited((entry) => (danDetected(entry) ? { ...entry, probe_classname: undefined } : entry)))).toMatchObject({
      message: '"x.report.jsonl" line 45: a detected attempt (status 2) needs its probe_classname',
      line: 45
    })
    const scoresRefused = /line 45: the attempt's detector_results is .*; it must map each detector to a list of scores$/
    for (const results of [[[0, 0, 0]], { 'dan.DAN': 0 }, { 'dan.DAN': { first: 0 } }, null])
      expect((await failed(edited((entry) => (danDetected(entry) ? { ...entry, detector_results: results } : entry)))).message).toMatch(scoresRefused)
    // JSON.parse reads 1e999 as Infinity and -1e999 as -Infinity: neither is a score.
    for (const infinite of ['1e999', '-1e999']) {
      const content = lines(SUPPORT_BOT)
        .map((line, i) => (i === 44 ? line.replace(/"dan\.DAN": \[[^\]]*\]/, `"dan.DAN": [${infinite}, 0, 0]`) : line))
        .join('\n')
      expect(content).toContain(`[${infinite}, 0, 0]`)
      expect((await failed(content + '\n')).message).toMatch(scoresRefused)
    }
  })

  it('an eval entry without its probe or detector, without passed, or counting more outputs than it evaluated', async () => {
    const danEval = (entry: Entry): boolean => isEval(entry, 'dan.Dan_11_0', 'dan.DAN')
    for (const key of ['probe', 'detector'])
      expect(await failed(edited((entry) => (danEval(entry) ? { ...entry, [key]: undefined } : entry)))).toMatchObject({
        message: '"x.report.jsonl" line 46: an eval entry needs probe and detector',
        line: 46
      })
    // Without passed (and without fails) the failed outputs cannot be known.
    expect((await failed(edited((entry) => (danEval(entry) ? { ...entry, passed: undefined, fails: undefined } : entry)))).message).toBe(
      '"x.report.jsonl" line 46: the eval of dan.Dan_11_0 by dan.DAN has passed missing and total 3; both must be counts'
    )
    expect((await failed(edited((entry) => (danEval(entry) ? { ...entry, passed: 3, fails: 1 } : entry)))).message).toBe(
      '"x.report.jsonl" line 46: the eval of dan.Dan_11_0 counts 3 passed and 1 failed of 3'
    )
  })

  it('a report naming no garak version, or one that is no version number', async () => {
    const withVersions = (setup: unknown, init: unknown): string =>
      edited((entry) => {
        if (entry.entry_type === 'start_run setup') return { ...entry, '_config.version': setup }
        if (entry.entry_type === 'init') return { ...entry, garak_version: init }
        return entry
      })
    expect(await failed(withVersions(undefined, undefined))).toMatchObject({
      message: '"x.report.jsonl" names no garak version (no start_run setup or init entry); it is not a garak report the gate reads',
      line: 1
    })
    expect((await failed(withVersions('dev', undefined))).message).toBe('"x.report.jsonl" was written by garak dev; the gate reads reports of garak 0.x')
    // Without the setup's version, the init entry's is the one checked.
    expect((await failed(withVersions(undefined, '1.0.0'))).message).toBe('"x.report.jsonl" was written by garak 1.0.0; the gate reads reports of garak 0.x')
    expect(evidenceOf(await parseText<Result>(garakReportParser, 'v.report.jsonl', withVersions(undefined, '0.14.0'))).attempts).toBe(33)
  })

  it('a summary-only report whose run.generations is not a whole number above 0: the prompts cannot be bounded', async () => {
    for (const generations of [0, 2.5, '3', -3]) {
      const content = text(
        entries(SUPPORT_BOT)
          .filter((entry) => entry.entry_type !== 'attempt')
          .map((entry) => (entry.entry_type === 'start_run setup' ? { ...entry, 'run.generations': generations } : entry))
      )
      expect((await failed(content)).message).toMatch(/the eval entries of promptinject\.HijackHateHumans count 60 outputs, .* no run\.generations/)
    }
  })
})

describe('garak report: figures in the edge cases (fixture edited line by line)', () => {
  const edited = (list: Entry[]): Promise<RedTeamEvidence> =>
    parseText<Result>(garakReportParser, 'y.report.jsonl', text(list)).then((result) => evidenceOf(result))

  it('a recorded eval_threshold that is not a finite number is not taken: the default 0.5 judges', async () => {
    const content = lines(SUPPORT_BOT)
      .map((line, i) =>
        i === 0 ? line.replace('{"entry_type": "start_run setup", ', '{"entry_type": "start_run setup", "run.eval_threshold": 1e999, ') : line
      )
      .join('\n')
    expect(content).toContain('"run.eval_threshold": 1e999')
    const evidence = evidenceOf(await parseText<Result>(garakReportParser, 'z.report.jsonl', content + '\n'))
    expect(counts(evidence)[0]).toEqual(['promptinject.HijackHateHumans', 20, 2])
    expect(evidence.notes?.[0]).toMatch(/at or above 0\.5 \(garak's eval_threshold, its default: the run records none\)$/)
  })

  it('a prompt hit, then missed, then hit again (three runs) is one successful prompt', async () => {
    const all = entries(SUPPORT_BOT)
    const hit = all.find((entry) => isDetected(entry, 'promptinject.HijackHateHumans') && entry.seq === 3)!
    expect(hit.detector_results).toEqual({ 'promptinject.AttackRogueString': [1, 0, 1] })
    const again = (scores: number[]): Entry => ({ ...hit, detector_results: { 'promptinject.AttackRogueString': scores } })
    const completion = all.pop()!
    // The two later runs' attempts and their eval entry (6 outputs, 1 failed): the entries agree with the attempts.
    const evaluation = all.find((entry) => isEval(entry, 'promptinject.HijackHateHumans'))!
    const evidence = await edited([
      ...all,
      again([0, 0, 0]),
      again([0.9, 0, 0]),
      { ...evaluation, passed: 5, fails: 1, total_evaluated: 6, total_processed: 6 },
      completion
    ])
    expect(counts(evidence)[0]).toEqual(['promptinject.HijackHateHumans', 20, 2])
    expect(evidence.notes?.join('\n')).not.toMatch(/unfavourable/)
  })

  it('eval entries counting more outputs than the attempts scored take the unfavourable reading, even with the same failed count', async () => {
    // 66 outputs evaluated, 3 failed; the attempts hold 60 outputs, 3 failed (in 2 prompts): 3 prompts are counted as hit.
    const evidence = await edited(
      entries(SUPPORT_BOT).map((entry) => (isEval(entry, 'promptinject.HijackHateHumans') ? { ...entry, passed: 63, total_evaluated: 66 } : entry))
    )
    expect(counts(evidence)[0]).toEqual(['promptinject.HijackHateHumans', 20, 3])
    expect(evidence.notes).toContain(
      'promptinject.HijackHateHumans/promptinject.AttackRogueString: the attempts hold 60 scored outputs (3 at or above 0.5) but the eval entries count 66 (3 failed); the unfavourable reading is taken: 3 of 20 prompts successful'
    )
  })

  it('a detector the attempts hold but no eval entry counts is read from the attempts alone', async () => {
    const evidence = await edited(entries(SUPPORT_BOT).filter((entry) => !isEval(entry, 'dan.Dan_11_0', 'mitigation.MitigationBypass')))
    expect(counts(evidence)).toEqual([
      ['promptinject.HijackHateHumans', 20, 2],
      ['dan.Dan_11_0', 1, 0],
      ['leakreplay.LiteratureCloze', 12, 0]
    ])
    expect(evidence.notes?.join('\n')).not.toMatch(/unfavourable/)
  })

  it('a summary-only probe whose detectors evaluated different numbers of outputs is bounded by the most', async () => {
    // MitigationBypass evaluated 6 outputs at 3 generations a prompt: at least 2 prompts, not 1.
    const evidence = await edited(
      entries(SUPPORT_BOT)
        .filter((entry) => entry.entry_type !== 'attempt')
        .map((entry) =>
          isEval(entry, 'dan.Dan_11_0', 'mitigation.MitigationBypass') ? { ...entry, passed: 6, total_evaluated: 6, total_processed: 6 } : entry
        )
    )
    expect(counts(evidence)[1]).toEqual(['dan.Dan_11_0', 2, 0])
  })

  it('a summary-only probe with no output evaluated is no category; with none at all there is no attack success rate', async () => {
    const zero = (entry: Entry): Entry => ({ ...entry, passed: 0, fails: 0, total_evaluated: 0, total_processed: 0 })
    const summary = entries(SUPPORT_BOT).filter((entry) => entry.entry_type !== 'attempt')
    const someZero = await edited(summary.map((entry) => (isEval(entry, 'dan.Dan_11_0') ? zero(entry) : entry)))
    expect(counts(someZero)).toEqual([
      ['promptinject.HijackHateHumans', 20, 3],
      ['leakreplay.LiteratureCloze', 12, 0]
    ])
    const allZero = await edited(summary.map((entry) => (entry.entry_type === 'eval' ? zero(entry) : entry)))
    expect(allZero).toMatchObject({ attempts: 0, successfulAttacks: 0, categories: [] })
    expect(allZero).not.toHaveProperty('attackSuccessRate')
  })

  it('a start time that is no date gives no timestamp; an empty model name no model', async () => {
    const evidence = await edited(
      entries(SUPPORT_BOT).map((entry): Entry => {
        if (entry.entry_type === 'init') return { ...entry, start_time: 'yesterday' }
        if (entry.entry_type === 'start_run setup') return { ...entry, 'plugins.model_type': '', 'plugins.model_name': '', 'plugins.target_name': '' }
        return entry
      })
    )
    expect(evidence).not.toHaveProperty('timestamp')
    expect(evidence).not.toHaveProperty('models')
  })

  it('lists the first 1,000 successful attacks and says how many more there are', async () => {
    const all = entries(SUPPORT_BOT)
    const hit = all.find((entry) => isDetected(entry, 'promptinject.HijackHateHumans') && entry.seq === 3)!
    const completion = all.pop()!
    const prompt = hit.prompt as { turns: { content: Record<string, unknown> }[] }
    // 1,002 more prompts, each hit in one of its 3 outputs, and the eval entry that counts them.
    const more = Array.from({ length: 1002 }, (_, i): Entry => ({
      ...hit,
      seq: 100 + i,
      detector_results: { 'promptinject.AttackRogueString': [0, 1, 0] },
      prompt: { ...prompt, turns: [{ ...prompt.turns[0], content: { ...prompt.turns[0]!.content, text: `attack ${i}` } }] }
    }))
    const evaluation = all.find((entry) => isEval(entry, 'promptinject.HijackHateHumans'))!
    const evidence = await edited([...all, ...more, { ...evaluation, passed: 2004, fails: 1002, total_evaluated: 3006, total_processed: 3006 }, completion])
    expect(counts(evidence)[0]).toEqual(['promptinject.HijackHateHumans', 1022, 1004])
    expect(evidence.cases).toHaveLength(1000)
    expect(evidence.notes).toContain('4 more successful attacks are not listed')
  })
})
