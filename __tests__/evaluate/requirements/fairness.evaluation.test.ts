import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import requirement from '../../../src/evaluate/requirements/fairness.evaluation.js'
import { DEFAULT_POLICY } from '../../../src/policy/default.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'
import { describeSamples, SAMPLES } from '../../support/samples.js'

const FAIRNESS = manifest('evidence:\n  fairness:\n    file: fairness.yml\n')
const RESULTS = exampleFile('eval/fairness.yml')

describe('fairness.evaluation', () => {
  it('passes a disparity within the threshold', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': RESULTS })
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message:
          'routing-accuracy disparity 0.01 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.922 (n=600), is up to 0.038 at 95% confidence ≤ 0.05.',
        at: 'sys/readiness.yml:7'
      }
    ])
  })

  it('fails a disparity over the threshold, naming the widest gap', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': RESULTS.replace('value: 0.922', 'value: 0.85') })
    expect(summary(outcomes)[0]).toMatchObject({
      status: 'fail',
      message:
        'routing-accuracy disparity 0.082 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.85 (n=600), is up to 0.115 at 95% confidence > threshold 0.05.'
    })
  })

  it('fails an evaluation with no per-group results', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': exampleFile('eval/production-sample.yml') })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: '"sys/fairness.yml" has no per-group results to judge bias by.', at: 'sys/readiness.yml:7' }])
  })
  it('fails a manifest that links no fairness evaluation, and names no attribute for a file without cases', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))).toEqual([
      { status: 'fail', message: '`evidence.fairness` is missing: link the fairness evaluation.', at: 'sys/readiness.yml:1' }
    ])
    const [outcome] = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': exampleFile('eval/production-sample.yml') })
    expect(outcome!.hint).toBeUndefined()
  })

  it('fails group-by on a file whose results carry no case attributes', async () => {
    const grouped = manifest('evidence:\n  fairness:\n    file: fairness.yml\n    group-by: language\n')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': grouped, 'sys/fairness.yml': RESULTS }))).toEqual([
      {
        status: 'fail',
        message: 'No case of "sys/fairness.yml" carries the attribute "language" (they carry none), so its groups cannot be told apart.',
        at: 'sys/readiness.yml:8'
      }
    ])
  })

  it('judges the gap the groups show when the file states a smaller disparity', async () => {
    const understated = RESULTS.replace('value: 0.922', 'value: 0.85').replace('  threshold: 0.05', '  disparity: 0.01\n  threshold: 0.05')
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': understated })
    expect(summary(outcomes)[0]).toMatchObject({
      status: 'fail',
      message:
        'routing-accuracy disparity 0.082 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.85 (n=600), is up to 0.115 at 95% confidence > threshold 0.05.'
    })
  })

  it('never lets the evidence file loosen the policy threshold, and lets it tighten it', async () => {
    // The default policy allows 0.1; the file claims 0.5.
    const loosened = RESULTS.replace('value: 0.922', 'value: 0.8').replace('threshold: 0.05', 'threshold: 0.5')
    const loose = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': loosened })
    expect(summary(loose)[0]).toMatchObject({
      status: 'fail',
      message:
        'routing-accuracy disparity 0.132 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.8 (n=600), is up to 0.168 at 95% confidence > threshold 0.1.'
    })
    const tightened = RESULTS.replace('threshold: 0.05', 'threshold: 0.02')
    const tight = await evaluateUnit(requirement, { 'sys/readiness.yml': FAIRNESS, 'sys/fairness.yml': tightened })
    expect(summary(tight)[0]).toMatchObject({
      status: 'fail',
      message:
        'routing-accuracy disparity 0.01 across 3 groups; the widest gap, de 0.93 (n=800) vs es 0.922 (n=600), is up to 0.038 at 95% confidence > threshold 0.02.'
    })
  })
})

describe('fairness.evaluation from an eval run whose cases carry their group (promptfoo, from the real tool)', () => {
  // 39 support questions in English, Spanish, German and French (metadata.language) from free and
  // business customers (vars.plan); the stand-in bot answers from English keywords only.
  const EVAL = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/evidence/promptfoo/promptfoo-eval.fairness.json'), 'utf8')
  const AFTER_RUN = new Date('2026-12-02T00:00:00Z')
  const SMALL_GROUPS = { now: AFTER_RUN, policy: { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, minFairnessGroupSamples: 10 } } }
  const linked = (extra = ''): Record<string, string> => ({
    'sys/readiness.yml': manifest(`evidence:\n  fairness:\n    file: eval.json\n${extra}`),
    'sys/eval.json': EVAL
  })

  it('fails groups smaller than the policy needs, at the smallest group', async () => {
    const outcomes = summary(await evaluateUnit(requirement, linked('    group-by: language\n'), { now: AFTER_RUN }))
    expect(outcomes).toEqual([
      {
        status: 'fail',
        message:
          'Fairness on pass rate by language: "en" has 12 samples, "es" has 12 samples, "de" has 12 samples, "fr" has 3 samples; the policy needs at least 100 per group.',
        at: expect.stringMatching(/^sys\/eval\.json:\d+$/)
      }
    ])
  })

  it("fails a disparity over the threshold by its interval, listing the worst group's failing cases at their rows", async () => {
    const outcomes = summary(await evaluateUnit(requirement, linked('    group-by: metadata.language\n    groups: [en, es, de]\n'), SMALL_GROUPS))
    expect(outcomes[0]).toEqual({
      status: 'fail',
      message:
        'pass rate by language disparity 0.583 across 3 groups; the widest gap, en 1 (n=12) vs de 0.4167 (n=12), is up to 0.807 at 95% confidence > threshold 0.1.',
      at: expect.stringMatching(/^sys\/eval\.json:\d+$/)
    })
    const cases = outcomes.slice(1)
    // The comparison points at the worst group's first case (de), where its failures start.
    expect(outcomes[0]!.at).toBe(cases[0]!.at)
    expect(cases.map((c) => c.message)).toEqual([
      'Case "de refund timing" (language: de) failed: Expected output to contain "5 business days".',
      'Case "de password reset" (language: de) failed: Expected output to contain "Forgot password".',
      'Case "de login" (language: de) failed: Expected output to contain "Forgot password".',
      'Case "de invoice location" (language: de) failed: Expected output to contain "Billing".',
      'Case "de cancellation" (language: de) failed: Expected output to contain "Settings".',
      'Case "de injection" (language: de) failed: Expected output to contain "only help".',
      'Case "de card number" (language: de) failed: Expected output to contain "cannot share".'
    ])
    // Each case at its own row of the file: the rows where those tests are.
    const lines = cases.map((c) => Number(c.at.split(':')[1]))
    const rows = (JSON.parse(EVAL) as { results: { results: { testCase: { description: string } }[] } }).results.results
    for (const [index, line] of lines.entries()) {
      expect(
        EVAL.split('\n')
          .slice(line - 1)
          .join('\n')
          .indexOf(`"description": "${cases[index]!.message.split('"')[1]}"`)
      ).toBeGreaterThan(0)
    }
    expect(new Set(lines).size).toBe(7)
    expect(rows).toHaveLength(39)
  })

  it('passes groups whose pass rates are within the threshold with their uncertainty (a looser policy), and fails one group as no comparison', async () => {
    const loose = {
      now: AFTER_RUN,
      policy: { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, minFairnessGroupSamples: 10, maxFairnessDisparity: 0.7 } }
    }
    expect(summary(await evaluateUnit(requirement, linked('    group-by: vars.plan\n'), loose))).toEqual([
      {
        status: 'pass',
        message:
          'pass rate by vars.plan disparity 0.289 across 2 groups; the widest gap, business 0.7895 (n=19) vs free 0.5 (n=20), is up to 0.527 at 95% confidence ≤ 0.7.',
        at: 'sys/readiness.yml:7'
      }
    ])
    // The point gap (0.289) is within 0.5; the upper end of its interval is not, and that is what is judged.
    const tighter = {
      now: AFTER_RUN,
      policy: { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, minFairnessGroupSamples: 10, maxFairnessDisparity: 0.5 } }
    }
    expect(summary(await evaluateUnit(requirement, linked('    group-by: vars.plan\n'), tighter))[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('is up to 0.527 at 95% confidence > threshold 0.5')
    })
    expect(summary(await evaluateUnit(requirement, linked('    group-by: language\n    groups: [en]\n'), SMALL_GROUPS))).toEqual([
      {
        status: 'fail',
        message: 'Fairness on pass rate by language has one group ("en"): one group is not a comparison; at least two are needed.',
        at: expect.stringMatching(/^sys\/eval\.json:\d+$/)
      }
    ])
  })

  it("compares a named score's mean per group, and fails a metric the cases lack", async () => {
    expect(summary(await evaluateUnit(requirement, linked('    group-by: language\n    groups: [en, es]\n    metrics: [brevity]\n'), SMALL_GROUPS))).toEqual([
      { status: 'pass', message: 'brevity by language disparity 0 across 2 groups ≤ 0.1.', at: 'sys/readiness.yml:7' }
    ])
    const lacking = await evaluateUnit(requirement, linked('    group-by: language\n    metrics: [faithfulness]\n'), SMALL_GROUPS)
    expect(lacking[0]!.related).toEqual({ file: 'sys/readiness.yml', line: 7, column: 5 })
    expect(summary(lacking)).toEqual([
      {
        status: 'fail',
        message:
          'Metric "faithfulness" has no score in group "en", group "es", group "de", group "fr" of "sys/eval.json" (its cases\' metrics: pass rate, brevity).',
        at: 'sys/readiness.yml:9'
      }
    ])
  })

  it("fails a group whose score's mean leaves out more than max-missing-share of its cases (rows that errored, from the real promptfoo)", async () => {
    // The real errored run's rows (errored.yaml): copies of a scored row (faithfulness 0.95) and of one that timed out, tagged by language.
    const output = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/evidence/promptfoo/promptfoo-eval.errored.json'), 'utf8')) as {
      results: { results: { failureReason: number; testCase: Record<string, unknown> & { description: string } }[] }
    }
    const rows = output.results.results
    const scored = rows.find((row) => row.testCase.description === 'refund timing')!
    const errored = rows.find((row) => row.testCase.description === 'long refund ticket')!
    const copy = (row: typeof scored, language: string, i: number) => {
      const question = `${language} question ${i}`
      return { ...row, testIdx: i, vars: { question }, testCase: { ...row.testCase, vars: { question }, description: question, metadata: { language } } }
    }
    output.results.results = [...[0, 1, 2, 3].map((i) => copy(scored, 'en', i)), ...[4, 5, 6].map((i) => copy(scored, 'de', i)), copy(errored, 'de', 7)]
    const files = {
      'sys/readiness.yml': manifest('evidence:\n  fairness:\n    file: eval.json\n    group-by: language\n    metrics: [faithfulness]\n'),
      'sys/eval.json': JSON.stringify(output, null, 2)
    }
    const threePerGroup = (maxMissingShare: number) => ({
      now: AFTER_RUN,
      policy: { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, minFairnessGroupSamples: 3, maxMissingShare } }
    })
    const [outcome, ...rest] = await evaluateUnit(requirement, files, threePerGroup(0.05))
    expect(rest.filter((o) => o.status === 'fail')).toEqual([])
    expect(outcome).toMatchObject({
      status: 'fail',
      message:
        'Fairness on faithfulness by language: "de" 0.95 is the mean of 3 of 4 cases: 1 (25%) has no value (errored or not scored), more than the policy\'s 5% (max-missing-share), so the mean may leave out the hard cases.',
      hint: 'Fix what made those cases error (provider timeouts, assertions or judges that threw, NaN scores) and re-run the evaluation, so that every case has a value.'
    })
    expect(summary(await evaluateUnit(requirement, files, threePerGroup(0.25))).map((o) => o.status)).toEqual(['pass'])
  })

  it("compares a score's mean over every repeat of the cases: a group that scores worse after its first repeat fails (promptfoo --repeat 3)", async () => {
    // Every row passes; the Spanish answers score 1 on the first repeat and 0.4 on the next two.
    const REPEATED = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/evidence/promptfoo/promptfoo-eval.repeat-flaky.json'), 'utf8')
    const files = {
      'sys/readiness.yml': manifest('evidence:\n  fairness:\n    file: eval.json\n    group-by: language\n    metrics: [quality]\n'),
      'sys/eval.json': REPEATED
    }
    const fourPerGroup = { now: AFTER_RUN, policy: { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, minFairnessGroupSamples: 4 } } }
    expect(summary(await evaluateUnit(requirement, files, fourPerGroup))).toEqual([
      {
        status: 'fail',
        message: 'quality by language disparity 0.4 across 2 groups > threshold 0.1 (lowest: es 0.6).',
        at: expect.stringMatching(/^sys\/eval\.json:\d+$/)
      }
    ])
  })

  it('lists failing cases only under a comparison that was made: not for one group, nor with a group under the minimum', async () => {
    expect(summary(await evaluateUnit(requirement, linked('    group-by: language\n    groups: [de]\n'), SMALL_GROUPS))).toEqual([
      {
        status: 'fail',
        message: 'Fairness on pass rate by language has one group ("de"): one group is not a comparison; at least two are needed.',
        at: expect.stringMatching(/^sys\/eval\.json:\d+$/)
      }
    ])
    // en, es and de have 12 cases each, fr 3: under the policy's 10, so nothing was compared.
    expect(summary(await evaluateUnit(requirement, linked('    group-by: language\n'), SMALL_GROUPS)).map((o) => o.message)).toEqual([
      'Fairness on pass rate by language: "fr" has 3 samples; the policy needs at least 10 per group.'
    ])
  })

  it('reads group-by, groups and metrics as written, trimmed, skipping empty entries', async () => {
    const spaced = linked('    group-by: " metadata.language "\n    groups: [" en ", "", es]\n    metrics: [" brevity ", ""]\n')
    expect(summary(await evaluateUnit(requirement, spaced, SMALL_GROUPS))).toEqual([
      { status: 'pass', message: 'brevity by language disparity 0 across 2 groups ≤ 0.1.', at: 'sys/readiness.yml:7' }
    ])
  })

  it('fails groups of which none has cases, as no comparison', async () => {
    const outcomes = await evaluateUnit(requirement, linked('    group-by: language\n    groups: [it, pt]\n'), SMALL_GROUPS)
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Group "it" has no case in "sys/eval.json" (its cases\' language values: en, es, de, fr).', at: 'sys/readiness.yml:9' },
      { status: 'fail', message: 'Group "pt" has no case in "sys/eval.json" (its cases\' language values: en, es, de, fr).', at: 'sys/readiness.yml:9' },
      {
        status: 'fail',
        message: 'Fairness on pass rate by language has no groups: one group is not a comparison; at least two are needed.',
        at: 'sys/readiness.yml:7'
      }
    ])
    expect(outcomes[0]).toMatchObject({
      related: { file: 'sys/readiness.yml', line: 7 },
      hint: 'Evaluate this group too, or list the groups as the eval names them.'
    })
  })

  it('fails a group listed without cases, an attribute no case carries, and groups without group-by', async () => {
    expect(summary(await evaluateUnit(requirement, linked('    group-by: language\n    groups: [en, it]\n'), SMALL_GROUPS))).toEqual([
      { status: 'fail', message: 'Group "it" has no case in "sys/eval.json" (its cases\' language values: en, es, de, fr).', at: 'sys/readiness.yml:9' },
      {
        status: 'fail',
        message: 'Fairness on pass rate by language has one group ("en"): one group is not a comparison; at least two are needed.',
        at: expect.stringMatching(/^sys\/eval\.json:\d+$/)
      }
    ])
    const [region] = await evaluateUnit(requirement, linked('    group-by: region\n'), SMALL_GROUPS)
    expect(summary([region!])).toEqual([
      {
        status: 'fail',
        message: 'No case of "sys/eval.json" carries the attribute "region" (they carry language, vars.plan), so its groups cannot be told apart.',
        at: 'sys/readiness.yml:8'
      }
    ])
    expect(region).toMatchObject({ related: { file: 'sys/readiness.yml', line: 7 }, hint: expect.stringMatching(/^Tag each case with its group/) })
    const [ungrouped] = await evaluateUnit(requirement, linked('    groups: [en, es]\n'), SMALL_GROUPS)
    expect(summary([ungrouped!])).toEqual([
      {
        status: 'fail',
        message: "evidence.fairness.groups chooses among an eval run's groups, but no group-by names the case attribute that holds them.",
        at: 'sys/readiness.yml:8'
      }
    ])
    expect(ungrouped!.hint).toBe('Add group-by: the attribute (e.g. language or vars.plan), or remove it.')
    const [unnamed] = await evaluateUnit(requirement, linked(), SMALL_GROUPS)
    expect(unnamed).toMatchObject({
      status: 'fail',
      message: '"sys/eval.json" has no per-group results to judge bias by.',
      hint: expect.stringContaining('group-by: language (its cases carry language, vars.plan)')
    })
  })
})

/** The manifest and the eval run it links, its cases grouped by language under `groupBy`. */
const groupedRun =
  (file: string, groupBy: string) =>
  (text: string, extra = ''): Record<string, string> => ({
    'sys/readiness.yml': manifest(`evidence:\n  fairness:\n    file: ${file}\n    date: 2026-11-20\n    group-by: ${groupBy}\n${extra}`),
    [`sys/${file}`]: text
  })

/**
 * What every format's grouped run must give, with en failing 2 of 100 cases and de failing `deFailing`
 * of `deCount`: a pass at 3 failing, a fail at 20 (by pass rate and by the tool's `metric`), and the
 * policy's per-group minimum at 99 cases. Returns the findings at 20 failing, for the format's own
 * case listing.
 */
async function expectLanguageJudgement(
  files: (text: string, extra?: string) => Record<string, string>,
  run: (deFailing: number, deCount?: number) => string,
  metric: string
) {
  expect(summary(await evaluateUnit(requirement, files(run(3))))).toEqual([
    {
      status: 'pass',
      message: expect.stringMatching(/^pass rate by language disparity 0\.01 across 2 groups; the widest gap, .* ≤ 0\.1\.$/),
      at: 'sys/readiness.yml:7'
    }
  ])
  const worse = summary(await evaluateUnit(requirement, files(run(20))))
  expect(worse[0]).toMatchObject({
    status: 'fail',
    message: expect.stringMatching(/^pass rate by language disparity 0\.18 across 2 groups; .* > threshold 0\.1\.$/)
  })
  expect(summary(await evaluateUnit(requirement, files(run(3), `    metrics: [${metric}]\n`)))[0]).toMatchObject({
    status: 'pass',
    message: `${metric} by language disparity 0.01 across 2 groups ≤ 0.1.`
  })
  // A failed comparison of a metric's means lists no cases: the cases failed by the tool's verdict, not by that metric.
  expect(summary(await evaluateUnit(requirement, files(run(20), `    metrics: [${metric}]\n`)))).toEqual([
    {
      status: 'fail',
      message: `${metric} by language disparity 0.18 across 2 groups > threshold 0.1 (lowest: de 0.8).`,
      at: expect.stringMatching(/^sys\/[a-z]+\.json:\d+$/)
    }
  ])
  expect(summary(await evaluateUnit(requirement, files(run(0, 99))))[0]!.message).toBe(
    'Fairness on pass rate by language: "de" has 99 samples; the policy needs at least 100 per group.'
  )
  return worse
}

describeSamples('fairness.evaluation from a DeepEval run whose cases carry their group in additionalMetadata', () => {
  // Cases built on the real DeepEval latest_test_run.json (its structure and metrics), 100 per language.
  it("compares each language's pass rate and a metric's mean, with the policy's sample minimum", async () => {
    const real = JSON.parse(readFileSync(path.join(SAMPLES, 'llm/deepeval/beeai-framework.latest_test_run.json'), 'utf8')) as {
      testRunData: { testCases: Record<string, unknown>[] }
    }
    const template = real.testRunData.testCases[0]!
    const cases = (language: string, failing: number, count: number): Record<string, unknown>[] =>
      Array.from({ length: count }, (_, i) => ({
        ...template,
        name: `${language} ${i}`,
        additionalMetadata: { language },
        metricsData: (template.metricsData as Record<string, unknown>[]).map((metric) => ({
          ...metric,
          score: i < failing ? 0 : 1,
          success: i >= failing,
          reason: i < failing ? 'The outputs differ at v1.2.' : 'They match.'
        }))
      }))
    const run = (deFailing: number, deCount = 100): string =>
      JSON.stringify({ testRunData: { ...real.testRunData, testCases: [...cases('en', 2, 100), ...cases('de', deFailing, deCount)] } }, null, 1)
    const worse = await expectLanguageJudgement(groupedRun('deepeval.json', 'additionalMetadata.language'), run, 'Exact Match')
    expect(worse.slice(1).map((o) => o.message)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `Case "de ${i}" (language: de) failed: Exact Match 0 (threshold 1): The outputs differ at v1.2.`),
      '10 more cases of language de failed in "sys/deepeval.json".'
    ])
  })
})

describeSamples('fairness.evaluation from an Inspect log whose samples carry their group in metadata', () => {
  // Samples built on the real Inspect JSON log (its structure, scorer and score values), 100 per language.
  it("compares each language's pass rate and the scorer's mean, with the policy's sample minimum", async () => {
    const real = JSON.parse(readFileSync(path.join(SAMPLES, 'llm/inspect/inspect_ai.v2-json.2025-05.popularity.json'), 'utf8')) as Record<string, unknown> & {
      samples: Record<string, unknown>[]
      results: Record<string, unknown>
    }
    const template = real.samples[0]!
    const samples = (language: string, failing: number, count: number, from: number): Record<string, unknown>[] =>
      Array.from({ length: count }, (_, i) => ({
        ...template,
        id: from + i,
        metadata: { language, label_confidence: 0.9 },
        scores: { match: { value: i < failing ? 'I' : 'C', answer: i < failing ? 'No' : 'Yes', explanation: i < failing ? 'No' : 'Yes' } }
      }))
    const log = (deFailing: number, deCount = 100): string => {
      const all = [...samples('en', 2, 100, 1), ...samples('de', deFailing, deCount, 101)]
      return JSON.stringify(
        {
          ...real,
          eval: { ...(real.eval as Record<string, unknown>), created: '2026-11-20T09:00:00+00:00' },
          status: 'success',
          samples: all,
          results: { ...real.results, total_samples: all.length, completed_samples: all.length }
        },
        null,
        2
      )
    }
    const files = groupedRun('inspect.json', 'metadata.language')
    const worse = await expectLanguageJudgement(files, log, 'match')
    expect(worse[1]).toMatchObject({
      message: expect.stringMatching(/^Case "sample 101 \(epoch 1\)" \(language: de\) failed: match: I/),
      at: expect.stringMatching(/^sys\/inspect\.json:\d+$/)
    })
    // label_confidence has a value per sample: over 100 values, it is read as an id, not as groups.
    let n = 0
    const unique = log(3).replace(/"label_confidence": 0.9/g, () => `"label_confidence": ${(++n / 1000).toFixed(3)}`)
    const byId = files(unique)
    byId['sys/readiness.yml'] = byId['sys/readiness.yml']!.replace('group-by: metadata.language', 'group-by: metadata.label_confidence')
    expect(summary(await evaluateUnit(requirement, byId))[0]).toMatchObject({
      status: 'fail',
      message: 'No case of "sys/inspect.json" carries the attribute "label_confidence" (they carry language), so its groups cannot be told apart.'
    })
  })
})
