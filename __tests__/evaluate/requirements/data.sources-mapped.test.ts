import { describe, expect, it } from '@jest/globals'
import requirement from '../../../src/evaluate/requirements/data.sources-mapped.js'
import { evaluateUnit, manifest, summary } from '../../support/requirement-unit.js'

const SOURCES =
  'data:\n  sources:\n    - name: inbox\n      owner: "@dan"\n      on-failure: queue and alert\n    - name: crm\n      owner: "@crm"\n      on-failure: skip enrichment\n'

describe('data.sources-mapped', () => {
  it('passes when every source has an owner and a failure behaviour', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(SOURCES) })
    expect(summary(outcomes)).toEqual([{ status: 'pass', message: '2 data sources mapped with owner and failure behaviour.', at: 'sys/readiness.yml:6' }])
  })

  it('fails each incomplete source at its own line', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest(SOURCES.replace('      on-failure: skip enrichment\n', '')) })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: 'Data source "crm" lacks `on-failure`.', at: 'sys/readiness.yml:10' }])
  })

  it('fails an empty list', async () => {
    const outcomes = await evaluateUnit(requirement, { 'sys/readiness.yml': manifest('data:\n  sources: []\n') })
    expect(summary(outcomes)).toEqual([{ status: 'fail', message: '`data.sources` is missing: no upstream data source is mapped.', at: 'sys/readiness.yml:6' }])
  })
})
