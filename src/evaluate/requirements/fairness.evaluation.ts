// fairness.evaluation: Bias evaluated: per-group results the file states (the gate's evaluation
// file, a model card's slices), or an eval run's cases grouped by an attribute the manifest names
// (`group-by`: promptfoo test metadata or vars, DeepEval additionalMetadata, Inspect sample metadata).
import type { EvaluationEvidence, EvaluationSegment, FairnessResult } from '../../evidence/types.js'
import { fail, isText, loadLinkedEvidence, locate, pass, type EvalContext, type Outcome } from '../context.js'
import type { Location } from '../../report/types.js'
import { defineRequirement, type Evaluator } from '../requirement.js'
import { judgeFairness } from '../substance.js'
import { plural } from '../checks/wording.js'

/** The metric every eval run with cases has: the share of a group's cases that passed. */
const PASS_RATE = 'pass rate'
/** Failing cases of the worst group listed under a failed comparison; the rest are counted. */
const MAX_LISTED_CASES = 10

/** `metadata.language` and `additionalMetadata.language` name the attribute `language`; `vars.plan` stays a var. */
const attributeName = (written: string): string => written.trim().replace(/^(?:metadata|additionalMetadata|additional_metadata)\./, '')

const fairness: Evaluator = async (ctx) => {
  const loaded = await loadLinkedEvidence<EvaluationEvidence>(ctx, ['evidence', 'fairness'], ['evaluation'], 'fairness evaluation')
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const groupBy = ctx.manifest.data.evidence?.fairness?.['group-by']
  if (isText(groupBy)) return byAttribute(ctx, evidence, relPath, at, attributeName(groupBy))
  const spec = ctx.manifest.data.evidence!.fairness!
  const unanchored = (['groups', 'metrics'] as const).filter((key) => spec[key] !== undefined)
  if (unanchored.length) {
    // Without group-by they would choose nothing: the file's own results would be judged instead, silently.
    return [
      fail(
        `evidence.fairness.${unanchored[0]} chooses among an eval run's groups, but no group-by names the case attribute that holds them.`,
        locate(ctx, ['evidence', 'fairness', unanchored[0]!]),
        { hint: 'Add group-by: the attribute (e.g. language or vars.plan), or remove it.' }
      )
    ]
  }
  const results = evidence.fairness ?? []
  if (results.length === 0) {
    const keys = attributeKeys(evidence)
    return [
      fail(`"${relPath}" has no per-group results to judge bias by.`, at, {
        ...(keys.length
          ? { hint: `Name the case attribute that holds the group under evidence.fairness, e.g. group-by: ${keys[0]} (its cases carry ${keys.join(', ')}).` }
          : {})
      })
    ]
  }
  return judged(ctx, results, relPath, at, new Map())
}

/** The attributes the cases of an eval run carry, in first-seen order. */
const attributeKeys = (evidence: EvaluationEvidence): string[] => [...new Set((evidence.segments ?? []).map((segment) => segment.key))]

/** Compares the groups of cases that carry each value of `attribute`, on each metric the manifest names (default: pass rate). */
function byAttribute(ctx: EvalContext, evidence: EvaluationEvidence, relPath: string, at: Location, attribute: string): Outcome[] {
  const spec = ctx.manifest.data.evidence!.fairness!
  const groupByAt = locate(ctx, ['evidence', 'fairness', 'group-by'])
  const segments = (evidence.segments ?? []).filter((segment) => segment.key === attribute)
  if (segments.length === 0) {
    const keys = attributeKeys(evidence)
    return [
      fail(
        `No case of "${relPath}" carries the attribute "${attribute}" (${keys.length ? `they carry ${keys.join(', ')}` : 'they carry none'}), so its groups cannot be told apart.`,
        groupByAt,
        {
          related: at,
          hint: 'Tag each case with its group and re-run the eval: promptfoo test metadata (metadata: { language: de }, or a __metadata:language column) or a var, DeepEval additional_metadata.'
        }
      )
    ]
  }
  const outcomes: Outcome[] = []
  let compared = segments
  if (Array.isArray(spec.groups) && spec.groups.length) {
    compared = []
    for (const [index, name] of spec.groups.entries()) {
      if (!isText(name)) continue
      const segment = segments.find((candidate) => candidate.value === name.trim())
      if (segment) compared.push(segment)
      else {
        outcomes.push(
          fail(
            `Group "${name}" has no case in "${relPath}" (its cases' ${attribute} values: ${segments.map((s) => s.value).join(', ')}).`,
            locate(ctx, ['evidence', 'fairness', 'groups', index]),
            {
              related: at,
              hint: 'Evaluate this group too, or list the groups as the eval names them.'
            }
          )
        )
      }
    }
  }
  const metrics = Array.isArray(spec.metrics) && spec.metrics.length ? spec.metrics.filter(isText).map((name) => name.trim()) : [PASS_RATE]
  const results: FairnessResult[] = []
  for (const [index, metric] of metrics.entries()) {
    const groups: (FairnessResult['groups'][number] & { segment: EvaluationSegment; lowerIsBetter: boolean })[] = []
    const lacking: string[] = []
    for (const segment of compared) {
      if (metric === PASS_RATE)
        groups.push({ name: segment.value, value: segment.passed / segment.tests, samples: segment.tests, segment, lowerIsBetter: false })
      else {
        const mean = segment.metrics?.find((candidate) => candidate.name === metric)
        if (mean)
          groups.push({
            name: segment.value,
            value: mean.value,
            samples: mean.samples,
            ...(mean.missing ? { missing: mean.missing } : {}),
            segment,
            lowerIsBetter: mean.lowerIsBetter
          })
        else lacking.push(segment.value)
      }
    }
    if (lacking.length) {
      const known = [...new Set(segments.flatMap((segment) => (segment.metrics ?? []).map((m) => m.name)))]
      outcomes.push(
        fail(
          `Metric "${metric}" has no score in ${lacking.map((name) => `group "${name}"`).join(', ')} of "${relPath}" (its cases' metrics: ${[PASS_RATE, ...known].join(', ')}).`,
          locate(ctx, ['evidence', 'fairness', 'metrics', index]),
          { related: at }
        )
      )
      continue
    }
    const values = groups.map((group) => group.value)
    const worst = [...groups].sort((x, y) => (x.lowerIsBetter ? y.value - x.value : x.value - y.value))[0]
    results.push({
      metric: `${metric} by ${attribute}`,
      groups: groups.map(({ name, value, samples, missing }) => ({
        name,
        value: Math.round(value * 1e4) / 1e4,
        ...(samples !== undefined ? { samples } : {}),
        ...(missing ? { missing } : {})
      })),
      ...(metric === PASS_RATE ? { proportion: 'whole' as const } : {}),
      disparity: values.length ? Math.max(...values) - Math.min(...values) : 0,
      ...(worst?.segment.line !== undefined ? { line: worst.segment.line } : {})
    })
  }
  const verdicts = judged(ctx, results, relPath, at, failingCases(evidence, attribute, relPath, at))
  return outcomes.length ? [...outcomes, ...verdicts.filter((outcome) => outcome.status !== 'pass')] : verdicts
}

/** The failing cases of each group, as findings at their place in the file (a few per group). */
function failingCases(evidence: EvaluationEvidence, attribute: string, relPath: string, at: Location): Map<string, Outcome[]> {
  const byGroup = new Map<string, Outcome[]>()
  const counts = new Map<string, number>()
  for (const failing of evidence.cases ?? []) {
    const group = failing.attributes?.[attribute]
    if (group === undefined || (failing.status !== 'failed' && failing.status !== 'error')) continue
    counts.set(group, (counts.get(group) ?? 0) + 1)
    const listed = byGroup.get(group) ?? []
    if (listed.length < MAX_LISTED_CASES) {
      listed.push(
        fail(
          `Case "${failing.name}" (${attribute}: ${group}) ${failing.status === 'error' ? 'errored' : 'failed'}${failing.reason ? `: ${failing.reason.replace(/\.$/, '')}` : ''}.`,
          failing.line ? { file: relPath, line: failing.line } : at,
          { related: at }
        )
      )
    }
    byGroup.set(group, listed)
  }
  for (const [group, listed] of byGroup) {
    const more = counts.get(group)! - listed.length
    if (more > 0) listed.push(fail(`${plural(more, 'more case')} of ${attribute} ${group} failed in "${relPath}".`, at))
  }
  return byGroup
}

/** Judges each comparison; a failed pass-rate comparison lists the failing cases of its worst group. */
function judged(ctx: EvalContext, results: FairnessResult[], relPath: string, at: Location, casesByGroup: Map<string, Outcome[]>): Outcome[] {
  const outcomes: Outcome[] = []
  const passed: string[] = []
  for (const result of results) {
    // The evidence file may be stricter than the trusted policy, never looser.
    const threshold = Math.min(result.threshold ?? Infinity, ctx.policy.thresholds.maxFairnessDisparity)
    const verdict = judgeFairness(result, threshold, ctx.policy.thresholds)
    if (verdict.ok) passed.push(verdict.message)
    else {
      outcomes.push(
        fail(`${verdict.message}.`, result.line ? { file: relPath, line: result.line } : at, { related: at, ...(verdict.hint ? { hint: verdict.hint } : {}) })
      )
      // Only a comparison that was made (two groups or more, each large enough) has a worst group whose failures explain it.
      const compared = result.groups.length >= 2 && result.groups.every((group) => (group.samples ?? 0) >= ctx.policy.thresholds.minFairnessGroupSamples)
      if (result.proportion === 'whole' && compared) {
        const worst = [...result.groups].sort((x, y) => x.value - y.value)[0]!
        outcomes.push(...(casesByGroup.get(worst.name) ?? []))
      }
    }
  }
  if (outcomes.length) return outcomes
  return [pass(`${passed.join('; ')}.`, at)]
}

export default defineRequirement({
  id: 'fairness.evaluation',
  title: 'Bias evaluated',
  guardsAgainst: 'The system performs worse for some groups and nobody measured it.',
  satisfiedBy:
    "evidence.fairness links an evaluation comparing at least two groups, each with at least the policy's min-fairness-group-samples, whose disparity is within the threshold: for a proportion, the upper end of the 95% interval of the largest gap between two groups. The groups are the file's own (an evaluation file's fairness results, a model card's slices), or an eval run's cases grouped by the attribute group-by names (promptfoo test metadata or vars, DeepEval additionalMetadata, Inspect sample metadata), compared on their pass rate or the metrics listed.",
  hint: 'Measure the metric per group and link the results under evidence.fairness; for an eval run, tag each case with its group and name the attribute under group-by.',
  firstStage: 'production',
  manifestPath: ['evidence', 'fairness'],
  skeleton: [
    'fairness:',
    '  file:                 # per-group results, or an eval run',
    '  group-by:             # eval run: the case attribute with the group'
  ],
  thresholds: ['maxFairnessDisparity', 'minFairnessGroupSamples', 'maxMissingShare'],
  evaluate: fairness
})
