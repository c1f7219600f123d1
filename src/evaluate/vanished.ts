// A system gated on the trusted reference must not escape the gate by losing its manifest in a pull
// request (deleted, or renamed away from the manifests patterns). Its removal
// counts only when a waiver approver of the trusted policy approved the pull request.
import { manifestMatcher } from '../manifest/discover.js'
import type { Policy } from '../policy/types.js'
import type { Finding } from '../report/types.js'
import type { TrustContext } from '../trust/types.js'
import { yamlValue } from '../yaml/located.js'

export async function vanishedSystems(
  trust: TrustContext,
  policy: Policy,
  patterns: string[] | undefined,
  headManifests: string[],
  headNames: Set<string>
): Promise<Finding[]> {
  if (!trust.listTrusted || !trust.readTrusted || trust.mode === 'offline') return []
  // Scoped to the same patterns as discovery: a gate run on one system judges that system alone (another
  // workflow gates the others). Escaping by narrowing the patterns would mean editing the workflow, which
  // the gate cannot judge anyway; deleting or moving a manifest within them is caught here.
  const isTrustedManifest = manifestMatcher(patterns)
  const trusted = (await trust.listTrusted()).filter(isTrustedManifest)
  const head = new Set(headManifests)
  const approvedBy = [...trust.approvers].filter((login) => policy.waivers.approvers.includes(login) && login !== trust.author)
  const findings: Finding[] = []
  for (const file of trusted.sort()) {
    if (head.has(file)) continue
    const text = await trust.readTrusted(file)
    if (text === null) continue
    const data = yamlValue(text) as { system?: unknown; stage?: unknown } | null | undefined
    const name = typeof data?.system === 'string' ? data.system : file
    const stage = typeof data?.stage === 'string' ? data.stage : 'unknown'
    if (headNames.has(name)) continue
    const where = `${trust.trustedRef ?? 'the trusted branch'}`
    if (approvedBy.length) {
      findings.push({
        rule: 'system.removed',
        status: 'pass',
        message: `System "${name}" (stage ${stage} at ${where}) has no manifest any more; its removal was approved by @${approvedBy[0]}.`,
        file,
        line: 1,
        verification: 'verified'
      })
    } else {
      findings.push({
        rule: 'system.removed',
        status: 'fail',
        message: `System "${name}" (stage ${stage} at ${where}) has no manifest in this change, so the gate cannot judge it; a manifest cannot be removed to escape the gate.`,
        file,
        line: 1,
        hint: 'Restore the manifest, or have a waiver approver from the policy approve the pull request to retire the system.'
      })
    }
  }
  return findings
}
