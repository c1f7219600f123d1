// The fleet report as markdown: the job summary, and the body of the organization's issue (updated in
// place). Most urgent first: systems that fail their stage, gates not running, gates not required,
// verdicts that could not be read, repositories the token cannot see, what expires soon. Pure; every
// name from a repository is escaped so it renders as text and mentions no one.
import { escapeMarkdown } from '../render/markdown.js'
import { utf8Bytes } from '../render/sanitize.js'
import { STAGES } from '../report/types.js'
import { attention, type FleetReport, type RepoEntry } from './model.js'

/** GitHub drops a job summary over 1 MiB; an issue body takes 65,536 characters. */
export const FLEET_SUMMARY_MAX_BYTES = 1024 * 1024 - 1024
export const ISSUE_BODY_MAX_BYTES = 65_000

/** The verdict in words, e.g. "acme: 7 of 12 systems ready; 3 repositories not gated". */
export function fleetHeadline(report: FleetReport): string {
  const { systems } = report.totals
  const seen = attention(report)
  const ungated = new Set([...seen.notRunning, ...seen.notRequired].map((repo) => repo.name)).size
  const parts = [`${systems.ready} of ${systems.total} system${systems.total === 1 ? '' : 's'} ready`]
  if (ungated > 0) parts.push(`${ungated} repositor${ungated === 1 ? 'y' : 'ies'} not gated`)
  if (seen.unreadable.length + seen.notVisible.length > 0) parts.push(`${seen.unreadable.length + seen.notVisible.length} not readable`)
  if (report.partial) parts.push(`partial: ${report.partial.missing.length} not reached`)
  return `${report.organization}: ${parts.join('; ')}`
}

export function renderFleetMarkdown(report: FleetReport, maxBytes = FLEET_SUMMARY_MAX_BYTES): string {
  // Whole tables first; past the limit, each table keeps its first rows and says how many it left out.
  for (const rows of [Infinity, 200, 50, 10, 3]) {
    const markdown = render(report, rows)
    if (utf8Bytes(markdown) <= maxBytes) return markdown
  }
  const headline = `## readiness-gate fleet — ${escapeMarkdown(fleetHeadline(report), 300)}\n\n> **Truncated:** the report is over the size limit here; the JSON and HTML reports list everything.\n`
  return headline
}

function render(report: FleetReport, maxRows: number): string {
  const seen = attention(report)
  const out: string[] = [`## readiness-gate fleet — ${escapeMarkdown(fleetHeadline(report), 300)}`, '']
  const { repositories } = report.totals
  out.push(
    `${repositories.total} repositor${repositories.total === 1 ? 'y' : 'ies'} · generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC · ` +
      `check \`${escapeMarkdown(report.settings.checkName, 100).replace(/`/g, '')}\` · stale after ${report.settings.staleAfterDays} days · expiring within ${report.settings.expiringWithinDays} days`,
    ''
  )
  if (report.partial) {
    out.push(
      `> ⚠️ **Partial report:** ${escapeMarkdown(report.partial.reason)}. ${report.partial.missing.length} repositor${report.partial.missing.length === 1 ? 'y was' : 'ies were'} not read: ${list(report.partial.missing, maxRows)}.`,
      ''
    )
  }

  out.push('| Stage | Systems | ✅ Ready | ❌ Not ready |', '| --- | ---: | ---: | ---: |')
  for (const stage of [...STAGES, 'none'] as const) {
    const totals = report.totals.systems.byStage[stage]
    if (stage === 'none' && totals.ready + totals.notReady === 0) continue
    out.push(`| ${stage === 'none' ? 'no valid stage' : stage} | ${totals.ready + totals.notReady} | ${totals.ready} | ${totals.notReady} |`)
  }
  out.push(`| **All** | **${report.totals.systems.total}** | **${report.totals.systems.ready}** | **${report.totals.systems.notReady}** |`, '')

  section(
    out,
    `❌ Systems not ready (${seen.notReady.length})`,
    seen.notReady.length,
    maxRows,
    ['Repository', 'System', 'Stage', 'Score', 'Failing requirements'],
    seen.notReady.map((system) => [
      repoLink(report, system.repository),
      escapeMarkdown(system.name, 120) + (system.stale ? ' _(stale)_' : ''),
      system.stage ?? 'none',
      `${system.score.passed}/${system.score.required}`,
      system.failing.length > 0 ? system.failing.map((rule) => `\`${rule}\``).join(', ') : `${system.failingCount} (not listed: the verdict was too big)`
    ])
  )
  if (seen.failedRuns.length > 0) {
    section(
      out,
      `❌ Gate failed to evaluate (${seen.failedRuns.length})`,
      seen.failedRuns.length,
      maxRows,
      ['Repository', 'Why'],
      seen.failedRuns.map((repo) => [repoLink(report, repo.name), escapeMarkdown(repo.problems.join(' · '), 400)])
    )
  }
  section(
    out,
    `🛑 Gate not running (${seen.notRunning.length})`,
    seen.notRunning.length,
    maxRows,
    ['Repository', 'Why'],
    seen.notRunning.map((repo) => [repoLink(report, repo.name), escapeMarkdown(repo.why ?? '')])
  )
  section(
    out,
    `🔓 Gate not required (${seen.notRequired.length})`,
    seen.notRequired.length,
    maxRows,
    ['Repository', 'What was checked'],
    seen.notRequired.map((repo) => [repoLink(report, repo.name), escapeMarkdown(repo.required?.note ?? '')])
  )
  if (seen.requiredUnknown.length > 0) {
    section(
      out,
      `❔ Cannot tell whether the gate is required (${seen.requiredUnknown.length})`,
      seen.requiredUnknown.length,
      maxRows,
      ['Repository', 'Why'],
      seen.requiredUnknown.map((repo) => [repoLink(report, repo.name), escapeMarkdown(repo.required?.note ?? '')])
    )
  }
  section(
    out,
    `❓ Unreadable verdicts (${seen.unreadable.length})`,
    seen.unreadable.length,
    maxRows,
    ['Repository', 'Why'],
    seen.unreadable.map((repo) => [repoLink(report, repo.name), escapeMarkdown(repo.why ?? '')])
  )
  section(
    out,
    `🙈 Not visible to this token (${seen.notVisible.length})`,
    seen.notVisible.length,
    maxRows,
    ['Repository', 'Why'],
    seen.notVisible.map((repo) => [repoLink(report, repo.name), escapeMarkdown(repo.why ?? '')])
  )
  section(
    out,
    `⏳ Expiring within ${report.settings.expiringWithinDays} days (${report.expiring.length})`,
    report.expiring.length,
    maxRows,
    ['Expires', 'In', 'Repository', 'System', 'What'],
    report.expiring.map((item) => [
      item.expires,
      item.daysLeft <= 0 ? '**today**' : `${item.daysLeft} day${item.daysLeft === 1 ? '' : 's'}`,
      repoLink(report, item.repository),
      escapeMarkdown(item.system, 120),
      `${item.kind === 'waiver' ? 'waiver of' : 'evidence for'} \`${item.requirement}\``
    ])
  )

  if (report.totals.byTeam.length > 0) {
    out.push('### By team', '')
    pushTable(
      out,
      ['Team (model-operations owner)', 'Systems', 'Ready', 'Not ready'],
      report.totals.byTeam.map((team) => [escapeMarkdown(team.team, 120), String(team.systems), String(team.ready), String(team.notReady)]),
      maxRows,
      report.totals.byTeam.length
    )
  }
  const ready = report.systems.filter((system) => system.passed)
  if (ready.length > 0) {
    out.push(`<details><summary>✅ Ready systems (${ready.length})</summary>`, '')
    pushTable(
      out,
      ['Repository', 'System', 'Stage', 'Score', 'Waivers'],
      ready.map((system) => [
        repoLink(report, system.repository),
        escapeMarkdown(system.name, 120),
        system.stage ?? 'none',
        `${system.score.passed}/${system.score.required}`,
        system.waivers
          .map((waiver) => `\`${waiver.requirement}\` until ${waiver.expires}${waiver.verification === 'unverified' ? ' _(unverified)_' : ''}`)
          .join(', ')
      ]),
      maxRows,
      ready.length
    )
    out.push('</details>', '')
  }
  const unverified = report.systems.filter((system) => system.unverified.length > 0)
  if (unverified.length > 0) {
    out.push(
      `**Unverified claims** (a sign-off or waiver no review verified): ${unverified
        .slice(0, maxRows)
        .map(
          (system) =>
            `${escapeMarkdown(system.repository, 100)}/${escapeMarkdown(system.name, 100)} (${system.unverified.map((rule) => `\`${rule}\``).join(', ')})`
        )
        .join('; ')}${unverified.length > maxRows ? `; and ${unverified.length - maxRows} more` : ''}.`,
      ''
    )
  }
  const archived = seen.archived
  const quiet = report.repositories.filter((repo) => repo.state === 'no-manifest' || repo.state === 'empty')
  out.push(
    `**Archived** (${archived.length}, not read): ${
      archived.length
        ? list(
            archived.map((repo) => repo.name),
            maxRows
          )
        : 'none'
    }.`,
    ''
  )
  out.push(
    `**No readiness manifest** (${quiet.length}): ${
      quiet.length
        ? list(
            quiet.map((repo) => repo.name),
            maxRows
          )
        : 'none'
    }.`,
    ''
  )
  const notes = report.repositories.filter((repo) => repo.notes?.length)
  if (notes.length > 0)
    out.push(
      `**Incomplete checks:** ${notes
        .slice(0, maxRows)
        .map((repo) => `${escapeMarkdown(repo.name, 100)}: ${escapeMarkdown(repo.notes!.join('; '))}`)
        .join(' · ')}.`,
      ''
    )
  out.push(`<sub>${report.requests.sent} API requests, ${report.requests.notModified} answered 304 Not Modified (free against the rate limit).</sub>`, '')
  return out.join('\n')
}

function section(out: string[], title: string, count: number, maxRows: number, head: string[], rows: string[][]): void {
  out.push(`### ${title}`, '')
  if (count === 0) {
    out.push('None.', '')
    return
  }
  pushTable(out, head, rows, maxRows, count)
}

function pushTable(out: string[], head: string[], rows: string[][], maxRows: number, total: number): void {
  out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`)
  for (const row of rows.slice(0, maxRows)) out.push(`| ${row.join(' | ')} |`)
  if (total > maxRows) out.push('', `…and ${total - maxRows} more (the JSON and HTML reports list every one).`)
  out.push('')
}

function repoLink(report: FleetReport, name: string): string {
  const repo: RepoEntry | undefined = report.repositories.find((candidate) => candidate.name === name)
  const text = escapeMarkdown(name, 100)
  return repo?.url && /^https:\/\/[^\s()]+$/.test(repo.url) ? `[${text}](${repo.url})` : text
}

function list(names: string[], maxRows: number): string {
  const shown = names
    .slice(0, maxRows)
    .map((name) => escapeMarkdown(name, 100))
    .join(', ')
  return names.length > maxRows ? `${shown} and ${names.length - maxRows} more` : shown
}
