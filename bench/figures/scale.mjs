// Figure 2, monorepo scale: repositories of N systems (copies of examples/production-ready, all
// linking one shared Prometheus rules file for monitoring and drift), evaluated by the CLI. Total and
// per-system time, growth between sizes (goal: linear or better), peak memory, and proof that each
// file is read and parsed once (counted in the child by bench/lib/count-reads.mjs, not by the gate).
// Beside each timed run, in the same rounds, bare Node reads and decodes the same files and
// JSON.parse-s the JSON ones (bench/lib/read-parse.mjs): what no gate can skip, so the figure also
// shows what the gate adds over it (docs/performance.md, round five: the example's evidence grew ~24×
// after the 1,000-system goal was set).
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { CHILD_ENV, expectExit, formatBytes, formatMs, median, round, runOnce, spread } from '../lib/measure.mjs'
import { EVALUATION_DAY, monorepo, SHARED_RULES, sharedRules } from '../lib/repos.mjs'

const COUNTER = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../lib/count-reads.mjs')
const READ_PARSE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../lib/read-parse.mjs')
/** Evidence files each system links to its own copies (monitoring and drift link the shared file). */
const OWN_EVIDENCE = 6
/** Time for 1,000 systems. */
const GOAL_1000_MS = 3000

export async function scaleFigure({ results, dist, out, quick, keep }) {
  const sizes = quick ? [10, 100] : [10, 100, 1000]
  const runs = quick ? 3 : 5
  const cli = path.join(dist, 'cli.js')
  let previous
  try {
    for (const systems of sizes) {
      const repo = path.join(out, 'scale', `systems-${systems}`)
      monorepo(repo, systems)
      const args = [cli, 'check', '--now', EVALUATION_DAY]
      const check = async (options = {}) => {
        const run = expectExit(await runOnce(process.execPath, args, { cwd: repo, ...options }), 0, `the CLI on ${systems} systems`)
        if (!run.stdout.includes(`${systems} of ${systems} systems ready`)) throw new Error(`not every system passed:\n${run.stdout.slice(-2000)}`)
        return run
      }
      // Untimed: the page cache warmed, then the reads counted.
      await check()
      const counts = path.join(out, 'scale', `counts-${systems}.json`)
      const counted = await runOnce(process.execPath, ['--import', COUNTER, ...args], { cwd: repo, env: { ...CHILD_ENV, READINESS_BENCH_COUNTS: counts } })
      expectExit(counted, 0, `the counted CLI run on ${systems} systems`)
      const reads = summarizeReads(JSON.parse(readFileSync(counts, 'utf8')), repo)
      const samples = []
      const cpu = []
      const floorSamples = []
      const floorCpu = []
      let floorRead = ''
      let rss = 0
      for (let run = 0; run < runs; run++) {
        // Round-robin: the read-and-parse baseline, then the gate, so a busy neighbour slows both alike.
        const floor = expectExit(await runOnce(process.execPath, [READ_PARSE, repo], { usage: true }), 0, `reading and parsing ${systems} systems`)
        floorRead = floor.stdout.trim()
        floorSamples.push(floor.ms)
        if (floor.cpuMs !== undefined) floorCpu.push(floor.cpuMs)
        const timed = await check({ usage: true })
        samples.push(timed.ms)
        if (timed.cpuMs !== undefined) cpu.push(timed.cpuMs)
        if (timed.maxRssKiB) rss = Math.max(rss, timed.maxRssKiB * 1024)
      }
      const total = median(samples)
      const cpuMs = cpu.length ? median(cpu) : undefined
      const floorMs = median(floorSamples)
      const floorCpuMs = floorCpu.length ? median(floorCpu) : undefined
      const perSystem = total / systems
      results.add({
        id: `scale.${systems}`,
        label: `${systems.toLocaleString('en-US')} systems`,
        value: round(total),
        unit: 'ms',
        shown: `${formatMs(total)} total, ${formatMs(perSystem)} per system, peak RSS ${rss ? formatBytes(rss) : 'unknown'}`,
        ...(previous
          ? {
              baseline: {
                label: `${previous.systems.toLocaleString('en-US')} systems`,
                value: round(previous.total),
                unit: 'ms',
                shown: formatMs(previous.total)
              },
              ratioShown: `growth ×${(total / previous.total).toFixed(2)} for ×${systems / previous.systems} systems`,
              goal: `growth ≤ ×${systems / previous.systems}${systems === 1000 ? `, under ${formatMs(GOAL_1000_MS)}` : ''}`,
              met: total / previous.total <= systems / previous.systems && (systems !== 1000 || total < GOAL_1000_MS)
            }
          : {}),
        detail: `median of ${runs} runs, spread ${spread(samples)} ms; samples ${samples.map((ms) => ms.toFixed(0)).join(' ')} ms${cpuMs !== undefined ? `; CPU time ${formatMs(cpuMs)} (${formatMs(cpuMs / systems)} per system)` : ''}`
      })
      Object.assign(results.figures.at(-1), { perSystemMs: round(perSystem, 2), peakRssBytes: rss || undefined, cpuMs: round(cpuMs) })
      const overCpu = cpuMs !== undefined && floorCpuMs !== undefined ? cpuMs - floorCpuMs : undefined
      results.add({
        id: `scale.${systems}.over-read-parse`,
        label: `  over reading and parsing, ${systems.toLocaleString('en-US')} systems`,
        value: round(total - floorMs),
        unit: 'ms',
        shown:
          overCpu !== undefined
            ? `+${formatMs(overCpu)} of CPU (${formatMs(overCpu / systems)} per system), +${formatMs(total - floorMs)} wall`
            : `+${formatMs(total - floorMs)} wall`,
        baseline: {
          label: 'bare Node reading the same files and JSON.parse-ing the JSON ones',
          value: round(floorMs),
          unit: 'ms',
          shown: `${formatMs(floorMs)}${floorCpuMs !== undefined ? `, CPU ${formatMs(floorCpuMs)}` : ''}`
        },
        ratioShown: `×${(total / floorMs).toFixed(2)} wall${cpuMs !== undefined && floorCpuMs ? `, ×${(cpuMs / floorCpuMs).toFixed(2)} CPU` : ''}`,
        detail: `bench/lib/read-parse.mjs, median of ${runs} runs alternated with the gate's, spread ${spread(floorSamples)} ms: ${floorRead}`
      })
      Object.assign(results.figures.at(-1), {
        cpuMs: round(overCpu),
        perSystemCpuMs: overCpu !== undefined ? round(overCpu / systems, 2) : undefined,
        baselineCpuMs: round(floorCpuMs)
      })
      const links = systems * (OWN_EVIDENCE + 2)
      results.add({
        id: `scale.${systems}.reads`,
        label: `  reads at ${systems.toLocaleString('en-US')} systems`,
        value: Math.max(reads.maxOpened, reads.maxStreamed),
        unit: 'reads of one file (most)',
        shown:
          `${reads.openedFiles.toLocaleString('en-US')} files read for ${links.toLocaleString('en-US')} evidence links (and the manifests and sign-offs); most reads of one file: ${reads.maxOpened}; ` +
          `the shared rules file (${(systems * 2).toLocaleString('en-US')} links, for monitoring and drift): read ${reads.sharedOpened}, parsed ${reads.sharedStreamed}`,
        goal: 'each file read and parsed once',
        met: reads.maxOpened === 1 && reads.maxStreamed === 1 && reads.sharedOpened === 1 && reads.sharedStreamed === 1,
        detail:
          "counted in the child by bench/lib/count-reads.mjs: fs.openSync reads a file's first 64 KiB (all of a smaller file, which is then parsed from memory), " +
          `a larger one is read again in full to parse it, in one synchronous read or streamed (the shared file is ${formatBytes(sharedRules().length)}); ${reads.git} git processes`
      })
      Object.assign(results.figures.at(-1), { reads })
      previous = { systems, total }
      if (!keep) rmSync(repo, { recursive: true, force: true })
    }
  } finally {
    if (!keep) rmSync(path.join(out, 'scale'), { recursive: true, force: true })
  }
}

function summarizeReads(counts, repo) {
  const inRepo = (table) => Object.entries(table).filter(([file]) => file.startsWith(repo))
  const opened = inRepo(counts.opened)
  const streamed = inRepo(counts.streamed)
  const shared = path.join(repo, SHARED_RULES)
  return {
    openedFiles: opened.length,
    streamedFiles: streamed.length,
    maxOpened: Math.max(0, ...opened.map(([, count]) => count)),
    maxStreamed: Math.max(0, ...streamed.map(([, count]) => count)),
    sharedOpened: counts.opened[shared] ?? 0,
    sharedStreamed: counts.streamed[shared] ?? 0,
    git: counts.git
  }
}
