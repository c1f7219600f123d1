// Every LLM-evidence sample and fixture through the registry, as the gate reads a linked file:
// detected as its own format by content (no other parser claims it first), parsed without
// throwing, and either read or refused with a sentence.
import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { parseEvidence } from '../../src/evidence/registry.js'
import { openEvidence } from '../../src/fs/safe-read.js'
import { FIXTURES, SAMPLES, sampleFiles } from './parsers/evidence-files.js'

const FORMAT_BY_SAMPLE_FOLDER: Record<string, string[]> = {
  promptfoo: ['promptfoo-eval', 'promptfoo-redteam'],
  garak: ['garak-report'],
  ragas: ['ragas-csv'],
  deepeval: ['deepeval-test-run', 'deepeval-cache'],
  'lm-eval': ['lm-eval-results'],
  inspect: ['inspect-log-json', 'inspect-log-eval'],
  'openai-evals': ['openai-evals-log'],
  chaostoolkit: ['chaostoolkit-journal']
}

describe('LLM evidence corpus', () => {
  const samples = sampleFiles().filter((file) => file.startsWith('llm/') && !file.endsWith('.yaml') && !file.endsWith('.yml'))
  const fixtures = ['llm', 'promptfoo'].flatMap((folder) =>
    readdirSync(path.join(FIXTURES, folder))
      .filter((f) => !f.endsWith('.md'))
      .map((f) => `${folder}/${f}`)
  )

  it.each(samples)('sample %s is detected as its tool’s format and read or refused with a sentence', async (file) => {
    const opened = await openEvidence(SAMPLES, SAMPLES, file)
    if (!opened.ok) throw new Error(opened.message)
    const result = await parseEvidence(opened.source)
    expect(FORMAT_BY_SAMPLE_FOLDER[file.split('/')[1]!]).toContain(result.format)
    if (!result.ok) expect(result.message).toMatch(/^"llm\/.+\.$|instead$/)
  })

  it.each(fixtures)('fixture %s is detected as the format its name starts with', async (file) => {
    const opened = await openEvidence(FIXTURES, FIXTURES, file)
    if (!opened.ok) throw new Error(opened.message)
    const result = await parseEvidence(opened.source)
    expect(result.format).toBe(path.basename(file).split('.')[0])
  })

  it('leaves the promptfoo configs to no parser', async () => {
    for (const file of sampleFiles().filter((f) => f.startsWith('llm/promptfoo/') && f.endsWith('.yaml'))) {
      const opened = await openEvidence(SAMPLES, SAMPLES, file)
      if (!opened.ok) throw new Error(opened.message)
      expect((await parseEvidence(opened.source)).format).toBeUndefined()
    }
  })
})
