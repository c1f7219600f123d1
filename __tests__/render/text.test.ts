import { describe, expect, it } from '@jest/globals'
import { renderText, textRenderer, verdictLine } from '../../src/render/text.js'
import { finding, report, sampleReport, system } from '../support/report-fixtures.js'

const plain = { color: false, rootPrefix: '' }

describe('textRenderer', () => {
  it('lists each failing finding at its file and line with the fix, then a line per system and the verdict', () => {
    const text = textRenderer.render(sampleReport(), plain)
    expect(text).toContain(
      '  ✗ ai/invoice-extractor/perf/k6-summary.json:12  load.production-volume\n      p95 1240 ms > SLO 800 ms at 40 rps\n      see ai/invoice-extractor/readiness.yml:17\n      fix: Re-run the load test'
    )
    expect(text.trimEnd().split('\n').at(-1)).toBe(verdictLine(sampleReport()))
    expect(text).not.toContain('\u001b[')
  })

  it('names a related place only when it is not the finding\'s own (no "see r.yml:3" under r.yml:3)', () => {
    const own = finding('data.production-evaluation', 'fail', 'too few', 'r.yml', 3, { related: { file: 'r.yml', line: 3, column: 5 } })
    const other = finding('data.production-evaluation', 'fail', 'too few', 'e.json', 3, { related: { file: 'r.yml', line: 3 } })
    const text = textRenderer.render(report([system('x', 'pilot', [own, other])]), plain)
    expect(text).toContain('  ✗ r.yml:3  data.production-evaluation\n      too few\n  ✗ e.json:3')
    expect(text).toContain('  ✗ e.json:3  data.production-evaluation\n      too few\n      see r.yml:3\n')
  })

  it('colours only when asked', () => {
    expect(textRenderer.render(sampleReport(), { color: true, rootPrefix: '' })).toContain('\u001b[31m')
    expect(renderText(sampleReport(), { color: true })).toBe(textRenderer.render(sampleReport(), { color: true, rootPrefix: '' }))
  })

  it('shows control characters from repository text as escapes, never as themselves', () => {
    const hostile = report([system('x\u001b[2Jy', 'pilot', [finding('success-metric', 'fail', 'bad\u001b]8;;http://e\u0007link\u202e', 'r.yml', 3)])])
    const text = textRenderer.render(hostile, plain)
    expect(text).toContain('bad\\x1b]8;;http://e\\x07link\\u202e')
    expect(text).toContain('x\\x1b[2Jy')
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
  })
})
