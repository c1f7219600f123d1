import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promptfooEvalJsonlParser, promptfooEvalParser, promptfooParsers, promptfooRedTeamParser } from '../../../src/evidence/parsers/promptfoo.js'
import type { EvaluationEvidence, ParseResult, RedTeamEvidence } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Evaluation = ParseResult<EvaluationEvidence>
type RedTeam = ParseResult<RedTeamEvidence>

/** The fixtures were written by promptfoo 0.123.1 (scripts/fixtures/promptfoo/regenerate.sh). */
describe('promptfoo eval output (fixture from the real promptfoo)', () => {
  it('counts rows, keeps the failing row at its line, the tokens of the target and the summed cost', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.support-bot.json'))
    expect(evidence).toMatchObject({
      tool: 'promptfoo',
      tests: 6,
      passed: 5,
      failed: 1,
      errors: 0,
      requests: 6,
      inputTokens: 136,
      outputTokens: 107,
      tokens: 243,
      models: ['support-bot']
    })
    expect(evidence.metrics[0]).toEqual({ name: 'pass rate', type: 'pass-rate', value: 5 / 6, lowerIsBetter: false, samples: 6, missing: 0 })
    expect(evidence.metrics[1]).toMatchObject({ name: 'brevity', value: 1, samples: 1 })
    // The cost promptfoo records per row, added up (0.15 and 0.60 USD per 1M input and output tokens).
    expect(evidence.costUsd).toBeCloseTo((136 * 0.15 + 107 * 0.6) / 1e6, 12)
    const [failing] = evidence.cases!
    expect(failing).toEqual({
      name: 'data export (not in the knowledge base)',
      line: failing!.line,
      status: 'failed',
      reason: 'Expected output to contain "Settings > Export"'
    })
    // An independent oracle for the pretty-printed file: the rows of results.results open at six spaces of indent.
    const lines = readFileSync(path.join(FIXTURES, 'promptfoo/promptfoo-eval.support-bot.json'), 'utf8').split('\n')
    const start = lines.indexOf('    "results": [')
    const end = lines.indexOf('    ],', start)
    const rowStarts = lines.slice(start, end).flatMap((line, i) => (line === '      {' ? [start + i + 1] : []))
    expect(rowStarts).toHaveLength(6)
    expect(failing!.line).toBe(rowStarts[5])
  })

  it('reads the JSON Lines form with the same figures, the line being the row', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalJsonlParser, FIXTURES, 'promptfoo/promptfoo-eval-jsonl.support-bot.jsonl'))
    expect(evidence).toMatchObject({ tests: 6, passed: 5, failed: 1, inputTokens: 136, outputTokens: 107, tokens: 243, requests: 6 })
    expect(evidence.cases).toEqual([expect.objectContaining({ name: 'data export (not in the knowledge base)', line: 6, status: 'failed' })])
  })

  it('fails an eval with zero rows, an unknown results version and a cut-off JSON Lines file', async () => {
    const empty = JSON.stringify({
      evalId: 'eval-x',
      results: { version: 3, timestamp: '2026-01-01T00:00:00Z', prompts: [], results: [], stats: { successes: 0, failures: 0 } }
    })
    expect(failureOf(await parseText(promptfooEvalParser, 'empty.json', empty)).message).toMatch(/zero result rows: nothing was tested/)
    const v4 = empty.replace('"version":3', '"version":4')
    expect(failureOf(await parseText(promptfooEvalParser, 'v4.json', v4)).message).toMatch(/results version 4; the gate reads version 3/)
    const lines = readFileSync(path.join(FIXTURES, 'promptfoo/promptfoo-eval-jsonl.support-bot.jsonl'), 'utf8')
    const cut = lines.slice(0, lines.length - 200)
    expect(failureOf(await parseText(promptfooEvalJsonlParser, 'cut.jsonl', cut))).toMatchObject({
      message: expect.stringMatching(/is cut off: its last line \(6\) is not complete JSON/),
      line: 6
    })
  })

  it('says which row is malformed', async () => {
    const bad = JSON.stringify({ evalId: 'eval-x', results: { version: 3, results: [{ success: 'yes' }] } })
    expect(failureOf(await parseText(promptfooEvalParser, 'bad.json', bad)).message).toMatch(/results\.results\[0\] has success "yes", not true or false/)
  })

  it('names a JSON Lines row by its line: in a problem, and as the case of a row with no description, var or test index', async () => {
    const rows = ['{"success": true}', '', '{"success": false, "failureReason": 1}', '{"success": "no"}']
    expect(failureOf(await parseText(promptfooEvalJsonlParser, 'bad.jsonl', rows.join('\n')))).toMatchObject({
      message: expect.stringMatching(/line 4 has success "no", not true or false/),
      line: 4
    })
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'rows.jsonl', rows.slice(0, 3).join('\n')))
    expect(evidence.cases).toEqual([{ name: 'line 3', line: 3, status: 'failed' }])
    expect(failureOf(await parseText(promptfooEvalJsonlParser, 'cost.jsonl', '{"success": true}\n{"success": true, "cost": "1"}')).message).toMatch(
      /line 2 has cost "1", not a number/
    )
  })

  it('lists the first 1,000 failing rows and counts the rest', async () => {
    const rows = Array.from({ length: 1203 }, (_, index) =>
      JSON.stringify({ success: index % 3 === 0, failureReason: index % 3 === 0 ? 0 : 1, testIdx: index })
    )
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'many.jsonl', rows.join('\n')))
    expect(evidence).toMatchObject({ tests: 1203, passed: 401, failed: 802 })
    const many = Array.from({ length: 3100 }, (_, index) => JSON.stringify({ success: false, failureReason: 1, testIdx: index }))
    const capped = evidenceOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'capped.jsonl', many.join('\n')))
    expect(capped.cases).toHaveLength(1000)
    expect(capped.cases!.at(-1)).toEqual({ name: 'test 999', line: 1000, status: 'failed' })
    expect(capped.notes).toContain('2100 more failing rows are not listed')
  })

  it('reads the rows one at a time yet reports a file that is not JSON as such, before any problem of a row or of the run', async () => {
    const rows = [{ success: 'yes' }, { success: true }]
    const bad = JSON.stringify({ evalId: 'eval-x', results: { version: 3, results: rows } }, null, 2)
    // A syntax error in a row after the malformed one, in the runs' figures after the rows, and a stray comma.
    const laterRow = bad.replace('"success": true', '"success": true,')
    const afterRows = bad.replace(/\n {2}\}\n\}$/, ',\n  }\n}')
    const strayComma = bad.replace(/\}\n {4}\]/, '},\n    ]')
    for (const [name, text] of Object.entries({ laterRow, afterRows, strayComma })) {
      expect(() => JSON.parse(text) as unknown).toThrow()
      expect(failureOf(await parseText(promptfooEvalParser, `${name}.json`, text)).message).toMatch(
        /is not valid JSON, so it cannot be read as a promptfoo eval output/
      )
    }
    const v4 = laterRow.replace('"version": 3', '"version": 4')
    expect(failureOf(await parseText(promptfooEvalParser, 'v4.json', v4)).message).toMatch(/is not valid JSON/)
  })
})

describe('promptfoo test metadata as segments', () => {
  it("counts each metadata value's cases and verdicts, promptfoo's own _ keys left out", async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.edge-cases.json'))
    expect(evidence).toMatchObject({ tests: 5, passed: 4, failed: 1 })
    expect(evidence.segments!.map(({ key, value, tests, passed, failed, errors }) => [key, value, tests, passed, failed, errors])).toEqual([
      ['category', 'missing', 1, 1, 0, 0],
      ['category', 'malformed', 1, 1, 0, 0],
      ['category', 'out-of-distribution', 2, 1, 1, 0],
      ['category', 'adversarial', 1, 1, 0, 0]
    ])
  })

  it('leaves out a key with more than 100 values (an id, not a segment)', async () => {
    const rows = Array.from({ length: 101 }, (_, i) => ({
      success: true,
      testIdx: i,
      testCase: { metadata: { ticket: `T-${i}`, tier: i % 2 ? 'free' : 'paid' } },
      gradingResult: { pass: true }
    }))
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'ids.json', output))
    expect(evidence.segments!.map((s) => `${s.key}=${s.value}:${s.tests}`)).toEqual(['tier=paid:51', 'tier=free:50'])
    expect(evidence.notes).toContain('test metadata ticket has more than 100 values: read as an id, not as segments')
  })

  it("groups by metadata and by a var that tests share, with each group's score means; a var each test has its own value of is no group", async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.fairness.json'))
    expect(evidence).toMatchObject({ tests: 39, passed: 25, failed: 14 })
    expect(evidence.segments!.map(({ key, value, tests, passed, failed }) => [key, value, tests, passed, failed])).toEqual([
      ['language', 'en', 12, 12, 0],
      ['language', 'es', 12, 8, 4],
      ['language', 'de', 12, 5, 7],
      ['language', 'fr', 3, 0, 3],
      ['vars.plan', 'free', 20, 10, 10],
      ['vars.plan', 'business', 19, 15, 4]
    ])
    expect(evidence.segments![0]!.metrics).toEqual([{ name: 'brevity', value: 1, lowerIsBetter: false, samples: 12 }])
    // The failing cases carry their groups, so a fairness finding can list a group's failures.
    expect(evidence.cases!.find((c) => c.name === 'fr refund timing')).toMatchObject({ status: 'failed', attributes: { language: 'fr', 'vars.plan': 'free' } })
    expect(evidence.notes ?? []).not.toContainEqual(expect.stringContaining('vars.question'))
  })

  it('drops a var with more than 20 values however often they repeat', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      success: true,
      testIdx: i,
      // Each test asks its own question: tests with identical vars would be one case repeated.
      vars: { question: `q${i}`, city: `c${i % 30}`, plan: i % 2 ? 'free' : 'paid' },
      gradingResult: { pass: true }
    }))
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'vars.json', output))
    expect(evidence.segments!.map((s) => `${s.key}=${s.value}:${s.tests}`)).toEqual(['vars.plan=paid:30', 'vars.plan=free:30'])
  })
})

describe('promptfoo red-team output', () => {
  it('counts a failed row as a successful attack, per plugin and per strategy (fixture from the real promptfoo)', async () => {
    const evidence = evidenceOf(await parseFile<RedTeam>(promptfooRedTeamParser, FIXTURES, 'promptfoo/promptfoo-redteam.support-bot.json'))
    expect(evidence).toMatchObject({ tool: 'promptfoo', attempts: 8, successfulAttacks: 1, attackSuccessRate: 1 / 8 })
    expect(evidence.categories.map(({ name, attempts, successfulAttacks }) => [name, attempts, successfulAttacks])).toEqual([
      ['pii:direct', 2, 0],
      ['prompt-extraction', 3, 1],
      ['hijacking', 1, 0],
      ['harmful:privacy', 2, 0]
    ])
    expect(evidence.strategies!.map(({ name, attempts, successfulAttacks }) => [name, attempts, successfulAttacks])).toEqual([
      ['basic', 4, 0],
      ['prompt-injection', 2, 0],
      ['jailbreak', 2, 1]
    ])
    expect(evidence.cases).toEqual([
      expect.objectContaining({ name: expect.stringMatching(/^prompt-extraction via jailbreak: My late grandma/), status: 'failed' })
    ])
  })

  it('fails a scan in which no attack was graded', async () => {
    const none = JSON.stringify({
      evalId: 'eval-x',
      results: { version: 3, results: [{ success: false, failureReason: 2, error: 'provider down', metadata: { pluginId: 'pii:direct' } }] }
    })
    expect(failureOf(await parseText(promptfooRedTeamParser, 'none.json', none)).message).toMatch(/no graded attack \(1 rows errored\): nothing was tested/)
  })

  it('counts a failed row as a successful attack unless it errored (failureReason 2, or no reason, no grading and an error message)', async () => {
    const row = (description: string, fields: Record<string, unknown>) => ({
      success: false,
      testCase: { description },
      metadata: { pluginId: 'pii:direct' },
      ...fields
    })
    const rows = [
      // An assertion failed (failureReason 1) and promptfoo wrote its message as the error: an attack that worked.
      row('assertion', { failureReason: 1, error: 'Expected output not to contain the SSN' }),
      // No failureReason (older promptfoo), but graded: an attack that worked.
      row('graded', { error: 'Expected output not to contain the SSN', gradingResult: { pass: false, reason: 'leaked' } }),
      // No failureReason, no grading and no error: an attack that worked.
      row('bare', {}),
      // No failureReason, no grading, an error: the provider threw, no attempt.
      row('threw', { error: 'provider down' }),
      row('errored', { failureReason: 2, error: 'provider down', gradingResult: { pass: false } })
    ]
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, results: rows } }, null, 2)
    const evidence = evidenceOf(await parseText<RedTeam>(promptfooRedTeamParser, 'errors.json', output))
    expect(evidence).toMatchObject({ attempts: 3, successfulAttacks: 3 })
    expect(evidence.cases!.map(({ name }) => name)).toEqual(['assertion', 'graded', 'bare'].map((name) => `pii:direct via basic: ${name}`))
    expect(evidence.notes).toContain('2 rows errored and are not counted as attempts')
  })

  it("takes a row's plugin and strategy from its test's metadata when the row's own metadata leaves them out", async () => {
    const rows = [
      { success: false, failureReason: 1, testCase: { metadata: { pluginId: 'hijacking', strategyId: 'jailbreak' } }, metadata: { goal: 'x' } },
      { success: true, testCase: { metadata: { pluginId: 'hijacking' } }, metadata: { strategyId: 'crescendo', pluginId: 'pii:direct' } }
    ]
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, results: rows } }, null, 2)
    const evidence = evidenceOf(await parseText<RedTeam>(promptfooRedTeamParser, 'metadata.json', output))
    expect(evidence.categories.map(({ name, attempts, successfulAttacks }) => [name, attempts, successfulAttacks])).toEqual([
      ['hijacking', 1, 1],
      ['pii:direct', 1, 0]
    ])
    expect(evidence.strategies!.map(({ name }) => name)).toEqual(['jailbreak', 'crescendo'])
  })
})

describe('promptfoo rows: the fields the evidence is read from', () => {
  it("segments by the test's metadata and the row's together, the row's value over the test's", async () => {
    const rows = ['a', 'b', 'a', 'b'].map((group, index) => ({
      success: index !== 0,
      failureReason: index === 0 ? 1 : 0,
      testIdx: index,
      testCase: { description: `case ${index}`, metadata: { group, language: 'en' } },
      metadata: { language: index < 2 ? 'de' : 'en' }
    }))
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, results: rows } }, null, 2)
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'segments.json', output))
    expect(evidence.segments!.map(({ key, value, tests, failed }) => [key, value, tests, failed])).toEqual([
      ['group', 'a', 2, 1],
      ['group', 'b', 2, 0],
      ['language', 'de', 2, 1],
      ['language', 'en', 2, 0]
    ])
  })

  it("counts the tokens of the target's response (response.tokenUsage) over the row's copy", async () => {
    const rows = [
      {
        success: true,
        response: { tokenUsage: { total: 120, prompt: 100, completion: 20, numRequests: 1 } },
        tokenUsage: { total: 1, prompt: 1, completion: 0 }
      },
      { success: true, tokenUsage: { total: 30, prompt: 20, completion: 10, numRequests: 1 } }
    ]
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'tokens.jsonl', rows.map((row) => JSON.stringify(row)).join('\n')))
    expect(evidence).toMatchObject({ requests: 2, inputTokens: 120, outputTokens: 30, tokens: 150 })
  })
})

describeSamples('promptfoo samples written by real runs', () => {
  it('reads the promptfoo-action red-team scan as the tool reported it: 2 of 6 attacks, both harmful:self-harm', async () => {
    const evidence = evidenceOf(
      await parseFile<RedTeam>(promptfooRedTeamParser, SAMPLES, 'llm/promptfoo/promptfoo-action.redteam-jailbreak-crescendo.output.json')
    )
    expect(evidence).toMatchObject({ attempts: 6, successfulAttacks: 2, requests: 49, tokens: 171187 })
    expect(evidence.categories.map((c) => [c.name, c.attempts, c.successfulAttacks])).toEqual([
      ['harmful:hate', 3, 0],
      ['harmful:self-harm', 3, 2]
    ])
    expect(evidence.strategies!.map((c) => [c.name, c.successfulAttacks])).toEqual([
      ['basic', 0],
      ['jailbreak', 1],
      ['crescendo', 1]
    ])
  })

  it('reads nicheIQ (0.121.2): 30 rows all failed, per-row cost summed, grader tokens kept apart', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, SAMPLES, 'llm/promptfoo/nicheIQ.v0.121-2026.results.json'))
    expect(evidence).toMatchObject({ tests: 30, passed: 0, failed: 30, errors: 0, tokens: 2134, costUsd: 0.0106723, models: ['gpt-4o', 'gpt-4o-mini'] })
    expect(evidence.notes).toContain("the grader used 9834 more tokens (stats.tokenUsage.assertions), not counted as the system's usage")
    expect(evidence.cases).toHaveLength(30)
  })

  it('reads the June 2025 file without stats.errors: 7 passed, 3 failed', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, SAMPLES, 'llm/promptfoo/tds-project-1.2025-06.promptfoo_results.json'))
    expect(evidence).toMatchObject({ tests: 10, passed: 7, failed: 3 })
    expect(evidence.cases!.map((c) => c.name)).toContain('Test GA4 scoring question')
  })
})

describe('promptfoo --repeat: repeats of a test case are one sample (fixtures from the real promptfoo)', () => {
  // The same configs as the support-bot fixtures, run with --repeat 3: each repeat is a row of its own
  // (a new testIdx, the same testCase), and runtimeOptions.repeat says 3.
  const single = async () => evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.support-bot.json'))

  it('counts an eval run three times over as its six cases, with the rows in the pass rate and a note', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.repeat-3.json'))
    expect(evidence).toMatchObject({ tests: 6, passed: 5, failed: 1, errors: 0, requests: 18 })
    expect(evidence.metrics[0]).toEqual({ name: 'pass rate', type: 'pass-rate', value: 5 / 6, lowerIsBetter: false, samples: 6, missing: 0, rows: 18 })
    expect(evidence.metrics[1]).toMatchObject({ name: 'brevity', value: 1, samples: 1, rows: 3 })
    // results.stats counts rows (15 passed, 3 failed), as the rows do: no disagreement to note.
    expect(evidence.notes).toEqual([
      '18 rows are 6 distinct test cases (promptfoo --repeat, or identical tests): repeats of a case are not independent samples, so each case counts once (failed if any of its rows failed; its named scores averaged over them)'
    ])
    expect(evidence.cases!.map((entry) => entry.name)).toEqual(['data export (not in the knowledge base)'])
    const once = await single()
    expect([evidence.tests, evidence.passed, evidence.failed]).toEqual([once.tests, once.passed, once.failed])
    expect((once.notes ?? []).some((note) => note.includes('distinct test cases'))).toBe(false)
  })

  it('reads the JSON Lines form of the same run the same way', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalJsonlParser, FIXTURES, 'promptfoo/promptfoo-eval-jsonl.repeat-3.jsonl'))
    expect(evidence).toMatchObject({ tests: 6, passed: 5, failed: 1 })
    expect(evidence.metrics[0]).toMatchObject({ samples: 6, rows: 18 })
  })

  it('counts a red-team scan three times over as its eight attacks, the repeats named per category', async () => {
    const evidence = evidenceOf(await parseFile<RedTeam>(promptfooRedTeamParser, FIXTURES, 'promptfoo/promptfoo-redteam.repeat-3.json'))
    expect(evidence).toMatchObject({ attempts: 8, successfulAttacks: 1, attackSuccessRate: 1 / 8 })
    expect(evidence.categories.map(({ name, attempts, successfulAttacks, repeatedRows }) => [name, attempts, successfulAttacks, repeatedRows])).toEqual([
      ['pii:direct', 2, 0, 4],
      ['prompt-extraction', 3, 1, 6],
      ['hijacking', 1, 0, 2],
      ['harmful:privacy', 2, 0, 4]
    ])
    expect(evidence.cases).toHaveLength(1)
    expect(evidence.notes).toContain(
      '24 rows are 8 distinct test cases (promptfoo --repeat, or identical tests): repeats of a case are not independent samples, so each case counts once (a successful attack if any of its rows was, an attempt if any was graded)'
    )
  })

  it('takes the worse row of a case whose repeats disagree, and moves its segments with it', async () => {
    const row = (success: boolean, testIdx: number, language: string, question: string, extra: object = {}) => ({
      success,
      testIdx,
      promptIdx: 0,
      provider: { id: 'bot' },
      vars: { question },
      testCase: { vars: { question }, metadata: { language } },
      namedScores: { helpfulness: success ? 1 : 0 },
      gradingResult: { pass: success },
      ...(success ? {} : { failureReason: 1 }),
      ...extra
    })
    const rows = [
      row(true, 0, 'en', 'reset password'),
      row(true, 1, 'es', 'restablecer'),
      row(true, 2, 'en', 'reset password'),
      row(false, 3, 'es', 'restablecer'),
      row(true, 4, 'es', 'restablecer'),
      // Another prompt or provider asks the same test of another system: a case of its own.
      row(true, 5, 'en', 'reset password', { promptIdx: 1 })
    ]
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'flaky.json', output))
    expect(evidence).toMatchObject({ tests: 3, passed: 2, failed: 1, errors: 0 })
    expect(evidence.metrics).toEqual([
      { name: 'pass rate', type: 'pass-rate', value: 2 / 3, lowerIsBetter: false, samples: 3, missing: 0, rows: 6 },
      expect.objectContaining({ name: 'helpfulness', value: 5 / 6, samples: 3, rows: 6 })
    ])
    expect(evidence.segments!.map(({ value, tests, passed, failed }) => [value, tests, passed, failed])).toEqual([
      ['en', 2, 2, 0],
      ['es', 1, 0, 1]
    ])
    expect(evidence.cases).toEqual([expect.objectContaining({ name: 'restablecer', status: 'failed' })])
  })

  it('keys a case on all of its test case, its provider and its prompt: a field apart is a case of its own, the same again a repeat', async () => {
    // Each row fails, so a row taken for a repeat of another case would lower the failed count.
    const base = { description: 'refund', vars: { question: 'How long does a refund take?' }, assert: [{ type: 'icontains', value: '5 days' }] }
    const row = (testIdx: number, testCase: object | undefined, extra: object = {}) => ({
      success: false,
      failureReason: 1,
      testIdx,
      promptIdx: 0,
      provider: { id: 'bot' },
      vars: base.vars,
      ...(testCase ? { testCase } : {}),
      gradingResult: { pass: false, reason: 'no' },
      ...extra
    })
    const distinct = [
      row(0, base),
      row(1, { ...base, assert: [{ type: 'icontains', value: '7 days' }] }),
      row(2, { ...base, assert: [...base.assert, { type: 'javascript', value: 'output.length < 200' }] }),
      row(3, { ...base, description: 'refund, formal' }),
      row(4, { ...base, options: { provider: 'grader' } }),
      row(5, { ...base, metadata: { language: 'en' } }),
      row(6, { ...base, threshold: 0.5 }),
      row(7, { ...base, vars: { question: 'How long does a refund take?', plan: 'free' } }),
      row(8, base, { provider: { id: 'other-bot' } }),
      row(9, base, { provider: { id: 'bot', label: 'bot, cached' } }),
      row(10, base, { promptIdx: 1 }),
      // Prompts 0 and 4096 are two prompts (the key once kept the prompt's index modulo 4096).
      row(11, base, { promptIdx: 4096 }),
      // No testCase: the row's vars are its case, another than the test case holding the same vars.
      row(12, undefined)
    ]
    const repeats = [
      row(13, JSON.parse(JSON.stringify(base)) as object),
      row(14, base, { promptIdx: 4096 }),
      row(15, undefined),
      row(16, { ...base, metadata: { language: 'en' } })
    ]
    const jsonl = (rows: object[]) => rows.map((entry) => JSON.stringify(entry)).join('\n') + '\n'
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'cases.jsonl', jsonl([...distinct, ...repeats])))
    expect(evidence).toMatchObject({ tests: distinct.length, passed: 0, failed: distinct.length, errors: 0 })
    expect(evidence.metrics[0]).toMatchObject({ samples: distinct.length, rows: distinct.length + repeats.length })
    expect(evidence.cases!.map((entry) => entry.line)).toEqual(distinct.map((_, index) => index + 1))
    // The JSON form keys the same way.
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: [...distinct, ...repeats] } })
    expect(evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'cases.json', output))).toMatchObject({ tests: distinct.length })
  })

  it("averages a segment's named scores over every repeat of its cases, not the first repeat alone (the real promptfoo, repeats that differ)", async () => {
    // promptfoo eval --repeat 3 of a bot whose Spanish answers pass but score 0.4 after the first repeat.
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.repeat-flaky.json'))
    expect(evidence).toMatchObject({ tests: 8, passed: 8, failed: 0 })
    expect(evidence.metrics[1]).toMatchObject({ name: 'quality', samples: 8, rows: 24 })
    expect(evidence.metrics[1]!.value).toBeCloseTo((12 + 4 + 8 * 0.4) / 24, 12)
    const quality = (language: string) => evidence.segments!.find((segment) => segment.value === language)!.metrics![0]!
    expect(quality('en')).toMatchObject({ name: 'quality', value: 1, samples: 4 })
    expect(quality('es')).toMatchObject({ name: 'quality', samples: 4 })
    expect(quality('es').value).toBeCloseTo((4 + 8 * 0.4) / 12, 12)
  })

  it('counts the scores of a case whose first row errored from its first scored repeat, as a sample, in the metric and its segments', async () => {
    const row = (testIdx: number, question: string, language: string, score: number | undefined) => ({
      success: score !== undefined,
      testIdx,
      promptIdx: 0,
      provider: { id: 'bot' },
      vars: { question },
      testCase: { vars: { question }, metadata: { language } },
      namedScores: score === undefined ? {} : { quality: score },
      ...(score === undefined ? { failureReason: 2, error: 'timeout', gradingResult: null } : { failureReason: 0, gradingResult: { pass: true } })
    })
    const rows = [row(0, 'hola', 'es', undefined), row(1, 'hola', 'es', 0), row(2, 'hola', 'es', 0.5), row(3, 'hello', 'en', 1), row(4, 'hello', 'en', 1)]
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'errored-first.json', output))
    expect(evidence).toMatchObject({ tests: 2, passed: 1, errors: 1 })
    expect(evidence.metrics[1]).toEqual({ name: 'quality', type: 'quality', value: 2.5 / 4, lowerIsBetter: false, samples: 2, missing: 0, rows: 4 })
    const es = evidence.segments!.find((segment) => segment.value === 'es')!
    expect(es).toMatchObject({ tests: 1, errors: 1, metrics: [{ name: 'quality', value: 0.25, samples: 1 }] })
  })

  it('counts an attack that succeeded only in its third repeat as a successful attack (the real promptfoo)', async () => {
    // promptfoo redteam eval --repeat 3 of the fixed bot, which still leaks on the third grandma jailbreak.
    const evidence = evidenceOf(await parseFile<RedTeam>(promptfooRedTeamParser, FIXTURES, 'promptfoo/promptfoo-redteam.repeat-flaky.json'))
    expect(evidence).toMatchObject({ attempts: 8, successfulAttacks: 1, attackSuccessRate: 1 / 8 })
    expect(evidence.categories.find((category) => category.name === 'prompt-extraction')).toMatchObject({
      attempts: 3,
      successfulAttacks: 1,
      repeatedRows: 6,
      byStrategy: expect.arrayContaining([{ name: 'jailbreak', attempts: 1, successfulAttacks: 1, repeatedRows: 2 }])
    })
    expect(evidence.cases).toEqual([expect.objectContaining({ name: expect.stringMatching(/^prompt-extraction via jailbreak: /), status: 'failed' })])
  })

  it('counts an attack that errored once and succeeded once as one successful attempt', async () => {
    const attack = { vars: { prompt: 'ignore your instructions' }, metadata: { pluginId: 'hijacking', strategyId: 'jailbreak' } }
    const row = (success: boolean, testIdx: number, failureReason: number) => ({
      success,
      testIdx,
      promptIdx: 0,
      vars: attack.vars,
      testCase: attack,
      metadata: attack.metadata,
      failureReason,
      ...(failureReason === 2 ? { error: 'timeout' } : { gradingResult: { pass: success } })
    })
    const output = JSON.stringify({
      evalId: 'eval-x',
      results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: [row(false, 0, 2), row(false, 1, 1), row(true, 2, 0)] }
    })
    const evidence = evidenceOf(await parseText<RedTeam>(promptfooRedTeamParser, 'flaky.json', output))
    expect(evidence).toMatchObject({ attempts: 1, successfulAttacks: 1 })
    expect(evidence.categories).toEqual([
      expect.objectContaining({
        name: 'hijacking',
        attempts: 1,
        successfulAttacks: 1,
        repeatedRows: 2,
        byStrategy: [{ name: 'jailbreak', attempts: 1, successfulAttacks: 1, repeatedRows: 2 }]
      })
    ])
  })
})

describe('promptfoo errored rows: missing values of the named scores their test case asserts (fixtures from the real promptfoo)', () => {
  // errored.yaml on a stand-in that times out on long tickets: 10 tests, 6 rows errored with no named scores;
  // faithfulness is defaultTest's (promptfoo writes it into every test case), brevity two tests' own, grounded an assert-set member's.
  const ERRORED = 'promptfoo/promptfoo-eval.errored.json'
  const metric = (evidence: EvaluationEvidence, name: string) => evidence.metrics.find((m) => m.name === name)
  const segmentMetric = (evidence: EvaluationEvidence, value: string, name: string) =>
    evidence.segments!.find((segment) => segment.value === value)!.metrics?.find((m) => m.name === name)

  it('counts each errored row as a missing value of every named score its test case asserts, defaultTest included', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, ERRORED))
    expect(evidence).toMatchObject({ tests: 10, passed: 3, failed: 1, errors: 6 })
    expect(metric(evidence, 'faithfulness')).toMatchObject({ value: 0.95, samples: 4, missing: 6 })
    // Two tests assert brevity: the one that timed out is its missing case (the one whose assertion threw scored 0).
    expect(metric(evidence, 'brevity')).toMatchObject({ value: 0.5, samples: 2, missing: 1 })
    expect(metric(evidence, 'grounded')).toMatchObject({ value: 1, samples: 1, missing: 0 })
    expect(evidence.notes).toContain(
      '6 of 10 rows errored (the provider or an assertion threw): they count as neither passed nor failed, and as missing a value of each named score their test case asserts'
    )
    // In the segments too: the short tickets' one timeout is a missing faithfulness; no long ticket has any value.
    expect(segmentMetric(evidence, 'short', 'faithfulness')).toMatchObject({ value: 0.95, samples: 4, missing: 1 })
    expect(evidence.segments!.find((segment) => segment.value === 'long')).toMatchObject({ tests: 5, errors: 5 })
    expect(segmentMetric(evidence, 'long', 'faithfulness')).toBeUndefined()
  })

  it('reads the JSON Lines form of the same run with the same missing counts', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalJsonlParser, FIXTURES, 'promptfoo/promptfoo-eval-jsonl.errored.jsonl'))
    expect(evidence.metrics.map(({ name, samples, missing }) => [name, samples, missing])).toEqual([
      ['pass rate', 10, 0],
      ['faithfulness', 4, 6],
      ['brevity', 2, 1],
      ['grounded', 1, 0]
    ])
    expect(segmentMetric(evidence, 'short', 'faithfulness')).toMatchObject({ samples: 4, missing: 1 })
  })

  it('counts a repeated case once: missing while all its rows errored, a sample from its first scored repeat (--repeat 2)', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.errored-repeat-2.json'))
    expect(evidence).toMatchObject({ tests: 10, errors: 6 })
    // The "(retry)" question timed out, then scored: a sample. The five long tickets errored both times: five missing.
    expect(metric(evidence, 'faithfulness')).toMatchObject({ samples: 5, missing: 5, rows: 9 })
    expect(metric(evidence, 'brevity')).toMatchObject({ samples: 2, missing: 1 })
    expect(segmentMetric(evidence, 'short', 'faithfulness')).toMatchObject({ samples: 5 })
    expect(segmentMetric(evidence, 'short', 'faithfulness')!.missing).toBeUndefined()
  })

  /** The real output with the test case left out of its errored rows (or of every row), as the parser must not assume promptfoo always writes it. */
  const withoutTestCase = (relPath: string, rows: 'errored' | 'all'): string => {
    const output = JSON.parse(readFileSync(path.join(FIXTURES, relPath), 'utf8')) as { results: { results: Record<string, unknown>[] } }
    for (const row of output.results.results) if (rows === 'all' || row.failureReason === 2) delete row.testCase
    return JSON.stringify(output, null, 2)
  }

  it('fails closed on an errored row without its test case: missing every named score of the run, with a note', async () => {
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'no-test-case.json', withoutTestCase(ERRORED, 'errored')))
    expect(evidence.metrics.map(({ name, samples, missing }) => [name, samples, missing])).toEqual([
      ['pass rate', 10, 0],
      ['faithfulness', 4, 6],
      ['brevity', 2, 6],
      ['grounded', 1, 6]
    ])
    expect(evidence.notes).toContain(
      '6 errored cases record no test case, so the named scores they would have had are unknown: each counts as missing a value of every named score of the run (faithfulness, brevity, grounded)'
    )
    expect(segmentMetric(evidence, 'short', 'grounded')).toMatchObject({ samples: 1, missing: 1 })
  })

  it('does not count a case without its test case as missing once a repeat of it was scored', async () => {
    const evidence = evidenceOf(
      await parseText<Evaluation>(promptfooEvalParser, 'no-test-case.json', withoutTestCase('promptfoo/promptfoo-eval.errored-repeat-2.json', 'all'))
    )
    expect(evidence.metrics.map(({ name, samples, missing }) => [name, samples, missing])).toEqual([
      ['pass rate', 10, 0],
      ['faithfulness', 5, 5],
      ['brevity', 2, 5],
      ['grounded', 1, 5]
    ])
    expect(evidence.notes).toContainEqual(expect.stringMatching(/^5 errored cases record no test case/))
  })

  it('notes a named score that no case has a value for, every case asserting it having errored', async () => {
    const row = (testIdx: number, question: string, scores: Record<string, number> | undefined, metrics: string[]) => ({
      success: scores !== undefined,
      testIdx,
      promptIdx: 0,
      provider: { id: 'bot' },
      vars: { question },
      // The last metric is an assert-set's member's.
      testCase: {
        vars: { question },
        assert: [
          ...metrics.slice(0, -1).map((name) => ({ type: 'javascript', value: '1', metric: name })),
          { type: 'assert-set', assert: [{ type: 'javascript', value: '1', metric: metrics.at(-1) }] }
        ]
      },
      namedScores: scores ?? {},
      ...(scores === undefined ? { failureReason: 2, error: 'timeout', gradingResult: null } : { failureReason: 0, gradingResult: { pass: true } })
    })
    const rows = [row(0, 'a', { quality: 1 }, ['quality']), row(1, 'b', undefined, ['quality', 'safety'])]
    const output = JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'never-scored.json', output))
    expect(evidence.metrics.map(({ name, samples, missing }) => [name, samples, missing])).toEqual([
      ['pass rate', 2, 0],
      ['quality', 1, 1]
    ])
    expect(evidence.notes).toContain('no case has a value for safety: every case asserting it errored or scored it NaN')
  })

  it('counts an errored row that wrote its named scores as a sample of them, not a missing value', async () => {
    // An assertion threw after the others scored: promptfoo marks the row an error and keeps the scores it had.
    const row = (testIdx: number, question: string, quality: number, errored: boolean) => ({
      success: !errored,
      testIdx,
      promptIdx: 0,
      provider: { id: 'bot' },
      vars: { question },
      testCase: { vars: { question }, assert: [{ type: 'javascript', value: '1', metric: 'quality' }] },
      namedScores: { quality },
      ...(errored ? { failureReason: 2, error: 'grader timed out', gradingResult: null } : { failureReason: 0, gradingResult: { pass: true } })
    })
    const output = JSON.stringify({
      evalId: 'eval-x',
      results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: [row(0, 'a', 1, false), row(1, 'b', 0.5, true)] }
    })
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalParser, 'errored-scored.json', output))
    expect(metric(evidence, 'quality')).toMatchObject({ value: 0.75, samples: 2, missing: 0 })
  })
})

describe('promptfoo NaN named scores (null in its JSON): missing values of those metrics (real outputs, two scores set to null)', () => {
  // The errored fixtures with faithfulness null (as promptfoo writes NaN) in the row's and its gradingResult's
  // namedScores of "password reset" and "assertion that throws"; in the repeat, of refund timing's first row and
  // password reset's second.
  const metric = (evidence: EvaluationEvidence, name: string) => evidence.metrics.find((m) => m.name === name)
  const segmentMetric = (evidence: EvaluationEvidence, value: string, name: string) =>
    evidence.segments!.find((segment) => segment.value === value)!.metrics?.find((m) => m.name === name)
  const counts = (evidence: EvaluationEvidence) => evidence.metrics.map(({ name, samples, missing }) => [name, samples, missing])
  // Both file forms of the run: [metric, samples, missing].
  const NAN_RUN_COUNTS = [
    ['pass rate', 10, 0],
    ['faithfulness', 2, 8],
    ['brevity', 2, 1],
    ['grounded', 1, 0]
  ]

  it('counts a null named score as a missing value of its metric for its case, in the run and its segments', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.nan-scores.json'))
    // Before: faithfulness 4 samples, 6 missing (the errored rows); the two NaN scores move two cases from one to the other.
    expect(counts(evidence)).toEqual(NAN_RUN_COUNTS)
    expect(metric(evidence, 'faithfulness')!.value).toBe(0.95)
    expect(segmentMetric(evidence, 'short', 'faithfulness')).toMatchObject({ value: 0.95, samples: 2, missing: 3 })
    expect(evidence.notes).toContain('2 named scores were NaN (null) and are counted as missing values')
  })

  it('reads the JSON Lines form the same way', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalJsonlParser, FIXTURES, 'promptfoo/promptfoo-eval-jsonl.nan-scores.jsonl'))
    expect(counts(evidence)).toEqual(NAN_RUN_COUNTS)
    expect(segmentMetric(evidence, 'short', 'faithfulness')).toMatchObject({ samples: 2, missing: 3 })
    expect(evidence.notes).toContain('2 named scores were NaN (null) and are counted as missing values')
  })

  it('counts a repeated case once: a null then a score is a sample, a score then a null stays one (--repeat 2)', async () => {
    const evidence = evidenceOf(await parseFile<Evaluation>(promptfooEvalParser, FIXTURES, 'promptfoo/promptfoo-eval.nan-scores-repeat-2.json'))
    // As the unedited run: 5 samples (refund timing's second row fills its case), 5 missing (the long tickets);
    // the two null rows join no mean, so 7 rows are averaged, not 9.
    expect(metric(evidence, 'faithfulness')).toMatchObject({ samples: 5, missing: 5, rows: 7 })
    expect(metric(evidence, 'faithfulness')!.value).toBeCloseTo(0.95, 12)
    expect(metric(evidence, 'brevity')).toMatchObject({ samples: 2, missing: 1 })
    expect(segmentMetric(evidence, 'short', 'faithfulness')).toMatchObject({ samples: 5 })
    expect(segmentMetric(evidence, 'short', 'faithfulness')!.missing).toBeUndefined()
    expect(evidence.notes).toContain('2 named scores were NaN (null) and are counted as missing values (a case has a value when any of its rows scored it)')
  })

  it("keeps a case missing a metric its first scored repeat still scores NaN, until another scores it, and its test case's too", async () => {
    const row = (testIdx: number, success: boolean, scores: Record<string, number | null> | undefined) => ({
      success,
      testIdx,
      promptIdx: 0,
      provider: { id: 'bot' },
      vars: { question: 'q' },
      testCase: {
        vars: { question: 'q' },
        assert: [
          { type: 'javascript', value: '1', metric: 'a' },
          { type: 'javascript', value: '1', metric: 'b' }
        ]
      },
      namedScores: scores ?? {},
      ...(scores === undefined ? { failureReason: 2, error: 'timeout', gradingResult: null } : { failureReason: 0, gradingResult: { pass: success } })
    })
    const parse = async (rows: unknown[]) =>
      counts(
        evidenceOf(
          await parseText<Evaluation>(
            promptfooEvalParser,
            'r.json',
            JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
          )
        )
      )
    // Errored, then a scores and b NaN: missing b; then b scores: a sample of both.
    // (A metric no case has a value for is left out of the metrics, and noted.)
    expect(await parse([row(0, false, undefined), row(1, true, { a: 1, b: null }), row(2, true, { a: 0.5, b: 0.5 })])).toEqual([
      ['pass rate', 1, 0],
      ['a', 1, 0],
      ['b', 1, 0]
    ])
    expect(await parse([row(0, false, undefined), row(1, true, { a: 1, b: null }), row(2, true, { a: 1, b: 0.5 }), row(3, true, { a: 0, b: 0 })])).toEqual([
      ['pass rate', 1, 0],
      ['a', 1, 0],
      ['b', 1, 0]
    ])
    expect(await parse([row(0, false, undefined), row(1, true, { a: 1, b: null }), row(2, true, { a: null, b: 0.5 })])).toEqual([
      ['pass rate', 1, 0],
      ['a', 1, 0],
      ['b', 1, 0]
    ])
    // All NaN twice, then a scores: one case, a sample of a, missing b once (beside c, scored, to keep b listed).
    const other = { ...row(9, true, { b: 1 }), vars: { question: 'other' }, testCase: { vars: { question: 'other' } } }
    expect(await parse([row(0, true, { a: null, b: null }), row(1, true, { a: null, b: null }), row(2, true, { a: 0.5, b: null }), other])).toEqual([
      ['pass rate', 2, 0],
      ['a', 1, 0],
      ['b', 1, 1]
    ])
  })

  it('counts a NaN score of a metric its test case does not assert, and an errored row without its test case once per metric', async () => {
    const row = (testIdx: number, question: string, asserts: string[] | undefined, scores: Record<string, number | null> | undefined) => ({
      success: scores !== undefined,
      testIdx,
      promptIdx: 0,
      provider: { id: 'bot' },
      vars: { question },
      ...(asserts ? { testCase: { vars: { question }, assert: asserts.map((metric) => ({ type: 'javascript', value: '1', metric })) } } : {}),
      namedScores: scores ?? {},
      ...(scores === undefined ? { failureReason: 2, error: 'timeout', gradingResult: null } : { failureReason: 0, gradingResult: { pass: true } })
    })
    const counts = async (rows: unknown[]) =>
      evidenceOf(
        await parseText<Evaluation>(
          promptfooEvalParser,
          'r.json',
          JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
        )
      ).metrics.map(({ name, samples, missing }) => [name, samples, missing])
    // q errored (its test case asserts a), then a repeat scored a and wrote toxicity (lower is better) as NaN:
    // a sample of a, missing toxicity, whose direction is kept though its first value seen is the missing one.
    const rows = [row(0, 'q', ['a'], undefined), row(1, 'q', ['a'], { a: 1, toxicity: null }), row(2, 'other', ['a', 'toxicity'], { a: 1, toxicity: 0 })]
    expect(await counts(rows)).toEqual([
      ['pass rate', 2, 0],
      ['a', 2, 0],
      ['toxicity', 1, 1]
    ])
    const toxicity = evidenceOf(
      await parseText<Evaluation>(
        promptfooEvalParser,
        'r.json',
        JSON.stringify({ evalId: 'eval-x', results: { version: 3, timestamp: '2026-11-20T00:00:00Z', results: rows } })
      )
    ).metrics.find((metric) => metric.name === 'toxicity')
    expect(toxicity).toMatchObject({ lowerIsBetter: true })
    // An errored row with no test case but a NaN a: missing a once, and b (every metric of the run) too.
    const erroredWithNaN = { ...row(0, 'q', undefined, { a: null }), success: false, failureReason: 2, error: 'timeout', gradingResult: null }
    expect(await counts([erroredWithNaN, row(1, 'other', ['a', 'b'], { a: 1, b: 1 })])).toEqual([
      ['pass rate', 2, 0],
      ['a', 1, 1],
      ['b', 1, 1]
    ])
  })

  it('fails a named score that is neither a number nor null at its row, as promptfoo writes no such score', async () => {
    const text = readFileSync(path.join(FIXTURES, 'promptfoo/promptfoo-eval.nan-scores.json'), 'utf8').replaceAll(
      '"faithfulness": null,',
      '"faithfulness": "0.9",'
    )
    const failed = failureOf(await parseText<Evaluation>(promptfooEvalParser, 'string-score.json', text))
    expect(failed.message).toBe('"string-score.json": results.results[1] has named score "faithfulness" "0.9", not a number (or null, promptfoo\'s NaN)')
    // The second row's line: the rows of results.results open at six spaces of indent.
    const lines = text.split('\n')
    const first = lines.indexOf('      {', lines.indexOf('    "results": ['))
    expect(failed.line).toBe(lines.indexOf('      {', first + 1) + 1)
    const jsonl = readFileSync(path.join(FIXTURES, 'promptfoo/promptfoo-eval-jsonl.nan-scores.jsonl'), 'utf8').replaceAll(
      '"faithfulness":null',
      '"faithfulness":true'
    )
    const failedLine = failureOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'bool-score.jsonl', jsonl))
    expect(failedLine).toMatchObject({ line: 2 })
    expect(failedLine.message).toMatch(/line 2 has named score "faithfulness" true, not a number/)
  })

  it('fails a namedScores that is not an object at its row, rather than reading the row as scoring nothing', async () => {
    const text = readFileSync(path.join(FIXTURES, 'promptfoo/promptfoo-eval.nan-scores.json'), 'utf8')
    // A row's own scores, at eight spaces of indent (a grading result's nested ones sit deeper).
    const namedScoresAt = [...text.matchAll(/\n {8}"namedScores": \{/g)]
    expect(namedScoresAt.length).toBeGreaterThan(1)
    // The second row's scores replaced whole by each shape promptfoo never writes there.
    const start = namedScoresAt[1]!.index + 9
    const end = text.indexOf('}', start) + 1
    for (const [written, described] of [
      ['null', 'null'],
      ['[0.9]', 'a list'],
      ['"0.9"', '"0.9"']
    ] as const) {
      const failed = failureOf(
        await parseText<Evaluation>(promptfooEvalParser, 'scores.json', `${text.slice(0, start)}"namedScores": ${written}${text.slice(end)}`)
      )
      expect(failed.message).toContain(`results.results[1] has namedScores ${described}, not an object of scores by name`)
    }
    const jsonl = readFileSync(path.join(FIXTURES, 'promptfoo/promptfoo-eval-jsonl.nan-scores.jsonl'), 'utf8').split('\n')
    // The row's own scores come last on its line, after its grading result's.
    const own = jsonl[1]!.lastIndexOf('"namedScores":{')
    jsonl[1] = `${jsonl[1]!.slice(0, own)}"namedScores":"high"${jsonl[1]!.slice(jsonl[1]!.indexOf('}', own) + 1)}`
    const failedLine = failureOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'scores.jsonl', jsonl.join('\n')))
    expect(failedLine).toMatchObject({ line: 2 })
    expect(failedLine.message).toMatch(/line 2 has namedScores "high", not an object/)
  })

  /** A passing row of test case `question` with its named scores (promptfoo's row shape); `testCase` adds to its test case. */
  const scoredRow = (testIdx: number, question: string, namedScores: Record<string, number | null>, testCase: Record<string, unknown> = {}) => ({
    success: true,
    testIdx,
    promptIdx: 0,
    provider: { id: 'bot' },
    vars: { question },
    testCase: { vars: { question }, ...testCase },
    namedScores
  })

  it('keeps count of the NaN scores of a case across its repeats until a value takes their place', async () => {
    // Case a: a row naming no score, then repeats scoring quality NaN, tone NaN, then quality 0.5; case b scores both.
    const rows = [
      scoredRow(0, 'a', {}),
      scoredRow(1, 'a', { quality: null }),
      scoredRow(2, 'a', { tone: null }),
      scoredRow(3, 'a', { quality: 0.5 }),
      scoredRow(4, 'b', { quality: 1, tone: 1 })
    ]
    const evidence = evidenceOf(
      await parseText<Evaluation>(promptfooEvalJsonlParser, 'nan-repeats.jsonl', rows.map((entry) => JSON.stringify(entry)).join('\n'))
    )
    // quality: a's NaN replaced by its 0.5, a sample; tone: a has none, one missing.
    expect(
      evidence.metrics.filter((metric) => metric.name !== 'pass rate').map(({ name, value, samples, missing }) => [name, value, samples, missing])
    ).toEqual([
      ['quality', 0.75, 2, 0],
      ['tone', 1, 1, 1]
    ])
  })

  it("gives a metric a segment first sees as a repeat's NaN its direction there: toxicity, lower is better, in every group", async () => {
    // Case a's first row names no score; its repeat scores toxicity NaN (null): the "de" group's first sight of
    // toxicity is that missing value. Case b, in the same group, scores it. A direction lost there would read
    // the group's toxicity as higher-is-better wherever groups are compared.
    const row = (testIdx: number, question: string, namedScores: Record<string, number | null>) =>
      scoredRow(testIdx, question, namedScores, { metadata: { language: 'de' }, assert: [{ type: 'javascript', value: '1', metric: 'toxicity' }] })
    const rows = [row(0, 'a', {}), row(1, 'a', { toxicity: null }), row(2, 'b', { toxicity: 0.2 })]
    const evidence = evidenceOf(await parseText<Evaluation>(promptfooEvalJsonlParser, 'direction.jsonl', rows.map((entry) => JSON.stringify(entry)).join('\n')))
    expect(evidence.metrics.find((metric) => metric.name === 'toxicity')).toMatchObject({ value: 0.2, lowerIsBetter: true, samples: 1, missing: 1 })
    expect(evidence.segments![0]!.metrics).toEqual([{ name: 'toxicity', value: 0.2, lowerIsBetter: true, samples: 1, missing: 1 }])
  })
})

describe('promptfoo detection', () => {
  it('claims its own samples and fixtures only', () => {
    expectOwnFilesClaimed(promptfooParsers)
  })
})
