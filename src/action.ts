// The action's entry point, bundled to dist/index.js and run by the runner as `node dist/index.js`.
import * as core from './github/runner.js'
import { run } from './github/run.js'
import { describeError } from './github/publisher.js'

run().then(
  () => {
    // The verdict is out (report, summary, outputs, exit code). Leave once stdout has drained, without
    // waiting for the HTTP client to wind down: its idle connection and timers held the process about
    // 0.3 s after a publish, and a request abandoned at the publishing deadline would hold it longer.
    process.stdout.write('', () => process.exit())
  },
  (error: unknown) => {
    // Last line of defence: an unexpected error still fails the job, visibly.
    core.setFailed(`readiness-gate: internal error: ${describeError(error)}`)
  }
)
