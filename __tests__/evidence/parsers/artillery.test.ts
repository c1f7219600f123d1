import { describe, it, expect } from '@jest/globals'
import path from 'node:path'
import { artilleryParsers } from '../../../src/evidence/parsers/artillery.js'
import type { EvidenceParser } from '../../../src/evidence/types.js'
import { FIXTURES, evidenceOf, failureOf, itClaimsOwnFilesOnly, parseFile, parseText, type Parsed } from './evidence-files.js'

const v2 = artilleryParsers.find((p) => p.format === 'artillery-v2')!
const v1 = artilleryParsers.find((p) => p.format === 'artillery-v1')!
const ENSURE_NOTE = "Artillery's ensure (threshold) results are not written to the JSON report; the gate applies its own SLO"

const parseFixture = (name: string, parser: EvidenceParser): Promise<Parsed> => parseFile<Parsed>(parser, FIXTURES, `artillery/${name}`)

describe('Artillery detection', () => {
  // A fixture's layout is its name's prefix (v1.*, v2.*).
  itClaimsOwnFilesOnly(artilleryParsers, 'artillery', (relPath) =>
    relPath.endsWith('.json') ? `artillery-${path.basename(relPath).split('.')[0]}` : undefined
  )

  it('does not claim a generic JSON file with an "aggregate" key', () => {
    for (const head of ['{"aggregate": {"total": 3}}', '{"aggregate": {"counters": {"clicks": 2}}}', '{"latency": {"p95": 3}, "scenariosCreated": 1}']) {
      expect([head, artilleryParsers.filter((p) => p.detect({ relPath: 'x.json', head })).map((p) => p.format)]).toEqual([head, []])
    }
  })
})

describe('Artillery 2 report', () => {
  it('reads a passing run (artillery 2.0.34)', async () => {
    expect(evidenceOf(await parseFixture('v2.pass.json', v2))).toEqual({
      kind: 'load-test',
      format: 'artillery-v2',
      tool: 'artillery',
      requests: 30,
      failed: 0,
      errorRate: 0,
      // firstCounterAt 1795317364358 .. lastCounterAt 1795317367260
      durationS: 2.902,
      rps: 30 / 2.902,
      startedAt: '2026-11-22T03:16:04.358Z',
      timestamp: '2026-11-22T03:16:04.358Z',
      latencyMs: { p50: 1, p90: 3, p95: 4, p99: 7, max: 10 },
      thresholds: [],
      percentiles: 'tool',
      notes: [ENSURE_NOTE]
    })
  })

  it('reads the breached latency of the slow route as Artillery wrote it (its sketch puts p95 above max)', async () => {
    const evidence = evidenceOf(await parseFixture('v2.slow.json', v2))
    expect(evidence).toMatchObject({ requests: 15, failed: 0, durationS: 3.108, latencyMs: { p50: 301.9, p90: 308, p95: 308, p99: 308, max: 306 } })
    // The run exited 1 on `ensure: http.response_time.p95 < 200`, but the report does not say so.
    expect(evidence.thresholds).toEqual([])
  })

  it('counts 5xx responses as failed', async () => {
    expect(evidenceOf(await parseFixture('v2.errors.json', v2))).toMatchObject({
      requests: 30,
      failed: 7,
      errorRate: 7 / 30,
      latencyMs: { p50: 1, p95: 3, max: 4 }
    })
  })

  it('reads a run where every request failed as errorRate 1 with no latency, not as a pass', async () => {
    expect(evidenceOf(await parseFixture('v2.all-failed.json', v2))).toEqual({
      kind: 'load-test',
      format: 'artillery-v2',
      tool: 'artillery',
      requests: 10,
      failed: 10,
      errorRate: 1,
      durationS: 1.804,
      rps: 10 / 1.804,
      startedAt: '2026-11-22T03:16:42.502Z',
      timestamp: '2026-11-22T03:16:42.502Z',
      latencyMs: {},
      thresholds: [],
      percentiles: 'tool',
      notes: [ENSURE_NOTE, 'Artillery recorded no response times because every request failed']
    })
  })

  it('counts errors.* counters and 4xx/5xx codes, capped at the request count', async () => {
    const report = (counters: Record<string, number>) => JSON.stringify({ aggregate: { counters, summaries: {} } })
    const counted = evidenceOf(
      await parseText<Parsed>(
        v2,
        'a.json',
        report({ 'http.requests': 10, 'http.codes.200': 5, 'http.codes.404': 1, 'http.codes.503': 2, 'errors.ETIMEDOUT': 2 })
      )
    )
    expect(counted).toMatchObject({ requests: 10, failed: 5, errorRate: 0.5 })
    expect(counted.durationS).toBeUndefined()
    expect(counted.notes).toContain('the report has no http.response_time summary, so latency is unknown')
    const capped = evidenceOf(await parseText<Parsed>(v2, 'b.json', report({ 'http.requests': 2, 'errors.ETIMEDOUT': 2, 'errors.Failed capture or match': 2 })))
    expect(capped).toMatchObject({ requests: 2, failed: 2, errorRate: 1 })
  })

  it.each([
    [
      'a wrong type',
      { aggregate: { counters: { 'http.requests': 3 }, summaries: { 'http.response_time': { p95: 'fast' } } } },
      'aggregate.summaries["http.response_time"].p95 is "fast", not a number'
    ],
    [
      'a counter that is not a count',
      { aggregate: { counters: { 'http.requests': 3, 'errors.ETIMEDOUT': '2' } } },
      'aggregate.counters.errors.ETIMEDOUT is "2", not a number'
    ],
    [
      'a status code that is not one',
      { aggregate: { counters: { 'http.requests': 3, 'http.codes.abc': 1 } } },
      'aggregate.counters http.codes has "abc", which is not an HTTP status code'
    ],
    ['no requests', { aggregate: { counters: { 'vusers.created': 3 } } }, 'is an Artillery report of a run that made no HTTP requests'],
    ['no counters', { aggregate: {} }, 'aggregate.counters is missing; an Artillery 2 report counts requests in aggregate.counters'],
    ['empty object', {}, 'aggregate is missing; an Artillery report has an "aggregate" object'],
    ['a negative start time', { aggregate: { counters: { 'http.requests': 3 }, firstCounterAt: -5 } }, 'aggregate.firstCounterAt is -5; it cannot be negative']
  ])('fails on %s with a plain sentence', async (_case, document, message) => {
    expect(failureOf(await parseText<Parsed>(v2, 'bad.json', JSON.stringify(document))).message).toContain(message)
  })

  it('fails on a truncated report with its last line', async () => {
    const failure = failureOf(await parseText<Parsed>(v2, 'cut.json', '{\n  "aggregate": {\n    "counters": {\n      "http.requests": 30,'))
    expect(failure).toEqual({
      ok: false,
      message: '"cut.json" is not valid JSON, so it cannot be read as an Artillery report: it ends before the JSON is complete (the file looks cut off)',
      line: 4
    })
  })
})

describe('Artillery 1 report', () => {
  it('reads a passing run (artillery 1.7.9)', async () => {
    expect(evidenceOf(await parseFixture('v1.pass.json', v1))).toEqual({
      kind: 'load-test',
      format: 'artillery-v1',
      tool: 'artillery',
      requests: 30,
      failed: 0,
      errorRate: 0,
      rps: 8.85,
      // aggregate.timestamp is written when the run ends; v1 has no start time or duration in the aggregate,
      // so the duration is the count over v1's mean rate.
      durationS: 30 / 8.85,
      durationDerived: true,
      timestamp: '2026-11-22T03:16:13.617Z',
      latencyMs: { p50: 1, p95: 2, p99: 3, max: 3 },
      thresholds: [],
      percentiles: 'tool',
      notes: [ENSURE_NOTE, "the file records no run duration: it is taken as requests ÷ the tool's mean rate (3.4 s)"]
    })
  })

  it('reads the slow run and counts its 500s in the errors run', async () => {
    expect(evidenceOf(await parseFixture('v1.slow.json', v1))).toMatchObject({
      requests: 15,
      failed: 0,
      rps: 4.57,
      latencyMs: { p50: 301, p95: 302.8, p99: 303, max: 303 }
    })
    expect(evidenceOf(await parseFixture('v1.errors.json', v1))).toMatchObject({ requests: 30, failed: 8, errorRate: 8 / 30, latencyMs: { p50: 0, p95: 4 } })
  })

  it('reads null percentiles (v1 writes NaN as null when every request failed) as no latency', async () => {
    const document = {
      aggregate: {
        timestamp: '2026-01-05T10:00:00.000Z',
        requestsCompleted: 0,
        rps: { count: 4, mean: 2 },
        latency: { min: null, max: null, median: null, p95: null, p99: null },
        errors: { ECONNREFUSED: 4 },
        codes: {}
      }
    }
    expect(evidenceOf(await parseText<Parsed>(v1, 'refused.json', JSON.stringify(document)))).toMatchObject({
      requests: 4,
      failed: 4,
      errorRate: 1,
      latencyMs: {},
      durationS: 2,
      notes: [
        ENSURE_NOTE,
        'Artillery recorded no response times because every request failed',
        "the file records no run duration: it is taken as requests ÷ the tool's mean rate (2 s)"
      ]
    })
  })

  it.each([
    ['a wrong type', { aggregate: { rps: { count: 3 }, latency: { p95: 'fast' } } }, 'aggregate.latency.p95 is "fast", not a number'],
    ['a code count that is not a count', { aggregate: { rps: { count: 3 }, codes: { 500: 'many' } } }, 'aggregate.codes.500 is "many", not a count'],
    ['a timestamp that is no date', { aggregate: { rps: { count: 3 }, timestamp: 'later' } }, 'aggregate.timestamp is "later", not a date'],
    ['no requests', { aggregate: { scenariosCreated: 0, rps: { count: 0, mean: 0 } } }, 'is an Artillery report of a run that made no HTTP requests'],
    ['empty object', {}, 'aggregate is missing; an Artillery report has an "aggregate" object']
  ])('fails on %s with a plain sentence', async (_case, document, message) => {
    expect(failureOf(await parseText<Parsed>(v1, 'bad.json', JSON.stringify(document))).message).toContain(message)
  })
})
