// Shared by the k6, Artillery and autocannon parser tests: result unwrapping, detection as the
// registry sees it (decompressed head), and the list of fixture and sample files to detect against.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { artilleryParsers } from '../../../src/evidence/parsers/artillery.js'
import { autocannonParsers } from '../../../src/evidence/parsers/autocannon.js'
import { k6Parsers } from '../../../src/evidence/parsers/k6.js'
import { headText, openEvidence } from '../../../src/fs/safe-read.js'
import type { EvidenceParser, LoadTestEvidence, ParseFailure, ParseResult } from '../../../src/evidence/types.js'
import { FIXTURES, SAMPLES, hasSamples } from './evidence-files.js'

export type Parsed = ParseResult<LoadTestEvidence>

export const LOAD_PARSERS: EvidenceParser[] = [...k6Parsers, ...artilleryParsers, ...autocannonParsers]

export function evidenceOf(result: Parsed): LoadTestEvidence {
  if (!result.ok) throw new Error(`expected evidence, got failure: ${result.message}`)
  return result.evidence
}

export function failureOf(result: Parsed): ParseFailure {
  if (result.ok) throw new Error(`expected a failure, got evidence: ${JSON.stringify(result.evidence)}`)
  return result
}

/** The formats whose detect() accepts the file's decompressed head; a file openEvidence refuses is claimed by none. */
export async function claimedBy(parsers: EvidenceParser[], root: string, relPath: string): Promise<string[]> {
  const opened = await openEvidence(root, root, relPath)
  if (!opened.ok) return []
  const head = headText(opened.source.head)
  return parsers.filter((p) => p.detect({ relPath, head })).map((p) => p.format)
}

function filesUnder(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = dir ? `${dir}/${entry.name}` : entry.name
    return entry.isDirectory() ? filesUnder(root, rel) : [rel]
  })
}

/** Every fixture file of every evidence kind, relative to FIXTURES. */
export const fixtureFiles = (): string[] => filesUnder(FIXTURES)

/** Every real sample (empty when the shared folder is absent), relative to SAMPLES; docs are left out. */
export const sampleFiles = (): string[] => (hasSamples ? filesUnder(SAMPLES).filter((f) => !f.endsWith('.md') || f.startsWith('hf-model-card/')) : [])
