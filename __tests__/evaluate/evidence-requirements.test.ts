// The requirements judged on test reports and monitoring files: each topic needs a passing test, no
// test may fail, and a monitor counts only with a threshold, a window and a route. Each case is a way
// the judgment could pass what it must fail.
import { afterAll, describe, expect, it } from '@jest/globals'
import { judge, manifest, removeJudgeRepos } from '../support/judge.js'

afterAll(removeJudgeRepos)

type Case = [classname: string, name: string, outcome?: '<failure message="timed out"/>' | '<error/>' | '<skipped/>']

function junit(cases: Case[], suite = 'integration'): string {
  const body = cases.map(([classname, name, outcome]) =>
    outcome ? `  <testcase classname="${classname}" name="${name}">${outcome}</testcase>` : `  <testcase classname="${classname}" name="${name}"/>`
  )
  return `<?xml version="1.0"?>\n<testsuite name="${suite}" timestamp="2026-11-20T10:00:00">\n${body.join('\n')}\n</testsuite>\n`
}

const outcomes = async (rule: string, files: Record<string, string>) => (await judge(rule, files)).findings.map((f) => [f.status, f.message, f.file, f.line])

describe('integration.tested', () => {
  const integration = (report: string, points = '[zendesk, crm]') =>
    outcomes('integration.tested', { 'sys/readiness.yml': manifest(`integration-tests:\n  file: it.xml\n  points: ${points}\n`), 'sys/it.xml': report })

  it('passes when every point has a passing test and none fails, matching names loosely', async () => {
    expect(
      await integration(
        junit([
          ['ZenDesk', 'creates a ticket'],
          ['tests.crm_client', 'reads a profile'],
          ['other', 'x', '<skipped/>']
        ])
      )
    ).toEqual([['pass', '2 integration points covered; 2/3 tests passed in "sys/it.xml".', 'sys/readiness.yml', 7]])
  })

  it('fails a point with no test, one with no passing test, and every failed or errored test at its line', async () => {
    const found = await integration(
      junit([
        ['zendesk', 'creates a ticket', '<failure message="timed out"/>'],
        ['billing', 'charges', '<error/>']
      ])
    )
    expect(found).toEqual([
      ['fail', 'Integration point "zendesk" has no passing test in "sys/it.xml" (failed).', 'sys/readiness.yml', 8],
      ['fail', 'Integration point "crm" has no test in "sys/it.xml".', 'sys/readiness.yml', 8],
      ['fail', 'Test "integration › creates a ticket" failed: timed out.', 'sys/it.xml', 3],
      ['fail', 'Test "integration › charges" errored.', 'sys/it.xml', 4]
    ])
  })

  it('fails a skipped-only point, and a failing test outside the listed points', async () => {
    const found = await integration(
      junit([
        ['zendesk', 'a', '<skipped/>'],
        ['crm', 'b'],
        ['other', 'c', '<failure message="timed out"/>']
      ])
    )
    expect(found.map(([status, message]) => [status, message])).toEqual([
      ['fail', 'Integration point "zendesk" has no passing test in "sys/it.xml" (skipped).'],
      ['fail', 'Test "integration › c" failed: timed out.']
    ])
  })

  it('fails a report with no tests, and a manifest that lists no points', async () => {
    expect((await integration(junit([])))[0]!.slice(0, 2)).toEqual(['fail', 'The integration test report "sys/it.xml" contains no tests.'])
    expect((await integration(junit([['zendesk', 'a']]), '[]'))[0]!.slice(0, 2)).toEqual([
      'fail',
      '`evidence.integration-tests.points` must list at least 1 item.'
    ])
  })
})

describe('data.edge-cases', () => {
  const ALL: Case[] = [
    ['edge', 'malformed input'],
    ['edge', 'missing field'],
    ['edge', 'out of distribution'],
    ['edge', 'adversarial prompt']
  ]
  const edgeCases = (report: string, categories = '') =>
    outcomes('data.edge-cases', { 'sys/readiness.yml': manifest(`edge-cases:\n  file: edge.xml\n${categories}`), 'sys/edge.xml': report })

  it('needs the four default categories when the manifest lists none', async () => {
    expect((await edgeCases(junit(ALL)))[0]!.slice(0, 2)).toEqual(['pass', '4 edge-case categories covered; 4/4 tests passed in "sys/edge.xml".'])
    expect((await edgeCases(junit(ALL.slice(1)))).map(([status, message]) => [status, message])).toEqual([
      ['fail', 'Edge-case category "malformed" has no test in "sys/edge.xml".']
    ])
  })

  it('needs exactly the categories the manifest lists, at their lines', async () => {
    expect(await edgeCases(junit([['edge', 'empty input']]), '  categories: [empty, unicode]\n')).toEqual([
      ['fail', 'Edge-case category "unicode" has no test in "sys/edge.xml".', 'sys/readiness.yml', 8]
    ])
  })
})

describe('resilience.fallback', () => {
  const DECLARED =
    'resilience:\n  fallback: a canned answer\n  circuit-breaker: opens after 20% errors\n  retry: 2 retries\n  timeout-ms: 3000\n  tests:\n    file: res.xml\n'
  const CASES: Case[] = [
    ['res', 'fallback answers'],
    ['res', 'circuit opens'],
    ['res', 'retry on 503'],
    ['res', 'timeout fires']
  ]
  const resilience = (top: string, report = junit(CASES)) => outcomes('resilience.fallback', { 'sys/readiness.yml': manifest('', top), 'sys/res.xml': report })

  it('passes with every mechanism declared and tested', async () => {
    expect((await resilience(DECLARED))[0]!.slice(0, 2)).toEqual(['pass', '4 resilience mechanisms covered; 4/4 tests passed in "sys/res.xml".'])
  })

  it('fails an undeclared mechanism, a timeout that is not a number, and a mechanism without a test', async () => {
    expect((await resilience(DECLARED.replace('  retry: 2 retries\n', '').replace('3000', 'soon')))[0]!.slice(0, 2)).toEqual([
      'fail',
      'Resilience lacks `resilience.retry`, `resilience.timeout-ms`.'
    ])
    expect((await resilience(DECLARED, junit(CASES.slice(0, 3)))).map(([status, message]) => [status, message])).toEqual([
      ['fail', 'Resilience mechanism "timeout" has no test in "sys/res.xml".']
    ])
    expect((await resilience(''))[0]!.slice(0, 2)).toEqual(['fail', '`resilience` is missing: no fallback, circuit breaker, retry or timeout is declared.'])
  })
})

const RULES = `groups:
  - name: sys
    rules:
      - alert: AccuracyLow
        expr: avg_over_time(sys_accuracy[1h]) < 0.9
        for: 1h
        labels:
          team: ml-ops
      - alert: TopicDrift
        expr: max(sys_input_psi) > 0.2
        for: 6h
        labels:
          team: ml-ops
      - alert: LatencyHigh
        expr: histogram_quantile(0.95, sum(rate(sys_duration_seconds_bucket[5m])) by (le)) > 0.8
        for: 10m
        labels:
          team: ml-ops
`

describe('monitoring.output-quality and drift.detection', () => {
  const monitored = (rule: string, rules: string) =>
    outcomes(rule, {
      'sys/readiness.yml': manifest('monitoring:\n  file: alerts.yml\n  date: 2026-11-20\ndrift:\n  file: alerts.yml\n  date: 2026-11-20\n'),
      'sys/alerts.yml': rules
    })

  it('passes a quality monitor and a drift monitor with threshold, window and route', async () => {
    expect((await monitored('monitoring.output-quality', RULES))[0]!.slice(0, 2)).toEqual([
      'pass',
      '1 output-quality monitor with threshold, window and route: "AccuracyLow" watches sys_accuracy (output quality, read from that metric) over 1h → ml-ops.'
    ])
    expect((await monitored('drift.detection', RULES))[0]![0]).toBe('pass')
  })

  it('fails a quality monitor without a route, at its line', async () => {
    const found = await monitored('monitoring.output-quality', RULES.replace('        for: 1h\n        labels:\n          team: ml-ops\n', ''))
    expect(found).toEqual([
      [
        'fail',
        'The output-quality monitor "AccuracyLow" lacks a route (a label saying who is alerted: `team`, `owner`, `receiver` or `route`; `severity` says how loud, not who).',
        'sys/alerts.yml',
        4
      ]
    ])
  })

  it('fails when the only monitors watch latency, naming what they watch', async () => {
    const latencyOnly = RULES.replace(/ {6}- alert: AccuracyLow[\s\S]*?(?= {6}- alert: LatencyHigh)/, '')
    expect((await monitored('monitoring.output-quality', latencyOnly))[0]!.slice(0, 2)).toEqual([
      'fail',
      '"sys/alerts.yml" has 1 monitor but none on output-quality: "LatencyHigh" watches sys_duration_seconds_bucket (latency, read from that metric); uptime and latency alone do not show answer quality.'
    ])
    expect((await monitored('drift.detection', latencyOnly))[0]!.slice(0, 2)).toEqual([
      'fail',
      '"sys/alerts.yml" has 1 monitor but none on drift: "LatencyHigh" watches sys_duration_seconds_bucket (latency, read from that metric).'
    ])
  })
})
