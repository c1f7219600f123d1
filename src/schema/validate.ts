// JSON Schema validation (ajv) whose errors read as plain sentences at the line of the offending key.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { displayPath, type KeyPath } from '../manifest/yaml-doc.js'

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

export interface SchemaProblem {
  path: KeyPath
  message: string
}

let ajv: Ajv | undefined
const compiled = new Map<object, ValidateFunction>()

export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema)
  if (!validate) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: false, verbose: true }), ['date', 'date-time'])
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}

const HANDLE_HINT = 'an @handle such as @alice or @org/team'

export function validateAgainst(schema: object, data: unknown): SchemaProblem[] {
  const validate = compileSchema(schema)
  if (validate(data)) return []
  const problems: SchemaProblem[] = []
  const seen = new Set<string>()
  for (const error of validate.errors ?? []) {
    const problem = explain(error, data)
    const key = `${displayPath(problem.path)}|${problem.message}`
    if (!seen.has(key)) {
      seen.add(key)
      problems.push(problem)
    }
  }
  return problems
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return []
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let value = data
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string | number, unknown>)[segment]
  }
  return value
}

function describe(value: unknown): string {
  if (value === null) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`
  return `${typeof value} ${String(value)}`
}

function explain(error: ErrorObject, data: unknown): SchemaProblem {
  const path = pointerToPath(error.instancePath)
  const where = (p: KeyPath): string => (p.length ? `\`${displayPath(p)}\`` : 'the document')
  const value = valueAt(data, path)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required': {
      const full = [...path, String(params.missingProperty)]
      return { path, message: `${where(full)} is missing` }
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {})
      const close = closest(key, known)
      return { path: [...path, key], message: `${where([...path, key])} is not a known key${close ? ` (did you mean \`${close}\`?)` : ''}` }
    }
    case 'type': {
      if (value === null) return { path, message: `${where(path)} is empty` }
      const wanted = String(params.type)
      const extra = wanted === 'string' && typeof value === 'number' ? `; quote it: "${value}"` : ''
      const article = /^[aeiou]/.test(wanted) ? 'an' : 'a'
      const noun = wanted === 'object' ? 'mapping' : wanted === 'array' ? 'list' : wanted
      return { path, message: `${where(path)} must be ${wanted === 'object' || wanted === 'array' ? 'a' : article} ${noun}, not ${describe(value)}${extra}` }
    }
    case 'enum':
      return { path, message: `${where(path)} must be one of ${(params.allowedValues as unknown[]).join(', ')}, not ${describe(value)}` }
    case 'const':
      return { path, message: `${where(path)} must be "${String(params.allowedValue)}", not ${describe(value)}` }
    case 'format':
      if (params.format === 'date') return { path, message: `${where(path)} must be a real date like 2026-11-02, not ${describe(value)}` }
      return { path, message: `${where(path)} must be a ${String(params.format)}, not ${describe(value)}` }
    case 'pattern': {
      const pattern = String(params.pattern)
      const expected = pattern.startsWith('^@') ? HANDLE_HINT : (error.parentSchema as { description?: string })?.description ?? `text matching ${pattern}`
      return { path, message: `${where(path)} must be ${expected.replace(/\.$/, '')}, not ${describe(value)}` }
    }
    case 'minLength':
      return { path, message: `${where(path)} is empty` }
    case 'minItems':
      return { path, message: `${where(path)} must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const sign = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' }[error.keyword]
      return { path, message: `${where(path)} must be ${sign} ${String(params.limit)}, not ${describe(value)}` }
    }
    default:
      return { path, message: `${where(path)} ${error.message ?? 'is not valid'}` }
  }
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      bestDistance = distance
      best = candidate
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}
