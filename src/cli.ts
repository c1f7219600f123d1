// The CLI entry point (bundled to dist/cli.js, the package's `readiness-gate` bin).
import { useColor } from './cli/color.js'
import { runCli } from './cli/main.js'

// A reader that stops early (`readiness-gate check | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: useColor(process.env, Boolean(process.stdout.isTTY)),
  now: new Date(),
  env: process.env
}).then((code) => {
  process.exitCode = code
})
