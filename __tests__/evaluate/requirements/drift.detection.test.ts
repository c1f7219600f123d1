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
