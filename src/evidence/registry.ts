// Every evidence parser, in detection order (more specific formats first).
// Each parser module exports an array; a format is detected from content, or named in the manifest.
import { DEFAULT_LIMITS, headText, openResolved, ReadProblem, resolveInRepo, type Opened, type ReadLimits } from '../fs/safe-read.js'
import type { EvidenceKind, EvidenceParser, EvidenceSource, ParseFailure, ParseResult } from './types.js'
import { k6Parsers } from './parsers/k6.js'
import { artilleryParsers } from './parsers/artillery.js'
import { autocannonParsers } from './parsers/autocannon.js'
import { jmeterParsers } from './parsers/jmeter.js'
import { locustParsers } from './parsers/locust.js'
import { gatlingParsers } from './parsers/gatling.js'
import { junitParsers } from './parsers/junit.js'
import { prometheusParsers } from './parsers/prometheus.js'
import { driftParsers } from './parsers/drift.js'
import { evaluationParsers } from './parsers/evaluation.js'
import { promptfooParsers } from './parsers/promptfoo.js'
import { garakParsers } from './parsers/garak.js'
import { ragasParsers } from './parsers/ragas.js'
import { deepevalParsers } from './parsers/deepeval.js'
import { lmEvalParsers } from './parsers/lm-eval.js'
import { inspectParsers } from './parsers/inspect-ai.js'
import { openaiEvalsParsers } from './parsers/openai-evals.js'
import { chaosToolkitParsers } from './parsers/chaostoolkit.js'
import { litellmParsers } from './parsers/litellm.js'
import { litmusParsers } from './parsers/litmus.js'
import { openaiUsageParsers } from './parsers/openai-usage.js'
import { failure, isStackOverflow, TOO_DEEP } from './parsing/failure.js'

export const PARSERS: readonly EvidenceParser[] = [
  ...k6Parsers,
  ...artilleryParsers,
  ...autocannonParsers,
  ...jmeterParsers,
  ...locustParsers,
  ...gatlingParsers,
  ...junitParsers,
  ...prometheusParsers,
  ...driftParsers,
  ...evaluationParsers,
  ...promptfooParsers,
  ...garakParsers,
  ...ragasParsers,
  ...deepevalParsers,
  ...lmEvalParsers,
  ...inspectParsers,
  ...openaiEvalsParsers,
  ...chaosToolkitParsers,
  ...litmusParsers,
  ...litellmParsers,
  ...openaiUsageParsers
]

export function parserFor(format: string): EvidenceParser | undefined {
  return PARSERS.find((parser) => parser.format === format)
}

/** The first parser (of the expected kinds, when given) whose detect() accepts the content. */
export function detectParser(source: Pick<EvidenceSource, 'relPath' | 'head'>, kinds?: readonly EvidenceKind[]): EvidenceParser | undefined {
  const input = { relPath: source.relPath, head: headText(source.head) }
  return PARSERS.find((parser) => {
    if (kinds && !kinds.includes(parser.kind)) return false
    try {
      return parser.detect(input)
    } catch {
      return false
    }
  })
}

export type Parsed = ParseResult & { format?: string }

/** The parser for a source: the named format (checked against the expected kinds), else the detected one. */
export function chooseParser(
  source: Pick<EvidenceSource, 'relPath' | 'head'>,
  options: { format?: string; kinds?: readonly EvidenceKind[] } = {}
): { ok: true; parser: EvidenceParser } | ParseFailure {
  const kinds = options.kinds
  if (options.format) {
    const parser = parserFor(options.format)
    if (!parser) return failure(`unknown evidence format "${options.format}"; known formats: ${PARSERS.map((p) => p.format).join(', ')}`)
    if (kinds && !kinds.includes(parser.kind)) {
      return failure(`format "${parser.format}" is ${parser.kind} evidence, not ${kinds.join(' or ')}`)
    }
    return { ok: true, parser }
  }
  const parser = detectParser(source, kinds)
  if (!parser) {
    const wanted = kinds ? `${kinds.join(' or ')} format` : 'format'
    // The kinds are load-test, evaluation, red-team, ...: a vowel letter is a vowel sound in each.
    return failure(
      `"${source.relPath}" is not in ${/^[aeiou]/.test(wanted) ? 'an' : 'a'} ${wanted} the gate reads; name its format with \`format:\` or see \`readiness-gate inspect --help\``,
      1
    )
  }
  return { ok: true, parser }
}

/**
 * Parses with the chosen parser. Never throws: any exception a parser lets escape becomes a failure
 * sentence, so one bad file cannot crash the gate.
 */
export async function parseWith(parser: EvidenceParser, source: EvidenceSource): Promise<Parsed> {
  try {
    const result = await parser.parse(source)
    return { ...result, format: parser.format }
  } catch (error) {
    if (error instanceof ReadProblem) return { ok: false, message: error.message, format: parser.format, ...(error.line ? { line: error.line } : {}) }
    if (isStackOverflow(error))
      return { ok: false, message: `"${source.relPath}" nests too deeply to read as ${parser.format}: ${TOO_DEEP}`, format: parser.format }
    return {
      ok: false,
      message: `"${source.relPath}" could not be read as ${parser.format}: ${(error as Error)?.message ?? String(error)}`,
      format: parser.format
    }
  }
}

/** Detects (or takes the named) format and parses. Never throws. */
export async function parseEvidence(source: EvidenceSource, options: { format?: string; kinds?: readonly EvidenceKind[] } = {}): Promise<Parsed> {
  const chosen = chooseParser(source, options)
  return chosen.ok ? parseWith(chosen.parser, source) : chosen
}

/** openEvidence, where a file refused as binary gets the sentence of the tool that wrote it (e.g. Gatling 3.12.1+ logs). */
export async function openEvidenceFile(root: string, baseDir: string, ref: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<Opened> {
  const resolved = await resolveInRepo(root, baseDir, ref)
  return resolved.ok ? openResolvedEvidenceFile(resolved, ref, limits) : resolved
}

/** openEvidenceFile for a path resolveInRepo already checked; `ref` is the path as written, for messages. */
export async function openResolvedEvidenceFile(
  resolved: { absPath: string; relPath: string },
  ref: string,
  limits: ReadLimits = DEFAULT_LIMITS
): Promise<Opened> {
  const opened = await openResolved(resolved.absPath, resolved.relPath, limits)
  if (opened.ok || !opened.binaryHead) return opened
  for (const parser of PARSERS) {
    const explained = parser.explainBinary?.(ref, opened.binaryHead)
    if (explained) return failure(explained)
  }
  return opened
}
