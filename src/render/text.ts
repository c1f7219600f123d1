// The CLI's text output, grouped by system: what the change did (with --base), then each system's line
// with its stage progress, each problem at its file:line with the fix beneath it, and the verdict. Pure:
// colour is decided by the caller.
import { stageDirection, type ChangeReport, type Finding, type Report, type SystemReport } from '../report/types.js'
import { marksUnverified } from './claims.js'
import { samePlace } from './places.js'
import { plural, systemCounts } from './counts.js'
import type { Renderer } from './renderer.js'
import { hintsOnce } from './hints.js'
import { terminalLine } from './sanitize.js'

export interface TextOptions {
  color: boolean
}

const paint = (on: boolean, code: string, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text)

function place(finding: Finding): string {
  return terminalLine(`${finding.file}:${finding.line}${finding.column ? `:${finding.column}` : ''}`)
}

function changeTag(finding: Finding, color: boolean): string {
  if (finding.change === 'new') return `  ${paint(color, '31', '[new]')}`
  if (finding.change === 'existing') return `  ${paint(color, '2', '[already failing at base]')}`
  return ''
}

/** A problem: where and which rule, the measured problem beneath, the fix beneath that. */
function findingLines(finding: Finding, color: boolean): string[] {
  const failing = finding.status === 'fail'
  const mark = failing ? paint(color, '31', '✗') : paint(color, '33', '!')
  const rule = paint(color, failing ? '31' : '33', finding.rule)
  const unverified = marksUnverified(finding) ? ' (unverified)' : ''
  const lines = [`  ${mark} ${paint(color, '1', place(finding))}  ${rule}${changeTag(finding, color)}`, `      ${terminalLine(finding.message)}${unverified}`]
  if (finding.related && !samePlace(finding, finding.related))
    lines.push(`      ${paint(color, '2', `see ${place({ ...finding, ...finding.related, column: finding.related.column })}`)}`)
  if (failing && finding.hint) lines.push(`      ${paint(color, '2', `fix: ${terminalLine(finding.hint)}`)}`)
  if (failing && finding.snippet)
    lines.push(`      ${paint(color, '2', 'paste:')}`, ...finding.snippet.split('\n').map((line) => `        ${terminalLine(line)}`))
  return lines
}

function systemLine(system: SystemReport, width: number, color: boolean): string {
  const mark = system.passed ? paint(color, '32', '✓') : paint(color, '31', '✗')
  const counts = systemCounts(system)
  const waived = new Set(system.findings.filter((f) => f.status === 'waived').map((f) => f.rule)).size
  const unverified = new Set(system.findings.filter((f) => f.verification === 'unverified' && f.status !== 'fail').map((f) => f.rule)).size
  const notes = [
    counts.unmet ? `${counts.unmet} not met` : undefined,
    counts.problems ? plural(counts.problems, 'problem') : undefined,
    waived ? `${waived} waived` : undefined,
    unverified ? `${unverified} unverified offline` : undefined
  ].filter(Boolean)
  const score = `${counts.met}/${counts.required} requirements met${notes.length ? ` (${notes.join(', ')})` : ''}`
  return `${mark} ${paint(color, '1', terminalLine(system.name).padEnd(width))}  ${(system.stage ?? 'no stage').padEnd(10)}  ${score}  ${paint(color, '2', terminalLine(system.manifest))}`
}

function progressLine(system: SystemReport): string | undefined {
  if (!system.progress?.length) return undefined
  return `  ${system.progress.map((step) => (step.met === step.required ? `${step.stage} ✓` : `${step.stage} ${step.met}/${step.required}`)).join(' · ')}`
}

function changeLines(change: ChangeReport, color: boolean): string[] {
  const lines = [paint(color, '1', `What this change did, compared with ${terminalLine(change.base)}:`)]
  let unchanged = 0
  for (const system of change.systems) {
    const parts: string[] = []
    if (system.status === 'added') parts.push(`added at ${system.stage.after ?? 'no valid stage'}`)
    else if (system.status === 'removed') parts.push(`removed (was ${system.stage.before ?? 'without a valid stage'})`)
    else {
      const direction = stageDirection(system.stage.before, system.stage.after)
      if (direction !== 0) parts.push(`stage ${direction < 0 ? 'lowered' : 'raised'} from ${system.stage.before} to ${system.stage.after}`)
      const { before, after } = system.score
      if (before && after && (before.passed !== after.passed || before.required !== after.required)) {
        parts.push(`${before.passed}/${before.required} → ${after.passed}/${after.required} requirements met`)
      }
    }
    if (system.newlyFailing.length) parts.push(`newly failing: ${system.newlyFailing.join(', ')}`)
    if (system.newlyMet.length) parts.push(`newly met: ${system.newlyMet.join(', ')}`)
    if (parts.length === 0) {
      unchanged++
      continue
    }
    lines.push(`  ${terminalLine(system.name)}: ${parts.join('; ')}`)
  }
  if (unchanged === change.systems.length) lines.push("  no system's readiness changed")
  else if (unchanged > 0) lines.push(`  ${plural(unchanged, 'other system')} unchanged`)
  if (change.blockOn === 'changes') lines.push('  (the policy blocks on changes only: gaps of systems this change did not touch do not fail it)')
  if (change.unreadable.length)
    lines.push(
      `  ${plural(change.unreadable.length, 'base file')} could not be read; the comparison may be off: ${change.unreadable.slice(0, 5).map(terminalLine).join(', ')}`
    )
  return lines
}

export function renderText(report: Report, options: TextOptions): string {
  const { color } = options
  const lines: string[] = []
  if (report.change) lines.push(...changeLines(report.change, color), '')
  for (const notice of report.notices) {
    if (notice.status === 'fail' || notice.verification === 'unverified') lines.push(...findingLines(notice, color))
    else lines.push(`  ${paint(color, '2', `note: ${terminalLine(notice.message)}`)}`)
  }
  if (report.notices.length) lines.push('')
  const width = Math.max(0, ...report.systems.map((s) => terminalLine(s.name).length))
  for (const system of report.systems) {
    lines.push(systemLine(system, width, color))
    const progress = progressLine(system)
    if (progress && !system.passed) lines.push(paint(color, '2', progress))
    for (const finding of hintsOnce(system.findings.filter((f) => f.status === 'fail' || f.verification === 'unverified'))) {
      lines.push(...findingLines(finding, color))
    }
  }
  if (report.systems.length) lines.push('')
  // Which rules judged: a policy file that was not found must not go unnoticed.
  if (report.systems.length) lines.push(paint(color, '2', `Policy: ${terminalLine(report.policy)}`))
  lines.push(report.systems.length === 0 ? verdictLine(report) : paint(color, '1', verdictLine(report)))
  return `${lines.join('\n')}\n`
}

/** The one-line verdict ("1 of 2 systems ready — the gate fails."), also printed alone when the report goes to a file. */
export function verdictLine(report: Report): string {
  if (report.systems.length === 0) return report.passed ? 'No readiness manifest found: nothing to gate.' : 'No system was evaluated — the gate fails.'
  const ready = report.systems.filter((s) => s.passed).length
  const verdict = report.passed
    ? ready < report.systems.length
      ? ' — the gate passes: this change did not touch the failing ones.'
      : '.'
    : ' — the gate fails.'
  return `${ready} of ${plural(report.systems.length, 'system')} ready${verdict}`
}

export const textRenderer: Renderer = {
  format: 'text',
  description: 'for a terminal: grouped by system, each problem at its file and line with the fix beneath',
  render: (report, options) => renderText(report, { color: options.color })
}
