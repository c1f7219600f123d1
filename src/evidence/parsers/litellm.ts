// LiteLLM proxy spend exports → usage evidence: the per-request spend logs and the daily activity
// report, as the proxy's endpoints return them.
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md; field names from LiteLLM's
// schema.prisma `LiteLLM_SpendLogs`, litellm/proxy/spend_tracking/spend_management_endpoints.py and
// litellm/types/proxy/management_endpoints/common_daily_activity.py):
// - Spend logs (`GET /spend/logs`, `/spend/logs?start_date=..&end_date=..&summarize=false`): a list
//   of LiteLLM_SpendLogs rows, one per request: `request_id`, `spend`, `prompt_tokens`,
//   `completion_tokens`, `total_tokens`, `model`, `model_group`, `startTime`... The UI endpoint
//   (`/spend/logs/ui`) wraps one page of them in `{data, total, page, page_size, total_pages}`: a page
//   that is not the whole (`total` above the rows it holds) fails. `/spend/logs` with dates and the
//   default `summarize=true` returns spend per day with no requests or tokens: refused.
// - Daily activity (`GET /user/daily/activity`, the "Daily Spend Breakdown API"):
//   `{results: [{date, metrics, breakdown: {models: {...}}}], metadata: {total_spend, ..., has_more}}`,
//   `metrics` = {spend, prompt_tokens, completion_tokens, total_tokens, api_requests, ...} per day.
//   A report with `has_more` (or page below total_pages) is partial and fails.
// - Units: LiteLLM records `spend` in US dollars (its model cost map prices per token in USD; the docs
//   call the column "Spend in $"); token counts are single tokens, as the provider reported them.
import type { EvidenceParser, UsageByModel, UsageEvidence } from '../types.js'
import { readJsonDocument, type JsonRecord } from '../parsing/load-common.js'
import { arrayElementLines, compact, countField, isRecord, roundUsd } from '../parsing/llm-common.js'
import { describeValue, failure, FieldProblem, guardFields } from '../parsing/failure.js'
import { isoTimestamp, utcTimestamp } from '../parsing/timestamp.js'
import { UsageTotals } from '../parsing/usage-totals.js'

/** A dollar field: a finite, non-negative number (LiteLLM writes floats). */
function dollars(record: JsonRecord, key: string, at: string, line: number): number {
  const value = record[key]
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new FieldProblem(`${at} has ${key} ${describeValue(value)}, not an amount of dollars`, line)
  return value
}

function tokens(record: JsonRecord, key: string, at: string, line: number): number {
  try {
    const value = countField(record, key, '')
    if (value === undefined) throw new FieldProblem(`${at} has no ${key}`, line)
    return value
  } catch (error) {
    if (error instanceof FieldProblem && error.line === undefined) throw new FieldProblem(`${at}: ${error.message}`, line)
    throw error
  }
}

const SPEND_UNITS = 'spend is US dollars and tokens are single tokens, as LiteLLM records them'

export const litellmSpendLogsParser: EvidenceParser<UsageEvidence> = {
  format: 'litellm-spend-logs',
  kind: 'usage',
  description: 'LiteLLM proxy spend logs (GET /spend/logs, one LiteLLM_SpendLogs row per request): requests, tokens, dollars, models',
  detect: ({ head }) =>
    /^\s*[[{]/.test(head) && /"spend"\s*:/.test(head) && /"startTime"\s*:/.test(head) && (/"request_id"\s*:/.test(head) || /"models"\s*:\s*\{/.test(head)),
  async parse(source) {
    const read = await readJsonDocument(source, 'LiteLLM spend logs')
    if (!read.ok) return read
    const file = `"${source.relPath}"`
    return guardFields(() => {
      let rows: unknown[]
      let lines: number[] | undefined
      const notes: string[] = []
      if (Array.isArray(read.value)) {
        rows = read.value
        lines = arrayElementLines(read.text, [])
      } else if (isRecord(read.value) && Array.isArray(read.value.data)) {
        rows = read.value.data
        lines = arrayElementLines(read.text, ['data'])
        const total = read.value.total
        if (typeof total !== 'number' || total > rows.length) {
          return failure(
            `${file} is page ${describeValue(read.value.page)} of ${describeValue(read.value.total_pages)} of the spend logs: it holds ${rows.length} of ${describeValue(total)} requests, so its totals are partial; export every request (GET /spend/logs with summarize=false)`,
            1
          )
        }
      } else {
        return failure(`${file} is not a list of LiteLLM spend log rows`, 1)
      }
      if (rows.length === 0) return failure(`${file} has no spend log rows: no requests are recorded in it`, 1)
      const first = rows[0]
      if (isRecord(first) && first.request_id === undefined && isRecord(first.models) && first.spend !== undefined) {
        return failure(
          `${file} is the spend summarized per day (GET /spend/logs with dates and summarize=true): it has dollars per model but no requests or tokens; export the rows with summarize=false`,
          lines?.[0] ?? 1
        )
      }
      const totals = new UsageTotals()
      let failed = 0
      let mismatched = 0
      for (const [index, row] of rows.entries()) {
        const line = lines?.[index] ?? 1
        const at = `${file} line ${line}: row ${index + 1}`
        if (!isRecord(row) || typeof row.request_id !== 'string') throw new FieldProblem(`${at} is not a spend log row (it has no request_id)`, line)
        const costUsd = dollars(row, 'spend', at, line)
        const inputTokens = tokens(row, 'prompt_tokens', at, line)
        const outputTokens = tokens(row, 'completion_tokens', at, line)
        const total = countField(row, 'total_tokens', '')
        if (total !== undefined && total !== inputTokens + outputTokens) mismatched++
        if (typeof row.status === 'string' && row.status !== 'success') failed++
        const model =
          typeof row.model === 'string' && row.model.trim()
            ? row.model.trim()
            : typeof row.model_group === 'string' && row.model_group.trim()
              ? row.model_group.trim()
              : undefined
        const started = utcTimestamp(row.startTime)
        const ended = utcTimestamp(row.endTime)
        totals.add(
          { requests: 1, inputTokens, outputTokens, tokens: inputTokens + outputTokens, costUsd },
          model,
          started ? Date.parse(started) : undefined,
          ended ? Date.parse(ended) : undefined
        )
      }
      notes.push(`${rows.length} request${rows.length === 1 ? '' : 's'}; ${SPEND_UNITS}`)
      if (failed) notes.push(`${failed} of the requests did not succeed (status other than "success"); they count as requests`)
      if (mismatched)
        notes.push(
          `${mismatched} rows have a total_tokens other than prompt_tokens + completion_tokens (cached or reasoning tokens counted apart); input and output are read as prompt and completion tokens`
        )
      return {
        ok: true as const,
        evidence: totals.evidence({ format: 'litellm-spend-logs', tool: 'litellm', per: 'request', units: { tokens: 'tokens', cost: 'USD' }, notes })
      }
    })
  }
}

/** One SpendMetrics object (a day's, or a model's within a day) as usage figures. */
function spendMetrics(metrics: unknown, at: string, line: number): { requests: number; inputTokens: number; outputTokens: number; costUsd: number } {
  if (!isRecord(metrics)) throw new FieldProblem(`${at} has metrics ${describeValue(metrics)}, not an object`, line)
  return {
    requests: tokens(metrics, 'api_requests', at, line),
    inputTokens: tokens(metrics, 'prompt_tokens', at, line),
    outputTokens: tokens(metrics, 'completion_tokens', at, line),
    costUsd: dollars(metrics, 'spend', at, line)
  }
}

export const litellmDailyActivityParser: EvidenceParser<UsageEvidence> = {
  format: 'litellm-daily-activity',
  kind: 'usage',
  description: 'LiteLLM proxy daily activity (GET /user/daily/activity): requests, tokens and dollars per day and model',
  detect: ({ head }) => /^\s*\{/.test(head) && /"results"\s*:\s*\[/.test(head) && /"metrics"\s*:\s*\{/.test(head) && /"api_requests"\s*:/.test(head),
  async parse(source) {
    const read = await readJsonDocument(source, 'a LiteLLM daily activity report')
    if (!read.ok) return read
    const file = `"${source.relPath}"`
    return guardFields(() => {
      const report = read.value
      if (!isRecord(report) || !Array.isArray(report.results)) return failure(`${file} has no results list; it is not a LiteLLM daily activity report`, 1)
      const metadata = isRecord(report.metadata) ? report.metadata : {}
      const page = typeof metadata.page === 'number' ? metadata.page : 1
      const pages = typeof metadata.total_pages === 'number' ? metadata.total_pages : 1
      if (metadata.has_more === true || page < pages) {
        return failure(
          `${file} is page ${page} of ${pages} of the daily activity (has_more ${describeValue(metadata.has_more)}): its totals are partial; fetch every page`,
          1
        )
      }
      if (report.results.length === 0) return failure(`${file} has no days in results: no usage is recorded in it`, 1)
      const lines = arrayElementLines(read.text, ['results'])
      const totals = new UsageTotals()
      const byModel = new Map<string, UsageByModel>()
      let modelsCoverDays = true
      for (const [index, day] of report.results.entries()) {
        const line = lines?.[index] ?? 1
        const at = `${file} line ${line}: day ${index + 1}`
        if (!isRecord(day)) throw new FieldProblem(`${at} is ${describeValue(day)}, not an object`, line)
        const date = typeof day.date === 'string' ? isoTimestamp(day.date.slice(0, 10)) : undefined
        if (!date) throw new FieldProblem(`${at} has date ${describeValue(day.date)}, not a date`, line)
        const figures = spendMetrics(day.metrics, at, line)
        const start = Date.parse(`${date}T00:00:00Z`)
        totals.add({ ...figures, tokens: figures.inputTokens + figures.outputTokens }, undefined, start, start + 86_400_000)
        const models = isRecord(day.breakdown) && isRecord(day.breakdown.models) ? day.breakdown.models : {}
        let dayRequests = 0
        for (const [model, entry] of Object.entries(models)) {
          const part = spendMetrics(isRecord(entry) ? entry.metrics : entry, `${at} model ${model}`, line)
          dayRequests += part.requests
          const sum = byModel.get(model) ?? { model, requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }
          byModel.set(model, {
            model,
            requests: sum.requests! + part.requests,
            inputTokens: sum.inputTokens! + part.inputTokens,
            outputTokens: sum.outputTokens! + part.outputTokens,
            costUsd: sum.costUsd! + part.costUsd
          })
        }
        if (dayRequests !== figures.requests) modelsCoverDays = false
      }
      const notes = [`${report.results.length} day${report.results.length === 1 ? '' : 's'}; ${SPEND_UNITS}`]
      const evidence = totals.evidence({ format: 'litellm-daily-activity', tool: 'litellm', per: 'day', units: { tokens: 'tokens', cost: 'USD' }, notes })
      if (byModel.size) {
        evidence.models = [...byModel.keys()]
        if (modelsCoverDays) evidence.byModel = [...byModel.values()].map((entry) => compact({ ...entry, costUsd: roundUsd(entry.costUsd!) }))
        else notes.push("the per-model breakdown does not add up to the days' requests, so the totals are not split by model")
      }
      const stated = typeof metadata.total_api_requests === 'number' ? metadata.total_api_requests : undefined
      if (stated !== undefined && stated !== evidence.requests)
        notes.push(`metadata.total_api_requests says ${stated}; the days add up to ${evidence.requests}, which is used`)
      return { ok: true as const, evidence }
    })
  }
}

export const litellmParsers: EvidenceParser[] = [litellmSpendLogsParser, litellmDailyActivityParser]
