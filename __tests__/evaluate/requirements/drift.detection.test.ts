import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/drift.detection.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'

const DRIFT = manifest('evidence:\n  drift:\n    file: drift.yml\n    date: 2026-11-12\n')
/** Prometheus rules with two drift alerts: one routed nowhere, one with no window (\`for:\`). */
const INCOMPLETE_RULES = `groups:
  - name: drift
    rules:
      - alert: TopicDrift
        expr: max(triage_input_topic_psi) > 0.2
        for: 6h
      - alert: QueueDrift
        expr: max(predicted_queue_js_distance) > 0.1
        labels:
          team: ml-ops
`

describe('drift.detection', () => {
  it('passes a drift configuration whose monitors have a threshold, a window and a route', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': exampleFile('monitoring/drift.yml') })
    expect(outcomes.map((o) => o.status)).toEqual(['pass'])
    expect(outcomes[0]!.message).toMatch(/^2 drift monitors with threshold, window and route/)
  })

  it('fails when no drift monitor is complete, naming what each lacks at its line', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': INCOMPLETE_RULES })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The drift monitor "TopicDrift" lacks a route (a label saying who is alerted: `team`, `owner`, `receiver` or `route`; `severity` says how loud, not who).',
        at: 'sys/drift.yml:4'
      },
      { status: 'fail', message: 'The drift monitor "QueueDrift" lacks a window (`for:`, or a range such as `[1h]` in `expr:`).', at: 'sys/drift.yml:7' }
    ])
  })
})

describe('drift.detection: other formats, and no drift monitor', () => {
  it('fails rules with no drift alert, with a hint naming drift metrics', async () => {
    const uptime =
      'groups:\n  - name: triage\n    rules:\n      - alert: Down\n        expr: up == 0\n        for: 5m\n        labels:\n          team: ml-ops\n'
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': uptime })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message: '"sys/drift.yml" has 1 monitor but none on drift: "Down" watches up (availability, read from that metric).',
        at: 'sys/readiness.yml:7'
      }
    ])
    expect(outcomes[0]!.hint).toMatch(/^Add a monitor on a drift metric such as `psi`, `ks_test`, `wasserstein`, `feature_drift`: /)
  })

  it('names what a tool config without threshold, window or route lacks, and where to state the route', async () => {
    const evidently = 'data_format:\n  header: true\nprofile_sections:\n  - data_drift\n  - classification_performance\n'
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': evidently }))).toEqual([
      {
        status: 'fail',
        message:
          'The drift monitor "data_drift" lacks a threshold, a window and a route (who is alerted; this format names none, so state it in a readiness-gate drift file or alert through Prometheus rules).',
        at: 'sys/drift.yml:4'
      }
    ])
  })

  it('fails a monitor of the drift file whose route is blank, saying which keys route it', async () => {
    const blank = 'kind: drift\nmonitors:\n  - metric: psi\n    threshold: 0.2\n    window: 7d\n    route: " "\n'
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': blank }))).toEqual([
      { status: 'fail', message: 'The drift monitor "psi" lacks a route (`route:` a channel, receiver or team, or `owner:` a @handle).', at: 'sys/drift.yml:3' }
    ])
  })

  it('fails when no drift configuration is linked', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': manifest() }))).toEqual([
      { status: 'fail', message: '`evidence.drift` is missing: link the drift configuration.', at: 'sys/readiness.yml:1' }
    ])
  })
})

describe('drift.detection: a threshold out of the statistic’s range', () => {
  const driftFile = (metric: string, threshold: number) =>
    `kind: drift\nmonitors:\n  - metric: ${metric}\n    threshold: ${threshold}\n    window: 7d\n    route: "#ml-ops"\n`
  const driftRule = (expr: string) =>
    `groups:\n  - name: drift\n    rules:\n      - alert: TopicDrift\n        expr: ${expr}\n        for: 6h\n        labels:\n          team: ml-ops\n`

  it('fails a PSI monitor of the drift file set past PSI’s scale, at its line, with the scale in the sentence', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': driftFile('psi', 1e9) })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The drift monitor "psi" cannot alert, so it does not count: psi is a population stability index: 0 when nothing moved, 0.1 to 0.25 a moderate shift, above 0.25 a major one; alerting only above 1000000000 (past 1, where PSI alerts are set) it stays silent through any real shift (psi).',
        at: 'sys/drift.yml:3'
      }
    ])
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': driftFile('psi', 0.25) }))[0]!.status).toBe('pass')
  })

  it('fails Prometheus drift alerts whose threshold the statistic cannot cross, at the alert', async () => {
    for (const [expr, reason] of [
      ['max(triage_input_topic_psi) > 1e9', 'triage_input_topic_psi is a population stability index: '],
      ['avg_over_time(feature_ks_statistic[1h]) > 1.5', 'feature_ks_statistic lies between 0 and 1, so it never crosses 1.5: it can never fire'],
      ['1.2 < max by (feature) (js_distance)', 'js_distance lies between 0 and 1, so it never crosses 1.2: it can never fire'],
      ['min(drift_p_value) < 0', 'a p-value lies between 0 and 1 and is never below 0: it can never fire']
    ] as const) {
      const [outcome, ...rest] = summary(await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': driftRule(expr) }))
      expect([expr, rest, outcome!.status, outcome!.at]).toEqual([expr, [], 'fail', 'sys/drift.yml:4'])
      expect(outcome!.message).toContain(`The drift monitor "TopicDrift" cannot alert, so it does not count: ${reason}`)
    }
  })

  it('passes Prometheus drift alerts with thresholds the statistic can cross, and does not judge what it cannot read', async () => {
    for (const expr of [
      'max(triage_input_topic_psi) > 0.2',
      'avg_over_time(feature_ks_statistic[1h]) > 0.3',
      'min(drift_p_value) < 0.05',
      // The compared value is computed, or its statistic's range is not known: its scale is not the statistic's.
      'sum(triage_input_topic_psi) > 3',
      'max(triage_input_topic_psi) * 100 > 25',
      'max(feature_wasserstein_distance) > 1e9'
    ]) {
      const outcomes = summary(await evaluateUnit(requirement, { 'sys/readiness.yml': DRIFT, 'sys/drift.yml': driftRule(expr) }))
      expect([expr, outcomes.map((o) => o.status)]).toEqual([expr, ['pass']])
    }
  })
})
