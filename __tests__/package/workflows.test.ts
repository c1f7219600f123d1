// The repository's own workflows hold what the README says of them: CI runs .ci/run, the examples
// workflow runs the action from this checkout, releases publish with provenance and move the major
// tag, Dependabot watches npm and actions. Parsed with the real yaml parser, so a broken file fails.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

const ROOT = path.resolve(import.meta.dirname, '../..')
type Step = { uses?: string; run?: string; with?: Record<string, string> }
type Workflow = {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>
}
const workflow = (name: string): Workflow => parse(readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8')) as Workflow
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((job) => job.steps)

describe('the repository workflows', () => {
  it('ci runs .ci/run on Node 20, on pull requests and pushes', () => {
    const ci = workflow('ci.yml')
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']))
    expect(steps(ci).find((step) => step.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(20)
    expect(steps(ci).map((step) => step.run)).toContain('.ci/run')
  })
  it('check-dist rebuilds and compares dist/', () => {
    const runs = steps(workflow('check-dist.yml'))
      .map((step) => step.run ?? '')
      .join('\n')
    expect(runs).toContain('npm run build')
    expect(runs).toContain('git status --porcelain -- dist')
  })
  it('examples runs the action from this checkout on both examples', () => {
    const uses = steps(workflow('examples.yml')).filter((step) => step.uses === './')
    expect(uses.map((step) => step.with?.manifests)).toEqual(['examples/production-ready', 'examples/pilot-purgatory'])
  })
  it('release publishes with provenance and moves the major tag', () => {
    const release = workflow('release.yml')
    const runs = steps(release)
      .map((step) => step.run ?? '')
      .join('\n')
    expect(runs).toContain('npm publish --provenance')
    expect(runs).toMatch(/git tag -fa "\$major"/)
    expect(release.jobs.npm!.permissions?.['id-token']).toBe('write')
  })
  it('dependabot watches npm and actions', () => {
    const config = parse(readFileSync(path.join(ROOT, '.github/dependabot.yml'), 'utf8')) as { updates: { 'package-ecosystem': string }[] }
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
  })
})
