// Alerting on a category of signal in linked monitoring or drift configuration: output-quality
// monitoring and drift detection.
import { ROUTE_LABELS } from '../../evidence/parsers/prometheus.js'
import { CATEGORY_NAMES } from '../../evidence/parsing/signal-category.js'
import type { Monitor, MonitoringEvidence } from '../../evidence/types.js'
import { docUrl } from '../../report/links.js'
import { fail, isNumber, isText, loadLinkedEvidence, pass, type EvalContext, type Outcome } from '../context.js'
import { plural, series } from './wording.js'

/** Where docs/ tells how a monitor's category is read from what it watches. */
const CATEGORY_DOC = docUrl('formats/tests-monitoring-evaluation.md#what-an-alert-watches-category')

/** Metric names that make a monitor count, for the message that finds none. */
const EXAMPLES = {
  quality: '`accuracy`, `hallucination_rate`, `eval_score`, `thumbs_down`',
  drift: '`psi`, `ks_test`, `wasserstein`, `feature_drift`'
} as const

function describeMonitor(monitor: Monitor): string {
  return `"${monitor.name}"`
}

/** What a monitor lacks, each part saying where the format it came from states it. */
function incompleteParts(monitor: Monitor, format: string): string[] {
  const rules = format === 'prometheus-rules'
  const parts: string[] = []
  if (!isNumber(monitor.threshold)) parts.push(rules ? 'a threshold (a comparison with a number in `expr:`, e.g. `> 0.05`)' : 'a threshold')
  if (!isText(monitor.window)) parts.push(rules ? 'a window (`for:`, or a range such as `[1h]` in `expr:`)' : 'a window')
  if (!isText(monitor.route)) {
    parts.push(
      rules
        ? `a route (a label saying who is alerted: ${series(
            ROUTE_LABELS.map((label) => `\`${label}\``),
            'or'
          )}; \`severity\` says how loud, not who)`
        : format === 'readiness-drift'
          ? 'a route (`route:` a channel, receiver or team, or `owner:` a @handle)'
          : 'a route (who is alerted; this format names none, so state it in a readiness-gate drift file or alert through Prometheus rules)'
    )
  }
  return parts
}

/**
 * `"Name" watches a, b (output quality: it watches a)`: what the monitor reads and why it has its
 * category, without naming the one metric watched twice (`watches a (output quality, read from that metric)`).
 */
function describeWatch(monitor: Monitor): string {
  const watches = monitor.watches?.length ? monitor.watches.join(', ') : monitor.metric
  const category = CATEGORY_NAMES[monitor.category]
  const because = !monitor.because ? '' : monitor.because === `it watches ${watches}` ? ', read from that metric' : `: ${monitor.because}`
  return `${describeMonitor(monitor)} watches ${watches.slice(0, 120)} (${category}${because})`
}

/** At most `limit` descriptions, then how many more. */
function some(monitors: Monitor[], describe: (monitor: Monitor) => string, limit = 4): string {
  const shown = monitors.slice(0, limit).map(describe).join('; ')
  return monitors.length > limit ? `${shown}; and ${monitors.length - limit} more` : shown
}

/** The monitors of a category that count: they can alert, and have a threshold, a window and a route. */
export function countedMonitors(evidence: MonitoringEvidence, category: 'quality' | 'drift'): Monitor[] {
  return evidence.monitors.filter(
    (monitor) => monitor.category === category && monitor.inert === undefined && incompleteParts(monitor, evidence.format).length === 0
  )
}

/** Shared by output-quality monitoring and drift: at least one monitor of the category with threshold, window and route. */
export async function watched(
  ctx: EvalContext,
  entry: string[],
  kinds: ('monitoring' | 'drift')[],
  category: 'quality' | 'drift',
  what: string
): Promise<Outcome[]> {
  const loaded = await loadLinkedEvidence<MonitoringEvidence>(ctx, entry, kinds, what)
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const relevant = evidence.monitors.filter((monitor) => monitor.category === category)
  const label = category === 'quality' ? 'output-quality' : 'drift'
  if (relevant.length === 0) {
    const others = evidence.monitors.length
      ? `${plural(evidence.monitors.length, 'monitor')} but none on ${label}: ${some(evidence.monitors, describeWatch)}`
      : 'no monitors'
    return [
      fail(`"${relPath}" has ${others}${category === 'quality' ? '; uptime and latency alone do not show answer quality' : ''}.`, at, {
        hint: `Add a monitor on ${category === 'quality' ? 'an' : 'a'} ${label} metric such as ${EXAMPLES[category]}: a monitor's category is read from the metric names it watches (else its name), as ${CATEGORY_DOC} lists.`
      })
    ]
  }
  const where = (monitor: Monitor) => (monitor.line ? { file: relPath, line: monitor.line } : at)
  const alive = relevant.filter((monitor) => monitor.inert === undefined)
  const inert = relevant.filter((monitor) => monitor.inert !== undefined)
  if (alive.length === 0) {
    return inert.map((monitor) =>
      fail(
        `The ${label} monitor ${describeMonitor(monitor)} cannot alert, so it does not count: ${monitor.inert} (${monitor.metric.slice(0, 120)}).`,
        where(monitor),
        {
          related: at,
          hint: 'Alert on an expression that reads the metric, with a threshold the metric can cross.'
        }
      )
    )
  }
  const complete = countedMonitors(evidence, category)
  if (complete.length === 0) {
    return alive.map((monitor) =>
      fail(`The ${label} monitor ${describeMonitor(monitor)} lacks ${series(incompleteParts(monitor, evidence.format), 'and')}.`, where(monitor), {
        related: at
      })
    )
  }
  const uncounted = inert.length ? ` Not counted, as they cannot alert: ${some(inert, (monitor) => `${describeMonitor(monitor)} (${monitor.inert})`)}.` : ''
  return [
    pass(
      `${plural(complete.length, `${label} monitor`)} with threshold, window and route: ${some(complete, (monitor) => `${describeWatch(monitor)} over ${monitor.window} → ${monitor.route}`)}.${uncounted}`,
      at
    )
  ]
}
