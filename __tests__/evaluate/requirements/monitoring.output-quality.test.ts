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
