// `npm run bench`: every performance figure of the gate with a baseline measured in the same run.
// Prints one line per figure and writes the same as JSON to bench/results.json (docs/performance.md).
//
//   npm run bench                    full run (1 GB evidence files, 1,000-system monorepo): several minutes
//   npm run bench -- --quick         small sizes for CI (under a minute): 10 and 100 systems, 8 and 32 MiB files, 10 and 120 findings
//   npm run bench -- --only startup,scale   some figures: startup, scale, evidence, github, bundle, fleet
//   npm run bench -- --dist DIR      measure bundles in DIR instead of dist/
//   npm run bench -- --keep          leave the generated repositories and files in bench/out/
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { bigEvidenceFigure } from './figures/big-evidence.mjs'
import { bundleFigure } from './figures/bundle.mjs'
import { fleetFigure } from './figures/fleet.mjs'
import { githubFigure } from './figures/github.mjs'
import { scaleFigure } from './figures/scale.mjs'
import { startupFigure } from './figures/startup.mjs'
import { OUT, PROJECT } from './lib/paths.mjs'
import { heading, Results } from './lib/report.mjs'

const FIGURES = {
  startup: { title: '1. Start-up (one-system repository)', run: startupFigure },
  scale: { title: '2. Monorepo scale', run: scaleFigure },
  evidence: { title: '3. Big evidence files', run: bigEvidenceFigure },
  github: { title: '4. GitHub calls for annotations', run: githubFigure },
  bundle: { title: '5. Bundles', run: bundleFigure },
  fleet: { title: '6. Fleet view: requests per repository (100 and 1,000 repositories)', run: fleetFigure }
}

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'string', default: path.join(PROJECT, 'dist') },
    keep: { type: 'boolean', default: false }
  }
})
const only = values.only ? values.only.split(',').map((name) => name.trim()) : Object.keys(FIGURES)
const unknown = only.filter((name) => !FIGURES[name])
if (unknown.length) {
  console.error(`bench: unknown figure ${unknown.join(', ')}; figures: ${Object.keys(FIGURES).join(', ')}`)
  process.exit(2)
}

const quick = values.quick
const settings = {
  quick,
  dist: path.resolve(values.dist),
  out: OUT,
  keep: values.keep,
  // Round-robin repetitions of each start-up command; the median is reported.
  runs: quick ? 5 : 21
}

const started = Date.now()
const results = new Results()
console.log(
  `readiness-gate bench (${quick ? 'quick' : 'full'}): node ${process.version}, ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ''}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB`
)
mkdirSync(OUT, { recursive: true })
let failed = false
for (const name of only) {
  heading(FIGURES[name].title)
  try {
    await FIGURES[name].run({ results, ...settings })
  } catch (error) {
    // A figure that cannot be measured is a failure of the bench, never a silent gap.
    failed = true
    console.error(`  ${name}: FAILED: ${error.stack ?? error}`)
    results.figures.push({ id: name, failed: String(error.message ?? error) })
  }
}
if (!values.keep) rmSync(OUT, { recursive: true, force: true })

const seconds = (Date.now() - started) / 1000
const missed = results.figures.filter((figure) => figure.goal && !figure.met)
console.log(
  `\n${results.figures.length} figures in ${seconds.toFixed(1)} s; ${missed.length ? `goals missed: ${missed.map((f) => f.id).join(', ')}` : 'every goal met'}.`
)
writeFileSync(
  path.join(PROJECT, 'bench/results.json'),
  `${JSON.stringify(
    {
      mode: quick ? 'quick' : 'full',
      date: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
        platform: `${os.platform()} ${os.release()}`
      },
      seconds: Number(seconds.toFixed(1)),
      figures: results.figures
    },
    null,
    2
  )}\n`
)
console.log('wrote bench/results.json')
// Goals are reported, not enforced: a slow neighbour on a shared CI machine must not fail the build. A figure
// that could not be measured does.
process.exitCode = failed ? 1 : 0
