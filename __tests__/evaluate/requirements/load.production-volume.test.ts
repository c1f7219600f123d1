import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/load.production-volume.js'
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
