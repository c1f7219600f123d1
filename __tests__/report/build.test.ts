// The report's envelope: one pass rule for the gate's verdict and for a run that stopped before it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { buildReport, runProblem, TOOL_VERSION } from '../../src/report/build.js'
import type { Finding, SystemReport } from '../../src/report/types.js'

const NOW = new Date('2026-11-20T10:00:00Z')
const system = (name: string, passed: boolean): SystemReport => ({
  name,
  manifest: `ai/${name}/readiness.yml`,
  stage: 'pilot',
  passed,
  score: { passed: 0, required: 0 },
  findings: []
})
const notice = (status: Finding['status']): Finding => ({ rule: 'policy.changed', status, message: 'm', file: 'f', line: 1 })

describe('buildReport', () => {
  it("stamps the tool's version from package.json and the evaluation clock", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(TOOL_VERSION).toBe(pkg.version)
    expect(buildReport({ now: NOW, policy: 'built-in', systems: [], notices: [] })).toEqual({
      version: 1,
      tool: { name: 'readiness-gate', version: pkg.version },
      evaluatedAt: '2026-11-20T10:00:00.000Z',
      passed: true,
      policy: 'built-in',
      systems: [],
      notices: []
    })
  })

  it('passes only when every system passes and no notice fails', () => {
    const passed = (systems: SystemReport[], notices: Finding[]) => buildReport({ now: NOW, policy: 'p', systems, notices }).passed
    expect(passed([system('a', true), system('b', true)], [notice('pass')])).toBe(true)
    expect(passed([system('a', true), system('b', false)], [])).toBe(false)
    expect(passed([system('a', true)], [notice('fail')])).toBe(false)
    expect(passed([], [notice('fail')])).toBe(false)
  })
})

describe('runProblem', () => {
  it('is a failing finding on line 1, with a hint only when there is one', () => {
    expect(runProblem('gate.error', 'The token input is empty.', '.github/workflows/gate.yml')).toEqual({
      rule: 'gate.error',
      status: 'fail',
      message: 'The token input is empty.',
      file: '.github/workflows/gate.yml',
      line: 1
    })
    expect(runProblem('manifest.missing', 'm', 'ai/**', 'Fix it.').hint).toBe('Fix it.')
  })
})
