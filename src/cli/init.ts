// `readiness-gate init`: a manifest skeleton listing every requirement of a stage, each to fill in.
// Empty values are deliberate: `check` on the skeleton fails on each of them with the line to fill.
import { CATALOG } from '../evaluate/catalog.js'
import type { Policy } from '../policy/types.js'
import { STAGES, type Stage } from '../report/types.js'
import { docUrl, schemaUrl } from '../report/links.js'

/** Sections in the order a reader fills them in; a section no entry names comes last. */
const SECTION_ORDER = ['owners', 'success-metric', 'volume', 'data', 'resilience', 'audit', 'privacy', 'lifecycle', 'oversight', 'adoption', 'evidence']

/**
 * The manifest `init` writes for a stage. With `since` (raising a manifest from that stage), only what
 * the new stage adds: its new requirements, and the cost's usage file where the new stage is the first
 * to need a measured cost.
 */
export function manifestSkeleton(system: string, stage: Stage, policy: Policy, since?: Stage): string {
  const measuredAt = (at: Stage): boolean => policy.cost.measuredFrom !== 'never' && STAGES.indexOf(at) >= STAGES.indexOf(policy.cost.measuredFrom)
  const before = new Set(since ? policy.stages[since] : [])
  const required = new Set(
    policy.stages[stage].filter((id) => !before.has(id) || (id === 'cost.projection' && since && measuredAt(stage) && !measuredAt(since)))
  )
  const sections = new Map<string, string[]>()
  const add = (section: string, lines: string[]): void => {
    sections.set(section, [...(sections.get(section) ?? []), ...lines])
  }
  // Before the policy's cost.measured-from stage a declared cost serves: no usage file to link yet.
  const measured = measuredAt(stage)
  // A key two requirements read (incident.runbooks reads evidence.monitoring and evidence.drift) is written once, by the first.
  const written = new Set<string>()
  for (const requirement of CATALOG) {
    if (!required.has(requirement.id)) continue
    const section = requirement.manifestPath[0]
    let skeleton = requirement.id === 'cost.projection' && !measured ? withoutKey(requirement.skeleton, 'usage') : [...requirement.skeleton]
    const repeated = topLevelKeys(skeleton).filter((key) => written.has(`${section}.${key}`))
    for (const key of repeated) skeleton = withoutKey(skeleton, key, '')
    for (const key of topLevelKeys(skeleton)) written.add(`${section}.${key}`)
    const reads = repeated.length ? [`# reads ${repeated.map((key) => `${section}.${key}`).join(' and ')} above: ${requirement.hint}`] : []
    add(section, [`# ${requirement.id}: ${requirement.title}`, ...reads, ...skeleton])
  }
  // The volume both read: the load test must reach the peak, the cost projection multiplies the month.
  if (required.has('load.production-volume')) add('volume', ['peak-rps:               # requests per second at peak'])
  if (required.has('cost.projection')) add('volume', ['monthly-requests:       # requests per month'])
  const out = [
    // Editors with the YAML language server (VS Code's YAML extension) complete and check keys from it.
    `# yaml-language-server: $schema=${schemaUrl('manifest.schema.json')}`,
    `# Readiness manifest for ${system}. Fill in every empty value; \`readiness-gate check\` lists what is left.`,
    `# Reference: ${docUrl('manifest.md')}. Evidence paths are relative to this file.`,
    `system: ${system}`,
    `stage: ${stage}`,
    'model:',
    '  version: "0.1.0"',
    ''
  ]
  for (const section of [...SECTION_ORDER, ...[...sections.keys()].filter((key) => !SECTION_ORDER.includes(key))]) {
    const lines = sections.get(section)
    if (!lines) continue
    out.push(`${section}:`, ...lines.map((line) => `  ${line}`), '')
  }
  return out.join('\n')
}

/** Skeleton lines without one key (at `indent`: a key of the section's entry by default) and the lines under it. */
function withoutKey(lines: readonly string[], key: string, indent = '  '): string[] {
  const start = lines.findIndex((line) => line.startsWith(`${indent}${key}:`))
  if (start < 0) return [...lines]
  let end = start + 1
  while (end < lines.length && lines[end]!.startsWith(`${indent}  `)) end++
  return [...lines.slice(0, start), ...lines.slice(end)]
}

/** The keys a skeleton writes at its top level (`drift:` in the evidence section's lines). */
function topLevelKeys(lines: readonly string[]): string[] {
  return lines.flatMap((line) => /^([A-Za-z0-9][A-Za-z0-9-]*):/.exec(line)?.[1] ?? [])
}
