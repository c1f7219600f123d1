// Hand-built reports for the renderer and publisher tests: shaped like the gate's output, with the
// awkward content real repositories produce (pipes, HTML, mentions, issue references, long lines).
import { isProblemRule } from '../../src/report/problems.js'
import type { Finding, Report, Stage, SystemChange, SystemReport } from '../../src/report/types.js'

export function report(systems: SystemReport[], extra: Partial<Report> = {}): Report {
  return {
    version: 1,
    tool: { name: 'readiness-gate', version: '0.1.0' },
    evaluatedAt: '2026-11-20T09:30:00.000Z',
    passed: systems.every((system) => system.passed) && !(extra.notices ?? []).some((notice) => notice.status === 'fail'),
    policy: '.github/readiness-policy.yml@1a2b3c4',
    systems,
    notices: [],
    ...extra
  }
}

export function system(name: string, stage: SystemReport['stage'], findings: Finding[], manifest = `ai/${name}/readiness.yml`): SystemReport {
  // As the gate scores: requirements (distinct rules, problems such as manifest.schema aside), met when none of their findings fails.
  const required = new Set(findings.filter((finding) => finding.status !== 'not-required' && !isProblemRule(finding.rule)).map((finding) => finding.rule))
  const failing = new Set(findings.filter((finding) => finding.status === 'fail').map((finding) => finding.rule))
  const passed = [...required].filter((rule) => !failing.has(rule)).length
  return {
    name,
    manifest,
    stage,
    passed: stage !== null && findings.every((finding) => finding.status !== 'fail'),
    score: { passed, required: required.size },
    findings
  }
}

export function finding(rule: string, status: Finding['status'], message: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { rule, status, message, file, line, ...extra }
}

/** A score as [passed, required]; null where the system has none (absent at base or at head). */
type ScorePair = [passed: number, required: number] | null

/** A system's entry in the report's change section: stage and score before → after, and what the change moved. */
export function systemChange(
  name: string,
  manifest: string,
  status: SystemChange['status'],
  stage: [before: Stage | null, after: Stage | null],
  score: [before: ScorePair, after: ScorePair],
  moved: { newlyFailing?: string[]; newlyMet?: string[]; blocks: boolean }
): SystemChange {
  const scoreOf = (pair: ScorePair) => (pair ? { passed: pair[0], required: pair[1] } : null)
  return {
    name,
    manifest,
    status,
    stage: { before: stage[0], after: stage[1] },
    score: { before: scoreOf(score[0]), after: scoreOf(score[1]) },
    newlyFailing: moved.newlyFailing ?? [],
    newlyMet: moved.newlyMet ?? [],
    blocks: moved.blocks
  }
}

/** Three systems, one of which lacks five production requirements. */
export function sampleReport(): Report {
  const manifest = 'ai/invoice-extractor/readiness.yml'
  const invoice = system(
    'invoice-extractor',
    'production',
    [
      finding('owner.model-operations', 'pass', 'owned by @alice', manifest, 4),
      finding('success-metric', 'pass', 'manual processing hours per week: 120 → 40', manifest, 8),
      finding('load.production-volume', 'fail', 'p95 1240 ms > SLO 800 ms at 40 rps', 'ai/invoice-extractor/perf/k6-summary.json', 12, {
        hint: 'Re-run the load test at peak volume and fix latency until p95 ≤ 800 ms.',
        related: { file: manifest, line: 17 }
      }),
      finding('signoff.legal', 'fail', 'legal sign-off by @erin is not approved on this PR', manifest, 25, {
        hint: 'Ask @erin to approve the pull request at its current head commit.',
        verification: 'unverified'
      }),
      finding('rollback.tested', 'fail', 'rollback last tested 2026-03-02, 263 days ago > 90 days', manifest, 23, {
        hint: 'Rehearse the rollback and update rollback.tested-on.'
      }),
      finding('adoption.training', 'fail', 'training completed-on 2026-12-01 is in the future', manifest, 26, {
        hint: 'Set training.completed-on once users are trained.'
      }),
      finding('drift.detection', 'fail', 'drift config has no alert route | threshold <0.2> & window "7d"', 'ai/invoice-extractor/monitoring/drift.yml', 3, {
        hint: 'Add alert.route to the drift config.'
      }),
      finding('fairness.evaluation', 'waived', 'waived until 2027-01-31 by @frank: model makes no decision about people (see #42)', manifest, 28),
      finding('lifecycle.retraining', 'not-required', 'not required at production by this policy', manifest, 1)
    ],
    manifest
  )
  const chat = system('chat-assistant', 'staging', [
    finding('owner.model-operations', 'pass', 'owned by @bob', 'ai/chat-assistant/readiness.yml', 5),
    finding('load.production-volume', 'pass', 'p95 420 ms ≤ SLO 600 ms at 25 rps', 'ai/chat-assistant/perf/locust_stats.csv', 2)
  ])
  const classifier = system('doc-classifier', 'pilot', [finding('owner.model-operations', 'pass', 'owned by @dan', 'ai/doc-classifier/readiness.yml', 5)])
  return report([invoice, chat, classifier])
}

/** One failing system with `count` failing findings spread over a manifest of `lines` lines. */
export function manyFindingsReport(count: number, lines = 40): Report {
  const manifest = 'ai/big/readiness.yml'
  const findings: Finding[] = []
  for (let index = 0; index < count; index++) {
    findings.push(
      finding(`evidence.check-${index}`, 'fail', `check ${index} failed: measured ${index} ms > limit 0 ms`, manifest, (index % lines) + 1, {
        hint: `Fix check ${index}.`
      })
    )
  }
  return report([system('big-system', 'production', findings, manifest)])
}
