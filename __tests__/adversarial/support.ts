// Shared by the adversarial suites: temporary repositories, the gate run on them, and the checks every
// hostile input must pass (no exception, a plain sentence, a line inside the file).
import { readFileSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect } from '@jest/globals'
import { runGate } from '../../src/gate.js'
import { parsePolicy } from '../../src/policy/load.js'
import type { Policy } from '../../src/policy/types.js'
import type { Finding, Report } from '../../src/report/types.js'
import { OFFLINE_TRUST, type TrustContext } from '../../src/trust/types.js'
import { tempRepo, type TempRepo } from '../support/temp-repo.js'

export const PROJECT = path.resolve('.')
export const CORPUS = path.join(PROJECT, '__tests__/adversarial/corpus')
export const FIXTURES = path.join(PROJECT, '__tests__/fixtures/evidence')
export const EXAMPLE = path.join(PROJECT, 'examples/production-ready')

/** The evaluation clock of every pure run: the examples are dated November 2026. */
export const NOW = new Date('2026-11-22T12:00:00Z')

/** What the repository's own policy says (365-day evidence age for the examples), with its signers and approver. */
export const EXAMPLE_POLICY_TEXT = `signers:
  legal: ["@erin"]
  security: ["@sam"]
waivers:
  max-days: 90
  approvers: ["@frank"]
thresholds:
  max-evidence-age-days: 365
  rollback-max-age-days: 365
`

export function policyOf(text: string): Policy {
  const result = parsePolicy(text, '.github/readiness-policy.yml')
  if (!result.ok) throw new Error(`test policy is invalid: ${JSON.stringify(result.errors)}`)
  return result.policy
}

export const EXAMPLE_POLICY = policyOf(EXAMPLE_POLICY_TEXT)

const repos: TempRepo[] = []

/** A temporary repository; removed by `removeRepos()` (call it in afterEach/afterAll). */
export async function scratchRepo(files: Record<string, string | Buffer> = {}): Promise<TempRepo> {
  const repo = await tempRepo(files)
  repos.push(repo)
  return repo
}

/** A temporary repository holding a copy of examples/production-ready under `dir`, plus `files`. */
export async function exampleRepo(dir = 'ai/support-triage', files: Record<string, string | Buffer> = {}): Promise<TempRepo> {
  const repo = await scratchRepo()
  await cp(EXAMPLE, path.join(repo.root, dir), { recursive: true })
  await repo.write(files)
  return repo
}

export async function removeRepos(): Promise<void> {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()))
}

export interface GateOptions {
  policy?: Policy
  trust?: TrustContext
  manifests?: string[]
  now?: Date
}

export function gate(root: string, options: GateOptions = {}): Promise<Report> {
  return runGate({
    root,
    ...(options.manifests ? { manifests: options.manifests } : {}),
    policy: options.policy ?? EXAMPLE_POLICY,
    policySource: 'test policy',
    now: options.now ?? NOW,
    trust: options.trust ?? OFFLINE_TRUST
  })
}

export const allFindings = (report: Report): Finding[] => [...report.notices, ...report.systems.flatMap((system) => system.findings)]
export const failures = (report: Report): Finding[] => allFindings(report).filter((finding) => finding.status === 'fail')
export const findingsOf = (report: Report, rule: string): Finding[] =>
  allFindings(report).filter((finding) => finding.rule === rule && finding.status !== 'not-required')

export interface Expected {
  rule: string
  status?: Finding['status']
  file: string
  line?: number
  message: RegExp
}

/** Exactly one finding of `rule` matches the file, line, status and message pattern. */
export function expectFinding(report: Report, expected: Expected): Finding {
  const candidates = findingsOf(report, expected.rule)
  const matching = candidates.filter(
    (finding) =>
      finding.file === expected.file &&
      (expected.line === undefined || finding.line === expected.line) &&
      finding.status === (expected.status ?? 'fail') &&
      expected.message.test(finding.message)
  )
  if (matching.length !== 1) {
    throw new Error(
      `expected one ${expected.rule} finding like ${JSON.stringify({ ...expected, message: String(expected.message) })}, got:\n${JSON.stringify(candidates, null, 2)}`
    )
  }
  return matching[0]!
}

/** Lines a text editor shows for this content. */
export function lineCount(content: string | Buffer): number {
  const text = typeof content === 'string' ? content : content.toString('latin1')
  if (text.length === 0) return 0
  const newlines = text.split('\n').length - 1
  return text.endsWith('\n') ? newlines : newlines + 1
}

/**
 * What every failure must be: one plain sentence (no stack, no "undefined", no "[object Object]"),
 * at a line inside the file it names (1..lines+1, the +1 for "at the end of the file").
 */
export function expectPlainFailure(message: string, line: number | undefined, content?: string | Buffer): void {
  expect(typeof message).toBe('string')
  expect(message.trim().length).toBeGreaterThan(0)
  expect(message).not.toMatch(/\bundefined\b(?! entity)|\[object Object\]|\n\s+at |^(Type|Range|Reference|Syntax)Error\b/)
  if (line !== undefined) {
    expect(Number.isInteger(line)).toBe(true)
    expect(line).toBeGreaterThanOrEqual(1)
    if (content !== undefined) expect(line).toBeLessThanOrEqual(lineCount(content) + 1)
  }
}

/** Every number anywhere in a value is finite: a parser never hands on NaN or Infinity as a measurement. */
export function nonFiniteNumbers(value: unknown, at = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${at} = ${value}`]
  if (Array.isArray(value)) return value.flatMap((item, index) => nonFiniteNumbers(item, `${at}[${index}]`))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => nonFiniteNumbers(item, `${at}.${key}`))
  return []
}

/** A scratch folder outside any repository (for files that must not be inside one, e.g. symlink targets). */
export async function scratchDir(prefix = 'rg-adv-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

export const readCorpus = (name: string): Promise<Buffer> => readFile(path.join(CORPUS, name))

/** Bytes this process read from files while `run` ran (Linux's rchar): a refusal that reads a 2 GB file shows here. */
export async function bytesReadBy<T>(run: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  const before = readChars()
  const value = await run()
  return { value, bytes: readChars() - before }
}

function readChars(): number {
  const match = /^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))
  if (!match) throw new Error('/proc/self/io has no rchar line')
  return Number(match[1])
}
