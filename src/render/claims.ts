// How every format marks an unverified claim: a sign-off or waiver that counts only because the run is
// offline gets "(unverified)"; a failing one says in its message why it does not count, so it gets no mark.
import type { Finding } from '../report/types.js'

export const marksUnverified = (finding: Finding): boolean =>
  finding.status !== 'fail' && finding.verification === 'unverified' && !/unverified/i.test(finding.message)
