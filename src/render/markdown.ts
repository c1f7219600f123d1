// Markdown renderers of the report: the check run title and summary, the job summary (also the CLI's
// `--format markdown`). Pure functions of the report. Everything that comes from the repository (system
// names, messages with measured values, paths) is escaped so it renders as text, mentions nobody and
// links no issue.
import type { Finding, FindingStatus, Report, SystemReport } from '../report/types.js'
import type { Renderer } from './renderer.js'
import { oneLine, truncateChars, truncateUtf8, utf8Bytes } from './sanitize.js'

/** GitHub rejects a check run summary or text over 65,535 bytes. */
export const CHECK_SUMMARY_MAX_BYTES = 65_535
/** GitHub drops a step summary over 1 MiB whole; the margin covers the newline @actions/core appends. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024 - 1024
/** GitHub rejects a check run title over 255 characters. */
export const TITLE_MAX_CHARS = 255

/** A table cell longer than this helps nobody; the report JSON keeps the whole text. */
const MAX_CELL_CHARS = 600

type Detail = 'all' | 'failing' | 'counts'

interface Layout {
  /** The job summary stands alone and needs a heading; the check run shows its title above the summary. */
  heading: boolean
  /** Where a reader finds what a degraded summary left out. */
  fullReportHint: string
}

const CHECK_LAYOUT: Layout = { heading: false, fullReportHint: 'the job summary and the JSON report list them' }
const JOB_LAYOUT: Layout = { heading: true, fullReportHint: 'the JSON report lists them' }

export interface CheckSummaryOptions {
  maxBytes?: number
}

/** The check run summary: everything, else failing findings only, else counts and a truncation note. */
export function renderCheckSummary(report: Report, options: CheckSummaryOptions = {}): string {
  return renderFitted(report, CHECK_LAYOUT, options.maxBytes ?? CHECK_SUMMARY_MAX_BYTES)
}

/** The job summary (≤ 1 MiB), degraded in the same steps as the check summary when it must be. */
export function renderJobSummary(report: Report): string {
  return renderFitted(report, JOB_LAYOUT, JOB_SUMMARY_MAX_BYTES)
}

export const markdownRenderer: Renderer = {
  format: 'markdown',
  description: 'the job summary: the check run summary under a heading',
  render: (report) => renderJobSummary(report)
}

/** The verdict in words, e.g. "2 of 3 systems ready — invoice-extractor lacks 5 production requirements". */
export function renderTitle(report: Report): string {
  const failingNotices = report.notices.filter((notice) => notice.status === 'fail')
  const total = report.systems.length
  if (total === 0) {
    const title = failingNotices[0]
      ? `Gate failed — ${failingNotices[0].message}`
      : 'No readiness manifest found — nothing to gate'
    return truncateChars(oneLine(title), TITLE_MAX_CHARS)
  }
  const ready = report.systems.filter((system) => system.passed).length
  const head = `${ready} of ${total} system${total === 1 ? '' : 's'} ready`
  const reasons = report.systems.filter((system) => !system.passed).map(describeShortfall)
  reasons.push(...failingNotices.map((notice) => notice.message))
  if (reasons.length === 0) return truncateChars(oneLine(head), TITLE_MAX_CHARS)
  // Name as many failing systems as fit, then say how many more there are.
  let title = `${head} — ${reasons[0]}`
  for (let index = 1; index < reasons.length; index++) {
    const rest = reasons.length - index - 1
    const candidate = `${title}; ${reasons[index]}`
    const withTail = rest > 0 ? `${candidate}; and ${rest} more` : candidate
    if (Array.from(oneLine(withTail)).length > TITLE_MAX_CHARS) {
      title = `${title}; and ${reasons.length - index} more`
      break
    }
    title = candidate
  }
  return truncateChars(oneLine(title), TITLE_MAX_CHARS)
}

function describeShortfall(system: SystemReport): string {
  if (system.stage === null) return `${system.name} does not claim a valid stage`
  // A requirement can fail in several places (e.g. one finding per incomplete data source): count requirements.
  const failing = new Set(system.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.rule)).size
  return `${system.name} lacks ${failing} ${system.stage} requirement${failing === 1 ? '' : 's'}`
}

// ---- escaping ---------------------------------------------------------------------------------------

/**
 * Repository text as inline markdown that renders literally: one line, bounded length, HTML characters
 * as entities, markdown punctuation backslash-escaped (a `\|` also keeps a table cell whole), and a
 * zero-width space after `@` and `#` so no one is mentioned and no issue is linked.
 */
export function escapeMarkdown(text: string, maxChars = MAX_CELL_CHARS): string {
  return truncateChars(oneLine(text), maxChars)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, '\\$&')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b')
    .replace(/\b(GH)-(?=\d)/gi, '$1\u200b-')
}

/** An identifier or path as a code span when it is plain enough, else escaped text. (GitHub links no mention in code.) */
function code(text: string): string {
  return /^[\w./:@+() -]{1,200}$/.test(text) && text.trim() === text ? `\`${text}\`` : escapeMarkdown(text)
}

function where(finding: Finding): string {
  const at = code(`${finding.file}:${finding.line}`)
  return finding.related ? `${at} (see ${code(`${finding.related.file}:${finding.related.line}`)})` : at
}

const STATUS_ICON: Record<FindingStatus, string> = {
  pass: '✅',
  fail: '❌',
  waived: '⏭️',
  'not-required': '➖'
}

const STATUS_WORD: Record<FindingStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  waived: 'waived',
  'not-required': 'not required'
}

function problem(finding: Finding): string {
  const unverified = finding.verification === 'unverified' ? ' _(unverified)_' : ''
  return escapeMarkdown(finding.message) + unverified
}

// ---- layout -----------------------------------------------------------------------------------------

function renderFitted(report: Report, layout: Layout, maxBytes: number): string {
  for (const detail of ['all', 'failing'] as const) {
    const markdown = render(report, layout, detail)
    if (utf8Bytes(markdown) <= maxBytes) return markdown
  }
  return renderCounts(report, layout, maxBytes)
}

function render(report: Report, layout: Layout, detail: Exclude<Detail, 'counts'>): string {
  const lines = header(report, layout)
  for (const system of orderedSystems(report)) lines.push(...renderSystem(system, layout, detail))
  return lines.join('\n') + '\n'
}

function header(report: Report, layout: Layout): string[] {
  const lines: string[] = []
  if (layout.heading) lines.push(`## readiness-gate: ${escapeMarkdown(renderTitle(report), 300)}`, '')
  lines.push(`Policy: ${code(report.policy)} · evaluated at ${code(report.evaluatedAt)}`, '')
  if (report.notices.length > 0) {
    lines.push('**Notices**', '')
    for (const notice of report.notices) {
      const icon = notice.status === 'fail' ? '❌' : 'ℹ️'
      const hint = notice.hint ? ` — ${escapeMarkdown(notice.hint)}` : ''
      lines.push(`- ${icon} ${escapeMarkdown(notice.message)} (${where(notice)})${hint}`)
    }
    lines.push('')
  }
  // A run that failed before evaluating anything has no systems either; its notices say why.
  if (report.systems.length === 0 && !report.notices.some((notice) => notice.status === 'fail')) {
    lines.push(
      'No readiness manifest was found, so there is nothing to gate. Add a `readiness.yml` next to each AI system to have it checked.',
      ''
    )
  }
  return lines
}

/** Failing systems first, each group in report order. */
function orderedSystems(report: Report): SystemReport[] {
  return [...report.systems.filter((system) => !system.passed), ...report.systems.filter((system) => system.passed)]
}

function systemHeading(system: SystemReport): string {
  const stage = system.stage ?? 'no valid stage'
  const icon = system.passed ? '✅' : '❌'
  return `### ${icon} ${escapeMarkdown(system.name, 200)} · ${stage} · ${system.score.passed}/${system.score.required} requirements`
}

function renderSystem(system: SystemReport, layout: Layout, detail: Exclude<Detail, 'counts'>): string[] {
  const lines = [systemHeading(system), '', `Manifest: ${code(system.manifest)}`, '']
  const failing = system.findings.filter((finding) => finding.status === 'fail')
  const others = system.findings.filter((finding) => finding.status !== 'fail')
  const shown = others.filter((finding) => finding.status !== 'not-required')
  const notRequired = others.filter((finding) => finding.status === 'not-required')
  if (failing.length > 0) {
    lines.push('| Requirement | Problem | Where | How to fix |', '| --- | --- | --- | --- |')
    for (const finding of failing) {
      lines.push(`| ${code(finding.rule)} | ${problem(finding)} | ${where(finding)} | ${escapeMarkdown(finding.hint ?? '')} |`)
    }
    lines.push('')
  }
  if (others.length === 0) return lines
  const counts = countLabel(others)
  if (detail === 'failing') {
    lines.push(`_${counts} — left out to fit GitHub's size limit; ${layout.fullReportHint}._`, '')
    return lines
  }
  lines.push('<details>', `<summary>${counts}</summary>`, '')
  if (shown.length > 0) {
    lines.push('| Requirement | Status | Detail | Where |', '| --- | --- | --- | --- |')
    for (const finding of shown) {
      const status = `${STATUS_ICON[finding.status]} ${STATUS_WORD[finding.status]}`
      lines.push(`| ${code(finding.rule)} | ${status} | ${problem(finding)} | ${where(finding)} |`)
    }
    lines.push('')
  }
  if (notRequired.length > 0) {
    // One line, not a row each: what a later stage (or a stricter policy) would add.
    lines.push(`${STATUS_ICON['not-required']} Not required at ${system.stage ?? 'this stage'}: ${notRequired.map((finding) => code(finding.rule)).join(', ')}.`, '')
  }
  lines.push('</details>', '')
  return lines
}

function countLabel(findings: Finding[]): string {
  const parts: string[] = []
  for (const status of ['pass', 'waived', 'not-required'] as const) {
    const count = findings.filter((finding) => finding.status === status).length
    if (count > 0) parts.push(`${count} ${status === 'pass' ? 'passing' : STATUS_WORD[status]}`)
  }
  return parts.join(' · ')
}

/** Last step: one row of counts per system, as many rows as fit, and a note saying the rest is elsewhere. */
function renderCounts(report: Report, layout: Layout, maxBytes: number): string {
  const failingFindings = report.systems.reduce(
    (sum, system) => sum + system.findings.filter((finding) => finding.status === 'fail').length,
    0
  )
  const top = [
    ...header(report, layout),
    '| System | Stage | Score | Failing |',
    '| --- | --- | --- | --- |'
  ].join('\n')
  const systems = orderedSystems(report)
  const note = (left: number): string =>
    '\n' +
    (left > 0 ? `\n…and ${left} more system${left === 1 ? '' : 's'}.\n` : '') +
    `\n> **Truncated:** the full summary is over GitHub's size limit, so it lists counts only (${failingFindings} failing finding${failingFindings === 1 ? '' : 's'} in all); ${layout.fullReportHint}.\n`
  let body = top
  let shown = 0
  for (const system of systems) {
    const failing = system.findings.filter((finding) => finding.status === 'fail').length
    const row = `\n| ${system.passed ? '✅' : '❌'} ${escapeMarkdown(system.name, 200)} | ${system.stage ?? 'none'} | ${system.score.passed}/${system.score.required} | ${failing} |`
    if (utf8Bytes(body + row + note(systems.length - shown - 1)) > maxBytes) break
    body += row
    shown++
  }
  return cutAtLineEnd(body + note(systems.length - shown), maxBytes)
}

/**
 * Only a tiny limit gets here (even the counts do not fit). Every step above renders whole blocks, so
 * no code fence or `<details>` is ever left open; this cuts at the last line end that fits, and within
 * a line only when no line end does, never inside a UTF-8 character.
 */
function cutAtLineEnd(markdown: string, maxBytes: number): string {
  const fitted = truncateUtf8(markdown, maxBytes)
  if (fitted === markdown) return markdown
  const lineEnd = fitted.lastIndexOf('\n')
  return lineEnd > 0 ? fitted.slice(0, lineEnd + 1) : fitted
}
