// JUnit reports are read through source.chunks() (a report the head holds is one chunk, with no stream
// made: src/fs/builtins.ts), where they were read through source.stream(). Both ways must give the same
// result, field for field, on every JUnit file of the fixtures and samples and on generated ones that
// take several chunks, are gzip-compressed, UTF-16, or hold an undecodable byte past the first chunk.
import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { junitParser } from '../../../src/evidence/parsers/junit.js'
import type { EvidenceSource, ParseResult } from '../../../src/evidence/types.js'
import { FIXTURES, itSample, openFile, SAMPLES, writeScratch } from './evidence-files.js'

/** The way every report was read before: the whole content as one Node stream. */
const throughStream = (source: EvidenceSource): EvidenceSource => ({ ...source, chunks: () => source.stream() as AsyncIterable<Buffer> })

async function bothWays(root: string, relPath: string): Promise<[ParseResult, ParseResult]> {
  const now = await junitParser.parse(await openFile(root, relPath))
  const before = await junitParser.parse(throughStream(await openFile(root, relPath)))
  return [now, before]
}

/** A seeded report of `cases` test cases, some failing with multi-line messages, some skipped. */
function generatedReport(cases: number, seed: number): string {
  let state = seed
  const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="generated ${seed}">`, '  <testsuite name="suite">']
  for (let index = 0; index < cases; index++) {
    const roll = next()
    const name = `case ${index} ${'x'.repeat(Math.floor(next() * 40))}`
    if (roll < 0.1)
      lines.push(
        `    <testcase name="${name}" classname="c${index % 7}"><failure message="expected ${index}&#10;got ${index + 1}">trace\nline two</failure></testcase>`
      )
    else if (roll < 0.15) lines.push(`    <testcase name="${name}" classname="c${index % 7}"><skipped/></testcase>`)
    else lines.push(`    <testcase name="${name}" classname="c${index % 7}" time="${(next() * 3).toFixed(3)}"/>`)
  }
  lines.push('  </testsuite>', '</testsuites>', '')
  return lines.join('\n')
}

const xmlFiles = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.xml(?:\.gz)?$/.test(name))
    .sort()

describe('JUnit read through chunks() as through stream()', () => {
  it.each(xmlFiles(FIXTURES))('fixture %s', async (name) => {
    const [now, before] = await bothWays(FIXTURES, name)
    expect(now).toEqual(before)
  })

  itSample('every JUnit sample', async () => {
    const names = xmlFiles(path.join(SAMPLES, 'junit'))
    expect(names.length).toBeGreaterThan(10)
    for (const name of names) {
      const [now, before] = await bothWays(SAMPLES, `junit/${name}`)
      expect([name, now]).toEqual([name, before])
    }
  })

  it.each([
    ['small', 30],
    ['past the 64 KiB head', 2_000],
    ['past one 1 MiB chunk', 14_000]
  ])('a generated report, %s: plain, gzip, UTF-16 and with a bad byte', async (_label, cases) => {
    for (const seed of [1, 2]) {
      const text = generatedReport(cases, seed)
      const bytes = Buffer.from(text)
      const badAt = bytes.lastIndexOf('case ') + 2
      const bad = Buffer.concat([bytes.subarray(0, badAt), Buffer.from([0xc3, 0x28]), bytes.subarray(badAt)])
      const files: [string, Buffer][] = [
        [`plain-${cases}-${seed}.xml`, bytes],
        [`gzip-${cases}-${seed}.xml.gz`, gzipSync(bytes)],
        [
          `utf16-${cases}-${seed}.xml`,
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')])
        ],
        [`bad-${cases}-${seed}.xml`, bad]
      ]
      for (const [name, content] of files) {
        const root = writeScratch(name, content)
        const [now, before] = await bothWays(root, name)
        expect([name, now]).toEqual([name, before])
        if (name.startsWith('bad')) expect([name, now.ok]).toEqual([name, false])
        else expect([name, now.ok && now.evidence.kind === 'test-report' && now.evidence.tests]).toEqual([name, cases])
      }
    }
  })
})
