import { describe, it, expect, beforeAll } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { k6Parsers } from '../../../src/evidence/parsers/k6.js'
import type { EvidenceParser, EvidenceSource } from '../../../src/evidence/types.js'
import {
  FIXTURES,
  SAMPLES,
  evidenceOf,
  failureOf,
  itClaimsOwnFilesOnly,
  itSample,
  openFile,
  parseFile,
  parseText,
  writeScratch,
  type Parsed
} from './evidence-files.js'

const parser = (format: string): EvidenceParser => k6Parsers.find((p) => p.format === format)!
const exportParser = parser('k6-summary-export')
const handleSummaryParser = parser('k6-summary')
const v1Parser = parser('k6-summary-v1')
const ndjsonParser = parser('k6-ndjson')

const parseFixture = (name: string, with_: EvidenceParser): Promise<Parsed> => parseFile<Parsed>(with_, FIXTURES, `k6/${name}`)

/** The k6 format of a fixture, from its name prefix (`out.*` are --out json streams); README.md has none. */
function fixtureFormat(relPath: string): string | undefined {
  const prefix = path.basename(relPath).split('.')[0]!
  return ({ 'summary-export': 'k6-summary-export', 'handle-summary': 'k6-summary', 'summary-v1': 'k6-summary-v1', out: 'k6-ndjson' } as Record<string, string>)[
    prefix
  ]
}

describe('k6 detection', () => {
  // The real handleSummary sample is k6-summary.
  itClaimsOwnFilesOnly(k6Parsers, 'k6', fixtureFormat, (relPath) => (relPath.startsWith('k6/') ? 'k6-summary' : undefined))

  it('does not claim a generic JSON file or NDJSON of another shape', () => {
    const head = (text: string) => ({ relPath: 'x.json', head: text })
    for (const text of ['{"metrics": {"latency": 12}}', '{"metrics": {"requests": {"count": 3}}}', '{"type":"Point","value":1}\n', '[]', '']) {
      expect([text, k6Parsers.filter((p) => p.detect(head(text))).map((p) => p.format)]).toEqual([text, []])
    }
  })
})

describe('k6 --summary-export (classic layout)', () => {
  it('reads a passing run', async () => {
    const evidence = evidenceOf(await parseFixture('summary-export.pass.json', exportParser))
    expect(evidence).toEqual({
      kind: 'load-test',
      format: 'k6-summary-export',
      tool: 'k6',
      requests: 40,
      failed: 0,
      errorRate: 0,
      rps: 19.29570670525808,
      // k6's rate is count ÷ the run's duration, so the duration the file leaves out is count ÷ rate.
      durationS: 40 / 19.29570670525808,
      durationDerived: true,
      latencyMs: { p50: 1.178033, p90: 2.4107305, p95: 4.074380999999986, max: 11.241637 },
      // `false` in the file means the threshold passed.
      thresholds: [
        { name: 'http_req_duration: p(95)<200', ok: true },
        { name: 'http_req_failed: rate<0.01', ok: true }
      ],
      percentiles: 'tool',
      notes: [
        'k6 --summary-export files carry no timestamp or test duration',
        "the file records no run duration: it is taken as requests ÷ the tool's mean rate (2.1 s)"
      ]
    })
  })

  it('reads `true` as a failed threshold (the slow run breached p(95)<200)', async () => {
    const evidence = evidenceOf(await parseFixture('summary-export.slow.json', exportParser))
    expect(evidence.thresholds).toEqual([
      { name: 'http_req_duration: p(95)<200', ok: false },
      { name: 'http_req_failed: rate<0.01', ok: true }
    ])
    expect(evidence.latencyMs).toEqual({ p50: 150.93726999999998, p90: 301.84062800000004, p95: 301.8701466, max: 301.992792 })
    expect(evidence.requests).toBe(24)
    expect(evidence.durationS).toBeCloseTo(evidence.requests! / evidence.rps!, 9)
    expect(evidence.durationDerived).toBe(true)
    expect(evidence.timestamp).toBeUndefined()
  })

  it('takes latency from plain http_req_duration, not the {expected_response:true} sub-metric', async () => {
    const result = await parseText<Parsed>(
      exportParser,
      'submetric.json',
      JSON.stringify({
        metrics: {
          'http_req_duration{expected_response:true}': { avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0 },
          http_req_duration: { avg: 900, min: 800, med: 900, max: 1200, 'p(90)': 1100, 'p(95)': 1150, 'p(99)': 1190 },
          http_reqs: { count: 10, rate: 5 },
          http_req_failed: { passes: 10, fails: 0, value: 1 }
        }
      })
    )
    expect(evidenceOf(result)).toMatchObject({ requests: 10, failed: 10, errorRate: 1, latencyMs: { p50: 900, p90: 1100, p95: 1150, p99: 1190, max: 1200 } })
  })

  it('leaves failures unknown when http_req_failed is absent (k6 before v0.31), and says so', async () => {
    const result = await parseText<Parsed>(
      exportParser,
      'old.json',
      JSON.stringify({ metrics: { http_reqs: { count: 3, rate: 1 }, http_req_duration: { med: 5, max: 9, 'p(95)': 8 } } })
    )
    const evidence = evidenceOf(result)
    expect(evidence.failed).toBeUndefined()
    expect(evidence.errorRate).toBeUndefined()
    expect(evidence.notes).toContain('the summary has no http_req_failed metric (k6 before v0.31), so failures are unknown')
  })

  it.each([
    [
      'a wrong type',
      { metrics: { http_reqs: { count: 5 }, http_req_duration: { 'p(95)': 'fast' } } },
      'metrics.http_req_duration.p(95) is "fast", not a number'
    ],
    ['a negative count', { metrics: { http_reqs: { count: -5 } } }, 'metrics.http_reqs.count is -5; it cannot be negative'],
    [
      'a threshold that is not true/false',
      { metrics: { http_reqs: { count: 5 }, http_req_duration: { 'p(95)': 3, thresholds: { 'p(95)<5': 'no' } } } },
      'metrics.http_req_duration.thresholds["p(95)<5"] is "no", not true or false'
    ],
    ['a metric that is not an object', { metrics: { http_reqs: 5 } }, 'metrics.http_reqs is 5, not an object'],
    ['no metrics object', { root_group: {} }, 'metrics is missing; a k6 --summary-export file has a "metrics" object'],
    ['empty metrics', { metrics: {} }, 'is a k6 summary without HTTP request metrics (http_reqs, http_req_duration); the gate reads HTTP load tests'],
    ['a run with no requests', { metrics: { http_reqs: { count: 0, rate: 0 } } }, 'is a k6 summary of a run that made no HTTP requests (http_reqs count is 0)'],
    ['a list instead of an object', [], 'is a list; a k6 --summary-export file is a JSON object']
  ])('fails on %s with a plain sentence', async (_case, document, message) => {
    const failure = failureOf(await parseText<Parsed>(exportParser, 'bad.json', JSON.stringify(document)))
    expect(failure.message).toContain(message)
  })

  it('fails on truncated JSON with the last line it has', async () => {
    const text = '{\n    "metrics": {\n        "http_reqs": {\n            "count": 40,\n'
    const failure = failureOf(await parseText<Parsed>(exportParser, 'cut.json', text))
    expect(failure).toEqual({
      ok: false,
      message: '"cut.json" is not valid JSON, so it cannot be read as a k6 --summary-export file: it ends before the JSON is complete (the file looks cut off)',
      line: 4
    })
  })

  it('fails on a syntax error with its line', async () => {
    const failure = failureOf(await parseText<Parsed>(exportParser, 'syntax.json', '{\n  "metrics": {\n    "http_reqs": {"count": 4,, "rate": 2}\n  }\n}\n'))
    expect(failure.line).toBe(3)
    expect(failure.message).toMatch(/^"syntax\.json" is not valid JSON, so it cannot be read as a k6 --summary-export file: /)
  })

  it('fails on a file that is only whitespace', async () => {
    expect(failureOf(await parseText<Parsed>(exportParser, 'blank.json', '  \n\n')).message).toBe('"blank.json" is empty, not a k6 --summary-export file')
  })
})

describe('k6 handleSummary data', () => {
  it('reads a run with failed requests and a failed threshold', async () => {
    expect(evidenceOf(await parseFixture('handle-summary.errors.json', handleSummaryParser))).toEqual({
      kind: 'load-test',
      format: 'k6-summary',
      tool: 'k6',
      requests: 32,
      failed: 8,
      errorRate: 0.25,
      rps: 19.54795357361026,
      durationS: 1.637,
      latencyMs: { p50: 1.0641180000000001, p90: 1.3018172, p95: 1.4680786999999997, max: 2.123345 },
      thresholds: [
        { name: 'http_req_duration: p(95)<200', ok: true },
        { name: 'http_req_failed: rate<0.01', ok: false }
      ],
      percentiles: 'tool',
      notes: ['k6 handleSummary data carries no timestamp']
    })
  })

  it('reads the breached latency threshold of the slow run', async () => {
    const evidence = evidenceOf(await parseFixture('handle-summary.slow.json', handleSummaryParser))
    expect(evidence.thresholds).toEqual([
      { name: 'http_req_duration: p(95)<200', ok: false },
      { name: 'http_req_failed: rate<0.01', ok: true }
    ])
    expect(evidence.latencyMs.p95).toBe(301.8701466)
    expect(evidence.durationS).toBe(1.713)
  })

  itSample('reads the real sample (grafana/k6-example-circleci-orb summary.json) with hand-checked values', async () => {
    const evidence = evidenceOf(await parseFile<Parsed>(handleSummaryParser, SAMPLES, 'k6/handleSummary-data.grafana-k6-example-circleci-orb.json'))
    expect(evidence).toEqual({
      kind: 'load-test',
      format: 'k6-summary',
      tool: 'k6',
      requests: 20,
      failed: 0,
      errorRate: 0,
      rps: 2.4169333249062928,
      durationS: expect.closeTo(8.274949, 9),
      latencyMs: { p50: 255.0285, p90: 257.8066, p95: 260.64205000000004, max: 260.89 },
      thresholds: [
        { name: 'http_req_duration: p(95)<500', ok: true },
        { name: 'http_req_failed: rate<0.01', ok: true }
      ],
      percentiles: 'tool',
      notes: ['k6 handleSummary data carries no timestamp']
    })
  })

  it.each([
    [
      'a wrong type',
      { metrics: { http_reqs: { type: 'counter', values: { count: 5 } }, http_req_duration: { type: 'trend', values: { 'p(95)': 'fast' } } } },
      'metrics.http_req_duration.values.p(95) is "fast", not a number'
    ],
    ['a metric without values', { metrics: { http_reqs: { type: 'counter' } } }, 'metrics.http_reqs.values is missing; each k6 metric has a "values" object'],
    [
      'a threshold without ok',
      { metrics: { http_reqs: { type: 'counter', values: { count: 1 }, thresholds: { 'count>0': { ok: 'yes' } } } } },
      'metrics.http_reqs.thresholds["count>0"].ok is "yes", not true or false'
    ],
    ['empty object', {}, 'metrics is missing; a k6 handleSummary data file has a "metrics" object'],
    [
      'a duration that is text',
      { state: { testRunDurationMs: '8s' }, metrics: { http_reqs: { type: 'counter', values: { count: 1 } } } },
      'state.testRunDurationMs is "8s", not a number'
    ]
  ])('fails on %s with a plain sentence', async (_case, document, message) => {
    expect(failureOf(await parseText<Parsed>(handleSummaryParser, 'bad.json', JSON.stringify(document))).message).toContain(message)
  })
})

describe('k6 machine-readable summary (--new-machine-readable-summary)', () => {
  it('reads the passing run, its timestamp and duration, and notes that thresholds are not recorded', async () => {
    expect(evidenceOf(await parseFixture('summary-v1.pass.json', v1Parser))).toEqual({
      kind: 'load-test',
      format: 'k6-summary-v1',
      tool: 'k6',
      requests: 40,
      failed: 0,
      errorRate: 0,
      rps: 40 / 2.073,
      durationS: 2.073,
      timestamp: '2026-11-22T03:17:48.816Z',
      latencyMs: { p50: 1.178033, p90: 2.4107305, p95: 4.074380999999986, max: 11.241637 },
      thresholds: [],
      percentiles: 'tool',
      notes: ['the k6 machine-readable summary records no threshold results (k6 exits with code 99 when a threshold fails)']
    })
  })

  it('reads failures from the rate metric (matches = failed requests)', async () => {
    const evidence = evidenceOf(await parseFixture('summary-v1.errors.json', v1Parser))
    expect(evidence).toMatchObject({ requests: 32, failed: 8, errorRate: 0.25, durationS: 1.637, timestamp: '2026-11-22T03:17:52.166Z' })
  })

  it.each([
    ['another format version', { version: '2.0.0', results: { metrics: [] } }, 'is k6 machine-readable summary version "2.0.0"; the gate reads version 1.x'],
    ['metrics that are not a list', { version: '1.0.0', results: { metrics: {} } }, 'results.metrics is an object; it should be the list of metrics'],
    ['a metric without a name', { version: '1.0.0', results: { metrics: [{ values: {} }] } }, 'results.metrics[0].name is missing, not a metric name'],
    [
      'a wrong type',
      { version: '1.0.0', results: { metrics: [{ name: 'http_reqs', values: { count: '40' } }] } },
      'metric http_reqs values.count is "40", not a number'
    ],
    [
      'a timestamp that is no date',
      { version: '1.0.0', metadata: { generated_at: 'yesterday' }, results: { metrics: [{ name: 'http_reqs', values: { count: 4 } }] } },
      'metadata.generated_at is "yesterday", not a date'
    ],
    ['empty object', {}, 'is k6 machine-readable summary version missing; the gate reads version 1.x']
  ])('fails on %s with a plain sentence', async (_case, document, message) => {
    expect(failureOf(await parseText<Parsed>(v1Parser, 'bad.json', JSON.stringify(document))).message).toContain(message)
  })
})

describe('k6 --out json (NDJSON stream)', () => {
  it('reads exact percentiles, failures and the time span from a plain file', async () => {
    expect(evidenceOf(await parseFixture('out.errors.ndjson', ndjsonParser))).toEqual({
      kind: 'load-test',
      format: 'k6-ndjson',
      tool: 'k6',
      requests: 32,
      failed: 8,
      errorRate: 0.25,
      // First and last HTTP sample: 04:17:50.531821123+01:00 .. 04:17:52.066189123+01:00 (millisecond precision).
      durationS: 1.535,
      rps: 32 / 1.535,
      startedAt: '2026-11-22T03:17:50.531Z',
      timestamp: '2026-11-22T03:17:50.531Z',
      // Nearest rank over the 32 http_req_duration values at 1 µs resolution; max is the raw sample.
      latencyMs: { p50: 1.057, p90: 1.307, p95: 1.55, p99: 2.123, max: 2.123345 },
      thresholds: [],
      percentiles: 'exact',
      notes: ['k6 --out json does not record threshold results']
    })
  })

  it('reads a gzipped stream', async () => {
    const source = await openFile(FIXTURES, 'k6/out.pass.ndjson.gz')
    expect(source.gzip).toBe(true)
    expect(evidenceOf((await ndjsonParser.parse(source)) as Parsed)).toMatchObject({
      requests: 40,
      failed: 0,
      errorRate: 0,
      durationS: 1.949,
      startedAt: '2026-11-22T03:17:46.765Z',
      latencyMs: { p50: 1.171, p90: 2.401, p95: 3.822, p99: 11.242, max: 11.241637 }
    })
  })

  it('tolerates the cut-off last line of a killed run, with a note', async () => {
    const evidence = evidenceOf(await parseFixture('out.killed.ndjson', ndjsonParser))
    expect(evidence).toMatchObject({ requests: 24, failed: 0, latencyMs: { p50: 1.46, p90: 301.847, p95: 301.874, p99: 301.993, max: 301.992792 } })
    expect(evidence.notes).toEqual([
      'the last line (329) is cut off; the run was probably killed while k6 was writing, and that line was ignored',
      'k6 --out json does not record threshold results'
    ])
  })

  it('reports a run where every request was refused as errorRate 1', async () => {
    expect(evidenceOf(await parseFixture('out.refused.ndjson', ndjsonParser))).toMatchObject({ requests: 5, failed: 5, errorRate: 1 })
  })

  it('reads the older layout ({"type":"Point",...,"metric":"..."}) and re-serialised lines the same way', async () => {
    const older = [
      '{"type":"Metric","data":{"type":"trend","contains":"time","tainted":null,"thresholds":[],"submetrics":null},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":459.865729,"tags":{"status":"200","metric":"decoy"}},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":1,"tags":{"status":"200"}},"metric":"http_reqs"}',
      '{"type":"Point","data":{"time":"2017-05-09T14:34:46.239531499+02:00","value":1,"tags":{"status":"500"}},"metric":"http_reqs"}',
      '{ "metric": "http_req_duration", "type": "Point", "data": { "value": 12.5, "time": "2017-05-09T14:34:46.239531499+02:00" } }',
      '{"type":"Point","data":{"time":"2017-05-09T14:34:46.239531499+02:00","value":1,"tags":{"status":"500"}},"metric":"http_req_failed"}',
      '{"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":0,"tags":{"status":"200"}},"metric":"http_req_failed"}'
    ]
    expect(evidenceOf(await parseText<Parsed>(ndjsonParser, 'older.json', older.join('\r\n') + '\r\n'))).toMatchObject({
      requests: 2,
      failed: 1,
      errorRate: 0.5,
      durationS: 1,
      rps: 2,
      startedAt: '2017-05-09T12:34:45.239Z',
      latencyMs: { p50: 12.5, p90: 459.866, p95: 459.866, p99: 459.866, max: 459.865729 }
    })
  })

  it('fails on a corrupt line with its line number', async () => {
    const lines = readFixtureLines('out.errors.ndjson').slice(0, 30)
    lines[19] = 'Xmetric":"http_reqs","type":"Point"}'
    expect(failureOf(await parseText<Parsed>(ndjsonParser, 'corrupt.ndjson', lines.join('\n') + '\n'))).toEqual({
      ok: false,
      message: '"corrupt.ndjson" line 20 is not a k6 JSON line (expected {"type":"Point"|"Metric","metric":...,"data":{...}}); the file is corrupt',
      line: 20
    })
  })

  it('fails on a cut-off line in the middle of the file', async () => {
    const lines = readFixtureLines('out.errors.ndjson')
    lines[40] = lines[40]!.slice(0, 50)
    expect(failureOf(await parseText<Parsed>(ndjsonParser, 'middle.ndjson', lines.join('\n') + '\n')).line).toBe(41)
  })

  it('fails on a sample value that is not a number, naming the line', async () => {
    const text =
      '{"metric":"http_reqs","type":"Point","data":{"time":"2026-01-01T00:00:00Z","value":1,"tags":null}}\n{"metric":"http_req_duration","type":"Point","data":{"time":"2026-01-01T00:00:00Z","value":"fast","tags":null}}\n'
    expect(failureOf(await parseText<Parsed>(ndjsonParser, 'value.ndjson', text))).toEqual({
      ok: false,
      message: 'line 2: the http_req_duration sample value "fast" is not a non-negative number',
      line: 2
    })
  })

  it('fails on a sample time that is no date', async () => {
    const text = '{"metric":"http_reqs","type":"Point","data":{"time":"soon","value":1,"tags":null}}\n'
    expect(failureOf(await parseText<Parsed>(ndjsonParser, 'time.ndjson', text))).toEqual({
      ok: false,
      message: 'line 1: the sample time "soon" is not a date',
      line: 1
    })
  })

  it('fails on a stream without HTTP samples', async () => {
    const text =
      '{"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"}\n{"metric":"vus","type":"Point","data":{"time":"2026-01-01T00:00:00Z","value":2,"tags":null}}\n'
    expect(failureOf(await parseText<Parsed>(ndjsonParser, 'vus.ndjson', text)).message).toBe(
      '"vus.ndjson" contains no HTTP request samples (no http_reqs or http_req_duration points); the gate reads HTTP load tests'
    )
  })

  it('fails on a file that is one huge line, without holding it all', async () => {
    const failure = failureOf(await parseText<Parsed>(ndjsonParser, 'huge.ndjson', '{"metric":"' + 'x'.repeat(3 * 1024 * 1024)))
    expect(failure).toEqual({ ok: false, message: '"huge.ndjson" line 1 is longer than 1024 KiB; it is not a k6 JSON line', line: 1 })
  })

  it('fails on a JSON summary handed to it by name', async () => {
    expect(failureOf(await parseFixture('handle-summary.errors.json', ndjsonParser)).line).toBe(1)
  })

  // Real gzip bytes through safe-read's own stream(), which forwards gunzip errors to the parser.
  describe('gzip errors', () => {
    let gz: Buffer
    beforeAll(() => {
      gz = gzipSync(Buffer.concat(Array.from({ length: 40 }, () => Buffer.from(readFixtureText('out.errors.ndjson')))))
    })

    const gzipSource = (name: string, bytes: Buffer): Promise<EvidenceSource> => openFile(writeScratch(name, bytes), name)

    it('fails on a corrupt gzip (bad checksum)', async () => {
      const corrupt = Buffer.from(gz)
      corrupt[corrupt.length - 6] = corrupt[corrupt.length - 6]! ^ 0xff
      const failure = failureOf(await ndjsonParser.parse(await gzipSource('corrupt.ndjson.gz', corrupt)))
      expect(failure.message).toMatch(/^"corrupt\.ndjson\.gz" is a corrupt gzip file \(incorrect data check\) after line \d+$/)
      expect(failure.line).toBeUndefined()
    })

    it('reads a gzip cut off mid-way (killed run) up to the cut, with a note', async () => {
      const evidence = evidenceOf((await ndjsonParser.parse(await gzipSource('cut.ndjson.gz', gz.subarray(0, gz.length - 20)))) as Parsed)
      // Every line before the cut: nearly all of the 40 x 32 requests, never more.
      expect(evidence.requests).toBeGreaterThan(40 * 32 - 32)
      expect(evidence.requests).toBeLessThanOrEqual(40 * 32)
      expect(evidence.notes?.[0]).toMatch(
        /^the gzip stream is cut off after line \d+; the run was probably killed, and only the lines before the cut were read$/
      )
    })
  })
})

describe('k6 --out json at scale', () => {
  let dir: string
  const requests = 40_000
  // A deterministic spread of durations with microsecond digits and repeats, like real runs.
  const durations = Array.from({ length: requests }, (_, i) => ((i * 7919) % 250_000) / 1000 + (i % 7 === 0 ? 0.0004 : 0))
  const nearestRank = (p: number): number => {
    const sorted = durations.map((v) => Math.round(v * 1000) / 1000).sort((a, b) => a - b)
    return sorted[Math.ceil((p / 100) * sorted.length) - 1]!
  }

  beforeAll(() => {
    const template = readFixtureText('out.errors.ndjson')
      .split('\n')
      .filter((line) => line.startsWith('{"metric"'))
      .slice(0, 13)
    const lines: string[] = []
    const start = Date.parse('2026-03-01T10:00:00Z')
    for (let i = 0; i < requests; i++) {
      const time = new Date(start + i * 5).toISOString().replace('Z', '000000+00:00')
      for (const line of template) {
        let out = line.replace(/"time":"[^"]+"/, `"time":"${time}"`)
        if (out.startsWith('{"metric":"http_req_duration"')) out = out.replace(/"value":[^,]+,/, `"value":${durations[i]},`)
        if (out.startsWith('{"metric":"http_req_failed"')) out = out.replace(/"value":[^,]+,/, `"value":${i % 50 === 0 ? 1 : 0},`)
        lines.push(out)
      }
    }
    const text = lines.join('\n') + '\n'
    dir = writeScratch('big.ndjson', text)
    writeScratch('big.ndjson.gz', gzipSync(text))
  })

  it.each(['big.ndjson', 'big.ndjson.gz'])('gives the same exact figures as sorting every sample (%s)', async (name) => {
    const evidence = evidenceOf(await parseFile<Parsed>(ndjsonParser, dir, name))
    expect(evidence).toMatchObject({
      requests,
      failed: requests / 50,
      errorRate: 0.02,
      durationS: ((requests - 1) * 5) / 1000,
      startedAt: '2026-03-01T10:00:00.000Z',
      latencyMs: { p50: nearestRank(50), p90: nearestRank(90), p95: nearestRank(95), p99: nearestRank(99), max: Math.max(...durations) }
    })
  })
})

function readFixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, 'k6', name), 'utf8')
}

function readFixtureLines(name: string): string[] {
  return readFixtureText(name)
    .split('\n')
    .filter((line) => line !== '')
}
