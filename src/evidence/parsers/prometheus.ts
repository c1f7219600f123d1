// Prometheus alerting rules → MonitoringEvidence: plain rule files (`groups: [{name, rules}]`,
// what `promtool check rules` reads) and the Kubernetes PrometheusRule resource (the same groups
// under `spec.groups`, possibly among other resources in a multi-document file). The file is
// checked the way Prometheus loads it (rulefmt): a file Prometheus would refuse is a failure,
// because rules that never load alert nobody.
import type { EvidenceParser, EvidenceSource, Monitor, MonitoringEvidence, ParseFailure, ParseResult } from '../types.js'
import { parseYamlDocuments, type LocatedDocument, type PathSegment } from '../../yaml/located.js'
import { isRecord, readEvidenceText, yamlFailure } from '../parsing/read-evidence.js'
import { classifySignal } from '../parsing/signal-category.js'
import { describeValue, failure } from '../parsing/failure.js'

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels'])
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'])
const ALERT_ONLY_FIELDS = ['for', 'keep_firing_for', 'annotations'] as const
/** Labels that say where an alert goes, in order of preference. `severity` says how loud, not where. */
/** The labels that say who an alert reaches, in the order they are read. */
export const ROUTE_LABELS = ['team', 'owner', 'receiver', 'route'] as const

/** Prometheus durations (model.ParseDuration): units largest first, each at most once, e.g. 1h30m, 5m, 90s, 250ms. */
const PROMETHEUS_DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/

/** PromQL functions whose argument must be a range vector (`x[5m]`) or a subquery. */
const RANGE_FUNCTIONS =
  'rate|irate|increase|delta|idelta|deriv|predict_linear|holt_winters|double_exponential_smoothing|resets|changes|' +
  '(?:avg|min|max|sum|count|quantile|stddev|stdvar|last|present|mad|absent)_over_time'

export const prometheusRulesParser: EvidenceParser<MonitoringEvidence> = {
  format: 'prometheus-rules',
  kind: 'monitoring',
  description: 'Prometheus alerting rules: a rule file (groups/rules) or a Kubernetes PrometheusRule resource',
  detect({ head }) {
    if (/^\s*\{/.test(head)) return /"groups"\s*:\s*\[/.test(head) && /"(?:alert|record)"\s*:/.test(head)
    const plainRules = /^groups\s*:/m.test(head) && /^\s*(?:-\s+)?(?:alert|record)\s*:/m.test(head)
    const resource = /^kind\s*:\s*["']?PrometheusRule["']?\s*(?:#.*)?$/m.test(head) && /^apiVersion\s*:\s*["']?monitoring\.coreos\.com\//m.test(head)
    return plainRules || resource
  },
  parse: parsePrometheusRules
}

export const prometheusParsers: EvidenceParser[] = [prometheusRulesParser as EvidenceParser]

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
    const result = readGroups(groupsSource, what, monitors)
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
function readGroups({ document, path, groups }: GroupsSource, what: string, monitors: Monitor[]): number | ParseFailure {
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
    if (seen.has(groupName)) return failure(`${what}: group name "${groupName}" is repeated; Prometheus needs unique group names in a file`, at(groupIndex, 'name'))
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
      const exprProblem = promqlProblem(expr)
      if (exprProblem) return failure(`${what}: the expr of ${ruleLabel} ${exprProblem}`, ruleAt('expr'))
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
      monitors.push(alertMonitor(ruleName, expr, rule, ruleAt('alert')))
    }
  }
  return recordingRules
}

function alertMonitor(name: string, expr: string, rule: Record<string, unknown>, line: number | undefined): Monitor {
  const labels = isRecord(rule.labels) ? rule.labels : {}
  const text = (value: unknown): string | undefined => (value === undefined || value === null || String(value).trim() === '' ? undefined : String(value))
  const routeLabel = ROUTE_LABELS.find((key) => text(labels[key]) !== undefined)
  const threshold = comparisonThreshold(expr)
  const window = text(rule.for) ?? rangeWindow(expr)
  const severity = text(labels.severity)
  return {
    name,
    category: classifySignal(expr, name),
    metric: expr.replace(/\s+/g, ' '),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(window !== undefined ? { window } : {}),
    ...(routeLabel ? { route: text(labels[routeLabel])! } : {}),
    ...(severity !== undefined ? { severity } : {}),
    ...(line !== undefined ? { line } : {})
  }
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

/**
 * The expression with string literals blanked (same length, so positions still match), so that
 * brackets, operators and function names inside label values are not mistaken for PromQL.
 */
function blankStrings(expr: string): string | undefined {
  let out = ''
  let quote: string | undefined
  for (let i = 0; i < expr.length; i++) {
    const char = expr[i]!
    if (quote) {
      if (char === '\\' && quote !== '`') {
        out += '  '
        i++
        continue
      }
      if (char === quote) {
        quote = undefined
        out += char
      } else out += ' '
      continue
    }
    if (char === '"' || char === "'" || char === '`') quote = char
    else if (char === '#') {
      // A PromQL comment runs to the end of the line.
      const end = expr.indexOf('\n', i)
      const stop = end === -1 ? expr.length : end
      out += ' '.repeat(stop - i)
      i = stop - 1
      continue
    }
    out += char
  }
  return quote ? undefined : out
}

/**
 * A light check, not a PromQL parser: unclosed strings or brackets, and range functions called
 * without a range (`rate(x)` where Prometheus needs `rate(x[5m])`), which Prometheus refuses.
 */
export function promqlProblem(expr: string): string | undefined {
  const blank = blankStrings(expr)
  if (blank === undefined) return 'has an unclosed string'
  const closers: Record<string, string> = { '(': ')', '[': ']', '{': '}' }
  const stack: string[] = []
  for (const char of blank) {
    if (char in closers) stack.push(closers[char]!)
    else if (char === ')' || char === ']' || char === '}') {
      if (stack.pop() !== char) return `has an unbalanced "${char}"`
    }
  }
  if (stack.length > 0) return `is missing a closing "${stack[stack.length - 1]}"`
  for (const match of blank.matchAll(new RegExp(`(?<![A-Za-z0-9_:])(${RANGE_FUNCTIONS})\\s*\\(`, 'g'))) {
    const open = match.index + match[0].length - 1
    const argument = blank.slice(open + 1, matchingParen(blank, open))
    if (!argument.includes('[')) return `calls ${match[1]}() without a range; Prometheus needs one, e.g. ${match[1]}(metric[5m])`
  }
  return undefined
}

function matchingParen(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return i
  }
  return text.length
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * The numeric literal of the expression's single top-level comparison (`... > 0.05`), if it has
 * exactly one. Comparisons bind tighter than and/or/unless, so each operand ends at those.
 */
export function comparisonThreshold(expr: string): number | undefined {
  const blank = blankStrings(expr)
  if (blank === undefined) return undefined
  const comparisons: { at: number; length: number }[] = []
  const setOperators: { at: number; length: number }[] = []
  let depth = 0
  for (let i = 0; i < blank.length; i++) {
    const char = blank[i]!
    if (char === '(' || char === '[' || char === '{') depth++
    else if (char === ')' || char === ']' || char === '}') depth--
    else if (depth === 0) {
      const two = blank.slice(i, i + 2)
      if (two === '==' || two === '!=' || two === '>=' || two === '<=') {
        comparisons.push({ at: i, length: 2 })
        i++
      } else if (char === '>' || char === '<') comparisons.push({ at: i, length: 1 })
      else if (i === 0 || /[\s)]/.test(blank[i - 1]!)) {
        const keyword = /^(?:and|or|unless)\b/.exec(blank.slice(i, i + 7))
        if (keyword) setOperators.push({ at: i, length: keyword[0].length })
      }
    }
  }
  if (comparisons.length !== 1) return undefined
  const { at, length } = comparisons[0]!
  const start = Math.max(0, ...setOperators.filter((operator) => operator.at < at).map((operator) => operator.at + operator.length))
  const end = Math.min(blank.length, ...setOperators.filter((operator) => operator.at > at).map((operator) => operator.at))
  const right = blank
    .slice(at + length, end)
    .trim()
    .replace(/^bool\b/, '')
    .replace(/^\s*(?:on|ignoring)\s*\([^)]*\)/, '')
    .replace(/^\s*(?:group_left|group_right)\s*(?:\([^)]*\))?/, '')
  for (const side of [right, blank.slice(start, at)]) {
    const literal = stripParens(side.trim())
    if (NUMBER.test(literal)) return Number(literal)
  }
  return undefined
}

function stripParens(text: string): string {
  let current = text
  while (current.startsWith('(') && current.endsWith(')') && matchingParen(current, 0) === current.length - 1) current = current.slice(1, -1).trim()
  return current
}

/** The range of the expression's range selectors (`[5m]`, subquery `[1h:5m]` → 1h) when they all agree. */
function rangeWindow(expr: string): string | undefined {
  const blank = blankStrings(expr) ?? expr
  const ranges = new Set([...blank.matchAll(/\[\s*([0-9][0-9a-z]*)\s*(?::[^\]]*)?\]/g)].map((match) => match[1]!))
  return ranges.size === 1 ? [...ranges][0] : undefined
}
