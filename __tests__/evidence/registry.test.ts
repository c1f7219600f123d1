import { describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openEvidenceFile, PARSERS } from '../../src/evidence/registry.js'

import { itSample, SAMPLES } from '../support/samples.js'

describe('registry', () => {
  it('has unique format ids', () => {
    const ids = PARSERS.map((p) => p.format)
    expect(new Set(ids).size).toBe(ids.length)
  })

  itSample('explains a binary Gatling log instead of calling it merely binary', async () => {
    const opened = await openEvidenceFile(SAMPLES, path.join(SAMPLES, 'gatling'), 'gatling-repo-HEAD.binary-simulation.log')
    expect(opened.ok).toBe(false)
    if (!opened.ok)
      expect(opened.message).toMatch(/is a binary Gatling simulation.log \(Gatling 3\.12\.1\): .*Link the report's js\/global_stats\.json instead/)
  })

  it('keeps the plain sentence for other binary files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rg-bin-'))
    await writeFile(path.join(dir, 'chart.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))
    const opened = await openEvidenceFile(dir, dir, 'chart.png')
    expect(opened).toMatchObject({ ok: false, message: '"chart.png" is binary, not a text report' })
    await rm(dir, { recursive: true, force: true })
  })
})
