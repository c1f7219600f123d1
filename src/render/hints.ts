// A requirement with several problems usually has one fix: it is told once, after the last of them,
// not repeated under each.
import type { Finding } from '../report/types.js'

/** The findings, with a failing finding's hint left out where the next failing finding has the same rule and hint. */
export function hintsOnce(findings: readonly Finding[]): Finding[] {
  const result = [...findings]
  let following: Finding | undefined
  for (let index = result.length - 1; index >= 0; index--) {
    const finding = result[index]!
    if (finding.status !== 'fail') continue
    if (finding.hint && following?.rule === finding.rule && following.hint === finding.hint) {
      const { hint: _told, ...rest } = finding
      result[index] = rest
    }
    following = finding
  }
  return result
}
