// Preloaded into a measured Node child when GNU time is not installed (`node --import bench/lib/usage-hook.mjs ...`):
// at exit it reports its own peak resident memory and CPU time on stderr, in the line bench/lib/measure.mjs reads.
process.on('exit', () => {
  const usage = process.resourceUsage()
  process.stderr.write(`\n@@bench-usage ${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`)
})
