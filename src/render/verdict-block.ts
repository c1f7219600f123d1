// The check run's machine-readable verdict: a compact, versioned JSON digest of the report hidden in an
// HTML comment at the end of output.text (schemas/verdict.schema.json). The action writes it; the fleet
// view reads it back, so an organization's verdicts never depend on parsing prose meant for people.
// GitHub caps output.text at 65,535 bytes, so the digest degrades in steps: every detail, then systems
// without per-requirement lists, then counts only. Reading is strict: anything but a valid digest of a
// version this code knows is "unreadable", never a pass.
import verdictSchema from '../../schemas/verdict.schema.json' with { type: 'json' }
import type { Report, Stage } from '../report/types.js'
import { compiledValidator } from '../schema/validate.js'
import { utf8Bytes } from './sanitize.js'

export const VERDICT_FORMAT = 'readiness-gate/verdict'
export const VERDICT_VERSION = 1
const OPEN = '<!-- readiness-gate:verdict '
const CLOSE = ' -->'

export type VerdictDetail = 'full' | 'systems' | 'counts'

export interface VerdictSystem {
  name: string
  manifest: string
  stage: Stage | null
  owners?: Record<string, string>
  passed: boolean
  /** [passed, required] */
  score: [number, number]
  failing: string[]
  failingCount: number
  waivers: Array<{ requirement: string; expires: string; verification: 'verified' | 'unverified' }>
  unverified: string[]
  lapsing: Array<{ requirement: string; expires: string }>
}

export interface VerdictDigest {
  format: typeof VERDICT_FORMAT
  version: typeof VERDICT_VERSION
  tool: string
  evaluatedAt: string
  passed: boolean
  detail: VerdictDetail
  totals: { systems: number; ready: number }
  problems: Array<{ rule: string; message: string }>
  systems: VerdictSystem[]
}

/** Run-level messages are cut to this many characters: enough to say why, never the budget. */
const PROBLEM_MAX_CHARS = 300
const PROBLEMS_MAX = 20

export function verdictDigest(report: Report, detail: VerdictDetail = 'full'): VerdictDigest {
  const failingNotices = report.notices.filter((notice) => notice.status === 'fail')
  return {
    format: VERDICT_FORMAT,
    version: VERDICT_VERSION,
    tool: report.tool.version,
    evaluatedAt: report.evaluatedAt,
    passed: report.passed,
    detail,
    totals: { systems: report.systems.length, ready: report.systems.filter((system) => system.passed).length },
    problems: failingNotices
      .slice(0, PROBLEMS_MAX)
      .map((notice) => ({ rule: notice.rule, message: Array.from(notice.message).slice(0, PROBLEM_MAX_CHARS).join('') })),
    systems:
      detail === 'counts'
        ? []
        : report.systems.map((system): VerdictSystem => {
            const failing = unique(system.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.rule))
            const waivers = new Map<string, VerdictSystem['waivers'][number]>()
            const lapsing = new Map<string, string>()
            for (const finding of system.findings) {
              if (finding.status === 'waived' && finding.expires && !waivers.has(finding.rule)) {
                waivers.set(finding.rule, { requirement: finding.rule, expires: finding.expires, verification: finding.verification ?? 'unverified' })
              }
              if (finding.status === 'pass' && finding.expires) {
                const known = lapsing.get(finding.rule)
                if (!known || finding.expires < known) lapsing.set(finding.rule, finding.expires)
              }
            }
            const unverified = unique(
              system.findings.filter((finding) => finding.status !== 'fail' && finding.verification === 'unverified').map((finding) => finding.rule)
            )
            return {
              name: system.name,
              manifest: system.manifest,
              stage: system.stage,
              ...(detail === 'full' && system.owners ? { owners: system.owners } : {}),
              passed: system.passed,
              score: [system.score.passed, system.score.required],
              failing: detail === 'full' ? failing : [],
              failingCount: failing.length,
              waivers: [...waivers.values()],
              unverified: detail === 'full' ? unverified : [],
              lapsing: [...lapsing].map(([requirement, expires]) => ({ requirement, expires }))
            }
          })
  }
}

/** The digest as an HTML comment (invisible where GitHub renders the text), in at most `maxBytes`; '' when not even counts fit. */
export function renderVerdictBlock(report: Report, maxBytes: number): string {
  for (const detail of ['full', 'systems', 'counts'] as const) {
    const block = encodeVerdict(verdictDigest(report, detail))
    if (utf8Bytes(block) <= maxBytes) return block
  }
  return ''
}

export function encodeVerdict(digest: VerdictDigest): string {
  // `<`, `>` and `&` as JSON escapes: the comment can never be closed early, and the JSON means the same.
  const json = JSON.stringify(digest).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `${OPEN}${json}${CLOSE}`
}

export type ReadVerdict = { ok: true; digest: VerdictDigest } | { ok: false; why: string }

/** The digest in a check run's output.text, checked against its schema; why not, in one sentence. */
export function readVerdictBlock(text: string | null | undefined): ReadVerdict {
  const start = text?.lastIndexOf(OPEN) ?? -1
  if (!text || start < 0) {
    return { ok: false, why: 'the check run carries no machine-readable verdict (written by a readiness-gate older than the fleet view, or by another tool)' }
  }
  const end = text.indexOf(CLOSE, start + OPEN.length)
  if (end < 0) return { ok: false, why: 'the machine-readable verdict is cut off' }
  let data: unknown
  try {
    data = JSON.parse(text.slice(start + OPEN.length, end))
  } catch {
    return { ok: false, why: 'the machine-readable verdict is not valid JSON' }
  }
  const head = data as { format?: unknown; version?: unknown } | null
  if (!head || typeof head !== 'object' || head.format !== VERDICT_FORMAT)
    return { ok: false, why: 'the machine-readable verdict is not a readiness-gate verdict' }
  if (head.version !== VERDICT_VERSION) {
    return {
      ok: false,
      why: `the machine-readable verdict has format version ${JSON.stringify(head.version)}; this readiness-gate reads version ${VERDICT_VERSION}`
    }
  }
  const validate = compiledValidator(verdictSchema)
  if (!validate(data)) {
    const first = validate.errors?.[0]
    return { ok: false, why: `the machine-readable verdict is malformed (${first ? `${first.instancePath || '/'} ${first.message}` : 'schema mismatch'})` }
  }
  const digest = data as VerdictDigest
  const contradicts =
    digest.totals.ready > digest.totals.systems ||
    (digest.detail !== 'counts' && digest.systems.length !== digest.totals.systems) ||
    (digest.passed && (digest.totals.ready < digest.totals.systems || digest.problems.length > 0))
  if (contradicts) {
    return { ok: false, why: 'the machine-readable verdict contradicts itself (its totals do not match its systems)' }
  }
  return { ok: true, digest }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
