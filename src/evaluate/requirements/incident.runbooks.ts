// incident.runbooks: Alerts say what to do when they fire.
// The alerts that count for output-quality monitoring and drift detection page someone; at
// production each links a runbook (a Prometheus rule's `runbook_url` annotation, the convention of
// kube-prometheus and Grafana; a drift file monitor's `runbook:`) that is a file in the repository
// with the policy's minimum of steps. A link elsewhere cannot be read here, so it fails closed.
import path from 'node:path'
import type { Monitor, MonitoringEvidence } from '../../evidence/types.js'
import { countedMonitors } from '../checks/monitors.js'
import { runbookProblem } from '../checks/runbook.js'
import { plural } from '../checks/wording.js'
import { fail, loadLinkedEvidence, locate, pass, valueAt, type EvalContext, type Outcome } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

/** The links whose counted monitors must carry a runbook, as monitoring.output-quality and drift.detection read them. */
const LINKS = [
  { entry: ['evidence', 'monitoring'], kinds: ['monitoring'], category: 'quality', what: 'monitoring rules file' },
  { entry: ['evidence', 'drift'], kinds: ['drift', 'monitoring'], category: 'drift', what: 'drift configuration' }
] as const

/** A URL with a scheme (https:, file:) or a host (//host/...): not a file of this repository. */
const ELSEWHERE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i

/** `alert "X"` or `drift monitor "X"`: how the message names it, as its format does. */
const named = (monitor: Monitor, format: string): string => `${format === 'prometheus-rules' ? 'alert' : 'drift monitor'} "${monitor.name}"`

const ADD_RUNBOOK = {
  'prometheus-rules':
    'Add `annotations: { runbook_url: <path> }` to the rule, linking a runbook in the repository (a path from the rules file) with numbered steps.',
  other: 'Add `runbook: <path>` to the monitor, linking a runbook in the repository (a path from this file) with numbered steps.'
}

/** What is wrong with the runbook a counted monitor links, or undefined when it has the policy's steps. */
async function problemOf(ctx: EvalContext, monitor: Monitor, relPath: string, format: string): Promise<Omit<Outcome, 'status' | 'file'> | undefined> {
  const who = named(monitor, format)
  const at = monitor.runbook?.line ?? monitor.line ?? 1
  const key = format === 'prometheus-rules' ? '`runbook_url` annotation' : '`runbook` field'
  const url = monitor.runbook?.url
  if (!url)
    return {
      message: `The ${who} has no ${key}: whoever it pages is not told what to do.`,
      line: at,
      hint: format === 'prometheus-rules' ? ADD_RUNBOOK['prometheus-rules'] : ADD_RUNBOOK.other
    }
  if (url.includes('{{'))
    return {
      message: `The ${who} names its runbook through a template (${url.slice(0, 120)}), which the gate cannot resolve to a file.`,
      line: at,
      hint: 'Link the runbook by a plain path in the repository.'
    }
  if (ELSEWHERE.test(url))
    return {
      message: `The ${who} links its runbook outside the repository (${url.slice(0, 120)}): the gate reads only files in the repository, so it cannot tell the runbook has steps.`,
      line: at,
      hint: 'Keep the runbook in the repository and link it by path (from the file that links it, or from the repository root with a leading /), or waive incident.runbooks with the reason.'
    }
  // A path as a Markdown link writes it: relative to the file that links it, or to the repository root after a leading /.
  const target = url.replace(/[?#].*$/, '')
  let decoded = target
  try {
    decoded = decodeURI(target)
  } catch {
    // Not percent-encoded text: read as written.
  }
  const fromRoot = decoded.startsWith('/')
  const problem = await runbookProblem(
    ctx,
    fromRoot ? decoded.replace(/^\/+/, '') : decoded,
    `runbook of ${who}:`,
    fromRoot ? ctx.root : path.dirname(path.join(ctx.root, relPath))
  )
  if (!problem) return undefined
  return {
    message: problem.message,
    line: at,
    hint: problem.thin
      ? 'Write what to do when the alert fires as numbered steps (first checks, mitigation, escalation).'
      : 'Link a runbook file in the repository: a path from the file that links it, or from the repository root with a leading /.'
  }
}

const incident: Evaluator = async (ctx) => {
  const failures: Outcome[] = []
  const linked: string[] = []
  for (const link of LINKS) {
    if (valueAt(ctx.manifest.data, link.entry) === undefined) continue
    // A link that does not load counts no monitor; its own requirement says why.
    const loaded = await loadLinkedEvidence<MonitoringEvidence>(ctx, link.entry, link.kinds, link.what)
    if (!loaded.ok) continue
    const { evidence, relPath, at } = loaded.loaded
    for (const monitor of countedMonitors(evidence, link.category)) {
      const problem = await problemOf(ctx, monitor, relPath, evidence.format)
      if (problem) failures.push(fail(problem.message, { file: relPath, line: problem.line }, { related: at, ...(problem.hint ? { hint: problem.hint } : {}) }))
      else linked.push(`${named(monitor, evidence.format)} → ${monitor.runbook!.url}`)
    }
  }
  if (failures.length) return failures
  const at = locate(ctx, ['evidence', 'monitoring'])
  if (linked.length === 0)
    return [fail('No output-quality or drift alert counts yet (see monitoring.output-quality and drift.detection), so none says what to do when it fires.', at)]
  const shown = linked.slice(0, 4).join('; ') + (linked.length > 4 ? `; and ${linked.length - 4} more` : '')
  return [
    pass(
      `${linked.length === 1 ? 'The alert that counts links' : `Each of the ${plural(linked.length, 'alert')} that count links`} a runbook with at least ${ctx.policy.thresholds.minRunbookSteps} steps: ${shown}.`,
      at
    )
  ]
}

export default defineRequirement({
  id: 'incident.runbooks',
  title: 'Alerts say what to do when they fire',
  guardsAgainst: 'An alert pages someone at night who finds no procedure, so the incident waits for the one person who knows the system.',
  satisfiedBy:
    "every alert that counts for monitoring.output-quality and drift.detection links a runbook in the repository (a Prometheus rule's runbook_url annotation, a drift file monitor's runbook:) with at least the policy's min-runbook-steps steps; a URL outside the repository cannot be read, so it does not count.",
  hint: 'Write a runbook with numbered steps for each output-quality and drift alert, and link it from the alert (runbook_url annotation, or runbook: in a drift file).',
  firstStage: 'production',
  manifestPath: ['evidence', 'monitoring'],
  alsoReads: [['evidence', 'drift']],
  skeleton: [
    'monitoring:',
    '  file:                 # alert rules; each output-quality alert links a runbook with steps (annotations: runbook_url: <path>)',
    'drift:',
    '  file:                 # drift config or alert rules; each drift alert links a runbook with steps (runbook_url, or runbook: in a drift file)'
  ],
  thresholds: ['minRunbookSteps'],
  evaluate: incident
})
