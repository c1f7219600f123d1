// Timing and memory of child processes. Children run asynchronously so that servers in this process
// (the GitHub stand-in) keep answering while they run.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const TIME_V = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/**
 * Every measured child, baselines included, gets this environment and no other: a variable such as
 * NODE_EXTRA_CA_CERTS (set on this machine; Node then loads a CA bundle at every start, ~80 ms) or
 * NODE_OPTIONS would be measured as if it were the gate's own cost.
 */
export const CHILD_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' }

const USAGE_MARK = '@@bench-usage'
/** Without GNU time, a Node child reports its own usage (process.resourceUsage) through this preload. */
const USAGE_HOOK = fileURLToPath(new URL('./usage-hook.mjs', import.meta.url))

/**
 * Runs a command once: wall time in ms (spawn to exit), exit code and output. With `usage`, the command
 * runs under GNU time (when /usr/bin/time exists; else a Node child reports its own) for its peak
 * resident memory (KiB) and CPU time (ms, user + system): on a shared machine CPU time varies less than wall time.
 * `stdinFile` becomes the child's standard input. A run that exceeds `timeoutMs` is killed.
 */
export function runOnce(command, args, { cwd, env, stdinFile, stdout = 'pipe', timeoutMs = 600_000, usage = false } = {}) {
  const [bin, argv] = !usage
    ? [command, args]
    : TIME_V
      ? [TIME_V, ['-f', `${USAGE_MARK} %M %U %S`, command, ...args]]
      : command === process.execPath
        ? [command, ['--import', USAGE_HOOK, ...args]]
        : [command, args]
  return new Promise((resolve, reject) => {
    const stdin = stdinFile ? openSync(stdinFile, 'r') : 'ignore'
    const started = process.hrtime.bigint()
    const child = spawn(bin, argv, { cwd, env: env ?? CHILD_ENV, stdio: [stdin, stdout, 'pipe'] })
    if (typeof stdin === 'number') closeSync(stdin)
    const out = []
    const err = []
    child.stdout?.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      let stderr = Buffer.concat(err).toString('utf8')
      let maxRssKiB
      let cpuMs
      const at = stderr.lastIndexOf(USAGE_MARK)
      if (usage && at !== -1) {
        const [rss, user, system] = stderr
          .slice(at + USAGE_MARK.length)
          .trim()
          .split(/\s+/)
          .map(Number)
        maxRssKiB = rss
        cpuMs = (user + system) * 1000
        stderr = stderr
          .slice(0, at)
          .replace(/Command exited with non-zero status \d+\n$/, '')
          .replace(/\n$/, '')
      }
      resolve({ ms, code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, maxRssKiB, cpuMs, timedOut: signal === 'SIGKILL' })
    })
  })
}

/** Fails loudly when a measured run did not do what it should: a fast failure is not a fast run. */
export function expectExit(result, expected, what) {
  if (result.code !== expected) {
    throw new Error(`${what} exited with ${result.code ?? result.signal} (expected ${expected})\n${result.stderr.slice(-2000)}\n${result.stdout.slice(-2000)}`)
  }
  return result
}

/**
 * Runs each named command `runs` times, round-robin (so a noisy neighbour slows all of them alike),
 * after `warmup` untimed rounds. Each command returns its wall time in ms, or a run with `ms` and
 * `cpuMs`. Returns per command the median wall time, the median CPU time when known, and every sample.
 */
export async function medianRounds(commands, { runs, warmup = 1 }) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, { wall: [], cpu: [] }]))
  for (let round = 0; round < warmup + runs; round++) {
    for (const [name, run] of Object.entries(commands)) {
      const result = await run()
      if (round < warmup) continue
      samples[name].wall.push(typeof result === 'number' ? result : result.ms)
      if (typeof result === 'object' && result.cpuMs !== undefined) samples[name].cpu.push(result.cpuMs)
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, { wall, cpu }]) => [
      name,
      { medianMs: median(wall), samplesMs: wall, ...(cpu.length === wall.length ? { medianCpuMs: median(cpu) } : {}) }
    ])
  )
}

/** The spread of samples as people read it: "min–max". */
export function spread(samples, format = (ms) => ms.toFixed(0)) {
  return `${format(Math.min(...samples))}–${format(Math.max(...samples))}`
}

export const round = (value, digits = 1) => (value === undefined || value === null || Number.isNaN(value) ? value : Number(value.toFixed(digits)))

export function formatMs(ms) {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`
}

export function formatBytes(bytes) {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} B`
}
