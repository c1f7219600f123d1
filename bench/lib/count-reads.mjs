// Preloaded into a measured run (`node --import bench/lib/count-reads.mjs dist/cli.js ...`): counts,
// per file, how often it is opened for its first bytes (fs.openSync or fs.promises.open: the head, a
// manifest, a sign-off) and streamed in full (fs.createReadStream: what parsers read), and how many git processes
// start. Nothing in the gate knows about it; the counts go to the file named by READINESS_BENCH_COUNTS.
import childProcess from 'node:child_process'
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const counts = { opened: {}, streamed: {}, git: 0 }
const bump = (table, file) => {
  const key = String(file)
  table[key] = (table[key] ?? 0) + 1
}

const open = fs.promises.open
fs.promises.open = function (file, ...rest) {
  bump(counts.opened, file)
  return open.call(this, file, ...rest)
}
const openSync = fs.openSync
fs.openSync = function (file, ...rest) {
  bump(counts.opened, file)
  return openSync.call(this, file, ...rest)
}
const createReadStream = fs.createReadStream
fs.createReadStream = function (file, ...rest) {
  bump(counts.streamed, file)
  return createReadStream.call(this, file, ...rest)
}
for (const name of ['execFile', 'execFileSync', 'spawn', 'spawnSync']) {
  const original = childProcess[name]
  childProcess[name] = function (command, ...rest) {
    if (command === 'git') counts.git++
    return original.call(this, command, ...rest)
  }
}
syncBuiltinESMExports()

process.on('exit', () => {
  if (process.env.READINESS_BENCH_COUNTS) fs.writeFileSync(process.env.READINESS_BENCH_COUNTS, JSON.stringify(counts))
})
