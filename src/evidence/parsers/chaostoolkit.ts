// Chaos Toolkit `journal.json` → failure-drill evidence. One journal is one experiment run.
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md):
// - The experiment passed when its status is `completed` and it did not deviate. A deviated run
//   (the steady-state hypothesis did not hold after the method) has status `failed` although every
//   activity in `run` succeeded; `aborted` and `interrupted` runs did not finish.
// - A completed run proves nothing unless a fault was injected and the steady state was checked
//   after it: no `action` in `run`, or no `steady_states.after` met, is no passed drill.
// - Chaos Toolkit records no recovery time; `durationS` is the whole run's.
// - Its dates are naive ISO times in UTC (chaoslib writes datetime.utcnow()).
import type { DrillExperiment, EvidenceParser, FailureDrillEvidence } from '../types.js'
import { readJsonDocument } from '../parsing/load-common.js'
import { compact, finite, isRecord } from '../parsing/llm-common.js'
import { describeValue, failure } from '../parsing/failure.js'
import { utcTimestamp } from '../parsing/timestamp.js'

const KNOWN_STATUSES = new Set(['completed', 'failed', 'aborted', 'interrupted'])

export const chaosToolkitJournalParser: EvidenceParser<FailureDrillEvidence> = {
  format: 'chaostoolkit-journal',
  kind: 'failure-drill',
  description: 'Chaos Toolkit journal.json (chaos run): status, deviation from the steady state, activities',
  detect: ({ head }) => /^\s*\{/.test(head) && /"chaoslib-version"\s*:/.test(head) && /"experiment"\s*:\s*\{/.test(head),
  async parse(source) {
    const read = await readJsonDocument(source, 'a Chaos Toolkit journal')
    if (!read.ok) return read
    const file = `"${source.relPath}"`
    const journal = read.value
    if (!isRecord(journal) || !isRecord(journal.experiment)) return failure(`${file} has no experiment; it is not a Chaos Toolkit journal`, 1)
    const status = journal.status
    if (typeof status !== 'string' || !KNOWN_STATUSES.has(status)) {
      return failure(`${file} has status ${describeValue(status)}; a Chaos Toolkit journal's status is completed, failed, aborted or interrupted`, 1)
    }
    if (journal.deviated !== undefined && typeof journal.deviated !== 'boolean')
      return failure(`${file} has deviated ${describeValue(journal.deviated)}, not true or false`, 1)
    const deviated = journal.deviated === true
    const title = typeof journal.experiment.title === 'string' && journal.experiment.title.trim() !== '' ? journal.experiment.title.trim() : source.relPath
    const durationS = finite(journal.duration)
    const notes: string[] = []
    const run = Array.isArray(journal.run) ? journal.run : []
    const failedActivities = run
      .filter((step) => isRecord(step) && step.status === 'failed')
      .map((step) => (isRecord(step) && isRecord(step.activity) ? String(step.activity.name) : '?'))
    if (failedActivities.length) notes.push(`activities that failed: ${failedActivities.join(', ')}`)
    const after = isRecord(journal.steady_states) && isRecord(journal.steady_states.after) ? journal.steady_states.after : undefined
    if (deviated) notes.push('the steady-state hypothesis did not hold after the method (deviated)')
    else if (after && after.steady_state_met === false) notes.push('the steady state was not met after the method')
    notes.push('Chaos Toolkit records no recovery time')
    const injected = run.some((step) => isRecord(step) && isRecord(step.activity) && step.activity.type === 'action')
    const hollow = !injected
      ? 'no action ran in its method, so no fault was injected'
      : after?.steady_state_met !== true
        ? after
          ? 'the steady state was not met after the method'
          : 'the steady state was not checked after the method'
        : undefined
    const completed = status === 'completed' && !deviated
    const experiment: DrillExperiment = compact({
      name: title,
      status,
      deviated,
      passed: completed && hollow === undefined,
      ...(completed && hollow ? { reason: hollow } : {}),
      durationS,
      line: 1
    })
    const timestamp = utcTimestamp(journal.start)
    const evidence: FailureDrillEvidence = compact({
      kind: 'failure-drill',
      format: 'chaostoolkit-journal',
      tool: 'chaostoolkit',
      ...(timestamp ? { timestamp } : {}),
      experiments: 1,
      passed: experiment.passed ? 1 : 0,
      failed: experiment.passed ? 0 : 1,
      durationS,
      results: [experiment],
      notes
    })
    return { ok: true, evidence }
  }
}

export const chaosToolkitParsers: EvidenceParser[] = [chaosToolkitJournalParser]
