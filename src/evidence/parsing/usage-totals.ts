// Adds up the records of a usage export (one request, or one time bucket, each) into the totals the
// `usage` evidence carries: requests, input and output tokens, dollars, per model where the file
// names one, and the period the records span.
import type { UsageByModel, UsageEvidence, UsageFigures } from '../types.js'
import { compact, roundUsd } from './llm-common.js'

export type UsageRecord = Pick<UsageFigures, 'requests' | 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'tokens' | 'costUsd'>

const FIGURES = ['requests', 'inputTokens', 'cachedInputTokens', 'outputTokens', 'tokens', 'costUsd'] as const

function addFigures(total: UsageRecord, part: UsageRecord): void {
  for (const key of FIGURES) {
    const value = part[key]
    if (value !== undefined) total[key] = (total[key] ?? 0) + value
  }
  if (total.costUsd !== undefined) total.costUsd = roundUsd(total.costUsd)
}

export class UsageTotals {
  records = 0
  private readonly total: UsageRecord = {}
  private readonly byModel = new Map<string, UsageByModel>()
  /** Records that name no model (an OpenAI export not grouped by model, a LiteLLM row with an empty model). */
  private unnamed = 0
  private start: number | undefined
  private end: number | undefined

  /** One record; `from`/`to` are epoch milliseconds of the time it covers, when known. */
  add(record: UsageRecord, model: string | undefined, from?: number, to?: number): void {
    this.records++
    addFigures(this.total, record)
    if (model) {
      let entry = this.byModel.get(model)
      if (!entry) this.byModel.set(model, (entry = { model }))
      addFigures(entry, record)
    } else this.unnamed++
    if (from !== undefined) this.start = this.start === undefined ? from : Math.min(this.start, from)
    const last = to ?? from
    if (last !== undefined) this.end = this.end === undefined ? last : Math.max(this.end, last)
  }

  /** The evidence: totals, the models (per model only when every record names one), the period; a note for records with no model. */
  evidence(base: Pick<UsageEvidence, 'format' | 'tool' | 'per' | 'units'> & { notes: string[] }): UsageEvidence {
    const models = [...this.byModel.keys()]
    const everyRecordNamed = this.unnamed === 0 && models.length > 0
    if (this.unnamed > 0 && models.length > 0) base.notes.push(`${this.unnamed} of ${this.records} records name no model, so the totals are not split by model`)
    const period =
      this.start !== undefined && this.end !== undefined ? { start: new Date(this.start).toISOString(), end: new Date(this.end).toISOString() } : undefined
    return compact({
      kind: 'usage' as const,
      ...base,
      ...(period ? { timestamp: period.end } : {}),
      records: this.records,
      ...this.total,
      ...(models.length ? { models } : {}),
      ...(models.length && this.unnamed ? { unnamedModelRecords: this.unnamed } : {}),
      ...(period ? { period } : {}),
      ...(everyRecordNamed ? { byModel: [...this.byModel.values()].map((entry) => compact(entry)) } : {})
    })
  }
}
