// The GitHub Actions runner's protocol, as @actions/core speaks it: inputs from INPUT_* variables,
// workflow commands on stdout (`::error file=...::message`), outputs and the job summary appended to the
// files the runner names. The same names and behaviour as @actions/core's functions of the same name,
// without its import cost: @actions/core loads @actions/http-client and undici (an HTTP stack, for
// OIDC tokens the gate never asks for) at start, a third of the action's start-up before this
// (docs/performance.md). __tests__/github/runner.test.ts holds it to @actions/core's output.
import { appendFileSync, closeSync, constants, existsSync, openSync, readSync } from 'node:fs'
import { access, appendFile } from '../fs/callback-fs.js'
import { EOL } from 'node:os'

export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/** An input of the action (`with:`), trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/** A multi-line input: its non-empty lines, trimmed. */
export function getMultilineInput(name: string): string[] {
  return getInput(name)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.trim())
}

/** A boolean input in YAML 1.2 core schema spelling; anything else throws. */
export function getBooleanInput(name: string): boolean {
  const value = getInput(name)
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new TypeError(
    `Input does not meet YAML 1.2 "Core Schema" specification: ${name}\nSupport boolean input list: \`true | True | TRUE | false | False | FALSE\``
  )
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', commandProperties(properties), message)
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', commandProperties(properties), message)
}

/** Fails the step: exit code 1 and an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** An output of the step, through the GITHUB_OUTPUT file (a heredoc with a random delimiter). */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT || ''
  if (!file) {
    process.stdout.write(EOL)
    issueCommand('set-output', { name }, value)
    return
  }
  const delimiter = `ghadelimiter_${randomUuid()}`
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Unexpected input: the output ${name} contains the delimiter "${delimiter}"`)
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

/**
 * A random (version 4) UUID, as crypto.randomUUID() makes, from the system's random source. Loading
 * node:crypto only for this cost 25-34 M instructions, 2.5-3.7% of a run in mode evaluate
 * (docs/performance.md). Where /dev/urandom cannot be read (Windows), Web Crypto's randomUUID().
 */
export function randomUuid(): string {
  const bytes = Buffer.alloc(16)
  let filled = 0
  try {
    const fd = openSync('/dev/urandom', 'r')
    try {
      while (filled < 16) {
        const read = readSync(fd, bytes, filled, 16 - filled, null)
        if (read <= 0) break
        filled += read
      }
    } finally {
      closeSync(fd)
    }
  } catch {
    filled = 0
  }
  if (filled < 16) return globalThis.crypto.randomUUID()
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The job summary: text added, then appended to the GITHUB_STEP_SUMMARY file by write(). */
class Summary {
  private buffer = ''

  addRaw(text: string): this {
    this.buffer += text
    return this
  }

  async write(): Promise<void> {
    const file = process.env.GITHUB_STEP_SUMMARY
    if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
    try {
      await access(file, constants.R_OK | constants.W_OK)
    } catch {
      throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`)
    }
    await appendFile(file, this.buffer)
    this.buffer = ''
  }
}

export const summary = new Summary()

function commandProperties(properties: AnnotationProperties): Record<string, string | number | undefined> {
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn
  }
}

/** `::command key=value,...::message`, escaped as the runner unescapes it. */
function issueCommand(command: string, properties: Record<string, string | number | undefined>, message: string): void {
  const fields = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
  process.stdout.write(`::${command}${fields.length ? ` ${fields.join(',')}` : ''}::${escapeData(message)}${EOL}`)
}

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
