// Preloaded into a measured run (`node --import bench/lib/count-reads.mjs dist/cli.js ...`): counts,
// per file, how often it is opened for its first bytes (fs.openSync or fs.promises.open: the head, a
// manifest, a sign-off) and read in full to be parsed (fs.createReadStream, or an fs.openSync whose
// reads go past the first 64 KiB: what parsers read of a larger file), and how many git processes
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
// A synchronous open is counted when it closes: as a head read, or as a full read once a read went past the head.
const HEAD_BYTES = 64 * 1024
const openFiles = new Map()
const openSync = fs.openSync
fs.openSync = function (file, ...rest) {
  const fd = openSync.call(this, file, ...rest)
  openFiles.set(fd, { file, whole: false })
  return fd
}
const readSync = fs.readSync
fs.readSync = function (fd, buffer, offset, length, position) {
  const open = openFiles.get(fd)
  if (open && typeof length === 'number' && (length > HEAD_BYTES || (typeof position === 'number' && position + length > HEAD_BYTES))) open.whole = true
  return readSync.call(this, fd, buffer, offset, length, position)
}
const closeSync = fs.closeSync
fs.closeSync = function (fd) {
  const open = openFiles.get(fd)
  if (open) {
    openFiles.delete(fd)
    bump(open.whole ? counts.streamed : counts.opened, open.file)
  }
  return closeSync.call(this, fd)
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
