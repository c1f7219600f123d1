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
  namedScores: Record<string, number | null>
  gradingResult: { namedScores: Record<string, number | null> } | null
}

/**
 * 1,000 test cases built from the real promptfoo output's rows (__tests__/fixtures/evidence/promptfoo,
 * errored.yaml): 200 copies of a scored row (faithfulness 0.95) and 800 of a row that timed out, each
 * its own test case, dated as the example's run is.
 */
function mostlyErroredRun(): string {
  return runOf(200, 800, 0)
}

/**
 * A run of test cases built from the real output's rows: `scored` copies of a scored row (faithfulness
 * 0.95), `errored` of one that timed out, `nan` of the scored row with faithfulness null (promptfoo's JSON
 * of a NaN score), each its own test case.
 */
function runOf(scored: number, errored: number, nan: number): string {
  const output = JSON.parse(readFileSync(path.join(ROOT, '__tests__/fixtures/evidence/promptfoo/promptfoo-eval.errored.json'), 'utf8')) as {
    results: { timestamp: string; results: Row[]; stats: Record<string, unknown> }
  }
  const rows = output.results.results
  const scoredRow = rows.find((row) => row.testCase.description === 'refund timing')!
  const erroredRow = rows.find((row) => row.failureReason === 2 && row.testCase.description === 'long refund ticket')!
  const nanRow: Row = {
    ...scoredRow,
    namedScores: { ...scoredRow.namedScores, faithfulness: null },
    gradingResult: { ...scoredRow.gradingResult!, namedScores: { ...scoredRow.gradingResult!.namedScores, faithfulness: null } }
  }
  const copy = (row: Row, i: number): Row => {
    const question = `${row.vars.question} (ticket ${i})`
    return { ...row, testIdx: i, vars: { question }, testCase: { ...row.testCase, description: `${row.testCase.description} ${i}`, vars: { question } } }
  }
  output.results.results = [
    ...Array.from({ length: scored }, (_, i) => copy(scoredRow, i)),
    ...Array.from({ length: nan }, (_, i) => copy(nanRow, scored + i)),
    ...Array.from({ length: errored }, (_, i) => copy(erroredRow, scored + nan + i))
  ]
  output.results.stats = { ...output.results.stats, successes: scored + nan, failures: 0, errors: errored }
  output.results.timestamp = '2026-11-18T09:30:00.000Z'
  return JSON.stringify(output, null, 2)
}

/** The example llm-support-bot in a temporary repository, its evaluation `run` targeting only faithfulness 0.9; the manifest's evaluation file line. */
async function botEvaluating(run: string): Promise<{ repo: Awaited<ReturnType<typeof tempRepo>>; line: number }> {
  const repo = await tempRepo({})
  await cp(path.join(ROOT, '.github/readiness-policy.yml'), path.join(repo.root, '.github/readiness-policy.yml'))
  await cp(path.join(ROOT, 'examples/llm-support-bot'), path.join(repo.root, 'bot'), { recursive: true })
  await writeFile(path.join(repo.root, 'bot/eval/errored.json'), run)
  const manifestPath = path.join(repo.root, 'bot/readiness.yml')
  const manifest = (await readFile(manifestPath, 'utf8'))
    .replace('  evaluation:\n    file: eval/promptfoo-eval.json\n', '  evaluation:\n    file: eval/errored.json\n')
    .replace('    targets:\n      pass rate: 0.95\n      brevity: 1\n', '    targets:\n      faithfulness: 0.9\n')
  expect(manifest).toContain('  evaluation:\n    file: eval/errored.json\n')
  expect(manifest).toMatch(/ {4}targets:\n {6}faithfulness: 0\.9\n {2}red-team:/)
  await writeFile(manifestPath, manifest)
  return { repo, line: manifest.split('\n').indexOf('    file: eval/errored.json') + 1 }
}

const check = (root: string, ...options: string[]) =>
  spawnSync(process.execPath, [CLI, 'check', 'bot', '--now', '2026-11-22', ...options], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' }
  })

describe('check on a manifest that targets only a named score over a mostly-errored promptfoo run', () => {
  it('fails data.production-evaluation with the share of cases without a value, at the manifest line', async () => {
    // The finding stands at the evaluation's file entry (a promptfoo named score has no line of its own in the file).
    const { repo, line } = await botEvaluating(mostlyErroredRun())
    const run = check(repo.root)
    expect([run.status, run.stderr]).toEqual([1, ''])
    // The one requirement it fails: the rest of the example still passes.
    expect(run.stdout).toContain('production  23/24 requirements met (1 not met')
    expect(run.stdout).toContain(
      `  ✗ bot/readiness.yml:${line}:5  data.production-evaluation\n` +
        `      In "bot/eval/errored.json", faithfulness 0.95 is the mean of 200 of 1,000 cases: 800 (80%) have no value (errored or not scored), more than the policy's 5% (max-missing-share), so the mean may leave out the hard cases.\n` +
        '      fix: Fix what made those cases error (provider timeouts, assertions or judges that threw, NaN scores) and re-run the evaluation, so that every case has a value.\n'
    )
    await repo.remove()
  })
})

describe('check on a manifest that targets only a named score over a promptfoo run with NaN (null) scores', () => {
  it('fails data.production-evaluation when more than 5% of the cases scored faithfulness NaN: 51 of 1,000', async () => {
    const { repo, line } = await botEvaluating(runOf(949, 0, 51))
    const run = check(repo.root)
    expect([run.status, run.stderr]).toEqual([1, ''])
    expect(run.stdout).toContain('production  23/24 requirements met (1 not met')
    expect(run.stdout).toContain(
      `  ✗ bot/readiness.yml:${line}:5  data.production-evaluation\n` +
        `      In "bot/eval/errored.json", faithfulness 0.95 is the mean of 949 of 1,000 cases: 51 (5.1%) have no value (errored or not scored), more than the policy's 5% (max-missing-share), so the mean may leave out the hard cases.\n`
    )
    await repo.remove()
  })

  it('passes at exactly 5% (50 of 1,000), saying what the mean is of', async () => {
    const { repo } = await botEvaluating(runOf(950, 0, 50))
    const run = check(repo.root)
    expect([run.status, run.stderr]).toEqual([0, ''])
    expect(run.stdout).toContain('production  24/24 requirements met')
    // The 50 NaN cases are counted, not dropped: the passing finding says what the mean is of.
    const report = check(repo.root, '--format', 'json')
    expect(report.stdout).toContain('the mean of 950 of 1,000 cases: 50 have no value, within the policy')
    await repo.remove()
  })
})
