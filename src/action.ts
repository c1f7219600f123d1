// The action's entry point, bundled to dist/index.js and run by the runner as `node dist/index.js`.
import * as core from './github/runner.js'
import { run } from './github/run.js'
import { describeError } from './github/publisher.js'

run().then(
  (outcome) => {
    // A request abandoned at the publishing deadline may hold the event loop open; the verdict is out.
    if (outcome.abandonedRequests) process.exit()
  },
  (error: unknown) => {
    // Last line of defence: an unexpected error still fails the job, visibly.
    core.setFailed(`readiness-gate: internal error: ${describeError(error)}`)
  }
)
