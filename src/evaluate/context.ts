// What every requirement evaluator gets, and the shared evidence loading with freshness and binding.
import type { EvidenceKind, Evidence } from '../evidence/types.js'
import { chooseParser, openResolvedEvidenceFile, parseWith, type Parsed } from '../evidence/registry.js'
import { readRunbook, type RunbookStructure } from '../evidence/runbook.js'
import { type Opened, type OpenedFile, type ReadLimits, DEFAULT_LIMITS, openResolved, realRootOf, resolveInRepo, type Resolved } from '../fs/safe-read.js'
import type { FileDater } from '../fs/git-dates.js'
import type { LoadedManifest } from '../manifest/load.js'
import type { EvidenceRef, Manifest } from '../manifest/types.js'
import type { Policy } from '../policy/types.js'
import type { Finding, Location } from '../report/types.js'
import type { TrustContext } from '../trust/types.js'
import type { KeyPath } from '../yaml/located.js'
import { ageInDays, formatDate, parseDay, startOfDay } from './dates.js'

/** One result of a requirement: the finding without its rule id (the engine adds it). */
export type Outcome = Omit<Finding, 'rule'>

export interface EvalContext {
  root: string
  manifest: LoadedManifest & { data: Manifest }
  policy: Policy
  now: Date
  trust: TrustContext
  evidence: EvidenceLoader
  fileDate: FileDater
  /** Told the last day each piece of evidence a requirement relied on still counts (the engine keeps the earliest). */
  lapsesOn?: (day: Date) => void
}

export interface LoadedEvidence<T extends Evidence = Evidence> {
  evidence: T
  relPath: string
  /** The manifest line of the evidence entry. */
  at: Location
}

/** How evaluators read evidence: the run's cache, or one system's view of it (EvidenceCache.forSystem). */
export interface EvidenceLoader {
  load(baseDir: string, file: string, format: string | undefined, kinds: readonly EvidenceKind[]): Promise<{ relPath: string; result: Parsed }>
  runbook(baseDir: string, ref: string): Promise<RunbookRead>
}

/** One system's view of the run's cache: `release()` when the system is done lets go of the files only it asked for. */
export interface SystemEvidence extends EvidenceLoader {
  release(): void
}

/**
 * Parses each evidence file once per run, however many requirements or systems link it (once per
 * parser), so a rules file that 1,000 systems link for both monitoring and drift is parsed once. An
 * opened file (its head, up to 64 KiB, for detection) is kept while a system that asked for it is
 * being evaluated, and to the end of the run once a second system asks for it. A file only one system
 * asked for is let go when that system is done (`forSystem`): keeping every file made memory grow with
 * the systems (docs/performance.md, round eleven). A later system that asks for it opens it again, from
 * this cache's root, and is given what was parsed of it before, so the run's results do not change.
 */
export class EvidenceCache implements EvidenceLoader {
  private readonly opened = new Map<string, Promise<Opened>>()
  /** An opened file's one system so far (its set of files asked), until a second asks for it or it is let go. */
  private readonly askedOnlyBy = new Map<string, Set<string>>()
  /** Files kept to the end of the run: asked for by two systems, or outside any system. */
  private readonly kept = new Set<string>()
  /** Files let go: one asked for again is shared by systems, so it is kept once opened again. */
  private readonly released = new Set<string>()
  /**
   * Per opened file, the parser chosen for each format and kinds asked: detection runs the detectors
   * over the file's head (up to 64 KiB), and a shared file is loaded by several requirements of every
   * system (a monorepo's rules file: four times a system). The choice depends on nothing else.
   */
  private readonly chosen = new WeakMap<OpenedFile, Map<string, ReturnType<typeof chooseParser>>>()
  private readonly parsed = new Map<string, Promise<Parsed>>()
  private readonly runbooks = new Map<string, Promise<RunbookRead>>()
  /** The root's real path, worked out once it could be (see resolve). */
  private realRoot: string | undefined
  constructor(
    private readonly root: string,
    private readonly limits: ReadLimits = DEFAULT_LIMITS
  ) {}

  /** A view for one system, whose `release()` lets go of the files no other system asked for. */
  forSystem(): SystemEvidence {
    const asked = new Set<string>()
    return {
      load: (baseDir, file, format, kinds) => this.loadFor(asked, baseDir, file, format, kinds),
      runbook: (baseDir, ref) => this.runbook(baseDir, ref),
      release: () => this.release(asked)
    }
  }

  /** The files whose opened head the cache holds now (repo-relative), for tests. */
  held(): string[] {
    return [...this.opened.keys()].sort()
  }

  load(baseDir: string, file: string, format: string | undefined, kinds: readonly EvidenceKind[]): Promise<{ relPath: string; result: Parsed }> {
    return this.loadFor(undefined, baseDir, file, format, kinds)
  }

  private async loadFor(
    asked: Set<string> | undefined,
    baseDir: string,
    file: string,
    format: string | undefined,
    kinds: readonly EvidenceKind[]
  ): Promise<{ relPath: string; result: Parsed }> {
    const opened = await this.open(asked, baseDir, file)
    if (!opened.ok) return { relPath: file, result: { ok: false, message: opened.message } }
    const { source } = opened
    let choices = this.chosen.get(source)
    if (!choices) this.chosen.set(source, (choices = new Map<string, ReturnType<typeof chooseParser>>()))
    const ask = `${format ?? ''}\0${kinds.join('\0')}`
    let chosen = choices.get(ask)
    if (!chosen) choices.set(ask, (chosen = chooseParser(source, { ...(format ? { format } : {}), kinds })))
    if (!chosen.ok) return { relPath: source.relPath, result: chosen }
    const key = `${source.absPath}\0${chosen.parser.format}`
    let pending = this.parsed.get(key)
    if (!pending) {
      pending = parseWith(chosen.parser, source)
      this.parsed.set(key, pending)
    }
    return { relPath: source.relPath, result: await pending }
  }

  /**
   * Reads a linked runbook or plan once per run, however many systems or alerts link it (a platform's
   * shared runbooks are linked by every system's alerts). As with evidence, a failure names the file
   * as this reference wrote it, so only a runbook that was read is shared.
   */
  async runbook(baseDir: string, ref: string): Promise<RunbookRead> {
    const resolved = await this.resolve(baseDir, ref)
    if (!resolved.ok) return { ok: false, unreadable: 'open', message: resolved.message }
    const shared = this.runbooks.get(resolved.relPath)
    if (shared) {
      const read = await shared
      if (read.ok) return read
    }
    const reading = (async (): Promise<RunbookRead> => {
      const opened = await openResolved(resolved.absPath, resolved.relPath, this.limits)
      if (!opened.ok) return { ok: false, unreadable: 'open', message: opened.message }
      try {
        return { ok: true, relPath: opened.source.relPath, structure: readRunbook(await opened.source.text()) }
      } catch (error) {
        return { ok: false, unreadable: 'read', relPath: opened.source.relPath, message: (error as Error).message }
      }
    })()
    this.runbooks.set(resolved.relPath, reading)
    return reading
  }

  private async open(asked: Set<string> | undefined, baseDir: string, file: string): Promise<Opened> {
    // Resolving is per reference (the checks and the path in messages depend on where it is written).
    const resolved = await this.resolve(baseDir, file)
    if (!resolved.ok) return resolved
    this.noteAsk(asked, resolved.relPath)
    const shared = this.opened.get(resolved.relPath)
    if (!shared) {
      const opening = openResolvedEvidenceFile(resolved, file, this.limits)
      this.opened.set(resolved.relPath, opening)
      return opening
    }
    const opened = await shared
    // A refusal names the file as this reference wrote it, so only a file that opened is shared.
    return opened.ok ? opened : openResolvedEvidenceFile(resolved, file, this.limits)
  }

  /** resolveInRepo against the root's real path worked out once: every reference of every system is checked against it. */
  private resolve(baseDir: string, ref: string): Promise<Resolved> {
    this.realRoot ??= realRootOf(this.root)
    return resolveInRepo(this.root, baseDir, ref, this.realRoot)
  }

  /** Records who asks for a file: the first system, or (a second, or no system) that it is kept for the run. */
  private noteAsk(asked: Set<string> | undefined, relPath: string): void {
    if (this.kept.has(relPath)) return
    const only = this.askedOnlyBy.get(relPath)
    if (asked && only === asked) return
    if (asked && !only && !this.released.has(relPath)) {
      this.askedOnlyBy.set(relPath, asked)
      asked.add(relPath)
      return
    }
    this.askedOnlyBy.delete(relPath)
    this.kept.add(relPath)
  }

  /** A system is done: the files only it asked for are let go (what was parsed of them is kept). */
  private release(asked: Set<string>): void {
    for (const relPath of asked) {
      if (this.askedOnlyBy.get(relPath) !== asked) continue
      this.askedOnlyBy.delete(relPath)
      this.opened.delete(relPath)
      this.released.add(relPath)
    }
    asked.clear()
  }
}

/** A linked runbook's steps, or why it could not be opened or read. */
export type RunbookRead =
  | { ok: true; relPath: string; structure: RunbookStructure }
  | { ok: false; unreadable: 'open'; message: string }
  | { ok: false; unreadable: 'read'; relPath: string; message: string }

export const fail = (message: string, at: Location, extra: Partial<Outcome> = {}): Outcome => ({ status: 'fail', message, ...at, ...extra })
export const pass = (message: string, at: Location, extra: Partial<Outcome> = {}): Outcome => ({ status: 'pass', message, ...at, ...extra })

export function locate(ctx: EvalContext, path: KeyPath): Location {
  const found = ctx.manifest.locate(path)
  return { file: found.file, line: found.line, column: found.column }
}

export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

/** Names the keys of `object` that are not filled in, as display paths under `prefix`. */
export function missingKeys(object: Record<string, unknown> | undefined, keys: string[], check: (value: unknown) => boolean = isText): string[] {
  return keys.filter((key) => !check(object?.[key]))
}

/**
 * Loads the evidence a manifest entry links, and applies the checks every evidence kind shares:
 * the file resolves and parses as the expected kind, is fresh (its own date, else `date:`, else its
 * last commit) and names no other model version than the manifest's.
 */
export async function loadLinkedEvidence<T extends Evidence>(
  ctx: EvalContext,
  entryPath: KeyPath,
  kinds: readonly EvidenceKind[],
  what: string
): Promise<{ ok: true; loaded: LoadedEvidence<T> } | { ok: false; outcome: Outcome }> {
  const entry = valueAt(ctx.manifest.data, entryPath) as EvidenceRef | undefined
  const entryAt = locate(ctx, entryPath)
  const shown = `\`${entryPath.join('.')}\``
  if (entry === undefined || entry === null) return { ok: false, outcome: fail(`${shown} is missing: link the ${what}.`, entryAt) }
  if (!isText(entry.file)) return { ok: false, outcome: fail(`${shown}.file is missing: link the ${what}.`, entryAt) }
  const fileAt = locate(ctx, [...entryPath, 'file'])
  const { relPath, result } = await ctx.evidence.load(ctx.manifest.dir, entry.file, isText(entry.format) ? entry.format : undefined, kinds)
  if (!result.ok) {
    const message = `The ${what} ${result.message.startsWith('"') ? result.message : `"${relPath}" ${result.message}`}`.replace(/\.?$/, '.')
    // A failure with a line is about the file's content (one that could not be opened has none).
    const inEvidence = result.line !== undefined
    return {
      ok: false,
      outcome: inEvidence ? fail(message, { file: relPath, line: result.line! }, { related: fileAt }) : fail(message, fileAt)
    }
  }
  const evidence = result.evidence as T
  const declared = ctx.manifest.data.model?.version
  if (isText(evidence.modelVersion) && isText(declared) && evidence.modelVersion.trim() !== declared.trim()) {
    const at = evidence.modelVersionLine ? { file: relPath, line: evidence.modelVersionLine } : fileAt
    return {
      ok: false,
      outcome: fail(`The ${what} "${relPath}" is for model version ${evidence.modelVersion}, but the manifest claims ${declared}.`, at, {
        related: locate(ctx, ['model', 'version']),
        hint: 'Re-run the evidence against the model version this manifest claims.'
      })
    }
  }
  const freshness = await checkFreshness(ctx, evidence, entry, relPath, what, fileAt)
  if (freshness) return { ok: false, outcome: freshness }
  return { ok: true, loaded: { evidence, relPath, at: fileAt } }
}

async function checkFreshness(
  ctx: EvalContext,
  evidence: Evidence,
  entry: EvidenceRef,
  relPath: string,
  what: string,
  at: Location
): Promise<Outcome | undefined> {
  let date: Date
  let source: string
  if (isText(evidence.timestamp) && !Number.isNaN(new Date(evidence.timestamp).getTime())) {
    date = new Date(evidence.timestamp)
    source = 'its own timestamp'
  } else if (isText(entry.date) && parseDay(entry.date)) {
    date = parseDay(entry.date)!
    source = "the manifest's `date:`"
  } else {
    const dated = await ctx.fileDate(relPath)
    if (!dated.date) return fail(`The ${what} "${relPath}" carries no date of its own, and ${dated.why}.`, at, { hint: dated.hint })
    date = dated.date
    source = 'its last commit'
  }
  const age = ageInDays(date, ctx.now)
  const max = ctx.policy.thresholds.maxEvidenceAgeDays
  if (age < -1)
    return fail(`The ${what} "${relPath}" is dated ${formatDate(date)}, in the future (by ${source}).`, at, {
      hint: 'Fix the date; evidence cannot come from the future.'
    })
  if (age > max) {
    return fail(`The ${what} "${relPath}" is ${Math.floor(age)} days old (by ${source}), over the policy's ${max}-day limit.`, at, {
      hint: 'Re-run it and link the fresh result.'
    })
  }
  ctx.lapsesOn?.(lastCountingDay(date, max))
  return undefined
}

/** The last calendar day (UTC) something dated `date` is at most `maxAgeDays` old. */
export function lastCountingDay(date: Date, maxAgeDays: number): Date {
  return new Date(startOfDay(date).getTime() + Math.floor(maxAgeDays) * 86_400_000)
}

export function valueAt(data: unknown, path: KeyPath): unknown {
  let value = data
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string | number, unknown>)[segment]
  }
  return value
}
