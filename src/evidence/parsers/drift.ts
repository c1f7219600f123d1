// Drift configurations → MonitoringEvidence (kind 'drift'): the project's own drift file, the
// legacy Evidently CLI config, the NannyML CLI config, alibi-detect's config.toml and whylogs
// constraints. Each monitor says what is measured, and — where the file states them — the
// threshold, window and route. A tool config that states no route or window is read as it is:
// those fields stay absent, and the drift requirement reports them missing.
import driftSchema from '../../../schemas/evidence/drift.schema.json' with { type: 'json' }
import type { EvidenceParser, EvidenceSource, Monitor, MonitoringEvidence, ParseFailure, ParseResult, SignalCategory } from '../types.js'
import type { LocatedDocument, PathSegment } from '../../yaml/located.js'
import { checkOwnFile, isRecord, readEvidenceText, readYamlEvidence } from '../parsing/read-evidence.js'
import { classifySignal } from '../parsing/signal-category.js'
import { unreachableDriftThreshold } from '../parsing/drift-statistic.js'
import { failure } from '../parsing/failure.js'
import { kindDeclaration } from '../parsing/kind-head.js'
import { INCOMPLETE_INSTALL } from '../../fs/install.js'

type Result = ParseResult<MonitoringEvidence>

/** The file's single YAML/JSON document, which must be a map of settings. */
async function readDocument(source: EvidenceSource): Promise<{ ok: true; document: LocatedDocument; what: string } | ParseFailure> {
  const read = await readYamlEvidence(source)
  if (!read.ok) return read
  if (!isRecord(read.document.value)) return failure(`${read.what} must be a map of settings`, read.document.nearestLineOf([]) ?? 1)
  return read
}

function evidence(format: string, tool: string | undefined, monitors: Monitor[], notes: string[], extra: Partial<MonitoringEvidence> = {}): Result {
  const judged = monitors.map((monitor) => {
    const inert = inertDriftMonitor(monitor)
    return inert ? { ...monitor, inert } : monitor
  })
  return { ok: true, evidence: { kind: 'drift', format, ...(tool ? { tool } : {}), ...extra, monitors: judged, ...(notes.length ? { notes } : {}) } }
}

/** Durations as drift configs write them: 7d, 24h, 30m, 90s, 2w, or a bare number. */
const ZERO_WINDOW = /^\s*0+(?:\.0+)?\s*(?:ms|s|m|h|d|w|y|sec|min|hours?|days?|weeks?|samples?|rows?|instances?)?\s*$/i

/**
 * Why a drift monitor cannot tell drift from none, when it cannot: a zero window, or a threshold
 * its statistic cannot cross or always crosses (drift-statistic.ts). A drift file's monitors are
 * drift statistics, none of them ever below 0.
 */
export function inertDriftMonitor(monitor: Pick<Monitor, 'metric' | 'threshold' | 'window'>): string | undefined {
  const { threshold, window } = monitor
  if (window !== undefined && ZERO_WINDOW.test(window)) return `its window is ${window.trim()}: it compares nothing`
  if (threshold === undefined) return undefined
  return unreachableDriftThreshold(monitor.metric, threshold, undefined, true)
}

// Indentation is matched as [ \t]*, never \s*: at the start of every line of a run of blank lines, \s* would
// swallow the rest of the run and backtrack (a head of 64 KiB of newlines took minutes).
const isYamlOrJsonKey = (head: string, key: string): boolean => new RegExp(`^(?:${key})\\s*:|^[ \\t]*"(?:${key})"\\s*:`, 'm').test(head)

// ─── readiness-gate's own drift file ────────────────────────────────────────────────────────────

interface DriftFile {
  'model-version'?: string
  date?: string
  monitors: {
    name?: string
    metric: string
    features?: string[]
    threshold: number
    window: string
    route?: string
    owner?: string
    severity?: string
    runbook?: string
  }[]
}

const declaresDrift = kindDeclaration('drift')

export const readinessDriftParser: EvidenceParser<MonitoringEvidence> = {
  format: 'readiness-drift',
  kind: 'drift',
  description: "readiness-gate's drift file (kind: drift): monitors with metric, threshold, window and route",
  detect: ({ head }) => declaresDrift(head),
  async parse(source) {
    const read = await readDocument(source)
    if (!read.ok) return read
    const { document, what } = read
    const checked = checkOwnFile(document, what, driftSchema)
    if (!checked.ok) return checked
    const { timestamp } = checked
    const file = document.value as DriftFile
    const monitors = file.monitors.map((monitor, index): Monitor => {
      const category = classifySignal(monitor.metric)
      const route = monitor.route ?? monitor.owner
      return {
        name: monitor.name ?? (monitor.features ? `${monitor.metric} on ${monitor.features.join(', ')}` : monitor.metric),
        // The file declares drift monitors: a metric name the classifier does not know is still drift.
        category: category === 'other' ? 'drift' : category,
        metric: monitor.metric,
        threshold: monitor.threshold,
        window: monitor.window,
        ...(route ? { route } : {}),
        ...(monitor.severity ? { severity: monitor.severity } : {}),
        ...(monitor.runbook ? { runbook: { url: monitor.runbook.trim(), line: document.lineOf(['monitors', index, 'runbook'])! } } : {}),
        line: document.valueLineOf(['monitors', index])!
      }
    })
    const modelVersion = file['model-version']
    return evidence('readiness-drift', undefined, monitors, [], {
      ...(timestamp ? { timestamp } : {}),
      ...(modelVersion ? { modelVersion, modelVersionLine: document.lineOf(['model-version'])! } : {})
    })
  }
}

// ─── Evidently legacy CLI (evidently calculate dashboard|profile --config) ──────────────────────

const EVIDENTLY_SECTIONS: Record<string, { category: SignalCategory; metric: string }> = {
  data_drift: { category: 'drift', metric: 'share of drifted features' },
  cat_target_drift: { category: 'drift', metric: 'categorical target drift' },
  num_target_drift: { category: 'drift', metric: 'numerical target drift' },
  classification_performance: { category: 'quality', metric: 'classification performance' },
  prob_classification_performance: { category: 'quality', metric: 'probabilistic classification performance' },
  regression_performance: { category: 'quality', metric: 'regression performance' },
  data_quality: { category: 'other', metric: 'data quality' }
}

export const evidentlyConfigParser: EvidenceParser<MonitoringEvidence> = {
  format: 'evidently-config',
  kind: 'drift',
  description: 'Evidently legacy CLI configuration (dashboard_tabs or profile_sections, with data_drift options)',
  detect: ({ head }) => isYamlOrJsonKey(head, 'data_format') && isYamlOrJsonKey(head, 'dashboard_tabs|profile_sections'),
  async parse(source) {
    const read = await readDocument(source)
    if (!read.ok) return read
    const { document, what } = read
    const config = document.value as Record<string, unknown>
    const sections: { name: string; options: Record<string, unknown>; path: PathSegment[] }[] = []
    if (config.dashboard_tabs !== undefined) {
      if (!isRecord(config.dashboard_tabs)) return failure(`${what}: dashboard_tabs must be a map of tab names`, document.lineOf(['dashboard_tabs']))
      for (const [name, options] of Object.entries(config.dashboard_tabs))
        sections.push({ name, options: isRecord(options) ? options : {}, path: ['dashboard_tabs', name] })
    }
    if (config.profile_sections !== undefined) {
      if (!Array.isArray(config.profile_sections)) return failure(`${what}: profile_sections must be a list`, document.lineOf(['profile_sections']))
      for (const [index, entry] of config.profile_sections.entries()) {
        const [name, options] =
          typeof entry === 'string' ? [entry, {}] : isRecord(entry) && Object.keys(entry).length === 1 ? Object.entries(entry)[0]! : [undefined, undefined]
        if (name === undefined)
          return failure(`${what}: profile_sections entry ${index + 1} must be a section name`, document.valueLineOf(['profile_sections', index]))
        sections.push({
          name,
          options: isRecord(options) ? options : {},
          path: typeof entry === 'string' ? ['profile_sections', index] : ['profile_sections', index, name]
        })
      }
    }
    if (sections.length === 0) return failure(`${what} names no dashboard_tabs or profile_sections`, 1)
    const globalOptions = isRecord(config.options) && isRecord(config.options.data_drift) ? config.options.data_drift : {}
    const monitors: Monitor[] = []
    for (const section of sections) {
      const known = EVIDENTLY_SECTIONS[section.name]
      const line = document.lineOf(section.path)
      if (!known) return failure(`${what}: "${section.name}" is not an Evidently section (${Object.keys(EVIDENTLY_SECTIONS).join(', ')})`, line)
      let metric = known.metric
      let threshold: number | undefined
      if (section.name === 'data_drift') {
        const share = section.options.drift_share ?? globalOptions.drift_share
        if (share !== undefined && share !== null && (typeof share !== 'number' || share <= 0 || share > 1)) {
          return failure(`${what}: drift_share must be a fraction between 0 and 1, not ${JSON.stringify(share)}`, line)
        }
        threshold = typeof share === 'number' ? share : undefined
        const confidence = section.options.confidence ?? globalOptions.confidence
        if (typeof confidence === 'number') metric += ` (per-feature tests at confidence ${confidence})`
      }
      monitors.push({
        name: section.name,
        category: known.category,
        metric,
        ...(threshold !== undefined ? { threshold } : {}),
        ...(line !== undefined ? { line } : {})
      })
    }
    return evidence('evidently-config', 'evidently', monitors, [
      'an Evidently CLI config describes one report run: it names no schedule window and no alert route'
    ])
  }
}

// ─── NannyML CLI (nml run -c nannyml.yaml) ──────────────────────────────────────────────────────
// Modelled on NannyML's documented CLI configuration: docs/cli/configuration_file.rst (0.5–0.8:
// input, column_mapping, chunker, problem_type) and nannyml/config.py with the runner's
// CalculatorFactory (0.10+: calculators: [{type, name, enabled, params}] where params hold the
// methods, metrics, chunking and thresholds {type: constant|standard_deviation, lower, upper}).

const NANNYML_DRIFT_METHODS = new Set(['univariate_drift'])
const NANNYML_MULTIVARIATE = new Set(['reconstruction_error', 'domain_classifier', 'multivariate_drift'])
const NANNYML_PERFORMANCE = new Set(['performance', 'realized_performance', 'cbpe', 'dle'])
const NANNYML_DATA_QUALITY = new Set([
  'missing_values',
  'unseen_values',
  'continuous_distribution',
  'categorical_distribution',
  'summary_stats_avg',
  'summary_stats_row_count',
  'summary_stats_median',
  'summary_stats_std',
  'summary_stats_sum'
])
const NANNYML_TYPES = [...NANNYML_DRIFT_METHODS, ...NANNYML_MULTIVARIATE, ...NANNYML_PERFORMANCE, ...NANNYML_DATA_QUALITY]

export const nannymlConfigParser: EvidenceParser<MonitoringEvidence> = {
  format: 'nannyml-config',
  kind: 'drift',
  description: 'NannyML CLI configuration (nannyml.yaml / nann.yml: calculators with methods, chunking and thresholds)',
  detect: ({ head }) =>
    (/^calculators\s*:/m.test(head) && new RegExp(`^[ \\t]*-?[ \\t]*type\\s*:\\s*["']?(?:${NANNYML_TYPES.join('|')})["']?\\s*$`, 'm').test(head)) ||
    (/^column_mapping\s*:/m.test(head) && /^input\s*:/m.test(head) && /^\s+reference_data\s*:/m.test(head)),
  async parse(source) {
    const read = await readDocument(source)
    if (!read.ok) return read
    const { document, what } = read
    const config = document.value as Record<string, unknown>
    const notes: string[] = []
    const defaultWindow = chunkWindow(config.chunker)
    if (config.calculators === undefined) {
      if (!isRecord(config.column_mapping)) return failure(`${what} is not a NannyML CLI configuration: it has no calculators: list`, 1)
      // NannyML ≤ 0.8: `nml run` runs its default calculators on the mapped columns.
      notes.push(
        'this NannyML configuration has no calculators: section; `nml run` (NannyML 0.8 and earlier) runs its default drift calculators, with thresholds NannyML derives from the reference data'
      )
      const monitor: Monitor = {
        name: 'univariate_drift',
        category: 'drift',
        metric: 'univariate drift of the mapped features (NannyML defaults)',
        line: document.lineOf(['column_mapping'])!
      }
      return evidence('nannyml-config', 'nannyml', [{ ...monitor, ...(defaultWindow ? { window: defaultWindow } : {}) }], notes)
    }
    if (!Array.isArray(config.calculators) || config.calculators.length === 0) {
      return failure(`${what}: calculators must be a list of calculators`, document.lineOf(['calculators']))
    }
    const monitors: Monitor[] = []
    for (const [index, calculator] of config.calculators.entries()) {
      const at = (...path: PathSegment[]): number | undefined => document.nearestLineOf(['calculators', index, ...path])
      if (!isRecord(calculator) || typeof calculator.type !== 'string') return failure(`${what}: calculator ${index + 1} needs a type`, at())
      const type = calculator.type
      if (!NANNYML_TYPES.includes(type)) return failure(`${what}: "${type}" is not a NannyML calculator type (${NANNYML_TYPES.join(', ')})`, at('type'))
      if (!isRecord(calculator.params)) return failure(`${what}: calculator "${type}" needs params (NannyML requires them)`, at())
      const label = typeof calculator.name === 'string' ? calculator.name : type
      if (calculator.enabled === false) {
        notes.push(`calculator "${label}" is disabled`)
        continue
      }
      const params = calculator.params
      const window = chunkWindow(params) ?? defaultWindow
      const line = at('type')
      const base = (name: string, category: SignalCategory, metric: string, threshold: number | undefined): Monitor => ({
        name,
        category,
        metric,
        ...(threshold !== undefined ? { threshold } : {}),
        ...(window ? { window } : {}),
        ...(line !== undefined ? { line } : {})
      })
      const thresholdOf = (value: unknown, prefer: 'upper' | 'lower', where: PathSegment[]): number | undefined | ParseFailure => {
        if (value === undefined || value === null) return undefined
        if (!isRecord(value) || (value.type !== 'constant' && value.type !== 'standard_deviation')) {
          return failure(`${what}: a NannyML threshold needs type: constant or type: standard_deviation`, at('params', ...where))
        }
        if (value.type === 'standard_deviation') {
          notes.push(`"${label}" alerts at a number of standard deviations from the reference (${where.join('.')}), not at a fixed value`)
          return undefined
        }
        const first = value[prefer] ?? value[prefer === 'upper' ? 'lower' : 'upper']
        if (first !== undefined && first !== null && typeof first !== 'number')
          return failure(`${what}: threshold ${where.join('.')} must be a number`, at('params', ...where))
        return typeof first === 'number' ? first : undefined
      }
      const thresholds = isRecord(params.thresholds) ? params.thresholds : {}
      if (NANNYML_DRIFT_METHODS.has(type)) {
        const methods = [...new Set([...asStrings(params.continuous_methods), ...asStrings(params.categorical_methods)])]
        if (methods.length === 0) monitors.push(base(label, 'drift', 'univariate drift (NannyML default methods)', undefined))
        for (const method of methods) {
          const threshold = thresholdOf(thresholds[method], 'upper', ['thresholds', method])
          if (isFailure(threshold)) return threshold
          monitors.push(base(`${label}: ${method}`, 'drift', method, threshold))
        }
      } else if (NANNYML_MULTIVARIATE.has(type)) {
        const threshold = thresholdOf(params.threshold, 'upper', ['threshold'])
        if (isFailure(threshold)) return threshold
        monitors.push(base(label, 'drift', type, threshold))
      } else if (NANNYML_PERFORMANCE.has(type)) {
        const metrics = asStrings(params.metrics)
        if (metrics.length === 0) return failure(`${what}: calculator "${label}" lists no metrics`, at('params'))
        for (const metric of metrics) {
          const threshold = thresholdOf(thresholds[metric], 'lower', ['thresholds', metric])
          if (isFailure(threshold)) return threshold
          // cbpe and dle estimate performance without labels; performance measures it with labels.
          monitors.push(base(`${label}: ${metric}`, 'quality', type === 'cbpe' || type === 'dle' ? `estimated ${metric}` : metric, threshold))
        }
      } else {
        const threshold = thresholdOf(params.threshold, 'upper', ['threshold'])
        if (isFailure(threshold)) return threshold
        monitors.push(base(label, 'other', type, threshold))
      }
    }
    notes.push('a NannyML configuration names no alert route')
    return evidence('nannyml-config', 'nannyml', monitors, notes)
  }
}

function isFailure(value: unknown): value is ParseFailure {
  return isRecord(value) && value.ok === false
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** NannyML chunking as a window: chunk_period is a pandas period alias (D, W, M...), chunk_size counts rows. */
function chunkWindow(settings: unknown): string | undefined {
  if (!isRecord(settings)) return undefined
  if (typeof settings.chunk_period === 'string') return `${settings.chunk_period} (pandas period)`
  if (typeof settings.chunk_size === 'number') return `${settings.chunk_size} rows`
  if (typeof settings.chunk_number === 'number') return `${settings.chunk_number} chunks`
  if (typeof settings.chunk_count === 'number') return `${settings.chunk_count} chunks`
  return undefined
}

// ─── alibi-detect config.toml ───────────────────────────────────────────────────────────────────

/** alibi-detect 0.11 drift detectors and what each tests. */
const ALIBI_DETECTORS: Record<string, string> = {
  KSDrift: 'Kolmogorov-Smirnov test',
  CVMDrift: 'Cramér-von Mises test',
  ChiSquareDrift: 'chi-squared test',
  TabularDrift: 'Kolmogorov-Smirnov and chi-squared tests per feature',
  FETDrift: "Fisher's exact test",
  MMDDrift: 'maximum mean discrepancy',
  LSDDDrift: 'least-squares density difference',
  ClassifierDrift: 'domain classifier',
  SpotTheDiffDrift: 'spot-the-diff classifier',
  LearnedKernelDrift: 'maximum mean discrepancy with a learned kernel',
  ContextMMDDrift: 'context-aware maximum mean discrepancy',
  ClassifierUncertaintyDrift: 'classifier uncertainty',
  RegressorUncertaintyDrift: 'regressor uncertainty',
  MMDDriftOnline: 'maximum mean discrepancy (online)',
  LSDDDriftOnline: 'least-squares density difference (online)',
  CVMDriftOnline: 'Cramér-von Mises test (online)',
  FETDriftOnline: "Fisher's exact test (online)"
}

type TomlPackage = typeof import('smol-toml')
let loadingToml: Promise<TomlPackage> | undefined
/**
 * smol-toml, loaded on the first TOML file: no other format needs it, and in the bundle it is a chunk of
 * its own (dist/<id>.cli.js, dist/<id>.index.js), so no other run compiles it (docs/performance.md,
 * round ten). A failed load is not kept, so the next file tries again.
 */
function tomlPackage(): Promise<TomlPackage> {
  return (loadingToml ??= import('smol-toml').catch((error: unknown) => {
    loadingToml = undefined
    throw error
  }))
}

/** Why the TOML reader did not load, as a sentence: an install missing the bundle's chunk file, to reinstall. */
function incompleteTomlInstall(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return `the TOML reader could not be loaded (${message.split('\n')[0]}), ${INCOMPLETE_INSTALL}`
}

export const alibiDetectConfigParser: EvidenceParser<MonitoringEvidence> = {
  format: 'alibi-detect-config',
  kind: 'drift',
  description: 'alibi-detect drift detector config.toml (name, p_val, x_ref...)',
  // A TOML file (its first statement is a key or a table) naming a drift detector.
  detect: ({ head }) =>
    /^(?:[ \t]*(?:#.*)?\r?\n)*[ \t]*(?:\[|[A-Za-z0-9_-]+[ \t]*=)/.test(head) && /^[ \t]*name\s*=\s*["'][A-Za-z]+Drift(?:Online)?["']\s*(?:#.*)?$/m.test(head),
  async parse(source) {
    const read = await readEvidenceText(source)
    if (!read.ok) return read
    const what = `"${source.relPath}"`
    let toml: TomlPackage
    try {
      toml = await tomlPackage()
    } catch (error) {
      return failure(`${what} cannot be read: ${incompleteTomlInstall(error)}`)
    }
    let config: Record<string, unknown>
    try {
      config = toml.parse(read.text)
    } catch (error) {
      if (error instanceof toml.TomlError) return failure(`${what} is not valid TOML: ${error.message.split('\n')[0]}`, error.line)
      return failure(`${what} is not valid TOML: ${(error as Error).message}`)
    }
    const lineOf = (key: string): number | undefined => topLevelTomlLine(read.text, key)
    const name = config.name
    if (typeof name !== 'string') return failure(`${what} has no detector name (name = "KSDrift", ...)`, 1)
    const test = ALIBI_DETECTORS[name]
    if (!test) return failure(`${what}: "${name}" is not an alibi-detect drift detector (${Object.keys(ALIBI_DETECTORS).join(', ')})`, lineOf('name'))
    const notes: string[] = []
    let threshold: number | undefined
    if (config.p_val !== undefined) {
      if (typeof config.p_val !== 'number' || config.p_val <= 0 || config.p_val >= 1) {
        return failure(`${what}: p_val must be a number between 0 and 1, not ${JSON.stringify(config.p_val)}`, lineOf('p_val'))
      }
      threshold = config.p_val
      notes.push(`the detector flags drift when the test's p-value falls below p_val ${config.p_val}`)
    }
    if (name.endsWith('Online') && typeof config.ert === 'number')
      notes.push(`online detector: its threshold is set by the expected run time (ert ${config.ert})`)
    notes.push('an alibi-detect config names no schedule and no alert route')
    const window = typeof config.window_size === 'number' ? `${config.window_size} instances` : undefined
    const line = lineOf('name')
    const monitor: Monitor = {
      name,
      category: 'drift',
      metric: test,
      ...(threshold !== undefined ? { threshold } : {}),
      ...(window ? { window } : {}),
      ...(line !== undefined ? { line } : {})
    }
    return evidence('alibi-detect-config', 'alibi-detect', [monitor], notes)
  }
}

/** 1-based line of a top-level `key =` (before the first [table]). */
function topLevelTomlLine(text: string, key: string): number | undefined {
  const lines = text.split(/\r?\n/)
  for (const [index, line] of lines.entries()) {
    if (/^\s*\[/.test(line)) return undefined
    if (new RegExp(`^\\s*${key}\\s*=`).test(line)) return index + 1
  }
  return undefined
}

// ─── whylogs (v0.7) constraints JSON ────────────────────────────────────────────────────────────

/** Summary constraints that compare a distribution to a reference: the only whylogs constraints that detect drift. */
const WHYLOGS_DISTRIBUTION_TESTS = new Set(['ks_test', 'kl_divergence', 'chi_squared_test'])
const WHYLOGS_OPS = new Set([
  'LT',
  'LE',
  'EQ',
  'NE',
  'GE',
  'GT',
  'MATCH',
  'NOMATCH',
  'IN',
  'BTWN',
  'CONTAIN',
  'NOT_CONTAIN',
  'IN_SET',
  'EQ_SET',
  'CONTAIN_SET',
  'APPLY_FUNC'
])

export const whylogsConstraintsParser: EvidenceParser<MonitoringEvidence> = {
  format: 'whylogs-constraints',
  kind: 'drift',
  description: 'whylogs (v0.7) dataset constraints JSON (valueConstraints / summaryConstraints per column)',
  detect: ({ head }) => /^\s*\{/.test(head) && /"(?:valueConstraints|summaryConstraints)"\s*:\s*\{/.test(head),
  async parse(source) {
    const read = await readDocument(source)
    if (!read.ok) return read
    const { document, what } = read
    const config = document.value as Record<string, unknown>
    const monitors: Monitor[] = []
    for (const group of ['valueConstraints', 'summaryConstraints'] as const) {
      const columns = config[group]
      if (columns === undefined) continue
      if (!isRecord(columns)) return failure(`${what}: ${group} must be a map of columns`, document.lineOf([group]))
      for (const [column, entry] of Object.entries(columns)) {
        const constraints = isRecord(entry) ? entry.constraints : undefined
        if (!Array.isArray(constraints)) return failure(`${what}: ${group}.${column} needs a constraints list`, document.lineOf([group, column]))
        for (const [index, constraint] of constraints.entries()) {
          const path = [group, column, 'constraints', index]
          if (!isRecord(constraint) || typeof constraint.op !== 'string' || !WHYLOGS_OPS.has(constraint.op)) {
            return failure(`${what}: constraint ${index + 1} of ${column} needs an op (LT, LE, EQ, NE, GE, GT, BTWN...)`, document.valueLineOf(path))
          }
          const field = group === 'summaryConstraints' ? (typeof constraint.firstField === 'string' ? constraint.firstField : undefined) : 'value'
          if (!field) return failure(`${what}: summary constraint ${index + 1} of ${column} needs a firstField`, document.valueLineOf(path))
          const name = typeof constraint.name === 'string' ? constraint.name : `${field} ${constraint.op}`
          const line = document.lineOf([...path, 'name']) ?? document.valueLineOf(path)
          monitors.push({
            name: `${column}: ${name}`,
            category: WHYLOGS_DISTRIBUTION_TESTS.has(field) ? 'drift' : 'other',
            metric: `${column} ${field}`,
            ...(typeof constraint.value === 'number' ? { threshold: constraint.value } : {}),
            ...(line !== undefined ? { line } : {})
          })
        }
      }
    }
    if (monitors.length === 0) return failure(`${what} has no valueConstraints or summaryConstraints`, 1)
    return evidence('whylogs-constraints', 'whylogs', monitors, [
      'whylogs value and summary constraints check data ranges per profile; only distribution tests (ks_test, kl_divergence, chi_squared_test) count as drift monitors, and none names a window or an alert route'
    ])
  }
}

export const driftParsers: EvidenceParser[] = [
  readinessDriftParser,
  evidentlyConfigParser,
  nannymlConfigParser,
  alibiDetectConfigParser,
  whylogsConstraintsParser
]
