// `readiness-gate init`: a manifest skeleton listing every requirement of a stage, each to fill in.
// Empty values are deliberate: `check` on the skeleton fails on each of them with the line to fill.
import { CATALOG } from '../catalog/requirements.js'
import type { Policy } from '../policy/types.js'
import type { Stage } from '../report/types.js'

/** The YAML each requirement needs, by requirement id, under its top-level section. */
const SNIPPETS: Record<string, { section: string; lines: string[] }> = {
  'owner.model-operations': { section: 'owners', lines: ['model-operations:       # @handle who owns output quality in production'] },
  'owner.executive-sponsor': { section: 'owners', lines: ['executive-sponsor:      # @handle of the sponsor with budget authority'] },
  'owner.raci': { section: 'owners', lines: ['raci:', '  data:', '  engineering:', '  legal:', '  business:', '  incident-response:'] },
  'success-metric': { section: 'success-metric', lines: ['name:                   # e.g. manual processing hours per week', 'unit:', 'baseline:', 'target:', 'measured-by:'] },
  'data.sources-mapped': { section: 'data', lines: ['sources:', '  - name:', '    owner:', '    on-failure:         # what the system does when this source is down or wrong'] },
  'cost.projection': { section: 'evidence', lines: ['cost:', '  usd-per-1k-requests:', '  monthly-budget-usd:', '  headroom:             # safety factor on volume, e.g. 2'] },
  'data.production-evaluation': { section: 'evidence', lines: ['evaluation:', '  file:                 # quality measured on production-sampled data'] },
  'data.edge-cases': { section: 'evidence', lines: ['edge-cases:', '  file:                 # JUnit report', '  categories: [malformed, missing, out-of-distribution, adversarial]'] },
  'load.production-volume': { section: 'evidence', lines: ['load-test:', '  file:                 # k6, Locust, JMeter, Gatling, Artillery or autocannon result', 'slo:', '  p95-ms:', '  error-rate:'] },
  'integration.tested': { section: 'evidence', lines: ['integration-tests:', '  file:                 # JUnit report', '  points: []            # e.g. [crm, erp, billing-api]'] },
  'monitoring.output-quality': { section: 'evidence', lines: ['monitoring:', '  file:                 # alert rules with an output-quality alert'] },
  'drift.detection': { section: 'evidence', lines: ['drift:', '  file:                 # drift config or alert rules'] },
  'rollback.tested': { section: 'evidence', lines: ['rollback:', '  plan:                 # runbook path', '  tested-on:            # YYYY-MM-DD of the last rehearsal'] },
  'signoff.legal': { section: 'evidence', lines: ['legal-signoff:', '  file:                 # sign-off file, see docs/signoffs.md'] },
  'signoff.security': { section: 'evidence', lines: ['security-signoff:', '  file:'] },
  'fairness.evaluation': { section: 'evidence', lines: ['fairness:', '  file:                 # per-group results'] },
  'resilience.fallback': { section: 'resilience', lines: ['fallback:', 'circuit-breaker:', 'retry:', 'timeout-ms:', 'tests:', '  file:                 # JUnit report exercising fallback, circuit breaker, retry, timeout'] },
  'audit.logging': { section: 'audit', lines: ['logs-inputs: false', 'logs-outputs: false', 'logs-decisions: false', 'store:', 'retention-days:'] },
  'privacy.data-handling': { section: 'privacy', lines: ['basis:                  # legal basis for processing', 'retention-days:', 'deletion:               # how deletion requests are handled'] },
  'lifecycle.retraining': { section: 'lifecycle', lines: ['retraining:', '  trigger:', '  cadence:', '  approver:', '  budget-usd:', 'sunset:                 # criteria to retire the system'] },
  'oversight.human-approval': { section: 'oversight', lines: ['human-approval:', '  - decision:', '    approver:'] },
  'adoption.training': { section: 'adoption', lines: ['training:', '  completed-on:         # YYYY-MM-DD, once users are trained', 'escalation-path:'] }
}

const SECTION_ORDER = ['owners', 'success-metric', 'volume', 'data', 'resilience', 'audit', 'privacy', 'lifecycle', 'oversight', 'adoption', 'evidence']

export function manifestSkeleton(system: string, stage: Stage, policy: Policy): string {
  const required = new Set(policy.stages[stage])
  const sections = new Map<string, string[]>()
  const add = (section: string, lines: string[]): void => {
    sections.set(section, [...(sections.get(section) ?? []), ...lines])
  }
  for (const requirement of CATALOG) {
    if (!required.has(requirement.id)) continue
    const snippet = SNIPPETS[requirement.id]!
    add(snippet.section, [`# ${requirement.id}: ${requirement.title}`, ...snippet.lines])
  }
  if (required.has('cost.projection') || required.has('load.production-volume')) {
    add('volume', ['peak-rps:', 'monthly-requests:'])
  }
  const out = [
    `# Readiness manifest for ${system}. Fill in every empty value; \`readiness-gate check\` lists what is left.`,
    '# Reference: docs/manifest.md. Evidence paths are relative to this file.',
    `system: ${system}`,
    `stage: ${stage}`,
    'model:',
    '  version: "0.1.0"',
    ''
  ]
  for (const section of SECTION_ORDER) {
    const lines = sections.get(section)
    if (!lines) continue
    out.push(`${section}:`, ...lines.map((line) => `  ${line}`), '')
  }
  return out.join('\n')
}
