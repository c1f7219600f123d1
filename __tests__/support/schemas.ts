// A JSON Schema of schemas/ compiled with ajv as a reader of the project's outputs would: every error, real formats.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { PROJECT } from './action-run.js'

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
type AddFormats = (ajv: Ajv) => Ajv
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

/** The validator of `schemas/<name>`, e.g. 'report.schema.json'. */
export function schemaValidator(name: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  return ajv.compile(JSON.parse(readFileSync(path.join(PROJECT, 'schemas', name), 'utf8')))
}
