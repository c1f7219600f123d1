// Judging an evaluation's metrics against their targets, on evidence as the parsers give it: which
// target counts, which way a metric is better, and the failing cases listed under a failing metric.
import { describe, expect, it } from '@jest/globals'
import { judgeTargets } from '../../../src/evaluate/checks/evaluation-targets.js'
import type { EvalContext } from '../../../src/evaluate/context.js'
import type { Requirement } from '../../../src/evaluate/requirement.js'
import type { EvaluationCase, EvaluationEvidence, EvaluationMetric } from '../../../src/evidence/types.js'
import { evaluateUnit, manifest } from '../../support/requirement-unit.js'

const AT = { file: 'sys/readiness.yml', line: 7, column: 5 }

/** The evaluation context of a manifest linking `eval.json` with `targets` (YAML lines under `targets:`). */
async function contextWith(targets = ''): Promise<EvalContext> {
  let captured: EvalContext | undefined
  const capture = { evaluate: (ctx: EvalContext) => ((captured = ctx), Promise.resolve([])) } as unknown as Requirement
  const body = `evidence:\n  evaluation:\n    file: eval.json\n    source: production-sample\n${targets ? `    targets:\n${targets}` : ''}`
  await evaluateUnit(capture, { 'sys/readiness.yml': manifest(body) })
  return captured!
}

const metric = (name: string, value: number, extra: Partial<EvaluationMetric> = {}): EvaluationMetric => ({
  name,
  type: name,
  value,
  lowerIsBetter: false,
  ...extra
})
const evaluation = (metrics: EvaluationMetric[], extra: Partial<EvaluationEvidence> = {}): EvaluationEvidence => ({
  kind: 'evaluation',
  format: 'promptfoo',
  metrics,
  ...extra
})

async function judge(evidence: EvaluationEvidence, targets = '') {
  const { judged, outcomes } = judgeTargets(await contextWith(targets), evidence, 'sys/eval.json', ['evidence', 'evaluation'], AT)
  return { judged: judged.map(({ metric: m, target, ok }) => [m.name, target, ok]), outcomes }
}

describe('which target a metric is judged on', () => {
  it('takes the manifest target over the file’s own, and the file’s own where the manifest names none', async () => {
    const { judged } = await judge(evaluation([metric('accuracy', 0.8, { target: 0.9 }), metric('f1', 0.7, { target: 0.6 })]), '      accuracy: 0.75\n')
    expect(judged).toEqual([
      ['accuracy', 0.75, true],
      ['f1', 0.6, true]
    ])
  })

  it('names a metric by task/name only where the tool files it under a task', async () => {
    const tasked = evaluation([metric('accuracy', 0.8, { task: 'match' })])
    expect((await judge(tasked, '      match/accuracy: 0.7\n')).judged).toEqual([['accuracy', 0.7, true]])
    // A metric without a task has no task/ name, not even "undefined/".
    const { judged, outcomes } = await judge(evaluation([metric('accuracy', 0.8)]), '      undefined/accuracy: 0.7\n')
    expect(judged).toEqual([])
    expect(outcomes.map((o) => o.message)).toEqual([
      'The manifest sets a target for undefined/accuracy, but "sys/eval.json" has no such metric (it has accuracy).'
    ])
  })

  it('takes no target from a manifest value that is not a number (the schema refuses it too)', async () => {
    expect((await judge(evaluation([metric('accuracy', 0.8)]), '      accuracy: "0.5"\n')).judged).toEqual([])
  })

  it('judges a lower-is-better metric at most its target, and a higher-is-better one at least', async () => {
    const { judged } = await judge(
      evaluation([
        metric('error rate', 0.05, { lowerIsBetter: true, target: 0.05 }),
        metric('wer', 0.051, { lowerIsBetter: true, target: 0.05 }),
        metric('accuracy', 0.9, { target: 0.9 }),
        metric('recall', 0.899, { target: 0.9 })
      ])
    )
    expect(judged).toEqual([
      ['error rate', 0.05, true],
      ['wer', 0.05, false],
      ['accuracy', 0.9, true],
      ['recall', 0.9, false]
    ])
  })

  it('fails a run that did not finish, saying how to fix it', async () => {
    const { outcomes } = await judge(evaluation([metric('accuracy', 0.95, { target: 0.9 })], { status: 'error' }))
    expect(outcomes).toEqual([
      {
        status: 'fail',
        message: 'The evaluation run "sys/eval.json" ended with status "error", not success: its figures are not a finished run\'s.',
        ...AT,
        hint: 'Re-run the evaluation to the end and link the finished log.'
      }
    ])
  })
})

describe('the cases listed under a failing metric', () => {
  const failing = (index: number, extra: Partial<EvaluationCase> = {}): EvaluationCase => ({
    name: `case ${index}`,
    line: 100 + index,
    status: 'failed',
    reason: `wrong answer ${index}`,
    ...extra
  })
  const messages = (outcomes: { message: string }[]) => outcomes.map((o) => o.message)

  it('lists the failing metric at its line, pointing back at the manifest, then the cases the tool failed or that errored', async () => {
    const cases = [failing(1), failing(2, { status: 'error', reason: undefined }), failing(3, { status: 'passed' }), failing(4, { status: undefined })]
    const { outcomes } = await judge(evaluation([metric('pass rate', 0.5, { target: 0.9, line: 12 })], { cases }))
    expect(outcomes).toEqual([
      { status: 'fail', message: 'pass rate 0.5 < target 0.9 in "sys/eval.json".', file: 'sys/eval.json', line: 12, related: AT },
      {
        status: 'fail',
        message: 'Case "case 1" fails: wrong answer 1.',
        file: 'sys/eval.json',
        line: 101,
        related: AT,
        hint: 'Fix what the case shows, re-run the evaluation and link the new result.'
      },
      // Without a reason, the tool's status says what happened.
      expect.objectContaining({ message: 'Case "case 2" fails: error.', file: 'sys/eval.json', line: 102 })
    ])
  })

  it('lists a case by its own score where it has one, whatever the tool said of it', async () => {
    const cases = [
      failing(1, { status: 'passed', scores: { faithfulness: 0.4 } }),
      failing(2, { status: 'failed', scores: { faithfulness: 0.9 } }),
      failing(3, { scores: {} }),
      failing(4, { scores: { faithfulness: null } })
    ]
    const { outcomes } = await judge(evaluation([metric('faithfulness', 0.6, { target: 0.8 })], { cases }))
    expect(messages(outcomes)).toEqual([
      'faithfulness 0.6 < target 0.8 in "sys/eval.json".',
      'Case "case 1" fails: faithfulness 0.4 vs 0.8.',
      // A score that meets the target leaves the tool's own verdict to list it.
      'Case "case 2" fails: wrong answer 2.',
      'Case "case 3" fails: wrong answer 3.',
      'Case "case 4" fails: wrong answer 4.'
    ])
  })

  it('points a case inside an archive member at the manifest entry, naming the member', async () => {
    const { outcomes } = await judge(evaluation([metric('accuracy', 0.5, { target: 0.9 })], { cases: [failing(1, { member: 'samples/1.json' })] }))
    expect(outcomes[1]).toMatchObject({ message: 'Case "case 1" (samples/1.json) fails: wrong answer 1.', ...AT })
  })

  it('lists no cases under a metric that meets its target', async () => {
    const { outcomes } = await judge(evaluation([metric('accuracy', 0.95, { target: 0.9 })], { cases: [failing(1)] }))
    expect(outcomes).toEqual([])
  })

  it('lists ten cases and counts the rest: ten failing cases are all listed; of twelve, two are counted', async () => {
    const run = (count: number) =>
      judge(evaluation([metric('pass rate', 0.1, { target: 0.9 })], { cases: Array.from({ length: count }, (_, i) => failing(i + 1)) }))
    const ten = messages((await run(10)).outcomes)
    expect(ten).toHaveLength(11)
    expect(ten.at(-1)).toBe('Case "case 10" fails: wrong answer 10.')
    const twelve = (await run(12)).outcomes
    expect(messages(twelve).slice(10)).toEqual([
      'Case "case 10" fails: wrong answer 10.',
      '2 more failing cases in "sys/eval.json" (see `readiness-gate inspect sys/eval.json`).'
    ])
    expect(twelve.at(-1)).toMatchObject(AT)
  })
})
