// The judgments of evidence whose own figures could make it meaningless (#16), called directly: each
// comparison at its boundary on both sides, so that loosening one fails a test here and not only
// through a whole gate run (docs/mutation-testing.md).
import { describe, expect, it } from '@jest/globals'
import type { EvaluationMetric, FairnessResult, LoadTestEvidence, Monitor } from '../../src/evidence/types.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import { differenceInterval } from '../../src/evaluate/proportion.js'
import { formatDuration, judgeFairness, judgeLoadVolume, judgeMetric, live } from '../../src/evaluate/substance.js'

const THRESHOLDS = DEFAULT_POLICY.thresholds

describe('formatDuration', () => {
  it('reads seconds under two minutes, minutes under two hours, then hours', () => {
    expect([5, 119.9, 120, 7199, 7200, 9000].map(formatDuration)).toEqual(['5 s', '119.9 s', '2 min', '119.9 min', '2 h', '2.5 h'])
  })

  it('never rounds up past a limit it misses, and never down below one it meets', () => {
    expect(formatDuration(599.99)).toBe('9.9 min')
    // 138 / 60 is 2.2999999999999998 in floating point: still 2.3 min.
    expect(formatDuration(138)).toBe('2.3 min')
  })
})

describe('judgeLoadVolume', () => {
  /** A run at `rps` for `durationS` seconds with as many requests as that makes, unless given. */
  const run = (figures: Partial<LoadTestEvidence>): LoadTestEvidence => ({ kind: 'load-test', format: 'k6-summary', latencyMs: {}, thresholds: [], ...figures })
  const judge = (figures: Partial<LoadTestEvidence>, peak = 40) => judgeLoadVolume(run(figures), peak, 'k6.json', THRESHOLDS)

  it("passes exactly the policy's minimum at peak, with as many requests as that takes", () => {
    expect(judge({ durationS: 600, rps: 40, requests: 24_000 })).toEqual({ problems: [], measured: "10 min ≥ the policy's 10 min" })
  })

  it('fails a run under the minimum, with the figures it has', () => {
    expect(judge({ durationS: 599.9, rps: 50, requests: 29_995 })).toEqual({
      problems: ["9.9 min at 50 rps, 29,995 requests: shorter than the policy's 10 min at peak"]
    })
    expect(judge({ durationS: 5 })).toEqual({ problems: ["5 s: shorter than the policy's 10 min at peak"] })
    expect(judge({ durationS: 5, requests: 1 })).toEqual({ problems: ["5 s, 1 request: shorter than the policy's 10 min at peak"] })
  })

  it('fails a run with no duration, or a zero or unreadable one, unless it made no requests (failed elsewhere)', () => {
    const noDuration = '"k6.json" records no run duration (nor a rate to derive it from), so it cannot show 10 min at peak'
    for (const durationS of [undefined, 0, Number.NaN]) expect(judge({ durationS, requests: 100 })).toEqual({ problems: [noDuration] })
    expect(judge({ requests: 0 })).toEqual({ problems: [] })
  })

  it('leaves a run of zero requests to the requirement, which fails it once, not as inconsistent or short', () => {
    expect(judge({ durationS: 600, rps: 40, requests: 0 }).problems).toEqual([])
  })

  it('takes the minimum from the policy', () => {
    const five = { ...THRESHOLDS, minLoadTestMinutes: 5 }
    expect(judgeLoadVolume(run({ durationS: 300, requests: 12_000 }), 40, 'k6.json', five)).toEqual({ problems: [], measured: "5 min ≥ the policy's 5 min" })
    expect(judgeLoadVolume(run({ durationS: 299 }), 40, 'k6.json', five).problems).toEqual(["4.9 min: shorter than the policy's 5 min at peak"])
  })

  it('fails a count that disagrees with the rate and duration by more than a tenth, either way', () => {
    // 30,000 requests in 600 s: a stated 55 rps implies 33,000 (a tenth more), 45 rps 27,000 (a tenth less).
    for (const rps of [55, 45]) expect(judge({ durationS: 600, rps, requests: 30_000 })).toEqual({ problems: [], measured: "10 min ≥ the policy's 10 min" })
    expect(judge({ durationS: 600, rps: 55.01, requests: 30_000 }).problems).toEqual([
      'the file is inconsistent: 30,000 requests in 10 min is 50 rps, not the 55 rps it states'
    ])
    expect(judge({ durationS: 600, rps: 44.99, requests: 30_000 }).problems).toEqual([
      'the file is inconsistent: 30,000 requests in 10 min is 50 rps, not the 45 rps it states'
    ])
  })

  it('does not check the count against a duration derived from it, nor against no rate', () => {
    expect(judge({ durationS: 600, rps: 80, requests: 30_000, durationDerived: true }).problems).toEqual([])
    expect(judge({ durationS: 600, rps: 0, requests: 30_000 }).problems).toEqual([])
  })

  it('fails a run at peak rate for the whole minimum with fewer requests than that takes', () => {
    expect(judge({ durationS: 600, requests: 23_999 }).problems).toEqual(['23,999 requests: fewer than the 24,000 that 10 min at peak 40 rps takes'])
    expect(judge({ durationS: 600, rps: 40, requests: 23_999 }).problems).toEqual(['23,999 requests: fewer than the 24,000 that 10 min at peak 40 rps takes'])
    expect(judge({ durationS: 600, requests: 24_000 }).problems).toEqual([])
    // A fractional peak needs the next whole request: 40.5 rps × 600 s = 24,300.
    expect(judge({ durationS: 600, requests: 24_299 }, 40.5).problems).toEqual(['24,299 requests: fewer than the 24,300 that 10 min at peak 40.5 rps takes'])
  })

  it('leaves a short count to the throughput finding when the rate is under peak', () => {
    expect(judge({ durationS: 600, rps: 39.9, requests: 23_940 }).problems).toEqual([])
  })
})

describe('judgeMetric', () => {
  const metric = (figures: Partial<EvaluationMetric>): EvaluationMetric => ({
    name: 'accuracy',
    type: 'accuracy',
    value: 0.95,
    lowerIsBetter: false,
    ...figures
  })

  it('cannot judge a metric with no sample size, and says so', () => {
    expect(judgeMetric(metric({ target: 0.9 }), undefined, THRESHOLDS)).toEqual({
      ok: false,
      message: "accuracy 0.95 states no sample size (dataset.size or the metric's samples), so its uncertainty cannot be judged"
    })
  })

  it("judges a proportion by its interval, on the metric's own sample count before the dataset's", () => {
    expect(judgeMetric(metric({ target: 0.9, samples: 3 }), 4000, THRESHOLDS)).toEqual({
      ok: false,
      message: 'accuracy 0.95 on 3 samples: 95% interval 0.43–1.00; the lower bound is under the target 0.90'
    })
    expect(judgeMetric(metric({ target: 0.9 }), 4000, THRESHOLDS)).toEqual({
      ok: true,
      message: 'accuracy 0.95 on 4,000 samples: 95% interval 0.94–0.96; the lower bound meets the target 0.90'
    })
  })

  it('says when the samples are fewer than the rows: repeats of a test case count once', () => {
    expect(judgeMetric(metric({ name: 'pass rate', type: 'pass-rate', value: 5 / 6, target: 0.8, samples: 6, rows: 18 }), undefined, THRESHOLDS)).toEqual({
      ok: false,
      message:
        'pass rate 0.8333 on 6 samples: 95% interval 0.43–0.97; the lower bound is under the target 0.80 (its 18 rows repeat test cases: each case is one sample)'
    })
    // Rows equal to the samples say nothing more.
    expect(judgeMetric(metric({ target: 0.9, samples: 3, rows: 3 }), undefined, THRESHOLDS).message).toBe(
      'accuracy 0.95 on 3 samples: 95% interval 0.43–1.00; the lower bound is under the target 0.90'
    )
    expect(judgeMetric(metric({ value: 2, target: 1, samples: 300, rows: 900 }), undefined, THRESHOLDS)).toEqual({
      ok: true,
      message: 'accuracy 2 ≥ target 1 on 300 samples (its 900 rows repeat test cases: each case is one sample)'
    })
  })

  it('takes a value of exactly 0 or 1 as a proportion by its type', () => {
    // 35 perfect answers prove ≥ 0.9 by the interval, though 35 is under the 200 a non-proportion needs.
    expect(judgeMetric(metric({ value: 1, target: 0.9, proportion: undefined }), 35, THRESHOLDS).ok).toBe(true)
    // No error in 150 cases: the upper bound 0.025 is under 0.05.
    expect(judgeMetric(metric({ name: 'error_rate', type: 'error_rate', value: 0, lowerIsBetter: true, target: 0.05 }), 150, THRESHOLDS).ok).toBe(true)
  })

  it('holds a value outside [0, 1] to the minimum sample size, even when its type names a proportion', () => {
    expect(judgeMetric(metric({ value: 1.5, target: 0.9 }), 150, THRESHOLDS)).toEqual({
      ok: false,
      message: "accuracy 1.5 on 150 samples: fewer than the policy's 200 for a metric that is not a proportion"
    })
    // A negative error rate is no proportion: on 150 samples it is held to the 200, not judged by an interval it would clear.
    expect(judgeMetric(metric({ name: 'error_rate', type: 'error_rate', value: -0.01, lowerIsBetter: true, target: 0.05 }), 150, THRESHOLDS)).toEqual({
      ok: false,
      message: "error_rate -0.01 on 150 samples: fewer than the policy's 200 for a metric that is not a proportion"
    })
  })

  it('judges a share of a subset by its interval only on its own sample count', () => {
    const precision = metric({ name: 'precision', type: 'precision', value: 0.95, target: 0.9, proportion: 'subset' })
    expect(judgeMetric({ ...precision, samples: 4000 }, undefined, THRESHOLDS).message).toMatch(/^precision 0\.95 on 4,000 samples: 95% interval/)
    expect(judgeMetric(precision, 150, THRESHOLDS)).toEqual({
      ok: false,
      message: "precision 0.95 on 150 samples: fewer than the policy's 200 for a metric that is a share of a subset whose size the file does not give"
    })
  })

  it('judges any other metric by its point value from the minimum sample size, the target itself passing', () => {
    const f1 = metric({ name: 'f1', type: 'f1', value: 0.9, target: 0.9 })
    expect(judgeMetric(f1, 199, THRESHOLDS)).toEqual({
      ok: false,
      message: "f1 0.9 on 199 samples: fewer than the policy's 200 for a metric that is not a proportion"
    })
    expect(judgeMetric(f1, 200, THRESHOLDS)).toEqual({ ok: true, message: 'f1 0.9 ≥ target 0.9 on 200 samples' })
    expect(judgeMetric({ ...f1, value: 0.8999 }, 200, THRESHOLDS)).toEqual({ ok: false, message: 'f1 0.8999 < target 0.9 on 200 samples' })
    const wer = metric({ name: 'wer', type: 'wer', value: 0.2, target: 0.2, lowerIsBetter: true })
    expect(judgeMetric(wer, 200, THRESHOLDS)).toEqual({ ok: true, message: 'wer 0.2 ≤ target 0.2 on 200 samples' })
    expect(judgeMetric({ ...wer, value: 0.2001 }, 200, THRESHOLDS)).toEqual({ ok: false, message: 'wer 0.2001 > target 0.2 on 200 samples' })
  })

  it('holds a metric that is not a proportion to the minimum on its own sample count too', () => {
    // 0.99 on 100 would clear 0.9 by an interval, but F1 is no proportion: 100 is under the 200.
    expect(judgeMetric(metric({ name: 'f1', type: 'f1', value: 0.99, target: 0.9, samples: 100 }), undefined, THRESHOLDS)).toEqual({
      ok: false,
      message: "f1 0.99 on 100 samples: fewer than the policy's 200 for a metric that is not a proportion"
    })
  })

  it('follows the policy minimum', () => {
    const f1 = metric({ name: 'f1', type: 'f1', value: 0.95, target: 0.9 })
    expect(judgeMetric(f1, 50, { ...THRESHOLDS, minEvaluationSamples: 50 }).ok).toBe(true)
    expect(judgeMetric(f1, 49, { ...THRESHOLDS, minEvaluationSamples: 50 }).message).toBe(
      "f1 0.95 on 49 samples: fewer than the policy's 50 for a metric that is not a proportion"
    )
  })
})

describe('judgeMetric: a per-case mean that leaves out more than max-missing-share of its cases', () => {
  /** faithfulness 0.95 (not a proportion: judged on at least 200 samples) over `samples` cases, `missing` more without a value. */
  const faithfulness = (samples: number, missing: number): EvaluationMetric => ({
    name: 'faithfulness',
    type: 'faithfulness',
    value: 0.95,
    lowerIsBetter: false,
    target: 0.9,
    samples,
    missing
  })
  const HINT =
    'Fix what made those cases error (provider timeouts, assertions or judges that threw, NaN scores) and re-run the evaluation, so that every case has a value.'

  it('fails the hole it closes: 200 scored cases of 1,000, the other 800 errored, with the figures and the rule', () => {
    expect(judgeMetric(faithfulness(200, 800), undefined, THRESHOLDS)).toEqual({
      ok: false,
      message:
        "faithfulness 0.95 is the mean of 200 of 1,000 cases: 800 (80%) have no value (errored or not scored), more than the policy's 5% (max-missing-share), so the mean may leave out the hard cases",
      hint: HINT
    })
  })

  it("passes exactly the policy's share and just under it, saying what the mean is of; fails just over it", () => {
    // 20 of 400 is 5%; 19 of 400 is 4.75%; 21 of 400 is 5.25%.
    expect(judgeMetric(faithfulness(380, 20), undefined, THRESHOLDS)).toEqual({
      ok: true,
      message: "faithfulness 0.95 ≥ target 0.9 on 380 samples (the mean of 380 of 400 cases: 20 have no value, within the policy's 5%)"
    })
    expect(judgeMetric(faithfulness(381, 19), undefined, THRESHOLDS).ok).toBe(true)
    expect(judgeMetric(faithfulness(379, 21), undefined, THRESHOLDS)).toEqual({
      ok: false,
      message:
        "faithfulness 0.95 is the mean of 379 of 400 cases: 21 (5.25%) have no value (errored or not scored), more than the policy's 5% (max-missing-share), so the mean may leave out the hard cases",
      hint: HINT
    })
    // One case of 1,000 over: 51 missing is 5.1%.
    expect(judgeMetric(faithfulness(950, 50), undefined, THRESHOLDS).ok).toBe(true)
    expect(judgeMetric(faithfulness(949, 51), undefined, THRESHOLDS).ok).toBe(false)
  })

  it('judges a proportion by its share of missing cases before its interval', () => {
    const accuracy: EvaluationMetric = { name: 'accuracy', type: 'accuracy', value: 0.99, lowerIsBetter: false, target: 0.9, samples: 500, missing: 1 }
    expect(judgeMetric(accuracy, undefined, { ...THRESHOLDS, maxMissingShare: 0 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^accuracy 0\.99 is the mean of 500 of 501 cases: 1 \(0\.2%\) has no value .* more than the policy's 0% \(max-missing-share\)/
      )
    })
    expect(judgeMetric(accuracy, undefined, THRESHOLDS)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^accuracy 0\.99 on 500 samples: 95% interval/)
    })
  })

  it('takes the share from the policy: 0 refuses any missing case, 1 turns the check off', () => {
    const none = { ...THRESHOLDS, maxMissingShare: 0 }
    expect(judgeMetric(faithfulness(1000, 1), undefined, none)).toMatchObject({ ok: false, hint: HINT })
    expect(judgeMetric(faithfulness(1000, 0), undefined, none)).toEqual({ ok: true, message: 'faithfulness 0.95 ≥ target 0.9 on 1,000 samples' })
    const off = { ...THRESHOLDS, maxMissingShare: 1 }
    expect(judgeMetric(faithfulness(200, 800), undefined, off)).toEqual({
      ok: true,
      message:
        'faithfulness 0.95 ≥ target 0.9 on 200 samples (the mean of 200 of 1,000 cases: 800 have no value, not judged: the policy sets max-missing-share to 1)'
    })
  })

  it('says why the rows outnumber the cases after what the mean leaves out', () => {
    expect(judgeMetric({ ...faithfulness(5, 5), rows: 9 }, undefined, THRESHOLDS).message).toBe(
      "faithfulness 0.95 is the mean of 5 of 10 cases: 5 (50%) have no value (errored or not scored), more than the policy's 5% (max-missing-share), so the mean may leave out the hard cases (its 9 rows repeat test cases: each case is one sample)"
    )
  })
})

describe('judgeFairness: a group whose mean leaves out more than max-missing-share of its cases', () => {
  const groups = (missing: number): FairnessResult => ({
    metric: 'faithfulness by language',
    groups: [
      { name: 'en', value: 0.9, samples: 200 },
      { name: 'de', value: 0.91, samples: 200 - missing, ...(missing ? { missing } : {}) }
    ],
    disparity: 0.01
  })

  it('fails the comparison, naming the group and its figures, with the hint to fix the errors', () => {
    expect(judgeFairness(groups(11), 0.1, { ...THRESHOLDS, minFairnessGroupSamples: 100 })).toEqual({
      ok: false,
      message:
        'Fairness on faithfulness by language: "de" 0.91 is the mean of 189 of 200 cases: 11 (5.5%) have no value (errored or not scored), more than the policy\'s 5% (max-missing-share), so the mean may leave out the hard cases',
      hint: 'Fix what made those cases error (provider timeouts, assertions or judges that threw, NaN scores) and re-run the evaluation, so that every case has a value.'
    })
    expect(judgeFairness(groups(10), 0.1, THRESHOLDS).ok).toBe(true)
    expect(judgeFairness(groups(11), 0.1, { ...THRESHOLDS, maxMissingShare: 1 }).ok).toBe(true)
  })
})

describe('judgeFairness', () => {
  type Group = FairnessResult['groups'][number]
  const result = (groups: Group[], figures: Partial<FairnessResult> = {}): FairnessResult => {
    const values = groups.map((group) => group.value)
    return { metric: 'selection rate', groups, disparity: Math.max(...values) - Math.min(...values), ...figures }
  }
  const group = (name: string, value: number, samples: number | 'unsized' = 1000): Group => ({ name, value, ...(samples === 'unsized' ? {} : { samples }) })

  it('refuses fewer than two groups', () => {
    expect(judgeFairness(result([group('a', 0.5)]), 0.1, THRESHOLDS)).toEqual({
      ok: false,
      message: 'Fairness on selection rate has one group ("a"): one group is not a comparison; at least two are needed'
    })
    expect(judgeFairness({ metric: 'selection rate', groups: [], disparity: 0 }, 0.1, THRESHOLDS)).toEqual({
      ok: false,
      message: 'Fairness on selection rate has no groups: one group is not a comparison; at least two are needed'
    })
  })

  it('refuses groups that state no size, naming them', () => {
    expect(judgeFairness(result([group('a', 0.5, 'unsized'), group('b', 0.5)]), 0.1, THRESHOLDS)).toEqual({
      ok: false,
      message: 'Fairness on selection rate: "a" states no sample size, so the disparity cannot be judged with its uncertainty'
    })
    expect(judgeFairness(result([group('a', 0.5, 'unsized'), group('b', 0.5, 'unsized')]), 0.1, THRESHOLDS).message).toBe(
      'Fairness on selection rate: "a", "b" state no sample size, so the disparity cannot be judged with its uncertainty'
    )
  })

  it("has its boundary at the policy's minimum per group", () => {
    expect(judgeFairness(result([group('a', 0.5, 99), group('b', 0.5, 100), group('c', 0.5, 1)]), 0.1, THRESHOLDS)).toEqual({
      ok: false,
      message: 'Fairness on selection rate: "a" has 99 samples, "c" has 1 sample; the policy needs at least 100 per group'
    })
    expect(judgeFairness(result([group('a', 0.5, 100), group('b', 0.5, 100)]), 0.5, THRESHOLDS).ok).toBe(true)
  })

  it('judges a metric that is not a proportion by its point disparity, the threshold itself passing, naming the lowest group', () => {
    const scores = [group('a', 0.8), group('b', 0.7), group('c', 0.75)]
    expect(judgeFairness(result(scores, { disparity: 0.1 }), 0.1, THRESHOLDS)).toEqual({
      ok: true,
      message: 'selection rate disparity 0.1 across 3 groups ≤ 0.1'
    })
    expect(judgeFairness(result(scores, { disparity: 0.12345 }), 0.1, THRESHOLDS)).toEqual({
      ok: false,
      message: 'selection rate disparity 0.123 across 3 groups > threshold 0.1 (lowest: b 0.7)'
    })
  })

  it('judges a proportion by the widest interval of a gap between two groups, whichever order they come in', () => {
    const groups = [group('a', 0.5), group('b', 0.52), group('c', 0.47)]
    // c against b: 0.47 vs 0.52 on 1,000 each, a gap of 0.05 whose interval reaches 0.094.
    expect(judgeFairness(result(groups, { proportion: 'whole' }), 0.1, THRESHOLDS)).toEqual({
      ok: true,
      message: 'selection rate disparity 0.05 across 3 groups; the widest gap, b 0.52 (n=1,000) vs c 0.47 (n=1,000), is up to 0.094 at 95% confidence ≤ 0.1'
    })
    expect(judgeFairness(result(groups, { proportion: 'subset' }), 0.09, THRESHOLDS)).toEqual({
      ok: false,
      message:
        'selection rate disparity 0.05 across 3 groups; the widest gap, b 0.52 (n=1,000) vs c 0.47 (n=1,000), is up to 0.094 at 95% confidence > threshold 0.09'
    })
  })

  it('passes a widest gap whose bound is exactly the threshold', () => {
    const groups = [group('a', 0.6, 500), group('b', 0.55, 500)]
    const bound = differenceInterval({ value: 0.6, samples: 500 }, { value: 0.55, samples: 500 }).high
    expect(judgeFairness(result(groups, { proportion: 'whole' }), bound, THRESHOLDS).ok).toBe(true)
    expect(judgeFairness(result(groups, { proportion: 'whole' }), bound - 1e-12, THRESHOLDS).ok).toBe(false)
  })

  it('compares each group with the others, never with itself, and names the first of two equal gaps', () => {
    // A small group against itself would show a gap of up to 0.14 from its own uncertainty alone.
    expect(judgeFairness(result([group('small', 0.5, 100), group('large', 0.5, 100_000)], { proportion: 'whole' }), 0.1, THRESHOLDS)).toEqual({
      ok: true,
      message: 'selection rate disparity 0 across 2 groups; the widest gap, small 0.5 (n=100) vs large 0.5 (n=100,000), is up to 0.097 at 95% confidence ≤ 0.1'
    })
    expect(judgeFairness(result([group('a', 0.5), group('b', 0.5)], { proportion: 'whole' }), 0.1, THRESHOLDS).message).toMatch(
      /the widest gap, a 0\.5 \(n=1,000\) vs b 0\.5 \(n=1,000\),/
    )
  })

  it('fails a proportion whose stated disparity is over the threshold, even when the groups show less', () => {
    const groups = [group('a', 0.5, 100_000), group('b', 0.5, 100_000)]
    expect(judgeFairness(result(groups, { proportion: 'whole' }), 0.1, THRESHOLDS).ok).toBe(true)
    expect(judgeFairness(result(groups, { proportion: 'whole', disparity: 0.1 }), 0.1, THRESHOLDS).ok).toBe(true)
    expect(judgeFairness(result(groups, { proportion: 'whole', disparity: 0.2 }), 0.1, THRESHOLDS).ok).toBe(false)
  })
})

describe('live', () => {
  it('keeps the monitors that can alert', () => {
    const monitor = (name: string, inert?: string): Monitor => ({ name, metric: 'accuracy', category: 'quality', ...(inert ? { inert } : {}) })
    expect(live([monitor('a'), monitor('b', 'a constant expression'), monitor('c')]).map((m) => m.name)).toEqual(['a', 'c'])
  })
})
