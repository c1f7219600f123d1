// The check run on the head commit: created completed, with its output and annotations, in one request
// when there are at most 50 annotations; else created in progress, annotations sent 50 per request,
// finished with the conclusion. Any failure is reported back, never thrown: the caller then carries the verdict
// through the job summary, log annotations and the exit code.
import type { Report } from '../report/types.js'
import type { CheckAnnotation } from '../render/annotations.js'
import { renderCheckSummary, renderTitle } from '../render/markdown.js'
import { oneLine, truncateUtf8, utf8Bytes } from '../render/sanitize.js'
import { renderVerdictBlock } from '../render/verdict-block.js'
import type { GitHubClient } from './client.js'
import { docUrl } from '../report/links.js'

/** GitHub accepts at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50

/** Annotations in request-sized batches, in order. */
export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const result: T[][] = []
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size))
  return result
}

export interface CheckRunRequest {
  owner: string
  repo: string
  headSha: string
  /** Stable across runs: it is what branch protection pins as a required check. */
  name: string
  report: Report
  annotations: CheckAnnotation[]
  /** Findings that deserved an annotation but got none (no real line to point at, or over the cap). */
  unannotated: number
  detailsUrl?: string
  /** `https://github.com/OWNER/REPO/blob/SHA/`, so the summary links each problem's exact line. */
  blobUrl?: string
  /** Repo-relative POSIX path of the gate's root, for those links. */
  rootPrefix?: string
  now?: () => Date
}

export type CheckRunResult =
  | { published: true; checkRunId: number; url?: string; annotationsSent: number; problems: string[] }
  | { published: false; checkRunId?: number; reason: string; problems: string[] }

export function conclusionOf(report: Report): 'success' | 'failure' {
  // neutral and skipped would satisfy a required check, so anything short of a pass is a failure.
  return report.passed ? 'success' : 'failure'
}

export async function publishCheckRun(client: GitHubClient, request: CheckRunRequest): Promise<CheckRunResult> {
  const { owner, repo, headSha, name, report } = request
  const now = request.now ?? (() => new Date())
  const problems: string[] = []
  const title = renderTitle(report)
  const summary = renderCheckSummary(report, { ...(request.blobUrl ? { blobUrl: request.blobUrl } : {}), rootPrefix: request.rootPrefix ?? '' })
  // output.text: notes on what the annotations left out. It is the place for any further part of the
  // check run's output (e.g. a machine-readable form of the report): joinText puts the parts together.
  const text = request.unannotated > 0 ? unannotatedNote(request.unannotated) : undefined
  const groups = batches(request.annotations)
  // Up to 50 annotations, the check run is created completed, with its output, in one request: the
  // throttling plugin spaces write requests a second apart, so each request saved is a second saved.
  // More, and it is created in progress with the first batch and completed by the last.
  const single = groups.length <= 1
  const first = groups.shift() ?? []
  const last = single ? [] : (groups.pop() ?? [])
  const completion = () => ({ status: 'completed' as const, conclusion: conclusionOf(report), completed_at: isoSeconds(now()) })
  const create = (annotations: CheckAnnotation[], note?: string) =>
    client.rest.checks.create({
      owner,
      repo,
      name,
      head_sha: headSha,
      started_at: isoSeconds(now()),
      ...(single ? completion() : { status: 'in_progress' as const }),
      ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
      output: { title, summary, text: textWithVerdict(report, text, note), annotations }
    })
  let checkRunId: number
  let url: string | undefined
  let annotationsSent = 0
  let annotationsFailed = false
  try {
    let created
    try {
      created = await create(first)
      annotationsSent += first.length
    } catch (error) {
      // A 422 with annotations may be about one of them: the verdict matters more than the line markers.
      if (first.length === 0 || (error as { status?: unknown }).status !== 422) throw error
      problems.push(`annotations 1–${first.length} were not accepted: ${describeError(error)}`)
      annotationsFailed = true
      created = await create([], failedAnnotationsNote(request.annotations.length))
    }
    checkRunId = created.data.id
    url = created.data.html_url ?? undefined
  } catch (error) {
    return { published: false, reason: `the check run could not be created: ${describeError(error)}`, problems }
  }
  if (single) return { published: true, checkRunId, url, annotationsSent, problems }

  for (const group of annotationsFailed ? [] : groups) {
    try {
      await client.rest.checks.update({ owner, repo, check_run_id: checkRunId, output: { title, summary, annotations: group } })
      annotationsSent += group.length
    } catch (error) {
      problems.push(`annotations ${annotationsSent + 1}–${annotationsSent + group.length} were not accepted: ${describeError(error)}`)
      annotationsFailed = true
      break
    }
  }

  const finish = (annotations: CheckAnnotation[], note?: string) =>
    client.rest.checks.update({
      owner,
      repo,
      check_run_id: checkRunId,
      ...completion(),
      output: { title, summary, text: textWithVerdict(report, text, note), annotations }
    })
  const final = annotationsFailed ? [] : last
  try {
    await finish(final, annotationsFailed ? failedAnnotationsNote(request.annotations.length - annotationsSent) : undefined)
    annotationsSent += final.length
  } catch (error) {
    problems.push(`the check run could not be completed: ${describeError(error)}`)
    if (final.length === 0) {
      return { published: false, checkRunId, reason: `check run ${checkRunId} was created but could not be completed: ${describeError(error)}`, problems }
    }
    // One more try without annotations: the verdict matters more than the line markers.
    try {
      await finish([], failedAnnotationsNote(request.annotations.length - annotationsSent))
    } catch (retryError) {
      return {
        published: false,
        checkRunId,
        reason: `check run ${checkRunId} was created but could not be completed: ${describeError(retryError)}`,
        problems
      }
    }
  }
  return { published: true, checkRunId, url, annotationsSent, problems }
}

function unannotatedNote(count: number): string {
  return `${count} finding${count === 1 ? ' has' : 's have'} no annotation here (no line in the repository to point at, or past the annotation cap); the summary and the JSON report list every finding.`
}

function failedAnnotationsNote(count: number): string {
  return `${count} annotation${count === 1 ? ' was' : 's were'} not accepted by GitHub; the summary and the job summary list every finding.`
}

const CHECK_TEXT_MAX_BYTES = 65_535
/** The notes are a sentence each; the machine-readable verdict gets the rest of the text's budget. */
const NOTES_MAX_BYTES = 8 * 1024

/** The notes for people, then the verdict for machines (the fleet view reads it back), within GitHub's limit. */
function textWithVerdict(report: Report, ...notes: Array<string | undefined>): string {
  const prose = truncateUtf8(notes.filter((note): note is string => Boolean(note)).join('\n\n'), NOTES_MAX_BYTES)
  const separator = prose ? '\n\n' : ''
  return prose + separator + renderVerdictBlock(report, CHECK_TEXT_MAX_BYTES - utf8Bytes(prose + separator))
}

/** GitHub documents timestamps as YYYY-MM-DDTHH:MM:SSZ. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** One line for the log: status and GitHub's message, e.g. "403 Resource not accessible by integration". */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { status, message } = error as { status?: unknown; message?: unknown }
    const detail = typeof message === 'string' ? (message.split(' - https://')[0] ?? message) : objectText(error)
    return oneLine(typeof status === 'number' ? `${status} ${detail}` : detail)
  }
  return oneLine(
    typeof error === 'string'
      ? error
      : typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint' || error === undefined
        ? String(error)
        : typeof error
  )
}

/** An Error names itself; another object is shown as JSON, not as [object Object] (and never throws: it may be circular). */
function objectText(error: object): string {
  if (error instanceof Error) return String(error)
  try {
    return JSON.stringify(error) ?? 'an unknown error'
  } catch {
    return 'an unknown error'
  }
}

/** The plain reason a fork PR gets no check run, for the log and the job summary. */
export function explainNoCheckRun(reason: string): string {
  const forbidden = /\b403\b/.test(reason) && /not accessible by integration/i.test(reason)
  return forbidden
    ? `No check run was created: ${reason}. The workflow token cannot write checks here — on a pull request from a fork GITHUB_TOKEN is read-only. ` +
        `The verdict is in this job summary, the log annotations, the outputs and the exit code; the fork-safe setup that publishes a check run: ${docUrl('github.md#pull-requests-from-forks')}`
    : `No check run was created: ${reason}. The verdict is in this job summary, the log annotations, the outputs and the exit code.`
}
