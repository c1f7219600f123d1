// The action's inputs as the runner passes them (INPUT_* variables), with action.yml's defaults.
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { locate, OperatorError, readInputs, workflowFile } from '../../src/github/inputs.js'

describe('readInputs', () => {
  let saved: NodeJS.ProcessEnv
  beforeEach(() => {
    saved = { ...process.env }
    for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  })
  afterEach(() => {
    process.env = saved
  })

  it("fills in action.yml's defaults when nothing is given", () => {
    expect(readInputs({ RUNNER_TEMP: '/runner/temp' })).toEqual({
      manifests: [],
      policyPath: '.github/readiness-policy.yml',
      token: '',
      checkName: 'readiness-gate',
      failJob: true,
      reportPath: path.join('/runner/temp', 'readiness-report.json'),
      mode: 'evaluate-and-publish',
      workingDirectory: '.',
      systems: []
    })
    expect(readInputs({}).reportPath).toBe(path.join(os.tmpdir(), 'readiness-report.json'))
  })

  it('reads list inputs one a line or comma-separated, blanks dropped', () => {
    process.env.INPUT_MANIFESTS = 'ai/a/readiness.yml, ai/b/readiness.yml\n\n  ai/c/**  \n,'
    process.env.INPUT_SYSTEMS = 'fraud-scorer,support-bot'
    process.env['INPUT_REQUIRE-STAGE'] = 'production'
    process.env['INPUT_FAIL-JOB'] = 'false'
    const inputs = readInputs({})
    expect(inputs.manifests).toEqual(['ai/a/readiness.yml', 'ai/b/readiness.yml', 'ai/c/**'])
    expect(inputs.systems).toEqual(['fraud-scorer', 'support-bot'])
    expect(inputs.requireStage).toBe('production')
    expect(inputs.failJob).toBe(false)
  })

  it('refuses a mode, a stage or a boolean it does not know, in a sentence', () => {
    process.env.INPUT_MODE = 'publish-everything'
    expect(() => readInputs({})).toThrow(new OperatorError('The mode input takes evaluate-and-publish, evaluate, publish, fleet, not "publish-everything".'))
    delete process.env.INPUT_MODE
    process.env['INPUT_REQUIRE-STAGE'] = 'prod'
    expect(() => readInputs({})).toThrow('The require-stage input takes pilot, staging, production, not "prod".')
    delete process.env['INPUT_REQUIRE-STAGE']
    process.env['INPUT_FAIL-JOB'] = 'yes'
    expect(() => readInputs({})).toThrow(/Input does not meet YAML 1.2 "Core Schema" specification: fail-job/)
  })
})

describe('locate', () => {
  it('places the gate root inside the workspace, with its repo-relative POSIX prefix', () => {
    expect(locate({ GITHUB_WORKSPACE: '/w/repo' }, '.')).toEqual({ workspace: '/w/repo', root: '/w/repo', rootPrefix: '' })
    expect(locate({ GITHUB_WORKSPACE: '/w/repo' }, 'services/ai/')).toEqual({ workspace: '/w/repo', root: '/w/repo/services/ai', rootPrefix: 'services/ai' })
    expect(locate({}, '.').workspace).toBe(process.cwd())
  })

  it('refuses a working directory outside the workspace', () => {
    expect(() => locate({ GITHUB_WORKSPACE: '/w/repo' }, '../other')).toThrow(
      new OperatorError('working-directory "../other" is outside the workspace /w/repo.')
    )
    expect(() => locate({ GITHUB_WORKSPACE: '/w/repo' }, '/etc')).toThrow(OperatorError)
  })
})

describe('workflowFile', () => {
  it("reads the workflow's path from GITHUB_WORKFLOW_REF, and nothing from a ref it cannot read", () => {
    expect(workflowFile({ GITHUB_WORKFLOW_REF: 'acme/models/.github/workflows/gate.yml@refs/heads/main' })).toBe('.github/workflows/gate.yml')
    expect(workflowFile({ GITHUB_WORKFLOW_REF: 'nonsense' })).toBeUndefined()
    expect(workflowFile({})).toBeUndefined()
  })
})
