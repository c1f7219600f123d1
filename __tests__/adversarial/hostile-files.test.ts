// A corpus of hostile files, each fed to the gate where a pull request would put it (the manifest, an
// evidence file, a sign-off, a path in the manifest, the manifests input), each with the finding it
// must produce: rule, status, file, line and message. Small files live in ./corpus; large ones (a 2 GB
// sparse file, a gzip bomb, a CSV with a 10 MB line, deep nesting) are generated into a temporary
// folder and removed. Nothing may crash, hang, expand an entity, read outside the repository, or pass.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, open, rm, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { openEvidenceFile, parseEvidence } from '../../src/evidence/registry.js'
import { parsePolicy } from '../../src/policy/load.js'
import { renderCheckSummary, renderJobSummary } from '../../src/render/markdown.js'
import { renderSarif } from '../../src/render/sarif.js'
import { renderText } from '../../src/render/text.js'
import type { Report } from '../../src/report/types.js'
import {
  EXAMPLE,
  exampleRepo,
  expectFinding,
  failures,
  findingsOf,
  gate,
  NOW,
  policyOf,
  readCorpus,
  removeRepos,
  scratchDir,
  scratchRepo,
  bytesReadBy,
  type GateOptions
} from './support.js'

const DIR = 'ai/triage'
const MANIFEST = `${DIR}/readiness.yml`
const MANIFEST_TEXT = readFileSync(path.join(EXAMPLE, 'readiness.yml'), 'utf8')

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`"${needle}" is not in the text`)
  return index + 1
}

/** The example system with some of its files replaced (paths relative to the system's folder). */
async function exampleWith(files: Record<string, string | Buffer>, options: GateOptions = {}): Promise<{ root: string; report: Report }> {
  const repo = await exampleRepo(DIR, Object.fromEntries(Object.entries(files).map(([file, content]) => [`${DIR}/${file}`, content])))
  return { root: repo.root, report: await gate(repo.root, options) }
}

/** A manifest line of the example, e.g. where `file: perf/k6-summary.json` is written. */
const at = (needle: string): number => lineOf(MANIFEST_TEXT, needle)

/** Every output the gate renders from a report: JSON, CLI text, check summary, job summary, SARIF. */
function everyOutput(report: Report): string {
  return [
    JSON.stringify(report),
    renderText(report, { color: false }),
    renderCheckSummary(report),
    renderJobSummary(report),
    JSON.stringify(renderSarif(report))
  ].join('\n')
}

/** A file of `size` bytes that occupies almost no disk: `head` and then a hole of zeros. */
async function sparseFile(file: string, size: number, head: Buffer = Buffer.alloc(0)): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const handle = await open(file, 'w')
  try {
    if (head.length) await handle.write(head, 0, head.length, 0)
    await handle.truncate(size)
  } finally {
    await handle.close()
  }
}

const TWO_GB = 2 * 1000 ** 3
/**
 * Refusing a 2 GB file may read its head, never the file: bytes read from disk while the gate runs
 * (Linux's rchar: the file's head, the example's other files, any code loaded on first use) stay under this.
 */
const READ_BOUND_BYTES = 64 * 1024 ** 2

afterEach(removeRepos)

// A secret outside the repository: no output may ever contain it.
let outside: Awaited<ReturnType<typeof scratchDir>>
const SECRET = `rg-secret-${process.pid}-${NOW.getTime()}`
beforeAll(async () => {
  outside = await scratchDir('rg-outside-')
  await writeFile(path.join(outside.dir, 'secret.txt'), `${SECRET}\n`)
  await writeFile(path.join(outside.dir, 'readiness.yml'), MANIFEST_TEXT.replace('support-triage', 'outside-system'))
})
afterAll(async () => outside.remove())
const PASSWD = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8').split('\n')[0]! : undefined

function expectNoSecret(report: Report): void {
  const text = everyOutput(report)
  expect(text).not.toContain(SECRET)
  if (PASSWD) expect(text).not.toContain(PASSWD)
}

describe('YAML: alias bombs, deep nesting, duplicate keys', () => {
  it('refuses a billion-laughs alias bomb in a manifest at its line, by its alias count', async () => {
    const repo = await scratchRepo({ 'ai/bomb/readiness.yml': await readCorpus('alias-bomb.readiness.yml') })
    const report = await gate(repo.root)
    expectFinding(report, {
      rule: 'manifest.parse',
      file: 'ai/bomb/readiness.yml',
      message: /expands too many aliases \(over 100\); refusing a possible alias bomb/
    })
    expect(report.passed).toBe(false)
  })

  it('refuses an alias bomb in YAML evidence (monitoring rules)', async () => {
    const bomb = (await readCorpus('alias-bomb.readiness.yml')).toString().replace('system: alias-bomb\nstage: pilot\nextra:\n', 'groups:\n')
    // Named with `format:`, so the bomb reaches the YAML reader instead of failing detection.
    const manifest = MANIFEST_TEXT.replace('file: monitoring/alerts.yml', 'file: monitoring/alerts.yml\n    format: prometheus-rules')
    const { report } = await exampleWith({ 'monitoring/alerts.yml': bomb, 'readiness.yml': manifest })
    expectFinding(report, { rule: 'monitoring.output-quality', file: `${DIR}/monitoring/alerts.yml`, line: 1, message: /alias/ })
  })

  it('refuses 100,000 levels of flow nesting, and of block nesting, in a manifest, with a plain sentence', async () => {
    const flow = `system: deep\nstage: pilot\nextra: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`
    const block = `system: deep\nstage: pilot\nextra:\n  ${'- '.repeat(100_000)}x\n`
    const repo = await scratchRepo({ 'flow/readiness.yml': flow, 'block/readiness.yml': block })
    const report = await gate(repo.root, { policy: policyOf('limits:\n  max-manifest-kb: 1024\n') })
    expectFinding(report, { rule: 'manifest.parse', file: 'flow/readiness.yml', line: 3, message: /nests brackets more than 64 levels deep/ })
    // Block nesting overflows the yaml package's stack: that must read as a sentence, not as the engine's words.
    expectFinding(report, { rule: 'manifest.parse', file: 'block/readiness.yml', line: 4, message: /^The manifest .*nests too deeply/ })
    expect(JSON.stringify(report)).not.toMatch(/call stack/i)
  })

  it('refuses deep nesting in JSON, YAML and TOML evidence', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    const { report } = await exampleWith({
      'perf/k6-summary.json': deep,
      'eval/production-sample.yml': `kind: evaluation\nmetrics: ${deep}\n`,
      'monitoring/drift.yml': `groups: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`
    })
    for (const [rule, file] of [
      ['load.production-volume', 'perf/k6-summary.json'],
      ['data.production-evaluation', 'eval/production-sample.yml'],
      ['drift.detection', 'monitoring/drift.yml']
    ] as const) {
      const [finding, ...rest] = findingsOf(report, rule)
      expect(rest).toEqual([])
      expect(finding).toMatchObject({ status: 'fail' })
      expect(finding!.message).toContain(`"${DIR}/${file}"`)
      expect(finding!.message).not.toMatch(/call stack|RangeError/i)
    }
    const toml = await scratchRepo({ 'drift.toml': `[detector]\nname = "KSDrift"\nx = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` })
    const opened = await openEvidenceFile(toml.root, toml.root, 'drift.toml')
    if (!opened.ok) throw new Error(opened.message)
    const parsed = await parseEvidence(opened.source, { format: 'alibi-detect-config' })
    expect(parsed).toMatchObject({ ok: false })
    expect((parsed as { message: string }).message).not.toMatch(/call stack|RangeError|could not be read as/i)
  })

  it('refuses deep nesting inside a promptfoo row, with a plain sentence (JSON Lines at its line, and JSON)', async () => {
    // A test case's vars nested 200,000 deep: the reader walks a test case to tell repeats apart.
    const DEEP = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    const promptfoo = path.join(import.meta.dirname, '../fixtures/evidence/promptfoo')
    const lines = readFileSync(path.join(promptfoo, 'promptfoo-eval-jsonl.support-bot.jsonl'), 'utf8').split('\n')
    const index = lines.findIndex((line, at) => at > 0 && /"testCase"/.test(line))
    const row = JSON.parse(lines[index]!) as { testCase: { vars: Record<string, unknown> } }
    row.testCase.vars.deep = '@DEEP@'
    lines[index] = JSON.stringify(row).replace('"@DEEP@"', DEEP)
    const document = JSON.parse(readFileSync(path.join(promptfoo, 'promptfoo-eval.support-bot.json'), 'utf8')) as {
      results: { results: { testCase: { vars: Record<string, unknown> } }[] }
    }
    document.results.results[1]!.testCase.vars.deep = '@DEEP@'
    const repo = await scratchRepo({ 'deep.jsonl': lines.join('\n'), 'deep.json': JSON.stringify(document).replace('"@DEEP@"', DEEP) })
    const parse = async (file: string) => {
      const opened = await openEvidenceFile(repo.root, repo.root, file)
      if (!opened.ok) throw new Error(opened.message)
      return parseEvidence(opened.source)
    }
    const line = index + 1
    expect(await parse('deep.jsonl')).toMatchObject({
      ok: false,
      line,
      message: `"deep.jsonl" line ${line} nests too deeply to read: no tool writes values nested this deep`
    })
    expect(await parse('deep.json')).toMatchObject({
      ok: false,
      message: '"deep.json" nests too deeply to read as promptfoo-eval: no tool writes values nested this deep'
    })
  })

  it('creates no object from a YAML tag and pollutes no prototype through a __proto__ key', async () => {
    const manifest =
      'system: !!js/function "function () { return 1 }"\nstage: !<tag:yaml.org,2002:python/object/apply:os.system> ["id"]\n__proto__:\n  polluted: yes\n'
    const repo = await scratchRepo({ 'ai/tags/readiness.yml': manifest })
    const report = await gate(repo.root)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(report.systems[0]).toMatchObject({ manifest: 'ai/tags/readiness.yml', passed: false, stage: null })
    expectFinding(report, { rule: 'manifest.schema', file: 'ai/tags/readiness.yml', line: 3, message: /^`__proto__` is not a known key/ })
  })

  it('refuses a key written twice (stage: production, then stage: pilot) instead of taking the last one', async () => {
    const repo = await scratchRepo({ 'ai/two/readiness.yml': await readCorpus('duplicate-stage.readiness.yml') })
    const report = await gate(repo.root)
    expectFinding(report, { rule: 'manifest.parse', file: 'ai/two/readiness.yml', line: 6, message: /written twice/ })
    expect(report.systems[0]).toMatchObject({ stage: null, passed: false })
  })
})

describe('size: a 2 GB sparse file, a 10 MB CSV line, a gzip bomb', () => {
  it('refuses a 2 GB sparse evidence file of zeros as binary without reading it', async () => {
    const repo = await exampleRepo(DIR)
    await sparseFile(path.join(repo.root, DIR, 'perf/k6-summary.json'), TWO_GB)
    const { value: report, bytes } = await bytesReadBy(() => gate(repo.root))
    expect(bytes).toBeLessThan(READ_BOUND_BYTES)
    expectFinding(report, {
      rule: 'load.production-volume',
      file: MANIFEST,
      line: at('file: perf/k6-summary.json'),
      message: /"ai\/triage\/perf\/k6-summary.json" is binary, not a text report/
    })
  })

  it('stops at the first bad character of a 2 GB sparse XML report that starts as a real one', async () => {
    const repo = await exampleRepo(DIR)
    const real = readFileSync(path.join(EXAMPLE, 'reports/integration.xml'), 'utf8').replace('</testsuites>\n', '')
    const head = Buffer.from(real + `  <testsuite name="padding">\n${'    <testcase name="padding"/>\n'.repeat(3000)}`)
    await sparseFile(path.join(repo.root, DIR, 'reports/integration.xml'), TWO_GB, head)
    const { value: report, bytes } = await bytesReadBy(() => gate(repo.root))
    expect(bytes).toBeLessThan(READ_BOUND_BYTES)
    const lines = head.toString().split('\n').length
    expectFinding(report, {
      rule: 'integration.tested',
      file: `${DIR}/reports/integration.xml`,
      line: lines,
      message: /is not well-formed XML: disallowed character/
    })
  })

  it('stops a 2 GB sparse NDJSON or JTL CSV at its first overlong line', async () => {
    const repo = await scratchRepo()
    const k6Line = '{"type":"Point","metric":"http_reqs","data":{"time":"2026-11-18T09:00:00Z","value":1,"tags":{}}}\n'
    const jtlHeader =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n'
    const jtlLine = '1763456400000,120,GET /ticket,200,OK,Thread Group 1-1,text,true,,512,128,1,1,http://x/ticket,100,0,10\n'
    await sparseFile(path.join(repo.root, 'out.ndjson'), TWO_GB, Buffer.from(k6Line.repeat(2000)))
    await sparseFile(path.join(repo.root, 'results.jtl'), TWO_GB, Buffer.from(jtlHeader + jtlLine.repeat(2000)))
    for (const [name, message, line] of [
      ['out.ndjson', /line 2001 is longer than 1024 KiB; it is not a k6 JSON line/, 2001],
      ['results.jtl', /a record starting on line 2002 is longer than 16.0 MiB/, 2002]
    ] as const) {
      const { value: parsed, bytes } = await bytesReadBy(async () => {
        const opened = await openEvidenceFile(repo.root, repo.root, name)
        if (!opened.ok) throw new Error(opened.message)
        return parseEvidence(opened.source)
      })
      expect(bytes).toBeLessThan(READ_BOUND_BYTES)
      expect(parsed).toMatchObject({ ok: false, line })
      expect((parsed as { message: string }).message).toMatch(message)
    }
  })

  it('refuses a 2 GB sparse manifest by its size before reading it', async () => {
    const repo = await scratchRepo()
    await sparseFile(path.join(repo.root, 'ai/huge/readiness.yml'), TWO_GB, Buffer.from('system: huge\nstage: pilot\n'))
    const { value: report, bytes } = await bytesReadBy(() => gate(repo.root))
    expect(bytes).toBeLessThan(READ_BOUND_BYTES)
    expectFinding(report, { rule: 'manifest.file', file: 'ai/huge/readiness.yml', line: 1, message: /is 1\.9 GiB, over the 256\.0 KiB limit/ })
  })

  it('reads a JMeter CSV whose label is 10 MB long, and refuses a 20 MB line', async () => {
    const repo = await scratchRepo()
    const header =
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n'
    const row = (start: number, label: string): string =>
      `${1763456400000 + start},120,${label},200,OK,Thread Group 1-1,text,true,,512,128,1,1,http://x/ticket,100,0,10\n`
    await writeFile(path.join(repo.root, 'long-label.jtl'), header + row(0, 'GET /ticket') + row(500, 'x'.repeat(10 * 1024 * 1024)) + row(1000, 'GET /ticket'))
    await writeFile(path.join(repo.root, 'too-long.jtl'), header + row(0, 'GET /ticket') + row(500, 'x'.repeat(20 * 1024 * 1024)))
    const parse = async (name: string) => {
      const opened = await openEvidenceFile(repo.root, repo.root, name)
      if (!opened.ok) throw new Error(opened.message)
      return parseEvidence(opened.source)
    }
    const long = await parse('long-label.jtl')
    expect(long).toMatchObject({ ok: true, format: 'jmeter-jtl-csv', evidence: { requests: 3, failed: 0, latencyMs: { p95: 120 } } })
    const tooLong = await parse('too-long.jtl')
    expect(tooLong).toMatchObject({ ok: false, line: 3 })
    expect((tooLong as { message: string }).message).toMatch(/a record starting on line 3 is longer than 16\.0 MiB/)
  })

  it('refuses a gzip bomb named .ndjson.gz as a bomb, after inflating a few MiB of its 5 GiB', async () => {
    const repo = await exampleRepo(DIR)
    // Real k6 lines, then 64 MiB gzip members of newlines repeated: 5 MB on disk, 5 GiB inflated.
    const k6 = gzipSync('{"type":"Point","metric":"http_reqs","data":{"time":"2026-11-18T09:00:00Z","value":1,"tags":{}}}\n'.repeat(100))
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x0a), { level: 9 })
    await writeFile(path.join(repo.root, DIR, 'perf/out.ndjson.gz'), Buffer.concat([k6, ...Array<Buffer>(80).fill(member)]))
    await writeFile(path.join(repo.root, MANIFEST), MANIFEST_TEXT.replace('file: perf/k6-summary.json', 'file: perf/out.ndjson.gz'))
    const report = await gate(repo.root)
    const [finding] = findingsOf(report, 'load.production-volume')
    expectFinding(report, {
      rule: 'load.production-volume',
      file: MANIFEST,
      line: at('file: perf/k6-summary.json'),
      message:
        /"ai\/triage\/perf\/out\.ndjson\.gz" inflates more than 100 times its compressed size \(\d+\.\d MiB from the first [\d.]+ KiB\); refusing a possible gzip bomb/
    })
    // Refused by ratio as soon as 16 MiB have come out (the floor below which a ratio is not judged), not at the 4 GiB cap.
    const inflatedMiB = Number(/\((\d+\.\d) MiB from/.exec(finding!.message)![1])
    expect(inflatedMiB).toBeLessThanOrEqual(17)
  }, 30_000)

  it('detects the format of a head of 64 KiB of blank lines in one pass, and names none', async () => {
    // Format detectors once matched indentation with \s* at every line start: over a run of blank lines each
    // start swallowed the rest of the run and backtracked (about 10 s for one detector, one never returned).
    const blank = '\n'.repeat(70_000)
    const repo = await scratchRepo({ 'blank.txt': blank, 'rules.yml': `groups:\n${blank}`, 'drift.yml': `calculators:\n${blank}`, 'drift.toml': `${blank}x` })
    for (const name of ['blank.txt', 'rules.yml', 'drift.yml', 'drift.toml']) {
      const opened = await openEvidenceFile(repo.root, repo.root, name)
      if (!opened.ok) throw new Error(opened.message)
      const parsed = await parseEvidence(opened.source)
      expect(parsed).toMatchObject({ ok: false })
      expect((parsed as { message: string }).message).toMatch(new RegExp(`^"${name.replace('.', '\\.')}" `))
    }
  })

  it('fails a truncated gzip file and a corrupt one', async () => {
    const real = readFileSync(path.join(EXAMPLE, 'reports/integration.xml'))
    const gz = gzipSync(real)
    const corrupt = Buffer.from(gz)
    corrupt.fill(0x55, 20, 40)
    const { report } = await exampleWith({ 'reports/integration.xml': gz.subarray(0, gz.length - 30), 'reports/edge-cases.xml': corrupt })
    for (const rule of ['integration.tested', 'data.edge-cases']) {
      const [finding] = findingsOf(report, rule)
      expect(finding).toMatchObject({ status: 'fail' })
      expect(finding!.message).toMatch(/gzip|unexpected end|ends before|truncated|incorrect header|invalid/i)
    }
  })
})

describe('binary data, encodings and BOMs', () => {
  it('refuses PNG bytes named .json as binary', async () => {
    const { report } = await exampleWith({ 'perf/k6-summary.json': await readCorpus('binary.json') })
    expectFinding(report, { rule: 'load.production-volume', file: MANIFEST, line: at('file: perf/k6-summary.json'), message: /is binary, not a text report/ })
  })

  it('refuses evidence and a manifest that are not valid UTF-8, with a plain sentence', async () => {
    const { report } = await exampleWith({ 'perf/k6-summary.json': await readCorpus('invalid-utf8.k6.json') })
    expectFinding(report, { rule: 'load.production-volume', file: MANIFEST, message: /"ai\/triage\/perf\/k6-summary\.json" is not valid UTF-8 text/ })
    const repo = await scratchRepo({
      'ai/bad/readiness.yml': Buffer.concat([Buffer.from('system: bad\nstage: pilot\nnote: '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n')])
    })
    expectFinding(await gate(repo.root), { rule: 'manifest.file', file: 'ai/bad/readiness.yml', line: 1, message: /is not valid UTF-8 text/ })
  })

  it('reads a manifest with a UTF-8 BOM, and one in UTF-16 (LE and BE) with a BOM, exactly like the plain one', async () => {
    const utf16be = Buffer.from(`\uFEFF${MANIFEST_TEXT}`, 'utf16le').swap16()
    for (const encoded of [Buffer.from(`\uFEFF${MANIFEST_TEXT}`, 'utf8'), Buffer.from(`\uFEFF${MANIFEST_TEXT}`, 'utf16le'), utf16be]) {
      const { report } = await exampleWith({ 'readiness.yml': encoded })
      expect(report.systems[0]).toMatchObject({ name: 'support-triage', passed: true, score: { passed: 24, required: 24 } })
    }
  })

  it('reads a UTF-16 JUnit report with a BOM, and refuses one without (NUL bytes: binary)', async () => {
    const xml = readFileSync(path.join(EXAMPLE, 'reports/integration.xml'), 'utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"')
    const { report } = await exampleWith({ 'reports/integration.xml': Buffer.from(`\uFEFF${xml}`, 'utf16le') })
    expect(findingsOf(report, 'integration.tested')).toEqual([expect.objectContaining({ status: 'pass' })])
    const { report: noBom } = await exampleWith({ 'reports/integration.xml': Buffer.from(xml, 'utf16le') })
    expectFinding(noBom, { rule: 'integration.tested', file: MANIFEST, line: at('file: reports/integration.xml'), message: /is binary, not a text report/ })
  })
})

describe('XML: entity expansion and external entities are never resolved', () => {
  it('refuses a billion-laughs JUnit report at its DOCTYPE, expanding nothing', async () => {
    const value = await exampleWith({ 'reports/integration.xml': await readCorpus('billion-laughs.junit.xml') })
    expectFinding(value.report, {
      rule: 'integration.tested',
      file: `${DIR}/reports/integration.xml`,
      message: /declares XML entities in a DOCTYPE; the gate never expands them/
    })
    expect(JSON.stringify(value.report)).not.toContain('lollol')
  })

  it.each([
    ['xxe-file.junit.xml', /declares XML entities in a DOCTYPE/],
    ['xxe-parameter.junit.xml', /declares XML entities in a DOCTYPE/],
    ['external-dtd.junit.xml', /is not well-formed XML: undefined entity/]
  ])('refuses %s and never reads the file it names', async (name, message) => {
    const { report } = await exampleWith({ 'reports/integration.xml': await readCorpus(name) })
    expectFinding(report, { rule: 'integration.tested', file: `${DIR}/reports/integration.xml`, message })
    expectNoSecret(report)
  })

  it('refuses an external entity pointing at a secret file outside the repository; the secret is in no output', async () => {
    const secretUrl = `file://${path.join(outside.dir, 'secret.txt')}`
    const junit = (await readCorpus('xxe-file.junit.xml')).toString().replace('file:///etc/passwd', secretUrl)
    const jtl = (await readCorpus('xxe.jmeter.jtl')).toString().replace('file:///etc/passwd', secretUrl)
    const { report } = await exampleWith({
      'reports/integration.xml': junit,
      'perf/results.jtl': jtl,
      'readiness.yml': MANIFEST_TEXT.replace('file: perf/k6-summary.json', 'file: perf/results.jtl')
    })
    expectFinding(report, { rule: 'integration.tested', file: `${DIR}/reports/integration.xml`, line: 4, message: /declares XML entities/ })
    expectFinding(report, {
      rule: 'load.production-volume',
      file: `${DIR}/perf/results.jtl`,
      message: /declares a DOCTYPE; JMeter never writes one, and the gate does not read DTDs or expand their entities/
    })
    expectNoSecret(report)
  })
})

describe('symlinks out of the repository and symlink loops', () => {
  it('refuses evidence that is a symlink out of the repository or a symlink loop; the target is never read', async () => {
    const repo = await exampleRepo(DIR)
    const system = path.join(repo.root, DIR)
    await rm(path.join(system, 'perf/k6-summary.json'))
    await symlink(path.join(outside.dir, 'secret.txt'), path.join(system, 'perf/k6-summary.json'))
    await rm(path.join(system, 'reports/integration.xml'))
    await symlink('loop-b.xml', path.join(system, 'reports/integration.xml'))
    await symlink('integration.xml', path.join(system, 'reports/loop-b.xml'))
    const report = await gate(repo.root)
    expectFinding(report, {
      rule: 'load.production-volume',
      file: MANIFEST,
      line: at('file: perf/k6-summary.json'),
      message: /"ai\/triage\/perf\/k6-summary\.json" is a symlink that points outside the repository/
    })
    expectFinding(report, {
      rule: 'integration.tested',
      file: MANIFEST,
      line: at('file: reports/integration.xml'),
      message: /"ai\/triage\/reports\/integration\.xml" is a symlink loop/
    })
    expectNoSecret(report)
  })

  it('refuses a sign-off that is a symlink out of the repository', async () => {
    const repo = await exampleRepo(DIR)
    const target = path.join(outside.dir, 'legal.yml')
    await writeFile(target, readFileSync(path.join(EXAMPLE, 'compliance/legal.yml')))
    await rm(path.join(repo.root, DIR, 'compliance/legal.yml'))
    await symlink(target, path.join(repo.root, DIR, 'compliance/legal.yml'))
    expectFinding(await gate(repo.root), {
      rule: 'signoff.legal',
      file: MANIFEST,
      line: at('file: compliance/legal.yml'),
      message: /is a symlink that points outside the repository/
    })
  })

  it('refuses a manifest that is a symlink out of the repository (to a manifest that would pass) or a loop', async () => {
    const repo = await scratchRepo()
    await mkdir(path.join(repo.root, 'ai/outside'), { recursive: true })
    await symlink(path.join(outside.dir, 'readiness.yml'), path.join(repo.root, 'ai/outside/readiness.yml'))
    await mkdir(path.join(repo.root, 'ai/loop'), { recursive: true })
    await symlink('readiness.yml', path.join(repo.root, 'ai/loop/readiness.yml'))
    const report = await gate(repo.root)
    expectFinding(report, {
      rule: 'manifest.file',
      file: 'ai/outside/readiness.yml',
      line: 1,
      message: /^The manifest "ai\/outside\/readiness\.yml" is a symlink that points outside the repository\.$/
    })
    expectFinding(report, {
      rule: 'manifest.file',
      file: 'ai/loop/readiness.yml',
      line: 1,
      message: /^The manifest "ai\/loop\/readiness\.yml" is a symlink loop\.$/
    })
    expect(report.passed).toBe(false)
    expect(JSON.stringify(report)).not.toContain('outside-system')
  })

  it('does not walk a folder named in the manifests input that is a symlink out of the repository', async () => {
    const repo = await scratchRepo({ 'ai/a/readiness.yml': MANIFEST_TEXT })
    // The pull request replaces a folder the workflow names with a link to the filesystem root, or to a
    // folder outside that holds a manifest (which would be found if the link were walked).
    await symlink('/', path.join(repo.root, 'systems'))
    await symlink(outside.dir, path.join(repo.root, 'elsewhere'))
    const elsewhere = await gate(repo.root, { manifests: ['elsewhere'] })
    expect(elsewhere.systems).toEqual([])
    expect(JSON.stringify(elsewhere)).not.toContain('outside-system')
    const report = await gate(repo.root, { manifests: ['systems'] })
    expect(report.systems).toEqual([])
    expect(report.notices).toEqual([expect.objectContaining({ rule: 'manifest.missing', status: 'fail', file: 'systems', line: 1 })])
    expect(report.passed).toBe(false)
  })
})

describe('paths: .., absolute, Windows separators, NUL bytes', () => {
  const cases: Array<[string, RegExp]> = [
    ['../../../../../../etc/passwd', /"\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" points outside the repository/],
    ['perf/../../../../secret.txt', /"perf\/\.\.\/\.\.\/\.\.\/\.\.\/secret\.txt" points outside the repository/],
    ['/etc/passwd', /"\/etc\/passwd" is absolute; write it relative to the manifest/],
    ['C:/Windows/win.ini', /is absolute/],
    ['..\\\\..\\\\secret.txt', /uses backslashes; write it with forward slashes/],
    ['perf\\\\k6-summary.json', /uses backslashes/],
    ['"perf/k6-summary.json\\u0000.png"', /contains a NUL byte/],
    ['file:///etc/passwd', /does not exist/]
  ]
  it.each(cases)('refuses evidence at %s', async (written, message) => {
    const { report } = await exampleWith({ 'readiness.yml': MANIFEST_TEXT.replace('file: perf/k6-summary.json', `file: ${written}`) })
    expectFinding(report, { rule: 'load.production-volume', file: MANIFEST, line: at('file: perf/k6-summary.json'), message })
    expectNoSecret(report)
  })

  it('refuses an alert runbook that is a symlink out of the repository, at the rule; the target is never read', async () => {
    const repo = await exampleRepo(DIR)
    const runbook = path.join(repo.root, DIR, 'runbooks/routing-accuracy.md')
    await rm(runbook)
    await symlink(path.join(outside.dir, 'secret.txt'), runbook)
    const report = await gate(repo.root)
    const alerts = readFileSync(path.join(EXAMPLE, 'monitoring/alerts.yml'), 'utf8')
    expectFinding(report, {
      rule: 'incident.runbooks',
      file: `${DIR}/monitoring/alerts.yml`,
      line: lineOf(alerts, 'runbook_url: ../runbooks/routing-accuracy.md'),
      message: /"ai\/triage\/runbooks\/routing-accuracy\.md" is a symlink that points outside the repository/
    })
    expectNoSecret(report)
  })

  it('refuses a sign-off and a rollback plan outside the repository', async () => {
    const manifest = MANIFEST_TEXT.replace('file: compliance/legal.yml', 'file: ../../../etc/passwd').replace('plan: runbooks/rollback.md', 'plan: /etc/passwd')
    const { report } = await exampleWith({ 'readiness.yml': manifest })
    expectFinding(report, { rule: 'signoff.legal', file: MANIFEST, line: at('file: compliance/legal.yml'), message: /points outside the repository/ })
    const [rollback] = findingsOf(report, 'rollback.tested')
    expect(rollback).toMatchObject({ status: 'fail', file: MANIFEST })
    expect(rollback!.message).toMatch(/absolute/)
    expectNoSecret(report)
  })

  it('reports manifests inputs outside the repository as missing, and evaluates nothing there', async () => {
    const repo = await scratchRepo()
    const report = await gate(repo.root, { manifests: ['../outside/readiness.yml', outside.dir, path.join(outside.dir, 'readiness.yml')] })
    expect(report.systems).toEqual([])
    expect(report.notices.map((notice) => [notice.rule, notice.status])).toEqual([
      ['manifest.missing', 'fail'],
      ['manifest.missing', 'fail'],
      ['manifest.missing', 'fail']
    ])
    expect(report.passed).toBe(false)
  })
})

describe('numbers YAML can write but JSON cannot: .inf, 1e999, .nan', () => {
  it('refuses them in a manifest, at their lines, instead of letting an infinite budget pass the cost projection', async () => {
    const manifest = MANIFEST_TEXT.replace('monthly-budget-usd: 4000', 'monthly-budget-usd: .inf')
      .replace('peak-rps: 40', 'peak-rps: 1e999')
      .replace('p95-ms: 800', 'p95-ms: .nan')
    const { report } = await exampleWith({ 'readiness.yml': manifest })
    // Told once, under the requirement that reads the key (one finding per problem).
    expectFinding(report, {
      rule: 'cost.projection',
      status: 'fail',
      file: MANIFEST,
      line: lineOf(manifest, 'monthly-budget-usd'),
      message: /^`evidence\.cost\.monthly-budget-usd` must be a number, not number Infinity\.$/
    })
    expectFinding(report, {
      rule: 'manifest.schema',
      file: MANIFEST,
      line: lineOf(manifest, 'peak-rps'),
      message: /^`volume\.peak-rps` must be a number, not number Infinity\.$/
    })
    expectFinding(report, {
      rule: 'manifest.schema',
      file: MANIFEST,
      line: lineOf(manifest, 'p95-ms'),
      message: /^`evidence\.slo\.p95-ms` must be a number, not number NaN\.$/
    })
    expect(report.passed).toBe(false)
  })

  it('refuses them in a policy: an evidence age of infinity is an invalid policy, not a gate that never ages', () => {
    const text = 'thresholds:\n  max-evidence-age-days: .inf\n  max-fairness-disparity: .nan\n  min-cost-headroom: 1e999\nwaivers:\n  max-days: 1e999\n'
    const result = parsePolicy(text, '.github/readiness-policy.yml')
    expect(result.ok).toBe(false)
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.message])).toEqual([
      [2, '`thresholds.max-evidence-age-days` must be an integer, not number Infinity.'],
      [
        3,
        '`thresholds.max-fairness-disparity` must be a fraction or a percentage, not NaN; write a fraction below 1 (0.01 means 1%) or a percentage in quotes ("1%").'
      ],
      [4, '`thresholds.min-cost-headroom` must be a number, not number Infinity.'],
      [6, '`waivers.max-days` must be an integer, not number Infinity.']
    ])
  })
})

describe('a manifest without a system name', () => {
  it('says so when its sign-off names a system, instead of printing "undefined"', async () => {
    const manifest = MANIFEST_TEXT.replace('system: support-triage\n', '')
    const { report } = await exampleWith({ 'readiness.yml': manifest })
    expectFinding(report, {
      rule: 'signoff.legal',
      file: `${DIR}/compliance/legal.yml`,
      line: 2,
      message: /^"ai\/triage\/compliance\/legal\.yml" signs off system "support-triage", but the manifest names no system\.$/
    })
    expect(JSON.stringify(report)).not.toContain('undefined')
  })
})

describe('evidence for another model, from the future, and waivers at their expiry', () => {
  it('fails evaluation evidence for another model version, at the version line of the evidence', async () => {
    const evaluation = readFileSync(path.join(EXAMPLE, 'eval/production-sample.yml'), 'utf8').replace('model-version: "4.1.0"', 'model-version: "3.9.0"')
    const { report } = await exampleWith({ 'eval/production-sample.yml': evaluation })
    expectFinding(report, {
      rule: 'data.production-evaluation',
      file: `${DIR}/eval/production-sample.yml`,
      line: 3,
      message: /is for model version 3\.9\.0, but the manifest claims 4\.1\.0/
    })
  })

  it('fails evidence dated in the future, by its own timestamp and by the manifest date', async () => {
    const junit = readFileSync(path.join(EXAMPLE, 'reports/integration.xml'), 'utf8').replace(/2026-11-18T09:12:\d\d/g, '2099-01-01T00:00:00')
    const manifest = MANIFEST_TEXT.replace(/(file: perf\/k6-summary\.json\n\s+date: )2026-11-16/, '$12027-06-01')
    expect(manifest).not.toBe(MANIFEST_TEXT)
    const { report } = await exampleWith({ 'reports/integration.xml': junit, 'readiness.yml': manifest })
    expectFinding(report, {
      rule: 'integration.tested',
      file: MANIFEST,
      line: at('file: reports/integration.xml'),
      message: /is dated 2099-01-01, in the future \(by its own timestamp\)/
    })
    expectFinding(report, {
      rule: 'load.production-volume',
      file: MANIFEST,
      line: at('file: perf/k6-summary.json'),
      message: /is dated 2027-06-01, in the future/
    })
  })

  describe('a waiver', () => {
    // The rollback was rehearsed 400 days ago; a waiver by the allowed approver covers it.
    const waived = (expires: string): string =>
      MANIFEST_TEXT.replace('tested-on: 2026-11-05', 'tested-on: 2025-10-18') +
      `waivers:\n  - requirement: rollback.tested\n    reason: rehearsal booked after the vendor migration\n    approved-by: "@frank"\n    approved-on: 2026-11-01\n    expires: ${expires}\n`

    it('counts through the whole of its expiry day (UTC), to the last second', async () => {
      for (const now of [NOW, new Date('2026-11-22T23:59:59.999Z')]) {
        const { report } = await exampleWith({ 'readiness.yml': waived('2026-11-22') }, { now })
        expect(findingsOf(report, 'rollback.tested').map((finding) => finding.status)).toEqual(['waived'])
        expect(report.passed).toBe(true)
      }
    })

    it('fails closed the day after it expires, from midnight UTC', async () => {
      const expectExpired = (report: Report, expires: string): void => {
        const text = waived(expires)
        expectFinding(report, {
          rule: 'rollback.tested',
          file: MANIFEST,
          line: lineOf(text, `expires: ${expires}`),
          message: new RegExp(`^The waiver for rollback\\.tested does not count: it expired on ${expires}\\.$`)
        })
        expect(report.passed).toBe(false)
      }
      expectExpired((await exampleWith({ 'readiness.yml': waived('2026-11-21') })).report, '2026-11-21')
      expectExpired((await exampleWith({ 'readiness.yml': waived('2026-11-22') }, { now: new Date('2026-11-23T00:00:00Z') })).report, '2026-11-22')
    })
  })
})

describe('a manifest at the repository root', () => {
  it('points a parse failure of its evidence at the evidence line, as it does for a manifest in a folder', async () => {
    const broken = readFileSync(path.join(EXAMPLE, 'reports/integration.xml'), 'utf8').replace('</testsuites>', '</testsuite>')
    // The stray close tag is the last line.
    const line = broken.trimEnd().split('\n').length
    const inFolder = await exampleRepo(DIR, { [`${DIR}/reports/integration.xml`]: broken })
    const atRoot = await exampleRepo('.', { 'reports/integration.xml': broken })
    expect(findingsOf(await gate(inFolder.root), 'integration.tested')).toEqual([
      expect.objectContaining({ status: 'fail', file: `${DIR}/reports/integration.xml`, line })
    ])
    expect(findingsOf(await gate(atRoot.root), 'integration.tested')).toEqual([
      expect.objectContaining({ status: 'fail', file: 'reports/integration.xml', line })
    ])
  })
})

it('no hostile file makes the gate pass', async () => {
  // The corpus as a whole, linked from one system: every file fails its requirement.
  const { report } = await exampleWith({
    'reports/integration.xml': await readCorpus('xxe-file.junit.xml'),
    'reports/edge-cases.xml': await readCorpus('billion-laughs.junit.xml'),
    'reports/resilience.xml': await readCorpus('external-dtd.junit.xml'),
    'perf/k6-summary.json': await readCorpus('binary.json')
  })
  expect(report.passed).toBe(false)
  expect(
    failures(report)
      .map((finding) => finding.rule)
      .sort()
  ).toEqual(['data.edge-cases', 'integration.tested', 'load.production-volume', 'resilience.fallback'])
})
