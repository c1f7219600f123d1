// What an alert or monitor watches, read from its expression (and, when the expression says
// nothing, its name). The order of the rules matters and is the documented contract
// (docs/formats/tests-monitoring-evaluation.md): drift, then output quality, latency,
// availability, resource, traffic. An HTTP 5xx or request error rate is availability, never
// output quality: "error" only counts as quality when it qualifies a model output
// (output_errors, prediction_error, invalid_answers...).
import type { SignalCategory } from '../types.js'

/** Matches whole `_`-separated words of a snake_case name (rules are tested against snakeWords output). */
export const word = (alternatives: string): RegExp => new RegExp(`(?:^|_)(?:${alternatives})(?:_|$)`)

const OUTPUT = 'outputs?|predictions?|answers?|completions?|extractions?|generations?|classifications?'
const OUTPUT_FAULT = 'errors?|invalid|incorrect|wrong|failures?|failed|rejected|rejections?|violations?|mismatch(?:es)?'

const RULES: readonly (readonly [SignalCategory, readonly RegExp[]])[] = [
  [
    'drift',
    [
      /drift/,
      word(
        'psi|population_stability|divergence|kullback|leibler|jensen|shannon|kl|js|kolmogorov|smirnov|ks_(?:stat|statistic|test|p_?value)|wasserstein|hellinger|l_infinity|chi2|chi_squared(?:_test)?|reconstruction_error|domain_classifier'
      ),
      word('(?:distribution|data|feature|covariate|concept|prediction|label|embedding|input)s?_(?:shift|distance)')
    ]
  ],
  [
    'quality',
    [
      word('accuracy|acc|precision|recall|f1(?:_score)?|auc|roc_auc|auroc|pr_auc|ndcg|mrr|bleu|rouge\\w*|exact_match|wer|cer|mae|rmse|mape'),
      word('hallucinat\\w*|toxic\\w*|groundedness|faithfulness|correctness|incorrect|misclassif\\w*|mispredict\\w*|quality'),
      word('(?:eval|evaluation|judge|prediction|model)_scores?|confidence|feedback|thumbs_?down|thumbsdown|dislikes?|user_rating|csat'),
      new RegExp(`(?:^|_)(?:${OUTPUT})_(?:[a-z0-9]+_)?(?:${OUTPUT_FAULT})(?:_|$)`),
      new RegExp(`(?:^|_)(?:${OUTPUT_FAULT})_(?:${OUTPUT})(?:_|$)`)
    ]
  ],
  [
    'latency',
    [
      word('latency|latencies|response_time|ttft|time_to_first_token|p50|p90|p95|p99|slow'),
      // A duration histogram's buckets, _sum or bare metric are latency; its _count alone counts requests (traffic).
      /(?:^|_)duration(?:_(?:seconds|milliseconds|ms))?(?:_bucket|_sum)?$/,
      /_(?:seconds|milliseconds|ms)_bucket$/
    ]
  ],
  [
    'availability',
    [
      /^up$/,
      word(
        'probe_success|health|healthy|unhealthy|http_5xx|5xx|errors?|error_rate|failures?|failed|exceptions?|unavailable|availability|down|timeouts?|restarts?|crash\\w*|oom_?killed|absent|absent_over_time'
      )
    ]
  ],
  ['resource', [word('cpu|memory|mem|gpu|disk|filesystem|heap|swap|saturation|utili[sz]ation|util|queue_depth|queue_length|file_descriptors|fds')]],
  ['traffic', [word('requests?|request_count|rps|qps|throughput|traffic|calls|count|predictions_total|inferences?|tokens')]]
]

/** PromQL words that are not metric names. */
const PROMQL_WORDS = new Set(
  (
    'sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio by without on ignoring group_left group_right ' +
    'bool and or unless offset abs absent absent_over_time ceil changes clamp clamp_max clamp_min day_of_month day_of_week day_of_year days_in_month ' +
    'delta deriv exp floor histogram_avg histogram_count histogram_fraction histogram_quantile histogram_stddev histogram_stdvar histogram_sum ' +
    'holt_winters double_exponential_smoothing hour idelta increase irate label_join label_replace ln log2 log10 minute month predict_linear rate ' +
    'resets round scalar sgn sort sort_desc sort_by_label sort_by_label_desc sqrt time timestamp vector year avg_over_time min_over_time ' +
    'max_over_time sum_over_time count_over_time quantile_over_time stddev_over_time stdvar_over_time last_over_time present_over_time mad_over_time ' +
    'acos acosh asin asinh atan atanh cos cosh sin sinh tan tanh deg rad pi inf nan'
  ).split(' ')
)

/**
 * Classifies a PromQL expression (or a plain metric name) and, when that says nothing, the
 * alert or monitor name.
 */
export function classifySignal(expression: string, name?: string): SignalCategory {
  const fromExpression = classifyWords(expressionWords(expression))
  if (fromExpression !== 'other' || !name) return fromExpression
  return classifyWords(snakeWords(name))
}

function classifyWords(text: string): SignalCategory {
  return classifyTokens(text.split(' ')).category
}

/** The category of the first rule any token matches, and the token that matched. */
function classifyTokens(tokens: readonly string[]): { category: SignalCategory; token?: string } {
  const words = tokens.filter((token) => token !== '')
  for (const [category, patterns] of RULES) {
    const token = words.find((candidate) => patterns.some((pattern) => pattern.test(candidate)))
    if (token !== undefined) return { category, token }
  }
  return { category: 'other' }
}

/** How a category reads in messages. */
export const CATEGORY_NAMES: Record<SignalCategory, string> = {
  quality: 'output quality',
  drift: 'drift',
  latency: 'latency',
  availability: 'availability',
  traffic: 'traffic',
  resource: 'resource use',
  other: 'no known signal'
}

/** Alert labels that may name what the alert is about (`category: output-quality`). */
const CATEGORY_LABELS = ['category', 'signal', 'kind', 'type'] as const
const CATEGORY_LABEL_VALUES: Record<string, SignalCategory> = {
  quality: 'quality',
  outputquality: 'quality',
  modelquality: 'quality',
  drift: 'drift',
  datadrift: 'drift',
  latency: 'latency',
  availability: 'availability',
  traffic: 'traffic',
  resource: 'resource',
  saturation: 'resource'
}

/**
 * What an alert watches, with the reason, from (in order) the metrics its expression selects, its
 * label matchers (a 5xx status matcher is availability), its labels (`category: drift`), and only
 * then its name. A label never overrides what the metrics say: `up == 0` labelled quality is not a
 * quality alert.
 */
export function classifyAlert(alert: {
  metrics: readonly string[]
  matchers: readonly { name: string; op: string; value: string }[]
  labels: Readonly<Record<string, unknown>>
  name: string
}): {
  category: SignalCategory
  because: string
} {
  const serverErrors = alert.matchers.find(
    (m) => /^(?:status|code|status_code|response_code|http_status)$/i.test(m.name) && (m.op === '=' || m.op === '=~') && /^5/.test(m.value)
  )
  const tokens = [...(serverErrors ? ['http_5xx'] : []), ...alert.metrics.map(snakeWords)]
  const fromMetrics = classifyTokens(tokens.flatMap((token) => token.split(' ')))
  if (fromMetrics.category !== 'other') {
    if (fromMetrics.token === 'http_5xx')
      return { category: fromMetrics.category, because: `it selects ${serverErrors!.name}${serverErrors!.op}"${serverErrors!.value}" (server errors)` }
    const metric = alert.metrics.find((name) => snakeWords(name) === fromMetrics.token) ?? fromMetrics.token
    return { category: fromMetrics.category, because: `it watches ${metric}` }
  }
  for (const label of CATEGORY_LABELS) {
    const value = alert.labels[label]
    const category = typeof value === 'string' ? CATEGORY_LABEL_VALUES[value.toLowerCase().replace(/[^a-z]/g, '')] : undefined
    if (category) return { category, because: `its label ${label}: ${value as string}` }
  }
  const fromName = classifyTokens([snakeWords(alert.name)])
  if (fromName.category !== 'other') return { category: fromName.category, because: `its name ${alert.name}` }
  return {
    category: 'other',
    because: alert.metrics.length ? `${alert.metrics.join(', ')} ${alert.metrics.length === 1 ? 'is' : 'are'} no known signal` : 'it watches no metric'
  }
}

/**
 * The words of an expression that say what it watches: metric names (snake-cased), `absent`
 * (a missing series is an availability signal), and `http_5xx` when a label matcher selects
 * 5xx status codes. Label names and other PromQL keywords are dropped.
 */
export function expressionWords(expression: string): string {
  const words: string[] = []
  const serverErrors = /\b(?:status|code|status_code|response_code|http_status)\s*(?:=|=~)\s*["'`]5/i.test(expression) || /["'`]5xx["'`]/i.test(expression)
  if (serverErrors) words.push('http_5xx')
  const withoutGrouping = expression
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
  for (const match of withoutGrouping.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const identifier = match[0]
    const lower = identifier.toLowerCase()
    if (lower === 'absent' || lower === 'absent_over_time') words.push(lower)
    else if (!PROMQL_WORDS.has(lower)) words.push(snakeWords(identifier))
  }
  return words.join(' ')
}

/** `HighP95Latency` → `high_p95_latency`; `ml_psi_score` stays; other separators become `_`. */
export function snakeWords(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}
