// The report's envelope, built in one place for the gate's verdict and for a run that stopped before
// it (no trusted policy, a broken run context): the same version, tool and pass rule either way.
import pkg from '../../package.json' with { type: 'json' }
import type { ProblemId } from './problems.js'
import type { Finding, Report, SystemReport } from './types.js'

export const TOOL_VERSION: string = pkg.version

export interface ReportParts {
  /** The evaluation clock. */
  now: Date
  /** Where the policy came from, for people (or why there is none). */
  policy: string
  systems: SystemReport[]
  notices: Finding[]
}

/** Passes only when every system passes and no run-level notice fails. */
export function buildReport(parts: ReportParts): Report {
  return {
    version: 1,
    tool: { name: 'readiness-gate', version: TOOL_VERSION },
    evaluatedAt: parts.now.toISOString(),
    passed: parts.systems.every((system) => system.passed) && !parts.notices.some((notice) => notice.status === 'fail'),
    policy: parts.policy,
    systems: parts.systems,
    notices: parts.notices
  }
}

/** A failing run-level finding, pointed at the first line of the file that must change (the workflow, the policy). */
export function runProblem(rule: ProblemId, message: string, file: string, hint?: string): Finding {
  return { rule, status: 'fail', message, file, line: 1, ...(hint ? { hint } : {}) }
}
