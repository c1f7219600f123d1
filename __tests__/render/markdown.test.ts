import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  CHECK_SUMMARY_MAX_BYTES,
  JOB_SUMMARY_MAX_BYTES,
  escapeMarkdown,
  fitSnippet,
  renderCheckSummary,
  renderJobSummary,
  renderTitle
} from '../../src/render/markdown.js'
import type { Finding, Report, SystemReport } from '../../src/report/types.js'
import { finding, manyFindingsReport, report, sampleReport, system, systemChange } from '../support/report-fixtures.js'
import { parse } from 'yaml'
import { CATALOG } from '../../src/evaluate/catalog.js'
import { snippetOf } from '../../src/evaluate/requirement.js'

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden')

/** Compares with a reviewed golden file; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, actual)
  }
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

/** Cells of a markdown table row: pipes preceded by an odd number of backslashes are escaped. */
function cells(row: string): number {
  let count = 0
  for (let index = 0; index < row.length; index++) {
    if (row[index] !== '|') continue
    let slashes = 0
    for (let back = index - 1; back >= 0 && row[back] === '\\'; back--) slashes++
    if (slashes % 2 === 0) count++
  }
  return count - 1
}

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('| '))
}

const HOSTILE =
  'evil|name <script>alert(1)</script> @everyone @acme/legal #123 GH-7 `code` *bold* _it_ [link](javascript:alert(1)) ![x](http://x/y.png) $x^2$ \\| ~~s~~ &amp;\r\nnext line\u0007 \u202eevil'

describe("a finding's related place", () => {
  it('is shown only when it is not the finding\'s own place (no "r.yml:3 (see r.yml:3)")', () => {
    const own = finding('data.production-evaluation', 'fail', 'too few', 'r.yml', 3, { related: { file: 'r.yml', line: 3 } })
    const other = finding('data.production-evaluation', 'fail', 'too few', 'e.json', 3, { related: { file: 'r.yml', line: 3 } })
    const summary = renderCheckSummary(report([system('x', 'pilot', [own, other])]))
    expect(summary).toContain('`r.yml:3`')
    expect(summary).not.toContain('`r.yml:3` (see')
    expect(summary).toContain('`e.json:3` (see `r.yml:3`)')
  })
})

describe('renderTitle', () => {
  it('names the systems that are not ready and what they lack', () => {
    expect(renderTitle(sampleReport())).toBe('2 of 3 systems ready — invoice-extractor: lacks 5 of 8 production requirements')
  })

  it('counts systems when all are ready', () => {
    const ready = sampleReport()
    ready.systems = ready.systems.slice(1)
    ready.passed = true
    expect(renderTitle(ready)).toBe('2 of 2 systems ready')
    ready.systems = ready.systems.slice(1)
    expect(renderTitle(ready)).toBe('1 of 1 system ready')
  })

  it('names a removed system once, with what its removal lacks', () => {
    const removal = (status: 'fail' | 'pass', others: SystemReport[] = []): Report =>
      report(others, {
        notices: [
          finding(
            'system.removed',
            status,
            'System "bot" (stage production at base 1a2b3c4) has no manifest in this change, so the gate cannot judge it.',
            'ai/bot/readiness.yml',
            1
          )
        ],
        change: {
          base: 'base 1a2b3c4',
          blockOn: 'all',
          unreadable: [],
          systems: [systemChange('bot', 'ai/bot/readiness.yml', 'removed', ['production', null], [[20, 23], null], { blocks: true })]
        }
      })
    expect(renderTitle(removal('fail'))).toBe("Gate failed — bot: removed (was production) without a waiver approver's approval")
    expect(renderTitle(removal('pass'))).toBe('No system left to gate — bot: removed (was production)')
    const ready = system('triage', 'pilot', [finding('owner.model-operations', 'pass', 'ok', 'ai/triage/readiness.yml', 3)])
    expect(renderTitle(removal('fail', [ready]))).toBe(
      "1 of 1 system ready, but the gate fails — bot: removed (was production) without a waiver approver's approval"
    )
  })

  it('says so when the repository has no manifest', () => {
    expect(renderTitle(report([]))).toBe('No readiness manifest found — nothing to gate')
  })

  it('leads with a run-level failure when nothing was evaluated', () => {
    const failed = report([], {
      notices: [finding('policy.invalid', 'fail', 'The policy is not valid YAML: bad indentation.', '.github/readiness-policy.yml', 3)]
    })
    expect(renderTitle(failed)).toBe('Gate failed — The policy is not valid YAML: bad indentation.')
  })

  it('uses singular words for one requirement and reports a manifest without a valid stage', () => {
    const one = system('a', 'staging', [finding('drift.detection', 'fail', 'no drift config', 'a.yml', 1)])
    const broken = system('b', null, [finding('manifest.schema', 'fail', 'stage must be one of pilot, staging, production', 'b.yml', 2)])
    expect(renderTitle(report([one, broken]))).toBe('0 of 2 systems ready — a: lacks 1 of 1 staging requirements; b: does not claim a valid stage')
  })

  it('counts requirements, not findings, when one requirement fails in several places', () => {
    const sources = Array.from({ length: 7 }, (_, index) => finding('data.sources-mapped', 'fail', `source ${index} lacks an owner`, 'r.yml', index + 3))
    expect(renderTitle(report([system('etl', 'pilot', sources)]))).toBe('0 of 1 system ready — etl: lacks 1 of 1 pilot requirements')
  })

  it('stays within 255 characters, naming as many systems as fit and counting the rest', () => {
    const systems = Array.from({ length: 30 }, (_, index) =>
      system(`system-with-a-long-name-${index}`, 'production', [finding('drift.detection', 'fail', 'missing', 'x.yml', 1)])
    )
    const title = renderTitle(report(systems))
    expect(Array.from(title).length).toBeLessThanOrEqual(255)
    expect(title).toMatch(/^0 of 30 systems ready — system-with-a-long-name-0: lacks 1 of 1 production requirements; .*; and \d+ more$/)
    const named = (title.match(/lacks/g) ?? []).length
    expect(title.endsWith(`and ${30 - named} more`)).toBe(true)
  })

  it('keeps control characters out of the title', () => {
    const title = renderTitle(report([system('bad\nname\u0000', 'pilot', [finding('x', 'fail', 'm', 'f', 1)])]))
    expect(title).toBe('0 of 1 system ready — bad name : lacks 1 of 1 pilot requirements')
  })
})

describe('escapeMarkdown', () => {
  it('renders repository text literally: no HTML, no mentions, no issue links, no table breaks', () => {
    expect(escapeMarkdown(HOSTILE)).toBe(
      'evil\\|name &lt;script&gt;alert(1)&lt;/script&gt; @\u200beveryone @\u200bacme/legal #\u200b123 GH\u200b-7 \\`code\\` \\*bold\\* \\_it\\_ ' +
        '\\[link\\](javascript:alert(1)) !\\[x\\](http://x/y.png) \\$x^2\\$ \\\\\\| \\~\\~s\\~\\~ &amp;amp; next line   evil'
    )
  })

  it('cuts very long text at a character boundary with an ellipsis', () => {
    const long = '😀'.repeat(1000)
    const escaped = escapeMarkdown(long, 10)
    expect(escaped).toBe('😀'.repeat(9) + '…')
  })
})

describe('renderCheckSummary', () => {
  it('matches the reviewed golden summary for a typical report', () => {
    expectGolden('sample.check.md', renderCheckSummary(sampleReport()))
  })

  it('matches the reviewed golden job summary, which carries its own heading', () => {
    expectGolden('sample.job.md', renderJobSummary(sampleReport()))
  })

  it('escapes everything user-supplied', () => {
    const hostile = report(
      [
        system(HOSTILE, 'production', [
          finding('drift.detection', 'fail', HOSTILE, 'ai/x|y/<b>.yml', 3, { hint: HOSTILE }),
          finding('owner.raci', 'pass', HOSTILE, 'ai/`x`.yml', 4)
        ])
      ],
      { policy: '```\n<img src=x onerror=alert(1)>', notices: [finding('policy.changed', 'pass', HOSTILE, '.github/readiness-policy.yml', 1)] }
    )
    const markdown = renderCheckSummary(hostile)
    expectGolden('hostile.check.md', markdown)
    expect(markdown).not.toMatch(/<(script|img|b)\b/)
    expect(markdown).not.toMatch(/@(?!\u200b)[A-Za-z]/)
    expect(markdown).not.toMatch(/#\d/)
    expect(markdown).not.toContain('\r')
    expect(markdown.match(/^```/gm)).toBeNull()
    for (const row of tableRows(markdown)) expect(cells(row)).toBe(4)
  })

  it('drops passing and waived rows first when everything does not fit', () => {
    const manifest = 'ai/wide/readiness.yml'
    const findings: Finding[] = [
      finding('drift.detection', 'fail', 'drift config has no alert route', manifest, 3, { hint: 'Add alert.route.' }),
      ...Array.from({ length: 2000 }, (_, index) => finding(`check.passing-${index}`, 'pass', `measured ${index} within its limit of 1000`, manifest, 5))
    ]
    const markdown = renderCheckSummary(report([system('wide', 'production', findings, manifest)]))
    expect(bytes(markdown)).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_BYTES)
    expect(markdown).toContain(
      '- **Drift detection configured** `drift.detection`\\\n  drift config has no alert route\\\n  `ai/wide/readiness.yml:3`\\\n  **Fix:** Add alert.route.\n'
    )
    expect(markdown).not.toContain('<details>')
    expect(markdown).toContain("_✅ 2000 requirements passing — left out to fit GitHub's size limit; the job summary and the JSON report list them._")
  })

  it('falls back to counts and a truncation note when even the failing rows do not fit', () => {
    const markdown = renderCheckSummary(manyFindingsReport(2000))
    expect(bytes(markdown)).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_BYTES)
    expect(markdown).toBe(
      'Policy: `.github/readiness-policy.yml@1a2b3c4` · evaluated at `2026-11-20T09:30:00.000Z`\n\n' +
        '| System | Stage | Score | Failing |\n| --- | --- | --- | --- |\n| ❌ big-system | production | 0/2000 | 2000 |\n\n' +
        "> **Truncated:** the full summary is over GitHub's size limit, so it lists counts only (2000 failing findings in all); the job summary and the JSON report list them.\n"
    )
  })

  it('lists as many systems as fit in the counts and says how many more there are', () => {
    const systems = Array.from({ length: 3000 }, (_, index) =>
      system(`system-${index}`, 'staging', [finding('drift.detection', 'fail', 'no drift config', `ai/${index}/readiness.yml`, 1)])
    )
    const markdown = renderCheckSummary(report(systems))
    expect(bytes(markdown)).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_BYTES)
    const shown = tableRows(markdown).length - 2
    expect(shown).toBeGreaterThan(500)
    expect(markdown).toContain(`\n…and ${3000 - shown} more systems.\n`)
    expect(markdown).toMatch(/> \*\*Truncated:\*\*.*\n$/)
  })

  it('never cuts inside a UTF-8 character, whatever the limit', () => {
    const wide = report([system('系统😀'.repeat(40), 'pilot', [finding('owner.model-operations', 'fail', '负责人😀'.repeat(50), 'a.yml', 1)])])
    for (let maxBytes = 40; maxBytes < 1200; maxBytes += 37) {
      const markdown = renderCheckSummary(wide, { maxBytes })
      expect(bytes(markdown)).toBeLessThanOrEqual(maxBytes)
      expect(Buffer.from(markdown, 'utf8').toString('utf8')).toBe(markdown)
      expect(markdown).not.toContain('\ufffd')
    }
  })

  it('says there is nothing to gate when no manifest was found', () => {
    expect(renderCheckSummary(report([]))).toBe(
      'Policy: `.github/readiness-policy.yml@1a2b3c4` · evaluated at `2026-11-20T09:30:00.000Z`\n\n' +
        'No readiness manifest was found, so there is nothing to gate. Add a `readiness.yml` next to each AI system to have it checked.\n\n'
    )
  })

  it('says why nothing was evaluated when the run failed, instead of "nothing to gate"', () => {
    const failed = report([], {
      notices: [
        finding('policy.invalid', 'fail', 'The trusted policy (base 1a2b3c4) is invalid: bad indentation.', '.github/readiness-policy.yml', 3, {
          hint: 'Fix the policy on the base branch.'
        })
      ]
    })
    expect(renderCheckSummary(failed)).toBe(
      'Policy: `.github/readiness-policy.yml@1a2b3c4` · evaluated at `2026-11-20T09:30:00.000Z`\n\n' +
        '**Notices**\n\n- ❌ The trusted policy (base 1a2b3c4) is invalid: bad indentation. (`.github/readiness-policy.yml:3`) — Fix the policy on the base branch.\n\n'
    )
  })

  it('holds its limits and keeps tables whole for any text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.string({ maxLength: 300 }),
        fc.integer({ min: 200, max: 4000 }),
        (name, message, maxBytes) => {
          const generated = report([
            system(name || 'x', 'staging', [
              finding('drift.detection', 'fail', message, 'a.yml', 2, { hint: message }),
              finding('owner.raci', 'pass', message, 'a.yml', 3)
            ])
          ])
          const markdown = renderCheckSummary(generated, { maxBytes })
          expect(bytes(markdown)).toBeLessThanOrEqual(maxBytes)
          expect(markdown).not.toMatch(/<(?!\/?(details|summary)>)/)
          for (const row of tableRows(markdown)) expect(cells(row)).toBe(4)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('renderJobSummary', () => {
  it('stays under 1 MiB for a huge report, degrading like the check summary', () => {
    const markdown = renderJobSummary(manyFindingsReport(20_000))
    expect(bytes(markdown)).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES)
    expect(markdown.startsWith('## readiness-gate: 0 of 1 system ready — big-system: lacks 20000 of 20000 production requirements\n')).toBe(true)
    expect(markdown).toContain('the JSON report lists them')
  })

  it('keeps every failing finding when they fit in 1 MiB', () => {
    const markdown = renderJobSummary(manyFindingsReport(2000))
    expect(markdown.match(/^- \*\*`evidence\.check-\d+`\*\*/gm)).toHaveLength(2000)
    expect(markdown).toContain(
      '- **`evidence.check-1999`**\\\n  check 1999 failed: measured 1999 ms &gt; limit 0 ms\\\n  `ai/big/readiness.yml:40`\\\n  **Fix:** Fix check 1999.\n'
    )
  })
})

describe('fitSnippet', () => {
  it("fits every requirement's snippet in 80 columns, as the same YAML", () => {
    for (const requirement of CATALOG) {
      const snippet = snippetOf(requirement)
      const fitted = fitSnippet(snippet)
      for (const line of fitted) expect({ id: requirement.id, line, fits: line.length <= 80 }).toEqual({ id: requirement.id, line, fits: true })
      expect(parse(fitted.join('\n'))).toEqual(parse(snippet))
    }
    // A long comment moves above its key, wrapped; a short line stays as it is.
    expect(fitSnippet(`a:\n  file:   # ${'word '.repeat(20).trim()}\n  b: 1 # short`, 40)).toEqual([
      'a:',
      '  # word word word word word word word',
      '  # word word word word word word word',
      '  # word word word word word word',
      '  file:',
      '  b: 1 # short'
    ])
  })
})
