import { describe, expect, it } from '@jest/globals'
import { CATALOG } from '../../src/evaluate/catalog.js'
import { DEFAULT_POLICY } from '../../src/policy/default.js'
import { DEFAULT_POLICY_PATH, loadPolicyAt, loadPolicyFile, misplacedPolicy, parsePolicy, thresholdName, type PolicySource } from '../../src/policy/load.js'
import { tempRepo } from '../support/temp-repo.js'
import { docUrl } from '../../src/report/links.js'

describe('default policy', () => {
  it('requires every catalog requirement at production, cumulatively', () => {
    expect([...DEFAULT_POLICY.stages.production].sort()).toEqual(CATALOG.map((r) => r.id).sort())
    expect(DEFAULT_POLICY.stages.pilot).toEqual([
      'owner.model-operations',
      'owner.executive-sponsor',
      'success-metric',
      'data.sources-mapped',
      'cost.projection'
    ])
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
      [
        'stages:',
        '  pilot: [owner.model-operations]',
        'thresholds:',
        '  max-evidence-age-days: 30',
        'signers:',
        '  legal: ["@Erin"]',
        'waivers:',
        '  approvers: ["@frank"]'
      ].join('\n'),
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

  it('reads every evidence-substance threshold from the policy, each with its documented default', () => {
    expect(DEFAULT_POLICY.thresholds).toMatchObject({ minLoadTestMinutes: 10, minEvaluationSamples: 200, minFairnessGroupSamples: 100, minRunbookSteps: 3 })
    const text = [
      'thresholds:',
      '  min-load-test-minutes: 30',
      '  min-evaluation-samples: 1000',
      '  min-fairness-group-samples: 50',
      '  min-runbook-steps: 5'
    ].join('\n')
    const result = parsePolicy(text, 'p.yml')
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(result.policy.thresholds).toMatchObject({ minLoadTestMinutes: 30, minEvaluationSamples: 1000, minFairnessGroupSamples: 50, minRunbookSteps: 5 })
    for (const bad of ['min-load-test-minutes: 0', 'min-evaluation-samples: 0.5', 'min-fairness-group-samples: 0', 'min-runbook-steps: -1']) {
      expect(parsePolicy(`thresholds:\n  ${bad}\n`, 'p.yml').ok).toBe(false)
    }
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
  it.each([
    '.github/readiness_policy.yml',
    'readiness-policy.yml',
    '.github/workflows/readiness-policy.yaml',
    '.github/readiness-policy.json',
    '.github/Readiness-Policies.yml'
  ])('refuses a policy misplaced at %s with a did-you-mean, instead of silently using the defaults', async (misplaced) => {
    const repo = await tempRepo({ [misplaced]: 'signers:\n  legal: ["@erin"]\n', '.github/workflows/ci.yml': 'on: push\n' })
    const result = await loadPolicyFile(repo.root)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.errors[0]).toMatchObject({ rule: 'policy.missing', file: misplaced })
      expect(result.errors[0]!.message).toContain(`${misplaced} looks like a policy`)
      expect(result.errors[0]!.hint).toContain('Did you mean .github/readiness-policy.yml?')
    }
    await repo.remove()
  })
  it.each(['.github/readiness-policy.yml', '.github/readiness-policy.yaml'])(
    'refuses a folder at %s, instead of silently using the defaults',
    async (folder) => {
      const repo = await tempRepo({ [`${folder}/signers.yml`]: 'signers:\n  legal: ["@erin"]\n' })
      const result = await loadPolicyFile(repo.root)
      expect(result).toMatchObject({
        ok: false,
        errors: [
          {
            rule: 'policy.invalid',
            file: folder,
            line: 1,
            message: `${folder} is a folder, not a policy file, so the gate cannot tell which policy was meant.`
          }
        ]
      })
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

describe('the trusted policy’s figures', () => {
  const parsed = (text: string) => {
    const result = parsePolicy(text, 'p.yml')
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    return result
  }

  it('takes every threshold, waiver rule and limit the file sets, and the default for each it leaves out', () => {
    const set = parsed(
      'thresholds:\n  max-evidence-age-days: 30\n  rollback-max-age-days: 45\n  max-fairness-disparity: 0.02\n  min-cost-headroom: 2\n  min-load-test-minutes: 20\n  min-evaluation-samples: 500\n  max-missing-share: 0.1\n  min-fairness-group-samples: 150\n  min-runbook-steps: 4\nwaivers:\n  max-days: 14\n  approvers: ["@Frank", "@grace"]\nlimits:\n  max-manifest-kb: 64\n  max-evidence-mb: 10\n'
    ).policy
    expect(set.thresholds).toEqual({
      maxEvidenceAgeDays: 30,
      rollbackMaxAgeDays: 45,
      maxFairnessDisparity: 0.02,
      minCostHeadroom: 2,
      minLoadTestMinutes: 20,
      minEvaluationSamples: 500,
      maxMissingShare: 0.1,
      minFairnessGroupSamples: 150,
      minRunbookSteps: 4
    })
    expect(set.waivers).toEqual({ maxDays: 14, approvers: ['frank', 'grace'] })
    expect(set.limits).toEqual({ maxManifestBytes: 64 * 1024, maxEvidenceBytes: 10 * 1024 ** 2 })
    const unset = parsed('signers:\n  legal: ["@erin"]\n').policy
    expect(unset.thresholds).toEqual(DEFAULT_POLICY.thresholds)
    expect(unset.waivers).toEqual({ maxDays: DEFAULT_POLICY.waivers.maxDays, approvers: [] })
    expect(unset.limits).toEqual(DEFAULT_POLICY.limits)
    expect(unset.stages).toEqual(DEFAULT_POLICY.stages)
  })

  it('names its source, and takes an empty file as the defaults', () => {
    expect(parsePolicy('', 'p.yml', 'p.yml@base abc1234')).toMatchObject({
      ok: true,
      source: 'p.yml@base abc1234',
      policy: { signers: {}, waivers: { approvers: [] } }
    })
    expect(parsed('thresholds: {}\n').source).toBe('p.yml')
  })

  it('reports each invalid entry at its line and column', () => {
    const result = parsePolicy('waivers:\n  max-days: -3\nstages:\n  pilot: [owner.model-operations, nope]\n', 'p.yml')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => [e.line, e.rule, e.file])).toEqual([
      [2, 'policy.invalid', 'p.yml'],
      [4, 'policy.invalid', 'p.yml']
    ])
    expect(result.errors[1]).toMatchObject({
      column: 35,
      hint: `Fix the policy (every key: ${docUrl('policy.md')}). The gate does not fall back to the default policy.`
    })
  })

  it('refuses a named policy path that cannot be read, instead of using the defaults', async () => {
    const repo = await tempRepo({ '.github/readiness-policy.yml/inside': 'a folder where the file should be\n' })
    const result = await loadPolicyFile(repo.root, '.github/readiness-policy.yml')
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          rule: 'policy.invalid',
          status: 'fail',
          file: '.github/readiness-policy.yml',
          line: 1,
          message: expect.stringMatching(/^The policy cannot be read: /)
        }
      ]
    })
    await repo.remove()
  })
})

describe('the policy’s adversarial, cost and pull-request settings', () => {
  const parsed = (text: string) => {
    const result = parsePolicy(text, 'p.yml')
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    return result.policy
  }

  it('takes each setting the file makes, over the defaults', () => {
    const policy = parsed(
      [
        'adversarial:',
        '  max-attack-success-rate: 0.01',
        '  required-categories: [jailbreak, toxicity]',
        '  categories:',
        '    toxicity: ["harmful:*"]',
        'cost:',
        '  measured-from: production',
        '  prices:',
        '    gpt-x:',
        '      input-usd-per-1m-tokens: 2.5',
        '      output-usd-per-1m-tokens: 10',
        'pull-requests:',
        '  block-on: changes',
        '  lowering-stage-needs-approval: true'
      ].join('\n')
    )
    expect(policy.adversarial).toEqual({
      maxAttackSuccessRate: 0.01,
      requiredCategories: ['jailbreak', 'toxicity'],
      // A category the file adds joins the built-in ones; it does not replace them.
      categories: { ...DEFAULT_POLICY.adversarial.categories, toxicity: ['harmful:*'] }
    })
    expect(policy.cost).toEqual({ measuredFrom: 'production', prices: { 'gpt-x': { inputUsdPer1M: 2.5, outputUsdPer1M: 10 } } })
    // A cached-input price is kept only when the file gives one (absent, cached tokens are priced as full input).
    const cached = parsed(
      [
        'cost:',
        '  prices:',
        '    gpt-x:',
        '      input-usd-per-1m-tokens: 2.5',
        '      output-usd-per-1m-tokens: 10',
        '      cached-input-usd-per-1m-tokens: 1.25'
      ].join('\n')
    )
    expect(cached.cost.prices).toEqual({ 'gpt-x': { inputUsdPer1M: 2.5, outputUsdPer1M: 10, cachedInputUsdPer1M: 1.25 } })
    expect(Object.keys(policy.cost.prices['gpt-x']!)).toEqual(['inputUsdPer1M', 'outputUsdPer1M'])
    expect(policy.pullRequests).toEqual({ blockOn: 'changes', loweringStageNeedsApproval: true })
  })

  it('keeps the default of each one the file leaves out', () => {
    const policy = parsed('signers:\n  legal: ["@erin"]\n')
    expect(policy.adversarial).toEqual(DEFAULT_POLICY.adversarial)
    expect(policy.cost).toEqual(DEFAULT_POLICY.cost)
    expect(policy.pullRequests).toEqual(DEFAULT_POLICY.pullRequests)
  })

  it('refuses a required category that no category defines, at its line', () => {
    const result = parsePolicy('adversarial:\n  required-categories:\n    - jailbreak\n    - toxicity\n', 'p.yml')
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          rule: 'policy.invalid',
          line: 4,
          message: '`adversarial.required-categories` names "toxicity", which no category defines; add it under `adversarial.categories`.'
        })
      ]
    })
  })

  it('refuses an attack success rate of 0, which no scan can show at 95% confidence, at its line', () => {
    const result = parsePolicy('adversarial:\n  max-attack-success-rate: 0\n', 'p.yml')
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ rule: 'policy.invalid', line: 2, message: expect.stringMatching(/max-attack-success-rate.*> 0/) })]
    })
    expect(parsed('adversarial:\n  max-attack-success-rate: 0.001\n').adversarial.maxAttackSuccessRate).toBe(0.001)
  })

  it('reads the fairness threshold as a fraction or a percentage, and refuses 5 meant as 5%', () => {
    expect(parsed('thresholds:\n  max-fairness-disparity: "5%"\n').thresholds.maxFairnessDisparity).toBe(0.05)
    const result = parsePolicy('thresholds:\n  max-fairness-disparity: 5\n', 'p.yml')
    // One problem, in the fraction's own words: the schema's error about the same value is dropped.
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ line: 2, message: expect.stringMatching(/^`thresholds.max-fairness-disparity` is 5, which as a fraction means 500%/) })
      ]
    })
  })
})

describe('max-missing-share', () => {
  const parsed = (text: string) => {
    const result = parsePolicy(text, 'p.yml')
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    return result.policy
  }

  it('defaults to 5%, and takes any share from 0 (no case may lack a value) to 1 (off)', () => {
    expect(DEFAULT_POLICY.thresholds.maxMissingShare).toBe(0.05)
    expect(parsed('signers: {}\n').thresholds.maxMissingShare).toBe(0.05)
    for (const share of [0, 0.02, 1]) expect(parsed(`thresholds:\n  max-missing-share: ${share}\n`).thresholds.maxMissingShare).toBe(share)
    expect(thresholdName('maxMissingShare')).toBe('max-missing-share')
  })

  it('refuses a share outside [0, 1], or not a number, at its line', () => {
    for (const bad of ['-0.01', '1.01', '5', '"5%"', 'yes']) {
      const result = parsePolicy(`thresholds:\n  max-missing-share: ${bad}\n`, 'p.yml')
      expect([bad, result.ok]).toEqual([bad, false])
      if (!result.ok)
        expect(result.errors).toEqual([expect.objectContaining({ rule: 'policy.invalid', line: 2, message: expect.stringMatching(/max-missing-share/) })])
    }
  })
})

describe('thresholdName', () => {
  it('gives the policy file’s name of each threshold, as explain and messages print it', () => {
    expect(thresholdName('minRunbookSteps')).toBe('min-runbook-steps')
    expect(thresholdName('maxEvidenceAgeDays')).toBe('max-evidence-age-days')
    expect(thresholdName('minFairnessGroupSamples')).toBe('min-fairness-group-samples')
  })
})

describe('policy problems', () => {
  it('refuses a policy that is not a mapping: a list or a single value, once, at line 1', () => {
    for (const text of ['- a\n', '42\n', 'just text\n']) {
      expect(parsePolicy(text, 'p.yml')).toEqual({
        ok: false,
        errors: [expect.objectContaining({ rule: 'policy.invalid', line: 1, message: 'The policy must be a mapping of keys.' })]
      })
    }
  })

  it('lists schema problems in file order, each a whole sentence', () => {
    const result = parsePolicy('waivers:\n  max-days: -3\nthresholds:\n  max-evidence-age-days: soon\n', 'p.yml')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => e.line)).toEqual([2, 4])
    for (const error of result.errors) expect(error.message).toMatch(/^[A-Z`][^]*\.$/)
    expect(result.errors[1]!.message).toBe('`thresholds.max-evidence-age-days` must be an integer, not "soon".')
  })

  it('reports a stage or category entry that is not text once, as the schema says it', () => {
    for (const text of ['stages:\n  pilot: [3]\n', 'adversarial:\n  required-categories: [3]\n']) {
      const result = parsePolicy(text, 'p.yml')
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.errors).toHaveLength(1)
    }
  })
})

describe('misplacedPolicy', () => {
  it('names a file that looks like the policy beside where the gate reads it', () => {
    for (const file of ['.github/readinesspolicy.yml', '.github/readiness_policies.yaml', 'readiness-policy.json', '.github/workflows/.readiness-policy.yml']) {
      expect(misplacedPolicy(['README.md', file])).toBe(file)
    }
  })

  it('ignores the policy itself, files elsewhere, names without a YAML or JSON extension, and other names', () => {
    for (const file of [
      '.github/readiness-policy.yml',
      '.github/readiness-policy.yaml',
      'docs/readiness-policy.yml',
      '.github/readiness-policy',
      '.github/readiness.json-policy',
      '.github/my-readiness-policy.yml',
      '.github/readiness-policy-old.yml'
    ]) {
      expect(misplacedPolicy([file])).toBeUndefined()
    }
  })
})

describe('loadPolicyAt: the policy at the trusted ref', () => {
  const at = (files: Record<string, string>, listed: string[] = Object.keys(files)): PolicySource => ({
    label: 'base abc1234',
    read: (relPath) => Promise.resolve(files[relPath] ?? null),
    list: () => Promise.resolve(listed)
  })

  it('uses the built-in default when the trusted ref has no policy, and says where it looked', async () => {
    expect(await loadPolicyAt(at({ 'README.md': 'hi\n' }), DEFAULT_POLICY_PATH)).toEqual({
      ok: true,
      policy: DEFAULT_POLICY,
      source: 'built-in default policy (no .github/readiness-policy.yml at base abc1234)',
      path: DEFAULT_POLICY_PATH,
      text: null
    })
  })

  it('reads .github/readiness-policy.yaml when that is the one there', async () => {
    const text = 'signers:\n  legal: ["@erin"]\n'
    const result = await loadPolicyAt(at({ '.github/readiness-policy.yaml': text }), DEFAULT_POLICY_PATH)
    expect(result).toMatchObject({
      ok: true,
      source: '.github/readiness-policy.yaml@base abc1234',
      path: '.github/readiness-policy.yaml',
      text,
      policy: { signers: { legal: ['erin'] } }
    })
  })

  it('takes an empty policy file as the defaults, from that file', async () => {
    expect(await loadPolicyAt(at({ '.github/readiness-policy.yml': '' }), DEFAULT_POLICY_PATH)).toMatchObject({
      ok: true,
      source: '.github/readiness-policy.yml@base abc1234',
      text: ''
    })
  })

  it('refuses two policy files', async () => {
    const result = await loadPolicyAt(
      at({ '.github/readiness-policy.yml': 'signers: {}\n', '.github/readiness-policy.yaml': 'signers: {}\n' }),
      DEFAULT_POLICY_PATH
    )
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          rule: 'policy.invalid',
          message: 'Both .github/readiness-policy.yml and .github/readiness-policy.yaml exist at base abc1234; the gate reads one policy.'
        })
      ]
    })
  })

  it('refuses a named policy the trusted ref lacks, even when the default one is there', async () => {
    const result = await loadPolicyAt(at({ '.github/readiness-policy.yml': 'signers: {}\n' }), 'policies/gate.yml')
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          rule: 'policy.missing',
          status: 'fail',
          message: 'The policy file policies/gate.yml does not exist at base abc1234.',
          file: 'policies/gate.yml',
          line: 1,
          hint: 'Fix the policy input, or add the file on the base branch first.'
        }
      ]
    })
  })

  it('reads only the named policy when one is named', async () => {
    const result = await loadPolicyAt(
      at({ 'policies/gate.yml': 'signers:\n  legal: ["@erin"]\n', '.github/readiness-policy.yml': 'signers: {}\n' }),
      'policies/gate.yml'
    )
    expect(result).toMatchObject({ ok: true, path: 'policies/gate.yml', source: 'policies/gate.yml@base abc1234', policy: { signers: { legal: ['erin'] } } })
  })

  it('refuses a misplaced policy at the trusted ref instead of using the defaults', async () => {
    const result = await loadPolicyAt(at({ '.github/readiness_policy.yml': 'signers: {}\n' }), DEFAULT_POLICY_PATH)
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          rule: 'policy.missing',
          file: '.github/readiness_policy.yml',
          message: expect.stringContaining(' at base abc1234, but .github/readiness_policy.yml looks like a policy')
        })
      ]
    })
  })

  it('refuses a folder where the trusted policy belongs (seen in the listing) instead of using the defaults', async () => {
    for (const policyPath of ['.github/readiness-policy.yml', '.github/readiness-policy.yaml']) {
      const files = [`${policyPath}/thresholds.yml`, `${policyPath}/signers.yml`, 'README.md']
      const result = await loadPolicyAt(at({ 'README.md': 'hi\n' }, files), DEFAULT_POLICY_PATH)
      expect(result).toEqual({
        ok: false,
        errors: [
          expect.objectContaining({
            rule: 'policy.invalid',
            file: policyPath,
            line: 1,
            message: expect.stringContaining(`${policyPath} at base abc1234 is a folder`)
          })
        ]
      })
    }
    // A file whose name only starts like the policy's is no folder of it.
    const lookalike = await loadPolicyAt(at({ 'README.md': 'hi\n' }, ['.github/readiness-policy.yml.bak', 'README.md']), DEFAULT_POLICY_PATH)
    expect(lookalike).toMatchObject({ ok: true, policy: DEFAULT_POLICY })
    // A named policy path that is a folder is refused too.
    const named = await loadPolicyAt(at({}, ['policies/gate.yml/a.yml']), 'policies/gate.yml')
    expect(named).toEqual({ ok: false, errors: [expect.objectContaining({ rule: 'policy.invalid', file: 'policies/gate.yml' })] })
  })

  it('stops on an invalid trusted policy, saying it is the trusted one and nothing was evaluated', async () => {
    const result = await loadPolicyAt(at({ '.github/readiness-policy.yml': 'thresholds:\n  max-evidence-age-days: soon\n' }), DEFAULT_POLICY_PATH)
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          rule: 'policy.invalid',
          file: '.github/readiness-policy.yml',
          line: 2,
          message: 'The trusted policy (base abc1234) is invalid: `thresholds.max-evidence-age-days` must be an integer, not "soon".',
          hint: 'Fix the policy on the base branch; nothing was evaluated.'
        })
      ]
    })
  })
})
