// Opening real samples and fixtures for the test-report, monitoring, drift and evaluation parser
// tests, and the map of which format owns which file (for the detection tests).
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { headText, openEvidence } from '../../../src/fs/safe-read.js'
import type { EvidenceParser, EvidenceSource, ParseResult } from '../../../src/evidence/types.js'

export const REPO = path.resolve('.')
/** Real files written by real tools, kept outside the repository (see SOURCES.md there). */
export const SAMPLES = path.resolve(REPO, '../shared/evidence-samples')
export const FIXTURES = path.join(REPO, '__tests__/fixtures/evidence')
export const hasSamples = existsSync(SAMPLES)

export async function openFile(root: string, relPath: string): Promise<EvidenceSource> {
  const opened = await openEvidence(root, root, relPath)
  if (!opened.ok) throw new Error(opened.message)
  return opened.source
}

export async function parseFile<T extends ParseResult>(parser: EvidenceParser, root: string, relPath: string): Promise<T> {
  return (await parser.parse(await openFile(root, relPath))) as T
}

let scratch: string | undefined
/** Writes `content` to a scratch folder and parses it: for malformed inputs too small to deserve a fixture file. */
export async function parseText<T extends ParseResult>(parser: EvidenceParser, name: string, content: string | Buffer): Promise<T> {
  scratch ??= mkdtempSync(path.join(os.tmpdir(), 'rg-evidence-'))
  writeFileSync(path.join(scratch, name), content)
  return parseFile<T>(parser, scratch, name)
}

export function detectFile(parser: EvidenceParser, root: string, relPath: string): boolean {
  const head = readFileSync(path.join(root, relPath)).subarray(0, 64 * 1024)
  return parser.detect({ relPath, head: headText(head) })
}

function listFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = dir ? `${dir}/${name}` : name
    return statSync(path.join(root, rel)).isDirectory() ? listFiles(root, rel) : [rel]
  })
}

/** The format of every sample and fixture file the test-report/monitoring/drift/evaluation parsers read; any other file belongs to no parser of theirs. */
const OWNER: Record<string, string> = {
  'drift/prometheus-rules/AmmarHassona+ml-inference-platform.prometheus_alert_rules.yml': 'prometheus-rules',
  'drift/prometheus-rules/prometheus-repo.rulefmt.bad_expr.bad.yaml': 'prometheus-rules',
  'drift/prometheus-rules/prometheus-repo.rulefmt.record_and_for.bad.yaml': 'prometheus-rules',
  'drift/prometheus-rules/prometheus-repo.rulefmt.test.yaml': 'prometheus-rules',
  'drift/evidently/evidently-repo.legacy-cli.config.json': 'evidently-config',
  'drift/evidently/evidently-repo.legacy-cli.config.yaml': 'evidently-config',
  'drift/alibi-detect/config.ksdrift.from-docs-v0.11.4.toml': 'alibi-detect-config',
  'drift/whylogs/whylogs-v0.7.9.constraints.json': 'whylogs-constraints',
  'hf-model-card/huggingface_hub-tests.sample_simple_model_index.md': 'hf-model-card',
  'hf-model-card/huggingface_hub-tests.sample_invalid_model_index.md': 'hf-model-card',
  // The Hub's specification templates are in the formats they specify (their values are placeholders).
  'hf-model-card/hub-docs.modelcard.md.spec': 'hf-model-card',
  'hf-model-card/hub-docs.eval_results.yaml.spec': 'hf-eval-results',
  'fairness/model-card-toolkit.testdata.cats_vs_dogs_v0_0_2.json': 'model-card-toolkit'
}
const JUNIT_SAMPLES_NOT_JUNIT = new Set(['junit/enricomi.non-junit.xml', 'junit/jest-junit-repo.__tests__lib.junit.xsd'])

/** Fixture folders owned by these parsers: a fixture's format is the prefix of its name before the first dot. */
const FIXTURE_FOLDERS = new Set(['junit', 'monitoring', 'drift', 'evaluation'])

export interface OwnedFile {
  root: string
  relPath: string
  /** The format that must claim the file, or undefined when none of these parsers may. */
  format?: string
}

/** Every sample and fixture file with the format that owns it. Fixtures are named `<format>.<case>.<ext>`; `not-<anything>` fixtures belong to no format. */
export function ownedFiles(): OwnedFile[] {
  const samples = hasSamples
    ? listFiles(SAMPLES).map((relPath): OwnedFile => {
        const junit = relPath.startsWith('junit/') && !JUNIT_SAMPLES_NOT_JUNIT.has(relPath)
        const format = junit ? 'junit-xml' : OWNER[relPath]
        return { root: SAMPLES, relPath, ...(format ? { format } : {}) }
      })
    : []
  const fixtures = listFiles(FIXTURES).map((relPath): OwnedFile => {
    const [folder, name = ''] = relPath.split('/')
    const prefix = name.split('.')[0]!
    const format = folder && FIXTURE_FOLDERS.has(folder) && !prefix.startsWith('not-') ? prefix : undefined
    return { root: FIXTURES, relPath, ...(format ? { format } : {}) }
  })
  return [...samples, ...fixtures]
}
