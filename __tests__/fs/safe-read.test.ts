import { describe, expect, it, beforeAll, afterAll } from '@jest/globals'
import { mkdtemp, mkdir, writeFile, symlink, rm, truncate } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { decodeText, looksBinary, openEvidence, ReadProblem, realRootOf, resolveInRepo, readTextFile } from '../../src/fs/safe-read.js'
import { seededRandom } from '../support/seeded-random.js'

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
  it("says the same with the root's real path worked out once (realRootOf), the root reached through a symlink too", async () => {
    const linked = path.join(outside, 'repo-link')
    await symlink(root, linked)
    const refs = ['perf/ok.json', 'perf/inside-link.json', '../sys/perf/ok.json', 'perf/escape.json', 'perf/loop-a', 'perf/missing.json']
    refs.push('../../etc/passwd', '../' + path.basename(root), 'perf', 'perf/empty.json', '/etc/passwd', '')
    let refused = 0
    for (const at of [root, linked, path.join(outside, 'no-such-root')]) {
      for (const ref of refs) {
        const once = await resolveInRepo(at, path.join(at, 'sys'), ref, realRootOf(at))
        expect({ at, ref, once }).toEqual({ at, ref, once: await resolveInRepo(at, path.join(at, 'sys'), ref) })
        if (!once.ok) refused++
      }
    }
    // Not vacuous: through the link, files inside resolve, and a root that cannot be read is refused.
    expect(await resolveInRepo(linked, path.join(linked, 'sys'), 'perf/ok.json', realRootOf(linked))).toMatchObject({ ok: true, relPath: 'sys/perf/ok.json' })
    expect(realRootOf(path.join(outside, 'no-such-root'))).toBeUndefined()
    expect(refused).toBeGreaterThan(refs.length + 6)
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

describe('decodeText', () => {
  it('reads every buffer as the strict UTF-8 decoder does, BOM stripped, and refuses what it refuses', () => {
    const strict = new TextDecoder('utf-8', { fatal: true })
    const random = seededRandom(11)
    const buffers: Buffer[] = [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\uFEFF{"a": "plain"}\n'), Buffer.from('{"é": "ü → 漢"}')]
    for (let byte = 0; byte < 256; byte++) buffers.push(Buffer.from([0x61, byte, 0x62]), Buffer.from([0xef, 0xbb, 0xbf, byte]))
    for (let index = 0; index < 200; index++) {
      const length = Math.floor(random() * 300)
      // Mostly ASCII, as evidence is, with a byte over 0x7f now and then: valid UTF-8 or not.
      buffers.push(Buffer.from(Array.from({ length }, () => (random() < 0.01 ? 0x80 + Math.floor(random() * 128) : Math.floor(random() * 128)))))
      buffers.push(
        Buffer.from(
          Array.from({ length }, () => String.fromCodePoint(random() < 0.05 ? 0xa0 + Math.floor(random() * 0x3000) : 32 + Math.floor(random() * 95))).join('')
        )
      )
    }
    /** The text, or null when refused. */
    const expected = (buffer: Buffer): string | null => {
      const start = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0
      try {
        return strict.decode(buffer.subarray(start))
      } catch {
        return null
      }
    }
    const decoded = (buffer: Buffer): string | null => {
      try {
        return decodeText(buffer, 'x.json')
      } catch (error) {
        if (error instanceof ReadProblem) return null
        throw error
      }
    }
    expect(buffers.map(decoded)).toEqual(buffers.map(expected))
    expect(buffers.map(expected).filter((text) => text === null).length).toBeGreaterThan(50)
  })
})

describe('looksBinary', () => {
  /** The rule, byte by byte: NUL is binary; else over 10% control bytes other than BEL to CR and ESC. */
  const byRule = (head: Buffer): boolean => {
    if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false
    const sample = head.subarray(0, 8192)
    if (sample.includes(0)) return true
    const suspicious = [...sample].filter((byte) => byte < 32 && (byte < 7 || (byte > 13 && byte !== 27))).length
    return sample.length > 0 && suspicious / sample.length > 0.1
  }

  it('follows the rule for every control byte, at shares either side of 10%, and for every byte value', () => {
    const random = seededRandom(7)
    const heads: Buffer[] = [Buffer.alloc(0), Buffer.from('plain text\r\n\t\x1b[0m\x07\x08\x0b\x0c')]
    for (let byte = 0; byte < 256; byte++) heads.push(Buffer.from([0x61, byte, 0x62]))
    for (let control = 1; control < 32; control++) {
      for (const share of [0.02, 0.09, 0.11, 0.18]) {
        heads.push(Buffer.from(Array.from({ length: 2000 }, () => (random() < share ? control : 32 + Math.floor(random() * 224)))))
      }
    }
    const verdicts = heads.map((head) => looksBinary(head))
    expect(verdicts).toEqual(heads.map(byRule))
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(50)
    expect(verdicts.filter((verdict) => !verdict).length).toBeGreaterThan(50)
  })
})
