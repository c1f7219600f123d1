// Alerting on a category of signal in linked monitoring or drift configuration: output-quality
// monitoring and drift detection.
import type { Monitor, MonitoringEvidence } from '../../evidence/types.js'
import { fail, isNumber, isText, loadLinkedEvidence, pass, type EvalContext, type Outcome } from '../context.js'
import { plural } from './wording.js'

function describeMonitor(monitor: Monitor): string {
  return `"${monitor.name}"`
}

function incompleteParts(monitor: Monitor): string[] {
  return [
    isNumber(monitor.threshold) ? undefined : 'threshold',
    isText(monitor.window) ? undefined : 'window',
    isText(monitor.route) ? undefined : 'route or owner'
  ].filter((part): part is string => part !== undefined)
}

function countByCategory(monitors: Monitor[]): string {
  const counts = new Map<string, number>()
  for (const monitor of monitors) counts.set(monitor.category, (counts.get(monitor.category) ?? 0) + 1)
  return [...counts].map(([category, count]) => `${category} ×${count}`).join(', ')
}

/** Shared by output-quality monitoring and drift: at least one monitor of the category with threshold, window and route. */
export async function watched(ctx: EvalContext, entry: string[], kinds: ('monitoring' | 'drift')[], category: 'quality' | 'drift', what: string): Promise<Outcome[]> {
  const loaded = await loadLinkedEvidence<MonitoringEvidence>(ctx, entry, kinds, what)
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  const relevant = evidence.monitors.filter((monitor) => monitor.category === category)
  const label = category === 'quality' ? 'output-quality' : 'drift'
  if (relevant.length === 0) {
    const others = evidence.monitors.length ? `${plural(evidence.monitors.length, 'monitor')} (${countByCategory(evidence.monitors)}) but none on ${label}` : 'no monitors'
    return [fail(`"${relPath}" has ${others}${category === 'quality' ? '; uptime and latency alone do not show answer quality' : ''}.`, at)]
  }
  const complete = relevant.filter((monitor) => incompleteParts(monitor).length === 0)
  if (complete.length === 0) {
    return relevant.map((monitor) =>
      fail(`The ${label} monitor ${describeMonitor(monitor)} lacks a ${incompleteParts(monitor).join(', a ')}.`, monitor.line ? { file: relPath, line: monitor.line } : at, { related: at })
    )
  }
  const first = complete[0]!
  return [pass(`${plural(complete.length, `${label} monitor`)} with threshold, window and route (e.g. ${describeMonitor(first)}: ${first.metric.slice(0, 80)} over ${first.window} → ${first.route}).`, at)]
}
