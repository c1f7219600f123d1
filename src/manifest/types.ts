// The manifest's shape (schemas/manifest.schema.json is authoritative). Every field is optional
// here: evaluation reads it defensively, because a manifest with schema errors is still evaluated.

export interface EvidenceRef {
  file?: string
  format?: string
  date?: string
}

export interface Manifest {
  system?: string
  stage?: string
  description?: string
  model?: { version?: string; name?: string; provider?: string }
  owners?: {
    'model-operations'?: string
    'executive-sponsor'?: string
    raci?: Partial<Record<'data' | 'engineering' | 'legal' | 'business' | 'incident-response', string>>
  }
  'success-metric'?: { name?: string; unit?: string; baseline?: number; target?: number; 'measured-by'?: string; direction?: 'increase' | 'decrease' }
  volume?: { 'peak-rps'?: number; 'monthly-requests'?: number }
  data?: { sources?: { name?: string; owner?: string; 'on-failure'?: string }[] }
  resilience?: { fallback?: string; 'circuit-breaker'?: string; retry?: string; 'timeout-ms'?: number; tests?: EvidenceRef }
  audit?: { 'logs-inputs'?: boolean; 'logs-outputs'?: boolean; 'logs-decisions'?: boolean; store?: string; 'retention-days'?: number }
  privacy?: { basis?: string; 'retention-days'?: number; deletion?: string; 'personal-data'?: boolean }
  lifecycle?: { retraining?: { trigger?: string; cadence?: string; approver?: string; 'budget-usd'?: number; plan?: string }; sunset?: string }
  oversight?: { 'human-approval'?: { decision?: string; approver?: string }[]; 'high-risk-decisions'?: string; reason?: string }
  adoption?: { training?: { 'completed-on'?: string; audience?: string }; 'escalation-path'?: string }
  evidence?: {
    'load-test'?: EvidenceRef
    slo?: { 'p95-ms'?: number; 'error-rate'?: number }
    cost?: { 'usd-per-1k-requests'?: number; 'monthly-budget-usd'?: number; headroom?: number; usage?: EvidenceRef }
    drift?: EvidenceRef
    monitoring?: EvidenceRef
    'integration-tests'?: EvidenceRef & { points?: string[] }
    'edge-cases'?: EvidenceRef & { categories?: string[] }
    evaluation?: EvidenceRef & { source?: string; targets?: Record<string, number> }
    'red-team'?: EvidenceRef
    fairness?: EvidenceRef & { 'group-by'?: string; groups?: string[]; metrics?: string[] }
    rollback?: { plan?: string; 'tested-on'?: string }
    'legal-signoff'?: EvidenceRef
    'security-signoff'?: EvidenceRef
  }
  waivers?: Waiver[]
}

export interface Waiver {
  requirement?: string
  reason?: string
  'approved-by'?: string
  'approved-on'?: string
  expires?: string
}
