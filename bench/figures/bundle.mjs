// Figure 5, bundles: size of dist/index.js and dist/cli.js (and gzipped, as the runner downloads the
// action), whether ncc's minifier really ran on the ESM output, and the start-up cost of loading each:
// `cli.js --version`, and the action with no event (it loads, finds no workflow context and fails fast),
// against bare `node -e 0`.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { formatBytes, formatMs, medianRounds, round, runOnce } from '../lib/measure.mjs'
import { PROJECT } from '../lib/paths.mjs'

export async function bundleFigure({ results, dist, runs }) {
  const bundles = [
    { id: 'cli', file: path.join(dist, 'cli.js'), load: ['--version'], exit: 0, what: '`cli.js --version`' },
    { id: 'action', file: path.join(dist, 'index.js'), load: [], exit: 1, what: 'action, no event (fails fast)' }
  ].filter((bundle) => {
    if (existsSync(bundle.file)) return true
    results.skip({
      id: `bundle.${bundle.id}`,
      label: path.basename(bundle.file),
      why: `pending: ${path.relative(process.cwd(), bundle.file)} does not exist yet`
    })
    return false
  })
  const commands = { bare: async () => runOnce(process.execPath, ['-e', '0'], { usage: true }) }
  for (const bundle of bundles) {
    // No GITHUB_* or INPUT_* variables (CHILD_ENV): the action stops at reading its context.
    commands[bundle.id] = async () => {
      const run = await runOnce(process.execPath, [bundle.file, ...bundle.load], { cwd: dist, usage: true })
      if (run.code !== bundle.exit) throw new Error(`${bundle.what} exited with ${run.code}:\n${run.stderr.slice(-1000)}${run.stdout.slice(-1000)}`)
      return run
    }
  }
  const timed = await medianRounds(commands, { runs })
  const bare = timed.bare.medianMs
  for (const bundle of bundles) {
    const code = readFileSync(bundle.file)
    const text = code.toString('utf8')
    const lines = text.split('\n').length
    // ncc's webpack runtime writes `/***/` module markers and indented code; terser leaves neither.
    const minified = !text.includes('\n/***/') && code.length / lines > 1000
    const committed = committedSize(bundle.file)
    // Neither entry loads the GitHub client at start: no Octokit, no undici (its HTTP stack), no
    // @actions/core. The action loads it from chunk files (`<id>.index.js`) on its first request.
    // Markers of the libraries' own code (names the gate gives its loader, such as createOctokit, do not count).
    const githubClient = /undici|octokit-core|@octokit\/|ACTIONS_STEP_DEBUG/i.test(text)
    // Chunk files are loaded only when needed: the GitHub client on the first request, the PromQL grammar, the CLI's fleet command.
    const chunkSuffix = bundle.id === 'action' ? '.index.js' : '.cli.js'
    const chunks = readdirSync(dist).filter((name) => /^\d+\./.test(name) && name.endsWith(chunkSuffix))
    const chunkBytes = chunks.reduce((sum, name) => sum + readFileSync(path.join(dist, name)).length, 0)
    results.add({
      id: `bundle.${bundle.id}.size`,
      label: `dist/${path.basename(bundle.file)}`,
      value: code.length,
      unit: 'bytes',
      shown:
        `${formatBytes(code.length)} (${code.length.toLocaleString('en-US')} bytes; gzip ${formatBytes(gzipSync(code).length)}), ${minified ? 'minified' : 'NOT minified'} (${lines} lines), ` +
        `${githubClient ? 'with' : 'without'} the GitHub client at start` +
        (chunks.length
          ? `; ${chunks.length} chunk files loaded only when needed (the GitHub client on the first request, the PromQL grammar for alert rules${bundle.id === 'cli' ? ', the fleet command' : ''}): ${formatBytes(chunkBytes)}`
          : ''),
      ...(committed !== undefined ? { baseline: { label: 'committed at HEAD', value: committed, unit: 'bytes', shown: formatBytes(committed) } } : {}),
      goal: 'minified, without the GitHub client at start',
      met: minified && !githubClient
    })
    const loadMs = timed[bundle.id].medianMs
    results.add({
      id: `bundle.${bundle.id}.load`,
      label: `  load ${bundle.what}`,
      value: round(loadMs),
      unit: 'ms',
      shown: formatMs(loadMs),
      baseline: { label: 'node -e 0', value: round(bare), unit: 'ms', shown: formatMs(bare) },
      ratioShown: `×${(loadMs / bare).toFixed(2)}, +${formatMs(loadMs - bare)}`,
      detail: `median of ${runs} runs, round-robin${timed[bundle.id].medianCpuMs !== undefined ? `; CPU time ${formatMs(timed[bundle.id].medianCpuMs)} (bare Node ${formatMs(timed.bare.medianCpuMs)})` : ''}`
    })
  }
}

/** The size of the bundle as committed (undefined outside git or when it is not committed yet). */
function committedSize(file) {
  try {
    const relative = path.relative(PROJECT, file)
    if (relative.startsWith('..')) return undefined
    return execFileSync('git', ['cat-file', '-s', `HEAD:${relative}`], { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() * 1
  } catch {
    return undefined
  }
}
