// Prints why tests were skipped, once per reason, after jest's summary: a skip is never silent. The
// reason is the part of a skipped test's title after " — skipped: " (see skip.ts); a test skipped
// without one is listed as such, so it can be given one.
const MARK = ' — skipped: '

export default class SkipReporter {
  constructor(globalConfig) {
    // With -t, jest marks every test left out as pending too: only reasoned skips are worth a line then.
    this.filtered = Boolean(globalConfig?.testNamePattern)
  }

  onRunComplete(_contexts, results) {
    const reasons = new Map()
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending') continue
        const at = test.title.indexOf(MARK)
        if (at < 0 && this.filtered) continue
        const reason = at >= 0 ? test.title.slice(at + MARK.length) : `no reason given (${test.fullName})`
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
      }
    }
    for (const [reason, count] of reasons) process.stderr.write(`Skipped ${count} test${count === 1 ? '' : 's'}: ${reason}\n`)
  }
}
