import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/monitoring.output-quality.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const MONITORING = manifest('evidence:\n  monitoring:\n    file: alerts.yml\n    date: 2026-11-12\n')
const LATENCY_ONLY = `groups:
  - name: triage
    rules:
      - alert: TriageLatencyHigh
        expr: histogram_quantile(0.95, sum(rate(triage_request_duration_seconds_bucket[5m])) by (le)) > 0.8
        for: 10m
        labels:
          team: ml-ops
`

describe('monitoring.output-quality', () => {
  it('passes alert rules with an output-quality alert that has a threshold, a window and a route', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': exampleFile('monitoring/alerts.yml') })
    expect(outcomes.map((o) => o.status)).toEqual(['pass'])
    expect(outcomes[0]!.message).toBe(
      '1 output-quality monitor with threshold, window and route: "TriageRoutingAccuracyLow" watches triage_routing_accuracy (output quality, read from that metric) over 1h → ml-ops.'
    )
  })

  it('fails rules that watch latency only: uptime and latency do not show answer quality', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': LATENCY_ONLY })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          '"sys/alerts.yml" has 1 monitor but none on output-quality: "TriageLatencyHigh" watches triage_request_duration_seconds_bucket (latency, read from that metric); uptime and latency alone do not show answer quality.',
        at: 'sys/readiness.yml:7'
      }
    ])
    // The fix says how a monitor's category is recognised, and where the rules are.
    expect(outcomes[0]!.hint).toMatch(
      /^Add a monitor on an output-quality metric such as `accuracy`, .*: a monitor's category is read from the metric names it watches \(else its name\), as https:\/\/github\.com\/readiness-gate\/readiness-gate\/blob\/v[\d.]+\/docs\/formats\/tests-monitoring-evaluation\.md#what-an-alert-watches-category lists\.$/
    )
  })

  it('names the labels that route an alert when none is set', async () => {
    const unrouted = LATENCY_ONLY.replace('TriageLatencyHigh', 'AnswerAccuracyLow')
      .replace('histogram_quantile(0.95, sum(rate(triage_request_duration_seconds_bucket[5m])) by (le)) > 0.8', 'triage_accuracy < 0.9')
      .replace('        labels:\n          team: ml-ops\n', '        labels:\n          severity: page\n')
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': unrouted })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The output-quality monitor "AnswerAccuracyLow" lacks a route (a label saying who is alerted: `team`, `owner`, `receiver` or `route`; `severity` says how loud, not who).',
        at: 'sys/alerts.yml:4'
      }
    ])
  })
})

describe('monitoring.output-quality: what keeps a monitor from counting', () => {
  const quality = (expr: string, name = 'AnswerQualityLow'): string =>
    `groups:\n  - name: triage\n    rules:\n      - alert: ${name}\n        expr: ${expr}\n        for: 1h\n        labels:\n          team: ml-ops\n`

  it('fails an alert that cannot fire, at its line, though it has a threshold, a window and a route', async () => {
    const inert = quality('vector(0) > 1')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': inert }))).toEqual([
      {
        status: 'fail',
        message:
          'The output-quality monitor "AnswerQualityLow" cannot alert, so it does not count: it selects no series: its value is a constant, whatever the system does (vector(0) > 1).',
        at: 'sys/alerts.yml:4'
      }
    ])
  })

  it('fails an output-quality alert with no threshold, saying where the rules state one', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': quality('avg_over_time(triage_accuracy[1h])') })
    expect(summary(outcomes).map((o) => o.status)).toEqual(['fail'])
    expect(summary(outcomes)[0]!.message).toMatch(/lacks a threshold \(a comparison with a number in `expr:`, e\.g\. `> 0\.05`\)/)
  })

  it('fails when no monitoring file is linked', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))[0]!.message).toBe(
      '`evidence.monitoring` is missing: link the monitoring rules file.'
    )
  })
})

describe('monitoring.output-quality: which monitors count, and what the messages name', () => {
  const rule = (name: string, expr: string): string =>
    `      - alert: ${name}\n        expr: ${expr}\n        for: 1h\n        labels:\n          team: ml-ops\n`
  const rules = (...alerts: string[]): string => `groups:\n  - name: triage\n    rules:\n${alerts.join('')}`
  const HINT_START = 'Add a monitor on an output-quality metric such as `accuracy`, `hallucination_rate`, `eval_score`, `thumbs_down`: '

  it('fails rules with no alert at all (recording rules only)', async () => {
    const recording = 'groups:\n  - name: triage\n    rules:\n      - record: job:triage_requests:rate5m\n        expr: rate(triage_requests_total[5m])\n'
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': recording })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: '"sys/alerts.yml" has no monitors; uptime and latency alone do not show answer quality.', at: 'sys/readiness.yml:7' }
    ])
    expect(outcomes[0]!.hint!.startsWith(HINT_START)).toBe(true)
  })

  it('names at most four of the other monitors, then how many more', async () => {
    const others = rules(
      rule('A', 'up == 0'),
      rule('B', 'rate(errors_total[5m]) > 1'),
      rule('C', 'triage_latency_seconds > 2'),
      rule('D', 'up{job="x"} == 0'),
      rule('E', 'queue_length > 100')
    )
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': others }))[0]!.message).toBe(
      '"sys/alerts.yml" has 5 monitors but none on output-quality: "A" watches up (availability, read from that metric); "B" watches errors_total (availability, read from that metric); "C" watches triage_latency_seconds (latency, read from that metric); "D" watches up (availability, read from that metric); and 1 more; uptime and latency alone do not show answer quality.'
    )
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': rules(rule('A', 'up == 0')) }))[0]!.message).toBe(
      '"sys/alerts.yml" has 1 monitor but none on output-quality: "A" watches up (availability, read from that metric); uptime and latency alone do not show answer quality.'
    )
  })

  it('names all four other monitors when there are four, with no count of more', async () => {
    const four = rules(rule('A', 'up == 0'), rule('B', 'rate(errors_total[5m]) > 1'), rule('C', 'triage_latency_seconds > 2'), rule('D', 'queue_length > 100'))
    const message = summary(await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': four }))[0]!.message
    expect(message).toMatch(/^"sys\/alerts\.yml" has 4 monitors but none on output-quality: "A" .*; "D" watches queue_length \(.*\); uptime and latency alone/)
    expect(message).not.toMatch(/more/)
  })

  it('cuts what a monitor watches, and an expression that cannot fire, to 120 characters in the message', async () => {
    const gateway = rules(
      rule(
        'GatewayErrors',
        'sum(rate(gateway_http_requests_failed_total_by_upstream[5m])) / sum(rate(gateway_http_requests_received_total_by_upstream[5m])) + sum(rate(gateway_http_requests_retried_total_by_upstream[5m])) > 0.05'
      )
    )
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': gateway }))[0]!.message).toBe(
      '"sys/alerts.yml" has 1 monitor but none on output-quality: "GatewayErrors" watches gateway_http_requests_failed_total_by_upstream, gateway_http_requests_received_total_by_upstream, gateway_http_requests_ (availability: it watches gateway_http_requests_failed_total_by_upstream); uptime and latency alone do not show answer quality.'
    )
    const constant = rules(rule('AccuracyNever', `(${Array.from({ length: 20 }, () => 'vector(0)').join(' + ')}) > 1`))
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': constant }))[0]!.message).toBe(
      `The output-quality monitor "AccuracyNever" cannot alert, so it does not count: it selects no series: its value is a constant, whatever the system does ((${'vector(0) + '.repeat(10).trimEnd()}).`
    )
  })

  it('counts the alerts that can fire, and names the ones that cannot, which do not count', async () => {
    const mixed = rules(
      rule('AccuracyLow', 'triage_accuracy < 0.9'),
      rule('AccuracyNever', 'vector(0) > 1'),
      rule('AnswerQualityLow', 'sum(rate(thumbs_down_total[1h])) / sum(rate(answers_total[1h])) > 0.1')
    )
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': MONITORING, 'sys/alerts.yml': mixed }))).toEqual([
      {
        status: 'pass',
        message:
          '2 output-quality monitors with threshold, window and route: "AccuracyLow" watches triage_accuracy (output quality, read from that metric) over 1h → ml-ops; "AnswerQualityLow" watches thumbs_down_total, answers_total (output quality: it watches thumbs_down_total) over 1h → ml-ops. Not counted, as they cannot alert: "AccuracyNever" (it selects no series: its value is a constant, whatever the system does).',
        at: 'sys/readiness.yml:7'
      }
    ])
  })

  it('fails when every output-quality alert cannot fire, one finding for each, pointing back at the manifest', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': MONITORING,
      'sys/alerts.yml': rules(
        rule('AccuracyNever', 'vector(0) > 1'),
        rule('AccuracyAlways', 'vector(1) > 0'),
        rule('LatencyHigh', 'triage_latency_seconds > 2')
      )
    })
    expect(outcomes.map((o) => [o.status, o.line, o.related?.line])).toEqual([
      ['fail', 4, 7],
      ['fail', 9, 7]
    ])
    expect(outcomes[1]!.message).toMatch(/^The output-quality monitor "AccuracyAlways" cannot alert, so it does not count: .* \(vector\(1\) > 0\)\.$/)
    expect(outcomes[0]!.hint).toBe('Alert on an expression that reads the metric, with a threshold the metric can cross.')
  })

  it('counts one complete alert beside an incomplete one, and fails each incomplete alert when none is complete', async () => {
    const unrouted = '      - alert: AccuracyUnrouted\n        expr: triage_accuracy < 0.8\n        for: 1h\n'
    const pass = await evaluateUnit(requirement, {
      'sys/readiness.yml': MONITORING,
      'sys/alerts.yml': rules(unrouted, rule('AccuracyLow', 'triage_accuracy < 0.9'))
    })
    expect(pass.map((o) => o.status)).toEqual(['pass'])
    expect(pass[0]!.message).toMatch(/^1 output-quality monitor with threshold, window and route: "AccuracyLow" /)
    const fails = await evaluateUnit(requirement, {
      'sys/readiness.yml': MONITORING,
      'sys/alerts.yml': rules(unrouted, '      - alert: AccuracyNoWindow\n        expr: triage_accuracy < 0.8\n        labels:\n          owner: "@alice"\n')
    })
    expect(fails.map((o) => [o.status, o.message, o.line, o.related?.line])).toEqual([
      [
        'fail',
        'The output-quality monitor "AccuracyUnrouted" lacks a route (a label saying who is alerted: `team`, `owner`, `receiver` or `route`; `severity` says how loud, not who).',
        4,
        7
      ],
      ['fail', 'The output-quality monitor "AccuracyNoWindow" lacks a window (`for:`, or a range such as `[1h]` in `expr:`).', 7, 7]
    ])
  })
})
