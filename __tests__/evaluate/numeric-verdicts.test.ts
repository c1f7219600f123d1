// Every requirement whose verdict compares a number, pinned at its boundary: exactly at the limit
// passes, just past it fails. Written so that flipping a comparison, dropping a check or making a
// "reports no figure" branch unreachable fails a test (see docs/mutation-testing.md).
import { afterAll, describe, expect, it } from '@jest/globals'
import { evaluationFile, evaluationVerdict, fairnessSection, fairnessVerdict, k6HandleSummary } from '../support/evidence-files.js'
import { MIDNIGHT, manifest, policyOf, removeJudgeRepos, verdict } from '../support/judge.js'

afterAll(removeJudgeRepos)

// ---- evidence age (every linked evidence file), on a load test --------------------------------------
// (load.production-volume's own boundaries are in its test file: evaluate/requirements/load.production-volume.test.ts)

const LOAD_ENTRY = 'load-test:\n  file: k6.json\n  format: k6-summary\n  date: 2026-11-20\n'
const SLO = 'slo:\n  p95-ms: 800\n  error-rate: 0.01\n'
const VOLUME = 'volume:\n  peak-rps: 40\n'

describe('evidence freshness', () => {
  const dated = (date: string) => ({ 'sys/readiness.yml': manifest(LOAD_ENTRY.replace('2026-11-20', date) + SLO, VOLUME), 'sys/k6.json': k6HandleSummary() })
  const atMidnight = { now: MIDNIGHT }

  it('evidence exactly at the policy’s age limit passes; a day older fails', async () => {
    expect((await verdict('load.production-volume', dated('2026-08-24'), atMidnight)).status).toBe('pass')
    expect(await verdict('load.production-volume', dated('2026-08-23'), atMidnight)).toMatchObject({
      status: 'fail',
      message: 'The load-test result "sys/k6.json" is 91 days old (by the manifest\'s `date:`), over the policy\'s 90-day limit.'
    })
  })

  it('follows the policy’s limit, not the default', async () => {
    const policy = policyOf('thresholds:\n  max-evidence-age-days: 10\n')
    expect((await verdict('load.production-volume', dated('2026-11-12'), { ...atMidnight, policy })).status).toBe('pass')
    expect((await verdict('load.production-volume', dated('2026-11-11'), { ...atMidnight, policy })).message).toMatch(
      /is 11 days old .* over the policy's 10-day limit/
    )
  })

  it('evidence dated one day ahead passes (time zones); two days ahead fails as from the future', async () => {
    expect((await verdict('load.production-volume', dated('2026-11-23'), atMidnight)).status).toBe('pass')
    expect(await verdict('load.production-volume', dated('2026-11-24'), atMidnight)).toMatchObject({
      status: 'fail',
      message: 'The load-test result "sys/k6.json" is dated 2026-11-24, in the future (by the manifest\'s `date:`).'
    })
  })

  it('fails evidence with no date and no git history to date it by, saying so', async () => {
    const files = { 'sys/readiness.yml': manifest(LOAD_ENTRY.replace('  date: 2026-11-20\n', '') + SLO, VOLUME), 'sys/k6.json': k6HandleSummary() }
    expect((await verdict('load.production-volume', files)).message).toBe(
      'The load-test result "sys/k6.json" carries no date of its own, and there is no git history to date it by.'
    )
  })

  it('fails evidence for another model version than the manifest claims', async () => {
    const evaluation = EVALUATION.replace('model-version: "1.0.0"', 'model-version: "0.9.0"')
    expect(await evaluationVerdict(evaluation)).toMatchObject({
      status: 'fail',
      file: 'sys/eval.yml',
      line: 2,
      message: 'The evaluation "sys/eval.yml" is for model version 0.9.0, but the manifest claims 1.0.0.'
    })
  })
})

// ---- data.production-evaluation -----------------------------------------------------------------

const EVALUATION = evaluationFile(
  `  - name: accuracy
    value: 0.9095
    target: 0.9
  - name: unsafe-rate
    value: 0.00275
    target: 0.005
    lower-is-better: true
`,
  { size: 4000 }
)

describe('data.production-evaluation', () => {
  // On 4,000 samples: 3,638 correct is the fewest whose 95% interval clears 0.9; 11 unsafe the most whose interval stays under 0.005.
  it('metrics whose interval just clears their targets pass, whichever way is better', async () => {
    expect(await evaluationVerdict(EVALUATION)).toMatchObject({
      status: 'pass',
      message:
        'accuracy 0.9095 on 4,000 samples: 95% interval 0.9002–0.9181; the lower bound meets the target 0.9000; unsafe-rate 0.0028 on 4,000 samples: 95% interval 0.00153–0.00492; the upper bound meets the target 0.00500; on production-sampled data.'
    })
  })

  it('a higher-is-better metric one sample under that boundary fails at its line, and so does a point value exactly at its target', async () => {
    expect(await evaluationVerdict(EVALUATION.replace('value: 0.9095\n', 'value: 0.90925\n'))).toMatchObject({
      status: 'fail',
      line: 10,
      message: 'accuracy 0.9093 on 4,000 samples: 95% interval 0.89995–0.91777; the lower bound is under the target 0.90000 in "sys/eval.yml".'
    })
    expect(await evaluationVerdict(EVALUATION.replace('value: 0.9095\n', 'value: 0.9\n'))).toMatchObject({
      status: 'fail',
      line: 10,
      message: 'accuracy 0.9 on 4,000 samples: 95% interval 0.89–0.91; the lower bound is under the target 0.90 in "sys/eval.yml".'
    })
  })

  it('a lower-is-better metric one sample over that boundary fails at its line', async () => {
    expect(await evaluationVerdict(EVALUATION.replace('value: 0.00275', 'value: 0.003'))).toMatchObject({
      status: 'fail',
      line: 13,
      message: 'unsafe-rate 0.003 on 4,000 samples: 95% interval 0.0017–0.0053; the upper bound is over the target 0.0050 in "sys/eval.yml".'
    })
  })

  it('fails an evaluation not on production-sampled data, with no metrics, or with no target', async () => {
    expect((await evaluationVerdict(EVALUATION.replace('source: production-sample', 'source: synthetic'))).message).toMatch(
      /^The evaluation "sys\/eval.yml" is not declared as measured on production-sampled data \(dataset "sample"\)\.$/
    )
    const untargeted = EVALUATION.replace(/\n {4}target: [\d.]+/g, '')
    expect((await evaluationVerdict(untargeted)).message).toBe('The evaluation "sys/eval.yml" states no target for any metric, so quality cannot be judged.')
  })
})

// ---- fairness.evaluation --------------------------------------------------------------------------

// f1 is not a proportion, so its disparity is judged by the point values; each group has the policy's minimum 100 samples.
const fairness = (groups: [string, number][], threshold?: number): string =>
  evaluationFile('  - name: f1\n    value: 0.9\n', {
    rest: fairnessSection(
      'f1',
      groups.map(([name, value]) => [name, value, 100]),
      { threshold, attribute: 'language' }
    )
  })

describe('fairness.evaluation', () => {
  it('a disparity exactly at the stated threshold passes; just over fails, naming the lowest group', async () => {
    expect(
      await fairnessVerdict(
        fairness(
          [
            ['en', 0.95],
            ['de', 0.9]
          ],
          0.05
        )
      )
    ).toMatchObject({ status: 'pass', message: 'f1 disparity 0.05 across 2 groups ≤ 0.05.' })
    expect(
      await fairnessVerdict(
        fairness(
          [
            ['en', 0.95],
            ['es', 0.92],
            ['de', 0.899]
          ],
          0.05
        )
      )
    ).toMatchObject({
      status: 'fail',
      message: 'f1 disparity 0.051 across 3 groups > threshold 0.05 (lowest: de 0.899).'
    })
  })

  it('without a stated threshold, uses the policy’s, at the same boundary', async () => {
    expect(
      await fairnessVerdict(
        fairness([
          ['en', 0.95],
          ['de', 0.85]
        ])
      )
    ).toMatchObject({ status: 'pass', message: 'f1 disparity 0.1 across 2 groups ≤ 0.1.' })
    expect(
      (
        await fairnessVerdict(
          fairness([
            ['en', 0.95],
            ['de', 0.849]
          ])
        )
      ).status
    ).toBe('fail')
    expect(
      (
        await fairnessVerdict(
          fairness([
            ['en', 0.95],
            ['de', 0.85]
          ]),
          'thresholds:\n  max-fairness-disparity: 0.09\n'
        )
      ).message
    ).toMatch(/> threshold 0.09/)
  })

  it('fails a comparison of fewer than two groups, and a file with no per-group results', async () => {
    expect((await fairnessVerdict(fairness([['en', 0.95]], 0.05))).message).toBe(
      'The fairness evaluation "sys/fair.yml": fairness.groups must list at least 2 items.'
    )
    expect((await fairnessVerdict(fairness([['en', 0.95]], 0.05).replace(/fairness:[\s\S]*$/, ''))).message).toBe(
      '"sys/fair.yml" has no per-group results to judge bias by.'
    )
  })
})

// ---- cost.projection --------------------------------------------------------------------------------

/** A declared cost, judged at pilot (from staging the default policy requires a measured one). */
const atPilot = (text: string): string => text.replace('stage: production', 'stage: pilot')
const cost = (budget: number, headroom?: number): Record<string, string> => ({
  'sys/readiness.yml': atPilot(
    manifest(
      `cost:\n  usd-per-1k-requests: 1\n  monthly-budget-usd: ${budget}\n${headroom === undefined ? '' : `  headroom: ${headroom}\n`}`,
      'volume:\n  monthly-requests: 1000000\n'
    )
  )
})

describe('cost.projection', () => {
  it('a projection exactly at the budget passes; a cent over fails', async () => {
    expect(await verdict('cost.projection', cost(2000, 2))).toMatchObject({
      status: 'pass',
      message: '$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month ≤ budget $2,000.'
    })
    expect(await verdict('cost.projection', cost(1999.99, 2))).toMatchObject({
      status: 'fail',
      message: '$1 per 1k × 1,000,000 requests/month × 2 headroom = $2,000/month > budget $1,999.99.'
    })
  })

  it('headroom exactly at the policy minimum passes; just under fails; none means the minimum', async () => {
    expect((await verdict('cost.projection', cost(1500, 1.5))).status).toBe('pass')
    expect(await verdict('cost.projection', cost(1500, 1.49))).toMatchObject({
      status: 'fail',
      message: "Cost headroom 1.49 is below the policy's minimum of 1.5."
    })
    expect((await verdict('cost.projection', cost(1500))).message).toMatch(/× 1.5 headroom = \$1,500\/month ≤ budget \$1,500\.$/)
    expect((await verdict('cost.projection', cost(1499))).status).toBe('fail')
  })

  it('fails a projection that lacks a figure, naming each', async () => {
    const files = { 'sys/readiness.yml': atPilot(manifest('cost:\n  headroom: 2\n')) }
    expect((await verdict('cost.projection', files)).message).toBe(
      'The cost projection lacks `evidence.cost.usd-per-1k-requests`, `evidence.cost.monthly-budget-usd`, `volume.monthly-requests`.'
    )
  })
})

// ---- rollback.tested and adoption.training (dates in the manifest) ---------------------------------

describe('rollback.tested', () => {
  const rollback = (testedOn: string): Record<string, string> => ({
    'sys/readiness.yml': manifest(`rollback:\n  plan: rollback.md\n  tested-on: ${testedOn}\n`),
    'sys/rollback.md':
      '# Rollback\n\n1. Route traffic back to the previous model version.\n2. Confirm error rate and accuracy are back to baseline.\n3. Tell the on-call channel the rollback is done.\n'
  })

  it('a rehearsal exactly at the policy’s age limit passes; a day older fails', async () => {
    expect(await verdict('rollback.tested', rollback('2026-08-24'), { now: MIDNIGHT })).toMatchObject({
      status: 'pass',
      message: 'Rollback plan linked with at least 3 steps; rehearsed on 2026-08-24.'
    })
    expect((await verdict('rollback.tested', rollback('2026-08-23'), { now: MIDNIGHT })).message).toBe(
      "The rollback was last tested 91 days ago (2026-08-23), over the policy's 90-day limit."
    )
  })

  it('a rehearsal dated one day ahead passes; two days ahead fails', async () => {
    expect((await verdict('rollback.tested', rollback('2026-11-23'), { now: MIDNIGHT })).status).toBe('pass')
    expect((await verdict('rollback.tested', rollback('2026-11-24'), { now: MIDNIGHT })).message).toBe('The rollback test is dated 2026-11-24, in the future.')
  })
})

describe('adoption.training', () => {
  const training = (completedOn: string): Record<string, string> => ({
    'sys/readiness.yml': manifest('', `adoption:\n  training:\n    completed-on: ${completedOn}\n  escalation-path: "#help"\n`)
  })

  it('training completed today passes; dated tomorrow fails as planned, not completed', async () => {
    expect((await verdict('adoption.training', training('2026-11-22'), { now: MIDNIGHT })).status).toBe('pass')
    expect((await verdict('adoption.training', training('2026-11-23'), { now: MIDNIGHT })).message).toMatch(/dated 2026-11-23, in the future/)
  })
})
