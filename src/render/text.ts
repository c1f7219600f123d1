// The CLI's text output: one line per failing requirement (`path:line  rule  message  → hint`), then one
// line per system and a verdict. Pure: colour is decided by the caller.
import type { Finding, Report } from '../report/types.js'
import type { Renderer } from './renderer.js'
import { terminalLine } from './sanitize.js'

export interface TextOptions {
  color: boolean
}

const paint = (on: boolean, code: string, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text)


function findingLine(finding: Finding, color: boolean): string {
  const where = `${finding.file}:${finding.line}${finding.column ? `:${finding.column}` : ''}`
  const hint = finding.hint && finding.status === 'fail' ? `  ${paint(color, '2', `→ ${terminalLine(finding.hint)}`)}` : ''
  const rule = finding.status === 'fail' ? paint(color, '31', finding.rule) : paint(color, '33', finding.rule)
  return `${paint(color, '1', terminalLine(where))}  ${rule}  ${terminalLine(finding.message)}${hint}`
}

export function renderText(report: Report, options: TextOptions): string {
  const { color } = options
  const lines: string[] = []
  for (const notice of report.notices) lines.push(findingLine(notice, color))
  for (const system of report.systems) {
    for (const finding of system.findings) {
      if (finding.status === 'fail' || finding.verification === 'unverified') lines.push(findingLine(finding, color))
    }
  }
  if (lines.length) lines.push('')
  const width = Math.max(0, ...report.systems.map((s) => terminalLine(s.name).length))
  for (const system of report.systems) {
    const mark = system.passed ? paint(color, '32', '✓') : paint(color, '31', '✗')
    const failing = system.findings.filter((f) => f.status === 'fail').length
    const unverified = system.findings.filter((f) => f.verification === 'unverified' && f.status !== 'fail').length
    const waived = new Set(system.findings.filter((f) => f.status === 'waived').map((f) => f.rule)).size
    const notes = [
      failing ? `${failing} failing` : undefined,
      waived ? `${waived} waived` : undefined,
      unverified ? `${unverified} unverified offline` : undefined
    ].filter(Boolean)
    lines.push(`${mark} ${terminalLine(system.name).padEnd(width)}  ${(system.stage ?? 'no stage').padEnd(10)}  ${system.score.passed}/${system.score.required} required${notes.length ? ` (${notes.join(', ')})` : ''}  ${paint(color, '2', terminalLine(system.manifest))}`)
  }
  // Which rules judged: a policy file that was not found must not go unnoticed.
  if (report.systems.length) lines.push(paint(color, '2', `Policy: ${terminalLine(report.policy)}`))
  lines.push(report.systems.length === 0 ? verdictLine(report) : paint(color, '1', verdictLine(report)))
  return `${lines.join('\n')}\n`
}

/** The one-line verdict ("1 of 2 systems ready — the gate fails."), also printed alone when the report goes to a file. */
export function verdictLine(report: Report): string {
  if (report.systems.length === 0) return 'No readiness manifest found: nothing to gate.'
  const ready = report.systems.filter((s) => s.passed).length
  return `${ready} of ${report.systems.length} system${report.systems.length === 1 ? '' : 's'} ready${report.passed ? '.' : ' — the gate fails.'}`
}

export const textRenderer: Renderer = {
  format: 'text',
  description: 'for a terminal: each problem at its file and line, with the fix',
  render: (report, options) => renderText(report, { color: options.color })
}
