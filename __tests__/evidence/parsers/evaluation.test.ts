import { describe, expect, it } from '@jest/globals'
import {
  evaluationParsers,
  hfEvalResultsParser,
  hfModelCardParser,
  isLowerBetter,
  modelCardToolkitParser,
  proportionKind,
  readinessEvaluationParser
} from '../../../src/evidence/parsers/evaluation.js'
import type { EvaluationEvidence, ParseResult } from '../../../src/evidence/types.js'
import { describeSamples, detectFile, evidenceOf, expectOwnFilesClaimed, FIXTURES, parseFile, parseText, SAMPLES } from './evidence-files.js'

type Result = ParseResult<EvaluationEvidence>

describe("readiness-gate's evaluation file", () => {
  it('reads dataset, metrics with targets (percent normalized), fairness groups and the model version', async () => {
    expect(await parseFile<Result>(readinessEvaluationParser, FIXTURES, 'evaluation/readiness-evaluation.production-sample.yaml')).toEqual({
      ok: true,
      evidence: {
        kind: 'evaluation',
        format: 'readiness-evaluation',
        timestamp: '2026-11-01',
        modelVersion: '2.3.0',
        modelVersionLine: 4,
        dataset: { name: 'invoices-2026-10', source: 'production-sample', productionSampled: true, size: 5000 },
        metrics: [
          { name: 'field-accuracy', type: 'field-accuracy', value: 0.94, lowerIsBetter: false, target: 0.9, proportion: 'whole', line: 12 },
          { name: 'document-f1', type: 'f1', value: 0.915, lowerIsBetter: false, percent: true, target: 0.9, line: 15 },
          { name: 'hallucinated-field-rate', type: 'hallucinated-field-rate', value: 0.012, lowerIsBetter: true, target: 0.02, proportion: 'whole', line: 19 },
          { name: 'manual-review-share', type: 'manual-review-share', value: 0.18, lowerIsBetter: true, target: 0.25, proportion: 'whole', line: 22 }
        ],
        fairness: [
          {
            metric: 'accuracy',
            groups: [
              { name: 'en', value: 0.95, samples: 3100 },
              { name: 'de', value: 0.93, samples: 1200 },
              { name: 'fr', value: 0.91, samples: 700 }
            ],
            proportion: 'whole',
            disparity: 0.04,
            threshold: 0.05,
            line: 26
          }
        ],
        notes: ['dataset "invoices-2026-10" was sampled from prod traffic 2026-10']
      }
    })
  })

  it('reads the JSON form with a list of fairness results and a stated disparity', async () => {
    expect(await parseFile<Result>(readinessEvaluationParser, FIXTURES, 'evaluation/readiness-evaluation.fairness-list.json')).toEqual({
      ok: true,
      evidence: {
        kind: 'evaluation',
        format: 'readiness-evaluation',
        timestamp: '2026-10-15T08:30:00Z',
        modelVersion: '0.9.1',
        modelVersionLine: 3,
        dataset: { name: 'loan-holdout-2026q3', source: 'holdout', productionSampled: false, split: 'test', size: 12000 },
        metrics: [
          { name: 'auc', type: 'auc', value: 0.87, lowerIsBetter: false, target: 0.85, line: 7 },
          { name: 'log-loss', type: 'log-loss', value: 0.31, lowerIsBetter: true, line: 8 }
        ],
        fairness: [
          {
            metric: 'selection-rate',
            groups: [
              { name: '18-25', value: 0.31 },
              { name: '26-40', value: 0.38 },
              { name: '41-65', value: 0.36 }
            ],
            proportion: 'whole',
            disparity: 0.07,
            threshold: 0.1,
            line: 11
          },
          {
            metric: 'true-positive-rate',
            groups: [
              { name: 'women', value: 0.82 },
              { name: 'men', value: 0.86 }
            ],
            // A share of the actual positives, whose number the dataset size does not give.
            proportion: 'subset',
            disparity: 0.05,
            threshold: 0.03,
            line: 21
          }
        ]
      }
    })
  })

  it('requires sampled-from when the dataset claims to be sampled from production', async () => {
    expect(await parseFile<Result>(readinessEvaluationParser, FIXTURES, 'evaluation/readiness-evaluation.sampled-from-missing.yaml')).toEqual({
      ok: false,
      message: '"evaluation/readiness-evaluation.sampled-from-missing.yaml": dataset is missing "sampled-from"',
      line: 2
    })
  })

  const valid = 'kind: evaluation\nmetrics:\n  - name: accuracy\n    value: 0.9\n'
  it.each([
    [
      'source.yml',
      `${valid}dataset:\n  name: x\n  source: prod\n`,
      'dataset.source must be one of "production-sample", "production-shadow", "holdout", "benchmark", "synthetic", "curated", "other"',
      7
    ],
    ['value.yml', valid.replace('value: 0.9', 'value: high'), 'metrics[0].value must be a number', 4],
    ['percent.yml', valid.replace('value: 0.9', 'value: 250'), 'metrics[0] accuracy 250 is neither a fraction (0..1) nor a percent (0..100)', 3],
    ['negative.yml', valid.replace('value: 0.9', 'value: -0.2'), 'metrics[0] accuracy cannot be negative (-0.2)', 3],
    ['one-group.yml', `${valid}fairness:\n  metric: accuracy\n  groups:\n    - name: a\n      value: 0.9\n`, 'fairness.groups must list at least 2 items', 7],
    ['no-metrics.yml', 'kind: evaluation\nmetrics: []\n', 'metrics must list at least 1 item', 2],
    ['date.yml', `date: 11/01/2026\n${valid}`, 'date "11/01/2026" is not in the expected form', 1],
    ['typo.yml', `${valid}    traget: 0.8\n`, 'metrics[0] has an unknown field "traget"', 5]
  ])('fails %s with a sentence at a line', async (name, content, message, line) => {
    const result = await parseText<Result>(readinessEvaluationParser, name, content)
    expect(result).toMatchObject({ ok: false, line })
    expect(!result.ok && result.message).toContain(message)
  })
})

describeSamples('Hugging Face model cards from huggingface_hub tests', () => {
  it('reads model-index metrics and the dataset they share', async () => {
    expect(await parseFile<Result>(hfModelCardParser, SAMPLES, 'hf-model-card/huggingface_hub-tests.sample_simple_model_index.md')).toEqual({
      ok: true,
      evidence: {
        kind: 'evaluation',
        format: 'hf-model-card',
        // The two results agree on the dataset but not the split, so no split is claimed.
        dataset: { name: 'Beans', type: 'beans' },
        metrics: [
          { name: 'accuracy', type: 'accuracy', value: 0.9, lowerIsBetter: false, proportion: 'whole', line: 21 },
          { name: 'f1', type: 'f1', value: 0.66, lowerIsBetter: false, line: 34 }
        ]
      }
    })
  })

  it('fails the invalid model-index (a result without a dataset) at that result', async () => {
    expect(await parseFile<Result>(hfModelCardParser, SAMPLES, 'hf-model-card/huggingface_hub-tests.sample_invalid_model_index.md')).toEqual({
      ok: false,
      message:
        '"hf-model-card/huggingface_hub-tests.sample_invalid_model_index.md": result 1 of model "my-cool-model" has no dataset; Hugging Face requires dataset.type and dataset.name (the Hub drops such results)',
      line: 15
    })
  })

  it('does not take a card without model-index as evaluation evidence', async () => {
    const relPath = 'hf-model-card/huggingface_hub-tests.sample_windows_line_breaks.md'
    expect(detectFile(hfModelCardParser, SAMPLES, relPath)).toBe(false)
    expect(await parseFile<Result>(hfModelCardParser, SAMPLES, relPath)).toEqual({
      ok: false,
      message: `"${relPath}" has no model-index in its metadata, so it states no evaluation results`,
      line: 1
    })
  })

  it('fails the specification templates, whose values are placeholders', async () => {
    for (const [parser, relPath] of [
      [hfModelCardParser, 'hf-model-card/hub-docs.modelcard.md.spec'],
      [hfEvalResultsParser, 'hf-model-card/hub-docs.eval_results.yaml.spec']
    ] as const) {
      const result = await parseFile<Result>(parser, SAMPLES, relPath)
      expect([relPath, result.ok]).toEqual([relPath, false])
    }
  })
})

describe('Hugging Face model cards and eval results', () => {
  it('reads a card with Windows line breaks, percent WER, a quoted value and two datasets', async () => {
    expect(await parseFile<Result>(hfModelCardParser, FIXTURES, 'evaluation/hf-model-card.asr-two-datasets-crlf.md')).toEqual({
      ok: true,
      evidence: {
        kind: 'evaluation',
        format: 'hf-model-card',
        metrics: [
          { name: 'Test WER on Common Voice 11.0 (French), test split', type: 'wer', value: 0.1462, lowerIsBetter: true, percent: true, line: 18 },
          { name: 'Test WER on MLS (French), test split', type: 'wer', value: 0.0987, lowerIsBetter: true, percent: true, line: 28 },
          { name: 'cer on MLS (French), test split', type: 'cer', value: 0.031, lowerIsBetter: true, line: 31 }
        ],
        notes: ['the results use 2 datasets; each metric names its dataset']
      }
    })
  })

  it('fails an accuracy that is neither a fraction nor a percent', async () => {
    expect(await parseFile<Result>(hfModelCardParser, FIXTURES, 'evaluation/hf-model-card.accuracy-too-large.md')).toEqual({
      ok: false,
      message: '"evaluation/hf-model-card.accuracy-too-large.md": accuracy 940 is neither a fraction (0..1) nor a percent (0..100)',
      line: 12
    })
  })

  it.each([
    ['no-front-matter.md', '# A model\n\nmodel-index: none\n', 'has no YAML front matter (a block between --- lines at the top) with a model-index', 1],
    ['unclosed.md', '---\nmodel-index:\n- name: x\n', 'has no YAML front matter', 1],
    ['bad-yaml.md', '---\nmodel-index:\n- name: x\n  results: [\n---\n', 'is not valid YAML', 4],
    ['not-list.md', '---\nmodel-index: great\n---\n', 'model-index must be a list of models with results', 2],
    [
      'no-task.md',
      '---\nmodel-index:\n- name: x\n  results:\n  - dataset: {type: a, name: A}\n    metrics: [{type: accuracy, value: 0.5}]\n---\n',
      'result 1 of model "x" has no task.type',
      5
    ],
    [
      'text-value.md',
      '---\nmodel-index:\n- name: x\n  results:\n  - task: {type: t}\n    dataset: {type: a, name: A}\n    metrics:\n    - type: accuracy\n      value: high\n---\n',
      'the value of metric accuracy is "high", not a number',
      9
    ]
  ])('fails model card %s', async (name, content, message, line) => {
    const result = await parseText<Result>(hfModelCardParser, name, content)
    expect(result).toMatchObject({ ok: false, line })
    expect(!result.ok && result.message).toContain(message)
  })

  it('reads eval_results.yaml: scores as written, the earliest date', async () => {
    expect(await parseFile<Result>(hfEvalResultsParser, FIXTURES, 'evaluation/hf-eval-results.benchmarks.yaml')).toEqual({
      ok: true,
      evidence: {
        kind: 'evaluation',
        format: 'hf-eval-results',
        timestamp: '2026-09-30',
        metrics: [
          { name: 'gpqa_diamond (Idavidrein/gpqa)', type: 'gpqa_diamond', value: 0.412, lowerIsBetter: false, line: 2 },
          { name: 'hle (cais/hle)', type: 'hle', value: 4.7, lowerIsBetter: false, line: 11 }
        ],
        notes: ["eval_results.yaml gives benchmark scores without their metric; values are kept as written (the benchmark's eval.yaml defines them)"]
      }
    })
  })

  it.each([
    ['no-task.yaml', '- dataset:\n    id: cais/hle\n  value: 3\n', 'result 1 needs dataset.task_id', 1],
    ['no-url.yaml', '- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 3\n  source:\n    name: logs\n', 'the source of result 1 needs a url', 5],
    ['date.yaml', '- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 3\n  date: yesterday\n', 'the date of result 1 is not an ISO 8601 date', 5],
    ['map.yaml', 'dataset:\n  id: x\n', 'eval_results.yaml must be a list of results', 1]
  ])('fails eval results %s', async (name, content, message, line) => {
    const result = await parseText<Result>(hfEvalResultsParser, name, content)
    expect(result).toMatchObject({ ok: false, line })
    expect(!result.ok && result.message).toContain(message)
  })
})

describeSamples('Model Card Toolkit', () => {
  it('reads overall metrics, sliced metrics as fairness groups, the version and its date', async () => {
    const result = await parseFile<Result>(modelCardToolkitParser, SAMPLES, 'fairness/model-card-toolkit.testdata.cats_vs_dogs_v0_0_2.json')
    expect(result.ok).toBe(true)
    const evidence = (result as { evidence: EvaluationEvidence }).evidence
    expect(evidence).toMatchObject({
      kind: 'evaluation',
      format: 'model-card-toolkit',
      tool: 'model-card-toolkit',
      timestamp: '2020-08-28',
      modelVersion: 'v1.0',
      modelVersionLine: 13,
      metrics: [{ name: 'accuracy', type: 'accuracy', value: 0.9781249761581421, lowerIsBetter: false, line: 47 }],
      notes: [
        'performance_metrics thresholds are the decision thresholds the metrics were computed at, not targets',
        'sliced metrics read as fairness groups: accuracy across cat, Dog'
      ]
    })
    expect(evidence.fairness).toHaveLength(1)
    const [fairness] = evidence.fairness!
    expect(fairness).toMatchObject({
      metric: 'accuracy',
      groups: [
        { name: 'cat', value: 0.9932885766029358 },
        { name: 'Dog', value: 0.9649122953414917 }
      ],
      line: 52
    })
    expect(fairness!.disparity).toBeCloseTo(0.0283762812614441, 10)
    // The toolkit's threshold (0.5) is a decision threshold, not a disparity limit.
    expect(fairness!.threshold).toBeUndefined()
  })
})

describe('percent or fraction', () => {
  it('divides by 100 only metrics bounded by 1 written above 1, targets included', async () => {
    const metrics = [
      ['accuracy', 94, 90],
      ['wer', 14.62, 20],
      ['pass@1', 45, undefined],
      ['hallucination-rate', 0.8, 2],
      ['perplexity', 12.3, undefined],
      ['compression-ratio', 1.6, undefined],
      ['frame-rate', 30, undefined]
    ] as const
    const yaml = `kind: evaluation\nmetrics:\n${metrics.map(([name, value, target]) => `  - name: "${name}"\n    value: ${value}\n${target === undefined ? '' : `    target: ${target}\n`}`).join('')}`
    const result = await parseText<Result>(readinessEvaluationParser, 'percent.yml', yaml)
    expect(
      result.ok && result.evidence.metrics.map(({ name, value, percent, target, lowerIsBetter }) => ({ name, value, percent, target, lowerIsBetter }))
    ).toEqual([
      { name: 'accuracy', value: 0.94, percent: true, target: 0.9, lowerIsBetter: false },
      { name: 'wer', value: 0.1462, percent: true, target: 0.2, lowerIsBetter: true },
      { name: 'pass@1', value: 0.45, percent: true, target: undefined, lowerIsBetter: false },
      // A value at or below 1 is a fraction; its target of 2 is a percent.
      { name: 'hallucination-rate', value: 0.8, percent: undefined, target: 0.02, lowerIsBetter: true },
      { name: 'perplexity', value: 12.3, percent: undefined, target: undefined, lowerIsBetter: true },
      { name: 'compression-ratio', value: 1.6, percent: undefined, target: undefined, lowerIsBetter: false },
      { name: 'frame-rate', value: 30, percent: undefined, target: undefined, lowerIsBetter: false }
    ])
  })
})

describe('metric direction', () => {
  it.each([
    ['wer', true],
    ['cer', true],
    ['loss', true],
    ['perplexity', true],
    ['error_rate', true],
    ['mean_absolute_error', true],
    ['rmse', true],
    ['accuracy', false],
    ['f1', false],
    ['exact_match', false],
    ['bleu', false],
    ['recall', false]
  ])('%s: lower is better = %s', (type, lower) => {
    expect(isLowerBetter(type)).toBe(lower)
  })
})

describe('evaluation detection', () => {
  it('each evaluation parser claims exactly its own samples and fixtures, and no other format’s files', () => {
    expectOwnFilesClaimed(evaluationParsers)
  })
})

describe('which metrics are proportions', () => {
  it.each([
    ['accuracy', 'whole'],
    ['routing-accuracy', 'whole'],
    ['exact_match', 'whole'],
    ['pass-rate', 'whole'],
    ['unsafe-reply-rate', 'whole'],
    ['selection-rate', 'whole'],
    ['manual-review-share', 'whole'],
    ['precision', 'subset'],
    ['recall', 'subset'],
    ['false_positive_rate', 'subset'],
    ['f1', undefined],
    ['roc_auc', undefined],
    ['bleu', undefined],
    ['wer', undefined],
    ['sample_rate', undefined],
    ['perplexity', undefined]
  ])('%s: %s', (type, kind) => {
    expect(proportionKind(type)).toBe(kind)
  })

  it("keeps a metric's own sample count (recall over the actual positives)", async () => {
    const text =
      'kind: evaluation\ndataset: { name: d, source: holdout, size: 5000 }\nmetrics:\n  - name: recall\n    value: 0.91\n    target: 0.9\n    samples: 240\n'
    const evidence = evidenceOf(await parseText<Result>(readinessEvaluationParser, 'recall.yml', text))
    expect(evidence.metrics[0]).toMatchObject({ name: 'recall', proportion: 'subset', samples: 240 })
  })
})
