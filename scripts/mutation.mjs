#!/usr/bin/env node
// npm run mutation [-- stryker options]: Stryker on the modules that decide pass or fail
// (stryker.config.mjs; docs/mutation-testing.md). Stryker 10 refuses Node 20, so this runs it under
// Node 22 or later: this Node when it is one, else $READINESS_GATE_NODE24, else the Node 24 that
// .ci/run installs under .tmp/node24 (installed here from npm the same way when missing).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const major = (node) => Number(execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim())

function nodeForStryker() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath
  const fromEnv = process.env.READINESS_GATE_NODE24
  if (fromEnv && existsSync(fromEnv) && major(fromEnv) >= 22) return fromEnv
  const local = path.join(root, '.tmp/node24/node_modules/node/bin/node')
  if (!existsSync(local)) {
    console.error(`Node ${process.versions.node} is too old for Stryker 10; installing node@24 from npm into .tmp/node24 ...`)
    execFileSync('npm', ['install', '--prefix', path.join(root, '.tmp/node24'), '--no-audit', '--no-fund', '--no-save', 'node@24'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root })
  }
  return local
}

const stryker = path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js')
if (!existsSync(stryker)) {
  console.error('Stryker is not installed: run `npm ci` first.')
  process.exit(2)
}
const node = nodeForStryker()
console.error(`Stryker under Node ${major(node)} (${node})`)
const result = spawnSync(node, [stryker, 'run', 'stryker.config.mjs', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root })
process.exit(result.status ?? 1)
