// The lines of positions in a text, counted in WebAssembly (a chunk of ASCII at a time) or with an
// indexOf a line: both give every position the line a count of the line feeds before it gives, on seeded
// random texts (ASCII, and with characters a byte-wise count could take for a line feed: U+010A, whose
// low byte is one, surrogate pairs, a lone surrogate) across chunk ends, on every real file, and the
// promptfoo outputs read to the same evidence either way.
import { afterEach, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { countLineFeedsForTests, linesAt, usesWebAssemblyForTests } from '../../../src/evidence/parsing/line-feeds.js'
import { promptfooEvalParser, promptfooRedTeamParser } from '../../../src/evidence/parsers/promptfoo.js'
import { seededRandom } from '../../support/seeded-random.js'
import { FIXTURES, itSample, parseFile, SAMPLES } from '../parsers/evidence-files.js'

afterEach(() => countLineFeedsForTests('webassembly'))

/** What the line of a position is: one more than the line feeds before it. */
function expectedLines(text: string, positions: readonly number[]): number[] {
  const before = new Int32Array(text.length + 1)
  for (let index = 0; index < text.length; index++) before[index + 1] = before[index]! + (text.charCodeAt(index) === 10 ? 1 : 0)
  let furthest = 0
  // A position behind an earlier one keeps the earlier one's line, as the counting never goes back.
  return positions.map((position) => 1 + before[(furthest = Math.max(furthest, Math.min(position, text.length)))]!)
}

/** Both ways give `text` the expected lines at `positions`. */
function expectBothWays(text: string, positions: readonly number[]): void {
  const expected = expectedLines(text, positions)
  countLineFeedsForTests('webassembly')
  expect(linesAt(text, positions)).toEqual(expected)
  countLineFeedsForTests('indexOf')
  expect(linesAt(text, positions)).toEqual(expected)
  countLineFeedsForTests('webassembly')
}

const PIECES = ['\n', '\n', '\n', '\r\n', ' ', '  ', 'a', '{"k": 1},', 'x'.repeat(40), '\t']
const NOT_ASCII = ['\u010a', '\u0a0a', '\u00e9', '\ud83d\ude00', '\ud800', '\u2028']

function randomText(random: () => number, length: number, notAscii: number): string {
  let text = ''
  while (text.length < length) {
    text += random() < notAscii ? NOT_ASCII[Math.floor(random() * NOT_ASCII.length)]! : PIECES[Math.floor(random() * PIECES.length)]!
  }
  return text
}

/** Ascending positions, some repeated, some at the text's ends or past them; now and then one that goes back. */
function randomPositions(random: () => number, length: number): number[] {
  const count = Math.floor(random() * 40)
  const positions = Array.from({ length: count }, () => Math.floor(random() * (length + 20)))
  positions.sort((a, b) => a - b)
  if (random() < 0.3) positions.unshift(0)
  if (random() < 0.3) positions.push(length)
  if (random() < 0.2 && positions.length > 2) positions.push(positions[1]!)
  return positions
}

describe('linesAt', () => {
  it('counts in WebAssembly on Node 20 and 24 (the fallback is for node --jitless)', () => {
    linesAt('a\nb', [2])
    expect(usesWebAssemblyForTests()).toBe(true)
  })

  it('gives the lines a count of line feeds gives, both ways, on seeded random texts across chunk ends', () => {
    const random = seededRandom(12)
    for (let run = 0; run < 300; run++) {
      // Most texts short; some longer than one or two chunks of 64 Ki characters.
      const length = random() < 0.8 ? Math.floor(random() * 300) : Math.floor(random() * 200_000)
      const notAscii = random() < 0.5 ? 0 : random() < 0.5 ? 0.0001 : 0.05
      const text = randomText(random, length, notAscii)
      expectBothWays(text, randomPositions(random, text.length))
      // Every line start and every line feed of a short text.
      if (text.length < 300) {
        const around = [...text.matchAll(/\n/g)].flatMap((match) => [match.index, match.index + 1])
        expectBothWays(text, around)
      }
    }
  })

  it('counts a chunk with a character that is not ASCII right after an ASCII one, and one past the chunk end', () => {
    const ascii = `${'ab\n'.repeat(30_000)}`
    for (const text of [`${ascii}\u010a\n\u010a\n`, `\u010a${ascii}`, `${'x'.repeat(65_535)}\u010a\n${ascii}`, `${'\n'.repeat(65_536)}\n\n`]) {
      expectBothWays(text, [0, 1, 65_535, 65_536, 65_537, 90_000, 90_001, text.length - 1, text.length])
    }
  })

  const realFiles = (root: string): string[] =>
    readdirSync(root).flatMap((name) => {
      const file = path.join(root, name)
      return statSync(file).isDirectory() ? realFiles(file) : [file]
    })

  const everyLine = (file: string): void => {
    const text = readFileSync(file, 'utf8')
    const random = seededRandom(text.length)
    const starts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index + 1)]
    expectBothWays(text, starts)
    expectBothWays(text, randomPositions(random, text.length))
  }

  it('places every line start of every fixture and example file', () => {
    const files = [...realFiles(FIXTURES), ...realFiles(path.resolve(import.meta.dirname, '../../../examples'))]
    expect(files.length).toBeGreaterThan(50)
    for (const file of files) everyLine(file)
  })

  itSample('places every line start of every real LLM evidence sample', () => {
    const files = realFiles(path.join(SAMPLES, 'llm'))
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) everyLine(file)
  })

  const promptfooFiles = (root: string): string[] => realFiles(root).filter((file) => file.endsWith('.json') && /promptfoo/.test(file))

  async function sameEvidenceBothWays(files: string[], atLeast: number): Promise<void> {
    expect(files.length).toBeGreaterThanOrEqual(atLeast)
    for (const file of files) {
      const results: string[] = []
      for (const how of ['webassembly', 'indexOf'] as const) {
        countLineFeedsForTests(how)
        const dir = path.dirname(file)
        const name = path.basename(file)
        results.push(JSON.stringify([await parseFile(promptfooEvalParser, dir, name), await parseFile(promptfooRedTeamParser, dir, name)]))
      }
      expect({ file, evidence: results[0] }).toEqual({ file, evidence: results[1] })
    }
  }

  it('reads every promptfoo JSON fixture and example to the same evidence both ways', async () => {
    await sameEvidenceBothWays([...promptfooFiles(FIXTURES), ...promptfooFiles(path.resolve(import.meta.dirname, '../../../examples'))], 10)
  })

  itSample('reads every real promptfoo JSON sample to the same evidence both ways', async () => {
    await sameEvidenceBothWays(promptfooFiles(path.join(SAMPLES, 'llm/promptfoo')), 3)
  })
})
