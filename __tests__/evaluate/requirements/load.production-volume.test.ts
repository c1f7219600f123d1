import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/load.production-volume.js'
import { k6HandleSummary } from '../../support/evidence-files.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const load = (p95: number, peak = 40): string =>
  manifest(
    `volume:\n  peak-rps: ${peak}\nevidence:\n  load-test:\n    file: k6-summary.json\n    date: 2026-11-16\n  slo:\n    p95-ms: ${p95}\n    error-rate: 0.01\n`
  )
const K6 = { 'sys/k6-summary.json': exampleFile('perf/k6-summary.json') }

describe('load.production-volume', () => {
  it('passes a k6 run within the SLO at peak volume, naming every figure', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': load(800), ...K6 })
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message: "p95 641.9 ms ≤ SLO 800 ms, error rate 0.2% ≤ 1%, 46.3 rps ≥ peak 40 rps, 10 min ≥ the policy's 10 min (k6, 27,810 requests).",
        at: 'sys/readiness.yml:9'
      }
    ])
  })

  it('fails a p95 over the SLO and a throughput under the peak, at the file line', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': load(600, 50), ...K6 })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'p95 641.9 ms > SLO 600 ms; throughput 46.3 rps < peak 50 rps (k6, 27,810 requests).', at: 'sys/readiness.yml:9' }
    ])
  })

  it('says how to fix a failing run', async () => {
    const [outcome] = await evaluateUnit(requirement, { 'sys/readiness.yml': load(600), ...K6 })
    expect(outcome).toMatchObject({ status: 'fail', hint: 'Fix the bottleneck or re-run the load test at peak volume, then link the new result.' })
  })

  it('hints at what is missing, never at a section the manifest already has', async () => {
    // evidence.slo is set; only the peak is missing.
    const noPeak = load(800).replace('  peak-rps: 40\n', '  monthly-requests: 1000000\n')
    const [judged] = await evaluateUnit(requirement, { 'sys/readiness.yml': noPeak, ...K6 })
    expect(judged).toMatchObject({ status: 'fail', hint: 'Set `volume.peak-rps` (the peak requests per second to test at).' })
    const [noBudget] = await evaluateUnit(requirement, { 'sys/readiness.yml': load(800).replace('    error-rate: 0.01\n', ''), ...K6 })
    expect(noBudget).toMatchObject({ status: 'fail', hint: 'Set `evidence.slo.error-rate` (the error budget, e.g. 0.01).' })
    const unlinked = (text: string) => text.replace('  load-test:\n    file: k6-summary.json\n    date: 2026-11-16\n', '')
    const [noFile] = await evaluateUnit(requirement, { 'sys/readiness.yml': unlinked(noPeak) })
    expect(noFile).toMatchObject({
      status: 'fail',
      message: '`evidence.load-test` is missing: link the load-test result.',
      hint: 'Run a load test at ≥ peak volume and link the result under evidence.load-test; set `volume.peak-rps` (the peak requests per second to test at).'
    })
    const [onlyTheFile] = await evaluateUnit(requirement, { 'sys/readiness.yml': unlinked(load(800)) })
    expect(onlyTheFile).toMatchObject({ status: 'fail', hint: 'Run a load test at ≥ peak volume and link the result under evidence.load-test.' })
    // A finding about the file that has a hint of its own keeps it.
    const [stale] = await evaluateUnit(requirement, { 'sys/readiness.yml': noPeak.replace('date: 2026-11-16', 'date: 2025-01-10'), ...K6 })
    expect(stale).toMatchObject({ status: 'fail', hint: 'Re-run it and link the fresh result.' })
  })

  it('points a missing peak at the volume section when there is one', async () => {
    const noPeak = load(800).replace('  peak-rps: 40\n', '  monthly-requests: 1000000\n')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': noPeak, ...K6 }))).toEqual([
      { status: 'fail', message: 'The load test cannot be judged: `volume.peak-rps` is missing.', at: 'sys/readiness.yml:5' }
    ])
  })

  it('cannot be judged without the SLO, and fails when the file is not linked', async () => {
    const noSlo = manifest('volume:\n  peak-rps: 40\nevidence:\n  load-test:\n    file: k6-summary.json\n    date: 2026-11-16\n')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': noSlo, ...K6 }))[0]!.message).toBe(
      'The load test cannot be judged: `evidence.slo.p95-ms`, `evidence.slo.error-rate` are missing.'
    )
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))[0]!.message).toBe(
      '`evidence.load-test` is missing: link the load-test result.'
    )
  })
})

// Each figure at its limit passes and just past it fails, so that flipping a comparison, dropping a
// check or making a "reports no figure" branch unreachable fails a test.
const SLO = 'slo:\n  p95-ms: 800\n  error-rate: 0.01\n'
const VOLUME = 'volume:\n  peak-rps: 40\n'
const loadEntry = (slo: string, volume: string): string =>
  manifest(`${volume}evidence:\n  load-test:\n    file: k6.json\n    format: k6-summary\n    date: 2026-11-20\n${slo.replace(/^(?=.)/gm, '  ')}`)

/** The one outcome for a k6 summary `file`: status, message and place. */
async function loadTest(file: string, slo = SLO, volume = VOLUME): Promise<{ status: string; message: string; file: string; line: number }> {
  const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': loadEntry(slo, volume), 'sys/k6.json': file })
  expect(outcomes).toHaveLength(1)
  const [{ status, message, file: at, line }] = outcomes as [{ status: string; message: string; file: string; line: number }]
  return { status, message, file: at, line }
}

describe('load.production-volume at its boundaries', () => {
  it('passes a run within the SLO and error budget at peak volume, naming every figure', async () => {
    expect(await loadTest(k6HandleSummary())).toEqual({
      status: 'pass',
      file: 'sys/readiness.yml',
      line: 9,
      message: "p95 500 ms ≤ SLO 800 ms, error rate 0.5% ≤ 1%, 50 rps ≥ peak 40 rps, 10 min ≥ the policy's 10 min (k6, 30,000 requests)."
    })
  })

  it('p95 exactly at the SLO passes; a tenth of a millisecond over fails', async () => {
    expect((await loadTest(k6HandleSummary({ p95: 800 }))).status).toBe('pass')
    expect(await loadTest(k6HandleSummary({ p95: 800.1 }))).toMatchObject({
      status: 'fail',
      message: 'p95 800.1 ms > SLO 800 ms at 50 rps (k6, 30,000 requests).'
    })
  })

  it('an error rate exactly at the budget passes; just over fails', async () => {
    expect((await loadTest(k6HandleSummary({ errorRate: 0.01, failed: 300 }))).status).toBe('pass')
    expect(await loadTest(k6HandleSummary({ errorRate: 0.0101, failed: 303 }))).toMatchObject({
      status: 'fail',
      message: 'error rate 1.01% > budget 1% at 50 rps (k6, 30,000 requests).'
    })
    expect(await loadTest(k6HandleSummary({ errorRate: 0.3, failed: 9000 }))).toMatchObject({
      status: 'fail',
      message: 'error rate 30% > budget 1% at 50 rps (k6, 30,000 requests).'
    })
  })

  it('takes the worse of the stated error rate and the failed count, and shows both when the count is worse', async () => {
    // The file states 0.2% while 9,000 of its 30,000 requests failed: judged at 30%.
    expect(await loadTest(k6HandleSummary({ errorRate: 0.002, failed: 9000 }))).toMatchObject({
      status: 'fail',
      message: 'error rate 30% (9,000 of 30,000 requests failed; the file states 0.2%) > budget 1% at 50 rps (k6, 30,000 requests).'
    })
    // The stated rate is the worse one: judged on it, with no note about the count.
    const stated = await loadTest(k6HandleSummary({ errorRate: 0.3, failed: 60 }))
    expect(stated).toMatchObject({ status: 'fail', message: 'error rate 30% > budget 1% at 50 rps (k6, 30,000 requests).' })
    // Within the budget both ways, and agreeing: a pass.
    expect((await loadTest(k6HandleSummary({ errorRate: 0.002, failed: 60 }))).status).toBe('pass')
  })

  it('notes the failed count only when it is worse than the stated rate by more than 0.05 points', async () => {
    // 30 of 30,000 failed is 0.1%, exactly 0.05 points over the stated 0.05%: no note. 31 is 0.103%: the note, with the stated
    // rate to as many digits as tell it from the counted one (it once read "the file states 0.1%").
    expect((await loadTest(k6HandleSummary({ errorRate: 0.0005, failed: 30 }))).message).toMatch(/, error rate 0\.1% ≤ 1%, /)
    expect((await loadTest(k6HandleSummary({ errorRate: 0.0005, failed: 31 }))).message).toMatch(
      /, error rate 0\.1% \(31 of 30,000 requests failed; the file states 0\.05%\) ≤ 1%, /
    )
  })

  it('without a stated error rate, divides failed by requests, with the same boundary', async () => {
    expect((await loadTest(k6HandleSummary({ errorRate: null, failed: 300 }))).message).toMatch(/error rate 1% ≤ 1%/)
    expect(await loadTest(k6HandleSummary({ errorRate: null, failed: 330 }))).toMatchObject({
      status: 'fail',
      message: 'error rate 1.1% > budget 1% at 50 rps (k6, 30,000 requests).'
    })
  })

  it('judges the stated error rate alone where the file counts no failed requests, with the same boundary', async () => {
    expect(await loadTest(k6HandleSummary({ errorRate: 0.01, failed: null }))).toMatchObject({
      status: 'pass',
      message: "p95 500 ms ≤ SLO 800 ms, error rate 1% ≤ 1%, 50 rps ≥ peak 40 rps, 10 min ≥ the policy's 10 min (k6, 30,000 requests)."
    })
    expect(await loadTest(k6HandleSummary({ errorRate: 0.011, failed: null }))).toMatchObject({
      status: 'fail',
      message: 'error rate 1.1% > budget 1% at 50 rps (k6, 30,000 requests).'
    })
  })

  it('throughput exactly at peak passes; below peak fails, without repeating the throughput', async () => {
    expect((await loadTest(k6HandleSummary({ rate: 40 }))).status).toBe('pass')
    expect(await loadTest(k6HandleSummary({ rate: 39.9 }))).toMatchObject({
      status: 'fail',
      message: 'throughput 39.9 rps < peak 40 rps (k6, 23,940 requests).'
    })
  })

  it('fails a run with no error figure, no p95 or no throughput, naming what is missing', async () => {
    expect(await loadTest(k6HandleSummary({ without: ['http_req_failed'] }))).toMatchObject({
      status: 'fail',
      message: '"sys/k6.json" reports no error rate at 50 rps (k6, 30,000 requests).'
    })
    expect(await loadTest(k6HandleSummary({ p95: null }))).toMatchObject({
      status: 'fail',
      message: '"sys/k6.json" reports no p95 latency at 50 rps (k6, 30,000 requests).'
    })
    expect(await loadTest(k6HandleSummary({ without: ['http_req_duration'] }))).toMatchObject({
      status: 'fail',
      message: '"sys/k6.json" reports no p95 latency at 50 rps (k6, 30,000 requests).'
    })
    expect(await loadTest(k6HandleSummary({ rate: null }))).toMatchObject({
      status: 'fail',
      message: '"sys/k6.json" reports no throughput (k6, 30,000 requests).'
    })
  })

  it('fails a run too short to show a sustained peak, naming its duration, rate and count once', async () => {
    const short = k6HandleSummary({ durationS: 5, count: 232, rate: 46.4, failed: 0, errorRate: 0 })
    expect(await loadTest(short)).toMatchObject({ status: 'fail', message: "5 s at 46.4 rps, 232 requests: shorter than the policy's 10 min at peak (k6)." })
    expect((await loadTest(short, 'slo:\n  p95-ms: 400\n  error-rate: 0.01\n')).message).toBe(
      "p95 500 ms > SLO 400 ms; 5 s at 46.4 rps, 232 requests: shorter than the policy's 10 min at peak (k6)."
    )
  })

  it('lists every problem at once', async () => {
    expect((await loadTest(k6HandleSummary({ p95: 900, errorRate: 0.02, failed: 120, rate: 10 }))).message).toBe(
      'p95 900 ms > SLO 800 ms; error rate 2% > budget 1%; throughput 10 rps < peak 40 rps (k6, 6,000 requests).'
    )
  })

  it('fails a threshold the tool itself marked failed, and passes one it marked ok', async () => {
    expect(await loadTest(k6HandleSummary({ thresholds: { 'p(95)<200': false } }))).toMatchObject({
      status: 'fail',
      message: 'k6 marked threshold `http_req_duration: p(95)<200` failed at 50 rps (k6, 30,000 requests).'
    })
    expect((await loadTest(k6HandleSummary({ thresholds: { 'p(95)<900': true } }))).status).toBe('pass')
  })

  it('fails a run that made no requests (a JMeter results file with only its header)', async () => {
    const header =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n'
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': loadEntry(SLO, VOLUME).replace('k6.json', 'results.jtl').replace('k6-summary', 'jmeter-jtl-csv'),
      'sys/results.jtl': header
    })
    expect(outcomes).toEqual([expect.objectContaining({ status: 'fail', message: expect.stringMatching(/^the load test made no requests; /) })])
  })

  it('cannot judge without peak volume, a p95 SLO or an error budget, and says which are missing', async () => {
    expect(await loadTest(k6HandleSummary(), SLO, '')).toMatchObject({
      status: 'fail',
      line: 1,
      message: 'The load test cannot be judged: `volume.peak-rps` is missing.'
    })
    expect(await loadTest(k6HandleSummary(), 'slo:\n  error-rate: 0.01\n')).toMatchObject({
      status: 'fail',
      message: 'The load test cannot be judged: `evidence.slo.p95-ms` is missing.'
    })
    expect(await loadTest(k6HandleSummary(), 'slo:\n  p95-ms: 800\n')).toMatchObject({
      status: 'fail',
      line: 12,
      message: 'The load test cannot be judged: `evidence.slo.error-rate` is missing.'
    })
    expect(await loadTest(k6HandleSummary(), '', '')).toMatchObject({
      status: 'fail',
      message: 'The load test cannot be judged: `volume.peak-rps`, `evidence.slo.p95-ms`, `evidence.slo.error-rate` are missing.'
    })
  })
})
