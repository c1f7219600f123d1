// The gate's pure core: find manifests, evaluate each system against the trusted policy, build the report.
// No GitHub client and no environment variables here; the entry points supply everything.
import path from 'node:path'
import { EvidenceCache } from './evaluate/context.js'
import { evaluateSystem } from './evaluate/system.js'
import { vanishedSystems } from './evaluate/vanished.js'
import { noFileDates, type FileDater } from './fs/git-dates.js'
import { DEFAULT_LIMITS, resolveInRepo } from './fs/safe-read.js'
import { discoverManifests } from './manifest/discover.js'
import { loadManifest, unusable, type LoadedManifest } from './manifest/load.js'
import type { Policy } from './policy/types.js'
import { buildReport, runProblem } from './report/build.js'
import { STAGES, type Finding, type Report, type SystemReport } from './report/types.js'
import type { TrustContext } from './trust/types.js'

export interface GateInput {
  /** Absolute path of the repository root; every file read must resolve inside it. */
  root: string
  /** Manifest paths, folders or globs relative to root. Default: every readiness.yml. */
  manifests?: string[]
  policy: Policy
  /** Label of where the policy came from, for the report. */
  policySource: string
  /** The evaluation clock (freshness, expiry). */
  now: Date
  trust: TrustContext
  /** Dates evidence that carries no date of its own (e.g. by its last commit). Default: no dates (fails closed). */
  fileDate?: FileDater
  /** Run-level notices to carry into the report (e.g. "this PR changes the policy"). */
  notices?: Finding[]
}

/** Systems evaluated at once: evidence reads overlap, memory stays bounded. */
const CONCURRENCY = 8

export async function runGate(input: GateInput): Promise<Report> {
  const root = path.resolve(input.root)
  const discovery = await discoverManifests(root, input.manifests)
  const notices: Finding[] = [...(input.notices ?? [])]
  for (const missing of discovery.missing) {
    notices.push(runProblem('manifest.missing', missing.message, missing.pattern, 'Fix the path or pattern, or remove it from the manifests list.'))
  }
  const evidence = new EvidenceCache(root, { ...DEFAULT_LIMITS, maxFileBytes: input.policy.limits.maxEvidenceBytes })
  const context = { root, policy: input.policy, now: input.now, trust: input.trust, evidence, fileDate: input.fileDate ?? noFileDates }
  const named = new Array<NamedSystem>(discovery.manifests.length)
  const systems = new Array<SystemReport>(discovery.manifests.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < discovery.manifests.length) {
      const index = next++
      const relPath = discovery.manifests[index]!
      const manifest = await loadInsideRepo(root, relPath, input.policy.limits.maxManifestBytes)
      named[index] = namedSystem(manifest)
      // Its own view of the cache: the files only this system asked for are let go when it is done.
      const own = evidence.forSystem()
      systems[index] = withProgress(await evaluateSystem(manifest, { ...context, evidence: own }), input.policy)
      own.release()
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, discovery.manifests.length) }, worker))
  flagDuplicateNames(named, systems)
  const headNames = new Set(named.filter((system) => system.at).map((system) => system.name))
  notices.push(...(await vanishedSystems(input.trust, input.policy, input.manifests, discovery.manifests, headNames)))
  return buildReport({ now: input.now, policy: input.policySource, systems, notices })
}

/** Stage by stage up to the claimed one, how many of the stage's requirements the system meets. */
function withProgress(system: SystemReport, policy: Policy): SystemReport {
  if (!system.stage) return system
  const failing = new Set(system.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.rule))
  const met = new Set(system.findings.filter((f) => (f.status === 'pass' || f.status === 'waived') && !failing.has(f.rule)).map((f) => f.rule))
  const progress = STAGES.slice(0, STAGES.indexOf(system.stage) + 1).map((stage) => ({
    stage,
    met: policy.stages[stage].filter((id) => met.has(id)).length,
    required: policy.stages[stage].length
  }))
  const { findings, ...rest } = system
  return { ...rest, progress, findings }
}

async function loadInsideRepo(root: string, relPath: string, maxBytes: number): Promise<LoadedManifest> {
  // A manifest reached through a symlink must still live inside the repository.
  const resolved = await resolveInRepo(root, root, relPath)
  if (!resolved.ok) {
    return unusable(root, relPath, 'manifest.file', `The manifest ${resolved.message}.`)
  }
  return loadManifest(root, relPath, maxBytes)
}

/**
 * What the run needs of a manifest once its system is evaluated: its name, and where it claims it. Not
 * the manifest itself: holding every parsed manifest (its data and located YAML, about 26 KB each) to
 * the end of the run made memory grow with the number of systems (docs/performance.md, round ten).
 */
interface NamedSystem {
  relPath: string
  name: string
  /** Where the manifest names its system with `system:`; absent when it does not (its name is then its path). */
  at?: { file: string; line: number }
}

function namedSystem(manifest: LoadedManifest): NamedSystem {
  if (!manifest.data?.system) return { relPath: manifest.relPath, name: manifest.name }
  const { file, line } = manifest.locate(['system'])
  return { relPath: manifest.relPath, name: manifest.name, at: { file, line } }
}

/** Two manifests claiming the same system name would let one hide behind the other. */
function flagDuplicateNames(manifests: NamedSystem[], systems: SystemReport[]): void {
  const byName = new Map<string, number[]>()
  manifests.forEach((manifest, index) => {
    if (!manifest.at) return
    const list = byName.get(manifest.name) ?? []
    list.push(index)
    byName.set(manifest.name, list)
  })
  for (const [name, indexes] of byName) {
    if (indexes.length < 2) continue
    for (const index of indexes) {
      const others = indexes.filter((other) => other !== index).map((other) => manifests[other]!.relPath)
      const at = manifests[index]!.at!
      systems[index]!.findings.unshift({
        rule: 'manifest.duplicate-system',
        status: 'fail',
        message: `System name "${name}" is also claimed by ${others.join(', ')}.`,
        file: at.file,
        line: at.line,
        hint: 'Give every system a unique name.'
      })
      systems[index]!.passed = false
    }
  }
}
