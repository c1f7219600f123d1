// Text helpers shared by the GitHub-facing renderers: size limits counted the way GitHub counts them,
// and removal of characters that would break a one-line field.

/** Line breaks, tabs, other C0/C1 controls, DEL, line/paragraph separators and bidi overrides. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g

/** One line of plain text: every run of control characters becomes one space. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE_CHARS, ' ')
}

/** Every control character but the line breaks (terminal escapes, bells, bidi overrides). */
const INVISIBLE_CHARS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g

/** Plain text that may span lines: every run of other control characters becomes one space. */
export function printable(text: string): string {
  return text.replace(INVISIBLE_CHARS, ' ')
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
