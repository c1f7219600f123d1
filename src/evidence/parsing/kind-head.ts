// Whether a file's head declares one of readiness-gate's own evidence kinds (`kind: evaluation` as a
// YAML line, or `"kind": "evaluation"` in a JSON object), for the parsers of the gate's own formats.

/**
 * The test `/^kind\s*:\s*["']?K["']?\s*(?:#.*)?$/m.test(head) || /^\s*\{[\s\S]*"kind"\s*:\s*"K"/.test(head)`,
 * with less scanning: every evaluation-kind file (a 1 MB promptfoo output among them) is tried with it
 * before its own parser, and `[\s\S]*` runs to the end of the 64 KiB head and backtracks from there
 * (0.1-0.4 ms a file). Neither pattern matches without the text "kind". The JSON form needs the head
 * to open with `{` after white space only, and then `"kind": "K"` anywhere: it cannot lie in the white
 * space before the brace, so it is looked for in the whole head.
 */
export function kindDeclaration(kind: string): (head: string) => boolean {
  const yamlLine = new RegExp(`^kind\\s*:\\s*["']?${kind}["']?\\s*(?:#.*)?$`, 'm')
  const jsonKey = new RegExp(`"kind"\\s*:\\s*"${kind}"`)
  return (head) => head.includes('kind') && (yamlLine.test(head) || (/^\s*\{/.test(head) && jsonKey.test(head)))
}
