// resilience.fallback: Fallback and failure handling.
import { coverage } from '../checks/test-coverage.js'
import { fail, isNumber, isText, locate } from '../context.js'
import { defineRequirement, type Evaluator } from '../requirement.js'

const RESILIENCE = [
  { key: 'fallback', topic: 'fallback' },
  { key: 'circuit-breaker', topic: 'circuit' },
  { key: 'retry', topic: 'retry' },
  { key: 'timeout-ms', topic: 'timeout' }
] as const

const resilience: Evaluator = (ctx) => {
  const section = ctx.manifest.data.resilience
  if (!section) return [fail('`resilience` is missing: no fallback, circuit breaker, retry or timeout is declared.', locate(ctx, ['resilience']))]
  const undeclared = RESILIENCE.filter(({ key }) => (key === 'timeout-ms' ? !isNumber(section[key]) : !isText(section[key])))
  if (undeclared.length) return [fail(`Resilience lacks ${undeclared.map(({ key }) => `\`resilience.${key}\``).join(', ')}.`, locate(ctx, ['resilience']))]
  const topics = RESILIENCE.map(({ key, topic }) => ({ name: topic, at: locate(ctx, ['resilience', key]) }))
  return coverage(ctx, ['resilience', 'tests'], topics, 'resilience mechanism', 'resilience test report')
}

export default defineRequirement({
  id: 'resilience.fallback',
  title: 'Fallback and failure handling',
  guardsAgainst: 'A model or provider outage takes the business process down with it.',
  satisfiedBy: 'resilience declares fallback, circuit-breaker, retry and timeout-ms, and links a passing test report under resilience.tests.',
  hint: 'Declare resilience.fallback, circuit-breaker, retry and timeout-ms, and link tests that exercise them.',
  firstStage: 'staging',
  manifestPath: ['resilience'],
  skeleton: ['fallback:', 'circuit-breaker:', 'retry:', 'timeout-ms:', 'tests:', '  file:                 # JUnit report exercising fallback, circuit breaker, retry, timeout'],
  evaluate: resilience
})
