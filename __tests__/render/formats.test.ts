import { describe, expect, it } from '@jest/globals'
import { FORMAT_NAMES, isFormatName, RENDERERS } from '../../src/render/formats.js'
import { runCli } from '../../src/cli/main.js'
import { sampleReport } from '../support/report-fixtures.js'

describe('the format map', () => {
  it('holds one renderer per format, each knowing its own name', () => {
    expect(FORMAT_NAMES).toEqual(['text', 'json', 'markdown', 'sarif'])
    for (const name of FORMAT_NAMES) {
      expect(RENDERERS[name].format).toBe(name)
      expect(RENDERERS[name].description.length).toBeGreaterThan(10)
      const out = RENDERERS[name].render(sampleReport(), { color: false, rootPrefix: '' })
      expect(out.endsWith('\n')).toBe(true)
      expect(out).toContain('invoice-extractor')
    }
    expect(isFormatName('html')).toBe(false)
    expect(isFormatName('toString')).toBe(false)
  })

  it('is the list the CLI offers and checks', async () => {
    let out = ''
    let err = ''
    const io = { cwd: process.cwd(), stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), color: false, now: new Date() }
    await runCli(['--help'], io)
    expect(out).toContain(`--format FORMAT   ${FORMAT_NAMES.join(', ')} (default: text)`)
    expect(await runCli(['check', '--format', 'html'], io)).toBe(2)
    expect(err).toContain(`--format takes ${FORMAT_NAMES.join(', ')}, not "html"`)
  })
})
