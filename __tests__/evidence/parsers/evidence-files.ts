// Shared by the evidence parser tests: opening real samples, fixtures and scratch files the way the
// gate does, unwrapping results, detection as the registry sees it, and the map of which format
// owns which sample or fixture (for the detection tests).
import { afterAll, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { artilleryParsers } from '../../../src/evidence/parsers/artillery.js'
import { autocannonParsers } from '../../../src/evidence/parsers/autocannon.js'
import { k6Parsers } from '../../../src/evidence/parsers/k6.js'
import { DEFAULT_LIMITS, headText, openEvidence, type ReadLimits } from '../../../src/fs/safe-read.js'
import type { Evidence, EvidenceParser, EvidenceSource, LoadTestEvidence, ParseFailure, ParseResult } from '../../../src/evidence/types.js'

const REPO = path.resolve('.')
export const FIXTURES = path.join(REPO, '__tests__/fixtures/evidence')
/** Real files written by real tools, kept outside the repository; tests that read them say why they skip without them. */
import { hasSamples, itSample, SAMPLES } from '../../support/samples.js'
export { describeSamples, itSample, SAMPLES } from '../../support/samples.js'

export type Parsed = ParseResult<LoadTestEvidence>

export const LOAD_PARSERS: EvidenceParser[] = [...k6Parsers, ...artilleryParsers, ...autocannonParsers]

export async function openFile(root: string, relPath: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<EvidenceSource> {
  const opened = await openEvidence(root, root, relPath, limits)
  if (!opened.ok) throw new Error(opened.message)
  return opened.source
}

export async function parseFile<T extends ParseResult>(parser: EvidenceParser, root: string, relPath: string): Promise<T> {
  return (await parser.parse(await openFile(root, relPath))) as T
}

let scratch: string | undefined
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

/** Writes `content` as `name` in a scratch folder, removed after the test file, and returns the folder. */
export function writeScratch(name: string, content: string | Buffer): string {
  scratch ??= mkdtempSync(path.join(os.tmpdir(), 'rg-evidence-'))
  writeFileSync(path.join(scratch, name), content)
  return scratch
}

/** Writes `content` to the scratch folder and parses it: for malformed inputs too small to deserve a fixture file. */
export async function parseText<T extends ParseResult>(parser: EvidenceParser, name: string, content: string | Buffer): Promise<T> {
  return parseFile<T>(parser, writeScratch(name, content), name)
}

export function evidenceOf<T extends Evidence>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected evidence, got failure: ${result.message}`)
  return result.evidence
}

export function failureOf(result: ParseResult): ParseFailure {
  if (result.ok) throw new Error(`expected a failure, got evidence: ${JSON.stringify(result.evidence)}`)
  return result
}

/** Whether the parser claims the file from its first 64 KiB as stored (not decompressed). */
export function detectFile(parser: EvidenceParser, root: string, relPath: string): boolean {
  const head = readFileSync(path.join(root, relPath)).subarray(0, 64 * 1024)
  return parser.detect({ relPath, head: headText(head) })
}

/** The formats whose detect() accepts the file as stored (see detectFile). */
export function detectedBy(parsers: EvidenceParser[], root: string, relPath: string): string[] {
  return parsers.filter((parser) => detectFile(parser, root, relPath)).map((parser) => parser.format)
}

/** The formats whose detect() accepts the file's decompressed head, as the registry runs them; a file openEvidence refuses is claimed by none. */
export async function claimedBy(parsers: EvidenceParser[], root: string, relPath: string): Promise<string[]> {
  const opened = await openEvidence(root, root, relPath)
  if (!opened.ok) return []
  const head = headText(opened.source.head)
  return parsers.filter((p) => p.detect({ relPath, head })).map((p) => p.format)
}

/** Every file below `root` (or below `root/dir`), relative to `root`, with `/` separators. */
function listFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = dir ? `${dir}/${entry.name}` : entry.name
    return entry.isDirectory() ? listFiles(root, rel) : [rel]
  })
}

/** Every fixture file of every evidence kind, relative to FIXTURES. */
export const fixtureFiles = (): string[] => listFiles(FIXTURES)

/** Every real sample (empty when the shared folder is absent), relative to SAMPLES; docs are left out. */
export const sampleFiles = (): string[] => (hasSamples ? listFiles(SAMPLES).filter((f) => !f.endsWith('.md') || f.startsWith('hf-model-card/')) : [])

/**
 * The detection tests of a load-test tool whose fixtures sit in `folder/`: each fixture `formatOf` names is
 * claimed by that format alone among LOAD_PARSERS; the tool's parsers claim no other tool's fixture, and
 * of the real samples only those `sampleFormat` names (none by default).
 */
export function itClaimsOwnFilesOnly(
  parsers: EvidenceParser[],
  folder: string,
  formatOf: (relPath: string) => string | undefined,
  sampleFormat: (relPath: string) => string | undefined = () => undefined
): void {
  const fixtures = fixtureFiles()
  it.each(fixtures.filter((f) => f.startsWith(`${folder}/`) && formatOf(f)))('claims %s with its own format only', async (relPath) => {
    expect(await claimedBy(LOAD_PARSERS, FIXTURES, relPath)).toEqual([formatOf(relPath)])
  })

  it('claims no other tool fixture', async () => {
    const others = fixtures.filter((f) => !f.startsWith(`${folder}/`))
    expect(others.length).toBeGreaterThan(0)
    for (const relPath of others) expect([relPath, await claimedBy(parsers, FIXTURES, relPath)]).toEqual([relPath, []])
  })

  itSample('claims no real sample but its own', async () => {
    for (const relPath of sampleFiles()) {
      const format = sampleFormat(relPath)
      expect([relPath, await claimedBy(parsers, SAMPLES, relPath)]).toEqual([relPath, format ? [format] : []])
    }
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
  'fairness/model-card-toolkit.testdata.cats_vs_dogs_v0_0_2.json': 'model-card-toolkit',
  'llm/chaostoolkit/chaos-engineering.chaoslib-1.9.0.deviated.journal.json': 'chaostoolkit-journal',
  'llm/chaostoolkit/chaostoolkit-ansible.chaoslib-1.19.0.completed.journal.json': 'chaostoolkit-journal',
  'llm/deepeval/beeai-framework.deepeval-cache.json': 'deepeval-cache',
  'llm/deepeval/beeai-framework.latest_test_run.json': 'deepeval-test-run',
  'llm/deepeval/beeai-framework.temp_test_run_data.json': 'deepeval-test-run',
  'llm/deepeval/llm-evaluation.2024-04.deepeval-cache.json': 'deepeval-cache',
  'llm/garak/garak-repo.v0.13.0.lmrc.report.jsonl': 'garak-report',
  'llm/inspect/inspect_ai.eval-zip.2024-11.input-task.eval': 'inspect-log-eval',
  'llm/inspect/inspect_ai.v2-json.2024-11.input-task.json': 'inspect-log-json',
  'llm/inspect/inspect_ai.v2-json.2025-05.popularity.json': 'inspect-log-json',
  'llm/lm-eval/lm-evaluation-harness.v0.4-2024-08.gsm8k_cot_llama.results.json': 'lm-eval-results',
  'llm/lm-eval/lm-evaluation-harness.v0.4-2025-01.mmlu-subtask.results.json': 'lm-eval-results',
  'llm/lm-eval/pythia.v0.3-era.baseline-410m-deduped_step137000.json': 'lm-eval-results',
  'llm/lm-eval/pythia.v0.3-era.gpt-neox-harness.1.4b-deduped-0shot-step11500.json': 'lm-eval-results',
  'llm/openai-evals/openai-evals-repo.self_prompting.oriprompt.log.jsonl': 'openai-evals-log',
  'llm/promptfoo/nicheIQ.v0.121-2026.results.json': 'promptfoo-eval',
  'llm/promptfoo/promptfoo-action.redteam-jailbreak-crescendo.output.json': 'promptfoo-redteam',
  'llm/promptfoo/tds-project-1.2025-06.promptfoo_results.json': 'promptfoo-eval',
  'llm/ragas/using-ragas-with-elasticsearch.v0.2-cols.answer_relevancy.ragas_evaluation_results.csv': 'ragas-csv',
  'llm/ragas/using-ragas-with-elasticsearch.v0.2-cols.context_recall.ragas_evaluation.csv': 'ragas-csv'
}
const JUNIT_SAMPLES_NOT_JUNIT = new Set(['junit/enricomi.non-junit.xml', 'junit/jest-junit-repo.__tests__lib.junit.xsd'])

/** Fixture folders owned by these parsers: a fixture's format is the prefix of its name before the first dot. */
const FIXTURE_FOLDERS = new Set(['junit', 'monitoring', 'drift', 'evaluation', 'llm', 'promptfoo'])

interface OwnedFile {
  root: string
  relPath: string
  /** The format that must claim the file, or undefined when none of these parsers may. */
  format?: string
}

/** Every sample and fixture file with the format that owns it. Fixtures are named `<format>.<case>.<ext>`; `not-<anything>` fixtures belong to no format. */
function ownedFiles(): OwnedFile[] {
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

/** Each of `parsers` claims exactly the samples and fixtures of its own format (ownedFiles), and no other file. */
export function expectOwnFilesClaimed(parsers: EvidenceParser[]): void {
  const files = ownedFiles()
  expect(files.length).toBeGreaterThan(10)
  for (const file of files) {
    const expected = parsers.some((parser) => parser.format === file.format) ? [file.format] : []
    expect([file.relPath, detectedBy(parsers, file.root, file.relPath)]).toEqual([file.relPath, expected])
  }
}
