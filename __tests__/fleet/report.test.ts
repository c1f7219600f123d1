// The fleet report built from observations, and its markdown and HTML: totals, the expiring window,
// counts-only verdicts, size limits at organization scale, and hostile names rendered inert.
import { describe, expect, it } from '@jest/globals'
import { renderFleetHtml } from '../../src/fleet/html.js'
import { ISSUE_BODY_MAX_BYTES, renderFleetMarkdown } from '../../src/fleet/markdown.js'
import { buildFleetReport, type RepoObservation } from '../../src/fleet/model.js'
import { verdictDigest, type VerdictDigest } from '../../src/render/verdict-block.js'
import { finding, report, system } from '../support/report-fixtures.js'

const NOW = new Date('2026-12-01T08:00:00Z')
const SETTINGS = { checkName: 'readiness-gate', staleAfterDays: 7, expiringWithinDays: 30 }

function evaluated(name: string, digest: VerdictDigest, extra: Partial<RepoObservation> = {}): RepoObservation {
  return {
    name,
    url: `https://github.com/acme/${name}`,
    defaultBranch: 'main',
    archived: false,
    state: 'evaluated',
    checkRun: { id: 1, headSha: 'a'.repeat(40), completedAt: '2026-12-01T06:00:00Z', conclusion: digest.passed ? 'success' : 'failure' },
    digest,
    required: { status: 'required', by: ['ruleset 1 (organization acme)'] },
    ...extra
  }
}

function build(repositories: RepoObservation[]) {
  return buildFleetReport({
    organization: 'acme',
    now: NOW,
    settings: SETTINGS,
    repositories,
    partial: null,
    requests: { sent: 0, notModified: 0 },
    toolVersion: 'test'
  })
}

describe('the fleet report', () => {
  it('lists waivers and evidence lapsing within the window, today included, and nothing past it', () => {
    const lapsing = (rule: string, expires: string, status: 'pass' | 'waived') =>
      finding(rule, status, 'ok', 'ai/x/readiness.yml', 3, { expires, verification: 'verified' })
    const digest = verdictDigest(
      report([
        system('x', 'production', [
          lapsing('rollback.tested', '2026-12-01', 'waived'),
          lapsing('load.production-volume', '2026-12-31', 'pass'),
          lapsing('drift.detection', '2027-01-01', 'pass'),
          lapsing('signoff.legal', '2026-12-15', 'waived')
        ])
      ])
    )
    const built = build([evaluated('svc', digest)])
    expect(built.expiring.map((item) => [item.kind, item.requirement, item.daysLeft])).toEqual([
      ['waiver', 'rollback.tested', 0],
      ['waiver', 'signoff.legal', 14],
      ['evidence', 'load.production-volume', 30]
    ])
    expect(renderFleetMarkdown(built)).toContain('| 2026-12-01 | **today** | [svc](https://github.com/acme/svc) | x | waiver of `rollback.tested` |')
  })

  it('counts the systems of a verdict too big to list them, and says so instead of listing failing requirements it does not have', () => {
    const big = report(
      Array.from({ length: 3 }, (_, index) => system(`s${index}`, 'pilot', [finding('owner.model-operations', index === 0 ? 'fail' : 'pass', 'm', 'a.yml', 1)]))
    )
    const built = build([evaluated('counts', verdictDigest(big, 'counts')), evaluated('lists', verdictDigest(big, 'systems'))])
    expect(built.totals.systems).toMatchObject({ total: 6, ready: 4, notReady: 2 })
    expect(built.repositories.find((repo) => repo.name === 'counts')).toMatchObject({ countsOnly: true, systems: 3, ready: 2 })
    expect(renderFleetMarkdown(built)).toContain('| [lists](https://github.com/acme/lists) | s0 | pilot | 0/1 | 1 (not listed: the verdict was too big) |')
  })

  it('stays within an issue body with 1,000 repositories and 2,000 systems, saying what it left out', () => {
    const repositories: RepoObservation[] = []
    for (let index = 0; index < 1000; index++) {
      const systems = [
        system(`model-${index}-a`, 'production', [finding('rollback.tested', 'fail', 'old', 'a.yml', 1)]),
        system(`model-${index}-b`, 'pilot', [finding('owner.model-operations', 'pass', 'ok', 'b.yml', 1)])
      ]
      repositories.push(
        evaluated(
          `service-${String(index).padStart(4, '0')}`,
          verdictDigest(report(systems)),
          index % 3 === 0 ? { required: { status: 'not-required', by: [], note: 'no ruleset requires it' } } : {}
        )
      )
    }
    const built = build(repositories)
    const issue = renderFleetMarkdown(built, ISSUE_BODY_MAX_BYTES)
    expect(Buffer.byteLength(issue)).toBeLessThanOrEqual(ISSUE_BODY_MAX_BYTES)
    expect(issue).toContain('### ❌ Systems not ready (1000)')
    expect(issue).toMatch(/…and \d+ more \(the JSON and HTML reports list every one\)\./)
    // The job summary has room for every row.
    const summary = renderFleetMarkdown(built)
    expect(summary.split('\n').filter((line) => line.startsWith('| [service-') && line.includes('| production |'))).toHaveLength(1000)
  })

  it('renders names from repositories as text in markdown and HTML, mentioning no one and running nothing', () => {
    const hostile = verdictDigest(
      report([system('<img src=x onerror=alert(1)> @everyone #1', 'production', [finding('rollback.tested', 'fail', 'old', 'a.yml', 1)])])
    )
    const built = build([evaluated('svc', hostile, { why: 'x' })])
    const markdown = renderFleetMarkdown(built)
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt; @\u200beveryone #\u200b1')
    const html = renderFleetHtml(built)
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62; @everyone #1')
    expect(html).not.toMatch(/<img|<script/)
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
  })
})
