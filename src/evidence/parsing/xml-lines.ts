// saxes applies XML's end-of-line rule and counts a lone carriage return as a line break, but the gate
// (like git and GitHub's annotations) numbers lines by line feeds only: one stray `\r` would shift every
// later line number, past the end of the file. Feeding saxes a space for each lone `\r` keeps its
// line numbers true; XML treats the two alike between tags and in attribute values.

/** Returns a chunk filter: call it with each decoded chunk, then with `final` for the rest it held back. */
export function loneCarriageReturnsAsSpaces(): (text: string, final?: boolean) => string {
  let held = ''
  return (text, final = false) => {
    let joined = held + text
    held = ''
    // A `\r` ending a chunk may start a `\r\n` split across chunks: decide on it with the next one.
    if (!final && joined.endsWith('\r')) {
      held = '\r'
      joined = joined.slice(0, -1)
    }
    return joined.replace(/\r(?!\n)/g, ' ')
  }
}
