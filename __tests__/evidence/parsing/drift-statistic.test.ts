import { describe, expect, it } from '@jest/globals'
import { PSI_MAX_THRESHOLD, unreachableDriftThreshold, type AlertSide } from '../../../src/evidence/parsing/drift-statistic.js'

describe('drift thresholds a statistic cannot cross (or always crosses)', () => {
  it.each<[string, number, AlertSide | undefined, unknown]>([
    // Thresholds real configurations use: each can fire on drift, and not without it.
    ['psi', 0.2, undefined, undefined],
    ['ml_psi_score', 0.25, 'above', undefined],
    ['psi', PSI_MAX_THRESHOLD, 'above', undefined],
    ['js_distance', 0.1, 'above', undefined],
    ['js-distance', 0.99, undefined, undefined],
    ['kolmogorov_smirnov', 0.2, undefined, undefined],
    ['ks_p_value', 0.05, undefined, undefined],
    ['drift_pvalue', 0.05, 'below', undefined],
    // Statistics without a known range are not judged, however high the threshold.
    ['wasserstein', 1e9, 'above', undefined],
    ['kl_divergence', 50, 'above', undefined],
    ['embedding_drift_score', -1, 'above', undefined],
    // PSI: never below 0; read on a 0–1 scale where 0.25 is a major shift.
    [
      'psi',
      1e9,
      undefined,
      'psi is a population stability index: 0 when nothing moved, 0.1 to 0.25 a moderate shift, above 0.25 a major one; alerting only above 1000000000 (past 1, where PSI alerts are set) it stays silent through any real shift'
    ],
    ['ml_psi_score', 1.5, 'above', expect.stringMatching(/^ml_psi_score is a population stability index: .* alerting only above 1\.5 \(past 1, /)],
    ['psi', 1e9, 'below', undefined],
    ['psi', -0.1, undefined, 'psi is 0 or more, so it is always above -0.1: it always fires'],
    ['psi', 0, 'below', 'psi is 0 or more, so it is never below 0: it can never fire'],
    // Bounded by 1.
    ['js-distance', 1, undefined, 'js-distance lies between 0 and 1, so it never crosses 1: it can never fire'],
    ['hellinger', 1.5, 'above', 'hellinger lies between 0 and 1, so it never crosses 1.5: it can never fire'],
    ['ks_statistic', 2, 'below', 'ks_statistic lies between 0 and 1, so it is always below 2: it always fires'],
    ['ks_statistic', 1, 'below', undefined],
    ['ks_statistic', 0, 'below', 'ks_statistic lies between 0 and 1, so it is never below 0: it can never fire'],
    ['drift_share', -0.5, 'above', 'drift_share lies between 0 and 1, so it is always above -0.5: it always fires'],
    // P-values: drift is a small value.
    ['ks-p-value', 0, undefined, 'a p-value lies between 0 and 1 and is never below 0: it can never fire'],
    ['ks-p-value', 1, undefined, 'a p-value lies between 0 and 1 and is always below 1: it always fires'],
    ['drift_pvalue', 1, 'above', 'a p-value lies between 0 and 1 and is never above 1: it can never fire'],
    ['drift_pvalue', -1, 'above', 'a p-value lies between 0 and 1 and is always above -1: it always fires'],
    ['drift_pvalue', 0.95, 'above', undefined],
    // At 0 exactly, an alert above fires on any difference: eager, but it tells drift from none.
    ['drift_pvalue', 0, 'above', undefined],
    ['psi', 0, 'above', undefined]
  ])('%s at %s (fires %s): %s', (metric, threshold, side, reason) => {
    expect(unreachableDriftThreshold(metric, threshold, side)).toEqual(reason)
  })

  it('judges an unknown statistic only when it is declared a drift statistic (never below 0)', () => {
    expect(unreachableDriftThreshold('feature_shift', -0.1)).toBeUndefined()
    expect(unreachableDriftThreshold('feature_shift', -0.1, undefined, true)).toBe(
      'feature_shift is a drift statistic, 0 or more, so it is always above -0.1: it always fires'
    )
    expect(unreachableDriftThreshold('feature_shift', 1e9, undefined, true)).toBeUndefined()
  })
})
