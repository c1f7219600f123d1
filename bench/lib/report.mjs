// One printed line per figure (the figure, its baseline measured in the same run, the ratio, the goal)
// and the same as JSON for bench/results.json.

export class Results {
  constructor() {
    this.figures = []
  }

  /**
   * Records and prints one figure. `value`/`baseline.value` in `unit`; `ratio` is value ÷ baseline unless
   * given; `goal` says what should hold and `met` whether it did (undefined: no goal for this line).
   */
  add({ id, label, value, unit, shown, baseline, ratio, ratioShown, goal, met, detail }) {
    const computed = ratio ?? (baseline && baseline.value ? value / baseline.value : undefined)
    const entry = {
      id,
      label,
      value,
      unit,
      ...(baseline ? { baseline } : {}),
      ...(computed !== undefined ? { ratio: Number(computed.toPrecision(3)) } : {}),
      ...(goal ? { goal, met } : {}),
      ...(detail ? { detail } : {})
    }
    this.figures.push(entry)
    const parts = [`${label}: ${shown ?? `${value} ${unit}`}`]
    if (baseline) parts.push(`baseline ${baseline.label}: ${baseline.shown ?? `${baseline.value} ${baseline.unit ?? unit}`}`)
    if (computed !== undefined) parts.push(ratioShown ?? `ratio ×${formatRatio(computed)}`)
    if (goal) parts.push(`${met ? 'ok' : 'MISSED'}: ${goal}`)
    console.log(`  ${parts.join('  |  ')}`)
    if (detail) console.log(`      ${detail}`)
    return entry
  }

  /** A figure that could not be measured in this run, and why. */
  skip({ id, label, why }) {
    this.figures.push({ id, label, skipped: why })
    console.log(`  ${label}: skipped (${why})`)
  }
}

export function formatRatio(ratio) {
  if (ratio >= 100) return ratio.toFixed(0)
  if (ratio >= 10) return ratio.toFixed(1)
  return ratio.toFixed(2)
}

export function heading(text) {
  console.log(`\n${text}`)
}
