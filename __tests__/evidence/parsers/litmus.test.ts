import { describe, expect, it } from '@jest/globals'
import { litmusChaosResultParser, litmusParsers } from '../../../src/evidence/parsers/litmus.js'
import type { FailureDrillEvidence, ParseResult } from '../../../src/evidence/types.js'
import { evidenceOf, expectOwnFilesClaimed, failureOf, FIXTURES, parseFile, parseText } from './evidence-files.js'

type Result = ParseResult<FailureDrillEvidence>
const LLM = `${FIXTURES}/llm`

const result = (experimentStatus: Record<string, unknown> | undefined, extra = ''): string =>
  [
    'apiVersion: litmuschaos.io/v1alpha1',
    'kind: ChaosResult',
    'metadata:',
    '  name: bot-chaos-pod-delete',
    '  creationTimestamp: "2026-11-20T09:00:00Z"',
    'spec:',
    '  experiment: pod-delete',
    ...(experimentStatus
      ? ['status:', '  experimentStatus:', ...Object.entries(experimentStatus).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`)]
      : []),
    extra
  ].join('\n')

describe('LitmusChaos ChaosResult (litmus-chaosresult, fixtures built from the documented schema)', () => {
  it('passes a completed run with verdict Pass and every probe passed; the time is when the status was last written', async () => {
    const evidence = evidenceOf(await parseFile<Result>(litmusChaosResultParser, LLM, 'litmus-chaosresult.pod-delete-pass.yaml'))
    expect(evidence).toMatchObject({ tool: 'litmuschaos', experiments: 1, passed: 1, failed: 0, timestamp: '2026-11-20T09:31:47Z' })
    expect(evidence.results).toEqual([{ name: 'support-bot-chaos-pod-delete', status: 'Pass', passed: true, line: 47 }])
    expect(evidence.notes).toContain("support-bot-chaos-pod-delete: history of 5 passed, 1 failed, 0 stopped runs (the verdict is the last run's)")
    expect(evidence.recoverySeconds).toBeUndefined()
  })

  it('reads every item of a list, and fails the one whose probe failed, with why', async () => {
    const evidence = evidenceOf(await parseFile<Result>(litmusChaosResultParser, LLM, 'litmus-chaosresult.list-one-failed.json'))
    expect(evidence).toMatchObject({ experiments: 2, passed: 1, failed: 1, timestamp: '2026-11-19T16:20:42Z' })
    expect(evidence.results[1]).toEqual({
      name: 'support-bot-chaos-pod-http-status-code',
      status: 'Fail',
      passed: false,
      reason: 'probe success 50%; probe failed: fallback-model-serves; failed step: Probe: fallback-model-serves, the response code did not match',
      line: 49
    })
  })

  it('never passes a run that has not finished, a Pass whose probes did not all pass, or an unknown verdict', async () => {
    const awaited = evidenceOf(
      await parseText<Result>(litmusChaosResultParser, 'awaited.yaml', result({ phase: 'Running', verdict: 'Awaited', probeSuccessPercentage: 'Awaited' }))
    )
    expect(awaited.results[0]).toMatchObject({ status: 'Awaited', passed: false, reason: 'probe success "Awaited"; the experiment has not finished' })
    const partial = evidenceOf(
      await parseText<Result>(litmusChaosResultParser, 'partial.yaml', result({ phase: 'Completed', verdict: 'Pass', probeSuccessPercentage: '75' }))
    )
    expect(partial.results[0]).toMatchObject({ status: 'Pass', passed: false, reason: 'probe success 75%' })
    const unknown = failureOf(await parseText<Result>(litmusChaosResultParser, 'unknown.yaml', result({ phase: 'Completed', verdict: 'pass' })))
    expect(unknown).toMatchObject({ message: expect.stringMatching(/has verdict "pass"; a ChaosResult's verdict is Pass, Fail, Stopped or Awaited/), line: 11 })
    const noStatus = failureOf(await parseText<Result>(litmusChaosResultParser, 'none.yaml', result(undefined)))
    expect(noStatus.message).toMatch(/has no status.experimentStatus: the experiment has not reported a verdict/)
  })

  it('claims its own fixtures only', () => {
    expectOwnFilesClaimed(litmusParsers)
  })
})
