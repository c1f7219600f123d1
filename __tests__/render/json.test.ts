import { describe, expect, it } from '@jest/globals'
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' }
import { jsonRenderer } from '../../src/render/json.js'
import { REPORT_SCHEMA_URL, type Report } from '../../src/report/types.js'
import { sampleReport } from '../support/report-fixtures.js'
import { schemaValidator } from '../support/schemas.js'

const validateReport = schemaValidator('report.schema.json')

describe('jsonRenderer', () => {
  it('names the schema by its $id, the one URL the code knows it by', () => {
    expect(reportSchema.$id).toBe(REPORT_SCHEMA_URL)
    const json = JSON.parse(jsonRenderer.render(sampleReport(), { color: false, rootPrefix: '' })) as Report
    expect(json.$schema).toBe(REPORT_SCHEMA_URL)
  })

  it('writes the whole report, valid against the schema, ending in a newline', () => {
    const report = sampleReport()
    const text = jsonRenderer.render(report, { color: true, rootPrefix: 'sub' })
    expect(text.endsWith('}\n')).toBe(true)
    const parsed = JSON.parse(text) as Report
    expect(validateReport(parsed) ? [] : validateReport.errors).toEqual([])
    const { $schema: _schema, ...rest } = parsed
    expect(rest).toEqual(report)
  })
})
