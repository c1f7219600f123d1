import { describe, expect, it } from '@jest/globals'
import { encodeVerdict, readVerdictBlock, renderVerdictBlock, verdictDigest, type VerdictDigest } from '../../src/render/verdict-block.js'
import { finding, report, sampleReport, system } from '../support/report-fixtures.js'

describe('the machine-readable verdict', () => {
  it('round-trips what the fleet needs: stage, verdict, score, failing requirements, waivers, unverified claims, lapsing evidence, owners', () => {
    const source = sampleReport()
    const invoice = source.systems[0]!
    invoice.owners = { 'model-operations': '@alice' }
    Object.assign(
      invoice.findings.find((entry) => entry.rule === 'fairness.evaluation')!,
      { expires: '2027-01-31', verification: 'unverified' }
    )
    invoice.findings.find((entry) => entry.rule === 'success-metric')!.expires = '2027-02-10'
    const read = readVerdictBlock(`Some note for people.\n\n${renderVerdictBlock(source, 65_535)}`)
    expect(read.ok).toBe(true)
    const digest = (read as { digest: VerdictDigest }).digest
    expect(digest).toMatchObject({ format: 'readiness-gate/verdict', version: 1, detail: 'full', passed: false, totals: { systems: 3, ready: 2 } })
    expect(digest.systems[0]).toEqual({
      name: 'invoice-extractor',
      manifest: 'ai/invoice-extractor/readiness.yml',
      stage: 'production',
      owners: { 'model-operations': '@alice' },
      passed: false,
      score: [invoice.score.passed, invoice.score.required],
      failing: ['load.production-volume', 'signoff.legal', 'rollback.tested', 'adoption.training', 'drift.detection'],
      failingCount: 5,
      waivers: [{ requirement: 'fairness.evaluation', expires: '2027-01-31', verification: 'unverified' }],
      unverified: ['fairness.evaluation'],
      lapsing: [{ requirement: 'success-metric', expires: '2027-02-10' }]
    })
  })

  it('cannot be closed early by what a repository writes: <, > and & are JSON escapes', () => {
    const hostile = report([system('evil --> <script>alert(1)</script> &amp;', 'pilot', [finding('owner.model-operations', 'pass', 'ok', 'a.yml', 1)])])
    const block = renderVerdictBlock(hostile, 65_535)
    expect(block.indexOf('-->')).toBe(block.length - 3)
    expect(block.slice('<!-- '.length, -' -->'.length)).not.toMatch(/[<>&]/)
    const read = readVerdictBlock(block)
    expect(read.ok && read.digest.systems[0]!.name).toBe('evil --> <script>alert(1)</script> &amp;')
  })

  it('degrades to fit: systems without lists, then counts only, never over the budget', () => {
    const many = report(
      Array.from({ length: 200 }, (_, index) =>
        system(`system-${index}`, 'production', [
          ...Array.from({ length: 12 }, (_, rule) => finding(`requirement.number-${rule}`, 'fail', 'missing', `ai/s${index}/readiness.yml`, 3)),
          finding('fairness.evaluation', 'waived', 'waived', `ai/s${index}/readiness.yml`, 9, { expires: '2027-01-31', verification: 'verified' })
        ])
      )
    )
    const full = encodeVerdict(verdictDigest(many, 'full'))
    const systems = encodeVerdict(verdictDigest(many, 'systems'))
    expect(Buffer.byteLength(full)).toBeGreaterThan(65_535)
    expect(Buffer.byteLength(systems)).toBeLessThan(65_535)
    const fitted = renderVerdictBlock(many, 65_535)
    expect(fitted).toBe(systems)
    const read = readVerdictBlock(fitted)
    expect(read.ok && read.digest.detail).toBe('systems')
    expect(read.ok && read.digest.systems[199]).toMatchObject({
      name: 'system-199',
      failing: [],
      failingCount: 12,
      waivers: [{ requirement: 'fairness.evaluation', expires: '2027-01-31' }]
    })

    const counts = renderVerdictBlock(many, 2_000)
    expect(Buffer.byteLength(counts)).toBeLessThanOrEqual(2_000)
    const countsRead = readVerdictBlock(counts)
    expect(countsRead.ok && countsRead.digest).toMatchObject({ detail: 'counts', systems: [], totals: { systems: 200, ready: 0 } })
    expect(renderVerdictBlock(many, 100)).toBe('')
  })

  it('calls anything but a valid digest of its own version unreadable, and says why', () => {
    const valid = verdictDigest(sampleReport())
    const cases: Array<[string | null, RegExp]> = [
      [null, /no machine-readable verdict/],
      ['## 2 of 3 systems ready\n\nprose only', /no machine-readable verdict/],
      ['<!-- readiness-gate:verdict {"format":"readiness-gate/verdict"', /cut off/],
      ['<!-- readiness-gate:verdict {not json} -->', /not valid JSON/],
      ['<!-- readiness-gate:verdict {"format":"something-else","version":1} -->', /not a readiness-gate verdict/],
      [encodeVerdict({ ...valid, version: 2 as 1 }), /format version 2; this readiness-gate reads version 1/],
      [
        encodeVerdict({ ...valid, systems: [{ ...valid.systems[0]!, passed: 'yes' as unknown as boolean }] }),
        /malformed \(\/systems\/0\/passed must be boolean\)/
      ],
      [encodeVerdict({ ...valid, passed: true }), /contradicts itself/],
      [encodeVerdict({ ...valid, totals: { systems: 5, ready: 2 } }), /contradicts itself/]
    ]
    for (const [text, why] of cases) {
      const read = readVerdictBlock(text)
      expect(read.ok).toBe(false)
      expect(read.ok ? '' : read.why).toMatch(why)
    }
  })
})
