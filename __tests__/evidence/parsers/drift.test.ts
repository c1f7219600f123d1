import { describe, expect, it } from '@jest/globals'
import {
  alibiDetectConfigParser,
  driftParsers,
  evidentlyConfigParser,
  inertDriftMonitor,
  nannymlConfigParser,
  readinessDriftParser,
  whylogsConstraintsParser
} from '../../../src/evidence/parsers/drift.js'
import type { MonitoringEvidence, ParseResult } from '../../../src/evidence/types.js'
import { parseEvidence } from '../../../src/evidence/registry.js'
import { describeSamples, expectOwnFilesClaimed, FIXTURES, fixtureFiles, openFile, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<MonitoringEvidence>

describe("readiness-gate's drift file", () => {
  it('reads monitors with metric, features, threshold, window, route or owner, and binds the model version', async () => {
    expect(await parseFile<Result>(readinessDriftParser, FIXTURES, 'drift/readiness-drift.invoice-extractor.yaml')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'readiness-drift',
        timestamp: '2026-10-28',
        modelVersion: '2.3.0',
        modelVersionLine: 3,
        monitors: [
          {
            name: 'psi on amount, vendor_country, line_count',
            category: 'drift',
            metric: 'psi',
            threshold: 0.2,
            window: '7d',
            route: '#ml-oncall',
            severity: 'warning',
            line: 7
          },
          { name: 'prediction drift', category: 'drift', metric: 'js-distance', threshold: 0.1, window: '5000 predictions', route: '@alice', line: 13 },
          // A metric name the classifier does not know is still drift: the file declares drift monitors.
          {
            name: 'embedding-cosine-shift',
            category: 'drift',
            metric: 'embedding-cosine-shift',
            threshold: 0.15,
            window: '24h',
            route: 'ml-quality-pager',
            line: 19
          }
        ]
      }
    })
  })

  it('reads the JSON form', async () => {
    expect(await parseFile<Result>(readinessDriftParser, FIXTURES, 'drift/readiness-drift.json-form.json')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'readiness-drift',
        modelVersion: '1.4.2',
        modelVersionLine: 3,
        monitors: [
          { name: 'wasserstein on session_length', category: 'drift', metric: 'wasserstein', threshold: 0.3, window: '1w', route: '@org/ml-oncall', line: 5 }
        ]
      }
    })
  })

  it("keeps a monitor's runbook with its line", async () => {
    const file = [
      'kind: drift',
      'monitors:',
      '  - metric: psi',
      '    threshold: 0.2',
      '    window: 7d',
      '    route: "#ml-oncall"',
      '    runbook: ../runbooks/drift.md',
      '  - metric: js-distance',
      '    threshold: 0.1',
      '    window: 24h',
      '    owner: "@alice"',
      ''
    ].join('\n')
    const result = await parseText<Result>(readinessDriftParser, 'drift-runbook.yml', file)
    expect(result.ok ? result.evidence.monitors.map(({ runbook }) => runbook) : result).toEqual([{ url: '../runbooks/drift.md', line: 7 }, undefined])
  })

  it('fails a monitor with neither route nor owner at its line', async () => {
    expect(await parseFile<Result>(readinessDriftParser, FIXTURES, 'drift/readiness-drift.missing-route.yaml')).toEqual({
      ok: false,
      message: '"drift/readiness-drift.missing-route.yaml": monitors[1] needs "route" or "owner"',
      line: 7
    })
  })

  it('names a misspelled field rather than the field it misspells', async () => {
    expect(await parseFile<Result>(readinessDriftParser, FIXTURES, 'drift/readiness-drift.typo.yaml')).toEqual({
      ok: false,
      message: '"drift/readiness-drift.typo.yaml": monitors[0] has an unknown field "treshold"',
      line: 4
    })
  })

  const valid = 'kind: drift\nmonitors:\n  - metric: psi\n    threshold: 0.2\n    window: 7d\n    route: "#ml"\n'
  it.each([
    ['kind.yml', valid.replace('kind: drift', 'kind: drfit'), 'kind must be "drift"', 1],
    [
      'window.yml',
      valid.replace('window: 7d', 'window: a week'),
      'monitors[0].window "a week" is not in the expected form (a duration such as 30m, 24h, 7d or 2w, or a count such as 5000 predictions)',
      5
    ],
    ['threshold.yml', valid.replace('threshold: 0.2', 'threshold: "0.2"'), 'monitors[0].threshold must be a number (the value at which the monitor alerts)', 4],
    [
      'owner.yml',
      valid.replace('route: "#ml"', 'owner: alice'),
      'monitors[0].owner "alice" is not in the expected form (a GitHub user or team such as @alice or @org/ml-oncall)',
      6
    ],
    [
      'version.yml',
      `model-version: 2.10\n${valid}`,
      'model-version must be a string (the model version these monitors watch; quote it ("2.10") so YAML keeps it as text)',
      1
    ],
    ['date.yml', `date: 2026-02-30\n${valid}`, 'date "2026-02-30" is not a real date', 1],
    ['no-monitors.yml', 'kind: drift\nmonitors: []\n', 'monitors must list at least 1 item', 2],
    ['missing.yml', 'kind: drift\n', 'the file is missing "monitors"', 1],
    ['list.yml', '- kind: drift\n', 'must be a map of settings', 1],
    ['two.yml', `${valid}---\n${valid}`, 'holds more than one YAML document; put one per file', 8],
    ['broken.yml', 'kind: drift\nmonitors:\n  - metric: psi\n   threshold: 0.2\n', 'is not valid YAML', 4]
  ])('fails %s with a sentence at a line', async (name, content, message, line) => {
    const result = await parseText<Result>(readinessDriftParser, name, content)
    expect(result).toMatchObject({ ok: false, line })
    expect(!result.ok && result.message).toContain(message)
  })
})

describeSamples('drift tool configurations from real repositories', () => {
  it('reads the Evidently legacy CLI JSON config: tabs, drift_share and confidence', async () => {
    expect(await parseFile<Result>(evidentlyConfigParser, SAMPLES, 'drift/evidently/evidently-repo.legacy-cli.config.json')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'evidently-config',
        tool: 'evidently',
        monitors: [
          { name: 'data_drift', category: 'drift', metric: 'share of drifted features (per-feature tests at confidence 0.95)', threshold: 0.5, line: 9 },
          { name: 'cat_target_drift', category: 'drift', metric: 'categorical target drift', line: 11 }
        ],
        notes: ['an Evidently CLI config describes one report run: it names no schedule window and no alert route']
      }
    })
  })

  it('reads the Evidently legacy CLI YAML config: profile sections with options', async () => {
    expect(await parseFile<Result>(evidentlyConfigParser, SAMPLES, 'drift/evidently/evidently-repo.legacy-cli.config.yaml')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'evidently-config',
        tool: 'evidently',
        monitors: [{ name: 'data_drift', category: 'drift', metric: 'share of drifted features', threshold: 0.5, line: 7 }],
        notes: ['an Evidently CLI config describes one report run: it names no schedule window and no alert route']
      }
    })
  })

  it('reads the alibi-detect KSDrift config from its documentation: p_val is the threshold', async () => {
    expect(await parseFile<Result>(alibiDetectConfigParser, SAMPLES, 'drift/alibi-detect/config.ksdrift.from-docs-v0.11.4.toml')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'alibi-detect-config',
        tool: 'alibi-detect',
        monitors: [{ name: 'KSDrift', category: 'drift', metric: 'Kolmogorov-Smirnov test', threshold: 0.05, line: 1 }],
        notes: ["the detector flags drift when the test's p-value falls below p_val 0.05", 'an alibi-detect config names no schedule and no alert route']
      }
    })
  })

  it('reads whylogs constraints, counting range checks as data validation, not drift', async () => {
    expect(await parseFile<Result>(whylogsConstraintsParser, SAMPLES, 'drift/whylogs/whylogs-v0.7.9.constraints.json')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'whylogs-constraints',
        tool: 'whylogs',
        monitors: [
          { name: 'loan_amnt: value LT 548250', category: 'other', metric: 'loan_amnt value', threshold: 548250, line: 6 },
          { name: 'loan_amnt: value GT 2500.0', category: 'other', metric: 'loan_amnt value', threshold: 2500, line: 12 },
          { name: 'fico_range_high: value GT 4000', category: 'other', metric: 'fico_range_high value', threshold: 4000, line: 22 },
          { name: 'annual_inc: summary min GE 0/None', category: 'other', metric: 'annual_inc min', threshold: 0, line: 34 }
        ],
        notes: [
          'whylogs value and summary constraints check data ranges per profile; only distribution tests (ks_test, kl_divergence, chi_squared_test) count as drift monitors, and none names a window or an alert route'
        ]
      }
    })
  })
})

describe('drift tool configurations written to their documented form', () => {
  it('reads NannyML calculators: methods, constant thresholds, chunking; skips disabled ones', async () => {
    expect(await parseFile<Result>(nannymlConfigParser, FIXTURES, 'drift/nannyml-config.calculators.yaml')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'nannyml-config',
        tool: 'nannyml',
        monitors: [
          { name: 'feature drift: kolmogorov_smirnov', category: 'drift', metric: 'kolmogorov_smirnov', window: 'W (pandas period)', line: 10 },
          { name: 'feature drift: jensen_shannon', category: 'drift', metric: 'jensen_shannon', threshold: 0.1, window: 'W (pandas period)', line: 10 },
          { name: 'feature drift: chi2', category: 'drift', metric: 'chi2', window: 'W (pandas period)', line: 10 },
          { name: 'reconstruction_error', category: 'drift', metric: 'reconstruction_error', threshold: 1.25, window: '5000 rows', line: 31 },
          { name: 'cbpe: roc_auc', category: 'quality', metric: 'estimated roc_auc', threshold: 0.78, window: 'W (pandas period)', line: 40 },
          { name: 'cbpe: f1', category: 'quality', metric: 'estimated f1', window: 'W (pandas period)', line: 40 }
        ],
        notes: [
          '"feature drift" alerts at a number of standard deviations from the reference (thresholds.chi2), not at a fixed value',
          'calculator "missing_values" is disabled',
          'a NannyML configuration names no alert route'
        ]
      }
    })
  })

  it('reads the older NannyML form (column_mapping and chunker, default calculators)', async () => {
    const result = await parseFile<Result>(nannymlConfigParser, FIXTURES, 'drift/nannyml-config.column-mapping.yaml')
    expect(result).toMatchObject({
      ok: true,
      evidence: {
        monitors: [
          {
            name: 'univariate_drift',
            category: 'drift',
            metric: 'univariate drift of the mapped features (NannyML defaults)',
            window: 'D (pandas period)',
            line: 14
          }
        ]
      }
    })
    expect(result.ok && result.evidence.monitors[0]!.threshold).toBeUndefined()
  })

  it('fails a calculator type NannyML does not have', async () => {
    const result = await parseFile<Result>(nannymlConfigParser, FIXTURES, 'drift/nannyml-config.unknown-calculator.yaml')
    expect(result).toMatchObject({ ok: false, line: 5 })
    expect(!result.ok && result.message).toMatch(
      /^"drift\/nannyml-config.unknown-calculator.yaml": "drift_magic" is not a NannyML calculator type \(univariate_drift, /
    )
  })

  it.each([
    ['no-params.yml', 'calculators:\n  - type: univariate_drift\n', 'calculator "univariate_drift" needs params (NannyML requires them)', 2],
    [
      'threshold.yml',
      'calculators:\n  - type: reconstruction_error\n    params:\n      threshold:\n        type: fixed\n        upper: 2\n',
      'a NannyML threshold needs type: constant or type: standard_deviation',
      4
    ],
    ['metrics.yml', 'calculators:\n  - type: performance\n    params:\n      y_true: y\n', 'calculator "performance" lists no metrics', 3]
  ])('fails NannyML %s', async (name, content, message, line) => {
    const result = await parseText<Result>(nannymlConfigParser, name, content)
    expect(result).toMatchObject({ ok: false, line })
    expect(!result.ok && result.message).toContain(message)
  })

  it('reads an online alibi-detect detector: window size, no p-value', async () => {
    expect(await parseFile<Result>(alibiDetectConfigParser, FIXTURES, 'drift/alibi-detect-config.mmd-online.toml')).toEqual({
      ok: true,
      evidence: {
        kind: 'drift',
        format: 'alibi-detect-config',
        tool: 'alibi-detect',
        monitors: [{ name: 'MMDDriftOnline', category: 'drift', metric: 'maximum mean discrepancy (online)', window: '20 instances', line: 2 }],
        notes: ['online detector: its threshold is set by the expected run time (ert 150)', 'an alibi-detect config names no schedule and no alert route']
      }
    })
  })

  it.each([['alibi-detect-config.bad-pval.toml', 'p_val must be a number between 0 and 1, not 5', 3]])('fails %s', async (name, message, line) => {
    expect(await parseFile<Result>(alibiDetectConfigParser, FIXTURES, `drift/${name}`)).toEqual({ ok: false, message: `"drift/${name}": ${message}`, line })
  })

  it.each([
    ['bad.toml', 'name = "KSDrift"\np_val = = 0.05\n', '"bad.toml" is not valid TOML', 2],
    ['outlier.toml', 'name = "IForestDrift"\n', '"outlier.toml": "IForestDrift" is not an alibi-detect drift detector', 1],
    ['evidently.json', '{"data_format": {}, "dashboard_tabs": {"drift_magic": {}}}', '"evidently.json": "drift_magic" is not an Evidently section', 1],
    [
      'share.yaml',
      'data_format: {}\nprofile_sections:\n  - data_drift:\n      drift_share: 50\n',
      '"share.yaml": drift_share must be a fraction between 0 and 1, not 50',
      3
    ],
    ['whylogs.json', '{"valueConstraints": {"a": {"constraints": [{"name": "x", "value": 1}]}}}', '"whylogs.json": constraint 1 of a needs an op', 1]
  ])('fails %s', async (name, content, message, line) => {
    const parser = name.endsWith('.toml') ? alibiDetectConfigParser : name.startsWith('whylogs') ? whylogsConstraintsParser : evidentlyConfigParser
    const result = await parseText<Result>(parser, name, content)
    expect(result).toMatchObject({ ok: false, line })
    expect(!result.ok && result.message).toContain(message)
  })
})

describe('drift detection', () => {
  it('each drift parser claims exactly its own samples and fixtures, and no other format’s files', () => {
    expectOwnFilesClaimed(driftParsers)
  })
})

describe('drift monitors that cannot tell drift from none', () => {
  it.each([
    [{ metric: 'psi', threshold: 0.2, window: '7d' }, undefined],
    [{ metric: 'psi', threshold: 0.2, window: '0d' }, 'its window is 0d: it compares nothing'],
    [{ metric: 'psi', threshold: 0.2, window: '0' }, 'its window is 0: it compares nothing'],
    [{ metric: 'psi', threshold: 0.2, window: '10 samples' }, undefined],
    [{ metric: 'js-distance', threshold: 0.99, window: '24h' }, undefined],
    [{ metric: 'js-distance', threshold: 1, window: '24h' }, 'js-distance lies between 0 and 1, so it never crosses 1: it can never fire'],
    [{ metric: 'hellinger', threshold: 1.5, window: '24h' }, 'hellinger lies between 0 and 1, so it never crosses 1.5: it can never fire'],
    // PSI has no upper bound, but it is read on a 0–1 scale (0.25 is a major shift): past 1 an alert misses any real shift.
    [{ metric: 'psi', threshold: 1, window: '7d' }, undefined],
    [{ metric: 'psi', threshold: 1e9, window: '7d' }, expect.stringMatching(/^psi is a population stability index: .* alerting only above 1000000000 /)],
    // KL and Wasserstein have no known range: a large threshold is lax, not judged.
    [{ metric: 'kl_divergence', threshold: 1e9, window: '7d' }, undefined],
    [{ metric: 'wasserstein', threshold: 1e9, window: '7d' }, undefined],
    [{ metric: 'psi', threshold: -0.1, window: '7d' }, 'psi is 0 or more, so it is always above -0.1: it always fires'],
    [{ metric: 'wasserstein', threshold: -0.1, window: '7d' }, 'wasserstein is a drift statistic, 0 or more, so it is always above -0.1: it always fires'],
    [{ metric: 'ks-p-value', threshold: 0, window: '7d' }, 'a p-value lies between 0 and 1 and is never below 0: it can never fire'],
    [{ metric: 'ks-p-value', threshold: 1, window: '7d' }, 'a p-value lies between 0 and 1 and is always below 1: it always fires'],
    [{ metric: 'ks-p-value', threshold: 0.05, window: '7d' }, undefined]
  ])('%j: %s', (monitor, reason) => {
    expect(inertDriftMonitor(monitor)).toEqual(reason)
  })

  it('marks an inert monitor of a drift file, and no monitor of the real configurations', async () => {
    const text = 'kind: drift\nmonitors:\n  - metric: js-distance\n    threshold: 1.2\n    window: 7d\n    route: "#ml"\n'
    const result = await parseText<Result>(readinessDriftParser, 'unreachable.yml', text)
    expect(result.ok && result.evidence.monitors[0]!.inert).toBe('js-distance lies between 0 and 1, so it never crosses 1.2: it can never fire')
    // The drift file's own schema refuses a zero window outright.
    const zero = await parseText<Result>(readinessDriftParser, 'zero.yml', text.replace('7d', '0d'))
    expect(zero.ok).toBe(false)
    for (const file of fixtureFiles().filter((f) => f.startsWith('drift/'))) {
      const parsed = await parseEvidence(await openFile(FIXTURES, file), { kinds: ['drift'] })
      if (parsed.ok) expect([file, (parsed.evidence as MonitoringEvidence).monitors.filter((m) => m.inert).map((m) => m.inert)]).toEqual([file, []])
    }
  })
})
