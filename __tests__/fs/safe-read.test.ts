import { describe, expect, it, beforeAll, afterAll } from '@jest/globals'
import { mkdtemp, mkdir, writeFile, symlink, rm, truncate } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { openEvidence, resolveInRepo, readTextFile } from '../../src/fs/safe-read.js'

let root: string
let outside: string

beforeAll(async () => {
  outside = await mkdtemp(path.join(os.tmpdir(), 'rg-outside-'))
  root = await mkdtemp(path.join(os.tmpdir(), 'rg-root-'))
  await mkdir(path.join(root, 'sys/perf'), { recursive: true })
  await writeFile(path.join(root, 'sys/perf/ok.json'), '{"a":1}')
  await writeFile(path.join(root, 'sys/perf/empty.json'), '')
  await writeFile(path.join(root, 'sys/perf/binary.json'), Buffer.from([0x7b, 0x00, 0x01, 0x02]))
  await writeFile(path.join(outside, 'secret.txt'), 'secret')
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'sys/perf/escape.json'))
  await symlink('ok.json', path.join(root, 'sys/perf/inside-link.json'))
  await symlink('loop-b', path.join(root, 'sys/perf/loop-a'))
  await symlink('loop-a', path.join(root, 'sys/perf/loop-b'))
  await writeFile(path.join(root, 'sys/perf/data.ndjson.gz'), gzipSync('{"type":"Point"}\n'))
  await writeFile(path.join(root, 'sys/perf/bomb.gz'), gzipSync(Buffer.alloc(512 * 1024, 'a')))
  await writeFile(path.join(root, 'sys/perf/bad-utf8.txt'), Buffer.from([0x61, 0xc3, 0x28, 0x62]))
  await writeFile(path.join(root, 'sys/perf/sparse.jtl'), '')
  await truncate(path.join(root, 'sys/perf/sparse.jtl'), 3 * 1024 * 1024)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(outside, { recursive: true, force: true })
})

const base = (): string => path.join(root, 'sys')

describe('resolveInRepo', () => {
  it('resolves a relative path inside the repository', async () => {
    const r = await resolveInRepo(root, base(), 'perf/ok.json')
    expect(r).toMatchObject({ ok: true, relPath: 'sys/perf/ok.json' })
  })
  it.each([
    ['../../etc/passwd', /outside the repository/],
    ['/etc/passwd', /absolute/],
    ['C:/x.json', /absolute/],
    ['perf\\ok.json', /backslashes/],
    ['perf/ok\0.json', /NUL byte/],
    ['perf/missing.json', /does not exist/],
    ['perf/escape.json', /symlink that points outside/],
    ['perf/loop-a', /symlink loop/],
    ['', /empty/]
  ])('refuses %j', async (ref, message) => {
    const r = await resolveInRepo(root, base(), ref)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toMatch(message)
  })
  it('follows a symlink that stays inside the repository', async () => {
    const r = await resolveInRepo(root, base(), 'perf/inside-link.json')
    expect(r).toMatchObject({ ok: true })
  })
})

describe('openEvidence', () => {
  it('refuses empty and binary files and a sparse file of zeros', async () => {
    for (const [ref, message] of [
      ['perf/empty.json', /is empty/],
      ['perf/binary.json', /is binary/],
      ['perf/sparse.jtl', /is binary/]
    ] as const) {
      const r = await openEvidence(root, base(), ref)
      expect(r.ok).toBe(false)
      expect(!r.ok && r.message).toMatch(message)
    }
  })
  it('refuses a file over the size cap', async () => {
    const r = await openEvidence(root, base(), 'perf/ok.json', { maxFileBytes: 3, maxTextBytes: 10, maxInflatedBytes: 10 })
    expect(!r.ok && r.message).toMatch(/over the 3 bytes limit/)
  })
  it('inflates gzip transparently for head, stream and text', async () => {
    const r = await openEvidence(root, base(), 'perf/data.ndjson.gz')
    if (!r.ok) throw new Error(r.message)
    expect(r.source.gzip).toBe(true)
    expect(r.source.head.toString()).toBe('{"type":"Point"}\n')
    expect(await r.source.text()).toBe('{"type":"Point"}\n')
  })
  it('stops a gzip stream that inflates past the cap', async () => {
    const r = await openEvidence(root, base(), 'perf/bomb.gz', { maxFileBytes: 1e9, maxTextBytes: 1e9, maxInflatedBytes: 100_000 })
    if (!r.ok) throw new Error(r.message)
    await expect(
      new Promise((resolve, reject) => {
        const s = r.source.stream()
        s.on('data', () => undefined)
        s.on('end', resolve)
        s.on('error', reject)
      })
    ).rejects.toThrow(/gzip bomb/)
  })
  it('stops a gzip bomb by its inflation ratio once 16 MiB have come out, long before the cap', async () => {
    // 4 members of 64 MiB of newlines: about 250 KiB on disk, 256 MiB inflated (about 1,000 times).
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x0a), { level: 9 })
    await writeFile(path.join(root, 'sys/perf/ratio-bomb.ndjson.gz'), Buffer.concat([member, member, member, member]))
    const r = await openEvidence(root, base(), 'perf/ratio-bomb.ndjson.gz', { maxFileBytes: 1e9, maxTextBytes: 1e9, maxInflatedBytes: 200 * 1024 * 1024 })
    if (!r.ok) throw new Error(r.message)
    let inflated = 0
    const error = await new Promise<Error | undefined>((resolve) => {
      const s = r.source.stream()
      s.on('data', (chunk: Buffer) => (inflated += chunk.length))
      s.on('end', () => resolve(undefined))
      s.on('error', resolve)
    })
    expect(error?.message).toMatch(
      /^"sys\/perf\/ratio-bomb\.ndjson\.gz" inflates more than 100 times its compressed size \(16\.\d MiB from the first [\d.]+ KiB\); refusing a possible gzip bomb$/
    )
    expect(inflated).toBeGreaterThan(15 * 1024 * 1024)
    expect(inflated).toBeLessThanOrEqual(16 * 1024 * 1024 + 64 * 1024)
  })
  it('errors the stream, not the process, for a corrupt or truncated gzip', async () => {
    const whole = gzipSync(Buffer.alloc(256 * 1024, 'b'))
    await writeFile(path.join(root, 'sys/perf/cut.gz'), whole.subarray(0, whole.length - 40))
    const corrupt = Buffer.from(whole)
    corrupt.fill(0x41, 200, 260)
    await writeFile(path.join(root, 'sys/perf/corrupt.gz'), corrupt)
    for (const name of ['perf/cut.gz', 'perf/corrupt.gz']) {
      const r = await openEvidence(root, base(), name)
      if (!r.ok) continue
      await expect(
        new Promise((resolve, reject) => {
          const s = r.source.stream()
          s.on('data', () => undefined)
          s.on('end', resolve)
          s.on('error', reject)
        })
      ).rejects.toThrow()
    }
  })
  it('refuses a named pipe without blocking on it (reads are synchronous)', async () => {
    execFileSync('mkfifo', [path.join(root, 'sys/perf/pipe.json')])
    const r = await openEvidence(root, base(), 'perf/pipe.json')
    expect(!r.ok && r.message).toMatch(/not a regular file/)
    expect(await readTextFile(path.join(root, 'sys/perf/pipe.json'), 'sys/perf/pipe.json', 100)).toEqual({
      ok: false,
      message: '"sys/perf/pipe.json" is not a regular file'
    })
  })
  it('reports invalid UTF-8 as a plain sentence', async () => {
    const r = await openEvidence(root, base(), 'perf/bad-utf8.txt')
    if (!r.ok) throw new Error(r.message)
    await expect(r.source.text()).rejects.toThrow(/not valid UTF-8/)
  })
})

describe('readTextFile', () => {
  it('strips a UTF-8 BOM', async () => {
    await writeFile(path.join(root, 'bom.yml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\n')]))
    expect(await readTextFile(path.join(root, 'bom.yml'), 'bom.yml', 100)).toEqual({ ok: true, text: 'a: 1\n' })
  })
  it('refuses a file over the cap', async () => {
    const r = await readTextFile(path.join(root, 'bom.yml'), 'bom.yml', 4)
    expect(r.ok).toBe(false)
  })
})
