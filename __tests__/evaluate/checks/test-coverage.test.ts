import { describe, expect, it } from '@jest/globals'
import { segmentCoverage } from '../../../src/evaluate/checks/test-coverage.js'
import requirement from '../../../src/evaluate/requirements/integration.tested.js'
import type { EvaluationCase, EvaluationEvidence, EvaluationSegment } from '../../../src/evidence/types.js'
import { evaluateUnit, manifest } from '../../support/requirement-unit.js'

const AT = { file: 'sys/readiness.yml', line: 7 }
const TOPICS = [
  { name: 'malformed', at: { file: 'sys/readiness.yml', line: 8 } },
  { name: 'missing', at: { file: 'sys/readiness.yml', line: 9 } }
]
const segment = (value: string, passed: number, failed = 0, errors = 0): EvaluationSegment => ({
  key: 'category',
  value,
  tests: passed + failed + errors,
  passed,
  failed,
  errors
})
const run = (segments: EvaluationSegment[], cases: EvaluationCase[] = []): EvaluationEvidence => ({
  kind: 'evaluation',
  format: 'promptfoo',
  metrics: [],
  segments,
  cases,
  tests: segments.reduce((sum, s) => sum + s.tests, 0),
  passed: segments.reduce((sum, s) => sum + s.passed, 0)
})
const judge = (evidence: EvaluationEvidence) => segmentCoverage(evidence, 'sys/eval.json', AT, TOPICS, 'edge-case category')

describe('segmentCoverage: each topic needs a passing case, and no case may fail or error', () => {
  it('passes when every topic has a passing case and no case failed', () => {
    const outcomes = judge(run([segment('malformed', 2), segment('missing', 1)]))
    expect(outcomes).toEqual([
      { status: 'pass', message: '2 edge-case categories covered; 3/3 cases passed in "sys/eval.json".', file: 'sys/readiness.yml', line: 7 }
    ])
  })

  it('fails an errored case at its row even when its category has passing cases', () => {
    // promptfoo writes failureReason 2 (an error: the provider or an assertion threw) as its own verdict.
    const cases: EvaluationCase[] = [
      { name: 'empty body', line: 12, status: 'passed' },
      { name: 'truncated body', line: 41, status: 'error', reason: 'provider timed out' }
    ]
    const outcomes = judge(run([segment('malformed', 2, 0, 1), segment('missing', 1)], cases))
    expect(outcomes).toEqual([
      {
        status: 'fail',
        message: 'Case "truncated body" errored: provider timed out.',
        file: 'sys/eval.json',
        line: 41,
        related: AT,
        hint: 'Fix what the case found, re-run the eval and link the new output.'
      }
    ])
  })

  it('names a failed case as failed, and puts a case without a line at the link', () => {
    const outcomes = judge(run([segment('malformed', 1, 1), segment('missing', 1)], [{ name: 'row 3', status: 'failed' }]))
    expect(outcomes.map((o) => [o.message, o.file, o.line])).toEqual([['Case "row 3" failed.', 'sys/readiness.yml', 7]])
  })

  it('counts failed and errored cases of a category with no passing case, and says how to fix each gap', () => {
    const outcomes = judge(run([segment('malformed', 0, 1, 2), segment('other', 3)]))
    expect(outcomes).toEqual([
      { status: 'fail', message: 'Edge-case category "malformed" has no passing case in "sys/eval.json" (3 cases failed or errored).', ...TOPICS[0]!.at },
      {
        status: 'fail',
        message: 'Edge-case category "missing" has no case in "sys/eval.json" (no test metadata names it).',
        ...TOPICS[1]!.at,
        hint: 'Add a test with metadata naming "missing".'
      }
    ])
  })

  it('fails an eval run that tags no case, with how to tag them', () => {
    expect(judge(run([]))).toEqual([
      {
        status: 'fail',
        message: 'The eval run "sys/eval.json" tags none of its cases with metadata, so no edge-case category can be found in it.',
        ...AT,
        hint: 'Tag each test with its edge-case category in the eval (promptfoo: metadata: { category: malformed }; DeepEval: additional_metadata) and re-run it.'
      }
    ])
  })
})

describe('coverage: a test report where nothing ran, or where tests failed', () => {
  const linked = manifest('evidence:\n  integration-tests:\n    file: it.xml\n    points: [billing]\n')
  const junit = (cases: string): string => `<?xml version="1.0"?>\n<testsuite name="integration" timestamp="2026-11-18T09:00:00">\n${cases}</testsuite>\n`

  it('fails a report whose every test was skipped, with how to fix it', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': linked,
      'sys/it.xml': junit('  <testcase name="billing charges a card"><skipped/></testcase>\n  <testcase name="billing refunds"><skipped/></testcase>\n')
    })
    expect(outcomes.map((o) => [o.status, o.message, o.hint])).toEqual([
      [
        'fail',
        'The integration test report "sys/it.xml" has 2 tests and every one was skipped: it shows nothing ran.',
        'Run the tests (not skipped) and link the new report.'
      ]
    ])
  })

  it.each([
    ['errored', '<error message="connection refused"/>', 'error', 'errored: connection refused'],
    ['failed', '<failure message="402 from the card API"/>', 'failed', 'failed: 402 from the card API']
  ])('does not call a report whose only test %s skipped: it lists the test at its line', async (_, result, status, told) => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': linked,
      'sys/it.xml': junit(`  <testcase name="billing charges a card">${result}</testcase>\n`)
    })
    expect(outcomes.map((o) => [o.status, o.message, `${o.file}:${o.line}`, o.hint])).toEqual([
      ['fail', `Integration point "billing" has no passing test in "sys/it.xml" (${status}).`, 'sys/readiness.yml:8', undefined],
      [
        'fail',
        `Test "integration › billing charges a card" ${told}.`,
        'sys/it.xml:3',
        'Fix the failing test (or what it found), re-run the suite and link the new report.'
      ]
    ])
  })

  it('says which test to add for a point no test names', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': linked,
      'sys/it.xml': junit('  <testcase name="search finds a ticket"/>\n')
    })
    expect(outcomes.map((o) => [o.message, o.hint])).toEqual([
      ['Integration point "billing" has no test in "sys/it.xml".', 'Add a test whose name contains "billing".']
    ])
  })
})
