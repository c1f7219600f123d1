// LitmusChaos ChaosResult resources → failure-drill evidence: `kubectl get chaosresult NAME -o yaml`
// (or `-o json`, or a list of them: `kubectl get chaosresults -o yaml`, several `---` documents).
//
// Definitions (docs/formats/llm-evals-red-team-usage-drills.md; the schema is the chaos-operator's
// api/litmuschaos/v1alpha1/chaosresult_types.go, no real dump was found):
// - One ChaosResult is one experiment of one ChaosEngine: `spec.experiment`, and in
//   `status.experimentStatus` its `phase` (Running, Completed, Stopped), `verdict` (Pass, Fail,
//   Stopped, Awaited), `failureOutput` {failedStep, errorCode} and `probeSuccessPercentage`, a STRING.
// - Passed = phase Completed, verdict Pass, and (where written) every probe passed: a probe
//   percentage below 100 or a probe whose verdict is Failed fails it whatever the verdict says. Any
//   other verdict or phase is not a pass (Awaited: the run has not finished); an unknown one fails.
// - `status.history` counts passed, failed and stopped runs over the resource's life: the verdict is
//   the last run's, so the history is only noted.
// - Litmus records no recovery time or duration. The time of the run is the latest
//   `metadata.managedFields[].time` (when the status was last written), else `creationTimestamp`
//   (when the resource was created, possibly runs ago).
import type { DrillExperiment, EvidenceParser, FailureDrillEvidence } from '../types.js'
import { parseYamlDocuments, type KeyPath, type LocatedDocument } from '../../yaml/located.js'
import { isRecord, readEvidenceText, yamlFailure } from '../parsing/read-evidence.js'
import { compact } from '../parsing/llm-common.js'
import { describeValue, failure, FieldProblem, guardFields } from '../parsing/failure.js'
import { isoTimestamp } from '../parsing/timestamp.js'

const VERDICTS = new Set(['Pass', 'Fail', 'Stopped', 'Awaited'])
const PHASES = new Set(['Running', 'Completed', 'Stopped'])

interface Found {
  resource: Record<string, unknown>
  document: LocatedDocument
  path: KeyPath
}

/** The ChaosResult resources of a document: the resource itself, or the items of a (ChaosResult)List. */
function chaosResultsIn(document: LocatedDocument): Found[] {
  const value = document.value
  if (!isRecord(value)) return []
  if (value.kind === 'ChaosResult') return [{ resource: value, document, path: [] }]
  if ((value.kind === 'List' || value.kind === 'ChaosResultList') && Array.isArray(value.items)) {
    return value.items.flatMap((item, index) => (isRecord(item) && item.kind === 'ChaosResult' ? [{ resource: item, document, path: ['items', index] }] : []))
  }
  return []
}

/** The latest time the resource's fields were written (managedFields), else its creation time. */
function lastWritten(metadata: Record<string, unknown>): string | undefined {
  const times = (Array.isArray(metadata.managedFields) ? metadata.managedFields : [])
    .map((field) => (isRecord(field) && typeof field.time === 'string' ? isoTimestamp(field.time) : undefined))
    .filter((time): time is string => time !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
  const created = typeof metadata.creationTimestamp === 'string' ? isoTimestamp(metadata.creationTimestamp) : undefined
  return times.at(-1) ?? created
}

function readResult({ resource, document, path }: Found, file: string, notes: string[]): DrillExperiment & { time?: string } {
  const metadata = isRecord(resource.metadata) ? resource.metadata : {}
  const spec = isRecord(resource.spec) ? resource.spec : {}
  // A ChaosResult is named <engine>-<experiment>: the more telling of the two.
  const name =
    typeof metadata.name === 'string' && metadata.name
      ? metadata.name
      : typeof spec.experiment === 'string' && spec.experiment
        ? spec.experiment
        : 'ChaosResult'
  const line = document.lineOf([...path, 'status', 'experimentStatus', 'verdict']) ?? document.nearestLineOf(path) ?? 1
  const status = isRecord(resource.status) ? resource.status : undefined
  const experimentStatus = status && isRecord(status.experimentStatus) ? status.experimentStatus : undefined
  if (!experimentStatus)
    throw new FieldProblem(`${file} line ${line}: ChaosResult ${name} has no status.experimentStatus: the experiment has not reported a verdict`, line)
  const { verdict, phase } = experimentStatus
  if (typeof verdict !== 'string' || !VERDICTS.has(verdict))
    throw new FieldProblem(
      `${file} line ${line}: ChaosResult ${name} has verdict ${describeValue(verdict)}; a ChaosResult's verdict is Pass, Fail, Stopped or Awaited`,
      line
    )
  if (phase !== undefined && (typeof phase !== 'string' || !PHASES.has(phase)))
    throw new FieldProblem(`${file} line ${line}: ChaosResult ${name} has phase ${describeValue(phase)}; its phase is Running, Completed or Stopped`, line)
  const reasons: string[] = []
  const percentText = experimentStatus.probeSuccessPercentage
  let probePercent: number | undefined
  if (percentText !== undefined && percentText !== null && percentText !== '') {
    // Written as a string ("100"); "Awaited" while probes run.
    probePercent =
      typeof percentText === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(percentText)
        ? Number(percentText)
        : typeof percentText === 'number'
          ? percentText
          : undefined
    if (probePercent === undefined) reasons.push(`probe success ${describeValue(percentText)}`)
    else if (probePercent < 100) reasons.push(`probe success ${probePercent}%`)
  }
  const probes = Array.isArray(status?.probeStatuses) ? status.probeStatuses : Array.isArray(status?.probeStatus) ? status.probeStatus : []
  const failedProbes = probes
    .filter((probe) => isRecord(probe) && isRecord(probe.status) && probe.status.verdict === 'Failed')
    .map((probe) => (isRecord(probe) && typeof probe.name === 'string' ? probe.name : '?'))
  if (failedProbes.length) reasons.push(`probe${failedProbes.length === 1 ? '' : 's'} failed: ${failedProbes.join(', ')}`)
  const failureOutput = isRecord(experimentStatus.failureOutput) ? experimentStatus.failureOutput : undefined
  if (failureOutput && typeof failureOutput.failedStep === 'string' && failureOutput.failedStep) reasons.push(`failed step: ${failureOutput.failedStep}`)
  if (verdict === 'Awaited' || phase === 'Running') reasons.push('the experiment has not finished')
  const history = status && isRecord(status.history) ? status.history : undefined
  if (history)
    notes.push(
      `${name}: history of ${describeValue(history.passedRuns)} passed, ${describeValue(history.failedRuns)} failed, ${describeValue(history.stoppedRuns)} stopped runs (the verdict is the last run's)`
    )
  const passed = verdict === 'Pass' && (phase === undefined || phase === 'Completed') && reasons.length === 0
  return compact({ name, status: verdict, passed, line, ...(reasons.length ? { reason: reasons.join('; ') } : {}), time: lastWritten(metadata) })
}

export const litmusChaosResultParser: EvidenceParser<FailureDrillEvidence> = {
  format: 'litmus-chaosresult',
  kind: 'failure-drill',
  description: 'LitmusChaos ChaosResult resources (kubectl get chaosresult -o yaml or -o json): verdict, probe success, failed step',
  detect: ({ head }) => /litmuschaos\.io\//.test(head) && /(?:^|\n)\s*(?:-\s+)?kind\s*:\s*["']?ChaosResult["']?|"kind"\s*:\s*"ChaosResult"/.test(head),
  async parse(source) {
    const read = await readEvidenceText(source)
    if (!read.ok) return read
    const file = `"${source.relPath}"`
    const parsed = parseYamlDocuments(read.text, file)
    if (!parsed.ok) return yamlFailure(parsed.problems)
    return guardFields(() => {
      const found = parsed.documents.flatMap(chaosResultsIn)
      if (found.length === 0) return failure(`${file} holds no ChaosResult resource (kind: ChaosResult, apiVersion litmuschaos.io/v1alpha1)`, 1)
      const notes: string[] = ['LitmusChaos records no recovery time or duration']
      const results = found.map((one) => readResult(one, file, notes))
      const times = results.map((result) => result.time).filter((time): time is string => time !== undefined)
      const latest = times.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1)
      const passedCount = results.filter((result) => result.passed).length
      const evidence: FailureDrillEvidence = compact({
        kind: 'failure-drill' as const,
        format: 'litmus-chaosresult',
        tool: 'litmuschaos',
        ...(latest ? { timestamp: latest } : {}),
        experiments: results.length,
        passed: passedCount,
        failed: results.length - passedCount,
        results: results.map(({ time: _time, ...result }) => result),
        notes
      })
      return { ok: true, evidence }
    })
  }
}

export const litmusParsers: EvidenceParser[] = [litmusChaosResultParser]
