// The one way a parser says no: a ParseFailure with a plain sentence and, when known, the line.
// Field readers deep in a parse throw a FieldProblem instead; guardFields turns it into a failure.
import { ReadProblem } from '../../fs/safe-read.js'
import type { ParseFailure, ParseResult } from '../types.js'

export function failure(message: string, line?: number): ParseFailure {
  return line === undefined ? { ok: false, message } : { ok: false, message, line }
}

/**
 * A line-by-line reader's failure on an error it did not foresee, at the line it was reading. A stack
 * overflow is a value nested deeper than any tool writes (a hostile file): it reads as a sentence, not
 * as the engine's words.
 */
export function unreadableLine(relPath: string, line: number, error: unknown): ParseFailure {
  if (isStackOverflow(error)) return failure(`"${relPath}" line ${line} nests too deeply to read: ${TOO_DEEP}`, line)
  return failure(`"${relPath}" could not be read after line ${line}: ${error instanceof Error ? error.message : String(error)}`)
}

/** Why a stack overflow in a reader is the file's doing. */
export const TOO_DEEP = 'no tool writes values nested this deep'

/** A reader's stack overflowed: walking a value nested deeper than the engine's stack allows. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message)
}

/** A problem with one field of an otherwise readable file; `guardFields` turns it into a ParseFailure. */
export class FieldProblem extends Error {
  constructor(
    message: string,
    readonly line?: number
  ) {
    super(message)
    this.name = 'FieldProblem'
  }
}

/** Runs a field-reading parse and turns a FieldProblem or ReadProblem into a failure; other errors still escape (they are bugs). */
export async function guardFields<T extends ParseResult>(read: () => Promise<T> | T): Promise<T | ParseFailure> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof FieldProblem || error instanceof ReadProblem) return failure(error.message, error.line)
    throw error
  }
}

/** How a wrong value reads in a message: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  // What is left is a scalar (no parsed file holds a function or a symbol: those are named by type).
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : typeof value
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** 1-based line of a character offset in a text (an offset past the end counts the whole text). */
export function lineAt(text: string, offset: number): number {
  let line = 1
  const end = Math.min(offset, text.length)
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++
  return line
}
