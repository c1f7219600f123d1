// OpenAI organization usage and cost exports → usage evidence: the JSON the Usage API
// (`GET /v1/organization/usage/completions`) and the Costs API (`GET /v1/organization/costs`) return.
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md; field names from OpenAI's API
// reference and the openai-cookbook "completions_usage_api" notebook's printed response):
// - A response is a page `{object: "page", data: [bucket...], has_more, next_page}`; a script that
//   follows `next_page` and keeps the buckets writes the bare list. A page with `has_more: true` is
//   part of the export only, and fails.
// - A bucket `{object: "bucket", start_time, end_time, results: [...]}` covers 1m, 1h or 1d
//   (`bucket_width`; epoch seconds). Its results are totals for the bucket, per model only when the
//   export was grouped by model (`model` is null otherwise).
// - Units: a result's `object` says what it counts. `organization.usage.completions.result` counts
//   single tokens (`input_tokens` includes the cached ones) and model requests;
//   `organization.costs.result` carries `amount: {value, currency}`: only "usd" is read. A result
//   without its object type, or an amount without its currency, has no established unit and fails.
import type { EvidenceParser, EvidenceSource, ParseResult, UsageEvidence } from '../types.js'
import { readJsonDocument, type JsonRecord } from '../parsing/load-common.js'
import { arrayElementLines, countField, isRecord } from '../parsing/llm-common.js'
import { describeValue, failure, FieldProblem, guardFields } from '../parsing/failure.js'
import { UsageTotals } from '../parsing/usage-totals.js'

const COMPLETIONS = 'organization.usage.completions.result'
const COSTS = 'organization.costs.result'

const WIDTHS: Record<number, UsageEvidence['per']> = { 60: 'minute', 3600: 'hour', 86400: 'day' }

interface Bucket {
  record: JsonRecord
  line: number
  from: number
  to: number
}

/** The buckets of a page or of a list of buckets, each with its line; a page that says more follow fails. */
function bucketsOf(value: unknown, text: string, file: string): Bucket[] {
  let list: unknown[]
  let lines: number[] | undefined
  if (Array.isArray(value)) {
    list = value
    lines = arrayElementLines(text, [])
  } else if (isRecord(value) && value.object === 'page' && Array.isArray(value.data)) {
    if (value.has_more === true) {
      throw new FieldProblem(
        `${file} is one page of an export with more pages (has_more is true, next_page ${describeValue(value.next_page)}): fetch every page and link all their buckets, or its totals are partial`,
        1
      )
    }
    list = value.data
    lines = arrayElementLines(text, ['data'])
  } else {
    throw new FieldProblem(`${file} is neither an OpenAI usage page ({"object": "page", "data": [...]}) nor a list of its buckets`, 1)
  }
  if (list.length === 0) throw new FieldProblem(`${file} has no buckets: no usage is recorded in it`, 1)
  return list.map((bucket, index) => {
    const line = lines?.[index] ?? 1
    if (!isRecord(bucket) || bucket.object !== 'bucket' || !Array.isArray(bucket.results)) {
      throw new FieldProblem(
        `${file} line ${line}: bucket ${index + 1} is not a bucket ({"object": "bucket", "start_time", "end_time", "results": [...]})`,
        line
      )
    }
    const from = countField(bucket, 'start_time', `bucket ${index + 1}`)
    const to = countField(bucket, 'end_time', `bucket ${index + 1}`)
    if (from === undefined || to === undefined || to <= from) {
      throw new FieldProblem(
        `${file} line ${line}: bucket ${index + 1} has start_time ${describeValue(bucket.start_time)} and end_time ${describeValue(bucket.end_time)}, not a time span in epoch seconds`,
        line
      )
    }
    return { record: bucket, line, from, to }
  })
}

/**
 * The bucket width (the API's bucket_width: 1m, 1h or 1d): the narrowest that holds the widest bucket,
 * since the first and last buckets are cut by the query's start and end. It only says what a record
 * covers: the totals are sums whatever the width.
 */
function widthOf(buckets: Bucket[], file: string): UsageEvidence['per'] {
  const widest = Math.max(...buckets.map((bucket) => bucket.to - bucket.from))
  const width = [60, 3600, 86400].find((seconds) => widest <= seconds)
  if (width === undefined)
    throw new FieldProblem(
      `${file}: a bucket is ${widest} seconds wide, wider than the Usage API's widest (1d), so what a bucket counts is not established`,
      buckets[0]!.line
    )
  return WIDTHS[width]!
}

/** Every result of every bucket, each checked to be of `object` type `want` (its unit). */
function* resultsOf(buckets: Bucket[], want: string, file: string): Generator<{ result: JsonRecord; bucket: Bucket; at: string }> {
  for (const bucket of buckets) {
    const results = bucket.record.results as unknown[]
    for (const [index, result] of results.entries()) {
      const at = `${file} line ${bucket.line}: result ${index + 1} of the bucket starting ${new Date(bucket.from * 1000).toISOString()}`
      if (!isRecord(result)) throw new FieldProblem(`${at} is ${describeValue(result)}, not an object`, bucket.line)
      if (result.object !== want) {
        const what = typeof result.object === 'string' ? `is "${result.object}"` : 'has no object type'
        throw new FieldProblem(`${at} ${what}, not "${want}", so what its numbers count is not established`, bucket.line)
      }
      yield { result, bucket, at }
    }
  }
}

const PAGE_HEAD = /"object"\s*:\s*"(?:page|bucket)"/

/** Reads the export's buckets and width, then `body`; a field problem anywhere fails at its line. */
async function withBuckets(
  source: EvidenceSource,
  what: string,
  body: (buckets: Bucket[], per: UsageEvidence['per'], file: string, paged: boolean) => ParseResult<UsageEvidence>
): Promise<ParseResult<UsageEvidence>> {
  const read = await readJsonDocument(source, what)
  if (!read.ok) return read
  const file = `"${source.relPath}"`
  return guardFields(() => {
    const buckets = bucketsOf(read.value, read.text, file)
    return body(buckets, widthOf(buckets, file), file, !Array.isArray(read.value))
  })
}

const bucketCount = (buckets: Bucket[], per: UsageEvidence['per']): string => `${buckets.length} bucket${buckets.length === 1 ? '' : 's'} of 1 ${per}`

export const openaiUsageParser: EvidenceParser<UsageEvidence> = {
  format: 'openai-usage',
  kind: 'usage',
  description: 'OpenAI Usage API export (GET /v1/organization/usage/completions): requests and tokens per time bucket',
  detect: ({ head }) => PAGE_HEAD.test(head) && /"object"\s*:\s*"organization\.usage\./.test(head),
  parse(source) {
    return withBuckets(source, 'an OpenAI usage export', (buckets, per, file, paged) => {
      const totals = new UsageTotals()
      let cached = 0
      for (const { result, bucket, at } of resultsOf(buckets, COMPLETIONS, file)) {
        const count = (key: string): number => {
          const value = countField(result, key, '')
          if (value === undefined) throw new FieldProblem(`${at} has no ${key}`, bucket.line)
          return value
        }
        const inputTokens = count('input_tokens')
        const outputTokens = count('output_tokens')
        const requests = count('num_model_requests')
        const cachedInputTokens = countField(result, 'input_cached_tokens', '')
        if (cachedInputTokens !== undefined && cachedInputTokens > inputTokens)
          throw new FieldProblem(
            `${at} has input_cached_tokens ${cachedInputTokens}, more than its input_tokens ${inputTokens}, which include them`,
            bucket.line
          )
        cached += cachedInputTokens ?? 0
        if (result.model !== null && result.model !== undefined && typeof result.model !== 'string')
          throw new FieldProblem(`${at} has model ${describeValue(result.model)}, not a model name`, bucket.line)
        totals.add(
          { requests, inputTokens, ...(cachedInputTokens !== undefined ? { cachedInputTokens } : {}), outputTokens, tokens: inputTokens + outputTokens },
          result.model || undefined,
          bucket.from * 1000,
          bucket.to * 1000
        )
      }
      const notes = [`${bucketCount(buckets, per)}; token counts are single tokens, as the Usage API counts them`]
      if (paged) notes.push('one page with no more to follow (has_more false)')
      else notes.push('a list of buckets without the page around it: that it holds every page is as complete as the script that wrote it')
      if (cached > 0)
        notes.push(
          `${cached} of the input tokens were cached (input_tokens includes them): priced at the policy's cached-input rate where it has one, else as full input tokens`
        )
      const evidence = totals.evidence({ format: 'openai-usage', tool: 'openai', per, units: { tokens: 'tokens' }, notes })
      if (!evidence.requests)
        return failure(
          `${file} records ${evidence.requests === 0 ? 'zero' : 'no'} model requests in its ${buckets.length} buckets: no usage to measure a cost per request from`,
          buckets[0]!.line
        )
      if (!evidence.models) evidence.notes!.push('the export is not grouped by model (model is null): group it by model (group_by=model) to price its tokens')
      return { ok: true, evidence }
    })
  }
}

export const openaiCostsParser: EvidenceParser<UsageEvidence> = {
  format: 'openai-costs',
  kind: 'usage',
  description: 'OpenAI Costs API export (GET /v1/organization/costs): dollars per daily bucket, no request counts',
  detect: ({ head }) => PAGE_HEAD.test(head) && /"object"\s*:\s*"organization\.costs\.result"/.test(head),
  parse(source) {
    return withBuckets(source, 'an OpenAI costs export', (buckets, per, file) => {
      const totals = new UsageTotals()
      const lineItems = new Set<string>()
      for (const { result, bucket, at } of resultsOf(buckets, COSTS, file)) {
        const amount = result.amount
        if (!isRecord(amount)) throw new FieldProblem(`${at} has amount ${describeValue(amount)}, not {value, currency}`, bucket.line)
        if (typeof amount.currency !== 'string') throw new FieldProblem(`${at} has an amount without its currency, so its unit is not established`, bucket.line)
        if (amount.currency.toLowerCase() !== 'usd')
          throw new FieldProblem(`${at} is in ${describeValue(amount.currency)}; the gate reads US dollars ("usd") and converts no currency`, bucket.line)
        // The API reference types value as a number; a decimal string is read as the same amount.
        const value = typeof amount.value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(amount.value) ? Number(amount.value) : amount.value
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
          throw new FieldProblem(`${at} has amount.value ${describeValue(amount.value)}, not an amount of dollars`, bucket.line)
        if (typeof result.line_item === 'string') lineItems.add(result.line_item)
        totals.add({ costUsd: value }, undefined, bucket.from * 1000, bucket.to * 1000)
      }
      const notes = [
        `${bucketCount(buckets, per)}; amounts in US dollars (currency "usd")`,
        'the Costs API counts no requests or tokens: link the usage export (GET /v1/organization/usage/completions) to measure a cost per request'
      ]
      if (lineItems.size) notes.push(`line items: ${[...lineItems].slice(0, 10).join(', ')}${lineItems.size > 10 ? ', ...' : ''}`)
      const evidence = totals.evidence({ format: 'openai-costs', tool: 'openai', per, units: { cost: 'USD' }, notes })
      return { ok: true, evidence }
    })
  }
}

export const openaiUsageParsers: EvidenceParser[] = [openaiUsageParser, openaiCostsParser]
