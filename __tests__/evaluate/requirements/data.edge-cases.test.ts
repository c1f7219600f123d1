import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import requirement from '../../../src/evaluate/requirements/data.edge-cases.js'
import { evaluateUnit, exampleFile, manifest, summary } from '../../support/requirement-unit.js'
import { describeSamples, SAMPLES } from '../../support/samples.js'

const edgeCases = (categories = ''): string => manifest(`evidence:\n  edge-cases:\n    file: edge-cases.xml\n${categories}`)
const REPORT = { 'sys/edge-cases.xml': exampleFile('reports/edge-cases.xml') }
const WITHOUT_ADVERSARIAL = `<?xml version="1.0"?>
<testsuite name="edge cases" tests="3" timestamp="2026-11-18T09:00:00">
  <testcase classname="edge" name="malformed: truncated JSON body"/>
  <testcase classname="edge" name="missing: empty subject"/>
  <testcase classname="edge" name="out of distribution: a ticket in Klingon"/>
</testsuite>
`

describe('data.edge-cases', () => {
  it('passes the four default categories when each has a passing test', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': edgeCases(), ...REPORT })
    expect(summary(outcomes)).toEqual([
      { status: 'pass', message: '4 edge-case categories covered; 8/8 tests passed in "sys/edge-cases.xml".', at: 'sys/readiness.yml:7' }
    ])
  })

  it('fails a default category with no test, at the entry', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': edgeCases(), 'sys/edge-cases.xml': WITHOUT_ADVERSARIAL })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Edge-case category "adversarial" has no test in "sys/edge-cases.xml".', at: 'sys/readiness.yml:6' }
    ])
  })

  it('judges the categories the manifest lists instead, each at its line', async () => {
    const outcomes = await evaluateUnit(requirement, {
      'sys/readiness.yml': edgeCases('    categories: [malformed, unicode]\n'),
      'sys/edge-cases.xml': WITHOUT_ADVERSARIAL
    })
    expect(summary(outcomes)).toEqual([
      { status: 'fail', message: 'Edge-case category "unicode" has no test in "sys/edge-cases.xml".', at: 'sys/readiness.yml:8' }
    ])
  })
})

describe('data.edge-cases from an eval run whose cases carry their category in test metadata (promptfoo)', () => {
  const EVAL = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/evidence/promptfoo/promptfoo-eval.edge-cases.json'), 'utf8')
  const linked = (categories = ''): string => manifest(`evidence:\n  edge-cases:\n    file: edge-cases.json\n${categories}`)
  const AFTER_RUN = { now: new Date('2026-12-02T00:00:00Z') }

  it('finds each category in the metadata and fails the case that failed, at its row', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': linked(), 'sys/edge-cases.json': EVAL }, AFTER_RUN)
    const failing = summary(outcomes)
    expect(failing).toHaveLength(1)
    expect(failing[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/^Case "shipping to the moon" failed: /) })
    expect(failing[0]!.at).toMatch(/^sys\/edge-cases\.json:\d+$/)
  })

  it('passes when every case passed, and fails a category no case is tagged with', async () => {
    const fixed = JSON.parse(EVAL) as { results: { results: { success: boolean; failureReason: number; gradingResult: { pass: boolean } }[] } }
    for (const row of fixed.results.results) Object.assign(row, { success: true, failureReason: 0, gradingResult: { ...row.gradingResult, pass: true } })
    const passing = JSON.stringify(fixed, null, 2)
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': linked(), 'sys/edge-cases.json': passing }, AFTER_RUN))).toEqual([
      { status: 'pass', message: '4 edge-case categories covered; 5/5 cases passed in "sys/edge-cases.json".', at: 'sys/readiness.yml:7' }
    ])
    const unicode = await evaluateUnit(
      requirement,
      { 'sys/readiness.yml': linked('    categories: [malformed, unicode]\n'), 'sys/edge-cases.json': passing },
      AFTER_RUN
    )
    expect(summary(unicode)).toEqual([
      { status: 'fail', message: 'Edge-case category "unicode" has no case in "sys/edge-cases.json" (no test metadata names it).', at: 'sys/readiness.yml:8' }
    ])
  })

  it('fails an eval whose cases carry no metadata', async () => {
    const untagged = EVAL.replace(/"category": "[^"]*"/g, '"_note": "x"')
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': linked(), 'sys/edge-cases.json': untagged }, AFTER_RUN))[0]!.message).toBe(
      'The eval run "sys/edge-cases.json" tags none of its cases with metadata, so no edge-case category can be found in it.'
    )
  })
})

describeSamples('data.edge-cases from a DeepEval run whose cases carry their category in additionalMetadata', () => {
  // Cases built on the real DeepEval latest_test_run.json (its structure and metrics), each tagged with a category.
  const real = JSON.parse(readFileSync(path.join(SAMPLES, 'llm/deepeval/beeai-framework.latest_test_run.json'), 'utf8')) as {
    testRunData: { testCases: Record<string, unknown>[] }
  }
  const template = real.testRunData.testCases[0]!
  const run = (failing: string | undefined): string => {
    const cases = ['malformed', 'missing', 'out-of-distribution', 'adversarial'].map((category) => ({
      ...template,
      name: `${category} input`,
      additionalMetadata: { category },
      metricsData: (template.metricsData as Record<string, unknown>[]).map((metric) => ({ ...metric, score: 1, success: category !== failing }))
    }))
    return JSON.stringify({ testRunData: { ...real.testRunData, testCases: cases } }, null, 2)
  }
  const linked = manifest('evidence:\n  edge-cases:\n    file: deepeval.json\n    date: 2026-11-20\n')

  it('passes when each category has a passing case, and fails a failing one at its case', async () => {
    expect(summary(await evaluateUnit(requirement, { 'sys/readiness.yml': linked, 'sys/deepeval.json': run(undefined) }))).toEqual([
      { status: 'pass', message: '4 edge-case categories covered; 4/4 cases passed in "sys/deepeval.json".', at: 'sys/readiness.yml:7' }
    ])
    const outcomes = summary(await evaluateUnit(requirement, { 'sys/readiness.yml': linked, 'sys/deepeval.json': run('missing') }))
    expect(outcomes.map((o) => o.message)).toEqual([
      'Edge-case category "missing" has no passing case in "sys/deepeval.json" (1 case failed or errored).',
      expect.stringMatching(/^Case "missing input" failed: /)
    ])
    expect(outcomes[1]!.at).toMatch(/^sys\/deepeval\.json:\d+$/)
  })
})
