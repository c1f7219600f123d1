// Markdown renderers of the report: the check run title and summary, the job summary (also the CLI's
// `--format markdown`). Pure functions of the report. Everything that comes from the repository (system
// names, messages with measured values, paths) is escaped so it renders as text, mentions nobody and
// links no issue.
import path from 'node:path'
import { requirementById } from '../evaluate/catalog.js'
import {
  stageDirection,
  type ChangeReport,
  type Finding,
  type Location,
  type Report,
  type Score,
  type SystemChange,
  type SystemReport
} from '../report/types.js'
import { isProblemRule } from '../report/problems.js'
import { marksUnverified } from './claims.js'
import { samePlace } from './places.js'
import { plural, systemCounts } from './counts.js'
import { hintsOnce } from './hints.js'
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

export interface CheckSummaryOptions extends MarkdownOptions {
  maxBytes?: number
}

/** The check run summary: everything, else failing findings only, else counts and a truncation note. */
export function renderCheckSummary(report: Report, options: CheckSummaryOptions = {}): string {
  return renderFitted(report, CHECK_LAYOUT, options.maxBytes ?? CHECK_SUMMARY_MAX_BYTES, options)
}

/** The job summary (≤ 1 MiB), degraded in the same steps as the check summary when it must be. */
export function renderJobSummary(report: Report, options: MarkdownOptions = {}): string {
  return renderFitted(report, JOB_LAYOUT, JOB_SUMMARY_MAX_BYTES, options)
}

export const markdownRenderer: Renderer = {
  format: 'markdown',
  description: 'the job summary: the check run summary under a heading',
  render: (report, options) => renderJobSummary(report, options)
}

/** The title: what the pull request changed first (when there is a base), then the verdict. */
export function renderTitle(report: Report): string {
  const failingNotices = report.notices.filter((notice) => notice.status === 'fail')
  const total = report.systems.length
  if (total === 0 && !report.change?.systems.length) {
    const title = failingNotices[0] ? `Gate failed — ${failingNotices[0].message}` : 'No readiness manifest found — nothing to gate'
    return truncateChars(oneLine(title), TITLE_MAX_CHARS)
  }
  const ready = report.systems.filter((system) => system.passed).length
  let head = total === 0 ? (report.passed ? 'No system left to gate' : 'Gate failed') : `${ready} of ${plural(total, 'system')} ready`
  if (total > 0 && report.passed && ready < total) head += ` (${plural(total - ready, 'failing system')} this change did not touch)`
  else if (total > 0 && !report.passed && ready === total) head += ', but the gate fails'
  // A removed system is named once: by the change, which says whether its removal lacks approval.
  const removed = new Set((report.change?.systems ?? []).filter((entry) => entry.status === 'removed').map((entry) => entry.manifest))
  const told = failingNotices.filter((notice) => notice.rule === 'system.removed' && removed.has(notice.file))
  const reasons = [
    ...systemReasons(report, new Set(told.map((notice) => notice.file))),
    ...failingNotices.filter((notice) => !told.includes(notice)).map((notice) => notice.message)
  ]
  if (report.change && reasons.length === 0) reasons.push('no readiness change')
  const first = `${head} — `
  if (reasons.length === 0) return truncateChars(oneLine(head), TITLE_MAX_CHARS)
  // Name as many reasons as fit, then say how many more there are.
  let title = `${first}${reasons[0]}`
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

/** Whether a failing system fails the check (under block-on: changes, one the change did not touch does not). */
function blocks(report: Report, system: SystemReport): boolean {
  return report.change?.systems.find((change) => change.name === system.name)?.blocks ?? true
}

/**
 * One clause per system worth naming, in report order: what the change did to it (on a pull request),
 * then what it lacks when it fails the check, e.g. "invoice-extractor: 1 newly failing requirement,
 * lacks 1 of 4 production requirements".
 */
function systemReasons(report: Report, unapprovedRemovals: ReadonlySet<string>): string[] {
  const reasons: string[] = []
  for (const system of report.systems) {
    const change = report.change?.systems.find((entry) => entry.name === system.name)
    const failing = !system.passed && blocks(report, system)
    // An added system that fails is told by its shortfall; its score would say the same twice.
    const changed = change ? (change.status === 'added' && failing ? [`added at ${system.stage ?? 'no valid stage'}`] : describeChange(change)) : []
    const parts = [...changed, ...(failing ? [describeShortfall(system)] : [])]
    if (parts.length > 0) reasons.push(`${system.name}: ${parts.join(', ')}`)
  }
  for (const removed of report.change?.systems.filter((entry) => entry.status === 'removed') ?? []) {
    reasons.push(
      `${removed.name}: ${describeChange(removed).join(', ')}${unapprovedRemovals.has(removed.manifest) ? " without a waiver approver's approval" : ''}`
    )
  }
  return reasons
}

/** What happened to one system, in words: stage, score, newly failing, newly met. Empty when nothing did. */
function describeChange(system: SystemChange): string[] {
  if (system.status === 'added') return [`added at ${system.stage.after ?? 'no valid stage'}${system.score.after ? ` (${score(system.score.after)})` : ''}`]
  if (system.status === 'removed') return [`removed (was ${system.stage.before ?? 'without a valid stage'})`]
  const parts: string[] = []
  const direction = stageDirection(system.stage.before, system.stage.after)
  if (direction !== 0) parts.push(`${direction < 0 ? 'lowered' : 'raised'} from ${system.stage.before} to ${system.stage.after}`)
  const { before, after } = system.score
  if (before && after && (before.passed !== after.passed || before.required !== after.required)) parts.push(`${score(before)} → ${score(after)}`)
  const newRequirements = system.newlyFailing.filter((rule) => !isProblemRule(rule)).length
  const newProblems = system.newlyFailing.length - newRequirements
  if (newRequirements > 0) parts.push(plural(newRequirements, 'newly failing requirement'))
  if (newProblems > 0) parts.push(plural(newProblems, 'new problem'))
  if (system.newlyMet.length > 0) parts.push(`${plural(system.newlyMet.length, 'newly met requirement')}`)
  return parts
}

const score = (value: Score): string => `${value.passed}/${value.required} requirements`

/** What a failing system lacks, without its name: "lacks 2 of 4 production requirements". */
function describeShortfall(system: SystemReport): string {
  if (system.stage === null) return 'does not claim a valid stage'
  const counts = systemCounts(system)
  const lacks = counts.unmet > 0 ? `lacks ${counts.unmet} of ${counts.required} ${system.stage} requirements` : ''
  const problems = counts.problems > 0 ? `has ${plural(counts.problems, 'problem')}` : ''
  return [lacks, problems].filter(Boolean).join(' and ')
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

/**
 * A message as inline markdown: its `code spans` as code (GitHub links no mention or issue and renders
 * no HTML inside one), everything else escaped as by escapeMarkdown.
 */
export function inlineMarkdown(text: string, maxChars = MAX_CELL_CHARS): string {
  const line = truncateChars(oneLine(text), maxChars)
  let out = ''
  let last = 0
  for (const match of line.matchAll(/`([^`]+)`/g)) {
    out += escapeMarkdown(line.slice(last, match.index), Infinity) + codeSpan(match[1]!)
    last = match.index + match[0].length
  }
  return out + escapeMarkdown(line.slice(last), Infinity)
}

/** A code span that holds any text but a backtick; padded when it starts or ends with one. */
function codeSpan(text: string): string {
  const body = text.trim() === '' ? text : text
  return /^ | $/.test(body) ? `\` ${body} \`` : `\`${body}\``
}

/** An identifier or path as a code span when it is plain enough, else escaped text. (GitHub links no mention in code.) */
function code(text: string): string {
  return /^[\w./:@+() -]{1,200}$/.test(text) && text.trim() === text ? `\`${text}\`` : escapeMarkdown(text)
}

/** A file and line: a link to that line at the head commit when the summary knows where it is, else a code span. */
function place(location: Location, options: MarkdownOptions): string {
  const label = `${location.file}:${location.line}`
  if (!options.blobUrl) return code(label)
  const repoPath = path.posix.join(options.rootPrefix ?? '', location.file)
  const url = `${options.blobUrl}${repoPath.split('/').map(encodeURIComponent).join('/')}#L${location.line}`
  return `[${escapeMarkdown(label, 200)}](${url})`
}

function where(finding: Finding, options: MarkdownOptions): string {
  const at = place(finding, options)
  return finding.related && !samePlace(finding, finding.related) ? `${at} (see ${place(finding.related, options)})` : at
}

// ---- layout -----------------------------------------------------------------------------------------

export interface MarkdownOptions {
  /** `https://github.com/OWNER/REPO/blob/SHA/`: where the exact lines are; without it places show as code. */
  blobUrl?: string
  /** Repo-relative POSIX path of the gate's root, for the links. */
  rootPrefix?: string
}

function renderFitted(report: Report, layout: Layout, maxBytes: number, options: MarkdownOptions): string {
  for (const detail of ['all', 'failing'] as const) {
    const markdown = render(report, layout, detail, options)
    if (utf8Bytes(markdown) <= maxBytes) return markdown
  }
  return renderCounts(report, layout, maxBytes)
}

function render(report: Report, layout: Layout, detail: Exclude<Detail, 'counts'>, options: MarkdownOptions): string {
  const lines = header(report, layout)
  for (const system of orderedSystems(report)) lines.push(...renderSystem(report, system, layout, detail, options))
  return lines.join('\n') + '\n'
}

function header(report: Report, layout: Layout): string[] {
  const lines: string[] = []
  if (layout.heading) lines.push(`## readiness-gate: ${escapeMarkdown(renderTitle(report), 300)}`, '')
  lines.push(`Policy: ${code(report.policy)} · evaluated at ${code(report.evaluatedAt)}`, '')
  if (report.change) lines.push(...changeSection(report.change))
  if (report.notices.length > 0) {
    lines.push('**Notices**', '')
    for (const notice of report.notices) {
      const icon = notice.status === 'fail' ? '❌' : 'ℹ️'
      const hint = notice.hint ? ` — ${inlineMarkdown(notice.hint)}` : ''
      lines.push(`- ${icon} ${inlineMarkdown(notice.message)} (${code(`${notice.file}:${notice.line}`)})${hint}`)
    }
    lines.push('')
  }
  // A run that failed before evaluating anything has no systems either; its notices say why.
  if (report.systems.length === 0 && !report.notices.some((notice) => notice.status === 'fail')) {
    lines.push('No readiness manifest was found, so there is nothing to gate. Add a `readiness.yml` next to each AI system to have it checked.', '')
  }
  return lines
}

/** What the change did, system by system: the section a pull request's author reads first. */
function changeSection(change: ChangeReport): string[] {
  const lines = [`**What this change did**, compared with ${escapeMarkdown(change.base, 200)}:`, '']
  const changed = change.systems.filter((system) => describeChange(system).length > 0)
  for (const system of changed) {
    const icon =
      system.status === 'added' ? '🆕' : system.status === 'removed' ? '🗑️' : system.newlyFailing.length > 0 ? '🔻' : system.newlyMet.length > 0 ? '🔺' : '✏️'
    lines.push(`- ${icon} **${escapeMarkdown(system.name, 200)}** ${escapeMarkdown(describeChange(system).join(' · '))}`)
    if (system.newlyFailing.length > 0) lines.push(`  - newly failing: ${system.newlyFailing.map(code).join(', ')}`)
    if (system.newlyMet.length > 0) lines.push(`  - newly met: ${system.newlyMet.map(code).join(', ')}`)
  }
  const unchanged = change.systems.length - changed.length
  if (changed.length === 0) lines.push("No system's readiness changed.")
  else if (unchanged > 0) lines.push(`- ${plural(unchanged, 'other system')} unchanged.`)
  if (change.blockOn === 'changes') {
    lines.push('', '_The policy blocks on changes only: a system this change did not touch does not fail the check for gaps it already had._')
  }
  if (change.unreadable.length > 0) {
    lines.push(
      '',
      `_${plural(change.unreadable.length, 'base file')} could not be read (${change.unreadable.slice(0, 5).map(code).join(', ')}${change.unreadable.length > 5 ? ', …' : ''}); the comparison of the systems that read them may be off._`
    )
  }
  lines.push('')
  return lines
}

/** Failing systems first, each group in report order. */
function orderedSystems(report: Report): SystemReport[] {
  return [...report.systems.filter((system) => !system.passed), ...report.systems.filter((system) => system.passed)]
}

function systemHeading(system: SystemReport): string {
  const stage = system.stage ?? 'no valid stage'
  const icon = system.passed ? '✅' : '❌'
  return `### ${icon} ${escapeMarkdown(system.name, 200)} · ${stage}`
}

/** "pilot ✓ · staging ✓ · production 15/22 requirements" */
function progressLine(system: SystemReport): string {
  const counts = systemCounts(system)
  const stages = (system.progress ?? []).map((step) => (step.met === step.required ? `${step.stage} ✓` : `**${step.stage} ${step.met}/${step.required}**`))
  const tail = counts.problems > 0 ? ` · ${plural(counts.problems, 'problem')}` : ''
  if (stages.length === 0) return `${counts.met}/${counts.required} requirements met${tail}`
  return `${stages.join(' · ')} requirements met${tail}`
}

function requirementLabel(rule: string): string {
  const requirement = requirementById(rule)
  return requirement ? `**${escapeMarkdown(requirement.title, 200)}** ${code(rule)}` : `**${code(rule)}**`
}

/** The findings of one rule, in report order, grouped under it. */
function byRule(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>()
  for (const finding of findings) groups.set(finding.rule, [...(groups.get(finding.rule) ?? []), finding])
  return [...groups.values()]
}

function problemLines(finding: Finding, options: MarkdownOptions, indent: string): string[] {
  const unverified = marksUnverified(finding) ? ' _(unverified)_' : ''
  const lines = [`${inlineMarkdown(finding.message)}${unverified}\\`, `${indent}${where(finding, options)}`]
  if (finding.hint) {
    lines[1] += '\\'
    lines.push(`${indent}**Fix:** ${inlineMarkdown(finding.hint)}`)
  }
  // The snippet is the catalog's own YAML (no repository text), so a fence holds it safely.
  if (finding.snippet && !finding.snippet.includes('```'))
    lines.push('', `${indent}\`\`\`yaml`, ...fitSnippet(finding.snippet).map((line) => `${indent}${line}`), `${indent}\`\`\``)
  return lines
}

/** Snippet lines longer than this would scroll inside their code block at the Checks tab's 880 px. */
const SNIPPET_WIDTH = 80

/**
 * A snippet whose long lines fit the code block: a trailing comment that makes a line too long moves
 * above its key, wrapped at word boundaries (still the same YAML).
 */
export function fitSnippet(snippet: string, width = SNIPPET_WIDTH): string[] {
  return snippet.split('\n').flatMap((line) => {
    const match = /^(\s*)(\S.*?)\s+#\s(.*)$/.exec(line)
    if (line.length <= width || !match) return [line]
    const [, indent, code, comment] = match as unknown as [string, string, string, string]
    const wrapped: string[] = []
    for (const word of comment.split(' ')) {
      const last = wrapped.length - 1
      if (last >= 0 && `${indent}# ${wrapped[last]} ${word}`.length <= width) wrapped[last] += ` ${word}`
      else wrapped.push(word)
    }
    return [...wrapped.map((text) => `${indent}# ${text}`), `${indent}${code}`]
  })
}

/** One requirement's list item: its label, then each finding with where it is and the fix. */
function ruleItem(group: Finding[], options: MarkdownOptions, tag = ''): string[] {
  const first = group[0]!
  if (group.length === 1) {
    const [problem, ...rest] = problemLines(first, options, '  ')
    return [`- ${requirementLabel(first.rule)}${tag}\\`, `  ${problem}`, ...rest]
  }
  return [
    `- ${requirementLabel(first.rule)}${tag}`,
    ...hintsOnce(group).flatMap((finding) => {
      const [problem, ...rest] = problemLines(finding, options, '    ')
      return [`  - ${problem}`, ...rest]
    })
  ]
}

function renderSystem(report: Report, system: SystemReport, layout: Layout, detail: Exclude<Detail, 'counts'>, options: MarkdownOptions): string[] {
  const lines = [systemHeading(system), '', `${progressLine(system)} · manifest ${code(system.manifest)}`, '']
  const failing = system.findings.filter((finding) => finding.status === 'fail')
  if (failing.length > 0) {
    const counts = systemCounts(system)
    const what = [counts.unmet > 0 ? plural(counts.unmet, 'requirement') + ' not met' : '', counts.problems > 0 ? plural(counts.problems, 'problem') : '']
    const blocking = blocks(report, system) ? '' : ' — _not blocking: this change did not touch it_'
    lines.push(`**${what.filter(Boolean).join(', ')}**${blocking}`, '')
    const groups = byRule(failing)
    const fresh = groups.filter((group) => group.some((finding) => finding.change === 'new'))
    const old = groups.filter((group) => !fresh.includes(group))
    // On a pull request, what it broke comes first, apart from what was already broken.
    if (report.change && fresh.length > 0 && old.length > 0) {
      lines.push(`🆕 _New in this change (${fresh.length}):_`, '', ...fresh.flatMap((group) => ruleItem(group, options)), '')
      lines.push(`_Already failing at the base (${old.length}):_`, '', ...old.flatMap((group) => ruleItem(group, options)), '')
    } else {
      const tag = report.change ? (fresh.length > 0 ? ' · 🆕 new in this change' : ' · already failing at the base') : ''
      lines.push(...groups.flatMap((group) => ruleItem(group, options, tag)), '')
    }
  }
  const vouched = system.findings.filter((finding) => finding.status === 'waived' || (finding.status === 'pass' && finding.verification === 'unverified'))
  if (vouched.length > 0) {
    lines.push('**Waived or unverified**', '')
    for (const finding of vouched) {
      const what = finding.status === 'waived' ? '⏭️ waived' : '⚠️ unverified'
      lines.push(`- ${what}: ${code(finding.rule)} — ${inlineMarkdown(finding.message)} (${where(finding, options)})`)
    }
    lines.push('')
  }
  const passing = system.findings.filter((finding) => finding.status === 'pass' && finding.verification !== 'unverified')
  const notRequired = system.findings.filter((finding) => finding.status === 'not-required')
  if (passing.length === 0 && notRequired.length === 0) return lines
  const summary = [
    passing.length > 0 ? `✅ ${plural(new Set(passing.map((f) => f.rule)).size, 'requirement')} passing` : '',
    notRequired.length > 0 ? `➖ ${notRequired.length} not required at ${system.stage ?? 'this stage'}` : ''
  ]
    .filter(Boolean)
    .join(' · ')
  if (detail === 'failing') {
    lines.push(`_${summary} — left out to fit GitHub's size limit; ${layout.fullReportHint}._`, '')
    return lines
  }
  lines.push('<details>', `<summary>${summary}</summary>`, '')
  for (const finding of passing) lines.push(`- ${code(finding.rule)} — ${inlineMarkdown(finding.message)}`)
  if (passing.length > 0) lines.push('')
  if (notRequired.length > 0) {
    // One line, not a row each: what a later stage (or a stricter policy) would add.
    lines.push(`Not required at ${system.stage ?? 'this stage'}: ${notRequired.map((finding) => code(finding.rule)).join(', ')}.`, '')
  }
  lines.push('</details>', '')
  return lines
}

/** Last step: one row of counts per system, as many rows as fit, and a note saying the rest is elsewhere. */
function renderCounts(report: Report, layout: Layout, maxBytes: number): string {
  const failingFindings = report.systems.reduce((sum, system) => sum + system.findings.filter((finding) => finding.status === 'fail').length, 0)
  const top = [...header(report, layout), '| System | Stage | Score | Failing |', '| --- | --- | --- | --- |'].join('\n')
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
