// Log annotations through workflow commands, for when no check run carries them (fork PRs, `mode:
// evaluate`). GitHub keeps at most 10 error and 10 warning annotations per step, so the most important
// are sent and one plain log line says how many more the job summary lists.
import * as core from '@actions/core'
import type { Report } from '../report/types.js'
import { placeOf, rankFindings, annotationMessage, annotationTitle, type AnnotationOptions } from '../github/annotations.js'

/** GitHub shows at most this many error and this many warning annotations per step. */
export const LOG_ANNOTATIONS_PER_LEVEL = 10

/** The part of @actions/core used here, so tests can capture what is sent. */
export interface CommandSink {
  error(message: string, properties: core.AnnotationProperties): void
  warning(message: string, properties: core.AnnotationProperties): void
  info(message: string): void
}

export interface LogAnnotationCount {
  errors: number
  warnings: number
  /** Errors and warnings over the per-step limit, listed only in the job summary. */
  omitted: number
}

/**
 * `errorLimit` leaves room for an error the caller sends itself (core.setFailed's), so the step stays
 * within GitHub's 10 and the most important ones are not the ones dropped.
 */
export function emitLogAnnotations(
  report: Report,
  options: AnnotationOptions,
  sink: CommandSink = core,
  errorLimit = LOG_ANNOTATIONS_PER_LEVEL
): LogAnnotationCount {
  const count: LogAnnotationCount = { errors: 0, warnings: 0, omitted: 0 }
  for (const ranked of rankFindings(report)) {
    if (ranked.level === 'notice') continue
    const isError = ranked.level === 'failure'
    if (isError ? count.errors >= errorLimit : count.warnings >= LOG_ANNOTATIONS_PER_LEVEL) {
      count.omitted++
      continue
    }
    const place = placeOf(ranked.finding, options)
    // @actions/core escapes %, CR and LF in the message, and also ':' and ',' in the properties.
    const properties: core.AnnotationProperties = place
      ? { title: annotationTitle(ranked), file: place.path, startLine: place.line, endLine: place.line }
      : { title: annotationTitle(ranked) }
    if (isError) {
      sink.error(annotationMessage(ranked.finding), properties)
      count.errors++
    } else {
      sink.warning(annotationMessage(ranked.finding), properties)
      count.warnings++
    }
  }
  if (count.omitted > 0) {
    sink.info(
      `readiness-gate: ${count.omitted} more finding${count.omitted === 1 ? ' is' : 's are'} listed in the job summary ` +
        `(GitHub shows at most ${LOG_ANNOTATIONS_PER_LEVEL} error and ${LOG_ANNOTATIONS_PER_LEVEL} warning annotations per step).`
    )
  }
  return count
}
