// Figure 3, big evidence: `readiness-gate inspect` on a generated JMeter JTL CSV, a k6 NDJSON stream, a garak report.jsonl
// and a promptfoo JSON Lines output at two sizes, against `wc -l` on the same file (reading it, the floor) and GNU datamash computing the
// same p95 (what a user would otherwise reach for; JTL only, datamash reads delimited columns, not JSON).
// Goals: the JTL in at most half datamash's time in every run (runs are round-robin, so each inspect is
// compared with the datamash run next to it) and in at most 64 MiB; memory that does not grow with the file;
// the garak report and the promptfoo output in at most 100 MiB each (a 200 MB JSONL is read in at most 100 MB).
import { execFileSync } from 'node:child_process'
import { rmSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { writeGarakReport, writeJtlCsv, writeK6Ndjson, writePromptfooJsonl } from '../lib/big-files.mjs'
import { expectExit, formatBytes, formatMs, medianRounds, round, runOnce, spread } from '../lib/measure.mjs'

const MiB = 1024 ** 2
/** inspect's time as a share of datamash's on the same JTL, in every run. */
const DATAMASH_SHARE_GOAL = 0.5
/** Peak RSS of inspect on a JTL. */
const JTL_RSS_GOAL = 64 * 1024 ** 2
/** Peak memory may grow this much from the small file to the large one and still count as bounded. */
const RSS_GROWTH_GOAL = 1.25
/** The LLM JSON Lines reports' peak memory goal (garak, promptfoo). */
const JSONL_RSS_GOAL = 100 * MiB
/** Below this size Node's start-up, JIT warm-up and own memory dominate: goals are judged from here up. */
const JUDGED_FROM = 256 * MiB

function hasDatamash() {
  try {
    execFileSync('datamash', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export async function bigEvidenceFigure({ results, dist, out, quick, keep }) {
  const sizes = quick ? [8 * MiB, 32 * MiB] : [256 * MiB, 512 * MiB]
  const runs = quick ? 3 : 5
  const dir = path.join(out, 'evidence')
  mkdirSync(dir, { recursive: true })
  const datamash = hasDatamash()
  if (!datamash) console.log('  datamash not installed: its baseline is skipped (Debian: apt-get install -y datamash)')
  const cli = path.join(dist, 'cli.js')
  const formats = [
    {
      id: 'jtl',
      label: 'JMeter JTL CSV',
      write: writeJtlCsv,
      count: (written) => `${(written.rows / 1e6).toFixed(2)} M rows`,
      samples: (written) => written.rows,
      datamash: true
    },
    {
      id: 'k6',
      label: 'k6 NDJSON',
      write: writeK6Ndjson,
      count: (written) => `${(written.requests / 1e3).toFixed(0)} k requests`,
      samples: (written) => written.requests,
      datamash: false
    },
    {
      id: 'garak',
      extension: 'report.jsonl',
      label: 'garak report.jsonl',
      write: writeGarakReport,
      count: (written) => `${(written.attempts / 1e3).toFixed(0)} k attempts`,
      check: (evidence, written) =>
        evidence.attempts === written.attempts && evidence.successfulAttacks === written.successfulAttacks
          ? undefined
          : `inspect read ${evidence.successfulAttacks} of ${evidence.attempts} attacks; the file holds ${written.successfulAttacks} of ${written.attempts}`,
      shown: (evidence) => `${evidence.successfulAttacks} of ${evidence.attempts} attacks`,
      rssGoal: JSONL_RSS_GOAL,
      datamash: false
    },
    {
      id: 'promptfoo',
      extension: 'jsonl',
      label: 'promptfoo eval JSON Lines',
      write: writePromptfooJsonl,
      count: (written) => `${(written.rows / 1e3).toFixed(0)} k rows`,
      check: (evidence, written) =>
        evidence.tests === written.rows && evidence.failed === written.failed
          ? undefined
          : `inspect read ${evidence.failed} failed of ${evidence.tests} rows; the file holds ${written.failed} of ${written.rows}`,
      shown: (evidence) => `${evidence.failed} failed of ${evidence.tests} rows`,
      rssGoal: JSONL_RSS_GOAL,
      datamash: false
    }
  ]
  try {
    for (const format of formats) {
      const rss = []
      for (const size of sizes) {
        const file = path.join(dir, `${format.id}-${size / MiB}MiB.${format.extension ?? (format.id === 'jtl' ? 'jtl' : 'ndjson')}`)
        const written = await format.write(file, size)
        const commands = {
          wc: async () => expectExit(await runOnce('wc', ['-l', file]), 0, 'wc -l').ms,
          inspect: async () => {
            const run = expectExit(await runOnce(process.execPath, [cli, 'inspect', file], { usage: true }), 0, `inspect ${path.basename(file)}`)
            const evidence = JSON.parse(run.stdout)
            const wrong = format.check
              ? format.check(evidence, written)
              : evidence.latencyMs?.p95 !== written.p95 || evidence.requests !== format.samples(written)
                ? `inspect read p95 ${evidence.latencyMs?.p95} over ${evidence.requests} requests; the file holds p95 ${written.p95} over ${format.samples(written)}`
                : undefined
            if (wrong) throw new Error(wrong)
            shown = format.shown?.(evidence) ?? `p95 ${written.p95} ms exact`
            inspectRss = Math.max(inspectRss, run.maxRssKiB * 1024 || 0)
            return run.ms
          }
        }
        let inspectRss = 0
        let shown = ''
        let datamashP95
        let datamashRss = 0
        if (format.datamash && datamash) {
          commands.datamash = async () => {
            const run = expectExit(await runOnce('datamash', ['-t', ',', '--header-in', 'perc:95', '2'], { stdinFile: file, usage: true }), 0, 'datamash')
            datamashP95 = Number(run.stdout.trim())
            datamashRss = Math.max(datamashRss, run.maxRssKiB * 1024 || 0)
            return run.ms
          }
        }
        // Warm the page cache: every tool then reads from memory, as the first one would not.
        await runOnce('cat', [file], { stdout: 'ignore' })
        const timed = await medianRounds(commands, { runs, warmup: 0 })
        const inspectMs = timed.inspect.medianMs
        const throughput = `${(written.size / MiB / (inspectMs / 1000)).toFixed(0)} MiB/s`
        const name = `${format.label} ${formatBytes(written.size)} (${format.count(written)})`
        const judged = size >= JUDGED_FROM
        const unjudged = judged
          ? ''
          : `; speed goals are judged from ${formatBytes(JUDGED_FROM)} up (the full run): at this size Node's start-up and JIT warm-up dominate`
        results.add({
          id: `evidence.${format.id}.${size / MiB}MiB.wc`,
          label: name,
          value: round(inspectMs),
          unit: 'ms',
          shown: `inspect ${formatMs(inspectMs)} (${throughput}), ${shown}, peak RSS ${formatBytes(inspectRss)}`,
          baseline: { label: 'wc -l', value: round(timed.wc.medianMs), unit: 'ms', shown: formatMs(timed.wc.medianMs) },
          ...(judged && format.datamash ? { goal: `peak RSS ≤ ${formatBytes(JTL_RSS_GOAL)}`, met: inspectRss > 0 && inspectRss <= JTL_RSS_GOAL } : {}),
          detail: `median of ${runs}, spread ${spread(timed.inspect.samplesMs)} ms; inspect samples ${timed.inspect.samplesMs.map((ms) => ms.toFixed(0)).join(' ')} ms${unjudged}`
        })
        Object.assign(results.figures.at(-1), { bytes: written.size, peakRssBytes: inspectRss, mibPerSecond: round(written.size / MiB / (inspectMs / 1000)) })
        if (commands.datamash) {
          // Round-robin: the i-th inspect ran next to the i-th datamash, under the same load.
          const shares = timed.inspect.samplesMs.map((ms, index) => ms / timed.datamash.samplesMs[index])
          const worst = Math.max(...shares)
          results.add({
            id: `evidence.${format.id}.${size / MiB}MiB.datamash`,
            label: `  same file vs datamash`,
            value: round(inspectMs),
            unit: 'ms',
            shown: formatMs(inspectMs),
            baseline: {
              label: 'datamash -t, --header-in perc:95 2',
              value: round(timed.datamash.medianMs),
              unit: 'ms',
              shown: `${formatMs(timed.datamash.medianMs)} (p95 ${datamashP95}, peak RSS ${datamashRss ? formatBytes(datamashRss) : 'unknown without GNU time'})`
            },
            ...(judged ? { goal: `≤ ×${DATAMASH_SHARE_GOAL} datamash in every run (worst ×${worst.toFixed(2)})`, met: worst <= DATAMASH_SHARE_GOAL } : {}),
            detail: `per run ×${shares.map((share) => share.toFixed(2)).join(' ×')}; datamash samples ${timed.datamash.samplesMs.map((ms) => ms.toFixed(0)).join(' ')} ms, spread ${spread(timed.datamash.samplesMs)} ms`
          })
          Object.assign(results.figures.at(-1), { shares: shares.map((share) => round(share, 3)) })
        } else if (format.datamash) {
          results.skip({ id: `evidence.${format.id}.${size / MiB}MiB.datamash`, label: '  same file vs datamash', why: 'datamash not installed' })
        }
        if (format.rssGoal) {
          results.add({
            id: `evidence.${format.id}.${size / MiB}MiB.rss-limit`,
            label: `  ${format.label} ${formatBytes(written.size)} peak RSS`,
            value: inspectRss,
            unit: 'bytes',
            shown: formatBytes(inspectRss),
            ...(inspectRss
              ? { goal: `at most ${formatBytes(format.rssGoal)}`, met: inspectRss <= format.rssGoal }
              : { detail: 'peak RSS unknown without GNU time' })
          })
        }
        rss.push({ size: written.size, rss: inspectRss })
        rmSync(file, { force: true })
      }
      const [small, large] = rss
      results.add({
        id: `evidence.${format.id}.rss`,
        label: `  ${format.label} peak RSS`,
        value: large.rss,
        unit: 'bytes',
        shown: `${formatBytes(large.rss)} at ${formatBytes(large.size)}`,
        baseline: { label: `at ${formatBytes(small.size)}`, value: small.rss, shown: formatBytes(small.rss) },
        ratioShown: `×${(large.rss / small.rss).toFixed(2)} for ×${(large.size / small.size).toFixed(1)} the size`,
        ...(small.size >= JUDGED_FROM
          ? {
              goal: `bounded (≤ ×${RSS_GROWTH_GOAL} for a file ${(large.size / small.size).toFixed(0)}× larger)`,
              met: large.rss <= small.rss * RSS_GROWTH_GOAL
            }
          : { detail: `judged from ${formatBytes(JUDGED_FROM)} up (the full run): at this size Node's own memory dominates` })
      })
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
}
