// A finding's related place is shown only when it adds something: a finding at the manifest line it
// relates to would read "readiness.yml:108 (see readiness.yml:108)".
import type { Location } from '../report/types.js'

export const samePlace = (a: Location, b: Location): boolean => a.file === b.file && a.line === b.line
