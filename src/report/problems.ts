// The problems: every rule id a finding can carry that is no requirement of the catalog (a manifest that
// cannot be read, an invalid waiver, a lowered stage, ...), described as the catalog describes
// requirements. `explain`, SARIF's rules and the counts read them from here; a test holds every id the
// code emits to this table.
import { docUrl } from './links.js'

export interface Problem {
  title: string
  /** What the finding means and when the gate raises it. */
  description: string
  /** One line: how to fix it. */
  hint: string
  /** Whether the finding fails its system or the run; a notice that only informs does not. */
  fails: boolean
  /** The page of docs/ that tells more. */
  doc: string
}

export const PROBLEMS = {
  'manifest.file': {
    title: 'Manifest can be read',
    description:
      'The manifest file cannot be read inside the repository (a folder, a link leading outside it, too big, not text), so nothing in it can be judged.',
    hint: 'Make the manifest a regular text file inside the repository.',
    fails: true,
    doc: 'manifest.md'
  },
  'manifest.parse': {
    title: 'Manifest is valid YAML',
    description: 'The manifest is not valid YAML, so nothing in it can be judged.',
    hint: 'Fix the YAML at the line shown; `readiness-gate init` writes a valid skeleton.',
    fails: true,
    doc: 'manifest.md'
  },
  'manifest.schema': {
    title: 'Manifest is valid',
    description:
      'A manifest key is unknown or has a value the manifest schema (schemas/manifest.schema.json) does not allow; the message names the key and the form it takes.',
    hint: 'Fix the key or value the message names; the manifest reference lists every key it takes.',
    fails: true,
    doc: 'manifest.md'
  },
  'manifest.missing': {
    title: 'Manifest path exists',
    description:
      'A manifest path or glob named by the workflow (the manifests input) or on the command line matches no manifest, so what it meant to gate is not gated.',
    hint: 'Fix the path or pattern, or remove it from the manifests list.',
    fails: true,
    doc: 'github.md#inputs'
  },
  'manifest.duplicate-system': {
    title: 'System names are unique',
    description: 'Two manifests claim the same system name, so one could hide behind the other in reports, waivers and deployment checks.',
    hint: 'Give every system a unique name (`system:`).',
    fails: true,
    doc: 'manifest.md'
  },
  'waiver.invalid': {
    title: 'Waivers are valid',
    description:
      'A waiver does not count: it names no requirement the gate knows, lacks a reason, approver or expiry date, is approved by someone the trusted policy does not allow, has expired, runs longer than the policy allows, or is not approved on the pull request.',
    hint: 'Fix what the message names: a requirement id from `readiness-gate explain`, an approver from the policy, an expiry within its limit.',
    fails: true,
    doc: 'signoffs.md#waivers'
  },
  'stage.lowered': {
    title: 'Stage lowered with approval',
    description:
      "The pull request lowers a system's stage (e.g. production to pilot), which would drop requirements; the policy's pull-requests.lowering-stage-needs-approval asks a waiver approver to approve it.",
    hint: 'Have a waiver approver approve the pull request at its head commit, or keep the stage.',
    fails: true,
    doc: 'policy.md'
  },
  'system.removed': {
    title: 'Gated systems keep their manifest',
    description:
      'A system the base branch gates has no manifest in this change, so the gate cannot judge it; removing a manifest must not be a way around the gate.',
    hint: 'Restore the manifest, or have a waiver approver from the policy approve the pull request to retire the system.',
    fails: true,
    doc: 'github.md#trust-the-pull-request-cannot-grade-itself'
  },
  'policy.invalid': {
    title: 'Policy is valid',
    description: 'The trusted policy cannot be read or is invalid, so nothing was evaluated; the gate never falls back to the default policy.',
    hint: 'Fix the policy (on the base branch, for a pull request) at the line shown.',
    fails: true,
    doc: 'policy.md'
  },
  'policy.missing': {
    title: 'Policy exists',
    description:
      'The policy file named by --policy or the policy input does not exist at the trusted commit, or a file that looks like the policy sits where the gate does not read it (e.g. .github/readiness_policy.yml).',
    hint: 'Fix the policy path, or add the file on the base branch first.',
    fails: true,
    doc: 'policy.md'
  },
  'policy.changed': {
    title: 'Policy change applies after merge',
    description:
      'A notice, not a failure: this change edits the policy, but the gate judges a pull request with the policy of its base commit, so a pull request cannot relax its own gate.',
    hint: 'Merge a policy change on its own, before the changes it should judge.',
    fails: false,
    doc: 'github.md#trust-the-pull-request-cannot-grade-itself'
  },
  'gate.error': {
    title: 'Gate could evaluate',
    description:
      'The action could not evaluate this run (a workflow or event it cannot work with, an empty token, a checkout it cannot read); the message says which.',
    hint: 'Fix what the message names and re-run the job.',
    fails: true,
    doc: 'github.md'
  },
  'deploy.stage': {
    title: 'Deployed system meets the required stage',
    description:
      "A deployment job's require-stage input names a stage that a system listed in systems does not claim, or claims but does not meet, at the checked-out commit.",
    hint: 'Deploy a commit where the system claims and meets the stage, or fix its gaps first.',
    fails: true,
    doc: 'github.md#inputs'
  }
} as const satisfies Record<string, Problem>

/** The id of a problem the gate can report. */
export type ProblemId = keyof typeof PROBLEMS

export function problemById(id: string): (Problem & { id: ProblemId }) | undefined {
  return Object.hasOwn(PROBLEMS, id) ? { id: id as ProblemId, ...PROBLEMS[id as ProblemId] } : undefined
}

/** Whether a rule id is a problem rather than a requirement. */
export const isProblemRule = (rule: string): boolean => Object.hasOwn(PROBLEMS, rule)

export const problemDocUrl = (problem: Problem): string => docUrl(problem.doc)
