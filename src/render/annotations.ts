// Annotation planning, pure: which findings get an annotation, at which repository line, in what order,
// cut to GitHub's limits. Every annotation points at a real line of a repository file (the finding's own
// place, else its related place, else it is left to the summary), and the most important come first.
// github/ sends the plans: check run annotations through the Checks API, log annotations as workflow commands.
import path from 'node:path'
import type { Finding, Location, Report } from '../report/types.js'
import { marksUnverified } from './claims.js'
import { oneLine, plainLines, truncateChars, truncateUtf8 } from './sanitize.js'

export type AnnotationLevel = 'failure' | 'warning' | 'notice'

/** The annotation object of POST/PATCH /repos/{owner}/{repo}/check-runs. */
export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  annotation_level: AnnotationLevel
  message: string
  title?: string
}

/** Past this many, annotations stop helping a reader; the summary and the report carry the rest. */
export const MAX_ANNOTATIONS = 1000
const TITLE_MAX_CHARS = 255
/** GitHub documents 64 KB for message; stay clearly below it. */
const MESSAGE_MAX_BYTES = 64_000

export interface AnnotationOptions {
  /** Whether a report location (relative to the gate's root) is an existing line of a repository file. */
  isRepoLine(file: string, line: number): boolean
  /** Repo-relative POSIX path of the gate's root ('' when the gate runs at the repository root). */
  rootPrefix: string
}

/** A finding worth an annotation, with its level; passing and not-required findings have none. */
export interface RankedFinding {
  finding: Finding
  level: AnnotationLevel
  /** Who the finding belongs to, for the title; undefined for run-level notices. */
  system?: string
}

const LEVEL_RANK: Record<AnnotationLevel, number> = { failure: 0, warning: 1, notice: 2 }

/** Findings that deserve attention, most important first (failures, then warnings, then notices; report order within). */
export function rankFindings(report: Report): RankedFinding[] {
  const ranked: RankedFinding[] = []
  for (const notice of report.notices) {
    ranked.push({ finding: notice, level: notice.status === 'fail' ? 'failure' : 'warning' })
  }
  for (const system of report.systems) {
    // Under block-on: changes, a system the change did not touch fails nothing: its gaps are warnings.
    const blocking = report.change?.systems.find((change) => change.name === system.name)?.blocks ?? true
    for (const finding of system.findings) {
      const level = levelOf(finding)
      if (level) ranked.push({ finding, level: level === 'failure' && !blocking ? 'warning' : level, system: system.name })
    }
  }
  // Array.prototype.sort is stable, so report order survives within a level.
  return ranked.sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level])
}

function levelOf(finding: Finding): AnnotationLevel | undefined {
  if (finding.status === 'fail') return 'failure'
  if (finding.verification === 'unverified') return 'warning'
  if (finding.status === 'waived') return 'notice'
  return undefined
}

export interface AnnotationPlan {
  annotations: CheckAnnotation[]
  /** Findings that deserved an annotation but got none: no real line to point at, or over the cap. */
  skipped: number
}

export function toAnnotations(report: Report, options: AnnotationOptions): AnnotationPlan {
  const annotations: CheckAnnotation[] = []
  let skipped = 0
  for (const ranked of rankFindings(report)) {
    const place = placeOf(ranked.finding, options)
    if (!place || annotations.length >= MAX_ANNOTATIONS) {
      skipped++
      continue
    }
    annotations.push({
      path: place.path,
      start_line: place.line,
      end_line: place.line,
      annotation_level: ranked.level,
      title: annotationTitle(ranked),
      message: annotationMessage(ranked.finding)
    })
  }
  return { annotations, skipped }
}

/** The repo-relative path and line to annotate: the finding's own place, else its related one. */
export function placeOf(finding: Finding, options: AnnotationOptions): { path: string; line: number } | undefined {
  const candidates: Location[] = finding.related ? [finding, finding.related] : [finding]
  for (const location of candidates) {
    if (!location.file || !Number.isInteger(location.line) || location.line < 1) continue
    if (!options.isRepoLine(location.file, location.line)) continue
    return { path: path.posix.join(options.rootPrefix, location.file), line: location.line }
  }
  return undefined
}

/** On a pull request, whether the failure is new tells the author whether this change caused it. */
const CHANGE_TAG = { new: ' (new in this change)', existing: ' (already failing at the base)' } as const

export function annotationTitle(ranked: RankedFinding): string {
  const owner = ranked.system ? `${ranked.system}: ` : ''
  const tag = ranked.finding.change ? CHANGE_TAG[ranked.finding.change] : ''
  return truncateChars(oneLine(`${owner}${ranked.finding.rule}${tag}`), TITLE_MAX_CHARS)
}

export function annotationMessage(finding: Finding): string {
  const verification = marksUnverified(finding) ? ' (unverified)' : ''
  const hint = finding.hint ? `\nHow to fix: ${finding.hint}` : ''
  // Repository text reaches the log viewer, which interprets terminal escapes: keep only readable text.
  return truncateUtf8(plainLines(`${finding.message}${verification}${hint}`), MESSAGE_MAX_BYTES)
}

/** GitHub shows at most this many error and this many warning annotations per step. */
export const LOG_ANNOTATIONS_PER_LEVEL = 10

/** One workflow-command annotation (`::error file=…,line=…,title=…::message`). */
export interface LogAnnotation {
  level: 'error' | 'warning'
  title: string
  message: string
  place?: { path: string; line: number }
}

export interface LogAnnotationPlan {
  annotations: LogAnnotation[]
  /** Errors and warnings over the per-step limit, listed only in the job summary. */
  omitted: number
}

/**
 * The log annotations to send when no check run carries them: the most important within GitHub's
 * per-step limits. `errorLimit` leaves room for an error the caller sends itself (core.setFailed's),
 * so the step stays within GitHub's 10 and the most important ones are not the ones dropped.
 */
export function planLogAnnotations(report: Report, options: AnnotationOptions, errorLimit = LOG_ANNOTATIONS_PER_LEVEL): LogAnnotationPlan {
  const plan: LogAnnotationPlan = { annotations: [], omitted: 0 }
  let errors = 0
  let warnings = 0
  for (const ranked of rankFindings(report)) {
    if (ranked.level === 'notice') continue
    const isError = ranked.level === 'failure'
    if (isError ? errors >= errorLimit : warnings >= LOG_ANNOTATIONS_PER_LEVEL) {
      plan.omitted++
      continue
    }
    if (isError) errors++
    else warnings++
    const place = placeOf(ranked.finding, options)
    plan.annotations.push({
      level: isError ? 'error' : 'warning',
      title: annotationTitle(ranked),
      message: annotationMessage(ranked.finding),
      ...(place ? { place } : {})
    })
  }
  return plan
}
