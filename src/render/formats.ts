// Format name → renderer: the one list of output formats, read by the CLI (--format) and the action.
import { jsonRenderer } from './json.js'
import { markdownRenderer } from './markdown.js'
import type { Renderer } from './renderer.js'
import { sarifRenderer } from './sarif.js'
import { textRenderer } from './text.js'

export const RENDERERS = {
  text: textRenderer,
  json: jsonRenderer,
  markdown: markdownRenderer,
  sarif: sarifRenderer
} as const satisfies Record<string, Renderer>

export type FormatName = keyof typeof RENDERERS

export const FORMAT_NAMES = Object.keys(RENDERERS) as FormatName[]

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(RENDERERS, name)
}
