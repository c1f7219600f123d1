// The report itself, as JSON with its schema named: what the action writes to report-path and the CLI prints with --format json.
import { REPORT_SCHEMA_URL, type Report } from '../report/types.js'
import type { Renderer } from './renderer.js'

export function renderJson(report: Report): string {
  return `${JSON.stringify({ $schema: REPORT_SCHEMA_URL, ...report }, null, 2)}\n`
}

export const jsonRenderer: Renderer = {
  format: 'json',
  description: 'the report, valid against schemas/report.schema.json',
  render: (report) => renderJson(report)
}
