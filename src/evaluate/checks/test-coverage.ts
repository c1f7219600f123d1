// Test coverage of named topics in a linked test report: integration points, edge-case categories
// and resilience mechanisms; and, for edge cases, in an eval run whose cases carry metadata.
import type { EvaluationEvidence, TestCase, TestReportEvidence } from '../../evidence/types.js'
import { fail, loadLinkedEvidence, pass, type EvalContext, type Outcome } from '../context.js'
import type { Location } from '../../report/types.js'
import { capitalize, plural } from './wording.js'

/** Lowercase letters and digits only, so "out-of-distribution", "out_of_distribution" and "OutOfDistribution" match. */
const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '')

function casesFor(report: TestReportEvidence, topic: string): TestCase[] {
  const wanted = squash(topic)
  return report.cases.filter((test) => squash(`${test.suite} ${test.classname ?? ''} ${test.name}`).includes(wanted))
}

function caseLabel(test: TestCase): string {
  return [test.suite, test.name].filter(Boolean).join(' › ')
}

/**
 * Shared by integration points, edge-case categories and resilience mechanisms: each topic needs a
 * passing test (a test whose suite, class or name contains it), and no test in the report may fail.
 */
export async function coverage(
  ctx: EvalContext,
  entryPath: string[],
  topics: { name: string; at: Location }[],
  noun: string,
  what: string
): Promise<Outcome[]> {
  const loaded = await loadLinkedEvidence<TestReportEvidence>(ctx, entryPath, ['test-report'], what)
  if (!loaded.ok) return [loaded.outcome]
  const { evidence, relPath, at } = loaded.loaded
  if (evidence.tests === 0) return [fail(`The ${what} "${relPath}" contains no tests.`, at)]
  if (evidence.passed === 0 && evidence.failed === 0 && evidence.errors === 0) {
    return [
      fail(`The ${what} "${relPath}" has ${plural(evidence.tests, 'test')} and every one was skipped: it shows nothing ran.`, at, {
        hint: 'Run the tests (not skipped) and link the new report.'
      })
    ]
  }
  const outcomes: Outcome[] = []
  for (const topic of topics) {
    const cases = casesFor(evidence, topic.name)
    if (cases.length === 0)
      outcomes.push(
        fail(`${capitalize(noun)} "${topic.name}" has no test in "${relPath}".`, topic.at, { hint: `Add a test whose name contains "${topic.name}".` })
      )
    else if (!cases.some((test) => test.status === 'passed'))
      outcomes.push(fail(`${capitalize(noun)} "${topic.name}" has no passing test in "${relPath}" (${cases.map((c) => c.status).join(', ')}).`, topic.at))
  }
  for (const test of evidence.cases.filter((c) => c.status === 'failed' || c.status === 'error')) {
    const where = test.line ? { file: relPath, line: test.line } : at
    outcomes.push(
      fail(`Test "${caseLabel(test)}" ${test.status === 'error' ? 'errored' : 'failed'}${test.message ? `: ${test.message}` : ''}.`, where, {
        related: at,
        hint: 'Fix the failing test (or what it found), re-run the suite and link the new report.'
      })
    )
  }
  if (outcomes.length) return outcomes
  return [pass(`${plural(topics.length, noun)} covered; ${evidence.passed}/${evidence.tests} tests passed in "${relPath}".`, at)]
}

/**
 * Edge-case categories in an eval run (promptfoo): each topic needs a case whose test metadata names
 * it (a key or value containing it, as `category: malformed`) and that passed; every failing or
 * errored case fails, at its line.
 */
export function segmentCoverage(
  evidence: EvaluationEvidence,
  relPath: string,
  at: Location,
  topics: { name: string; at: Location }[],
  noun: string
): Outcome[] {
  const segments = evidence.segments ?? []
  if (segments.length === 0) {
    return [
      fail(`The eval run "${relPath}" tags none of its cases with metadata, so no ${noun} can be found in it.`, at, {
        hint: `Tag each test with its ${noun} in the eval (promptfoo: metadata: { category: malformed }; DeepEval: additional_metadata) and re-run it.`
      })
    ]
  }
  const outcomes: Outcome[] = []
  for (const topic of topics) {
    const wanted = squash(topic.name)
    const matching = segments.filter((segment) => squash(segment.value).includes(wanted) || squash(segment.key).includes(wanted))
    const passed = matching.reduce((sum, segment) => sum + segment.passed, 0)
    if (matching.length === 0)
      outcomes.push(
        fail(`${capitalize(noun)} "${topic.name}" has no case in "${relPath}" (no test metadata names it).`, topic.at, {
          hint: `Add a test with metadata naming "${topic.name}".`
        })
      )
    else if (passed === 0) {
      const failed = matching.reduce((sum, segment) => sum + segment.failed + segment.errors, 0)
      outcomes.push(fail(`${capitalize(noun)} "${topic.name}" has no passing case in "${relPath}" (${plural(failed, 'case')} failed or errored).`, topic.at))
    }
  }
  for (const failing of (evidence.cases ?? []).filter((c) => c.status === 'failed' || c.status === 'error')) {
    outcomes.push(
      fail(
        `Case "${failing.name}" ${failing.status === 'error' ? 'errored' : 'failed'}${failing.reason ? `: ${failing.reason}` : ''}.`,
        failing.line ? { file: relPath, line: failing.line } : at,
        {
          related: at,
          hint: 'Fix what the case found, re-run the eval and link the new output.'
        }
      )
    )
  }
  if (outcomes.length) return outcomes
  return [pass(`${plural(topics.length, noun)} covered; ${evidence.passed ?? 0}/${evidence.tests ?? 0} cases passed in "${relPath}".`, at)]
}
