// Log annotations through workflow commands, for when no check run carries them (fork PRs, `mode:
// evaluate`). What to send is planned in render/annotations.ts; this writes it and one plain log line
// saying how many more the job summary lists.
import * as core from './runner.js'
import type { Report } from '../report/types.js'
import { LOG_ANNOTATIONS_PER_LEVEL, planLogAnnotations, type AnnotationOptions } from '../render/annotations.js'

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

export function emitLogAnnotations(
  report: Report,
  options: AnnotationOptions,
  sink: CommandSink = core,
  errorLimit = LOG_ANNOTATIONS_PER_LEVEL
): LogAnnotationCount {
  const plan = planLogAnnotations(report, options, errorLimit)
  const count: LogAnnotationCount = { errors: 0, warnings: 0, omitted: plan.omitted }
  for (const annotation of plan.annotations) {
    // @actions/core escapes %, CR and LF in the message, and also ':' and ',' in the properties.
    const properties: core.AnnotationProperties = annotation.place
      ? { title: annotation.title, file: annotation.place.path, startLine: annotation.place.line, endLine: annotation.place.line }
      : { title: annotation.title }
    if (annotation.level === 'error') {
      sink.error(annotation.message, properties)
      count.errors++
    } else {
      sink.warning(annotation.message, properties)
      count.warnings++
    }
  }
  if (plan.omitted > 0) {
    sink.info(
      `readiness-gate: ${plan.omitted} more finding${plan.omitted === 1 ? ' is' : 's are'} listed in the job summary ` +
        `(GitHub shows at most ${LOG_ANNOTATIONS_PER_LEVEL} error and ${LOG_ANNOTATIONS_PER_LEVEL} warning annotations per step).`
    )
  }
  return count
}
