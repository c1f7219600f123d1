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
  for (const requirement of CATALOG) {
    if (!required.has(requirement.id)) continue
    const skeleton = requirement.id === 'cost.projection' && !measured ? withoutKey(requirement.skeleton, 'usage') : requirement.skeleton
    add(requirement.manifestPath[0], [`# ${requirement.id}: ${requirement.title}`, ...skeleton])
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

/** Skeleton lines without one top-level key of the section and the lines under it. */
function withoutKey(lines: readonly string[], key: string): string[] {
  const start = lines.findIndex((line) => line.startsWith(`  ${key}:`))
  if (start < 0) return [...lines]
  let end = start + 1
  while (end < lines.length && lines[end]!.startsWith('    ')) end++
  return [...lines.slice(0, start), ...lines.slice(end)]
}
