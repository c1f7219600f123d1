// Output safety: text a pull request controls — a system name the schema rejects (the report still
// names the system by it), YAML values that flow into messages, test names and failure messages in a
// JUnit report, file and folder names — carrying markdown, HTML, @mentions, #123 references, control
// characters (ANSI escapes, OSC 8 links, CR), workflow-command syntax and 10,000-character lines.
// Every renderer must show it inertly: the check run title, summary and annotations, the job summary,
// the log annotations (workflow commands through @actions/core), and the CLI's text on a terminal.
import { readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runCli } from '../../src/cli/main.js'
import { emitLogAnnotations } from '../../src/github/log-annotations.js'
import { toAnnotations, type AnnotationOptions } from '../../src/render/annotations.js'
import { CHECK_SUMMARY_MAX_BYTES, JOB_SUMMARY_MAX_BYTES, renderCheckSummary, renderJobSummary, renderTitle } from '../../src/render/markdown.js'
import { renderText } from '../../src/render/text.js'
import type { Report } from '../../src/report/types.js'
import { EXAMPLE, EXAMPLE_POLICY_TEXT, gate, lineCount, NOW, policyOf, removeRepos, scratchRepo } from './support.js'

/** Hostile payloads, each between markers so its rendering can be found and checked on its own. */
const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<details><summary>open</summary>',
  '</details></td></tr></table>',
  '<!-- hidden -->',
  '@octocat and @github/security',
  '#123 and owner/repo#456 and GH-789',
  '**bold** _em_ ~~strike~~ `code`',
  '[click](https://evil.example) ![img](https://evil.example/x.png)',
  '| cell | break |',
  '\\| escaped pipe \\',
  '\u001b[31mRED\u001b[0m \u001b[2J\u001b[H',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\u009b31m C1 CSI',
  'carriage\rreturn and bell\u0007',
  '%0A::set-output name=passed::true',
  'line\n::error file=x::injected',
  'a,b:c %25 %3A %2C',
  'rtl \u202etxt.exe',
  '$$\\LaTeX$$'
]
const LONG = `long-${'y'.repeat(10_000)}`
const marked = (index: number, payload: string): string => `Kq${index}k${payload}Qk${index}q`
/** As a YAML double-quoted scalar, so control characters arrive through YAML escapes. */
const yamlString = (text: string): string => JSON.stringify(text).replace(/\\u001b/g, '\\e')

/** A folder and a file name a pull request can create: no slash and no NUL, everything else allowed. */
const HOSTILE_DIR = 'ai/<b>@octocat #1</b> a,b:c %0A [x](y) |\u001b[2J\u001b]0;pwned\u0007'
const HOSTILE_FILE = 'perf/@octocat #2 <i>x</i> a,b:c %0A\n::error::forged |\u001b[2J.json'

const POLICY = `${EXAMPLE_POLICY_TEXT}stages:\n  pilot: []\n  staging: [integration.tested, load.production-volume]\n  production: []\n`

let root: string
let report: Report

beforeAll(async () => {
  const repo = await scratchRepo()
  root = repo.root
  const points = PAYLOADS.map((payload, index) => `      - ${yamlString(marked(index, payload))}`).join('\n')
  // Valid names, hostile values: integration points that reach messages, and a hostile evidence file name.
  const manifest = `system: triage
stage: staging
model:
  version: 4.1.0
volume:
  peak-rps: 40
evidence:
  slo: { p95-ms: 800, error-rate: 0.01 }
  load-test:
    file: ${yamlString(HOSTILE_FILE)}
    date: 2026-11-16
  integration-tests:
    file: reports/integration.xml
    date: 2026-11-18
    points:
${points}
      - ${yamlString(LONG)}
`
  const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  // XML cannot carry control characters: the payloads without them go into test names and failure messages.
  const printable = PAYLOADS.map((payload, index) => [index, payload] as const).filter(([, payload]) => !/[\u0000-\u001f\u007f-\u009f]/.test(payload))
  const cases = printable
    .map(
      ([index, payload]) =>
        `    <testcase classname="crm" name="${xmlText(marked(index, payload))}"><failure message="${xmlText(marked(index, payload))}"/></testcase>`
    )
    .join('\n')
  const junit = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="integration" timestamp="2026-11-18T09:00:00">\n${cases}\n    <testcase classname="crm" name="long"><failure message="${LONG}"/></testcase>\n  </testsuite>\n</testsuites>\n`
  await repo.write({
    '.github/readiness-policy.yml': POLICY,
    'ai/triage/readiness.yml': manifest,
    'ai/triage/reports/integration.xml': junit,
    [`ai/triage/${HOSTILE_FILE}`]: '{"metrics": {"http_reqs": \n'
  })
  // A manifest in a hostile folder, whose system name the schema rejects: the report still names it by that text.
  const names = PAYLOADS.map((payload, index) => marked(index, payload)).join(' ')
  await mkdir(path.join(root, HOSTILE_DIR), { recursive: true })
  await writeFile(path.join(root, HOSTILE_DIR, 'readiness.yml'), `system: ${yamlString(names)}\nstage: pilot\n`)
  await mkdir(path.join(root, 'ai/long'), { recursive: true })
  await writeFile(path.join(root, 'ai/long/readiness.yml'), `system: ${yamlString(LONG)}\nstage: pilot\n`)
  report = await gate(root, { policy: policyOf(POLICY) })
})
afterAll(removeRepos)

// ---- what "inert" means --------------------------------------------------------------------------

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/
/** Annotations are plain text that may span lines (escaped for the log by @actions/core); nothing else invisible. */
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/

/** The rendered text of payload `index` wherever it appears (between its markers). */
function renderings(output: string, index: number): string[] {
  // Within one line, and not across another payload's opening marker (a truncated payload loses its closing one).
  return [...output.matchAll(new RegExp(`Kq${index}k((?:(?!Kq\\d+k)[^\\n])*?)Qk${index}q`, 'g'))].map((match) => match[1]!)
}

/** Markdown that shows repository text literally: checked on every rendering of every payload, and on the whole. */
function expectInertMarkdown(markdown: string): void {
  expect(markdown).not.toMatch(CONTROL)
  // The only HTML is the renderer's own collapsible section.
  for (const tag of markdown.match(/<\/?[A-Za-z!][^>]*>?/g) ?? []) expect(['<details>', '</details>', '<summary>', '</summary>']).toContain(tag)
  // Headings are the renderer's own.
  for (const line of markdown.split('\n').filter((l) => l.startsWith('#'))) expect(line).toMatch(/^#{2,3} (readiness-gate: |✅ |❌ )/)
  // Every table row has as many cell separators as its header.
  let columns = 0
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      columns = 0
      continue
    }
    const separators = (line.match(/(?<!\\)(?:\\\\)*\|/g) ?? []).length
    if (columns === 0) columns = separators
    else expect(separators).toBe(columns)
  }
  let found = 0
  PAYLOADS.forEach((_, index) => {
    for (const rendering of renderings(markdown, index)) {
      found++
      // A code span (backticks around text with none inside) is inert by itself: GitHub renders no HTML,
      // mentions nobody and links no issue in code. The rest must be escaped.
      const codeSpans = rendering.match(/`[^`\n]+`/g) ?? []
      for (const span of codeSpans) expect(span.slice(1, -1)).not.toMatch(/`/)
      const text = rendering.replace(/`[^`\n]+`/g, '')
      expect(text).not.toMatch(/[<>]/)
      expect(text).not.toMatch(/@(?=[A-Za-z0-9])/)
      expect(text).not.toMatch(/#(?=\d)|\bGH-(?=\d)/i)
      // Markdown punctuation is escaped (each one preceded by a backslash that is not itself escaped).
      expect(text.replace(/\\[\\`*_[\]|~$]/g, '')).not.toMatch(/[\\`*_[\]|~$]/)
    }
  })
  expect(found).toBeGreaterThan(0)
  expect(markdown).not.toContain('y'.repeat(1000))
}

describe('the check run and the job summary', () => {
  it('render every payload inertly, in the full summary and in each degraded one', () => {
    const full = renderCheckSummary(report)
    expect(full).toContain('<details>')
    for (const markdown of [full, renderJobSummary(report), renderCheckSummary(report, { maxBytes: 8_000 }), renderCheckSummary(report, { maxBytes: 2_000 })])
      expectInertMarkdown(markdown)
    expect(Buffer.byteLength(full)).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_BYTES)
    expect(Buffer.byteLength(renderJobSummary(report))).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES)
  })

  it('shows every payload of a message, escaped, rather than dropping it', () => {
    const summary = renderCheckSummary(report)
    // The integration point names reach the summary through the messages about them.
    for (const index of PAYLOADS.keys()) expect(renderings(summary, index).length).toBeGreaterThan(0)
    expect(summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(summary).toContain('@\u200boctocat')
    expect(summary).toContain('#\u200b123')
  })

  it('keeps the title one line of at most 255 characters, with no control characters', () => {
    const title = renderTitle(report)
    expect(Array.from(title).length).toBeLessThanOrEqual(255)
    expect(title).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/)
  })

  it('gives annotations plain one-line titles and messages with no control characters but line breaks', () => {
    const plan = toAnnotations(report, { isRepoLine: repoLines(), rootPrefix: '' })
    expect(plan.annotations.length).toBeGreaterThan(10)
    expect(plan.annotations.map((annotation) => annotation.path)).toContain(`ai/triage/${HOSTILE_FILE}`)
    for (const annotation of plan.annotations) {
      expect(Array.from(annotation.title ?? '').length).toBeLessThanOrEqual(255)
      expect(annotation.title).not.toMatch(CONTROL)
      expect(annotation.title).not.toContain('\n')
      expect(annotation.message).not.toMatch(CONTROL_BUT_LINE_BREAKS)
      expect(Buffer.byteLength(annotation.message)).toBeLessThanOrEqual(64 * 1024)
    }
  })
})

/** Whether a report location is a real line of a file in the temporary repository. */
function repoLines(): AnnotationOptions['isRepoLine'] {
  return (file, line) => {
    try {
      return line >= 1 && line <= lineCount(readFileSync(path.join(root, file)))
    } catch {
      return false
    }
  }
}

describe('log annotations (workflow commands through @actions/core)', () => {
  function captureStdout(run: () => void): string {
    const write = process.stdout.write.bind(process.stdout)
    let out = ''
    process.stdout.write = (chunk: string | Uint8Array): boolean => {
      out += chunk.toString()
      return true
    }
    try {
      run()
    } finally {
      process.stdout.write = write
    }
    return out
  }

  const unescapeData = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
  const unescapeProperty = (text: string): string => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','))

  it('escapes %, CR, LF, : and , so no payload starts or forges a command', async () => {
    const core = await import('@actions/core')
    let count = { errors: 0, warnings: 0, omitted: 0 }
    const stdout = captureStdout(() => {
      count = emitLogAnnotations(report, { isRepoLine: repoLines(), rootPrefix: '' }, core)
    })
    const lines = stdout.split('\n').filter(Boolean)
    const commands = lines.filter((line) => line.startsWith('::'))
    expect(commands).toHaveLength(count.errors + count.warnings)
    expect(count.errors).toBe(10)
    // Every other line is the one plain note; no payload made a line of its own.
    expect(lines.filter((line) => !line.startsWith('::'))).toEqual([expect.stringMatching(/^readiness-gate: \d+ more findings are listed in the job summary/)])
    for (const line of commands) {
      const match = /^::(error|warning) ([^:]*)::(.*)$/.exec(line)
      expect(match).not.toBeNull()
      const [, , properties, message] = match!
      expect(line).not.toMatch(/\r/)
      const parsed = Object.fromEntries(
        properties!.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), unescapeProperty(pair.slice(pair.indexOf('=') + 1))])
      )
      expect(Object.keys(parsed).every((key) => ['title', 'file', 'line', 'endLine'].includes(key))).toBe(true)
      // What the runner decodes is readable text: no terminal escapes reach the log.
      expect(unescapeData(message!)).not.toMatch(CONTROL_BUT_LINE_BREAKS)
      expect(parsed.title).not.toMatch(CONTROL)
    }
    // The hostile file's annotation names it exactly, with its comma, colon, percent sign and line break escaped.
    const onFile = commands.find((line) => line.includes(`file=perf`) || line.includes('file=ai/triage/perf'))
    expect(onFile).toBeDefined()
    expect(onFile).toContain('a%2Cb%3Ac %250A%0A%3A%3Aerror%3A%3Aforged')
  })
})

describe('the CLI on a terminal', () => {
  /** The renderer's own colours are the only escape sequences allowed. */
  const withoutOwnColours = (text: string): string => text.replace(/\u001b\[(?:0|1|2|31|32|33)m/g, '')

  it('prints no raw control character or escape sequence from the repository, with colour or without', async () => {
    for (const color of [false, true]) {
      let out = ''
      let err = ''
      const code = await runCli(['check', '--root', root, '--now', NOW.toISOString()], {
        cwd: root,
        stdout: (text) => (out += text),
        stderr: (text) => (err += text),
        color,
        now: NOW
      })
      expect(code).toBe(1)
      expect(err).toBe('')
      expect(withoutOwnColours(out)).not.toMatch(CONTROL)
      expect(withoutOwnColours(renderText(report, { color }))).not.toMatch(CONTROL)
      // Line breaks in names and messages do not make lines of their own.
      for (const line of withoutOwnColours(out).split('\n')) expect(line).not.toMatch(/^::/)
      expect(out).toContain('\\x1b[31mRED\\x1b[0m')
    }
  })

  it('prints errors about an invalid policy and an unreadable evidence file inertly too', async () => {
    const repo = await scratchRepo({
      '.github/readiness-policy.yml': 'stages:\n  production: ["\\e[2Jno.such\\e]0;pwned\\a"]\n',
      'results.jtl': `timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n1763456400000,\u001b[2J12,GET,200,OK,T 1-1,text,true,,1,1,1,1,http://x,1,0,1\n`
    })
    const run = async (args: string[]): Promise<{ code: number; err: string }> => {
      let err = ''
      const code = await runCli(args, { cwd: repo.root, stdout: () => undefined, stderr: (text) => (err += text), color: true, now: NOW })
      return { code, err }
    }
    const policy = await run(['check', '--root', repo.root])
    expect(policy.code).toBe(2)
    expect(policy.err).toContain('names "\\x1b[2Jno.such\\x1b]0;pwned\\x07"')
    const inspect = await run(['inspect', 'results.jtl'])
    expect(inspect.code).toBe(1)
    expect(inspect.err).toContain('"\\x1b[2J12"')
    for (const err of [policy.err, inspect.err]) expect(err).not.toMatch(CONTROL)
  })

  it('writes markdown (--format markdown) as inert as the job summary', async () => {
    let out = ''
    await runCli(['check', '--root', root, '--now', NOW.toISOString(), '--format', 'markdown'], {
      cwd: root,
      stdout: (text) => (out += text),
      stderr: () => undefined,
      color: false,
      now: NOW
    })
    expectInertMarkdown(out)
  })
})

it('the hostile repository exercises every surface (so the checks above have something to check)', async () => {
  expect(report.systems.map((system) => system.manifest)).toEqual(expect.arrayContaining([`${HOSTILE_DIR}/readiness.yml`, 'ai/triage/readiness.yml']))
  const hostileSystem = report.systems.find((system) => system.manifest === `${HOSTILE_DIR}/readiness.yml`)!
  expect(hostileSystem.name).toContain('<img src=x onerror=alert(1)>')
  expect(hostileSystem.name).toContain('\u001b[31m')
  const onFile = report.systems.flatMap((system) => system.findings).find((finding) => finding.file === `ai/triage/${HOSTILE_FILE}`)
  expect(onFile).toMatchObject({ rule: 'load.production-volume', status: 'fail', line: 1 })
  expect(await readFile(path.join(EXAMPLE, 'readiness.yml'), 'utf8')).toContain('system: support-triage')
})
