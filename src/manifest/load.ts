// Loads one readiness manifest: size cap, YAML with positions, JSON Schema validation.
// Every problem is a failing finding at the exact line; nothing here throws.
import path from 'node:path'
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' }
import { readTextFile } from '../fs/safe-read.js'
import type { ProblemId } from '../report/problems.js'
import type { Finding, Stage } from '../report/types.js'
import { STAGES } from '../report/types.js'
import { validateAgainst } from '../schema/validate.js'
import { isAboutFraction, normalizeFractions } from '../schema/fraction.js'
import type { Manifest } from './types.js'
import { displayPath, parseYamlDocument, type KeyPath } from '../yaml/located.js'
import { docUrl } from '../report/links.js'

export interface LoadedManifest {
  /** Repo-relative POSIX path. */
  relPath: string
  /** Absolute folder of the manifest; evidence paths are relative to it. */
  dir: string
  /** The data when the file parsed as a YAML mapping (even if the schema found problems), else undefined. */
  data: Manifest | undefined
  /** Parse and schema problems, as failing findings. */
  problems: Finding[]
  /** The key path each schema problem is about, so a requirement reading that key can tell it once. */
  problemKeys?: ReadonlyMap<Finding, KeyPath>
  /** The system name (from `system:`, else the manifest path). */
  name: string
  stage: Stage | null
  locate(path: KeyPath): { file: string; line: number; column: number; found: boolean }
}

/** The manifest's 0–1 fractions: a percentage ("1%") or a fraction below 1, never a guessed unit. */
export const MANIFEST_FRACTIONS: readonly KeyPath[] = [['evidence', 'slo', 'error-rate']]

export async function loadManifest(root: string, relPath: string, maxBytes: number): Promise<LoadedManifest> {
  const absPath = path.join(root, relPath)
  const read = await readTextFile(absPath, relPath, maxBytes)
  if (!read.ok) return unusable(root, relPath, 'manifest.file', `${read.message}`)
  return parseManifest(root, relPath, read.text)
}

export function parseManifest(root: string, relPath: string, text: string): LoadedManifest {
  const dir = path.dirname(path.join(root, relPath))
  const parsed = parseYamlDocument(text, 'The manifest')
  if (!parsed.ok) {
    const problems: Finding[] = parsed.problems.map((problem) => ({
      rule: 'manifest.parse',
      status: 'fail',
      message: `${problem.message}.`,
      file: relPath,
      line: problem.line,
      column: problem.column,
      hint: 'Fix the YAML at this line; `readiness-gate init` writes a valid skeleton.'
    }))
    return { relPath, dir, data: undefined, problems, name: relPath, stage: null, locate: atTop(relPath) }
  }
  const locate = (keyPath: KeyPath): { file: string; line: number; column: number; found: boolean } => ({ file: relPath, ...parsed.document.locate(keyPath) })
  const problems: Finding[] = []
  const data = parsed.document.value
  if (data === null || data === undefined) {
    return unusable(root, relPath, 'manifest.schema', 'The manifest is empty.', locate)
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return unusable(root, relPath, 'manifest.schema', 'The manifest must be a mapping of keys (system:, stage:, ...), not a list or a single value.', locate)
  }
  const problemKeys = new Map<Finding, KeyPath>()
  const schemaProblems = validateAgainst(manifestSchema, data).filter((problem) => !isAboutFraction(problem, MANIFEST_FRACTIONS))
  for (const problem of [...schemaProblems, ...normalizeFractions(data, MANIFEST_FRACTIONS)]) {
    const at = locate(problem.path)
    const finding: Finding = {
      rule: 'manifest.schema',
      status: 'fail',
      message: sentence(problem.message),
      file: relPath,
      line: at.line,
      column: at.column,
      hint: problem.fix ?? keyHint(problem.path)
    }
    problems.push(finding)
    problemKeys.set(finding, problem.path)
  }
  problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0))
  const manifest = data as Manifest
  const name = typeof manifest.system === 'string' && manifest.system.trim() ? manifest.system : relPath
  const stage = STAGES.includes(manifest.stage as Stage) ? (manifest.stage as Stage) : null
  return { relPath, dir, data: manifest, problems, problemKeys, name, stage, locate }
}

/** The fix for a schema problem: what the key is for (the schema's description), and where every key is told. */
function keyHint(keyPath: KeyPath): string {
  let schema: SchemaNode | undefined = manifestSchema as SchemaNode
  for (const segment of keyPath) {
    schema =
      typeof segment === 'number'
        ? schema?.items
        : (schema?.properties?.[segment] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined))
  }
  const description =
    keyPath.length > 0 && typeof schema?.description === 'string' ? `\`${displayPath(keyPath)}\`: ${schema.description.replace(/\.$/, '')}. ` : ''
  return `${description}What each key takes: ${docUrl('manifest.md')}`
}

interface SchemaNode {
  description?: unknown
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  additionalProperties?: SchemaNode | boolean
}

/** A manifest that cannot be used at all: one failing finding at line 1 (or where `locate` says). */
export function unusable(root: string, relPath: string, rule: ProblemId, message: string, locate?: LoadedManifest['locate']): LoadedManifest {
  return {
    relPath,
    dir: path.dirname(path.join(root, relPath)),
    data: undefined,
    problems: [
      {
        rule,
        status: 'fail',
        message: sentence(message),
        file: relPath,
        line: 1,
        hint: 'Fix the manifest file; `readiness-gate init` writes a valid skeleton.'
      }
    ],
    name: relPath,
    stage: null,
    locate: locate ?? atTop(relPath)
  }
}

/** A `locate` for a manifest whose keys cannot be found: everything is at line 1. */
const atTop =
  (relPath: string): LoadedManifest['locate'] =>
  () => ({ file: relPath, line: 1, column: 1, found: false })

function sentence(text: string): string {
  const trimmed = text.trim()
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
