// Exact percentiles over streamed latency samples in bounded memory.
//
// Definition (documented in docs/evidence-formats.md): the p-th percentile is the nearest-rank value,
// the smallest sample v such that at least p% of samples are <= v (rank ceil(p/100 * n), 1-based).
// Samples are counted at 1 µs resolution: integer-millisecond timings (JMeter) and k6's
// microsecond-precision timings are kept exactly. Memory grows with the number of distinct values,
// not with the number of samples; integer milliseconds below ~17 minutes use a dense array.

const DENSE_LIMIT_MS = 1 << 20

export class LatencyHistogram {
  /** Counts of integer-millisecond samples below DENSE_LIMIT_MS, by millisecond. Allocated on first use. */
  private dense: Uint32Array | undefined
  /** Counts of all other samples, keyed by microseconds. */
  private readonly sparse = new Map<number, number>()
  count = 0
  sum = 0
  min = Infinity
  max = -Infinity

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return
    this.count++
    this.sum += ms
    if (ms < this.min) this.min = ms
    if (ms > this.max) this.max = ms
    if (Number.isInteger(ms) && ms < DENSE_LIMIT_MS) {
      this.dense ??= new Uint32Array(DENSE_LIMIT_MS)
      this.dense[ms]!++
      return
    }
    const micros = Math.round(ms * 1000)
    this.sparse.set(micros, (this.sparse.get(micros) ?? 0) + 1)
  }

  /** Nearest-rank percentile in ms, or undefined when there are no samples. */
  percentile(p: number): number | undefined {
    if (this.count === 0) return undefined
    const rank = Math.max(1, Math.ceil((p / 100) * this.count))
    // Merge the dense and sparse counts in value order, both in microseconds.
    const sparseKeys = [...this.sparse.keys()].sort((a, b) => a - b)
    let seen = 0
    let s = 0
    const dense = this.dense
    const denseEnd = dense ? DENSE_LIMIT_MS : 0
    for (let ms = 0; ms <= denseEnd; ms++) {
      const boundary = ms * 1000
      while (s < sparseKeys.length && (sparseKeys[s]! < boundary || ms === denseEnd)) {
        seen += this.sparse.get(sparseKeys[s]!)!
        if (seen >= rank) return sparseKeys[s]! / 1000
        s++
      }
      if (ms < denseEnd && dense![ms]) {
        seen += dense![ms]!
        if (seen >= rank) return ms
      }
    }
    for (; s < sparseKeys.length; s++) {
      seen += this.sparse.get(sparseKeys[s]!)!
      if (seen >= rank) return sparseKeys[s]! / 1000
    }
    return this.max
  }

  /** p50/p90/p95/p99/max in one pass per percentile; undefined fields when empty. */
  summary(): { p50?: number; p90?: number; p95?: number; p99?: number; max?: number } {
    if (this.count === 0) return {}
    return { p50: this.percentile(50), p90: this.percentile(90), p95: this.percentile(95), p99: this.percentile(99), max: this.max }
  }
}
