// Real Inspect logs changed the way a run would have written them otherwise, for the parser's and the
// requirements' tests alike.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { SAMPLES } from './samples.js'

export interface InspectLog {
  status: string
  eval: { config: Record<string, unknown> }
  results: { total_samples: number; completed_samples: number; scores: { metrics: Record<string, { value: number }> }[] }
  samples: Record<string, unknown>[]
}

/** The real popularity log (3 samples of 100, status cancelled), parsed. */
export const popularity = (): InspectLog =>
  JSON.parse(readFileSync(path.join(SAMPLES, 'llm/inspect/inspect_ai.v2-json.2025-05.popularity.json'), 'utf8')) as InspectLog

/**
 * The popularity log as a finished run with `--fail-on-error 0.5` whose third sample errored: Inspect
 * then leaves it out of completed_samples and of every metric (the two left are correct: accuracy 1).
 */
export function popularityWithErroredSample(): string {
  const log = popularity()
  log.status = 'success'
  log.eval.config.fail_on_error = 0.5
  log.results.completed_samples = 2
  log.results.scores[0]!.metrics.accuracy!.value = 1
  const third = log.samples[2]!
  delete third.scores
  third.error = { message: 'RateLimitError: Error code: 429', traceback: '' }
  return JSON.stringify(log, null, 2)
}
