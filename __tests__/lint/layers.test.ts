// The layering rule (eslint.layers.js) bites: an upward import fails lint with the layer's message,
// a downward or same-layer import passes. Linted as text at real paths, with the project's config.
import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'
import path from 'node:path'
import tseslint from 'typescript-eslint'

const ROOT = path.resolve(import.meta.dirname, '../..')
// The probes are no files of the TypeScript project, so the type-aware rules (which need it) are off.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] })

async function layerErrors(file: string, specifier: string): Promise<string[]> {
  const code = `import * as anything from '${specifier}'\nexport const used = anything\n`
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('the layering rule', () => {
  it.each([
    ['src/fs/probe.ts', '../evidence/types.js'],
    ['src/yaml/probe.ts', '../evaluate/context.js'],
    ['src/report/probe.ts', '../gate.js'],
    ['src/evidence/parsers/probe.ts', '../../evaluate/context.js'],
    ['src/manifest/probe.ts', '../policy/load.js'],
    ['src/evaluate/checks/probe.ts', '../../policy/load.js'],
    ['src/evaluate/probe.ts', '../gate.js'],
    ['src/policy/probe.ts', '../render/text.js'],
    ['src/gate.ts', './render/text.js'],
    ['src/render/probe.ts', '../github/run.js'],
    ['src/github/probe.ts', '../cli/main.js'],
    ['src/cli/probe.ts', '../github/run.js']
  ])('refuses %s importing %s', async (file, specifier) => {
    expect(await layerErrors(file, specifier)).toEqual([expect.stringMatching(/layer imports only from its own layer or below/)])
  })

  it.each([
    ['src/evidence/parsers/probe.ts', '../../fs/safe-read.js'],
    ['src/evidence/parsers/probe.ts', '../parsing/failure.js'],
    ['src/evaluate/probe.ts', '../policy/types.js'],
    ['src/evaluate/requirements/probe.ts', '../checks/wording.js'],
    ['src/policy/probe.ts', '../evaluate/catalog.js'],
    ['src/gate.ts', './evaluate/system.js'],
    ['src/github/probe.ts', '../render/text.js'],
    ['src/cli/probe.ts', '../gate.js']
  ])('lets %s import %s', async (file, specifier) => {
    expect(await layerErrors(file, specifier)).toEqual([])
  })
})
