import { describe, expect, it } from '@jest/globals'
import { declaredAt } from '../../../src/evaluate/requirement.js'
import requirement from '../../../src/evaluate/requirements/incident.runbooks.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const LINKS = manifest('evidence:\n  monitoring:\n    file: monitoring/alerts.yml\n    date: 2026-11-12\n  drift:\n    file: monitoring/drift.yml\n')

/** An output-quality alert that counts (threshold, window, route), with `annotations` as given. */
const rules = (annotations = '          runbook_url: ../runbooks/quality.md\n'): string =>
  `groups:
  - name: triage
    rules:
      - alert: TriageRoutingAccuracyLow
        expr: avg_over_time(triage_routing_accuracy[1h]) < 0.9
        for: 1h
        labels:
          team: ml-ops
        annotations:
          summary: Routing accuracy fell below 90%.
${annotations}      - alert: TriageLatencyHigh
        expr: histogram_quantile(0.95, sum(rate(triage_request_duration_seconds_bucket[5m])) by (le)) > 0.8
        for: 10m
        labels:
          team: ml-ops
`
const DRIFT = `kind: drift
model-version: "4.1.0"
date: 2026-11-12
monitors:
  - metric: psi
    features: [ticket_topic]
    threshold: 0.2
    window: 7d
    route: "#ml-oncall"
    runbook: ../runbooks/drift.md
`
/** A runbook of `n` numbered steps under a title. */
const steps = (n: number): string =>
  `# Routing accuracy low\n\n${Array.from({ length: n }, (_, i) => `${i + 1}. Check the routing dashboard for queue ${i + 1}.`).join('\n')}\n`
const files = (alerts: string, quality: string | null = steps(3)): Record<string, string> => ({
  'sys/readiness.yml': LINKS,
  'sys/monitoring/alerts.yml': alerts,
  'sys/monitoring/drift.yml': DRIFT,
  'sys/runbooks/drift.md': steps(4),
  ...(quality === null ? {} : { 'sys/runbooks/quality.md': quality })
})
/** The runbook_url line of rules(): the alert is at line 4. */
const RUNBOOK_LINE = 'sys/monitoring/alerts.yml:11'

describe('incident.runbooks', () => {
  it('passes when every counted alert links a runbook in the repository with the policy’s steps (exactly the minimum)', async () => {
    const outcomes = await evaluateUnit(requirement, files(rules()))
    expect(summary(outcomes)).toEqual([
      {
        status: 'pass',
        message:
          'Each of the 2 alerts that count links a runbook with at least 3 steps: alert "TriageRoutingAccuracyLow" → ../runbooks/quality.md; drift monitor "psi on ticket_topic" → ../runbooks/drift.md.',
        at: 'sys/readiness.yml:6'
      }
    ])
  })

  it('fails a runbook one step short of the minimum, at the rule’s runbook_url line, with the figure and the rule', async () => {
    const outcomes = await evaluateUnit(requirement, files(rules(), steps(2)))
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The runbook of alert "TriageRoutingAccuracyLow": "sys/runbooks/quality.md" has only 2 steps (and 1 heading), where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ]).',
        at: RUNBOOK_LINE
      }
    ])
    expect(outcomes[0]!.related).toMatchObject({ file: 'sys/readiness.yml', line: 7 })
  })

  it('fails a runbook that is a title only', async () => {
    const outcomes = await evaluateUnit(requirement, files(rules(), '# Routing accuracy low\n'))
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The runbook of alert "TriageRoutingAccuracyLow": "sys/runbooks/quality.md" has 1 heading but no steps, where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ]).',
        at: RUNBOOK_LINE
      }
    ])
  })

  it('fails a runbook whose items only stand for steps not written yet, and passes one of real short steps', async () => {
    const stub = '# Routing accuracy low\n\n1. Check the routing dashboard.\n2. none yet\n3. n/a for now\n4. to be written\n'
    expect(summary(await evaluateUnit(requirement, files(rules(), stub)))).toEqual([
      {
        status: 'fail',
        message:
          'The runbook of alert "TriageRoutingAccuracyLow": "sys/runbooks/quality.md" has only 1 step (and 3 placeholder items, 1 heading), where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ]).',
        at: RUNBOOK_LINE
      }
    ])
    const short = '# Routing accuracy low\n\n1. Ack the page.\n2. Roll back.\n3. None of it helps? Page @ml-lead.\n'
    expect((await evaluateUnit(requirement, files(rules(), short))).map((o) => o.status)).toEqual(['pass'])
  })

  it('fails an empty runbook and a missing one', async () => {
    expect(summary(await evaluateUnit(requirement, files(rules(), '')))).toEqual([
      {
        status: 'fail',
        message: 'The runbook of alert "TriageRoutingAccuracyLow": "sys/runbooks/quality.md" is empty.',
        at: RUNBOOK_LINE
      }
    ])
    expect(summary(await evaluateUnit(requirement, files(rules(), null)))).toEqual([
      { status: 'fail', message: 'The runbook of alert "TriageRoutingAccuracyLow": "sys/runbooks/quality.md" does not exist.', at: RUNBOOK_LINE }
    ])
  })

  it('fails a counted alert with no runbook_url annotation at the alert’s line, and not the uncounted latency alert', async () => {
    const outcomes = await evaluateUnit(requirement, files(rules('')))
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message: 'The alert "TriageRoutingAccuracyLow" has no `runbook_url` annotation: whoever it pages is not told what to do.',
        at: 'sys/monitoring/alerts.yml:4'
      }
    ])
    expect(outcomes[0]!.hint).toMatch(/^Add `annotations: \{ runbook_url: <path> \}`/)
  })

  it('fails a drift file monitor with no runbook:, at the monitor', async () => {
    const outcomes = await evaluateUnit(requirement, {
      ...files(rules()),
      'sys/monitoring/drift.yml': DRIFT.replace('    runbook: ../runbooks/drift.md\n', '')
    })
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message: 'The drift monitor "psi on ticket_topic" has no `runbook` field: whoever it pages is not told what to do.',
        at: 'sys/monitoring/drift.yml:5'
      }
    ])
  })

  it('fails closed on a runbook outside the repository: a URL elsewhere cannot be read here', async () => {
    const outcomes = await evaluateUnit(requirement, files(rules('          runbook_url: https://wiki.example.com/ml/triage-accuracy\n')))
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message:
          'The alert "TriageRoutingAccuracyLow" links its runbook outside the repository (https://wiki.example.com/ml/triage-accuracy): the gate reads only files in the repository, so it cannot tell the runbook has steps.',
        at: RUNBOOK_LINE
      }
    ])
  })

  it('refuses a path that escapes the repository, as every evidence path', async () => {
    const outcomes = await evaluateUnit(requirement, files(rules('          runbook_url: ../../../../etc/passwd\n')))
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message: 'The runbook of alert "TriageRoutingAccuracyLow": "../../../../etc/passwd": the path "../../../../etc/passwd" points outside the repository.',
        at: RUNBOOK_LINE
      }
    ])
  })

  it('reads a path from the repository root after a leading /, and ignores a #fragment', async () => {
    const outcomes = await evaluateUnit(requirement, files(rules('          runbook_url: /sys/runbooks/quality.md#first-checks\n')))
    expect(outcomes.map((o) => o.status)).toEqual(['pass'])
    const missing = await evaluateUnit(requirement, files(rules('          runbook_url: /runbooks/quality.md\n')))
    expect(summary(missing)).toEqual([
      { status: 'fail', message: 'The runbook of alert "TriageRoutingAccuracyLow": "runbooks/quality.md" does not exist.', at: RUNBOOK_LINE }
    ])
  })

  it('fails when no alert counts: nothing says what to do when one fires', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('evidence:\n  rollback:\n    plan: x.md\n') })
    expect(outcomes.map((o) => [o.status, o.message])).toEqual([
      ['fail', 'No output-quality or drift alert counts yet (see monitoring.output-quality and drift.detection), so none says what to do when it fires.']
    ])
  })
})

describe('incident.runbooks: what the messages say', () => {
  /** Prometheus rules of `n` counted output-quality alerts, each linking the quality runbook. */
  const counted = (n: number): string =>
    `groups:\n  - name: triage\n    rules:\n${Array.from(
      { length: n },
      (_, i) =>
        `      - alert: Accuracy${i + 1}\n        expr: triage_accuracy < 0.9\n        for: 1h\n        labels:\n          team: ml-ops\n        annotations:\n          runbook_url: ../runbooks/quality.md\n`
    ).join('')}`
  const monitoringOnly = (alerts: string): Record<string, string> => ({
    'sys/readiness.yml': manifest('evidence:\n  monitoring:\n    file: monitoring/alerts.yml\n    date: 2026-11-12\n'),
    'sys/monitoring/alerts.yml': alerts,
    'sys/runbooks/quality.md': steps(3)
  })

  it('names one alert, four, and four then how many more', async () => {
    expect((await evaluateUnit(requirement, monitoringOnly(counted(1))))[0]!.message).toBe(
      'The alert that counts links a runbook with at least 3 steps: alert "Accuracy1" → ../runbooks/quality.md.'
    )
    const four = (await evaluateUnit(requirement, monitoringOnly(counted(4))))[0]!.message
    expect(four).toMatch(
      /^Each of the 4 alerts that count links a runbook with at least 3 steps: alert "Accuracy1" .*; alert "Accuracy4" → \.\.\/runbooks\/quality\.md\.$/
    )
    expect((await evaluateUnit(requirement, monitoringOnly(counted(5))))[0]!.message).toMatch(/alert "Accuracy4" → \.\.\/runbooks\/quality\.md; and 1 more\.$/)
  })

  it('reads a path with a colon in it as a path, not a URL', async () => {
    const files = { ...monitoringOnly(counted(1).replace('../runbooks/quality.md', '../runbooks/db:restore.md')), 'sys/runbooks/db:restore.md': steps(3) }
    expect((await evaluateUnit(requirement, files)).map((o) => o.status)).toEqual(['pass'])
  })

  it('fails a templated runbook URL as one it cannot resolve, cut to 120 characters', async () => {
    const template = `{{ $labels.runbook_base }}/${'x'.repeat(150)}`
    const outcomes = await evaluateUnit(requirement, monitoringOnly(counted(1).replace('../runbooks/quality.md', `"${template}"`)))
    expect(summary(outcomes)).toEqual([
      {
        status: 'fail',
        message: `The alert "Accuracy1" names its runbook through a template (${template.slice(0, 120)}), which the gate cannot resolve to a file.`,
        at: 'sys/monitoring/alerts.yml:10'
      }
    ])
    expect(outcomes[0]!.hint).toBe('Link the runbook by a plain path in the repository.')
  })

  it('cuts a long URL elsewhere to 120 characters', async () => {
    const url = `https://wiki.example.com/${'ml/'.repeat(60)}`
    const outcomes = await evaluateUnit(requirement, monitoringOnly(counted(1).replace('../runbooks/quality.md', url)))
    expect(outcomes[0]!.message).toBe(
      `The alert "Accuracy1" links its runbook outside the repository (${url.slice(0, 120)}): the gate reads only files in the repository, so it cannot tell the runbook has steps.`
    )
  })

  it('tells a drift file monitor without a runbook to add the runbook field', async () => {
    const outcomes = await evaluateUnit(requirement, {
      ...files(rules()),
      'sys/monitoring/drift.yml': DRIFT.replace('    runbook: ../runbooks/drift.md\n', '')
    })
    expect(outcomes[0]!.hint).toBe('Add `runbook: <path>` to the monitor, linking a runbook in the repository (a path from this file) with numbered steps.')
  })
})

describe('incident.runbooks: where it is declared', () => {
  it('names both keys whose alerts it judges, as explain and docs/requirements.md show them', () => {
    // It reads the alerts of evidence.drift as well as evidence.monitoring: naming only the first sent users to the wrong key.
    expect(declaredAt(requirement)).toBe('evidence.monitoring and evidence.drift')
  })
})
