// One requirement judged on a small production manifest in a temporary repository, through runGate:
// the entry point that stays put however the evaluators are arranged. For tests that pin a verdict to
// its boundary (exactly at the limit passes, just past it fails).
import { requirementById } from '../../src/evaluate/catalog.js'
import { runGate } from '../../src/gate.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import { parsePolicy } from '../../src/policy/load.js'
import type { Policy } from '../../src/policy/types.js'
import type { Finding, Report } from '../../src/report/types.js'
import { OFFLINE_TRUST, type TrustContext } from '../../src/trust/types.js'
import { tempRepo, type TempRepo } from './temp-repo.js'

/** Midday, so a date is never exactly a whole number of days old. */
export const NOW = new Date('2026-11-22T12:00:00Z')
/** Midnight, so a date can be exactly N days old: the boundary itself. */
export const MIDNIGHT = new Date('2026-11-22T00:00:00Z')

export function policyOf(text: string): Policy {
  const result = parsePolicy(text, '.github/readiness-policy.yml')
  if (!result.ok) throw new Error(`test policy is invalid: ${JSON.stringify(result.errors)}`)
  return result.policy
}

const indent = (text: string): string => text.replace(/^(?=.)/gm, '  ')

/** A production manifest of system `sys` (model 1.0.0): `top` adds top-level sections, `evidence` entries under `evidence:`. */
export function manifest(evidence = '', top = ''): string {
  return `system: sys\nstage: production\nmodel:\n  version: 1.0.0\n${top}${evidence ? `evidence:\n${indent(evidence)}` : ''}`
}

export interface JudgeOptions {
  policy?: Policy
  trust?: TrustContext
  now?: Date
}

const repos: TempRepo[] = []

export async function removeJudgeRepos(): Promise<void> {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()))
}

/** Runs the gate on `files` (the manifest at `sys/readiness.yml`); the report and the findings of `rule`. */
export async function judge(rule: string, files: Record<string, string>, options: JudgeOptions = {}): Promise<{ report: Report; findings: Finding[] }> {
  const repo = await tempRepo(files)
  repos.push(repo)
  const policy = options.policy ?? DEFAULT_POLICY
  // Only the requirement under test is evaluated: the others would only add findings nobody reads.
  const required = requirementById(rule) ? { ...policy, stages: { pilot: [rule], staging: [rule], production: [rule] } } : policy
  const report = await runGate({ root: repo.root, policy: required, policySource: 'test', now: options.now ?? NOW, trust: options.trust ?? OFFLINE_TRUST })
  const findings = [...report.systems.flatMap((system) => system.findings), ...report.notices].filter((finding) => finding.rule === rule)
  return { report, findings }
}

/** The one finding of `rule`: its status and message, what a boundary test compares. */
export async function verdict(
  rule: string,
  files: Record<string, string>,
  options: JudgeOptions = {}
): Promise<Pick<Finding, 'status' | 'message'> & { line: number; file: string }> {
  const { findings } = await judge(rule, files, options)
  if (findings.length !== 1) throw new Error(`expected one ${rule} finding, got ${JSON.stringify(findings)}`)
  const [{ status, message, file, line }] = findings as [Finding]
  return { status, message, file, line }
}
