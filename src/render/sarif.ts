// SARIF 2.1.0 for code scanning: one run whose rules carry the catalog's text (name, short and full
// description, help in text and markdown, a link to the requirement's docs), and a result per finding
// that needs attention: failing ones as errors, waived ones suppressed (with who waived them and why),
// unverified claims as notes.
import path from 'node:path'
import { requirementById } from '../evaluate/catalog.js'
import { docUrl } from '../report/links.js'
import { problemById } from '../report/problems.js'
import type { Finding, Report } from '../report/types.js'
import type { Renderer } from './renderer.js'

export interface SarifOptions {
  /** Repo-relative POSIX path of the gate's root, so result paths are relative to the repository. */
  rootPrefix?: string
}

/** Where a requirement is documented; its heading is its id. */
export const REQUIREMENTS_DOC_URL = docUrl('requirements.md')

interface SarifMessage {
  text: string
  markdown?: string
}

interface SarifRule {
  id: string
  name: string
  shortDescription: SarifMessage
  fullDescription: SarifMessage
  help: SarifMessage
  helpUri?: string
  properties?: { tags: string[] }
}

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: 'error' | 'note'
  message: { text: string }
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' }
      region: { startLine: number; startColumn?: number }
    }
  }>
  suppressions?: Array<{ kind: 'external'; status: 'accepted'; justification: string }>
}

export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: Array<{
    tool: {
      driver: {
        name: string
        version: string
        informationUri: string
        rules: SarifRule[]
      }
    }
    results: SarifResult[]
  }>
}

/** PascalCase, as SARIF recommends for a rule's name: "load.production-volume" → "LoadProductionVolume". */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

function describeRule(id: string): SarifRule {
  const requirement = requirementById(id)
  if (requirement) {
    const text = `${requirement.title}. Guards against: ${requirement.guardsAgainst} Satisfied by: ${requirement.satisfiedBy} How to fix: ${requirement.hint}`
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: requirement.title },
      fullDescription: { text: requirement.guardsAgainst },
      help: {
        text,
        markdown: `**${requirement.title}** (first required at ${requirement.firstStage})\n\n**Guards against:** ${requirement.guardsAgainst}\n\n**Satisfied by:** ${requirement.satisfiedBy}\n\n**How to fix:** ${requirement.hint}`
      },
      helpUri: `${REQUIREMENTS_DOC_URL}#${id.replace(/\./g, '')}`,
      properties: { tags: ['readiness', requirement.firstStage] }
    }
  }
  const problem = problemById(id) ?? { title: id, description: `The gate reported ${id}.`, hint: 'See the message.', doc: undefined }
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: problem.title },
    fullDescription: { text: problem.description },
    help: { text: `${problem.description} How to fix: ${problem.hint}`, markdown: `${problem.description}\n\n**How to fix:** ${problem.hint}` },
    ...(problem.doc ? { helpUri: docUrl(problem.doc) } : {})
  }
}

/** Whether a finding becomes a result, and how: failing → error, waived → suppressed, unverified → note. */
function levelOf(finding: Finding): 'error' | 'note' | undefined {
  if (finding.status === 'fail' || finding.status === 'waived') return 'error'
  if (finding.verification === 'unverified') return 'note'
  return undefined
}

export function renderSarif(report: Report, options: SarifOptions = {}): SarifLog {
  const listed: Array<{ finding: Finding; system?: string }> = [
    ...report.notices.filter((notice) => notice.status === 'fail').map((finding) => ({ finding })),
    ...report.systems.flatMap((system) => system.findings.filter((finding) => levelOf(finding)).map((finding) => ({ finding, system: system.name })))
  ].filter(({ finding }) => finding.file && finding.line >= 1)
  const ruleIds = [...new Set(listed.map(({ finding }) => finding.rule))]
  const results = listed.map(({ finding, system }): SarifResult => {
    const prefix = system ? `${system}: ` : ''
    const hint = finding.hint && finding.status === 'fail' ? ` How to fix: ${finding.hint}` : ''
    const region = finding.column && finding.column >= 1 ? { startLine: finding.line, startColumn: finding.column } : { startLine: finding.line }
    return {
      ruleId: finding.rule,
      ruleIndex: ruleIds.indexOf(finding.rule),
      level: levelOf(finding)!,
      message: { text: `${prefix}${finding.message}${hint}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeUri(path.posix.join(options.rootPrefix ?? '', finding.file)), uriBaseId: '%SRCROOT%' },
            region
          }
        }
      ],
      // A waiver is a suppression accepted outside the code scanner: the manifest names who and until when.
      ...(finding.status === 'waived' ? { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: finding.message }] } : {})
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
            informationUri: 'https://github.com/readiness-gate/readiness-gate',
            rules: ruleIds.map(describeRule)
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
  description: 'SARIF 2.1.0, for code scanning: the catalog as rules, waivers as suppressions',
  render: (report, options) => `${JSON.stringify(renderSarif(report, { rootPrefix: options.rootPrefix }), null, 2)}\n`
}
