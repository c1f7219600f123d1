// On a pull request (or `check --base REF`): evaluate the base commit too, with the same trusted policy
// and clock, and put what the change did at the head of the report. The base's manifests and the files
// they name are copied from the base (git or the API) into a scratch folder and run through the same
// gate; a system is touched when any of those files differs at head.
import { mkdtemp, mkdir, readFile, rm, writeFile } from '../fs/callback-fs.js'
import os from 'node:os'
import path from 'node:path'
import { runGate, type GateInput } from '../gate.js'
import { manifestMatcher } from '../manifest/discover.js'
import { stageDirection, type Finding, type Report, type SystemReport } from '../report/types.js'
import { yamlValue } from '../yaml/located.js'
import { withChange } from './delta.js'

export interface BaseSource {
  /** For people: "base 1a2b3c4". */
  label: string
  /** A file at the base, relative to the gate's root; null when it does not exist there. */
  read: (relPath: string) => Promise<string | null>
  /** The same file's bytes, exactly: evidence can be binary (gzip, zip), which text would mangle. Default: read's text. */
  readBytes?: (relPath: string) => Promise<Buffer | null>
  /** Every file at the base, relative to the gate's root. */
  list: () => Promise<string[]>
}

/** A string in a manifest longer than this is no path. */
const MAX_PATH_CHARS = 1024

export async function compareWithBase(input: GateInput, head: Report, base: BaseSource): Promise<Report> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'readiness-base-'))
  try {
    const listed = new Set(await base.list())
    const isManifest = manifestMatcher(input.manifests)
    const unreadable: string[] = []
    /** Base files each base manifest reads (itself first), by manifest path. */
    const filesOf = new Map<string, string[]>()
    const copied = new Map<string, Buffer>()
    const readBytes =
      base.readBytes?.bind(base) ??
      (async (relPath: string) => {
        const text = await base.read(relPath)
        return text === null ? null : Buffer.from(text, 'utf8')
      })
    const copy = async (relPath: string): Promise<boolean> => {
      if (copied.has(relPath)) return true
      let bytes: Buffer | null
      try {
        bytes = await readBytes(relPath)
      } catch {
        bytes = null
      }
      if (bytes === null) {
        unreadable.push(relPath)
        return false
      }
      copied.set(relPath, bytes)
      const target = path.join(scratch, ...relPath.split('/'))
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, bytes)
      return true
    }
    const textOf = (relPath: string): string | undefined =>
      copied
        .get(relPath)
        ?.toString('utf8')
        .replace(/^\uFEFF/, '')
    for (const manifest of [...listed].filter(isManifest).sort()) {
      if (!(await copy(manifest))) continue
      const named = namedFiles(textOf(manifest)!, path.posix.dirname(manifest)).filter((file) => listed.has(file) && file !== manifest)
      const files = [manifest]
      for (const file of named) if (await copy(file)) files.push(file)
      filesOf.set(manifest, files)
    }
    const baseReport = await runGate({
      ...input,
      root: scratch,
      // The base judged as the base branch itself: its claims are unchanged from it, no approvals apply.
      trust: { mode: 'branch', approvers: new Set(), trustedRef: base.label, readTrusted: async (relPath) => textOf(relPath) ?? base.read(relPath) },
      notices: []
    })
    const touched = await touchedManifests(input.root, head, baseReport, filesOf, copied)
    const guarded = await guardStageLowering(input, head, baseReport)
    return withChange(guarded, baseReport, { baseLabel: base.label, blockOn: input.policy.pullRequests.blockOn, touched, unreadable })
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** Repo-relative paths a manifest's string values could name: relative to the manifest's folder, or to the root. */
function namedFiles(manifestText: string, manifestDir: string): string[] {
  const found = new Set<string>()
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length === 0 || value.length > MAX_PATH_CHARS || /[\n\0]/.test(value)) return
      for (const candidate of [path.posix.join(manifestDir, value), path.posix.normalize(value)]) {
        if (!candidate.startsWith('../') && candidate !== '..') found.add(candidate.replace(/^\.\//, ''))
      }
    } else if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') Object.values(value).forEach(visit)
  }
  visit(yamlValue(manifestText))
  return [...found]
}

/** Head manifests whose system reads a file that differs from the base (or that moved). */
async function touchedManifests(
  root: string,
  head: Report,
  base: Report,
  filesOf: ReadonlyMap<string, string[]>,
  copied: ReadonlyMap<string, Buffer>
): Promise<Set<string>> {
  const touched = new Set<string>()
  const baseByName = new Map(base.systems.map((system) => [system.name, system]))
  for (const system of head.systems) {
    const before = baseByName.get(system.name)
    const files = before ? filesOf.get(before.manifest) : undefined
    if (!before || !files || before.manifest !== system.manifest) {
      touched.add(system.manifest)
      continue
    }
    for (const file of files) {
      // Byte for byte: a binary file (gzip, zip) is the same only when its bytes are.
      const atHead = await readFile(path.join(root, ...file.split('/'))).catch(() => null)
      const atBase = copied.get(file)
      if (!atHead || !atBase || !atHead.equals(atBase)) {
        touched.add(system.manifest)
        break
      }
    }
  }
  return touched
}

/**
 * Lowering a stage is named in the summary either way; when the policy asks, it also needs a waiver
 * approver's approval at the head commit, or the system fails.
 */
async function guardStageLowering(input: GateInput, head: Report, base: Report): Promise<Report> {
  if (!input.policy.pullRequests.loweringStageNeedsApproval) return head
  const baseByName = new Map(base.systems.map((system) => [system.name, system]))
  const approvedBy = [...input.trust.approvers].filter((login) => input.policy.waivers.approvers.includes(login) && login !== input.trust.author)
  const systems = await Promise.all(
    head.systems.map(async (system): Promise<SystemReport> => {
      const before = baseByName.get(system.name)
      if (!before || stageDirection(before.stage, system.stage) >= 0) return system
      const at = await stageLine(input.root, system.manifest)
      const lowered = `${system.name} goes from ${before.stage} down to ${system.stage}`
      const finding: Finding = approvedBy.length
        ? { rule: 'stage.lowered', status: 'pass', message: `${lowered}; approved by @${approvedBy[0]} at the head commit.`, ...at, verification: 'verified' }
        : {
            rule: 'stage.lowered',
            status: 'fail',
            message: `${lowered}, and the policy needs a waiver approver's approval to lower a stage.`,
            ...at,
            hint: `Have a waiver approver (${input.policy.waivers.approvers.map((login) => `@${login}`).join(', ') || 'none named in the policy'}) approve the pull request at its head commit.`
          }
      return { ...system, passed: system.passed && finding.status !== 'fail', findings: [finding, ...system.findings] }
    })
  )
  return { ...head, systems }
}

/** The line of the manifest's top-level `stage:` key (1 when it cannot be found). */
async function stageLine(root: string, manifest: string): Promise<{ file: string; line: number }> {
  const text = await readFile(path.join(root, ...manifest.split('/')), 'utf8').catch(() => '')
  const index = text.split('\n').findIndex((line) => /^stage\s*:/.test(line))
  return { file: manifest, line: index >= 0 ? index + 1 : 1 }
}
