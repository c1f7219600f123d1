// `readiness-gate init`: a manifest skeleton listing every requirement of a stage, each to fill in.
// Empty values are deliberate: `check` on the skeleton fails on each of them with the line to fill.
import { CATALOG } from '../evaluate/catalog.js'
import type { Policy } from '../policy/types.js'
import type { Stage } from '../report/types.js'
import { docUrl, schemaUrl } from '../report/links.js'

/** Sections in the order a reader fills them in; a section no entry names comes last. */
const SECTION_ORDER = ['owners', 'success-metric', 'volume', 'data', 'resilience', 'audit', 'privacy', 'lifecycle', 'oversight', 'adoption', 'evidence']

export function manifestSkeleton(system: string, stage: Stage, policy: Policy): string {
  const required = new Set(policy.stages[stage])
  const sections = new Map<string, string[]>()
  const add = (section: string, lines: string[]): void => {
    sections.set(section, [...(sections.get(section) ?? []), ...lines])
  }
  for (const requirement of CATALOG) {
    if (!required.has(requirement.id)) continue
    add(requirement.manifestPath[0], [`# ${requirement.id}: ${requirement.title}`, ...requirement.skeleton])
  }
  if (required.has('cost.projection') || required.has('load.production-volume')) {
    add('volume', ['peak-rps:', 'monthly-requests:'])
  }
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
