import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { CATALOG } from '../../src/evaluate/catalog.js'
import { REQUIREMENTS_DOC_URL, renderSarif } from '../../src/render/sarif.js'
import { finding, report, sampleReport, system } from '../support/report-fixtures.js'

type AddFormats = (ajv: Ajv) => Ajv
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

// The OASIS SARIF 2.1.0 JSON schema as shipped by @microsoft/jest-sarif (MIT). It is draft-04; its
// only draft-04-specific keywords are the top-level `id` and `$schema`, dropped here for ajv 8. Its
// `language` pattern is not valid as a unicode regular expression, hence `unicodeRegExp: false`.
const schemaFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sarif-2.1.0-rtm.5.json')
const { id: _id, $schema: _draft, ...sarifSchema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
addFormats(ajv)
const validateSarif = ajv.compile(sarifSchema)

describe('renderSarif', () => {
  it('produces a valid SARIF 2.1.0 log with one run, a rule per failing rule id and a located result per failure', () => {
    const log = renderSarif(sampleReport())
    expect(validateSarif(log)).toBe(true)
    expect(log.runs).toHaveLength(1)
    const run = log.runs[0]!
    expect(run.tool.driver.name).toBe('readiness-gate')
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual([
      'load.production-volume',
      'signoff.legal',
      'rollback.tested',
      'adoption.training',
      'drift.detection',
      'fairness.evaluation'
    ])
    expect(run.results).toHaveLength(6)
    expect(run.results[0]).toEqual({
      ruleId: 'load.production-volume',
      ruleIndex: 0,
      level: 'error',
      message: {
        text: 'invoice-extractor: p95 1240 ms > SLO 800 ms at 40 rps How to fix: Re-run the load test at peak volume and fix latency until p95 ≤ 800 ms.'
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'ai/invoice-extractor/perf/k6-summary.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12 }
          }
        }
      ]
    })
  })

  it('carries the catalog: name, short and full description, help in text and markdown, a link to the docs', () => {
    const every = report([
      system(
        's',
        'production',
        CATALOG.map((requirement, index) => finding(requirement.id, 'fail', `${requirement.id} failed`, 'r.yml', index + 1))
      )
    ])
    const log = renderSarif(every)
    expect(validateSarif(log)).toBe(true)
    const rules = log.runs[0]!.tool.driver.rules
    expect(rules).toHaveLength(CATALOG.length)
    for (const requirement of CATALOG) {
      const rule = rules.find((entry) => entry.id === requirement.id)!
      expect(rule.shortDescription.text).toBe(requirement.title)
      expect(rule.fullDescription.text).toBe(requirement.guardsAgainst)
      expect(rule.help.text).toContain(requirement.satisfiedBy)
      expect(rule.help.text).toContain(requirement.hint)
      expect(rule.help.markdown).toContain(`**How to fix:** ${requirement.hint}`)
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/)
      expect(rule.helpUri).toBe(`${REQUIREMENTS_DOC_URL}#${requirement.id.replace(/\./g, '')}`)
    }
    // The anchors exist: docs/requirements.md has a heading per requirement id.
    const docs = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/requirements.md'), 'utf8')
    for (const requirement of CATALOG) expect(docs).toContain(`\n## ${requirement.id}\n`)
  })

  it('reports waived findings as accepted suppressions and unverified claims as notes', () => {
    const log = renderSarif(
      report([
        system('s', 'production', [
          finding('fairness.evaluation', 'waived', 'No fairness evaluation. Waived by @frank until 2027-01-31: no decisions about people.', 'r.yml', 4),
          finding('signoff.legal', 'pass', 'Legal sign-off by @erin (unverified: offline).', 'r.yml', 7, { verification: 'unverified' }),
          finding('owner.raci', 'pass', 'All roles named.', 'r.yml', 9)
        ])
      ])
    )
    expect(validateSarif(log)).toBe(true)
    const results = log.runs[0]!.results
    expect(results.map((result) => [result.ruleId, result.level, result.suppressions])).toEqual([
      [
        'fairness.evaluation',
        'error',
        [{ kind: 'external', status: 'accepted', justification: 'No fairness evaluation. Waived by @frank until 2027-01-31: no decisions about people.' }]
      ],
      ['signoff.legal', 'note', undefined]
    ])
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(['fairness.evaluation', 'signoff.legal'])
  })

  it('describes problems that are no requirement too', () => {
    const log = renderSarif(
      report([system('s', 'pilot', [finding('manifest.schema', 'fail', '`stage` must be one of pilot, staging, production.', 'r.yml', 2)])])
    )
    expect(validateSarif(log)).toBe(true)
    expect(log.runs[0]!.tool.driver.rules[0]).toMatchObject({ id: 'manifest.schema', name: 'ManifestSchema', shortDescription: { text: 'Manifest is valid' } })
  })

  it('prefixes paths with the gate root, percent-encodes them and keeps columns', () => {
    const log = renderSarif(report([system('s', 'pilot', [finding('owner.raci', 'fail', 'missing', 'ai/my model/readiness#1.yml', 3, { column: 5 })])]), {
      rootPrefix: 'services'
    })
    expect(validateSarif(log)).toBe(true)
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'services/ai/my%20model/readiness%231.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 5 }
    })
  })

  it('reports run-level failures and nothing for a passing report', () => {
    const failed = report([], { notices: [finding('policy.invalid', 'fail', 'The policy is not valid YAML.', '.github/readiness-policy.yml', 2)] })
    expect(renderSarif(failed).runs[0]!.results.map((result) => result.ruleId)).toEqual(['policy.invalid'])
    const passing = renderSarif(report([system('s', 'pilot', [finding('owner.raci', 'pass', 'ok', 'r.yml', 1)])]))
    expect(validateSarif(passing)).toBe(true)
    expect(passing.runs[0]!.results).toEqual([])
    expect(passing.runs[0]!.tool.driver.rules).toEqual([])
  })

  it('is rejected by the schema when broken, so the schema check can fail', () => {
    const log = renderSarif(sampleReport()) as unknown as { version: string }
    expect(validateSarif({ ...log, version: '2.0.0' })).toBe(false)
  })
})
