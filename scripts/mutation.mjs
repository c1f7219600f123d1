#!/usr/bin/env node
// npm run mutation [-- --group NAME ...] [-- --mutate FILE[,FILE]] [-- stryker options]: Stryker on the
// modules that decide pass or fail (stryker.config.mjs; docs/mutation-testing.md), one Stryker run per
// entry of a group: its modules against its tests. Without --group every group runs; --mutate runs only
// the entries of those files (with Stryker's line ranges, FILE:10-20). The per-file table of all the
// runs is printed and written to reports/mutation/summary.md.
//
// Stryker is not a dependency of the project (Stryker 10 refuses Node 20, and it brings ~180 packages
// every `npm ci` would install for nothing): the version pinned by scripts/stryker/package-lock.json is
// installed here on first use into a cache folder outside the checkout. It runs under Node 22 or
// later: this Node when it is one, else $READINESS_GATE_NODE24, else the Node 24 that .ci/run
// installs under .tmp/node24 (installed here from npm the same way when missing).
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { groups, runName } from '../stryker.config.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Each run's reports go to <group>/<run> in here; MUTATION_REPORTS moves it (for two runs at once). */
const reportsRoot = path.resolve(root, process.env.MUTATION_REPORTS || 'reports/mutation')
const major = (node) => Number(execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim())

function nodeForStryker() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath
  const fromEnv = process.env.READINESS_GATE_NODE24
  if (fromEnv && existsSync(fromEnv) && major(fromEnv) >= 22) return fromEnv
  const local = path.join(root, '.tmp/node24/node_modules/node/bin/node')
  if (!existsSync(local)) {
    console.error(`Node ${process.versions.node} is too old for Stryker 10; installing node@24 from npm into .tmp/node24 ...`)
    execFileSync('npm', ['install', '--prefix', path.join(root, '.tmp/node24'), '--no-audit', '--no-fund', '--no-save', 'node@24'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      cwd: root
    })
  }
  return local
}

/**
 * The pinned Stryker, installed once per lock into $MUTATION_STRYKER_CACHE (default
 * ~/.cache/readiness-gate): outside the checkout, so `npm ci` and git never see it. Installed into a
 * temporary folder first and renamed, so an interrupted install is never taken for a finished one.
 */
function strykerBin() {
  const pinned = path.join(root, 'scripts/stryker')
  const files = ['package.json', 'package-lock.json']
  const hash = createHash('sha256')
  for (const file of files) hash.update(readFileSync(path.join(pinned, file)))
  const cache = process.env.MUTATION_STRYKER_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'readiness-gate')
  const home = path.join(cache, `stryker-${hash.digest('hex').slice(0, 12)}`)
  const bin = path.join(home, 'node_modules/@stryker-mutator/core/bin/stryker.js')
  if (existsSync(bin)) return bin
  console.error(`Installing the pinned Stryker (scripts/stryker/package-lock.json) into ${home} ...`)
  const staging = `${home}.${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  for (const file of files) copyFileSync(path.join(pinned, file), path.join(staging, file))
  // Stryker's packages declare Node 22+; the npm running this may be Node 20's, which only warns.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] })
  rmSync(home, { recursive: true, force: true })
  renameSync(staging, home)
  return bin
}

/**
 * `--group a --group b` or `--group a,b`, and `--mutate f` or `--mutate f,g` (each file maybe with a
 * line range, f:10-20), taken out of the arguments; the rest go to Stryker.
 */
function parseArguments(argv) {
  const chosen = []
  const mutate = []
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [option, value] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]
    if (option === '--group') chosen.push(...(value ?? argv[++i] ?? '').split(','))
    else if (option === '--mutate' || option === '-m') mutate.push(...(value ?? argv[++i] ?? '').split(','))
    else rest.push(arg)
  }
  const unknown = chosen.filter((name) => !Object.hasOwn(groups, name))
  if (unknown.length) {
    console.error(`No mutation group ${unknown.map((name) => `"${name}"`).join(', ')}; the groups are ${Object.keys(groups).join(', ')}.`)
    process.exit(2)
  }
  const names = chosen.length ? chosen : Object.keys(groups)
  const file = (entry) => path.normalize(entry.replace(/:[\d-]+$/, ''))
  // Each run of the chosen groups, with the --mutate entries of its modules (all of them without --mutate).
  const runs = names.flatMap((group) =>
    groups[group].map((run, index) => ({
      group,
      index,
      name: runName(run),
      tests: run.tests,
      mutate: mutate.length ? mutate.filter((entry) => run.mutate.includes(file(entry))) : run.mutate
    }))
  )
  const placed = new Set(runs.flatMap((run) => run.mutate))
  const unplaced = mutate.filter((entry) => !placed.has(entry))
  if (unplaced.length) {
    console.error(`${unplaced.join(', ')}: no such module in ${chosen.length ? `group ${chosen.join(', ')}` : 'any group'} (stryker.config.mjs).`)
    process.exit(2)
  }
  return { runs: runs.filter((run) => run.mutate.length), rest }
}

/** Per file from a mutation-testing-report-schema JSON: killed (timeouts count, as in Stryker's score), survived, no coverage. */
function tally(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'))
  return Object.entries(report.files).map(([file, { mutants }]) => {
    const count = (...statuses) => mutants.filter((mutant) => statuses.includes(mutant.status)).length
    return { file, killed: count('Killed', 'Timeout'), survived: count('Survived'), noCoverage: count('NoCoverage') }
  })
}

const score = ({ killed, survived, noCoverage }) => (killed + survived + noCoverage ? (100 * killed) / (killed + survived + noCoverage) : 100)

function table(rows, seconds) {
  const lines = ['| group | file | tests | killed | survived | no coverage | score |', '| --- | --- | --- | --- | --- | --- | --- |']
  const total = { killed: 0, survived: 0, noCoverage: 0 }
  for (const row of rows) {
    lines.push(`| ${row.group} | \`${row.file}\` | ${row.tests} | ${row.killed} | ${row.survived} | ${row.noCoverage} | ${score(row).toFixed(1)}% |`)
    for (const key of Object.keys(total)) total[key] += row[key]
  }
  lines.push(`| all | | | ${total.killed} | ${total.survived} | ${total.noCoverage} | **${score(total).toFixed(1)}%** |`, '')
  const minutes = (s) => (s / 60).toFixed(1)
  lines.push('| run | minutes |', '| --- | --- |', ...Object.entries(seconds).map(([run, s]) => `| ${run} | ${minutes(s)} |`))
  lines.push(`| all | ${minutes(Object.values(seconds).reduce((sum, s) => sum + s, 0))} |`, '')
  return { text: lines.join('\n'), total: score(total) }
}

const { runs, rest } = parseArguments(process.argv.slice(2))
const node = nodeForStryker()
const stryker = strykerBin()
console.error(`Stryker under Node ${major(node)} (${node}); ${runs.length} runs: ${runs.map((run) => `${run.group}/${run.name}`).join(', ')}`)

let failed = false
const rows = []
const seconds = {}
for (const run of runs) {
  const reports = path.join(reportsRoot, run.group, run.name)
  const report = path.join(reports, 'mutation.json')
  rmSync(report, { force: true })
  const started = Date.now()
  const result = spawnSync(node, [stryker, 'run', 'stryker.config.mjs', '--mutate', run.mutate.join(','), ...rest], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, MUTATION_GROUP: run.group, MUTATION_RUN: String(run.index), MUTATION_REPORTS: reports }
  })
  seconds[`${run.group}/${run.name}`] = (Date.now() - started) / 1000
  // Stryker removes its sandbox; the folder around it keeps the link to the samples (stryker.config.mjs).
  if (result.pid) rmSync(path.join(os.tmpdir(), `readiness-gate-stryker-${run.group}-${result.pid}`), { recursive: true, force: true })
  // Stryker exits 1 when the run's score is under the break threshold (90%).
  if (result.status !== 0) {
    console.error(`${run.group}/${run.name}: Stryker exited with ${result.status ?? result.signal}.`)
    failed = true
  }
  const tests = (process.env.MUTATION_TESTS ? process.env.MUTATION_TESTS.split(',') : run.tests).map((name) => `\`${name}\``).join(', ')
  if (existsSync(report)) rows.push(...tally(report).map((row) => ({ group: run.group, tests, ...row })))
}

if (rows.length) {
  const { text, total } = table(rows, seconds)
  mkdirSync(reportsRoot, { recursive: true })
  writeFileSync(path.join(reportsRoot, 'summary.md'), text)
  console.log(`\n${text}`)
  if (total < 90) failed = true
}
process.exit(failed ? 1 : 0)
