// docs/evidence-formats.md is written by hand, but its list of format ids is checked current here
// (as docs/requirements.md is by its generator): a parser added, renamed or redescribed without the
// docs fails this test, and so does a format no page of docs/formats/ explains.
import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'
import { PARSERS } from '../../src/evidence/registry.js'

const DOCS = path.resolve(import.meta.dirname, '../../docs')

async function formatsHelp(): Promise<string[]> {
  let out = ''
  await runCli(['inspect', '--help'], { cwd: DOCS, stdout: (t) => (out += t), stderr: () => undefined, color: false, now: new Date() })
  return out.split('\n').filter((line) => /^ {2}\S/.test(line))
}

describe('docs/evidence-formats.md', () => {
  it('lists every format id exactly as `readiness-gate inspect --help` does', async () => {
    const doc = readFileSync(path.join(DOCS, 'evidence-formats.md'), 'utf8')
    const block = /## Format ids\n\n```text\n([\s\S]*?)\n```/.exec(doc)
    expect(block).not.toBeNull()
    const help = await formatsHelp()
    expect(help).toHaveLength(PARSERS.length)
    expect(block![1]!.split('\n')).toEqual(help)
  })

  it('explains every format on a page of docs/formats/', () => {
    const pages = readdirSync(path.join(DOCS, 'formats')).map((name) => readFileSync(path.join(DOCS, 'formats', name), 'utf8'))
    expect(PARSERS.map((p) => p.format).filter((format) => !pages.some((page) => page.includes(format)))).toEqual([])
  })
})
