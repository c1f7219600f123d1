// The deploy-job gate (`require-stage`, `systems` inputs): a deployment to production is refused unless
// each named system claims at least that stage and meets it at the checked-out commit. Pure: it adds a
// failing notice per system that falls short, whatever the policy's block-on says.
import { STAGES, type Finding, type Report, type Stage } from '../report/types.js'

export interface StageRequirement {
  stage: Stage
  /** System names; empty means every system in the report. */
  systems: string[]
  /** Where a named system with no manifest is reported (the workflow file, or the policy). */
  runFile: string
}

export function requireStage(report: Report, required: StageRequirement): Report {
  const notices: Finding[] = []
  const byName = new Map(report.systems.map((system) => [system.name, system]))
  const names = required.systems.length > 0 ? required.systems : report.systems.map((system) => system.name)
  if (names.length === 0) {
    notices.push(
      deployProblem(
        `This job requires stage ${required.stage}, but no system was found to deploy.`,
        required.runFile,
        'Check the manifests and systems inputs.'
      )
    )
  }
  for (const name of names) {
    const system = byName.get(name)
    if (!system) {
      notices.push(
        deployProblem(
          `System "${name}" has no manifest here, so it cannot be deployed at stage ${required.stage}.`,
          required.runFile,
          "Fix the systems input, or add the system's readiness.yml."
        )
      )
      continue
    }
    const claimed = system.stage
    if (claimed === null || STAGES.indexOf(claimed) < STAGES.indexOf(required.stage)) {
      notices.push(
        deployProblem(
          `System "${name}" claims ${claimed ?? 'no valid stage'}, below the ${required.stage} this deployment requires.`,
          system.manifest,
          `Raise its stage to ${required.stage} once it meets it, or deploy it to a lower environment.`
        )
      )
    } else if (!system.passed) {
      notices.push(
        deployProblem(
          `System "${name}" does not meet its claimed stage ${claimed} at this commit, so it cannot be deployed.`,
          system.manifest,
          'Fix what the summary lists first.'
        )
      )
    }
  }
  if (notices.length === 0) return report
  return { ...report, passed: false, notices: [...report.notices, ...notices] }
}

function deployProblem(message: string, file: string, hint: string): Finding {
  return { rule: 'deploy.stage', status: 'fail', message, file, line: 1, hint }
}
