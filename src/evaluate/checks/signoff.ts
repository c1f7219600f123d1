// A sign-off file by an allowed signer, verified: signoff.legal and signoff.security.
import signoffSchema from '../../../schemas/signoff.schema.json' with { type: 'json' }
import { readTextFile, resolveInRepo } from '../../fs/safe-read.js'
import { validateAgainst } from '../../schema/validate.js'
import { parseYamlDocument } from '../../yaml/located.js'
import { ageInDays, parseDay } from '../dates.js'
import { fail, isText, locate, pass, type EvalContext, type Outcome } from '../context.js'
import type { Evaluator } from '../requirement.js'
import { verifyClaim } from '../verify.js'
import { capitalize } from './wording.js'
import { docUrl } from '../../report/links.js'

const MAX_SIGNOFF_BYTES = 64 * 1024

interface Signoff {
  role: string
  system: string
  'model-version'?: string
  'signed-by': string
  date: string
  scope: string
}

export function signoffRule(role: 'legal' | 'security'): Evaluator {
  const key = `${role}-signoff` as const
  return async (ctx: EvalContext): Promise<Outcome[]> => {
    const entry = ctx.manifest.data.evidence?.[key]
    const entryAt = locate(ctx, ['evidence', key])
    if (!entry || !isText(entry.file)) return [fail(`\`evidence.${key}\` is missing: no ${role} sign-off is linked.`, entryAt)]
    const fileAt = locate(ctx, ['evidence', key, 'file'])
    const resolved = await resolveInRepo(ctx.root, ctx.manifest.dir, entry.file)
    if (!resolved.ok) return [fail(`The ${role} sign-off ${resolved.message}.`, fileAt)]
    const read = await readTextFile(resolved.absPath, resolved.relPath, MAX_SIGNOFF_BYTES)
    if (!read.ok) return [fail(`The ${role} sign-off ${read.message}.`, fileAt)]
    const relPath = resolved.relPath
    const parsed = parseYamlDocument(read.text, `The ${role} sign-off "${relPath}"`)
    const inFile = (line: number): { file: string; line: number } => ({ file: relPath, line })
    if (!parsed.ok) return parsed.problems.map((p) => fail(`${p.message}.`, inFile(p.line), { related: fileAt }))
    const { document } = parsed
    const schemaProblems = validateAgainst(signoffSchema, document.value)
    if (schemaProblems.length) {
      return schemaProblems.map((p) =>
        fail(`The ${role} sign-off "${relPath}": ${p.message}.`, inFile(document.locate(p.path).line), {
          related: fileAt,
          hint: p.fix ?? `The sign-off file's format: ${docUrl('signoffs.md#sign-off-files')}`
        })
      )
    }
    const signoff = document.value as Signoff
    const line = (field: string): { file: string; line: number } => inFile(document.locate([field]).line)
    const signer = signoff['signed-by'].replace(/^@/, '').toLowerCase()
    if (signoff.role.toLowerCase() !== role) return [fail(`"${relPath}" is a ${signoff.role} sign-off, not a ${role} one.`, line('role'), { related: fileAt })]
    if (signoff.system !== ctx.manifest.data.system) {
      const manifestSystem = isText(ctx.manifest.data.system) ? `not "${ctx.manifest.data.system}"` : 'but the manifest names no system'
      return [fail(`"${relPath}" signs off system "${signoff.system}", ${manifestSystem}.`, line('system'), { related: fileAt })]
    }
    const declared = ctx.manifest.data.model?.version
    if (isText(declared) && signoff['model-version'] !== undefined && signoff['model-version'] !== declared) {
      return [
        fail(`The ${role} sign-off reviewed model version ${signoff['model-version']}, but the manifest claims ${declared}.`, line('model-version'), {
          related: locate(ctx, ['model', 'version']),
          hint: 'Have the signer review this model version.'
        })
      ]
    }
    const signed = parseDay(signoff.date)!
    const age = ageInDays(signed, ctx.now)
    if (age < -1) return [fail(`The ${role} sign-off is dated ${signoff.date}, in the future.`, line('date'), { related: fileAt })]
    if (age > ctx.policy.thresholds.maxEvidenceAgeDays) {
      return [
        fail(`The ${role} sign-off is ${Math.floor(age)} days old, over the policy's ${ctx.policy.thresholds.maxEvidenceAgeDays}-day limit.`, line('date'), {
          related: fileAt
        })
      ]
    }
    const allowed = ctx.policy.signers[role] ?? []
    if (!allowed.includes(signer)) {
      const who = allowed.length ? `allowed: ${allowed.map((s) => `@${s}`).join(', ')}` : `the trusted policy lists no ${role} signers`
      return [
        fail(`@${signer} is not an allowed ${role} signer (${who}).`, line('signed-by'), {
          related: fileAt,
          hint: `Add the signer under signers.${role} in the policy on the base branch, or have an allowed signer sign.`
        })
      ]
    }
    const verdict = await verifyClaim(ctx.trust, signer, async () => (await ctx.trust.readTrusted?.(relPath)) === read.text)
    if (verdict.verified)
      return [pass(`${capitalize(role)} sign-off by @${signer} on ${signoff.date} (verified: ${verdict.how}).`, fileAt, { verification: 'verified' })]
    if (verdict.offline)
      return [pass(`${capitalize(role)} sign-off by @${signer} on ${signoff.date} (unverified: ${verdict.why}).`, fileAt, { verification: 'unverified' })]
    return [
      fail(`${capitalize(role)} sign-off by @${signer} does not count: ${verdict.why}.`, line('signed-by'), {
        related: fileAt,
        verification: 'unverified',
        hint: `Ask @${signer} to approve the pull request at its latest commit.`
      })
    ]
  }
}
