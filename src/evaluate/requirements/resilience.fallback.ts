// resilience.fallback: Fallback and failure handling.
import { coverage } from '../checks/test-coverage.js'
import type { FailureDrillEvidence, TestReportEvidence } from '../../evidence/types.js'
import { fail, isNumber, isText, loadLinkedEvidence, locate, pass, type Outcome } from '../context.js'
import { plural } from '../checks/wording.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const RESILIENCE = [
  { key: 'fallback', topic: 'fallback' },
  { key: 'circuit-breaker', topic: 'circuit' },
  { key: 'retry', topic: 'retry' },
  { key: 'timeout-ms', topic: 'timeout' }
] as const

const resilience: Evaluator = async (ctx) => {
  const section = ctx.manifest.data.resilience
  if (!section) return [fail('`resilience` is missing: no fallback, circuit breaker, retry or timeout is declared.', locate(ctx, ['resilience']))]
  const undeclared = RESILIENCE.filter(({ key }) => (key === 'timeout-ms' ? !isNumber(section[key]) : !isText(section[key])))
  if (undeclared.length) return [fail(`Resilience lacks ${undeclared.map(({ key }) => `\`resilience.${key}\``).join(', ')}.`, locate(ctx, ['resilience']))]
  const linked = await loadLinkedEvidence<TestReportEvidence | FailureDrillEvidence>(
    ctx,
    ['resilience', 'tests'],
    ['test-report', 'failure-drill'],
    'resilience test report or failure drill'
  )
  if (linked.ok && linked.loaded.evidence.kind === 'failure-drill') return judgeDrill(linked.loaded.evidence, linked.loaded.relPath, linked.loaded.at)
  const topics = RESILIENCE.map(({ key, topic }) => ({ name: topic, at: locate(ctx, ['resilience', key]) }))
  return coverage(ctx, ['resilience', 'tests'], topics, 'resilience mechanism', 'resilience test report')
}

/** A failure drill (Chaos Toolkit journal, LitmusChaos ChaosResult): every experiment ran and the steady state held. */
function judgeDrill(drill: FailureDrillEvidence, relPath: string, at: ReturnType<typeof locate>): Outcome[] {
  if (drill.experiments === 0) return [fail(`The failure drill "${relPath}" ran no experiment.`, at)]
  const failed = drill.results.filter((experiment) => !experiment.passed)
  if (failed.length) {
    return failed.map((experiment) =>
      fail(
        `Failure drill "${experiment.name}" ${experiment.deviated ? 'deviated: the steady state did not hold after the fault' : `ended with status ${experiment.status}`}${experiment.reason ? ` (${experiment.reason})` : ''} in "${relPath}".`,
        experiment.line ? { file: relPath, line: experiment.line } : at,
        { related: at, hint: 'Fix the fallback the drill broke, run the experiment again and link the new journal.' }
      )
    )
  }
  return [
    pass(
      `${plural(drill.experiments, 'failure drill')} held the steady state in "${relPath}" (${drill.results.map((experiment) => experiment.name).join(', ')}).`,
      at
    )
  ]
}

export default defineRequirement({
  id: 'resilience.fallback',
  title: 'Fallback and failure handling',
  guardsAgainst: 'A model or provider outage takes the business process down with it.',
  satisfiedBy:
    'resilience declares fallback, circuit-breaker, retry and timeout-ms, and links under resilience.tests a passing test report, or a failure drill (Chaos Toolkit journal, LitmusChaos ChaosResult) whose experiments kept the steady state.',
  hint: 'Declare resilience.fallback, circuit-breaker, retry and timeout-ms, and link tests that exercise them.',
  firstStage: 'staging',
  manifestPath: ['resilience'],
  skeleton: [
    'fallback:',
    'circuit-breaker:',
    'retry:',
    'timeout-ms:',
    'tests:',
    '  file:                 # JUnit report exercising fallback, circuit breaker, retry, timeout, or a Chaos Toolkit journal.json'
  ],
  evaluate: resilience
})
