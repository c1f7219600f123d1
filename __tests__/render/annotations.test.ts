import { describe, expect, it } from '@jest/globals'
import { MAX_ANNOTATIONS, toAnnotations } from '../../src/render/annotations.js'
import { finding, manyFindingsReport, report, sampleReport, system } from '../support/report-fixtures.js'

const everyLine = { isRepoLine: () => true, rootPrefix: '' }

describe('toAnnotations', () => {
  it('annotates failures, then unverified claims, then waivers; never passing or not-required findings', () => {
    const mixed = report(
      [
        system('s', 'production', [
          finding('fairness.evaluation', 'waived', 'waived until 2027-01-31 by @frank', 'r.yml', 30),
          finding('signoff.security', 'pass', 'security sign-off by @sam (unverified: offline)', 'r.yml', 20, { verification: 'unverified' }),
          finding('owner.raci', 'pass', 'RACI complete', 'r.yml', 5),
          finding('lifecycle.retraining', 'not-required', 'not required', 'r.yml', 1),
          finding('drift.detection', 'fail', 'no drift config', 'r.yml', 12)
        ])
      ],
      { notices: [finding('policy.changed', 'pass', 'this PR changes the policy; it applies after merge', '.github/readiness-policy.yml', 1)] }
    )
    const plan = toAnnotations(mixed, everyLine)
    expect(plan.skipped).toBe(0)
    expect(plan.annotations.map((annotation) => [annotation.annotation_level, annotation.title, annotation.start_line])).toEqual([
      ['failure', 's: drift.detection', 12],
      ['warning', 'policy.changed', 1],
      ['warning', 's: signoff.security', 20],
      ['notice', 's: fairness.evaluation', 30]
    ])
    expect(plan.annotations[2]!.message).toBe('security sign-off by @sam (unverified: offline)')
  })

  it('points only at real lines: the finding’s place, else the related place, else no annotation', () => {
    const located = report([
      system('s', 'staging', [
        finding('load.production-volume', 'fail', 'the load test file does not exist', 'perf/k6.json', 1, { related: { file: 'readiness.yml', line: 17 } }),
        finding('drift.detection', 'fail', 'drift config line is past the end', 'readiness.yml', 400),
        finding('manifest.schema', 'fail', 'no line', 'readiness.yml', 0)
      ])
    ])
    const isRepoLine = (file: string, line: number) => file === 'readiness.yml' && line <= 40
    const plan = toAnnotations(located, { isRepoLine, rootPrefix: 'services/ml' })
    expect(plan.annotations.map((annotation) => `${annotation.path}:${annotation.start_line}-${annotation.end_line}`)).toEqual([
      'services/ml/readiness.yml:17-17'
    ])
    expect(plan.skipped).toBe(2)
  })

  it('keeps titles within 255 characters and messages within 64 KB', () => {
    const long = report([system('x'.repeat(300), 'pilot', [finding('owner.raci', 'fail', 'm'.repeat(100_000), 'a.yml', 1, { hint: 'h' })])])
    const [annotation] = toAnnotations(long, everyLine).annotations
    expect(Array.from(annotation!.title!)).toHaveLength(255)
    expect(annotation!.title!.endsWith('…')).toBe(true)
    expect(Buffer.byteLength(annotation!.message)).toBe(64_000)
  })

  it('caps the count and says how many findings went without an annotation', () => {
    const plan = toAnnotations(manyFindingsReport(MAX_ANNOTATIONS + 234), everyLine)
    expect(plan.annotations).toHaveLength(MAX_ANNOTATIONS)
    expect(plan.skipped).toBe(234)
    expect(plan.annotations[0]!.title).toBe('big-system: evidence.check-0')
  })

  it('does not annotate a sample report’s passing systems', () => {
    const plan = toAnnotations(sampleReport(), everyLine)
    expect(plan.annotations.every((annotation) => annotation.title!.startsWith('invoice-extractor: '))).toBe(true)
  })
})
