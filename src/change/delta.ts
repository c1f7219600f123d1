// What a pull request changed, pure: the head report against the base report, system by system (score
// before → after, requirements newly failing and newly met, stage changes, systems added or removed),
// each failing finding marked new or existing, and the verdict under the policy's `block-on`.
import type { ChangeReport, Finding, Report, SystemChange, SystemReport } from '../report/types.js'

export interface DeltaOptions {
  /** The base, for people: "base 1a2b3c4". */
  baseLabel: string
  blockOn: 'all' | 'changes'
  /** Head manifests (root-relative) whose system reads any file that differs from the base. */
  touched: ReadonlySet<string>
  /** Base files the comparison needed but could not read. */
  unreadable: string[]
}

const failingRules = (system: SystemReport): Set<string> =>
  new Set(system.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.rule))

/** Requirements a system meets: a pass or waiver and no failing finding. */
function metRules(system: SystemReport): Set<string> {
  const failing = failingRules(system)
  return new Set(
    system.findings.filter((finding) => (finding.status === 'pass' || finding.status === 'waived') && !failing.has(finding.rule)).map((finding) => finding.rule)
  )
}

/** The head report with `change` filled in, failing findings marked new or existing, and the verdict under block-on. */
export function withChange(head: Report, base: Report, options: DeltaOptions): Report {
  const baseByName = new Map(base.systems.map((system) => [system.name, system]))
  const headNames = new Set(head.systems.map((system) => system.name))
  const changes: SystemChange[] = []
  const systems = head.systems.map((after): SystemReport => {
    const before = baseByName.get(after.name)
    const wasFailing = before ? failingRules(before) : new Set<string>()
    const nowFailing = failingRules(after)
    const wasMet = before ? metRules(before) : new Set<string>()
    const newlyFailing = [...nowFailing].filter((rule) => !wasFailing.has(rule))
    const newlyMet = [...metRules(after)].filter((rule) => wasFailing.has(rule) && !wasMet.has(rule))
    const status: SystemChange['status'] = !before
      ? 'added'
      : before.manifest !== after.manifest || options.touched.has(after.manifest)
        ? 'touched'
        : 'untouched'
    const blocks = !after.passed && (options.blockOn === 'all' || status !== 'untouched' || newlyFailing.length > 0)
    changes.push({
      name: after.name,
      manifest: after.manifest,
      status,
      stage: { before: before ? before.stage : null, after: after.stage },
      score: { before: before ? { ...before.score } : null, after: { ...after.score } },
      newlyFailing,
      newlyMet,
      blocks
    })
    const findings = after.findings.map((finding): Finding =>
      finding.status === 'fail' ? { ...finding, change: before && wasFailing.has(finding.rule) ? 'existing' : 'new' } : finding
    )
    return { ...after, findings }
  })
  for (const before of base.systems) {
    if (headNames.has(before.name)) continue
    // Whether the removal fails is the head report's `system.removed` notice; here it is only named.
    changes.push({
      name: before.name,
      manifest: before.manifest,
      status: 'removed',
      stage: { before: before.stage, after: null },
      score: { before: { ...before.score }, after: null },
      newlyFailing: [],
      newlyMet: [],
      blocks: false
    })
  }
  const change: ChangeReport = { base: options.baseLabel, blockOn: options.blockOn, unreadable: [...options.unreadable], systems: changes }
  const blocked = changes.some((system) => system.blocks) || head.notices.some((notice) => notice.status === 'fail')
  return { ...head, systems, passed: !blocked, change }
}
