// The one sanitiser for repository text on its way out (terminal, log annotations, check runs, markdown):
// one set of dangerous characters, three presentations, and the size limits counted the way GitHub counts.

/**
 * What must never reach an output as itself: C0 and C1 controls (C1 includes CSI and OSC, which move
 * the cursor or recolour a terminal), DEL, the line and paragraph separators, and the bidi overrides
 * and isolates that reorder what a reader sees.
 */
const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069'
const ANY_CONTROL_RUN = new RegExp(`[${CONTROLS}]+`, 'g')
/** The same set but the line feed and carriage return, for text that may span lines. */
const CONTROL_RUN_BUT_LINE_BREAKS = new RegExp(`[${CONTROLS.replace('\\u0000-\\u001f', '\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f')}]+`, 'g')
const ANY_CONTROL = new RegExp(`[${CONTROLS}]`, 'g')

/** One line of plain text (a title, a table cell, a property): every run of controls becomes one space. */
export function oneLine(text: string): string {
  return text.replace(ANY_CONTROL_RUN, ' ')
}

/** Plain text that may span lines (an annotation message): line breaks kept, every other run of controls one space. */
export function plainLines(text: string): string {
  return text.replace(CONTROL_RUN_BUT_LINE_BREAKS, ' ')
}

/**
 * One line for a terminal, where a reader may need to see that a file holds control characters: each
 * shows as its escape (`\x1b`, `\u202e`); a line break is a space and a tab stays a tab.
 */
export function terminalLine(text: string): string {
  return text.replace(ANY_CONTROL, (c) => {
    if (c === '\n') return ' '
    if (c === '\t') return c
    const code = c.charCodeAt(0)
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`
  })
}

/** At most `max` characters (code points, so a surrogate pair is never split), with "…" when cut. */
export function truncateChars(text: string, max: number): string {
  // String length counts UTF-16 units; it is an upper bound of the code point count.
  if (text.length <= max) return text
  const points = Array.from(text)
  if (points.length <= max) return text
  return points.slice(0, Math.max(0, max - 1)).join('') + '…'
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never ending inside a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text
  let bytes = 0
  let end = 0
  for (const point of text) {
    const size = utf8Bytes(point)
    if (bytes + size > maxBytes) break
    bytes += size
    end += point.length
  }
  return text.slice(0, end)
}
