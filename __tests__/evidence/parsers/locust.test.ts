import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { headText } from '../../../src/fs/safe-read.js'
import { locustParsers } from '../../../src/evidence/parsers/locust.js'
import type { EvidenceParser } from '../../../src/evidence/types.js'
import { FIXTURES, SAMPLES, claimedBy, evidenceOf, itSample, openFile, parseFile, parseText, type Parsed } from './evidence-files.js'

const fixtures = path.join(FIXTURES, 'locust')

const parser = (format: string): EvidenceParser => locustParsers.find((p) => p.format === format)!

describe('Locust _stats.csv', () => {
  itSample('reads the Aggregated row of a Windows run (CR CR LF line ends)', async () => {
    // Aggregated: 2210 requests, 1607 failures, Max 2160.2996999863535, Requests/s 37.30488469320527, 50%/90%/95%/99% = 3/6/8/2000.
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-stats-csv'), SAMPLES, 'locust/bitcoin-api.windows-crcrlf.results_stats.csv'))
    expect(e).toMatchObject({ requests: 2210, failed: 1607, errorRate: 1607 / 2210, rps: 37.30488469320527, percentiles: 'tool', tool: 'locust' })
    expect(e.latencyMs).toEqual({ p50: 3, p90: 6, p95: 8, p99: 2000, max: 2160.2996999863535 })
    expect(e.startedAt).toBeUndefined()
  })

  itSample('skips blank lines', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-stats-csv'), SAMPLES, 'locust/jenkins-perf-plugin.test_results_stats.blank-lines.csv'))
    expect(e).toMatchObject({ requests: 71464, failed: 10000, rps: Number('119.314623051569123') })
    expect(e.latencyMs).toEqual({ p50: 450, p90: 550, p95: 570, p99: 620, max: Number('1993.6761999999989') })
  })

  itSample('reads an empty run as zero requests with no latency (N/A cells absent, not zero)', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-stats-csv'), SAMPLES, 'locust/wine-prediction-app.empty-run.crlf.results_stats.csv'))
    expect(e).toMatchObject({ requests: 0, failed: 0, rps: 0, latencyMs: {} })
    expect(e.errorRate).toBeUndefined()
    expect(e.percentiles).toBeUndefined()
  })

  it('reads the Locust 0.x layout (quoted cells, "# requests", a None/Total row)', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-stats-csv'), fixtures, 'handwritten.locust-0.x-stats.csv'))
    expect(e).toMatchObject({ requests: 120, failed: 6, errorRate: 0.05, rps: 2 })
    expect(e.latencyMs).toEqual({ p50: 45, max: 340 })
  })

  it('maps only the percentile columns the file has', async () => {
    const e = evidenceOf(
      await parseText<Parsed>(
        parser('locust-stats-csv'),
        'custom_stats.csv',
        'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,95%,99.9%\n,Aggregated,10,1,40,45,10,300,5,2.5,0.25,200,290\n'
      )
    )
    expect(e.latencyMs).toEqual({ p50: 40, p95: 200, max: 300 })
  })

  it('fails without an Aggregated row, and on a non-numeric cell with its line', async () => {
    expect(await parseText<Parsed>(parser('locust-stats-csv'), 'cut_stats.csv', 'Type,Name,Request Count,Failure Count\nGET,/,5,0\n')).toMatchObject({
      ok: false,
      line: 2
    })
    const result = await parseText<Parsed>(
      parser('locust-stats-csv'),
      'bad_stats.csv',
      'Type,Name,Request Count,Failure Count,95%\nGET,/,5,0,7\n,Aggregated,5,zero,7\n'
    )
    expect(result).toMatchObject({ ok: false, line: 3 })
    expect(!result.ok && result.message).toMatch(/Failure Count "zero" is not a number/)
  })
})

describe('Locust _stats_history.csv', () => {
  itSample('reads the last Aggregated row, the start and the duration', async () => {
    // Last row: 1772849668, Total Request Count 2050, Total Failure Count 1496, 50%..99% = 3/3/4/5/6/8/2000/2000, Total Max 2160.2996999863535; first row 1772849612.
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-stats-history-csv'), SAMPLES, 'locust/bitcoin-api.windows-crcrlf.results_stats_history.csv'))
    expect(e).toMatchObject({
      requests: 2050,
      failed: 1496,
      durationS: 56,
      rps: 2050 / 56,
      startedAt: '2026-03-07T02:13:32.000Z',
      timestamp: '2026-03-07T02:13:32.000Z'
    })
    expect(e.latencyMs).toEqual({ p50: 3, p90: 6, p95: 8, p99: 2000, max: 2160.2996999863535 })
  })

  itSample('reads an empty run as zero requests with no latency', async () => {
    const e = evidenceOf(
      await parseFile<Parsed>(parser('locust-stats-history-csv'), SAMPLES, 'locust/wine-prediction-app.empty-run.crlf.results_stats_history.head40.csv')
    )
    expect(e).toMatchObject({ requests: 0, failed: 0, durationS: 38, rps: 0, latencyMs: {}, startedAt: '2023-04-26T05:59:09.000Z' })
  })

  it('uses only the whole-run median and max with --csv-full-history', async () => {
    const header =
      'Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,95%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size'
    const e = evidenceOf(
      await parseText<Parsed>(
        parser('locust-stats-history-csv'),
        'full_stats_history.csv',
        `${header}\n1700000000,5,GET,/,1,0,10,20,10,0,12,13,5,40,1\n1700000000,5,,Aggregated,1,0,10,20,10,0,12,13,5,40,1\n1700000010,5,GET,/,1,0,99,99,30,3,14,15,5,80,1\n1700000010,5,,Aggregated,1,0,99,99,30,3,14,15,5,80,1\n`
      )
    )
    expect(e).toMatchObject({ requests: 30, failed: 3, durationS: 10, rps: 3 })
    expect(e.latencyMs).toEqual({ p50: 14, max: 80 })
    expect(e.notes?.join('\n')).toMatch(/--csv-full-history/)
  })
})

describe('Locust _failures.csv', () => {
  itSample('sums the occurrences and says what the file lacks', async () => {
    // Occurrences 123+104+236+337+248+335+224 = 1607, the stats file's Failure Count.
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-failures-csv'), SAMPLES, 'locust/bitcoin-api.windows-crcrlf.results_failures.csv'))
    expect(e).toMatchObject({ failed: 1607, latencyMs: {} })
    expect(e.requests).toBeUndefined()
    expect(e.errorRate).toBeUndefined()
    expect(e.notes?.[0]).toMatch(/only failure counts/)
  })

  itSample('reads a header-only failures file as zero failures', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-failures-csv'), SAMPLES, 'locust/wine-prediction-app.empty-run.crlf.results_failures.csv'))
    expect(e.failed).toBe(0)
  })
})

describe('Locust --json', () => {
  it('computes exact percentiles over the merged histograms ("67" and "120.0" keys)', async () => {
    // Merged buckets: 3x2, 4x1, 6x3, 67x5, 120x2, 510x2 (15 samples): ranks 8, 14, 15, 15 -> 67, 510, 510, 510.
    const e = evidenceOf(await parseFile<Parsed>(parser('locust-json'), fixtures, 'handwritten.locust-json-output.json'))
    expect(e).toMatchObject({
      requests: 15,
      failed: 1,
      errorRate: 1 / 15,
      durationS: 60.25,
      rps: 15 / 60.25,
      startedAt: '2023-11-14T22:13:20.250Z',
      percentiles: 'exact'
    })
    expect(e.latencyMs).toEqual({ p50: 67, p90: 510, p95: 510, p99: 510, max: 512.3 })
  })

  it('reads an empty run ([]) as zero requests with no latency', async () => {
    const e = evidenceOf(await parseText<Parsed>(parser('locust-json'), 'empty.json', '[]\n'))
    expect(e).toMatchObject({ requests: 0, failed: 0, latencyMs: {} })
    expect(e.rps).toBeUndefined()
  })

  it('fails on a bucket that is not a time and a count', async () => {
    const result = await parseText<Parsed>(
      parser('locust-json'),
      'bad.json',
      JSON.stringify([{ name: '/', num_requests: 1, num_failures: 0, response_times: { abc: 1 } }])
    )
    expect(!result.ok && result.message).toMatch(/entry 1 \("\/"\) has a response_times bucket "abc"/)
  })

  it('fails on JSON that is not a list', async () => {
    const result = await parseText<Parsed>(parser('locust-json'), 'object.json', '{"num_requests": 1}')
    expect(!result.ok && result.message).toMatch(/not a list of stats entries/)
  })
})

describe('Locust detection', () => {
  it.each([
    ['handwritten.locust-json-output.json', 'locust-json'],
    ['handwritten.locust-0.x-stats.csv', 'locust-stats-csv']
  ])('detects %s as %s only', async (name, format) => {
    expect(await claimedBy(locustParsers, fixtures, name)).toEqual([format])
  })

  itSample('does not claim the exceptions CSV', async () => {
    const source = await openFile(SAMPLES, 'locust/bitcoin-api.windows-crcrlf.results_exceptions.csv')
    expect(locustParsers.some((p) => p.detect({ relPath: 'x', head: headText(source.head) }))).toBe(false)
  })
})
