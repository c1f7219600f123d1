// Waivers: a named approver accepts a missing requirement until a date. A waiver counts only when the
// requirement exists, the approver is allowed by the trusted policy, it has not expired, it runs no
// longer than the policy allows, and it is verified like a sign-off. Otherwise it fails closed.
import { closest } from '../schema/closest.js'
import { CATALOG, requirementById } from './catalog.js'
import type { Waiver } from '../manifest/types.js'
import type { Location } from '../report/types.js'
import { yamlValue } from '../yaml/located.js'
import { daysBetween, formatDate, parseDay, startOfDay } from './dates.js'
import { isText, locate, type EvalContext } from './context.js'
import { verifyClaim } from './verify.js'

export type WaiverCheck =
  | { requirement: string; valid: true; at: Location; text: string; verification: 'verified' | 'unverified'; expires: string }
  | { requirement: string; valid: false; at: Location; why: string }

const canonical = (waiver: Waiver): string =>
  JSON.stringify([waiver.requirement, waiver.reason, waiver['approved-by'], waiver['approved-on'] ?? null, waiver.expires])

export async function checkWaivers(ctx: EvalContext): Promise<WaiverCheck[]> {
  const waivers = ctx.manifest.data.waivers
  if (!Array.isArray(waivers)) return []
  let trustedWaivers: Promise<Set<string>> | undefined
  const unchanged = (waiver: Waiver) => async (): Promise<boolean> => {
    trustedWaivers ??= (async () => {
      const text = await ctx.trust.readTrusted?.(ctx.manifest.relPath)
      if (!text) return new Set<string>()
      const base = yamlValue(text) as { system?: string; waivers?: Waiver[] } | null | undefined
      // A waiver only carries over within the same system.
      if (!base || base.system !== ctx.manifest.data.system || !Array.isArray(base.waivers)) return new Set<string>()
      return new Set(base.waivers.map(canonical))
    })()
    return (await trustedWaivers).has(canonical(waiver))
  }
  const today = startOfDay(ctx.now)
  const checks: WaiverCheck[] = []
  for (const [index, waiver] of waivers.entries()) {
    const at = locate(ctx, ['waivers', index])
    const requirement = isText(waiver?.requirement) ? waiver.requirement : ''
    const invalid = (why: string, field?: string): WaiverCheck => ({ requirement, valid: false, at: field ? locate(ctx, ['waivers', index, field]) : at, why })
    if (!requirementById(requirement)) {
      const meant = closest(
        requirement,
        CATALOG.map((known) => known.id)
      )
      checks.push(invalid(`"${requirement}" is not a requirement the gate knows${meant ? ` (did you mean \`${meant}\`?)` : ''}`, 'requirement'))
      continue
    }
    const approver = isText(waiver['approved-by']) ? waiver['approved-by'].replace(/^@/, '').toLowerCase() : ''
    const expires = isText(waiver.expires) ? parseDay(waiver.expires) : undefined
    if (!approver || !isText(waiver.reason) || !expires) {
      checks.push(invalid('it needs a reason, approved-by and a valid expires date'))
      continue
    }
    if (!ctx.policy.waivers.approvers.includes(approver)) {
      const allowed = ctx.policy.waivers.approvers.length
        ? `allowed: ${ctx.policy.waivers.approvers.map((a) => `@${a}`).join(', ')}`
        : 'the trusted policy lists no waiver approvers'
      checks.push(invalid(`@${approver} may not approve waivers (${allowed})`, 'approved-by'))
      continue
    }
    // A waiver counts through the whole of its expiry day (UTC).
    if (expires.getTime() < today.getTime()) {
      checks.push(invalid(`it expired on ${waiver.expires}`, 'expires'))
      continue
    }
    const approvedOn = isText(waiver['approved-on']) ? parseDay(waiver['approved-on']) : undefined
    // An approval dated ahead would stretch the waiver past the policy's limit from today.
    if (approvedOn && approvedOn.getTime() > today.getTime()) {
      checks.push(invalid(`it is approved on ${waiver['approved-on']}, in the future`, 'approved-on'))
      continue
    }
    const start = approvedOn ?? today
    const length = daysBetween(start, expires)
    if (length > ctx.policy.waivers.maxDays) {
      checks.push(
        invalid(
          `it runs ${length} days${approvedOn ? ` from ${waiver['approved-on']}` : ' from today'}, over the policy's ${ctx.policy.waivers.maxDays}-day limit`,
          'expires'
        )
      )
      continue
    }
    const verdict = await verifyClaim(ctx.trust, approver, unchanged(waiver))
    if (!verdict.verified && !verdict.offline) {
      checks.push(invalid(verdict.why, 'approved-by'))
      continue
    }
    const verification = verdict.verified ? 'verified' : 'unverified'
    const how = verdict.verified ? verdict.how : verdict.why
    checks.push({
      requirement,
      valid: true,
      at,
      verification,
      expires: formatDate(expires),
      text: `Waived by @${approver} until ${waiver.expires}, ${daysLeft(daysBetween(today, expires))} (${verification}: ${how}): ${waiver.reason}`
    })
  }
  return checks
}

/** How long a waiver still runs, in days: "expires today", "1 day left", "61 days left". */
function daysLeft(days: number): string {
  return days <= 0 ? 'expires today' : `${days} day${days === 1 ? '' : 's'} left`
}
