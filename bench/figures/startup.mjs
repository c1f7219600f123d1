// Figure 1, start-up: the CLI and the action bundle evaluating a one-system repository, against a bare
// `node -e 0`, median of repeated runs taken round-robin. Goals over bare Node: the CLI +100 ms, the
// action in mode evaluate (no GitHub client loaded) +150 ms, the action publishing its check run
// +400 ms in one write request (a check run with at most 50 annotations is created completed).
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { pushEventEnv, resetRunFiles } from '../lib/action-run.mjs'
import { startGitHubStub } from '../lib/github-stub.mjs'
import { expectExit, formatMs, median, medianRounds, round, runOnce, spread } from '../lib/measure.mjs'
import { EVALUATION_DAY, oneSystemRepo } from '../lib/repos.mjs'

/** Milliseconds over bare Node each command may take. */
const GOALS_MS = { cli: 100, evaluate: 150, action: 400 }
/** Write requests for a passing one-system check run: created completed, with its output, in one. */
const GOAL_WRITES = 1

export async function startupFigure({ results, dist, out, runs, keep }) {
  const repo = path.join(out, 'startup', 'repo')
  const sha = oneSystemRepo(repo)
  const cli = path.join(dist, 'cli.js')
  const action = path.join(dist, 'index.js')
  const node = process.execPath
  const commands = {}

  commands.bare = async () => expectExit(await runOnce(node, ['-e', '0'], { usage: true }), 0, 'node -e 0')
  const checkArgs = [cli, 'check', '--now', EVALUATION_DAY]
  const first = expectExit(await runOnce(node, checkArgs, { cwd: repo }), 0, 'the CLI on the one-system repository')
  if (!/1 of 1 system ready/.test(first.stdout)) throw new Error(`the one-system repository did not pass:\n${first.stdout}`)
  commands.cli = async () => expectExit(await runOnce(node, checkArgs, { cwd: repo, usage: true }), 0, 'the CLI')

  let stub
  const publishSpans = []
  const writes = []
  if (existsSync(action)) {
    stub = await startGitHubStub()
    const env = pushEventEnv({ workspace: repo, sha, apiUrl: stub.url, scratch: path.join(out, 'startup', 'runner') })
    commands.action = async () => {
      resetRunFiles(env)
      const from = stub.requests.length
      const run = await runOnce(node, [action], { cwd: repo, env, usage: true })
      const calls = stub.tally(from)
      if (run.code !== 0 || calls.creates !== 1 || !calls.completed) {
        throw new Error(
          `the action did not publish a completed check run (exit ${run.code}, ${calls.creates} creates, ${calls.updates} updates):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`
        )
      }
      publishSpans.push(calls.spanMs)
      writes.push(calls.total)
      return run
    }
    // The same run without a check run (mode: evaluate): no request at all, so no waiting on GitHub.
    const evaluateEnv = {
      ...pushEventEnv({ workspace: repo, sha, apiUrl: stub.url, scratch: path.join(out, 'startup', 'runner-evaluate') }),
      INPUT_MODE: 'evaluate'
    }
    commands.evaluate = async () => {
      resetRunFiles(evaluateEnv)
      const from = stub.requests.length
      const run = await runOnce(node, [action], { cwd: repo, env: evaluateEnv, usage: true })
      if (run.code !== 0 || stub.requests.length !== from) {
        throw new Error(
          `the action in mode evaluate did not pass without requests (exit ${run.code}, ${stub.requests.length - from} requests):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`
        )
      }
      return run
    }
  }

  try {
    const timed = await medianRounds(commands, { runs })
    const bare = timed.bare.medianMs
    const baseline = { label: 'node -e 0', value: round(bare), unit: 'ms', shown: formatMs(bare) }
    const line = (id, label, name, detail = '', extraGoal) => {
      const value = timed[name].medianMs
      const over = value - bare
      const goalMs = GOALS_MS[name]
      const metTime = over <= goalMs
      results.add({
        id,
        label,
        value: round(value),
        unit: 'ms',
        shown: formatMs(value),
        baseline,
        ratioShown: `×${(value / bare).toFixed(2)}, +${formatMs(over)}`,
        goal: `≤ +${goalMs} ms over bare Node${metTime ? '' : ` (misses by ${formatMs(over - goalMs)})`}${extraGoal ? `; ${extraGoal.goal}` : ''}`,
        met: metTime && (extraGoal?.met ?? true),
        detail:
          `median of ${runs} runs each, round-robin, spread ${spread(timed[name].samplesMs)} ms (bare Node ${spread(timed.bare.samplesMs)} ms); samples ${timed[name].samplesMs.map((ms) => ms.toFixed(0)).join(' ')} ms` +
          (timed[name].medianCpuMs !== undefined ? `; CPU time ${formatMs(timed[name].medianCpuMs)} (bare Node ${formatMs(timed.bare.medianCpuMs)})` : '') +
          detail
      })
      if (timed[name].medianCpuMs !== undefined)
        Object.assign(results.figures.at(-1), { cpuMs: round(timed[name].medianCpuMs), baselineCpuMs: round(timed.bare.medianCpuMs) })
    }
    line('startup.cli', 'CLI `check`, one system', 'cli')
    if (commands.action) {
      line('startup.action.evaluate', 'action bundle, push event, one system, mode evaluate (no check run)', 'evaluate')
      const span = median(publishSpans)
      const mostWrites = Math.max(...writes)
      line(
        'startup.action',
        'action bundle, push event, one system, publishing the check run',
        'action',
        `; ${mostWrites === 1 ? 'one write request (the check run created completed)' : `up to ${mostWrites} write requests, ${formatMs(span)} from the first to the last (@octokit/plugin-throttling spaces writes ≥ 1 s apart)`}`,
        { goal: `${GOAL_WRITES} write request${mostWrites > GOAL_WRITES ? ` (made ${mostWrites})` : ''}`, met: mostWrites <= GOAL_WRITES }
      )
      Object.assign(results.figures.at(-1), { publishSpanMs: round(span), writeRequests: mostWrites })
    } else {
      results.skip({
        id: 'startup.action',
        label: 'action bundle, push event, one system',
        why: `pending: ${path.relative(process.cwd(), action)} does not exist yet`
      })
    }
  } finally {
    await stub?.close()
    if (!keep) rmSync(path.join(out, 'startup'), { recursive: true, force: true })
  }
}
