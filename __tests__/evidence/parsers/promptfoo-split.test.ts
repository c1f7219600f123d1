// The promptfoo JSON output reads to the same evidence, figure for figure, line for line and failure
// for failure, whichever way its rows are found: split as promptfoo indents them, split by a scan of
// the text, or the whole text parsed at once. On every promptfoo JSON fixture, example and real sample,
// and on seeded random outputs built to hit what the indented split could get wrong (other indents,
// tabs, CRLF, minified, rows on one line, an object inside a row closed at the row's own indentation,
// a syntax error, a cut-off file, a duplicate key that replaces the rows).
import { afterEach, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { promptfooEvalParser, promptfooRedTeamParser, splitLayoutsForTests } from '../../../src/evidence/parsers/promptfoo.js'
import { splitJsonArray, type SplitLayout } from '../../../src/evidence/parsing/llm-common.js'
import type { ParseResult } from '../../../src/evidence/types.js'
import { FIXTURES, itSample, parseFile, SAMPLES, writeScratch } from './evidence-files.js'
import { seededRandom as generator } from '../../support/seeded-random.js'

const DEFAULT_LAYOUTS: readonly SplitLayout[] = ['indented', 'scanned']
afterEach(() => splitLayoutsForTests(DEFAULT_LAYOUTS))

/** Each way of reading: the default (indented, else scanned), the scan alone, the indented split alone, one JSON.parse. */
const WAYS: Record<string, readonly SplitLayout[]> = { default: DEFAULT_LAYOUTS, scanned: ['scanned'], indented: ['indented'], whole: [] }

/** The file read by both promptfoo JSON parsers, each way; every way must agree. */
async function everyWay(root: string, relPath: string): Promise<ParseResult[]> {
  const results: Record<string, ParseResult[]> = {}
  for (const [way, layouts] of Object.entries(WAYS)) {
    splitLayoutsForTests(layouts)
    results[way] = [await parseFile(promptfooEvalParser, root, relPath), await parseFile(promptfooRedTeamParser, root, relPath)]
  }
  splitLayoutsForTests(DEFAULT_LAYOUTS)
  for (const way of Object.keys(WAYS)) expect({ way, results: results[way] }).toEqual({ way, results: results.default })
  return results.default!
}

const PROMPTFOO_FIXTURES = path.join(FIXTURES, 'promptfoo')
const fixtureFiles = readdirSync(PROMPTFOO_FIXTURES).filter((file) => file.endsWith('.json'))
const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples')
const exampleFiles = ['production-ready', 'llm-support-bot'].flatMap((example) =>
  ['eval/promptfoo-eval.json', 'security/promptfoo-redteam.json'].map((file) => path.join(example, file))
)

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
interface Output {
  evalId: string
  results: { version: number; results: Json[]; [key: string]: Json }
  [key: string]: Json | Output['results']
}

const outputs = [...fixtureFiles.map((file) => path.join(PROMPTFOO_FIXTURES, file)), ...exampleFiles.map((file) => path.join(EXAMPLES, file))].map(
  (file) => JSON.parse(readFileSync(file, 'utf8')) as Output
)

/**
 * `value` as JSON with line breaks and indentation chosen at random per container: as JSON.stringify
 * indents, on one line, or with its closing bracket put back at `trapIndent` (the indentation of the
 * row it is in: what the indented split takes for the row's end).
 */
function writeJson(value: Json, unit: string, depth: number, random: () => number, rowIndent?: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const entries: [string | undefined, Json][] = Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value)
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  if (entries.length === 0) return open + close
  const inline = random() < 0.05
  const inner = unit.repeat(depth + 1)
  const closing = rowIndent !== undefined && random() < 0.05 ? rowIndent : unit.repeat(depth)
  const parts = entries.map(
    ([key, item]) => (key === undefined ? '' : `${JSON.stringify(key)}:${inline ? '' : ' '}`) + writeJson(item, unit, depth + 1, random, rowIndent)
  )
  return inline ? `${open}${parts.join(',')}${close}` : `${open}\n${parts.map((part) => inner + part).join(',\n')}\n${closing}${close}`
}

/** A promptfoo output of rows drawn from the fixtures and examples, in one of several layouts, sometimes broken. */
function randomOutput(random: () => number): { text: string; broken: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const base = pick(outputs)
  const pool = outputs.filter((output) => output.evalId === base.evalId || random() < 0.3).flatMap((output) => output.results.results)
  const rows = Array.from({ length: Math.floor(random() * 12) }, () => pick(pool))
  const document: Output = { ...base, results: { ...base.results, results: rows } }
  const layout = pick(['promptfoo', 'promptfoo', 'four', 'tab', 'crlf', 'minified', 'random', 'random'] as const)
  let text: string
  if (layout === 'promptfoo') text = JSON.stringify(document, null, 2)
  else if (layout === 'four') text = JSON.stringify(document, null, 4)
  else if (layout === 'tab') text = JSON.stringify(document, null, '\t')
  else if (layout === 'crlf') text = JSON.stringify(document, null, 2).replace(/\n/g, '\r\n')
  else if (layout === 'minified') text = JSON.stringify(document)
  else {
    // The rows are at depth 3 (document, results, its results): a trap puts an inner closing bracket at their indentation.
    const unit = pick(['  ', ' ', '\t'])
    const rowsText = rows.map((row) => unit.repeat(3) + writeJson(row, unit, 3, random, unit.repeat(3)))
    const rest = JSON.stringify({ ...document, results: { ...document.results, results: '@ROWS@' } }, null, unit)
    text = rest.replace('"@ROWS@"', rows.length ? `[\n${rowsText.join(',\n')}\n${unit.repeat(2)}]` : '[]')
  }
  // Broken: a character dropped, doubled or added, the file cut off, or a later duplicate key that replaces the rows.
  const position = Math.floor(random() * text.length)
  const edit = pick(['drop', 'double', 'stray', 'cut', 'duplicate'] as const)
  const broken =
    edit === 'drop'
      ? text.slice(0, position) + text.slice(position + 1)
      : edit === 'double'
        ? text.slice(0, position + 1) + text.slice(position)
        : edit === 'stray'
          ? text.slice(0, position) + pick([',', ']', '[', '{', '}', '"', '\\', ':', 'x', '1', ' ', '\n']) + text.slice(position)
          : edit === 'cut'
            ? text.slice(0, position)
            : text.replace(/("version":\s*3)/, '$1, "results": []').replace(/("stats":)/, '"results": [], $1')
  return { text, broken }
}

describe('promptfoo JSON output: the same evidence whichever way the rows are found', () => {
  it('reads every promptfoo JSON fixture and example the same every way, splitting them as promptfoo indents them', async () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(8)
    for (const file of fixtureFiles) {
      expect(splitJsonArray(readFileSync(path.join(PROMPTFOO_FIXTURES, file), 'utf8'), ['results', 'results'], 'indented')).toBeDefined()
      const [evaluation, redTeam] = await everyWay(PROMPTFOO_FIXTURES, file)
      expect(evaluation!.ok || redTeam!.ok).toBe(true)
    }
    for (const file of exampleFiles) {
      expect(splitJsonArray(readFileSync(path.join(EXAMPLES, file), 'utf8'), ['results', 'results'], 'indented')).toBeDefined()
      await everyWay(EXAMPLES, file)
    }
  })

  itSample('reads every real promptfoo JSON sample the same every way', async () => {
    const dir = path.join(SAMPLES, 'llm/promptfoo')
    const files = readdirSync(dir).filter((file) => file.endsWith('.json'))
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const file of files) await everyWay(dir, file)
  })

  it('reads seeded random outputs, whole and broken, the same every way', async () => {
    let evidence = 0
    let failures = 0
    let indented = 0
    for (let seed = 1; seed <= 80; seed++) {
      const { text, broken } = randomOutput(generator(seed))
      if (splitJsonArray(text, ['results', 'results'], 'indented')) indented++
      for (const [name, content] of [
        [`random-${seed}.json`, text],
        [`broken-${seed}.json`, broken]
      ] as const) {
        for (const result of await everyWay(writeScratch(name, content), name)) {
          if (result.ok) evidence++
          else failures++
        }
      }
    }
    // Both outcomes, and both splits, are compared often enough to mean something.
    expect(evidence).toBeGreaterThan(40)
    expect(failures).toBeGreaterThan(80)
    expect(indented).toBeGreaterThan(20)
  }, 120_000)
})
