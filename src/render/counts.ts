// The counts every output states, computed in one place so the title, the summaries, the terminal and the
// action's outputs agree, each with its unit: requirements (from the catalog, as the policy requires them)
// and problems (findings that are not a requirement: a manifest error, an invalid waiver, a lowered stage).
import { isProblemRule } from '../report/problems.js'
import type { Report, SystemReport } from '../report/types.js'

export interface SystemCounts {
  /** Requirements the stage requires. */
  required: number
  /** Of those, met (passing or waived). */
  met: number
  /** Of those, not met. */
  unmet: number
  /** Failing findings that are problems rather than requirements (each one a thing to fix). */
  problems: number
}

/** Failing findings that are problems rather than requirements (a manifest error, an invalid waiver, a lowered stage). */
const problemCount = (system: SystemReport): number => system.findings.filter((finding) => finding.status === 'fail' && isProblemRule(finding.rule)).length

export function systemCounts(system: SystemReport): SystemCounts {
  const { passed: met, required } = system.score
  return { required, met, unmet: required - met, problems: problemCount(system) }
}

export interface ReportCounts extends SystemCounts {
  /** Failing run-level notices (a vanished system, an invalid policy). */
  runProblems: number
}

export function reportCounts(report: Report): ReportCounts {
  const total: ReportCounts = { required: 0, met: 0, unmet: 0, problems: 0, runProblems: report.notices.filter((notice) => notice.status === 'fail').length }
  for (const system of report.systems) {
    const counts = systemCounts(system)
    total.required += counts.required
    total.met += counts.met
    total.unmet += counts.unmet
    total.problems += counts.problems
  }
  return total
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`
