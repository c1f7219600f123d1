// Whether the CLI colours its output: FORCE_COLOR forces it on (or off with 0/false), NO_COLOR turns it
// off (https://no-color.org), else a terminal that is not "dumb" gets colour.
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase())
  if (env.NO_COLOR) return false
  return isTTY && env.TERM !== 'dumb'
}
