// Prometheus alerting rules → MonitoringEvidence: plain rule files (`groups: [{name, rules}]`,
// what `promtool check rules` reads) and the Kubernetes PrometheusRule resource (the same groups
// under `spec.groups`, possibly among other resources in a multi-document file). The file is
// checked the way Prometheus loads it (rulefmt): a file Prometheus would refuse is a failure,
// because rules that never load alert nobody.
import type { EvidenceParser, EvidenceSource, Monitor, MonitoringEvidence, ParseFailure, ParseResult } from '../types.js'
import { parseYamlDocuments, type LocatedDocument, type PathSegment } from '../../yaml/located.js'
import { isRecord, readEvidenceText, yamlFailure } from '../parsing/read-evidence.js'
import { classifyAlert } from '../parsing/signal-category.js'
import { describeValue, failure } from '../parsing/failure.js'
import { readPromql, type PromqlReading } from '../parsing/promql.js'
import { unreachableDriftThreshold } from '../parsing/drift-statistic.js'

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels'])
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'])
const ALERT_ONLY_FIELDS = ['for', 'keep_firing_for', 'annotations'] as const
/** Labels that say where an alert goes, in order of preference. `severity` says how loud, not where. */
/** The labels that say who an alert reaches, in the order they are read. */
export const ROUTE_LABELS = ['team', 'owner', 'receiver', 'route'] as const

/** Prometheus durations (model.ParseDuration): units largest first, each at most once, e.g. 1h30m, 5m, 90s, 250ms. */
const PROMETHEUS_DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/

export const prometheusRulesParser: EvidenceParser<MonitoringEvidence> = {
  format: 'prometheus-rules',
  kind: 'monitoring',
  description: 'Prometheus alerting rules: a rule file (groups/rules) or a Kubernetes PrometheusRule resource',
  detect({ head }) {
    if (/^\s*\{/.test(head)) return /"groups"\s*:\s*\[/.test(head) && /"(?:alert|record)"\s*:/.test(head)
    const plainRules = /^groups\s*:/m.test(head) && /^[ \t]*(?:-[ \t]+)?(?:alert|record)\s*:/m.test(head)
    const resource = /^kind\s*:\s*["']?PrometheusRule["']?\s*(?:#.*)?$/m.test(head) && /^apiVersion\s*:\s*["']?monitoring\.coreos\.com\//m.test(head)
    return plainRules || resource
  },
  parse: parsePrometheusRules
}

export const prometheusParsers: EvidenceParser[] = [prometheusRulesParser]

interface GroupsSource {
  document: LocatedDocument
  path: PathSegment[]
  groups: unknown
}

async function parsePrometheusRules(source: EvidenceSource): Promise<ParseResult<MonitoringEvidence>> {
  const read = await readEvidenceText(source)
  if (!read.ok) return read
  const what = `"${source.relPath}"`
  const parsed = parseYamlDocuments(read.text, what)
  if (!parsed.ok) return yamlFailure(parsed.problems)
  const { documents } = parsed
  if (documents.length === 0) return failure(`${what} is empty`, 1)

  const notes: string[] = []
  const sources: GroupsSource[] = []
  const otherResources: string[] = []
  for (const document of documents) {
    const found = findGroups(document, what)
    if ('ok' in found) return found
    if ('skippedKind' in found) otherResources.push(found.skippedKind)
    else sources.push(found)
  }
  if (sources.length === 0) {
    const first = documents[0]!
    const kind = otherResources[0]
    return failure(
      kind
        ? `${what} is a Kubernetes ${kind}, not a PrometheusRule (apiVersion monitoring.coreos.com/v1, kind PrometheusRule)`
        : `${what} has no rule groups; a Prometheus rules file is a map with groups: [{ name, rules: [...] }]`,
      first.nearestLineOf([]) ?? 1
    )
  }
  if (otherResources.length > 0) notes.push(`${otherResources.length} other Kubernetes resource(s) in the file ignored (${otherResources.join(', ')})`)

  const monitors: Monitor[] = []
  let recordingRules = 0
  for (const groupsSource of sources) {
    const result = await readGroups(groupsSource, what, monitors)
    if (typeof result !== 'number') return result
    recordingRules += result
  }
  if (recordingRules > 0) notes.push(`${recordingRules} recording rule(s) skipped: they compute series, they do not alert`)
  if (monitors.length === 0) notes.push('the file has no alerting rules')
  return { ok: true, evidence: { kind: 'monitoring', format: 'prometheus-rules', tool: 'prometheus', monitors, ...(notes.length ? { notes } : {}) } }
}

function findGroups(document: LocatedDocument, what: string): GroupsSource | { skippedKind: string } | ParseFailure {
  const value = document.value
  const line = document.nearestLineOf([]) ?? 1
  if (!isRecord(value)) return failure(`${what} is not a Prometheus rules file: expected a map with groups:, found ${describeValue(value)}`, line)
  if (value.kind === 'PrometheusRule') {
    if (typeof value.apiVersion !== 'string' || !value.apiVersion.startsWith('monitoring.coreos.com/')) {
      return failure(`${what}: a PrometheusRule needs apiVersion monitoring.coreos.com/v1`, document.lineOf(['apiVersion']) ?? line)
    }
    if (!isRecord(value.spec) || !('groups' in value.spec)) {
      return failure(`${what}: the PrometheusRule has no spec.groups`, document.lineOf(['spec']) ?? line)
    }
    return { document, path: ['spec', 'groups'], groups: value.spec.groups }
  }
  if ('groups' in value) return { document, path: ['groups'], groups: value.groups }
  if (typeof value.kind === 'string' && typeof value.apiVersion === 'string') return { skippedKind: value.kind }
  return failure(`${what} has no rule groups; a Prometheus rules file is a map with groups: [{ name, rules: [...] }]`, line)
}

/** Validates the groups the way Prometheus does and appends one Monitor per alerting rule. Returns the number of recording rules. */
async function readGroups({ document, path, groups }: GroupsSource, what: string, monitors: Monitor[]): Promise<number | ParseFailure> {
  const at = (...segments: PathSegment[]): number | undefined => document.nearestLineOf([...path, ...segments])
  if (!Array.isArray(groups) || groups.length === 0) {
    return failure(`${what} has no rule groups (groups: is ${Array.isArray(groups) ? 'an empty list' : describeValue(groups)})`, at())
  }
  const seen = new Set<string>()
  let recordingRules = 0
  for (const [groupIndex, group] of groups.entries()) {
    if (!isRecord(group)) return failure(`${what}: rule group ${groupIndex + 1} is not a map`, at(groupIndex))
    const unknown = Object.keys(group).find((key) => !GROUP_FIELDS.has(key))
    if (unknown) return failure(`${what}: rule group ${groupIndex + 1} has an unknown field "${unknown}"`, at(groupIndex, unknown))
    if (typeof group.name !== 'string' || group.name.trim() === '') {
      return failure(`${what}: rule group ${groupIndex + 1} has no name`, at(groupIndex))
    }
    const groupName = group.name
    if (seen.has(groupName))
      return failure(`${what}: group name "${groupName}" is repeated; Prometheus needs unique group names in a file`, at(groupIndex, 'name'))
    seen.add(groupName)
    const badInterval = durationProblem(group.interval, 'interval')
    if (badInterval) return failure(`${what}: group "${groupName}" ${badInterval}`, at(groupIndex, 'interval'))
    if (group.rules === undefined || group.rules === null) continue
    if (!Array.isArray(group.rules)) return failure(`${what}: rules of group "${groupName}" must be a list`, at(groupIndex, 'rules'))

    for (const [ruleIndex, rule] of group.rules.entries()) {
      const ruleAt = (...segments: PathSegment[]): number | undefined => at(groupIndex, 'rules', ruleIndex, ...segments)
      const label = `rule ${ruleIndex + 1} of group "${groupName}"`
      if (!isRecord(rule)) return failure(`${what}: ${label} is not a map`, ruleAt())
      const unknownField = Object.keys(rule).find((key) => !RULE_FIELDS.has(key))
      if (unknownField) return failure(`${what}: ${label} has an unknown field "${unknownField}"`, ruleAt(unknownField))
      const isAlert = rule.alert !== undefined && rule.alert !== null
      const isRecording = rule.record !== undefined && rule.record !== null
      if (isAlert === isRecording) {
        return failure(`${what}: ${label} must set exactly one of alert: or record:`, ruleAt())
      }
      const nameKey = isAlert ? 'alert' : 'record'
      const ruleName = rule[nameKey]
      if (typeof ruleName !== 'string' || ruleName.trim() === '') {
        return failure(`${what}: ${label} has an empty ${nameKey}: name`, ruleAt(nameKey))
      }
      const ruleLabel = `${isAlert ? 'alert' : 'recording rule'} "${ruleName}"`
      if (isRecording) {
        const alertOnly = ALERT_ONLY_FIELDS.find((field) => rule[field] !== undefined)
        if (alertOnly) {
          return failure(`${what}: ${ruleLabel} sets ${alertOnly}:, which only alerting rules take; Prometheus refuses the file`, ruleAt(alertOnly))
        }
      }
      const expr = typeof rule.expr === 'string' ? rule.expr.trim() : typeof rule.expr === 'number' ? String(rule.expr) : ''
      if (expr === '') return failure(`${what}: ${ruleLabel} has no expr:`, ruleAt())
      const reading = await readPromql(expr)
      if (!reading.ok) return failure(`${what}: the expr of ${ruleLabel} ${reading.message}`, ruleAt('expr'))
      for (const field of ['for', 'keep_firing_for'] as const) {
        const problem = durationProblem(rule[field], field)
        if (problem) return failure(`${what}: ${ruleLabel} ${problem}`, ruleAt(field))
      }
      for (const field of ['labels', 'annotations'] as const) {
        const value = rule[field]
        if (value === undefined || value === null) continue
        if (!isRecord(value) || Object.values(value).some((v) => isRecord(v) || Array.isArray(v))) {
          return failure(`${what}: ${field} of ${ruleLabel} must be a map of names to text`, ruleAt(field))
        }
      }
      if (isRecording) {
        recordingRules++
        continue
      }
      monitors.push(alertMonitor(ruleName, expr, reading, rule, ruleAt('alert'), ruleAt('annotations', 'runbook_url')))
    }
  }
  return recordingRules
}

function alertMonitor(
  name: string,
  expr: string,
  reading: PromqlReading,
  rule: Record<string, unknown>,
  line: number | undefined,
  runbookLine: number | undefined
): Monitor {
  const labels = isRecord(rule.labels) ? rule.labels : {}
  const annotations = isRecord(rule.annotations) ? rule.annotations : {}
  // A label is a scalar; anything else (a mapping, a list) names no route.
  const text = (value: unknown): string | undefined =>
    (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value).trim() !== '' ? String(value) : undefined
  const routeLabel = ROUTE_LABELS.find((key) => text(labels[key]) !== undefined)
  const { threshold } = reading
  // `for: 0` fires on the first evaluation: the window is then the range the expression reads.
  const window = (rule.for === 0 || rule.for === '0' ? undefined : text(rule.for)) ?? reading.range
  const severity = text(labels.severity)
  // The community's key for what to do when the alert fires (kube-prometheus, Grafana, Alertmanager templates).
  const runbook = text(annotations.runbook_url)?.trim()
  const { category, because } = classifyAlert({ metrics: reading.metrics, matchers: reading.matchers, labels, name })
  const inert = reading.neverFires ?? (category === 'drift' ? unreachableThreshold(reading) : undefined)
  return {
    name,
    category,
    because,
    watches: reading.metrics,
    ...(inert ? { inert } : {}),
    metric: expr.replace(/\s+/g, ' '),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(window !== undefined ? { window } : {}),
    ...(routeLabel ? { route: text(labels[routeLabel])! } : {}),
    ...(severity !== undefined ? { severity } : {}),
    ...(runbook !== undefined ? { runbook: { url: runbook, ...(runbookLine !== undefined ? { line: runbookLine } : {}) } } : {}),
    ...(line !== undefined ? { line } : {})
  }
}

/** A drift alert's threshold that its statistic cannot cross (or always crosses), read on the metric it compares unchanged. */
function unreachableThreshold({ threshold, firesWhen, compared }: PromqlReading): string | undefined {
  if (threshold === undefined || firesWhen === undefined || compared === undefined) return undefined
  return unreachableDriftThreshold(compared, threshold, firesWhen)
}

function durationProblem(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined
  // Prometheus accepts a bare "0" (YAML reads `for: 0` as a number).
  if (value === 0 || value === '0') return undefined
  if (typeof value !== 'string' || value === '' || !PROMETHEUS_DURATION.test(value)) {
    return `has an invalid ${field}: duration ${JSON.stringify(value)} (write it like 30s, 5m, 1h30m or 7d)`
  }
  return undefined
}
