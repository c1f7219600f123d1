import { describe, expect, it } from '@jest/globals'
import { prometheusParsers, prometheusRulesParser } from '../../../src/evidence/parsers/prometheus.js'
import { readPromql } from '../../../src/evidence/parsing/promql.js'
import { classifySignal } from '../../../src/evidence/parsing/signal-category.js'
import type { MonitoringEvidence, ParseResult } from '../../../src/evidence/types.js'
import { describeSamples, evidenceOf, expectOwnFilesClaimed, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<MonitoringEvidence>

describeSamples('Prometheus rule files from real repositories', () => {
  it('reads the ML platform alerts: metric, threshold, for: window, severity and category', async () => {
    const result = await parseFile<Result>(
      prometheusRulesParser,
      SAMPLES,
      'drift/prometheus-rules/AmmarHassona+ml-inference-platform.prometheus_alert_rules.yml'
    )
    expect(result).toEqual({
      ok: true,
      evidence: {
        kind: 'monitoring',
        format: 'prometheus-rules',
        tool: 'prometheus',
        monitors: [
          {
            name: 'PSIDrift',
            category: 'drift',
            because: 'it watches ml_psi_score',
            watches: ['ml_psi_score'],
            metric: 'ml_psi_score > 0.2',
            threshold: 0.2,
            window: '2m',
            severity: 'warning',
            line: 4
          },
          {
            name: 'EmbeddingDrift',
            category: 'drift',
            because: 'it watches ml_embedding_drift_score',
            watches: ['ml_embedding_drift_score'],
            metric: 'ml_embedding_drift_score > 0.3',
            threshold: 0.3,
            window: '2m',
            severity: 'warning',
            line: 13
          },
          {
            name: 'HighP95Latency',
            category: 'latency',
            because: 'it watches http_request_duration_seconds_bucket',
            watches: ['http_request_duration_seconds_bucket'],
            metric: 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 0.2',
            threshold: 0.2,
            window: '1m',
            severity: 'warning',
            line: 22
          },
          {
            // A 5xx rate is the service failing, not the model's outputs being wrong.
            name: 'HighErrorRate',
            category: 'availability',
            because: 'it selects status="5xx" (server errors)',
            watches: ['http_requests_total'],
            metric: 'rate(http_requests_total{status="5xx"}[5m]) / rate(http_requests_total[5m]) > 0.05',
            threshold: 0.05,
            window: '1m',
            severity: 'critical',
            line: 31
          }
        ]
      }
    })
  })

  it('reads Prometheus’ own rulefmt test file: block-scalar expressions, recording rules skipped', async () => {
    const result = await parseFile<Result>(prometheusRulesParser, SAMPLES, 'drift/prometheus-rules/prometheus-repo.rulefmt.test.yaml')
    const metric = 'sum without(instance) (rate(errors_total[5m])) / sum without(instance) (rate(requests_total[5m]))'
    expect(result).toEqual({
      ok: true,
      evidence: {
        kind: 'monitoring',
        format: 'prometheus-rules',
        tool: 'prometheus',
        // No comparison in the expression: no threshold.
        monitors: [5, 26, 40, 55].map((line) => ({
          name: 'HighErrors',
          category: 'availability',
          because: 'it watches errors_total',
          watches: ['errors_total', 'requests_total'],
          metric,
          window: '5m',
          severity: 'critical',
          line
        })),
        notes: ['2 recording rule(s) skipped: they compute series, they do not alert']
      }
    })
  })

  it('fails the file Prometheus refuses for calling rate() on an instant vector', async () => {
    expect(await parseFile<Result>(prometheusRulesParser, SAMPLES, 'drift/prometheus-rules/prometheus-repo.rulefmt.bad_expr.bad.yaml')).toEqual({
      ok: false,
      message:
        '"drift/prometheus-rules/prometheus-repo.rulefmt.bad_expr.bad.yaml": the expr of recording rule "yolo" calls rate() without a range; Prometheus needs one, e.g. rate(metric[5m])',
      line: 5
    })
  })

  it('fails the file Prometheus refuses for a recording rule with for:', async () => {
    expect(await parseFile<Result>(prometheusRulesParser, SAMPLES, 'drift/prometheus-rules/prometheus-repo.rulefmt.record_and_for.bad.yaml')).toEqual({
      ok: false,
      message:
        '"drift/prometheus-rules/prometheus-repo.rulefmt.record_and_for.bad.yaml": recording rule "Hello" sets for:, which only alerting rules take; Prometheus refuses the file',
      line: 6
    })
  })
})

describe('PrometheusRule resources', () => {
  // spec.groups of this fixture pass `promtool check rules` (Prometheus 2.42, Debian package).
  it('reads every alert of a PrometheusRule with its route label and category', async () => {
    const result = await parseFile<Result>(prometheusRulesParser, FIXTURES, 'monitoring/prometheus-rules.prometheusrule-invoice-extractor.yaml')
    expect(result.ok).toBe(true)
    const evidence = (result as { evidence: MonitoringEvidence }).evidence
    expect(evidence.notes).toEqual(['1 recording rule(s) skipped: they compute series, they do not alert'])
    expect(evidence.monitors.map(({ metric: _metric, watches: _watches, ...rest }) => rest)).toEqual([
      {
        name: 'FieldAccuracyLow',
        category: 'quality',
        because: 'it watches invoice_extractor_field_accuracy',
        threshold: 0.9,
        window: '30m',
        route: 'ml-oncall',
        severity: 'critical',
        line: 16
      },
      {
        name: 'HallucinatedFieldsHigh',
        category: 'quality',
        because: 'it watches invoice_extractor_hallucinated_fields_total',
        threshold: 0.02,
        window: '1h',
        route: '@alice',
        severity: 'warning',
        line: 24
      },
      {
        name: 'OutputSchemaViolations',
        category: 'quality',
        because: 'it watches invoice_extractor_output_validation_failures_total',
        threshold: 0.5,
        window: '15m',
        route: 'ml-quality-slack',
        severity: 'warning',
        line: 33
      },
      {
        name: 'ThumbsDownRateHigh',
        category: 'quality',
        because: 'it watches invoice_extractor_feedback_thumbs_down_total',
        threshold: 0.1,
        window: '2h',
        route: '#ml-feedback',
        severity: 'warning',
        line: 38
      },
      {
        name: 'FeatureDriftPSI',
        category: 'drift',
        because: 'it watches invoice_extractor_feature_psi',
        threshold: 0.2,
        window: '6h',
        route: 'ml-oncall',
        severity: 'warning',
        line: 48
      },
      {
        name: 'PredictionDistributionShift',
        category: 'drift',
        because: 'it watches invoice_extractor_prediction_js_divergence',
        threshold: 0.1,
        route: 'ml-oncall',
        line: 54
      },
      {
        name: 'LatencyP95High',
        category: 'latency',
        because: 'it watches http_request_duration_seconds_bucket',
        threshold: 0.8,
        window: '10m',
        route: 'platform',
        severity: 'critical',
        line: 60
      },
      {
        name: 'ServerErrorRateHigh',
        category: 'availability',
        because: 'it selects code=~"5.." (server errors)',
        threshold: 0.01,
        window: '5m',
        route: 'platform',
        severity: 'critical',
        line: 66
      },
      { name: 'ExtractorDown', category: 'availability', because: 'it watches up', threshold: 0, window: '2m', severity: 'critical', line: 72 },
      { name: 'MetricsMissing', category: 'availability', because: 'it watches up', window: '10m', line: 77 },
      { name: 'GpuMemoryHigh', category: 'resource', because: 'its name GpuMemoryHigh', threshold: 0.95, window: '15m', severity: 'warning', line: 80 },
      {
        name: 'TrafficDropped',
        category: 'traffic',
        because: 'it watches http_requests_total',
        threshold: 1,
        window: '30m',
        route: 'platform',
        severity: 'info',
        line: 85
      }
    ])
    expect(evidence.monitors[1]!.watches).toEqual(['invoice_extractor_hallucinated_fields_total', 'invoice_extractor_extracted_fields_total'])
    // The GPU metrics are no known signal: the alert's name says what it is about.
    expect(evidence.monitors[10]!.watches).toEqual(['DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE', 'kube_pod_labels'])
    expect(evidence.monitors[1]!.metric).toBe(
      'sum(rate(invoice_extractor_hallucinated_fields_total[1h])) / sum(rate(invoice_extractor_extracted_fields_total[1h])) > 0.02'
    )
  })

  it('reads the PrometheusRule among other resources of a multi-document file', async () => {
    expect(await parseFile<Result>(prometheusRulesParser, FIXTURES, 'monitoring/prometheus-rules.multi-document.yaml')).toEqual({
      ok: true,
      evidence: {
        kind: 'monitoring',
        format: 'prometheus-rules',
        tool: 'prometheus',
        monitors: [
          {
            name: 'ChurnModelPrecisionLow',
            category: 'quality',
            because: 'it watches churn_model_precision',
            watches: ['churn_model_precision'],
            metric: 'churn_model_precision{window="7d"} < 0.75',
            threshold: 0.75,
            window: '1d',
            route: 'retention-ml',
            severity: 'warning',
            line: 20
          }
        ],
        notes: ['1 other Kubernetes resource(s) in the file ignored (Service)']
      }
    })
  })

  it('fails an invalid for: duration at its line, as promtool does', async () => {
    expect(await parseFile<Result>(prometheusRulesParser, FIXTURES, 'monitoring/prometheus-rules.bad-for.yaml')).toEqual({
      ok: false,
      message: '"monitoring/prometheus-rules.bad-for.yaml": alert "AccuracyLow" has an invalid for: duration "5 minutes" (write it like 30s, 5m, 1h30m or 7d)',
      line: 6
    })
  })
})

describe('what a Prometheus alert says to do when it fires', () => {
  it('keeps the runbook_url annotation with its line, in a rule file and in a PrometheusRule', async () => {
    const rules = [
      'groups:',
      '  - name: quality',
      '    rules:',
      '      - alert: AnswerQualityLow',
      '        expr: avg_over_time(answer_eval_score[1h]) < 0.8',
      '        labels: { team: ml-ops }',
      '        annotations:',
      '          summary: Answer quality fell.',
      '          runbook_url: " runbooks/quality.md#first-checks "',
      '      - alert: NoRunbook',
      '        expr: avg_over_time(answer_eval_score[1h]) < 0.5',
      '        annotations:',
      '          summary: no runbook here',
      '      - alert: EmptyRunbook',
      '        expr: avg_over_time(answer_eval_score[1h]) < 0.4',
      '        annotations: { runbook_url: "" }',
      ''
    ].join('\n')
    const monitors = evidenceOf(await parseText<Result>(prometheusRulesParser, 'runbooks.yml', rules)).monitors
    expect(monitors.map(({ name, runbook, line }) => ({ name, runbook, line }))).toEqual([
      { name: 'AnswerQualityLow', runbook: { url: 'runbooks/quality.md#first-checks', line: 9 }, line: 4 },
      { name: 'NoRunbook', runbook: undefined, line: 10 },
      // An empty annotation links nothing.
      { name: 'EmptyRunbook', runbook: undefined, line: 14 }
    ])
    const resource = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: { name: quality }',
      'spec:',
      '  groups:',
      '    - name: quality',
      '      rules:',
      '        - alert: AnswerQualityLow',
      '          expr: avg_over_time(answer_eval_score[1h]) < 0.8',
      '          annotations:',
      '            runbook_url: https://runbooks.example.com/quality',
      ''
    ].join('\n')
    expect(evidenceOf(await parseText<Result>(prometheusRulesParser, 'resource.yml', resource)).monitors[0]!.runbook).toEqual({
      url: 'https://runbooks.example.com/quality',
      line: 11
    })
  })
})

describe('malformed Prometheus rule files', () => {
  it.each([
    ['empty.yml', '# nothing here\n', '"empty.yml" is empty', 1],
    ['broken.yml', 'groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: [unclosed\n', '"broken.yml" is not valid YAML', 6],
    ['no-groups.yml', 'groups: []\n', '"no-groups.yml" has no rule groups (groups: is an empty list)', 1],
    ['null-groups.yml', 'groups:\n', '"null-groups.yml" has no rule groups (groups: is null)', 1],
    ['other.yml', 'receivers:\n  - name: team\n', '"other.yml" has no rule groups; a Prometheus rules file is a map with groups: [{ name, rules: [...] }]', 1],
    ['list.yml', '- alert: X\n  expr: up == 0\n', '"list.yml" is not a Prometheus rules file: expected a map with groups:, found a list', 1],
    [
      'both.yml',
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        record: a\n        expr: up\n',
      '"both.yml": rule 1 of group "g" must set exactly one of alert: or record:',
      4
    ],
    ['neither.yml', 'groups:\n  - name: g\n    rules:\n      - expr: up\n', '"neither.yml": rule 1 of group "g" must set exactly one of alert: or record:', 4],
    ['no-expr.yml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        for: 5m\n', '"no-expr.yml": alert "A" has no expr:', 4],
    [
      'typo.yml',
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labells: {}\n',
      '"typo.yml": rule 1 of group "g" has an unknown field "labells"',
      6
    ],
    [
      'dup.yml',
      'groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n',
      '"dup.yml": group name "g" is repeated; Prometheus needs unique group names in a file',
      4
    ],
    ['unnamed.yml', 'groups:\n  - rules: []\n', '"unnamed.yml": rule group 1 has no name', 2],
    [
      'interval.yml',
      'groups:\n  - name: g\n    interval: 1 minute\n    rules: []\n',
      '"interval.yml": group "g" has an invalid interval: duration "1 minute" (write it like 30s, 5m, 1h30m or 7d)',
      3
    ],
    [
      'for-number.yml',
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5\n',
      '"for-number.yml": alert "A" has an invalid for: duration 5 (write it like 30s, 5m, 1h30m or 7d)',
      6
    ],
    [
      'labels.yml',
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels: [team]\n',
      '"labels.yml": labels of alert "A" must be a map of names to text',
      6
    ],
    [
      'unbalanced.yml',
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(x[5m]) > 1\n',
      '"unbalanced.yml": the expr of alert "A" does not parse as PromQL at column 20 (after "sum(rate(x[5m]) > 1")',
      5
    ],
    ['api.yml', 'apiVersion: v1\nkind: PrometheusRule\nspec:\n  groups: []\n', '"api.yml": a PrometheusRule needs apiVersion monitoring.coreos.com/v1', 1],
    [
      'nospec.yml',
      'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: x\n',
      '"nospec.yml": the PrometheusRule has no spec.groups',
      1
    ],
    [
      'deploy.yml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
      '"deploy.yml" is a Kubernetes Deployment, not a PrometheusRule (apiVersion monitoring.coreos.com/v1, kind PrometheusRule)',
      1
    ]
  ])('fails %s', async (name, content, message, line) => {
    const result = await parseText<Result>(prometheusRulesParser, name, content)
    expect(result).toMatchObject({ ok: false, line })
    expect(!result.ok && result.message).toContain(message)
  })

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'groups: [*d,*d,*d,*d,*d,*d,*d,*d,*d]'
    ].join('\n')
    const result = await parseText<Result>(prometheusRulesParser, 'bomb.yml', bomb)
    expect(result).toEqual({ ok: false, message: '"bomb.yml" expands too many aliases (over 100); refusing a possible alias bomb', line: 1 })
  })

  it('refuses bracket nesting deep enough to hurt the YAML parser', async () => {
    const deep = `groups:\n  - name: g\n    labels: ${'['.repeat(5000)}${']'.repeat(5000)}\n`
    expect(await parseText<Result>(prometheusRulesParser, 'deep.yml', deep)).toEqual({
      ok: false,
      message: '"deep.yml" nests brackets more than 64 levels deep',
      line: 3
    })
  })

  it('accepts the duration forms Prometheus accepts', async () => {
    for (const duration of ['0', '0s', '90s', '1h30m', '2w', '1y', '250ms', '1d12h']) {
      const result = await parseText<Result>(
        prometheusRulesParser,
        'ok.yml',
        `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: "${duration}"\n`
      )
      expect([duration, result.ok]).toEqual([duration, true])
    }
  })
})

describe('reading a PromQL expression with the Prometheus grammar', () => {
  const threshold = async (expr: string): Promise<number | undefined> => {
    const reading = await readPromql(expr)
    if (!reading.ok) throw new Error(reading.message)
    return reading.threshold
  }
  it.each([
    ['a > 0.05', 0.05],
    ['0.9 > a', 0.9],
    ['a > bool 0.5', 0.5],
    ['a == 0', 0],
    ['a > (0.5)', 0.5],
    ['a > 1e-3', 0.001],
    ['a{le=">5"} > 3', 3],
    ['sum by (x) (rate(a[5m])) / on(x) group_left sum by (x) (rate(b[5m])) >= 0.25', 0.25],
    ['x > 0.95 and on(pod) y', 0.95],
    ['y unless x < 0.3', 0.3],
    ['a > 5 * 60', 300],
    ['a > -1', -1],
    ['a > 1 and b > 2', undefined],
    ['a > b', undefined],
    ['a / b', undefined]
  ])('threshold of %s is %s', async (expr, expected) => {
    expect(await threshold(expr)).toBe(expected)
  })

  it.each([
    ['psi > 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['psi >= 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['0.2 < psi', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['0.2 >= psi', { threshold: 0.2, firesWhen: 'below', compared: 'psi' }],
    ['p_value <= 0.05', { threshold: 0.05, firesWhen: 'below', compared: 'p_value' }],
    ['max by (feature) (psi{model="triage"}) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['quantile(0.9, psi) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['topk(3, psi) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['avg_over_time(psi[1h]) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['max_over_time(max(psi)[1h:5m]) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['(psi offset 1h) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    ['psi > 0.2 and on() deploy_frozen == 0', { threshold: undefined, firesWhen: undefined, compared: undefined }],
    ['psi > 0.2 and on() up', { threshold: 0.2, firesWhen: 'above', compared: 'psi' }],
    // Computed values are not the metric's scale; == and bool comparisons fire on no side.
    ['sum(psi) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: undefined }],
    ['rate(psi[5m]) > 0.2', { threshold: 0.2, firesWhen: 'above', compared: undefined }],
    ['psi * 100 > 20', { threshold: 20, firesWhen: 'above', compared: undefined }],
    ['max(psi) / max(baseline) > 2', { threshold: 2, firesWhen: 'above', compared: undefined }],
    ['psi == 1', { threshold: 1, firesWhen: undefined, compared: 'psi' }],
    ['psi > bool 0.2', { threshold: 0.2, firesWhen: undefined, compared: 'psi' }]
  ])('%s compares %j', async (expr, expected) => {
    const reading = await readPromql(expr)
    if (!reading.ok) throw new Error(reading.message)
    expect({ threshold: reading.threshold, firesWhen: reading.firesWhen, compared: reading.compared }).toEqual(expected)
  })

  it.each([
    ['rate(hi)', 'calls rate() without a range; Prometheus needs one, e.g. rate(metric[5m])'],
    ['sum(increase(errors_total))', 'calls increase() without a range; Prometheus needs one, e.g. increase(metric[5m])'],
    ['avg_over_time(x)', 'calls avg_over_time() without a range; Prometheus needs one, e.g. avg_over_time(metric[5m])'],
    ['a{b="c"', 'does not parse as PromQL at column 8 (after "a{b="c"")'],
    ['a)', 'does not parse as PromQL at column 2 (after "a")'],
    ['sum(rate(x[5m])) >', 'does not parse as PromQL at column 19 (after "sum(rate(x[5m])) >")'],
    ['1 > 2', 'compares two numbers (1 > 2) without bool, which Prometheus refuses; a constant can never alert'],
    ['x[5m]', 'returns a range vector; an alert needs an instant vector or a scalar'],
    ['x > 1 and 1', 'uses "and" between a vector and a number; Prometheus allows set operators only between vectors']
  ])('%s: %s', async (expr, problem) => {
    expect(await readPromql(expr)).toEqual({ ok: false, message: problem })
  })

  it.each([
    ['rate(x[5m]) > 1', undefined],
    ['avg_over_time(x[1h:5m]) < 0.9', undefined],
    ['sum(rate(x{a="rate(b)"}[5m])) > 0', undefined],
    ['sum(rate(x[5m])) > 0 # rate(y) in a comment', undefined],
    ['absent(up{job="triage"})', undefined],
    ['vector(0) > 1', 'it selects no series: its value is a constant, whatever the system does'],
    ['vector(1)', 'it selects no series: its value is a constant, whatever the system does'],
    ['time() > bool 0', 'it selects no series: its value is a constant, whatever the system does'],
    ['accuracy < 0.9 and vector(0) > 1', 'it can never return a series: a constant part of it is always false'],
    ['accuracy < 0.9 or vector(0) > 1', undefined],
    ['accuracy < 0.9 unless vector(1) > 0', undefined],
    ['sum(vector(0) > 1) + accuracy < 1', 'it can never return a series: a constant part of it is always false'],
    // Contradictory equality matchers select nothing; a regular expression is not second-guessed.
    ['accuracy{job="a", job="b"} < 0.9', 'it can never return a series: its selector asks for job="a" and job="b" at once, which no series has'],
    ['accuracy{job="a", job!="a"} < 0.9', 'it can never return a series: its selector asks for job="a" and job!="a" at once, which no series has'],
    [
      'accuracy{__name__="latency"} < 0.9',
      'it can never return a series: its selector asks for __name__="accuracy" and __name__="latency" at once, which no series has'
    ],
    ['accuracy{job="a", job!="b"} < 0.9', undefined],
    ['accuracy{job="a", job=~"b"} < 0.9', undefined],
    // unless removes every series when matched against itself, or on() against an ever-present vector.
    ['accuracy < 0.9 unless accuracy < 0.9', 'it can never return a series: it removes every series it selects (the same expression on both sides of unless)'],
    ['accuracy < 0.9 unless on() vector(1)', 'it can never return a series: unless on() against a vector that is always there removes every series'],
    ['accuracy < 0.9 unless on() vector(0) > 1', undefined],
    ['accuracy < 0.9 unless on() deploy_frozen == 1', undefined],
    ['accuracy < 0.9 unless on(job) vector(1)', undefined],
    // A value that does not depend on the series: compared, it is always false or always true.
    ['accuracy * 0 > 1', 'it can never return a series: a constant part of it is always false'],
    ['0 * accuracy >= 0.5', 'it can never return a series: a constant part of it is always false'],
    ['accuracy ^ 0 < 0.9', 'it can never return a series: a constant part of it is always false'],
    ['accuracy - accuracy > 0', 'it can never return a series: a constant part of it is always false'],
    ['accuracy * 0 < 1', 'its value does not depend on what it reads (it is always 0), so it cannot tell a healthy system from a failing one'],
    ['accuracy / accuracy == 1', 'its value does not depend on what it reads (it is always 1), so it cannot tell a healthy system from a failing one'],
    ['accuracy * 1 < 0.9', undefined],
    // 1 < x * 0 keeps the vector's value (0), so comparing it again with 0.5 never holds.
    ['(1 > accuracy * 0) > 0.5', 'it can never return a series: a constant part of it is always false'],
    ['(1 > accuracy * 0) < 0.5', 'its value does not depend on what it reads (it is always 0), so it cannot tell a healthy system from a failing one'],
    ['accuracy - accuracy offset 1h > 0.1', undefined],
    ['accuracy < 0.9 unless accuracy < 0.9 offset 1d', undefined],
    ['accuracy / on(job) accuracy == 1', undefined]
  ])('%s never fires: %s', async (expr, reason) => {
    const reading = await readPromql(expr)
    expect(reading.ok).toBe(true)
    if (reading.ok) expect(reading.neverFires).toBe(reason)
  })

  it('lists the metrics and label matchers an expression selects', async () => {
    const reading = await readPromql(
      'sum(rate(http_requests_total{status=~"5..", job="triage"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05 and on() {__name__="deploy_frozen"} == 0'
    )
    if (!reading.ok) throw new Error(reading.message)
    expect(reading.metrics).toEqual(['http_requests_total', 'deploy_frozen'])
    expect(reading.matchers).toEqual([
      { name: 'status', op: '=~', value: '5..' },
      { name: 'job', op: '=', value: 'triage' }
    ])
    expect(reading.range).toBe('5m')
    const utf8 = await readPromql('{"triage.routing.accuracy", queue="billing"} < 0.9')
    expect(utf8.ok && utf8.metrics).toEqual(['triage.routing.accuracy'])
  })
})

describe('what an alert watches', () => {
  it.each([
    ['rate(http_requests_total{status="5xx"}[5m]) / rate(http_requests_total[5m]) > 0.05', 'availability'],
    ['sum(rate(http_requests_total{code=~"5.."}[5m])) > 1', 'availability'],
    ['sum(rate(inference_errors_total[5m])) > 0', 'availability'],
    ['probe_success == 0', 'availability'],
    ['sum(rate(model_output_errors_total[5m])) / sum(rate(model_outputs_total[5m])) > 0.05', 'quality'],
    ['llm_toxicity_rate > 0.01', 'quality'],
    ['avg(prediction_confidence) < 0.6', 'quality'],
    ['model_eval_score < 0.8', 'quality'],
    ['invalid_answers_total > 3', 'quality'],
    ['classifier_f1 < 0.8', 'quality'],
    ['nannyml_reconstruction_error > 1.2', 'drift'],
    ['feature_kolmogorov_smirnov_statistic > 0.1', 'drift'],
    ['wasserstein_distance > 0.1', 'drift'],
    ['rate(http_request_duration_seconds_count[5m]) < 1', 'traffic'],
    ['rate(x_duration_seconds_sum[5m]) / rate(x_duration_seconds_count[5m]) > 0.5', 'latency'],
    ['histogram_quantile(0.99, rate(llm_time_to_first_token_seconds_bucket[5m])) > 2', 'latency'],
    ['rate(process_cpu_seconds_total[5m]) > 0.9', 'resource'],
    ['container_memory_working_set_bytes > 1e9', 'resource'],
    ['unknown_metric > 3', 'other']
  ])('%s → %s', (expr, category) => {
    expect(classifySignal(expr)).toBe(category)
  })

  it('falls back to the alert name only when the expression says nothing', () => {
    expect(classifySignal('custom_metric > 3', 'DataDriftDetected')).toBe('drift')
    expect(classifySignal('up == 0', 'ModelAccuracyDrop')).toBe('availability')
  })
})

describe('Prometheus detection', () => {
  it('claims exactly the Prometheus rule samples and fixtures, and no other format’s files', () => {
    expect(prometheusParsers.map((parser) => parser.format)).toEqual(['prometheus-rules'])
    expectOwnFilesClaimed(prometheusParsers)
  })

  it('detects JSON rule files', () => {
    expect(prometheusRulesParser.detect({ relPath: 'rules.json', head: '{"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "up == 0"}]}]}' })).toBe(
      true
    )
    expect(prometheusRulesParser.detect({ relPath: 'x.json', head: '{"groups": [{"name": "g"}]}' })).toBe(false)
  })
})
