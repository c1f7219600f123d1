// SARIF 2.1.0 for code-scanning users: one run, a rule per finding rule id, a result per failing finding.
import path from 'node:path'
import type { Finding, Report } from '../report/types.js'
import type { Renderer } from './renderer.js'

export interface SarifOptions {
  /** Repo-relative POSIX path of the gate's root, so result paths are relative to the repository. */
  rootPrefix?: string
}

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: 'error'
  message: { text: string }
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' }
      region: { startLine: number; startColumn?: number }
    }
  }>
}

export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: Array<{
    tool: {
      driver: {
        name: string
        version: string
        rules: Array<{ id: string; shortDescription: { text: string } }>
      }
    }
    results: SarifResult[]
  }>
}

export function renderSarif(report: Report, options: SarifOptions = {}): SarifLog {
  const failing: Array<{ finding: Finding; system?: string }> = [
    ...report.notices.filter((notice) => notice.status === 'fail').map((finding) => ({ finding })),
    ...report.systems.flatMap((system) =>
      system.findings.filter((finding) => finding.status === 'fail').map((finding) => ({ finding, system: system.name }))
    )
  ]
  const ruleIds = [...new Set(failing.map(({ finding }) => finding.rule))]
  const results = failing
    .filter(({ finding }) => finding.file && finding.line >= 1)
    .map(({ finding, system }): SarifResult => {
      const prefix = system ? `${system}: ` : ''
      const hint = finding.hint ? ` How to fix: ${finding.hint}` : ''
      const region = finding.column && finding.column >= 1
        ? { startLine: finding.line, startColumn: finding.column }
        : { startLine: finding.line }
      return {
        ruleId: finding.rule,
        ruleIndex: ruleIds.indexOf(finding.rule),
        level: 'error',
        message: { text: `${prefix}${finding.message}${hint}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: encodeUri(path.posix.join(options.rootPrefix ?? '', finding.file)), uriBaseId: '%SRCROOT%' },
              region
            }
          }
        ]
      }
    })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } }))
          }
        },
        results
      }
    ]
  }
}

/** A relative URI reference: each path segment percent-encoded, the slashes kept. */
function encodeUri(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/')
}

export const sarifRenderer: Renderer = {
  format: 'sarif',
  description: 'SARIF 2.1.0, for code scanning',
  render: (report, options) => `${JSON.stringify(renderSarif(report, { rootPrefix: options.rootPrefix }), null, 2)}\n`
}
