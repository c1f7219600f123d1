// Every load-test parser exposes how long the run lasted, because a load test is judged on how long
// it held peak volume: measured from the file's own duration or timestamps, or (for files that keep
// only a count and the tool's mean rate) derived as count ÷ rate and marked so.
import { describe, expect, it } from '@jest/globals'
import { PARSERS, parseEvidence } from '../../../src/evidence/registry.js'
import type { LoadTestEvidence } from '../../../src/evidence/types.js'
import { FIXTURES, SAMPLES, fixtureFiles, openFile, sampleFiles } from './evidence-files.js'

const LOAD_FORMATS = PARSERS.filter((parser) => parser.kind === 'load-test').map((parser) => parser.format)

async function loadTests(): Promise<{ file: string; evidence: LoadTestEvidence }[]> {
  const found: { file: string; evidence: LoadTestEvidence }[] = []
  for (const [root, files] of [
    [FIXTURES, fixtureFiles()],
    [SAMPLES, sampleFiles()]
  ] as const) {
    for (const file of files) {
      let source
      try {
        source = await openFile(root, file)
      } catch {
        continue // binary or refused files are tested by their parsers
      }
      const parsed = await parseEvidence(source, { kinds: ['load-test'] })
      if (parsed.ok) found.push({ file, evidence: parsed.evidence as LoadTestEvidence })
    }
  }
  return found
}

describe('load-test durations', () => {
  it('every real load-test file with requests has a duration, consistent with its count and rate', async () => {
    const runs = await loadTests()
    const formats = new Set(runs.map((run) => run.evidence.format))
    // Every load-test format is covered by at least one real file (an HTML report is refused, never read).
    expect([...formats].sort()).toEqual(LOAD_FORMATS.filter((format) => format !== 'gatling-html-report').sort())
    const missing: string[] = []
    for (const { file, evidence } of runs) {
      if (!(evidence.requests! > 0)) continue
      if (!(evidence.durationS! > 0)) {
        missing.push(`${evidence.format} ${file}`)
        continue
      }
      if (evidence.rps !== undefined && evidence.rps > 0) {
        // The tools round their own rate (Gatling to 2 decimals, JMeter's throughput to float precision).
        const implied = evidence.rps * evidence.durationS!
        expect([file, Math.abs(implied - evidence.requests!) / evidence.requests! < 0.05]).toEqual([file, true])
      }
      if (evidence.durationDerived) expect(evidence.notes?.some((note) => note.includes('records no run duration'))).toBe(true)
    }
    // Only files that record neither a duration nor a rate may lack one, and none of the real ones does.
    expect(missing).toEqual([])
  })
})
