// The requirement catalog: every requirement the gate knows, one line each, in the order reports,
// `explain`, `init` and docs/requirements.md list them. The default policy, the docs and `init` are
// generated from it. A requirement is its own unit under requirements/ (see requirement.ts).
import adoptionTraining from './requirements/adoption.training.js'
import auditLogging from './requirements/audit.logging.js'
import costProjection from './requirements/cost.projection.js'
import dataEdgeCases from './requirements/data.edge-cases.js'
import dataProductionEvaluation from './requirements/data.production-evaluation.js'
import dataSourcesMapped from './requirements/data.sources-mapped.js'
import driftDetection from './requirements/drift.detection.js'
import fairnessEvaluation from './requirements/fairness.evaluation.js'
import incidentRunbooks from './requirements/incident.runbooks.js'
import integrationTested from './requirements/integration.tested.js'
import lifecycleRetraining from './requirements/lifecycle.retraining.js'
import loadProductionVolume from './requirements/load.production-volume.js'
import monitoringOutputQuality from './requirements/monitoring.output-quality.js'
import oversightHumanApproval from './requirements/oversight.human-approval.js'
import ownerExecutiveSponsor from './requirements/owner.executive-sponsor.js'
import ownerModelOperations from './requirements/owner.model-operations.js'
import ownerRaci from './requirements/owner.raci.js'
import privacyDataHandling from './requirements/privacy.data-handling.js'
import resilienceFallback from './requirements/resilience.fallback.js'
import rollbackTested from './requirements/rollback.tested.js'
import securityAdversarial from './requirements/security.adversarial.js'
import signoffLegal from './requirements/signoff.legal.js'
import signoffSecurity from './requirements/signoff.security.js'
import successMetric from './requirements/success-metric.js'
import type { Requirement } from './requirement.js'

export type { Requirement }

export const CATALOG = [
  ownerModelOperations,
  ownerExecutiveSponsor,
  successMetric,
  dataSourcesMapped,
  costProjection,
  ownerRaci,
  dataProductionEvaluation,
  dataEdgeCases,
  securityAdversarial,
  loadProductionVolume,
  integrationTested,
  resilienceFallback,
  monitoringOutputQuality,
  driftDetection,
  auditLogging,
  privacyDataHandling,
  lifecycleRetraining,
  incidentRunbooks,
  rollbackTested,
  signoffLegal,
  signoffSecurity,
  fairnessEvaluation,
  oversightHumanApproval,
  adoptionTraining
] as const satisfies readonly Requirement[]

/** The id of a requirement the gate knows, derived from the catalog. */
export type RequirementId = (typeof CATALOG)[number]['id']

const byId = new Map<string, Requirement<RequirementId>>(CATALOG.map((requirement) => [requirement.id, requirement]))

export function requirementById(id: string): Requirement<RequirementId> | undefined {
  return byId.get(id)
}
