// Compiles the JSON Schemas ahead of time (ajv standalone code) into src/schema/generated/validators.cjs (the quick
// validators, bundled) and validators-full.cjs (the full ones, a file of their own loaded for a refused document),
// so no run pays ajv's compiler at start-up (it was over half of a one-system run). `npm run build` runs
// this before bundling; __tests__/schema/generated.test.ts fails when the file is stale.
// CommonJS on purpose: ajv's standalone code requires its runtime helpers (ajv/dist/runtime/*, ajv-formats),
// and a CommonJS default import means the same thing to Node and to ncc's bundler.
import { createRequire } from 'node:module'
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { Ajv } = require('ajv')
const addFormats = require('ajv-formats')
const standaloneCode = require('ajv/dist/standalone').default

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const GENERATED_FILE = 'src/schema/generated/validators.cjs'
/** The full validators' file, next to GENERATED_FILE; the bundles load it from dist/ (an ncc external). */
export const FULL_FILE = 'src/schema/generated/validators-full.cjs'
export const FULL_REQUEST = `./${path.basename(FULL_FILE)}`
const FULL_NAME = path.basename(FULL_FILE)
/** The modules ajv's generated code requires (its runtime helpers and the date formats). */
const RUNTIME_MODULES = ['ajv/dist/runtime/ucs2length', 'ajv-formats/dist/formats']

// Every schema is compiled twice, with one configuration but for its errors; both accept exactly the same
// documents. The full validator reports every error, with the data and schema that src/schema/validate.ts
// turns into sentences (allErrors, verbose). The quick one stops at the first error and records none
// worth reading: most documents are valid, and its code is less than half the full one's, which every
// run would otherwise compile. Strict, so NaN and Infinity are not numbers, except that `required` may
// name properties declared elsewhere (anyOf: [{required: [route]}, {required: [owner]}]); real dates.
const newAjv = (reporting) => addFormats(new Ajv({ ...reporting, strict: true, strictRequired: false, code: { source: true } }), ['date', 'date-time'])
const FULL = { allErrors: true, verbose: true }
const QUICK = { allErrors: false, verbose: false, messages: false }
const STRING = String.raw`"(?:[^"\\]|\\.)*"`
// An error object of the quick code ({instancePath..., schemaPath:"...", keyword:"...", params:{...}}): only
// how many there are counts (anyOf and $ref compare counts), so each becomes one shared empty object.
const QUICK_ERROR = new RegExp(String.raw`\{instancePath(?:${STRING}|[^{}"])*?schemaPath:${STRING},keyword:"\w+",params:\{(?:${STRING}|[^{}"])*\}\}`, 'g')

// Only the schemas the gate validates input against at run time: each validator is code every run
// compiles. The report's schema describes the gate's own output; tests check that output with ajv
// (__tests__/support/schemas.ts), so its validator (about 100 KB of code) stays out of the bundles.
const SCHEMAS = [
  'schemas/manifest.schema.json',
  'schemas/policy.schema.json',
  'schemas/signoff.schema.json',
  'schemas/verdict.schema.json',
  'schemas/evidence/drift.schema.json',
  'schemas/evidence/evaluation.schema.json'
]

/** ajv's quick code for a schema, its error objects made the shared QUICK_ERROR, before pruneSchemaConstants. */
export function quickCodeOf(schema, file = 'schema') {
  const quick = newAjv(QUICK)
  const code = standaloneCode(quick, quick.compile(schema)).replace(QUICK_ERROR, 'QUICK_ERROR')
  if (code.includes('schemaPath:')) throw new Error(`${file}: an error object of ajv's quick code was not recognized; update QUICK_ERROR`)
  return code
}

/** The end (index of the closing bracket) of the JSON object or array opening at `start`. */
function literalEnd(code, start) {
  let depth = 0
  for (let index = start; index < code.length; index++) {
    const c = code[index]
    if (c === '"') {
      for (index++; code[index] !== '"'; index++) if (code[index] === '\\') index++
    } else if (c === '{' || c === '[') depth++
    else if ((c === '}' || c === ']') && --depth === 0) return index
  }
  throw new Error("a schema constant of ajv's quick code does not end")
}

/**
 * ajv's code holds each (sub)schema it refers to as a constant, the whole schema with every description
 * (`const schema11 = {...}`: 16 KB for the manifest), which each run parses and builds on the quick
 * validator's first call. The quick code reads them only as `schemaN.properties` (or a path of them, e.g.
 * `schema11.properties.evidence.properties`), for hasOwnProperty: is a key declared. Each such constant
 * becomes the objects on those paths with their keys alone. A constant read any other way is left whole.
 */
export function pruneSchemaConstants(code) {
  const constants = [...code.matchAll(/const (schema\d+) = (?=[{[])/g)]
  for (const declared of constants.reverse()) {
    const name = declared[1]
    const start = declared.index + declared[0].length
    const end = literalEnd(code, start)
    const schema = JSON.parse(code.slice(start, end + 1))
    const uses = [...code.matchAll(new RegExp(String.raw`\b${name}\b((?:\.[A-Za-z_$][\w$]*|\["[^"\\]*"\])*)`, 'g'))].filter(
      (use) => use.index !== declared.index + 6
    )
    const paths = uses.map((use) => [...use[1].matchAll(/\.([A-Za-z_$][\w$]*)|\["([^"\\]*)"\]/g)].map((step) => step[1] ?? step[2]))
    // `__proto__` as a key would set a prototype in the object literal, not declare a key: left whole.
    if (!paths.every((steps) => steps.at(-1) === 'properties') || /"__proto__"/.test(code.slice(start, end + 1))) continue
    const pruned = {}
    for (const steps of paths) {
      let from = schema
      let to = pruned
      for (const step of steps.slice(0, -1)) {
        from = from?.[step]
        to = to[step] ??= {}
      }
      if (!from || typeof from.properties !== 'object') throw new Error(`${name}.${steps.join('.')} is not in the schema`)
      const keys = (to.properties ??= {})
      for (const key of Object.keys(from.properties)) keys[key] ??= {}
    }
    code = `${code.slice(0, start)}${JSON.stringify(pruned)}${code.slice(end + 1)}`
  }
  return code
}

/** The key a schema's validator is found by: its `$id`, else its `title` (src/schema/validate.ts uses the same). */
export const schemaKey = (schema) => schema.$id ?? schema.title

/** The generated modules' text (quick and full), from the schemas as they are now. Deterministic: same schemas, same text. */
export async function generateValidators() {
  const entries = []
  const fullEntries = []
  for (const file of SCHEMAS) {
    const schema = JSON.parse(await readFile(path.join(root, file), 'utf8'))
    const key = schemaKey(schema)
    if (typeof key !== 'string') throw new Error(`${file} has neither $id nor title to find its validator by`)
    const full = newAjv(FULL)
    const fullCode = standaloneCode(full, full.compile(schema))
    const quickCode = pruneSchemaConstants(quickCodeOf(schema, file))
    const required = [...fullCode.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]).filter((id) => !RUNTIME_MODULES.includes(id))
    if (required.length) throw new Error(`${file}: ajv's full code requires ${required.join(', ')}; add it to RUNTIME_MODULES`)
    // Each validator runs in its own function scope: ajv numbers its names per instance (validate10, schema11...).
    // The quick one is compiled on its first call. The full one is in the other file, loaded for a document
    // the quick one refuses; it gets ajv's runtime helpers from this one (the bundles have no node_modules).
    const scoped = (code, parameter = '') => `function (${parameter}) {\nconst module = { exports: {} };\n${code}\nreturn module.exports;\n}`
    entries.push(`// ${file}\n${JSON.stringify(key)}: twoStage(${scoped(quickCode)}, ${JSON.stringify(key)})`)
    fullEntries.push(`// ${file}\n${JSON.stringify(key)}: ${scoped(fullCode, 'require')}`)
  }
  const quick = `// Generated by scripts/generate-validators.mjs from schemas/*.json (ajv standalone code). Do not edit: \`npm run build\` regenerates it.
/* eslint-disable */
'use strict';
const QUICK_ERROR = {};
/** The modules ajv's full code requires, as the bundles hold them. */
function runtimeModule(id) {
  switch (id) {
${RUNTIME_MODULES.map((id) => `    case ${JSON.stringify(id)}:\n      return require(${JSON.stringify(id)});`).join('\n')}
  }
  throw new Error(\`ajv's code requires \${id}, which ${path.basename(GENERATED_FILE)} does not provide\`);
}
/**
 * The full validator of \`key\`, or why there is none: a sentence after "${FULL_NAME}" (an install without
 * the file, a damaged one, one from another version). A document is then refused with that sentence, never
 * passed and never a crash.
 */
function fullValidator(key) {
  let validators;
  try {
    validators = require(${JSON.stringify(FULL_REQUEST)});
  } catch (error) {
    const message = String((error && error.message) || error);
    if (!(error && error.code === 'MODULE_NOT_FOUND' && message.includes(${JSON.stringify(FULL_REQUEST)}))) return \`could not be loaded (\${message.split('\\n')[0]})\`;
    const from = error.requireStack && error.requireStack[0];
    return \`is missing\${from ? \` from \${from.replace(/[\\\\/][^\\\\/]*$/, '')}\` : ''}\`;
  }
  const factory = validators && validators[key];
  return typeof factory === 'function' ? factory(runtimeModule) : 'has no validator for this schema (it is from another version of readiness-gate)';
}
/** A validator that runs the quick code and, when it refuses the document, the full code for its errors. */
function twoStage(loadQuick, key) {
  let quick;
  let full;
  function validate(data) {
    quick ??= loadQuick();
    if (quick(data)) {
      validate.errors = null;
      return true;
    }
    full ??= fullValidator(key);
    if (typeof full === 'string') {
      validate.errors = [{
        instancePath: '',
        schemaPath: '#',
        keyword: 'incompleteInstall',
        params: {},
        message: \`does not match its schema, and the gate cannot say where: its file ${FULL_NAME} \${full}, so this install of readiness-gate is incomplete. Reinstall it (npm install readiness-gate, or the action at a published tag)\`
      }];
      return false;
    }
    const valid = full(data);
    validate.errors = full.errors;
    return valid;
  }
  validate.errors = null;
  return validate;
}
module.exports = {
${entries.join(',\n')}
};
`
  const full = `// Generated by scripts/generate-validators.mjs from schemas/*.json (ajv standalone code, reporting every error). Do not edit.
// Loaded by ${path.basename(GENERATED_FILE)} for a document its quick validator refuses, never at start: no run that
// needs none of it parses it. Its own file, next to the bundles in dist/ (scripts/build.mjs).
/* eslint-disable */
'use strict';
module.exports = {
${fullEntries.join(',\n')}
};
`
  return { quick, full }
}

export const DECLARATION = `// Generated by scripts/generate-validators.mjs. Validators keyed by schema $id (else title).
import type { ValidateFunction } from 'ajv'
declare const validators: Record<string, ValidateFunction | undefined>
export = validators
`

export async function writeValidators() {
  const target = path.join(root, GENERATED_FILE)
  await mkdir(path.dirname(target), { recursive: true })
  const { quick, full } = await generateValidators()
  await writeFile(target, quick)
  await writeFile(path.join(root, FULL_FILE), full)
  await writeFile(target.replace(/\.cjs$/, '.d.cts'), DECLARATION)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeValidators()
  console.log(`wrote ${GENERATED_FILE}`)
}
