// JSON Schema validation whose errors read as plain sentences at the line of the offending key.
// The validators are ajv standalone code compiled ahead of time (scripts/generate-validators.mjs):
// compiling the schemas with ajv at start-up cost more than the rest of a one-system run.
import type { ErrorObject, ValidateFunction } from 'ajv'
import validators from './generated/validators.cjs'
import { displayPath, type KeyPath } from '../yaml/located.js'
import { closest } from './closest.js'

export interface SchemaProblem {
  path: KeyPath
  message: string
  /** The fix when it is not in the document: an incomplete install of the gate, to reinstall. */
  fix?: string
}

/** The fix for a document the quick validator refused when the full one, which says where, is not installed. */
export const REINSTALL_FIX = 'Reinstall readiness-gate as the message says, then run it again: it will say where the document is wrong.'

/** The validator generated for this schema (found by `$id`, else `title`). A schema without one is a build mistake. */
export function compiledValidator(schema: object): ValidateFunction {
  const { $id, title } = schema as { $id?: string; title?: string }
  const validate = validators[$id ?? title ?? '']
  if (!validate) throw new Error(`the schema "${$id ?? title}" has no validator compiled ahead of time; run \`node scripts/generate-validators.mjs\``)
  return validate
}

/** What a handle pattern admits: a team (@org/team) only where the pattern has a slash part. */
const handleHint = (pattern: string): string =>
  pattern.includes('/')
    ? 'an @handle such as @alice or @org/team'
    : "a person's @login such as @alice, not a team (a person signs and approves the pull request)"

/**
 * How problems read. `findings`, for the files people write for the gate (manifest, policy,
 * sign-offs), which list every problem: key paths in backticks, the value found, a did-you-mean for
 * an unknown key. `evidence`, for evidence files, which stop at their first problem: bare field
 * paths, and the schema's description of the field as a hint.
 */
type Voice = 'findings' | 'evidence'

/** Every problem of `data`, in the findings voice; none when it is valid. */
export function validateAgainst(schema: object, data: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  const seen = new Set<string>()
  for (const error of schemaErrors(schema, data) ?? []) {
    const problem = explain(error, 'findings')
    const key = `${displayPath(problem.path)}|${problem.message}`
    if (!seen.has(key)) {
      seen.add(key)
      problems.push(problem)
    }
  }
  return problems
}

/**
 * The one problem that says best why `data` is invalid, in the evidence voice; undefined when it is
 * valid. The deepest error is the most specific; at equal depth an unknown field comes first (a typo
 * explains the "missing" field it misspells), and a plain error before an alternative of an anyOf.
 */
export function mostSpecificProblem(schema: object, data: unknown): SchemaProblem | undefined {
  const errors = schemaErrors(schema, data)
  if (!errors) return undefined
  const depth = (error: ErrorObject): number => pointerToPath(error.instancePath).length
  const unknownField = (error: ErrorObject): number => (error.keyword === 'additionalProperties' ? 0 : 1)
  const inAnyOf = (error: ErrorObject): number => (error.schemaPath.includes('/anyOf/') ? 1 : 0)
  const chosen = errors
    .filter((error) => !['anyOf', 'oneOf', 'if', 'allOf'].includes(error.keyword))
    .sort((a, b) => depth(b) - depth(a) || unknownField(a) - unknownField(b) || inAnyOf(a) - inAnyOf(b))[0]
  if (!chosen) return { path: [], message: `${where([], 'evidence')} does not match its schema` }
  // Fields that are alternatives (anyOf: [{required: [route]}, {required: [owner]}]) are named together.
  const alternatives = errors.filter(
    (error) => error.keyword === 'required' && /\/anyOf\/\d+\/required$/.test(error.schemaPath) && error.instancePath === chosen.instancePath
  )
  if (alternatives.includes(chosen) && new Set(alternatives.map((error) => error.schemaPath)).size > 1) {
    const path = pointerToPath(chosen.instancePath)
    return { path, message: `${where(path, 'evidence')} needs ${alternatives.map((error) => `"${String(error.params.missingProperty)}"`).join(' or ')}` }
  }
  return explain(chosen, 'evidence')
}

/** The validator's errors, or undefined when `data` is valid. */
function schemaErrors(schema: object, data: unknown): ErrorObject[] | undefined {
  const validate = compiledValidator(schema)
  return validate(data) ? undefined : (validate.errors ?? [])
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return []
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

function where(path: KeyPath, voice: Voice): string {
  if (voice === 'evidence') return path.length ? displayPath(path) : 'the file'
  return path.length ? `\`${displayPath(path)}\`` : 'the document'
}

function describe(value: unknown): string {
  if (value === null) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? `${typeof value} ${value}` : typeof value
}

/** `a string`, `an integer`, `a list`; an object is a mapping in the findings voice, a map in the evidence voice. */
function typeName(type: string, voice: Voice): string {
  if (type === 'object') return voice === 'findings' ? 'a mapping' : 'a map'
  if (type === 'array') return 'a list'
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

/** One ajv error as a sentence (without its final period) about the path it names. Requires errors compiled with `verbose` (`data`, `parentSchema`). */
function explain(error: ErrorObject, voice: Voice): SchemaProblem {
  const findings = voice === 'findings'
  const path = pointerToPath(error.instancePath)
  const at = where(path, voice)
  const value: unknown = error.data
  const params = error.params as Record<string, unknown>
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description
  // After the rule, findings show the value found; evidence shows what the schema says the field is.
  const found = findings ? `, not ${describe(value)}` : ''
  const hint = !findings && typeof description === 'string' ? ` (${description})` : ''
  switch (error.keyword) {
    case 'required': {
      const key = String(params.missingProperty)
      return { path, message: findings ? `${where([...path, key], voice)} is missing` : `${at} is missing "${key}"` }
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      if (!findings) return { path: [...path, key], message: `${at} has an unknown field "${key}"` }
      const close = closest(key, Object.keys((error.parentSchema as { properties?: object })?.properties ?? {}))
      return { path: [...path, key], message: `${where([...path, key], voice)} is not a known key${close ? ` (did you mean \`${close}\`?)` : ''}` }
    }
    case 'type': {
      if (findings && value === null) return { path, message: `${at} is empty` }
      const wanted = String(params.type)
      const quote = findings && wanted === 'string' && typeof value === 'number' ? `; quote it: "${value}"` : ''
      return { path, message: `${at} must be ${typeName(wanted, voice)}${hint}${found}${quote}` }
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[]
      return { path, message: `${at} must be one of ${allowed.map((v) => (findings ? String(v) : JSON.stringify(v))).join(', ')}${found}` }
    }
    case 'const':
      return { path, message: `${at} must be ${JSON.stringify(params.allowedValue)}${found}` }
    case 'format':
    case 'pattern': {
      if (!findings) return { path, message: `${at} ${JSON.stringify(value)} is not in the expected form${hint}` }
      if (params.format === 'date') return { path, message: `${at} must be a real date like 2026-11-02${found}` }
      if (error.keyword === 'format') return { path, message: `${at} must be a ${String(params.format)}${found}` }
      const pattern = String(params.pattern)
      if (pattern.startsWith('^@')) return { path, message: `${at} must be ${handleHint(pattern)}${found}` }
      // The description is a sentence of its own ("The system's name: letters, ..."): quoted after the value, not pasted into this one.
      const form = typeof description === 'string' ? ` (${description.replace(/\.$/, '')})` : ` (text matching ${pattern})`
      return { path, message: `${at} is ${describe(value)}, which is not in the allowed form${form}` }
    }
    case 'minLength':
      return { path, message: findings ? `${at} is empty` : `${at} must not be empty` }
    case 'minItems':
      return { path, message: `${at} must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const sign = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' }[error.keyword]
      return { path, message: `${at} must be ${sign} ${String(params.limit)}${hint}${found}` }
    }
    case 'incompleteInstall':
      return { path, message: `${at} ${error.message ?? 'is not valid'}`, fix: REINSTALL_FIX }
    default:
      return { path, message: `${at} ${error.message ?? 'is not valid'}${hint}` }
  }
}
