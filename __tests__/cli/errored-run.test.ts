// The hole an errored eval run left open, end to end through the bundled CLI: a manifest that targets
// only a named score (faithfulness) over a run whose hard cases errored. Before, the mean of the cases
// that scored met the target on 200 samples and the system passed; now the share of cases without a
// value fails it, with the figures, at the manifest's line.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tempRepo } from '../support/temp-repo.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const CLI = path.join(ROOT, 'dist/cli.js')

interface Row {
  testIdx: number
  vars: { question: string }
  testCase: { description: string; vars: { question: string } }
  failureReason: number
}

/**
 * 1,000 test cases built from the real promptfoo output's rows (__tests__/fixtures/evidence/promptfoo,
 * errored.yaml): 200 copies of a scored row (faithfulness 0.95) and 800 of a row that timed out, each
 * its own test case, dated as the example's run is.
 */
function mostlyErroredRun(): string {
  const output = JSON.parse(readFileSync(path.join(ROOT, '__tests__/fixtures/evidence/promptfoo/promptfoo-eval.errored.json'), 'utf8')) as {
    results: { timestamp: string; results: Row[]; stats: Record<string, unknown> }
  }
  const rows = output.results.results
  const scored = rows.find((row) => row.testCase.description === 'refund timing')!
  const errored = rows.find((row) => row.failureReason === 2 && row.testCase.description === 'long refund ticket')!
  const copy = (row: Row, i: number): Row => {
    const question = `${row.vars.question} (ticket ${i})`
    return { ...row, testIdx: i, vars: { question }, testCase: { ...row.testCase, description: `${row.testCase.description} ${i}`, vars: { question } } }
  }
  output.results.results = [...Array.from({ length: 200 }, (_, i) => copy(scored, i)), ...Array.from({ length: 800 }, (_, i) => copy(errored, 200 + i))]
  output.results.stats = { ...output.results.stats, successes: 200, failures: 0, errors: 800 }
  output.results.timestamp = '2026-11-18T09:30:00.000Z'
  return JSON.stringify(output, null, 2)
}

describe('check on a manifest that targets only a named score over a mostly-errored promptfoo run', () => {
  it('fails data.production-evaluation with the share of cases without a value, at the manifest line', async () => {
    const repo = await tempRepo({})
    await cp(path.join(ROOT, '.github/readiness-policy.yml'), path.join(repo.root, '.github/readiness-policy.yml'))
    await cp(path.join(ROOT, 'examples/llm-support-bot'), path.join(repo.root, 'bot'), { recursive: true })
    await writeFile(path.join(repo.root, 'bot/eval/errored.json'), mostlyErroredRun())
    const manifestPath = path.join(repo.root, 'bot/readiness.yml')
    const manifest = (await readFile(manifestPath, 'utf8'))
      .replace('  evaluation:\n    file: eval/promptfoo-eval.json\n', '  evaluation:\n    file: eval/errored.json\n')
      .replace('    targets:\n      pass rate: 0.95\n      brevity: 1\n', '    targets:\n      faithfulness: 0.9\n')
    expect(manifest).toContain('  evaluation:\n    file: eval/errored.json\n')
    expect(manifest).toMatch(/ {4}targets:\n {6}faithfulness: 0\.9\n {2}red-team:/)
    await writeFile(manifestPath, manifest)
    // The finding stands at the evaluation's file entry (a promptfoo named score has no line of its own in the file).
    const line = manifest.split('\n').indexOf('    file: eval/errored.json') + 1

    const run = spawnSync(process.execPath, [CLI, 'check', 'bot', '--now', '2026-11-22'], {
      cwd: repo.root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' }
    })
    expect([run.status, run.stderr]).toEqual([1, ''])
    // The one requirement it fails: the rest of the example still passes.
    expect(run.stdout).toContain('production  23/24 requirements met (1 not met')
    expect(run.stdout).toContain(
      `  ✗ bot/readiness.yml:${line}:5  data.production-evaluation\n` +
        `      faithfulness 0.95 is the mean of 200 of 1,000 cases: 800 (80%) have no value (errored or not scored), more than the policy's 5% (max-missing-share), so the mean may leave out the hard cases in "bot/eval/errored.json".\n` +
        `      see bot/readiness.yml:${line}:5\n` +
        '      fix: Fix what made those cases error (provider timeouts, assertions or judges that threw, NaN scores) and re-run the evaluation, so that every case has a value.\n'
    )
    await repo.remove()
  })
})
