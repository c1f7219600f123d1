import { describe, expect, it } from '@jest/globals'
import { CATALOG } from '../../src/evaluate/catalog.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import { loadPolicyFile, parsePolicy } from '../../src/policy/load.js'
import { tempRepo } from '../support/temp-repo.js'

describe('default policy', () => {
  it('requires every catalog requirement at production, cumulatively', () => {
    expect(DEFAULT_POLICY.stages.production.sort()).toEqual(CATALOG.map((r) => r.id).sort())
    expect(DEFAULT_POLICY.stages.pilot).toEqual(['owner.model-operations', 'owner.executive-sponsor', 'success-metric', 'data.sources-mapped', 'cost.projection'])
    for (const id of DEFAULT_POLICY.stages.pilot) expect(DEFAULT_POLICY.stages.staging).toContain(id)
    for (const id of DEFAULT_POLICY.stages.staging) expect(DEFAULT_POLICY.stages.production).toContain(id)
  })
  it('lists no signers: sign-offs fail closed until a policy names them', () => {
    expect(DEFAULT_POLICY.signers).toEqual({})
    expect(DEFAULT_POLICY.waivers.approvers).toEqual([])
  })
})

describe('parsePolicy', () => {
  it('overrides thresholds, signers and stage lists over the defaults', () => {
    const result = parsePolicy(
      ['stages:', '  pilot: [owner.model-operations]', 'thresholds:', '  max-evidence-age-days: 30', 'signers:', '  legal: ["@Erin"]', 'waivers:', '  approvers: ["@frank"]'].join('\n'),
      '.github/readiness-policy.yml'
    )
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(result.policy.stages.pilot).toEqual(['owner.model-operations'])
    expect(result.policy.stages.staging[0]).toBe('owner.model-operations')
    expect(result.policy.stages.staging).toContain('load.production-volume')
    expect(result.policy.stages.staging).not.toContain('owner.executive-sponsor')
    expect(result.policy.thresholds.maxEvidenceAgeDays).toBe(30)
    expect(result.policy.thresholds.rollbackMaxAgeDays).toBe(DEFAULT_POLICY.thresholds.rollbackMaxAgeDays)
    expect(result.policy.signers).toEqual({ legal: ['erin'] })
    expect(result.policy.waivers.approvers).toEqual(['frank'])
  })

  it('rejects an unknown requirement id at its line', () => {
    const result = parsePolicy('stages:\n  production:\n    - signoff.legal\n    - signoff.leagl\n', 'p.yml')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatchObject({ rule: 'policy.invalid', file: 'p.yml', line: 4 })
    expect(result.errors[0]!.message).toMatch(/"signoff.leagl", which is not a requirement/)
  })

  it('rejects wrong types, unknown keys and malformed YAML, never falling back to defaults', () => {
    for (const [text, message] of [
      ['thresholds:\n  max-evidence-age-days: soon\n', /must be an integer/],
      ['threshold:\n  x: 1\n', /is not a known key \(did you mean `thresholds`\?\)/],
      ['signers: [\n', /not valid YAML/],
      ['- a\n', /mapping/],
      ['signers:\n  legal: [erin]\n', /@handle/]
    ] as const) {
      const result = parsePolicy(text, 'p.yml')
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.errors[0]!.message).toMatch(message)
    }
  })
})

describe('loadPolicyFile', () => {
  it('uses the built-in default when the file is absent, and says so', async () => {
    const repo = await tempRepo()
    const result = await loadPolicyFile(repo.root)
    expect(result).toMatchObject({ ok: true, source: 'built-in default policy (no .github/readiness-policy.yml)' })
    await repo.remove()
  })
  it('finds .github/readiness-policy.yaml, and refuses two policy files', async () => {
    const repo = await tempRepo({ '.github/readiness-policy.yaml': 'signers:\n  legal: ["@erin"]\n' })
    const found = await loadPolicyFile(repo.root)
    expect(found).toMatchObject({ ok: true, source: '.github/readiness-policy.yaml' })
    expect(found.ok && found.policy.signers).toEqual({ legal: ['erin'] })
    await repo.write({ '.github/readiness-policy.yml': 'signers:\n  legal: ["@sam"]\n' })
    const both = await loadPolicyFile(repo.root)
    expect(both.ok).toBe(false)
    if (!both.ok) expect(both.errors[0]!.message).toBe('Both .github/readiness-policy.yml and .github/readiness-policy.yaml exist; the gate reads one policy.')
    await repo.remove()
  })
  it.each(['.github/readiness_policy.yml', 'readiness-policy.yml', '.github/workflows/readiness-policy.yaml', '.github/readiness-policy.json', '.github/Readiness-Policies.yml'])(
    'refuses a policy misplaced at %s with a did-you-mean, instead of silently using the defaults',
    async (misplaced) => {
      const repo = await tempRepo({ [misplaced]: 'signers:\n  legal: ["@erin"]\n', '.github/workflows/ci.yml': 'on: push\n' })
      const result = await loadPolicyFile(repo.root)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.errors[0]).toMatchObject({ rule: 'policy.missing', file: misplaced })
        expect(result.errors[0]!.message).toContain(`${misplaced} looks like a policy`)
        expect(result.errors[0]!.hint).toContain('Did you mean .github/readiness-policy.yml?')
      }
      await repo.remove()
    }
  )
  it('reads the file when present', async () => {
    const repo = await tempRepo({ '.github/readiness-policy.yml': 'signers:\n  security: ["@sam"]\n' })
    const result = await loadPolicyFile(repo.root)
    expect(result.ok && result.policy.signers).toEqual({ security: ['sam'] })
    await repo.remove()
  })
})
