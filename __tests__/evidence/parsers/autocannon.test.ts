import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { autocannonParsers } from '../../../src/evidence/parsers/autocannon.js'
import { FIXTURES, evidenceOf, failureOf, itClaimsOwnFilesOnly, parseFile, parseText, type Parsed } from './evidence-files.js'

const autocannon = autocannonParsers[0]!
const P95_NOTE = 'autocannon reports p90, p97.5 and p99 but no p95; p95 is left out, not interpolated'
const parseFixture = (name: string): Promise<Parsed> => parseFile<Parsed>(autocannon, FIXTURES, `autocannon/${name}`)
const fixtureJson = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, 'autocannon', name), 'utf8')) as Record<string, unknown>

describe('autocannon detection', () => {
  itClaimsOwnFilesOnly(autocannonParsers, 'autocannon', (relPath) => (relPath.endsWith('.json') ? 'autocannon' : undefined))

  it('does not claim a generic JSON file with a latency object', () => {
    for (const head of ['{"latency": {"p50": 1}, "requests": {"total": 3}}', '{"pipelining": 1, "latency": {}}']) {
      expect([head, autocannon.detect({ relPath: 'x.json', head })]).toEqual([head, false])
    }
  })
})

describe('autocannon --json result (autocannon 9.0.0)', () => {
  it('reads a passing run and leaves p95 out', async () => {
    expect(evidenceOf(await parseFixture('pass.json'))).toEqual({
      kind: 'load-test',
      format: 'autocannon',
      tool: 'autocannon',
      requests: 400,
      failed: 0,
      errorRate: 0,
      durationS: 1.02,
      rps: 400 / 1.02,
      startedAt: '2026-11-22T03:17:11.075Z',
      timestamp: '2026-11-22T03:17:11.075Z',
      latencyMs: { p50: 1, p90: 3, p99: 15, max: 19 },
      thresholds: [],
      percentiles: 'tool',
      notes: [P95_NOTE]
    })
  })

  it('has no p95 field in the real file, so none is made up', async () => {
    const latency = fixtureJson('pass.json').latency as Record<string, unknown>
    expect(Object.keys(latency).filter((key) => key.startsWith('p9'))).toEqual(['p90', 'p97_5', 'p99', 'p99_9', 'p99_99', 'p99_999'])
    expect(evidenceOf(await parseFixture('pass.json')).latencyMs.p95).toBeUndefined()
  })

  it('reads the slow route', async () => {
    expect(evidenceOf(await parseFixture('slow.json'))).toMatchObject({
      requests: 40,
      failed: 0,
      durationS: 2.02,
      latencyMs: { p50: 304, p90: 329, p99: 330, max: 330 }
    })
  })

  it('counts 5xx responses as failed', async () => {
    expect(evidenceOf(await parseFixture('errors.json'))).toMatchObject({
      requests: 200,
      failed: 50,
      errorRate: 0.25,
      latencyMs: { p50: 0, p90: 1, p99: 12, max: 14 }
    })
  })

  it('reads a run whose every connection was refused as errorRate 1 with no latency (its histogram of zeros is empty)', async () => {
    expect(evidenceOf(await parseFixture('refused.json'))).toEqual({
      kind: 'load-test',
      format: 'autocannon',
      tool: 'autocannon',
      requests: 19050,
      failed: 19050,
      errorRate: 1,
      durationS: 2.01,
      rps: 19050 / 2.01,
      startedAt: '2026-11-22T03:17:16.391Z',
      timestamp: '2026-11-22T03:17:16.391Z',
      latencyMs: {},
      thresholds: [],
      percentiles: 'tool',
      notes: [P95_NOTE, 'autocannon recorded no response times (no request got a response)']
    })
  })

  it('counts 4xx, 5xx and connection errors, and falls back to the class counters and then non2xx', async () => {
    const base = fixtureJson('errors.json')
    const withTimeouts = {
      ...base,
      errors: 10,
      timeouts: 4,
      statusCodeStats: { 200: { count: 150 }, 404: { count: 20 }, 302: { count: 5 }, 503: { count: 25 } }
    }
    expect(evidenceOf(await parseText<Parsed>(autocannon, 'codes.json', JSON.stringify(withTimeouts)))).toMatchObject({ requests: 210, failed: 55 })
    const { statusCodeStats: _codes, ...byClass } = base
    expect(evidenceOf(await parseText<Parsed>(autocannon, 'classes.json', JSON.stringify({ ...byClass, '4xx': 3 })))).toMatchObject({
      requests: 200,
      failed: 53
    })
    const { '4xx': _client, '5xx': _server, ...only } = byClass
    const old = evidenceOf(await parseText<Parsed>(autocannon, 'old.json', JSON.stringify(only)))
    expect(old).toMatchObject({ requests: 200, failed: 50 })
    expect(old.notes).toContain('the result has no per-status counts, so every non-2xx response counts as failed')
  })

  it.each([
    ['a wrong type', (r: Record<string, unknown>) => ({ ...r, latency: { ...(r.latency as object), p99: 'fast' } }), 'latency.p99 is "fast", not a number'],
    ['errors that are text', (r: Record<string, unknown>) => ({ ...r, errors: 'none' }), 'errors is "none", not a number'],
    [
      'no requests object',
      (r: Record<string, unknown>) => ({ ...r, requests: undefined }),
      'requests is missing; an autocannon result has a "requests" object'
    ],
    [
      'no request total',
      (r: Record<string, unknown>) => ({ ...r, requests: { average: 3 } }),
      'requests.total is missing; autocannon writes the number of responses there'
    ],
    ['a start that is no date', (r: Record<string, unknown>) => ({ ...r, start: 'noon' }), 'start is "noon", not a date'],
    [
      'a run with no requests',
      (r: Record<string, unknown>) => ({ ...r, errors: 0, requests: { total: 0 } }),
      'is an autocannon result of a run that made no requests'
    ],
    ['empty object', () => ({}), 'requests is missing; an autocannon result has a "requests" object']
  ])('fails on %s with a plain sentence', async (_case, change, message) => {
    expect(failureOf(await parseText<Parsed>(autocannon, 'bad.json', JSON.stringify(change(fixtureJson('errors.json'))))).message).toContain(message)
  })

  it('fails on a truncated result', async () => {
    const text = readFileSync(path.join(FIXTURES, 'autocannon/pass.json'), 'utf8').slice(0, 300)
    expect(failureOf(await parseText<Parsed>(autocannon, 'cut.json', text))).toEqual({
      ok: false,
      message: '"cut.json" is not valid JSON, so it cannot be read as an autocannon result: it ends before the JSON is complete (the file looks cut off)',
      line: 1
    })
  })
})
