import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { openEvidence } from '../../../src/fs/safe-read.js'
import { explainBinaryEvidence, gatlingParsers } from '../../../src/evidence/parsers/gatling.js'
import type { EvidenceParser, EvidenceSource } from '../../../src/evidence/types.js'
import { FIXTURES, SAMPLES, claimedBy, evidenceOf, itSample, parseFile, parseText, type Parsed } from './evidence-files.js'

const fixtures = path.join(FIXTURES, 'gatling')
const gatlingSamples = path.join(SAMPLES, 'gatling')

const parser = (format: string): EvidenceParser => gatlingParsers.find((p) => p.format === format)!

describe('Gatling text simulation.log', () => {
  itSample('reads the 3.12.0 layout with exact percentiles', async () => {
    // 8 REQUEST rows, end - start: 2000, 9000, 4000, 4000, 4000, 5000, 5000, 7000 (all OK); RUN start 1406822067250.
    const e = evidenceOf(await parseFile<Parsed>(parser('gatling-simulation-log'), SAMPLES, 'gatling/gatling-repo-v3.12.0.text-simulation.log'))
    expect(e).toMatchObject({
      requests: 8,
      failed: 0,
      errorRate: 0,
      durationS: 13,
      rps: 8 / 13,
      startedAt: '2014-07-31T15:54:27.250Z',
      percentiles: 'exact',
      tool: 'gatling'
    })
    expect(e.latencyMs).toEqual({ p50: 4000, p90: 9000, p95: 9000, p99: 9000, max: 9000 })
  })

  it('reads the 2.2 layout (scenario and user id columns, extra info after the message)', async () => {
    // 138 OK, 0 KO, 380 OK; requests span 1481908071123..1481908081900.
    const e = evidenceOf(await parseFile<Parsed>(parser('gatling-simulation-log'), fixtures, 'handwritten.gatling-2.2-simulation.log'))
    expect(e).toMatchObject({ requests: 3, failed: 1, errorRate: 1 / 3, durationS: 10.777, startedAt: '2016-12-16T17:05:59.927Z' })
    expect(e.latencyMs).toEqual({ p50: 138, p90: 380, p95: 380, p99: 380, max: 380 })
  })

  it('reads the 3.0 layout (user id column, ASSERTION record first, groups)', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('gatling-simulation-log'), fixtures, 'handwritten.gatling-3.0-simulation.log'))
    expect(e).toMatchObject({ requests: 2, failed: 1, durationS: 0.45, startedAt: '2019-06-20T03:06:40.000Z' })
    expect(e.latencyMs).toEqual({ p50: 100, p90: 250, p95: 250, p99: 250, max: 250 })
  })

  it('fails on a REQUEST row of an unknown layout, with its line', async () => {
    const result = await parseText<Parsed>(
      parser('gatling-simulation-log'),
      'simulation.log',
      'RUN\tSim\tsim\t1700000000000\t \t3.9.5\nREQUEST\t\tr\t1700000000001\t1700000000002\tOK\t \nREQUEST\t\tr\t1700000000001\tsoon\tOK\t \n'
    )
    expect(result).toMatchObject({ ok: false, line: 3 })
    expect(!result.ok && result.message).toMatch(/fits none of the text simulation.log layouts/)
  })

  it('fails on a line that is not a Gatling record', async () => {
    expect(await parseText<Parsed>(parser('gatling-simulation-log'), 'other.log', 'RUN\tSim\tsim\t1700000000000\t \t3.9.5\nhello world\n')).toMatchObject({
      ok: false,
      line: 2
    })
  })
})

describe('Gatling binary simulation.log', () => {
  itSample('is refused as binary by safe-read, and explainBinaryEvidence gives the Gatling sentence for it', async () => {
    const opened = await openEvidence(SAMPLES, gatlingSamples, 'gatling-repo-HEAD.binary-simulation.log')
    expect(opened).toMatchObject({ ok: false, message: expect.stringMatching(/is binary/) })
    const head = readFileSync(path.join(gatlingSamples, 'gatling-repo-HEAD.binary-simulation.log')).subarray(0, 64 * 1024)
    const sentence = explainBinaryEvidence('perf/gatling/simulation.log', head)
    expect(sentence).toBe(
      '"perf/gatling/simulation.log" is a binary Gatling simulation.log (Gatling 3.12.1): Gatling 3.12.1 and later write this binary log, which the gate cannot read. ' +
        "Link the report's js/global_stats.json instead (Gatling writes it up to 3.13.4), or a text simulation.log (Gatling up to 3.12.0); newer Gatling versions keep their statistics only inside the HTML report, which the gate does not read."
    )
    // Named any other way, the content still gives it away.
    expect(explainBinaryEvidence('perf/run.bin', head)).toMatch(/binary Gatling simulation.log \(Gatling 3.12.1\)/)
  })

  it('says nothing about other binary files', () => {
    expect(explainBinaryEvidence('perf/image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toBeUndefined()
  })

  itSample('the log parser refuses the binary content too when it reaches it', async () => {
    const bytes = readFileSync(path.join(gatlingSamples, 'gatling-repo-HEAD.binary-simulation.log'))
    const source: EvidenceSource = {
      relPath: 'simulation.log',
      absPath: '/nonexistent',
      size: bytes.length,
      gzip: false,
      head: bytes.subarray(0, 64 * 1024),
      stream: () => Readable.from([bytes]),
      chunks: () => Readable.from([bytes]),
      text: () => Promise.resolve(bytes.toString('latin1'))
    }
    const result = await parser('gatling-simulation-log').parse(source)
    expect(result).toMatchObject({ ok: false, line: 1, message: expect.stringMatching(/binary Gatling simulation.log/) })
  })
})

describe('Gatling stats JSON', () => {
  it('reads js/global_stats.json (raw numbers)', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('gatling-stats-json'), fixtures, 'handwritten.global_stats.json'))
    expect(e).toMatchObject({ requests: 200, failed: 10, errorRate: 0.05, rps: 6.667, percentiles: 'tool' })
    expect(e.latencyMs).toEqual({ p50: 120, p95: 450, p99: 900, max: 1500 })
    expect(e.notes?.[0]).toMatch(/p50\/p95\/p99, the Gatling defaults/)
  })

  it('reads js/stats.json with string values and "-" for no data', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('gatling-stats-json'), fixtures, 'handwritten.gatling-2.x-stats.json'))
    expect(e).toMatchObject({ requests: 3, failed: 0, errorRate: 0, rps: 0.5 })
    expect(e.latencyMs).toEqual({ p50: 337, p95: 343, p99: 344, max: 344 })
  })

  it('gives no latency for a run without requests (Gatling writes 0 for no data)', async () => {
    const e = evidenceOf(
      await parseText<Parsed>(
        parser('gatling-stats-json'),
        'global_stats.json',
        JSON.stringify({
          name: 'All Requests',
          numberOfRequests: { total: 0, ok: 0, ko: 0 },
          maxResponseTime: { total: 0 },
          percentiles1: { total: 0 },
          meanNumberOfRequestsPerSecond: { total: 0 }
        })
      )
    )
    expect(e).toMatchObject({ requests: 0, failed: 0, latencyMs: {} })
    expect(e.errorRate).toBeUndefined()
  })

  it('fails on JSON without numberOfRequests', async () => {
    const result = await parseText<Parsed>(parser('gatling-stats-json'), 'stats.json', '{"stats": {"name": "x"}}')
    expect(!result.ok && result.message).toMatch(/no numberOfRequests.total/)
  })
})

describe('Gatling assertions.json', () => {
  it('gives the assertions Gatling evaluated as thresholds', async () => {
    const e = evidenceOf(await parseFile<Parsed>(parser('gatling-assertions-json'), fixtures, 'handwritten.assertions.json'))
    expect(e.thresholds).toEqual([
      { name: 'Global: max of response time is less than 800', ok: false },
      { name: 'Global: percentage of successful events is greater than 95', ok: true }
    ])
    expect(e).toMatchObject({ startedAt: '2021-03-17T19:17:00.551Z', latencyMs: {} })
    expect(e.requests).toBeUndefined()
  })

  it('fails on an assertion without a boolean result', async () => {
    const result = await parseText<Parsed>(
      parser('gatling-assertions-json'),
      'assertions.json',
      '{"simulationId": "s", "scenarios": [], "assertions": [{"message": "x"}]}'
    )
    expect(!result.ok && result.message).toMatch(/assertion 1 has no true\/false "result"/)
  })
})

describe('Gatling HTML report', () => {
  it('is detected and refused with what to link instead', async () => {
    const result = await parseFile<Parsed>(parser('gatling-html-report'), fixtures, 'handwritten.index.html')
    expect(result).toMatchObject({ ok: false, line: 1 })
    expect(!result.ok && result.message).toMatch(/is a Gatling HTML report, which the gate does not read. Link the report's js\/global_stats.json instead/)
  })
})

describe('Gatling detection', () => {
  it.each([
    ['handwritten.global_stats.json', 'gatling-stats-json'],
    ['handwritten.gatling-2.x-stats.json', 'gatling-stats-json'],
    ['handwritten.assertions.json', 'gatling-assertions-json'],
    ['handwritten.gatling-2.2-simulation.log', 'gatling-simulation-log'],
    ['handwritten.gatling-3.0-simulation.log', 'gatling-simulation-log'],
    ['handwritten.index.html', 'gatling-html-report']
  ])('detects %s as %s only', async (name, format) => {
    expect(await claimedBy(gatlingParsers, fixtures, name)).toEqual([format])
  })
})
