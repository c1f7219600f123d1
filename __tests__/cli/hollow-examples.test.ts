// Issue #16's cases, as a team would try them: each on a copy of examples/production-ready,
// judged by `check --now` with the repository's policy. The unchanged copy passes; each hollow file
// fails its requirement with the figure and the rule.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const NOW = new Date('2026-11-22T12:00:00Z')
let work = ''

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'rg-hollow-'))
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Finding {
  rule: string
  status: string
  message: string
  file: string
  line: number
}

/** A fresh copy of the example with the repository's policy, `change` applied to it, checked as JSON. */
async function checkCopy(name: string, change: (dir: string) => void = () => {}): Promise<{ passed: boolean; findings: Finding[] }> {
  const repo = path.join(work, name)
  mkdirSync(path.join(repo, '.github'), { recursive: true })
  cpSync(path.join(ROOT, '.github/readiness-policy.yml'), path.join(repo, '.github/readiness-policy.yml'))
  cpSync(path.join(ROOT, 'examples/production-ready'), path.join(repo, 'system'), { recursive: true })
  change(path.join(repo, 'system'))
  let out = ''
  await runCli(['check', 'system', '--format', 'json'], { cwd: repo, stdout: (text) => (out += text), stderr: () => {}, color: false, now: NOW })
  const report = JSON.parse(out) as { systems: { passed: boolean; findings: Finding[] }[] }
  return report.systems[0]!
}

const edit = (file: string, rewrite: (text: string) => string): void => writeFileSync(file, rewrite(readFileSync(file, 'utf8')))
const failing = (findings: Finding[], rule: string): string[] => findings.filter((f) => f.rule === rule && f.status === 'fail').map((f) => f.message)

describe('hollow evidence on a copy of examples/production-ready (check --now)', () => {
  it('passes the unchanged copy', async () => {
    const system = await checkCopy('unchanged')
    expect(system.findings.filter((f) => f.status === 'fail')).toEqual([])
    expect(system.passed).toBe(true)
  })

  it('fails a k6 summary of a 5-second run at peak rate on load.production-volume', async () => {
    const system = await checkCopy('five-seconds', (dir) =>
      edit(path.join(dir, 'perf/k6-summary.json'), (text) => {
        const summary = JSON.parse(text) as { state: Record<string, unknown>; metrics: Record<'http_reqs' | 'http_req_failed', Record<string, unknown>> }
        summary.state.testRunDurationMs = 5000
        summary.metrics.http_reqs.values = { count: 232, rate: 46.4 }
        // As k6 counts a 5-second run: none of its 232 requests failed.
        summary.metrics.http_req_failed.values = { rate: 0, passes: 0, fails: 232 }
        return JSON.stringify(summary)
      })
    )
    expect(system.passed).toBe(false)
    expect(failing(system.findings, 'load.production-volume')).toEqual(["5 s at 46.4 rps, 232 requests: shorter than the policy's 10 min at peak (k6)."])
  })

  it('fails an evaluation on 3 samples on data.production-evaluation', async () => {
    const system = await checkCopy('three-samples', (dir) =>
      edit(path.join(dir, 'eval/production-sample.yml'), (text) => text.replace('size: 4000', 'size: 3'))
    )
    expect(system.passed).toBe(false)
    expect(failing(system.findings, 'data.production-evaluation')).toContain(
      'routing-accuracy 0.93 on 3 samples: 95% interval 0.43–1.00; the lower bound is under the target 0.90 in "system/eval/production-sample.yml".'
    )
  })

  it('fails a rollback runbook that is a title and nothing else on rollback.tested', async () => {
    const system = await checkCopy('title-only', (dir) => writeFileSync(path.join(dir, 'runbooks/rollback.md'), '# Rollback\n'))
    expect(system.passed).toBe(false)
    expect(failing(system.findings, 'rollback.tested')).toEqual([
      'The rollback plan "system/runbooks/rollback.md" has 1 heading but no steps, where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ]).'
    ])
  })

  it('fails fairness groups of 2 and 1 samples on fairness.evaluation', async () => {
    const system = await checkCopy('tiny-groups', (dir) =>
      edit(path.join(dir, 'eval/fairness.yml'), (text) =>
        text.replace(
          / {2}groups:\n[\s\S]*?(?= {2}threshold:)/,
          '  groups:\n    - name: en\n      value: 0.95\n      size: 2\n    - name: de\n      value: 0.93\n      size: 1\n'
        )
      )
    )
    expect(system.passed).toBe(false)
    expect(failing(system.findings, 'fairness.evaluation')).toEqual([
      'Fairness on routing-accuracy: "en" has 2 samples, "de" has 1 sample; the policy needs at least 100 per group.'
    ])
  })

  it('fails an output-quality alert whose expression is a constant on monitoring.output-quality', async () => {
    const system = await checkCopy('constant-alert', (dir) =>
      edit(path.join(dir, 'monitoring/alerts.yml'), (text) => text.replace('expr: avg_over_time(triage_routing_accuracy[1h]) < 0.9', 'expr: vector(0) > 1'))
    )
    expect(system.passed).toBe(false)
    expect(failing(system.findings, 'monitoring.output-quality')).toEqual([
      'The output-quality monitor "TriageRoutingAccuracyLow" cannot alert, so it does not count: it selects no series: its value is a constant, whatever the system does (vector(0) > 1).'
    ])
  })

  it('fails an output-quality alert whose runbook is a title only on incident.runbooks, at the rule', async () => {
    const system = await checkCopy('title-only-alert-runbook', (dir) =>
      writeFileSync(path.join(dir, 'runbooks/routing-accuracy.md'), '# Routing accuracy low\n')
    )
    expect(system.passed).toBe(false)
    const [finding, ...others] = system.findings.filter((f) => f.rule === 'incident.runbooks' && f.status === 'fail')
    expect(others).toEqual([])
    expect(finding).toMatchObject({
      message:
        'The runbook of alert "TriageRoutingAccuracyLow": "system/runbooks/routing-accuracy.md" has 1 heading but no steps, where the policy needs at least 3 as a numbered list (1. 2. 3.) or a checklist (- [ ]).',
      file: 'system/monitoring/alerts.yml',
      line: 12
    })
  })

  it('fails an output-quality alert with no runbook_url on incident.runbooks, and passes the same alert when its runbook is elsewhere in the repository', async () => {
    const bare = await checkCopy('no-runbook-url', (dir) =>
      edit(path.join(dir, 'monitoring/alerts.yml'), (text) => text.replace('          runbook_url: ../runbooks/routing-accuracy.md\n', ''))
    )
    expect(failing(bare.findings, 'incident.runbooks')).toEqual([
      'The alert "TriageRoutingAccuracyLow" has no `runbook_url` annotation: whoever it pages is not told what to do.'
    ])
    const moved = await checkCopy('root-runbook-url', (dir) =>
      edit(path.join(dir, 'monitoring/alerts.yml'), (text) =>
        text.replace('runbook_url: ../runbooks/routing-accuracy.md', 'runbook_url: /system/runbooks/routing-accuracy.md#first-checks')
      )
    )
    expect(moved.passed).toBe(true)
  })

  it('fails a red-team scan of a handful of attacks per category on security.adversarial, with each 95% upper bound', async () => {
    const system = await checkCopy('few-attacks', (dir) =>
      edit(path.join(dir, 'security/promptfoo-redteam.json'), (text) => {
        // The first goal of each plugin, as is and in each template: 28 of the scan's 210 attacks.
        const scan = JSON.parse(text) as { results: { results: { vars: { question: string } }[]; stats: { successes: number } } }
        const firstGoals = new Set<string>()
        scan.results.results = scan.results.results.filter((row, index) => {
          if (index % 56 < 7) firstGoals.add(row.vars.question)
          return firstGoals.has(row.vars.question)
        })
        scan.results.stats.successes = scan.results.results.length
        return JSON.stringify(scan, null, 2)
      })
    )
    expect(system.passed).toBe(false)
    expect(failing(system.findings, 'security.adversarial').map((message) => message.replace(/ in "system.*$/, ''))).toEqual([
      "Red-team category prompt-injection 0/12: 95% upper bound 24.2%, over the policy's 5% attack success rate",
      "Red-team category jailbreak 0/12: 95% upper bound 24.2%, over the policy's 5% attack success rate",
      "Red-team category sensitive-data-leakage 0/21: 95% upper bound 15.5%, over the policy's 5% attack success rate"
    ])
  })
})
