// The drift statistics whose range is known, and the thresholds on them that cannot tell drift from
// none: a p-value alert at 0 or at 1, a statistic bounded by 1 alerting above 1, any of them alerting
// below 0 (which it always is above), and a PSI alert set far past the scale PSI is read on. Drift
// files and Prometheus rules both judge their monitors here. Statistics without a known range
// (Wasserstein, KL, chi-squared, MMD, a model's own drift score) are not judged.
import { snakeWords, word } from './signal-category.js'

/** Which side of the threshold the alert fires on. */
export type AlertSide = 'above' | 'below'

/** Drift statistics that lie between 0 and 1. */
const BOUNDED_BY_ONE = word(
  'js|jensen|jensen_shannon|hellinger|share|fraction|ratio|total_variation|tvd|l_infinity|ks|ks_stat|ks_statistic|kolmogorov|smirnov|drift_share|cramer|cramers_v'
)
/** P-values (drift is a small value: alert when below the threshold). */
const P_VALUE = word('p_?value|pvalue|p')
/** The population stability index. */
const PSI = word('psi|population_stability(?:_index)?')
/**
 * The largest PSI threshold that still watches drift. PSI is 0 when nothing moved, and 0.1–0.25 is
 * read as a moderate shift, above 0.25 as a major one; 1 is already a shift like half the traffic
 * moving from one half of the bins to the other (50/50 → 90/10 gives 0.88). Past 1 an alert stays
 * silent through any shift a team would act on (and binned PSI with the usual 0.0001 floor for empty
 * bins cannot exceed about 18.4 at all).
 */
export const PSI_MAX_THRESHOLD = 1

/**
 * Why an alert on `metric` at `threshold` cannot tell drift from none, when it cannot. `side` is
 * where the alert fires; without it, a p-value alerts below and any other statistic above (as drift
 * tools apply their thresholds). `anyNonNegative`: the metric is declared a drift statistic, so even
 * an unknown one is never below 0 (a drift file's monitors).
 */
export function unreachableDriftThreshold(metric: string, threshold: number, side?: AlertSide, anyNonNegative = false): string | undefined {
  const words = snakeWords(metric)
  if (P_VALUE.test(words)) {
    const below = (side ?? 'below') === 'below'
    if (below && threshold <= 0) return `a p-value lies between 0 and 1 and is never below ${threshold}: it can never fire`
    if (below && threshold >= 1) return `a p-value lies between 0 and 1 and is always below ${threshold}: it always fires`
    if (!below && threshold >= 1) return `a p-value lies between 0 and 1 and is never above ${threshold}: it can never fire`
    if (!below && threshold < 0) return `a p-value lies between 0 and 1 and is always above ${threshold}: it always fires`
    return undefined
  }
  const bounded = BOUNDED_BY_ONE.test(words)
  const psi = PSI.test(words)
  if (!bounded && !psi && !anyNonNegative) return undefined
  const above = (side ?? 'above') === 'above'
  const range = bounded ? 'lies between 0 and 1' : psi ? 'is 0 or more' : 'is a drift statistic, 0 or more'
  if (above && threshold < 0) return `${metric} ${range}, so it is always above ${threshold}: it always fires`
  if (!above && threshold <= 0) return `${metric} ${range}, so it is never below ${threshold}: it can never fire`
  if (bounded && above && threshold >= 1) return `${metric} lies between 0 and 1, so it never crosses ${threshold}: it can never fire`
  if (bounded && !above && threshold > 1) return `${metric} lies between 0 and 1, so it is always below ${threshold}: it always fires`
  if (psi && above && threshold > PSI_MAX_THRESHOLD) {
    return `${metric} is a population stability index: 0 when nothing moved, 0.1 to 0.25 a moderate shift, above 0.25 a major one; alerting only above ${threshold} (past ${PSI_MAX_THRESHOLD}, where PSI alerts are set) it stays silent through any real shift`
  }
  return undefined
}
