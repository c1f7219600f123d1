// Loads .github/readiness-policy.yml over the built-in default. An invalid policy is the operator's
// error: the caller stops with exit code 2; there is never a silent fallback to the defaults.
import { readdir, stat } from '../fs/callback-fs.js'
import path from 'node:path'
import policySchema from '../../schemas/policy.schema.json' with { type: 'json' }
import { requirementById } from '../evaluate/catalog.js'
import { readTextFile } from '../fs/safe-read.js'
import { parseYamlDocument, type KeyPath } from '../yaml/located.js'
import { STAGES, type Finding, type Stage } from '../report/types.js'
import { validateAgainst } from '../schema/validate.js'
import { isAboutFraction, normalizeFractions } from '../schema/fraction.js'
import { cumulative, defaultStageAdditions, DEFAULT_POLICY } from './default.js'
import type { Policy } from './types.js'
import { docUrl } from '../report/links.js'

export const DEFAULT_POLICY_PATH = '.github/readiness-policy.yml'
/** Where the policy is looked for when none is named: both spellings of the extension, as for manifests. */
export const POLICY_PATHS = [DEFAULT_POLICY_PATH, '.github/readiness-policy.yaml']
/** How the report names the policy when there is no file. */
export const BUILT_IN_POLICY = 'built-in default policy'
const MAX_POLICY_BYTES = 256 * 1024

/** The policy's 0–1 fractions (see src/schema/fraction.ts): a threshold added here gets the same rule. */
export const POLICY_FRACTIONS: readonly KeyPath[] = [['thresholds', 'max-fairness-disparity']]

export type PolicyResult = { ok: true; policy: Policy; source: string } | { ok: false; errors: Finding[] }

/** Each threshold as the policy file names it, and its key in Policy['thresholds']. */
const THRESHOLD_KEYS = {
  'max-evidence-age-days': 'maxEvidenceAgeDays',
  'rollback-max-age-days': 'rollbackMaxAgeDays',
  'max-fairness-disparity': 'maxFairnessDisparity',
  'min-cost-headroom': 'minCostHeadroom',
  'min-load-test-minutes': 'minLoadTestMinutes',
  'min-evaluation-samples': 'minEvaluationSamples',
  'max-missing-share': 'maxMissingShare',
  'min-fairness-group-samples': 'minFairnessGroupSamples',
  'min-runbook-steps': 'minRunbookSteps'
} as const satisfies Record<string, keyof Policy['thresholds']>
type ThresholdKey = keyof typeof THRESHOLD_KEYS

/** The policy file's name of a threshold, for messages and `explain`. */
export function thresholdName(key: keyof Policy['thresholds']): string {
  return Object.entries(THRESHOLD_KEYS).find(([, value]) => value === key)![0]
}

interface PolicyFile {
  stages?: Partial<Record<Stage, string[]>>
  thresholds?: Partial<Record<ThresholdKey, number>>
  adversarial?: { 'max-attack-success-rate'?: number; 'required-categories'?: string[]; categories?: Record<string, string[]> }
  cost?: {
    'measured-from'?: Stage | 'never'
    prices?: Record<string, { 'input-usd-per-1m-tokens': number; 'output-usd-per-1m-tokens': number; 'cached-input-usd-per-1m-tokens'?: number }>
  }
  waivers?: { 'max-days'?: number; approvers?: string[] }
  signers?: Record<string, string[]>
  limits?: { 'max-manifest-kb'?: number; 'max-evidence-mb'?: number }
  'pull-requests'?: { 'block-on'?: 'all' | 'changes'; 'lowering-stage-needs-approval'?: boolean }
}

export const normalizeHandle = (handle: string): string => handle.replace(/^@/, '').toLowerCase()

/** Parses policy text (from the base commit or a file) over the default policy. */
export function parsePolicy(text: string, relPath: string, source = relPath): PolicyResult {
  const parsed = parseYamlDocument(text, 'The policy')
  const error = (message: string, line: number, column?: number, fix?: string): Finding => ({
    rule: 'policy.invalid',
    status: 'fail',
    message,
    file: relPath,
    line,
    ...(column ? { column } : {}),
    hint: fix ?? `Fix the policy (every key: ${docUrl('policy.md')}). The gate does not fall back to the default policy.`
  })
  if (!parsed.ok) return { ok: false, errors: parsed.problems.map((p) => error(`${p.message}.`, p.line, p.column)) }
  const { document } = parsed
  const data = document.value ?? {}
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, errors: [error('The policy must be a mapping of keys.', 1)] }
  const problems = [...validateAgainst(policySchema, data).filter((p) => !isAboutFraction(p, POLICY_FRACTIONS)), ...normalizeFractions(data, POLICY_FRACTIONS)]
  const errors = problems
    .map((p) => {
      const at = document.locate(p.path)
      return error(`${p.message.charAt(0).toUpperCase()}${p.message.slice(1)}.`, at.line, at.column, p.fix)
    })
    .sort((a, b) => a.line - b.line)
  const file = data as PolicyFile
  for (const stage of STAGES) {
    ;(file.stages?.[stage] ?? []).forEach((id, index) => {
      if (typeof id === 'string' && !requirementById(id)) {
        const at = document.locate(['stages', stage, index])
        errors.push(error(`\`stages.${stage}\` names "${id}", which is not a requirement the gate knows (see \`readiness-gate explain\`).`, at.line, at.column))
      }
    })
  }
  const categories = { ...DEFAULT_POLICY.adversarial.categories, ...(file.adversarial?.categories ?? {}) }
  ;(file.adversarial?.['required-categories'] ?? []).forEach((name, index) => {
    if (typeof name === 'string' && !categories[name]) {
      const at = document.locate(['adversarial', 'required-categories', index])
      errors.push(
        error(`\`adversarial.required-categories\` names "${name}", which no category defines; add it under \`adversarial.categories\`.`, at.line, at.column)
      )
    }
  })
  if (errors.length > 0) return { ok: false, errors }
  const defaults = defaultStageAdditions()
  const additions = Object.fromEntries(STAGES.map((stage) => [stage, file.stages?.[stage] ?? defaults[stage]])) as Record<Stage, string[]>
  const t = file.thresholds ?? {}
  const policy: Policy = {
    stages: cumulative(additions),
    thresholds: Object.fromEntries(
      Object.entries(THRESHOLD_KEYS).map(([name, key]) => [key, t[name as ThresholdKey] ?? DEFAULT_POLICY.thresholds[key]])
    ) as Policy['thresholds'],
    adversarial: {
      maxAttackSuccessRate: file.adversarial?.['max-attack-success-rate'] ?? DEFAULT_POLICY.adversarial.maxAttackSuccessRate,
      requiredCategories: file.adversarial?.['required-categories'] ?? DEFAULT_POLICY.adversarial.requiredCategories,
      categories
    },
    cost: {
      measuredFrom: file.cost?.['measured-from'] ?? DEFAULT_POLICY.cost.measuredFrom,
      prices: Object.fromEntries(
        Object.entries(file.cost?.prices ?? {}).map(([model, price]) => [
          model,
          {
            inputUsdPer1M: price['input-usd-per-1m-tokens'],
            outputUsdPer1M: price['output-usd-per-1m-tokens'],
            ...(typeof price['cached-input-usd-per-1m-tokens'] === 'number' ? { cachedInputUsdPer1M: price['cached-input-usd-per-1m-tokens'] } : {})
          }
        ])
      )
    },
    waivers: {
      maxDays: file.waivers?.['max-days'] ?? DEFAULT_POLICY.waivers.maxDays,
      approvers: (file.waivers?.approvers ?? []).map(normalizeHandle)
    },
    signers: Object.fromEntries(Object.entries(file.signers ?? {}).map(([role, handles]) => [role, handles.map(normalizeHandle)])),
    pullRequests: {
      blockOn: file['pull-requests']?.['block-on'] ?? DEFAULT_POLICY.pullRequests.blockOn,
      loweringStageNeedsApproval: file['pull-requests']?.['lowering-stage-needs-approval'] ?? DEFAULT_POLICY.pullRequests.loweringStageNeedsApproval
    },
    limits: {
      maxManifestBytes: (file.limits?.['max-manifest-kb'] ?? DEFAULT_POLICY.limits.maxManifestBytes / 1024) * 1024,
      maxEvidenceBytes: (file.limits?.['max-evidence-mb'] ?? DEFAULT_POLICY.limits.maxEvidenceBytes / 1024 ** 2) * 1024 ** 2
    }
  }
  return { ok: true, policy, source }
}

/**
 * A file that looks meant as the policy but sits where the gate does not read it (readiness_policy.yml,
 * readiness-policy.yml at the root, .github/readiness-policy.json, .github/workflows/readiness-policy.yml).
 * Ignoring it would gate against the defaults without a word: the caller refuses it instead.
 */
export function misplacedPolicy(files: Iterable<string>): string | undefined {
  for (const file of files) {
    if (POLICY_PATHS.includes(file)) continue
    const folder = path.posix.dirname(file)
    if (!['.', '.github', '.github/workflows'].includes(folder)) continue
    const stem = path.posix
      .basename(file)
      .toLowerCase()
      .replace(/\.(ya?ml|json)$/, '')
    if (stem === path.posix.basename(file).toLowerCase()) continue
    if (/^\.?readiness[-_. ]?polic(y|ies)$/.test(stem)) return file
  }
  return undefined
}

/** The policy problem for a misplaced file, with the path it should have. */
export function misplacedPolicyError(file: string, where = ''): Finding {
  return {
    rule: 'policy.missing',
    status: 'fail',
    message: `There is no ${DEFAULT_POLICY_PATH}${where}, but ${file} looks like a policy; the gate reads only ${POLICY_PATHS.join(' or ')}.`,
    file,
    line: 1,
    hint: `Did you mean ${DEFAULT_POLICY_PATH}? Move it there (or name it with --policy / the policy input); the gate does not guess.`
  }
}

/** A folder where the policy file belongs must not pass for "no policy here" (the built-in default). */
export function policyFolderError(folder: string, where = ''): Finding {
  return {
    rule: 'policy.invalid',
    status: 'fail',
    message: `${folder}${where} is a folder, not a policy file, so the gate cannot tell which policy was meant.`,
    file: folder,
    line: 1,
    hint: `Put the policy in a file at ${folder} (or remove the folder to use the built-in default policy); the gate does not fall back to the default.`
  }
}

/** Two policy files would leave it unclear which one judges: refuse both. */
export function twoPoliciesError(where = ''): Finding {
  return {
    rule: 'policy.invalid',
    status: 'fail',
    message: `Both ${POLICY_PATHS.join(' and ')} exist${where}; the gate reads one policy.`,
    file: POLICY_PATHS[1]!,
    line: 1,
    hint: `Keep one of them (${DEFAULT_POLICY_PATH} is the usual name).`
  }
}

/**
 * Reads the policy from a working tree: the file named, else .github/readiness-policy.yml or .yaml.
 * No file at all means the built-in default; a misplaced one is refused.
 */
export async function loadPolicyFile(root: string, relPath?: string): Promise<PolicyResult> {
  if (relPath !== undefined) return readPolicy(root, relPath)
  const kinds = await Promise.all(POLICY_PATHS.map(async (candidate) => ({ candidate, stats: await stat(path.resolve(root, candidate)).catch(() => null) })))
  const folder = kinds.find(({ stats }) => stats?.isDirectory())
  if (folder) return { ok: false, errors: [policyFolderError(folder.candidate)] }
  const present = kinds.filter(({ stats }) => stats?.isFile()).map(({ candidate }) => candidate)
  if (present.length > 1) return { ok: false, errors: [twoPoliciesError()] }
  if (present.length === 1) return readPolicy(root, present[0]!)
  const nearby = (await Promise.all(['.', '.github', '.github/workflows'].map((folder) => listFolder(root, folder)))).flat()
  const misplaced = misplacedPolicy(nearby)
  if (misplaced) return { ok: false, errors: [misplacedPolicyError(misplaced)] }
  return { ok: true, policy: DEFAULT_POLICY, source: `${BUILT_IN_POLICY} (no ${DEFAULT_POLICY_PATH})` }
}

async function readPolicy(root: string, relPath: string): Promise<PolicyResult> {
  const read = await readTextFile(path.resolve(root, relPath), relPath, MAX_POLICY_BYTES)
  if (!read.ok)
    return { ok: false, errors: [{ rule: 'policy.invalid', status: 'fail', message: `The policy cannot be read: ${read.message}.`, file: relPath, line: 1 }] }
  return parsePolicy(read.text, relPath)
}

async function listFolder(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(path.resolve(root, folder)).catch(() => [] as string[])
  return entries.map((name) => path.posix.join(folder, name))
}

/** Files at a trusted ref (the pull request's base, or `check --base REF`), relative to the gate's root. */
export interface PolicySource {
  /** For people: "base 1a2b3c4". */
  label: string
  read(relPath: string): Promise<string | null>
  /** The files there, to spot a misplaced policy; empty when they cannot be listed (the check is a courtesy). */
  list(): Promise<string[]>
}

export type TrustedPolicyResult = { ok: true; policy: Policy; source: string; path: string; text: string | null } | { ok: false; errors: Finding[] }

/**
 * The policy as a trusted ref has it: the file named, else .github/readiness-policy.yml or .yaml.
 * Absent means the built-in default; a misplaced or invalid one stops the gate.
 */
export async function loadPolicyAt(trusted: PolicySource, policyPath: string): Promise<TrustedPolicyResult> {
  const at = ` at ${trusted.label}`
  const candidates = policyPath === DEFAULT_POLICY_PATH ? POLICY_PATHS : [policyPath]
  const found = (await Promise.all(candidates.map(async (candidate) => ({ candidate, text: await trusted.read(candidate) })))).filter(
    (entry) => entry.text !== null
  )
  if (found.length > 1) return { ok: false, errors: [twoPoliciesError(at)] }
  if (found.length === 0) {
    // A folder reads as absent; the listing (files only) shows it by the files under it.
    const files = await trusted.list()
    const folder = candidates.find((candidate) => files.some((file) => file.startsWith(`${candidate}/`)))
    if (folder) return { ok: false, errors: [policyFolderError(folder, at)] }
    if (policyPath !== DEFAULT_POLICY_PATH) {
      return {
        ok: false,
        errors: [
          {
            rule: 'policy.missing',
            status: 'fail',
            message: `The policy file ${policyPath} does not exist${at}.`,
            file: policyPath,
            line: 1,
            hint: 'Fix the policy input, or add the file on the base branch first.'
          }
        ]
      }
    }
    const misplaced = misplacedPolicy(files)
    if (misplaced) return { ok: false, errors: [misplacedPolicyError(misplaced, at)] }
    return { ok: true, policy: DEFAULT_POLICY, source: `${BUILT_IN_POLICY} (no ${policyPath}${at})`, path: policyPath, text: null }
  }
  const { candidate, text } = found[0]!
  const parsed = parsePolicy(text!, candidate, `${candidate}@${trusted.label}`)
  if (!parsed.ok) {
    return {
      ok: false,
      errors: parsed.errors.map((error) => ({
        ...error,
        message: `The trusted policy (${trusted.label}) is invalid: ${error.message}`,
        hint: 'Fix the policy on the base branch; nothing was evaluated.'
      }))
    }
  }
  return { ok: true, policy: parsed.policy, source: parsed.source, path: candidate, text }
}
