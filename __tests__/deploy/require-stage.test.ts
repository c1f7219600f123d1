import { describe, expect, it } from '@jest/globals'
import { requireStage } from '../../src/deploy/require-stage.js'
import { finding, report, system } from '../support/report-fixtures.js'

const ready = system('invoice-extractor', 'production', [finding('owner.raci', 'pass', 'named', 'ai/invoice/readiness.yml', 3)], 'ai/invoice/readiness.yml')
const pilot = system('doc-classifier', 'pilot', [finding('owner.raci', 'pass', 'named', 'ai/doc/readiness.yml', 3)], 'ai/doc/readiness.yml')
const failing = system('chat', 'production', [finding('owner.raci', 'fail', 'missing', 'ai/chat/readiness.yml', 3)], 'ai/chat/readiness.yml')
const job = { stage: 'production' as const, runFile: '.github/workflows/deploy.yml' }

describe('requireStage', () => {
  it('lets a system that claims and meets the stage deploy', () => {
    const gated = requireStage(report([ready, pilot]), { ...job, systems: ['invoice-extractor'] })
    expect(gated.passed).toBe(true)
    expect(gated.notices).toEqual([])
  })

  it('refuses a system below the stage, one that fails its stage, and one with no manifest', () => {
    const gated = requireStage(report([ready, pilot, failing]), { ...job, systems: ['doc-classifier', 'chat', 'ghost'] })
    expect(gated.passed).toBe(false)
    expect(gated.notices.map((notice) => [notice.rule, notice.status, notice.file, notice.message])).toEqual([
      ['deploy.stage', 'fail', 'ai/doc/readiness.yml', 'System "doc-classifier" claims pilot, below the production this deployment requires.'],
      ['deploy.stage', 'fail', 'ai/chat/readiness.yml', 'System "chat" does not meet its claimed stage production at this commit, so it cannot be deployed.'],
      ['deploy.stage', 'fail', '.github/workflows/deploy.yml', 'System "ghost" has no manifest here, so it cannot be deployed at stage production.']
    ])
  })

  it('checks every system when none is named, and fails when there is none to deploy', () => {
    expect(requireStage(report([ready, pilot]), { ...job, systems: [] }).passed).toBe(false)
    expect(requireStage(report([ready]), { ...job, systems: [] }).passed).toBe(true)
    expect(requireStage(report([]), { ...job, systems: [] }).notices[0]!.message).toBe('This job requires stage production, but no system was found to deploy.')
  })

  it('holds even when the report passed under block-on: changes', () => {
    const lenient = { ...report([failing]), passed: true }
    expect(requireStage(lenient, { ...job, systems: ['chat'] }).passed).toBe(false)
  })
})
