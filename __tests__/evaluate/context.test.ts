import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EvidenceCache } from '../../src/evaluate/context.js'

const STEPS = '# Quality low\n\n1. Check the dashboard\n2. Roll back the model\n3. Page the owner\n'

describe('EvidenceCache.runbook', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rg-runbook-cache-'))
    mkdirSync(join(root, 'runbooks'))
    mkdirSync(join(root, 'a'))
    mkdirSync(join(root, 'b'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('reads a runbook that many systems link once per run', async () => {
    writeFileSync(join(root, 'runbooks/quality.md'), STEPS)
    const cache = new EvidenceCache(root)
    const first = await cache.runbook(join(root, 'a'), '../runbooks/quality.md')
    // Replaced on disk: a second read would see a title only; the cached read still has its three steps.
    writeFileSync(join(root, 'runbooks/quality.md'), '# Quality low\n')
    const second = await cache.runbook(root, 'runbooks/quality.md')
    expect(first).toEqual({ ok: true, relPath: 'runbooks/quality.md', structure: expect.objectContaining({ steps: 3 }) })
    expect(second).toEqual(first)
    expect((await new EvidenceCache(root).runbook(join(root, 'a'), '../runbooks/quality.md')).ok && 'read again').toBe('read again')
  })

  it('does not share a failure: a link that could not be opened is tried again, and names the file as written', async () => {
    const cache = new EvidenceCache(root)
    const missing = await cache.runbook(join(root, 'a'), '../runbooks/quality.md')
    expect(missing.ok).toBe(false)
    writeFileSync(join(root, 'runbooks/quality.md'), STEPS)
    const found = await cache.runbook(join(root, 'b'), '../runbooks/quality.md')
    expect(found).toEqual({ ok: true, relPath: 'runbooks/quality.md', structure: expect.objectContaining({ steps: 3 }) })
    // Once read, it is shared: a title-only copy on disk now is not read again.
    writeFileSync(join(root, 'runbooks/quality.md'), '# Quality low\n')
    expect(await cache.runbook(join(root, 'a'), '../runbooks/quality.md')).toEqual(found)
  })

  it('refuses a link out of the repository without reading it', async () => {
    const read = await new EvidenceCache(root).runbook(join(root, 'a'), '../../etc/passwd')
    expect(read).toMatchObject({ ok: false, unreadable: 'open' })
  })
})
