// Figure 4, GitHub calls: the action bundle publishing a check run with 10, 120 and 2,000 failing
// findings (a JUnit report with that many failed tests, one annotation each), against the local
// stand-in. GitHub takes at most 50 annotations per request, and a check run can be created
// completed with its output and first 50 annotations, so the fewest possible requests are one per 50
// annotations (one for up to 50). Goal: no more than that.
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { pushEventEnv, resetRunFiles } from '../lib/action-run.mjs'
import { startGitHubStub } from '../lib/github-stub.mjs'
import { formatMs, round, runOnce } from '../lib/measure.mjs'
import { junitWithFailures, oneSystemRepo } from '../lib/repos.mjs'

const PER_REQUEST = 50

export async function githubFigure({ results, dist, out, quick, keep }) {
  const action = path.join(dist, 'index.js')
  if (!existsSync(action)) {
    results.skip({
      id: 'github',
      label: 'requests for 10, 120 and 2,000 annotations',
      why: `pending: ${path.relative(process.cwd(), action)} does not exist yet`
    })
    return
  }
  const stub = await startGitHubStub()
  try {
    // 2,000 findings take 20 s of throttled requests: the full run only.
    for (const failing of quick ? [10, 120] : [10, 120, 2000]) {
      const repo = path.join(out, 'github', `failing-${failing}`)
      const sha = oneSystemRepo(repo, { junit: junitWithFailures(failing) })
      const env = pushEventEnv({ workspace: repo, sha, apiUrl: stub.url, scratch: path.join(out, 'github', `runner-${failing}`) })
      resetRunFiles(env)
      const from = stub.requests.length
      const run = await runOnce(process.execPath, [action], { cwd: repo, env })
      const calls = stub.tally(from)
      // The gate fails (exit 1) on the failed tests; anything else, or no completed check run, is a broken run.
      if (run.code !== 1 || calls.creates !== 1 || !calls.completed || calls.unexpected.length) {
        throw new Error(
          `the action with ${failing} failing tests did not publish a check run (exit ${run.code}, ${JSON.stringify(calls)}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`
        )
      }
      const fewest = Math.max(1, Math.ceil(calls.annotations / PER_REQUEST))
      results.add({
        id: `github.${failing}`,
        label: `${failing.toLocaleString('en-US')} failing findings`,
        value: calls.total,
        unit: 'requests',
        shown: `${calls.total} requests (${calls.creates} create + ${calls.updates} update${calls.updates === 1 ? '' : 's'}) carrying ${calls.annotations.toLocaleString('en-US')} annotations, in ${formatMs(run.ms)}`,
        baseline: { label: `1 request per ${PER_REQUEST} annotations`, value: fewest, unit: 'requests', shown: `${fewest} request${fewest === 1 ? '' : 's'}` },
        goal: `≤ 1 request per ${PER_REQUEST} annotations (1 for up to ${PER_REQUEST})`,
        met: calls.total <= fewest,
        detail: [
          calls.total > 1
            ? `${formatMs(calls.spanMs)} from the first request to the last: @octokit/plugin-throttling spaces write requests ≥ 1 s apart`
            : 'one request: nothing for the throttle to space',
          ...(calls.annotations < failing
            ? [
                `${(failing - calls.annotations).toLocaleString('en-US')} findings past the action's annotation cap are in the check summary and the report, not annotated`
              ]
            : [])
        ].join('; ')
      })
      Object.assign(results.figures.at(-1), {
        annotations: calls.annotations,
        creates: calls.creates,
        updates: calls.updates,
        ms: round(run.ms),
        requestSpanMs: round(calls.spanMs)
      })
      if (!keep) rmSync(repo, { recursive: true, force: true })
    }
  } finally {
    await stub.close()
    if (!keep) rmSync(path.join(out, 'github'), { recursive: true, force: true })
  }
}
