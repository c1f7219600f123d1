// The CLI entry point (bundled to dist/cli.js, the package's `readiness-gate` bin).
import { useColor } from './cli/color.js'
import { runCli } from './cli/main.js'
import { directWriter, isPipeOrFile } from './cli/stdout.js'

/** process.stdout, made on first use: a reader that stops early (`readiness-gate check | head`) closes the pipe: stop quietly, as Unix tools do. */
function stdoutStream(): NodeJS.WriteStream {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
  return process.stdout
}

// A pipe or file is never a terminal, and is written directly (src/cli/stdout.ts): no stream to load.
const direct = isPipeOrFile(1)
const terminal = direct ? false : Boolean(stdoutStream().isTTY)

void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: direct ? directWriter({ fd: 1, stream: stdoutStream }) : (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: useColor(process.env, terminal),
  now: new Date(),
  env: process.env
}).then((code) => {
  process.exitCode = code
})
