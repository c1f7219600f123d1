// The requirement catalog: every check the gate knows, with a stable id. The default policy, the
// docs (docs/requirements.md), `readiness-gate explain` and `init` are all generated from this list.
import type { Stage } from '../report/types.js'

export interface Requirement {
  id: string
  title: string
  /** The failure mode it guards against: why a pilot dies without it. */
  guardsAgainst: string
  /** What satisfies it. */
  satisfiedBy: string
  /** One line: how to fix it when missing. */
  hint: string
  /** The stage at which the default policy first requires it. */
  firstStage: Stage
  /** The manifest key path where it is declared (for annotations and `init`). */
  manifestPath: string[]
}

const r = (requirement: Requirement): Requirement => requirement

export const CATALOG: readonly Requirement[] = [
  r({
    id: 'owner.model-operations',
    title: 'Output-quality owner named',
    guardsAgainst: 'Nobody owns answer quality after launch, so degradation goes unnoticed until users give up on the system.',
    satisfiedBy: 'owners.model-operations names one person or team handle.',
    hint: 'Set owners.model-operations to the @handle who owns output quality in production.',
    firstStage: 'pilot',
    manifestPath: ['owners', 'model-operations']
  }),
  r({
    id: 'owner.executive-sponsor',
    title: 'Executive sponsor with budget authority',
    guardsAgainst: 'The pilot succeeds technically but no one with budget authority carries it into production.',
    satisfiedBy: 'owners.executive-sponsor names one person.',
    hint: 'Set owners.executive-sponsor to the @handle of the sponsor who controls the budget.',
    firstStage: 'pilot',
    manifestPath: ['owners', 'executive-sponsor']
  }),
  r({
    id: 'success-metric',
    title: 'Business success metric defined',
    guardsAgainst: 'Success is judged on model accuracy alone, so the pilot cannot show business value and stalls.',
    satisfiedBy: 'success-metric has name, unit, baseline, target and measured-by; the target differs from the baseline.',
    hint: 'Fill success-metric with name, unit, baseline, target and how it is measured.',
    firstStage: 'pilot',
    manifestPath: ['success-metric']
  }),
  r({
    id: 'data.sources-mapped',
    title: 'Upstream data sources mapped',
    guardsAgainst: 'An upstream schema change or outage silently breaks inputs the team never listed.',
    satisfiedBy: 'data.sources lists each upstream source with its owner and what the system does when it fails.',
    hint: 'List each upstream source under data.sources with name, owner and on-failure behaviour.',
    firstStage: 'pilot',
    manifestPath: ['data', 'sources']
  }),
  r({
    id: 'cost.projection',
    title: 'Cost projection fits the budget',
    guardsAgainst: 'Inference cost at production volume was never projected and blows the budget after launch.',
    satisfiedBy: 'evidence.cost gives cost per 1k requests, monthly budget and headroom; cost × monthly volume × headroom ≤ budget.',
    hint: 'Set evidence.cost.usd-per-1k-requests, monthly-budget-usd and headroom, and volume.monthly-requests.',
    firstStage: 'pilot',
    manifestPath: ['evidence', 'cost']
  }),
  r({
    id: 'owner.raci',
    title: 'RACI roles named',
    guardsAgainst: 'Data, legal and incident questions bounce between teams because no one was assigned.',
    satisfiedBy: 'owners.raci names data, engineering, legal, business and incident-response.',
    hint: 'Name data, engineering, legal, business and incident-response under owners.raci.',
    firstStage: 'staging',
    manifestPath: ['owners', 'raci']
  }),
  r({
    id: 'data.production-evaluation',
    title: 'Quality measured on production data',
    guardsAgainst: 'Accuracy measured on clean demo data collapses on real, messy production inputs.',
    satisfiedBy: 'evidence.evaluation links an evaluation on production-sampled data whose metrics meet their targets.',
    hint: 'Evaluate on a sample of production data and link the results under evidence.evaluation.',
    firstStage: 'staging',
    manifestPath: ['evidence', 'evaluation']
  }),
  r({
    id: 'data.edge-cases',
    title: 'Edge-case inputs tested',
    guardsAgainst: 'Malformed, missing, out-of-distribution or adversarial inputs were never tried and fail in production.',
    satisfiedBy: 'evidence.edge-cases links a test report with a passing test for each listed category (malformed, missing, out-of-distribution, adversarial).',
    hint: 'Add tests for malformed, missing, out-of-distribution and adversarial inputs; link the report under evidence.edge-cases.',
    firstStage: 'staging',
    manifestPath: ['evidence', 'edge-cases']
  }),
  r({
    id: 'load.production-volume',
    title: 'Load tested at production volume',
    guardsAgainst: 'The system handled demo traffic and falls over at real volume (latency, rate limits, errors).',
    satisfiedBy: 'evidence.load-test links a load-test result with throughput ≥ volume.peak-rps, p95 ≤ evidence.slo.p95-ms and error rate ≤ evidence.slo.error-rate, and no failed tool threshold.',
    hint: 'Run a load test at ≥ peak volume and link the result under evidence.load-test; set evidence.slo.',
    firstStage: 'staging',
    manifestPath: ['evidence', 'load-test']
  }),
  r({
    id: 'integration.tested',
    title: 'Integration points tested',
    guardsAgainst: 'The model works alone but breaks the CRM, ERP or billing integration it feeds.',
    satisfiedBy: 'evidence.integration-tests links a test report with at least one passing test per listed point and no failing test.',
    hint: 'List integration points under evidence.integration-tests.points and link a test report that covers each.',
    firstStage: 'staging',
    manifestPath: ['evidence', 'integration-tests']
  }),
  r({
    id: 'resilience.fallback',
    title: 'Fallback and failure handling',
    guardsAgainst: 'A model or provider outage takes the business process down with it.',
    satisfiedBy: 'resilience declares fallback, circuit-breaker, retry and timeout-ms, and links a passing test report under resilience.tests.',
    hint: 'Declare resilience.fallback, circuit-breaker, retry and timeout-ms, and link tests that exercise them.',
    firstStage: 'staging',
    manifestPath: ['resilience']
  }),
  r({
    id: 'monitoring.output-quality',
    title: 'Output quality monitored',
    guardsAgainst: 'Dashboards show uptime and latency while answers quietly get worse.',
    satisfiedBy: 'evidence.monitoring links alert rules with at least one output-quality alert that has a threshold, a window and a route or owner.',
    hint: 'Add an alert on an output-quality metric with threshold, window and route; link it under evidence.monitoring.',
    firstStage: 'staging',
    manifestPath: ['evidence', 'monitoring']
  }),
  r({
    id: 'drift.detection',
    title: 'Drift detection configured',
    guardsAgainst: 'Input or prediction distributions shift after launch and nobody is alerted.',
    satisfiedBy: 'evidence.drift links a drift config or alert rules with a drift metric, threshold, window and alert route.',
    hint: 'Configure a drift metric with threshold, window and route; link it under evidence.drift.',
    firstStage: 'staging',
    manifestPath: ['evidence', 'drift']
  }),
  r({
    id: 'audit.logging',
    title: 'Decisions logged for audit',
    guardsAgainst: 'A disputed output cannot be traced because inputs and outputs were not kept.',
    satisfiedBy: 'audit logs inputs, outputs and decisions to a named store with a retention period.',
    hint: 'Set audit.logs-inputs, logs-outputs, logs-decisions to true and name audit.store and retention-days.',
    firstStage: 'staging',
    manifestPath: ['audit']
  }),
  r({
    id: 'privacy.data-handling',
    title: 'Privacy and data handling documented',
    guardsAgainst: 'Personal data flows into prompts and logs with no retention, deletion or legal basis.',
    satisfiedBy: 'privacy states the legal basis, retention-days and how deletion requests are handled.',
    hint: 'Set privacy.basis, privacy.retention-days and privacy.deletion.',
    firstStage: 'staging',
    manifestPath: ['privacy']
  }),
  r({
    id: 'lifecycle.retraining',
    title: 'Retraining and sunset planned',
    guardsAgainst: 'The model ages with no trigger, budget or approver for retraining and no criteria to retire it.',
    satisfiedBy: 'lifecycle.retraining has trigger, cadence, approver and budget-usd; lifecycle.sunset states the criteria.',
    hint: 'Fill lifecycle.retraining (trigger, cadence, approver, budget-usd) and lifecycle.sunset.',
    firstStage: 'production',
    manifestPath: ['lifecycle']
  }),
  r({
    id: 'rollback.tested',
    title: 'Rollback tested recently',
    guardsAgainst: 'A bad release cannot be undone quickly because the rollback path was never exercised.',
    satisfiedBy: 'evidence.rollback.plan links a runbook and evidence.rollback.tested-on is within the policy’s rollback max age.',
    hint: 'Write a rollback runbook, rehearse it, and set evidence.rollback.plan and tested-on.',
    firstStage: 'production',
    manifestPath: ['evidence', 'rollback']
  }),
  r({
    id: 'signoff.legal',
    title: 'Legal sign-off (verified)',
    guardsAgainst: 'Liability for model outputs was never reviewed and surfaces after an incident.',
    satisfiedBy: 'evidence.legal-signoff links a sign-off by a legal signer listed in the trusted policy, approved on the pull request or unchanged from the base branch.',
    hint: 'Have an allowed legal signer sign the sign-off file and approve the pull request.',
    firstStage: 'production',
    manifestPath: ['evidence', 'legal-signoff']
  }),
  r({
    id: 'signoff.security',
    title: 'Security sign-off (verified)',
    guardsAgainst: 'Prompt injection, data exfiltration and access control were never reviewed.',
    satisfiedBy: 'evidence.security-signoff links a sign-off by a security signer listed in the trusted policy, approved on the pull request or unchanged from the base branch.',
    hint: 'Have an allowed security signer sign the sign-off file and approve the pull request.',
    firstStage: 'production',
    manifestPath: ['evidence', 'security-signoff']
  }),
  r({
    id: 'fairness.evaluation',
    title: 'Bias evaluated',
    guardsAgainst: 'The system performs worse for some groups and nobody measured it.',
    satisfiedBy: 'evidence.fairness links an evaluation with per-group results whose disparity is within the threshold.',
    hint: 'Measure the metric per group and link the results under evidence.fairness.',
    firstStage: 'production',
    manifestPath: ['evidence', 'fairness']
  }),
  r({
    id: 'oversight.human-approval',
    title: 'Human approval for high-risk decisions',
    guardsAgainst: 'High-impact decisions are automated with no human in the loop and no way to intervene.',
    satisfiedBy: 'oversight.human-approval lists each high-risk decision with the approver role, or oversight.high-risk-decisions is explicitly none with a reason.',
    hint: 'List high-risk decisions and their approver roles under oversight.human-approval.',
    firstStage: 'production',
    manifestPath: ['oversight']
  }),
  r({
    id: 'adoption.training',
    title: 'Users trained, escalation path documented',
    guardsAgainst: 'The system ships but users were never trained and do not know whom to call when it is wrong.',
    satisfiedBy: 'adoption.training.completed-on is a date in the past and adoption.escalation-path is set.',
    hint: 'Train the users, then set adoption.training.completed-on and adoption.escalation-path.',
    firstStage: 'production',
    manifestPath: ['adoption']
  })
]

const byId = new Map(CATALOG.map((requirement) => [requirement.id, requirement]))

export function requirementById(id: string): Requirement | undefined {
  return byId.get(id)
}
