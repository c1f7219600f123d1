import type { Stage } from '../report/types.js'

export interface Policy {
  /** Requirement ids each stage requires, already cumulative (production includes staging and pilot). */
  stages: Record<Stage, string[]>
  thresholds: {
    /** Evidence older than this fails freshness. */
    maxEvidenceAgeDays: number
    /** A rollback test older than this fails. */
    rollbackMaxAgeDays: number
    /** Largest allowed fairness disparity (fraction) when the evidence states none. */
    maxFairnessDisparity: number
    /** Cost projection must leave at least this factor of budget headroom at peak (1 = fits). */
    minCostHeadroom: number
    /** A load test must hold at least peak volume for this many minutes (and make as many requests as that takes). */
    minLoadTestMinutes: number
    /** Evaluation metrics that are not proportions need at least this many samples (proportions are judged by their interval instead). */
    minEvaluationSamples: number
    /** A per-case metric's mean fails when more than this share of its cases have no value (errored, NaN, not scored): 0 to 1, 1 = off. */
    maxMissingShare: number
    /** Each group a fairness evaluation compares needs at least this many samples. */
    minFairnessGroupSamples: number
    /** A runbook or plan needs at least this many steps (ordered-list or checklist items). */
    minRunbookSteps: number
  }
  /** security.adversarial: the attack categories a red-team scan must cover and the highest attack success rate in each. */
  adversarial: {
    maxAttackSuccessRate: number
    requiredCategories: string[]
    /** category → the tools' category names it covers (promptfoo plugins and strategies, garak probes, test names); `*` matches any text. */
    categories: Record<string, string[]>
  }
  /** cost.projection: the first stage that needs a measured cost ('never': a declared cost always serves), and token prices per model. */
  cost: {
    measuredFrom: Stage | 'never'
    /** USD per 1M tokens; cached input tokens at `cachedInputUsdPer1M`, or at the full input rate when the policy gives none (never under-counted). */
    prices: Record<string, { inputUsdPer1M: number; outputUsdPer1M: number; cachedInputUsdPer1M?: number }>
  }
  waivers: {
    /** A waiver may run at most this many days from its approval (or from today if undated). */
    maxDays: number
    /** Logins (lowercased, no @) who may approve waivers. */
    approvers: string[]
  }
  /** role → logins (lowercased, no @) allowed to sign that role (legal, security...). */
  signers: Record<string, string[]>
  pullRequests: {
    /** all: any failing system fails the check; changes: only what the pull request touched or newly broke. */
    blockOn: 'all' | 'changes'
    /** Lowering a system's stage needs a waiver approver's approval at the head commit. */
    loweringStageNeedsApproval: boolean
  }
  limits: {
    maxManifestBytes: number
    maxEvidenceBytes: number
  }
}
