// The fleet report as one self-contained HTML page: inline CSS, charts drawn as inline SVG, no script and
// nothing fetched from elsewhere (a Content-Security-Policy says so), so it can be attached to a run,
// mailed, or opened from disk. Pure; every text from a repository is HTML-escaped.
import { STAGES } from '../report/types.js'
import { fleetHeadline } from './markdown.js'
import { attention, type FleetReport, type RepoEntry } from './model.js'

const COLORS = { ready: '#1a7f37', notReady: '#cf222e', waiver: '#bf8700', evidence: '#0969da', muted: '#57606a', grid: '#d0d7de' }

export function renderFleetHtml(report: FleetReport): string {
  const seen = attention(report)
  const title = `readiness-gate fleet — ${report.organization}`
  const body = [
    `<h1>${esc(fleetHeadline(report))}</h1>`,
    `<p class="muted">${report.totals.repositories.total} repositories · generated ${esc(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC · check “${esc(report.settings.checkName)}” · stale after ${report.settings.staleAfterDays} days · expiring within ${report.settings.expiringWithinDays} days</p>`,
    report.partial
      ? `<p class="alert"><strong>Partial report:</strong> ${esc(report.partial.reason)}. Not read (${report.partial.missing.length}): ${esc(report.partial.missing.join(', '))}.</p>`
      : '',
    '<div class="charts">',
    figure('Systems per stage and verdict', stageChart(report)),
    figure(`Waivers and evidence expiring within ${report.settings.expiringWithinDays} days`, timelineChart(report)),
    figure('Repositories not gated', ungatedChart(report)),
    '</div>',
    table(
      `Systems not ready (${seen.notReady.length})`,
      ['Repository', 'System', 'Stage', 'Score', 'Failing requirements'],
      seen.notReady.map((system) => [
        repoCell(report, system.repository),
        esc(system.name) + (system.stale ? ' <em>(stale)</em>' : ''),
        esc(system.stage ?? 'none'),
        `${system.score.passed}/${system.score.required}`,
        system.failing.length ? system.failing.map((rule) => `<code>${esc(rule)}</code>`).join(' ') : `${system.failingCount} (not listed)`
      ])
    ),
    seen.failedRuns.length
      ? table(
          `Gate failed to evaluate (${seen.failedRuns.length})`,
          ['Repository', 'Why'],
          seen.failedRuns.map((repo) => [repoCell(report, repo.name), esc(repo.problems.join(' · '))])
        )
      : '',
    table(
      `Gate not running (${seen.notRunning.length})`,
      ['Repository', 'Why'],
      seen.notRunning.map((repo) => [repoCell(report, repo.name), esc(repo.why ?? '')])
    ),
    table(
      `Gate not required (${seen.notRequired.length})`,
      ['Repository', 'What was checked'],
      seen.notRequired.map((repo) => [repoCell(report, repo.name), esc(repo.required?.note ?? '')])
    ),
    seen.requiredUnknown.length
      ? table(
          `Cannot tell whether the gate is required (${seen.requiredUnknown.length})`,
          ['Repository', 'Why'],
          seen.requiredUnknown.map((repo) => [repoCell(report, repo.name), esc(repo.required?.note ?? '')])
        )
      : '',
    table(
      `Unreadable verdicts (${seen.unreadable.length})`,
      ['Repository', 'Why'],
      seen.unreadable.map((repo) => [repoCell(report, repo.name), esc(repo.why ?? '')])
    ),
    table(
      `Not visible to this token (${seen.notVisible.length})`,
      ['Repository', 'Why'],
      seen.notVisible.map((repo) => [repoCell(report, repo.name), esc(repo.why ?? '')])
    ),
    table(
      `Expiring within ${report.settings.expiringWithinDays} days (${report.expiring.length})`,
      ['Expires', 'In', 'Repository', 'System', 'What'],
      report.expiring.map((item) => [
        esc(item.expires),
        item.daysLeft <= 0 ? 'today' : `${item.daysLeft} d`,
        repoCell(report, item.repository),
        esc(item.system),
        `${item.kind === 'waiver' ? 'waiver of' : 'evidence for'} <code>${esc(item.requirement)}</code>`
      ])
    ),
    table(
      'By team (model-operations owner)',
      ['Team', 'Systems', 'Ready', 'Not ready'],
      report.totals.byTeam.map((team) => [esc(team.team), String(team.systems), String(team.ready), String(team.notReady)])
    ),
    table(
      `Ready systems (${report.systems.filter((system) => system.passed).length})`,
      ['Repository', 'System', 'Stage', 'Score'],
      report.systems
        .filter((system) => system.passed)
        .map((system) => [
          repoCell(report, system.repository),
          esc(system.name),
          esc(system.stage ?? 'none'),
          `${system.score.passed}/${system.score.required}`
        ])
    ),
    `<p><strong>Archived</strong> (not read): ${esc(seen.archived.map((repo) => repo.name).join(', ') || 'none')}.</p>`,
    `<p><strong>No readiness manifest:</strong> ${esc(
      report.repositories
        .filter((repo) => repo.state === 'no-manifest' || repo.state === 'empty')
        .map((repo) => repo.name)
        .join(', ') || 'none'
    )}.</p>`,
    `<p class="muted">${report.requests.sent} API requests, ${report.requests.notModified} answered 304 Not Modified. readiness-gate ${esc(report.tool.version)}.</p>`
  ].join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid ${COLORS.grid};padding-bottom:4px}
.muted{color:${COLORS.muted}}.alert{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}
.charts{display:flex;flex-wrap:wrap;gap:16px;margin:16px 0}figure{margin:0;border:1px solid ${COLORS.grid};border-radius:6px;padding:12px;flex:1 1 330px}
figcaption{font-weight:600;margin-bottom:8px}table{border-collapse:collapse;width:100%;margin:4px 0 8px}th,td{border:1px solid ${COLORS.grid};padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eff1f3;padding:1px 4px;border-radius:4px}svg text{font:11px -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;fill:#1f2328}
</style>
</head>
<body>
${body}
</body>
</html>
`
}

function figure(caption: string, svg: string): string {
  return `<figure><figcaption>${esc(caption)}</figcaption>${svg}</figure>`
}

/** One stacked bar per stage: ready, then not ready. */
function stageChart(report: FleetReport): string {
  const rows = [...STAGES, 'none' as const].filter(
    (stage) => stage !== 'none' || report.totals.systems.byStage.none.ready + report.totals.systems.byStage.none.notReady > 0
  )
  const max = Math.max(1, ...rows.map((stage) => report.totals.systems.byStage[stage].ready + report.totals.systems.byStage[stage].notReady))
  const width = 330
  const left = 78
  const barWidth = width - left - 40
  const rowHeight = 28
  const height = rows.length * rowHeight + 34
  const bars = rows.map((stage, index) => {
    const { ready, notReady } = report.totals.systems.byStage[stage]
    const y = 8 + index * rowHeight
    const readyWidth = (ready / max) * barWidth
    const notReadyWidth = (notReady / max) * barWidth
    return [
      `<text x="${left - 6}" y="${y + 14}" text-anchor="end">${stage === 'none' ? 'no stage' : stage}</text>`,
      `<rect x="${left}" y="${y}" width="${readyWidth.toFixed(1)}" height="20" fill="${COLORS.ready}"><title>${stage}: ${ready} ready</title></rect>`,
      `<rect x="${(left + readyWidth).toFixed(1)}" y="${y}" width="${notReadyWidth.toFixed(1)}" height="20" fill="${COLORS.notReady}"><title>${stage}: ${notReady} not ready</title></rect>`,
      `<text x="${(left + readyWidth + notReadyWidth + 4).toFixed(1)}" y="${y + 14}">${ready}/${ready + notReady}</text>`
    ].join('')
  })
  const legendY = height - 10
  return svg(width, height, 'Systems per stage: ready and not ready', [
    ...bars,
    `<rect x="${left}" y="${legendY - 9}" width="10" height="10" fill="${COLORS.ready}"/><text x="${left + 14}" y="${legendY}">ready</text>`,
    `<rect x="${left + 70}" y="${legendY - 9}" width="10" height="10" fill="${COLORS.notReady}"/><text x="${left + 84}" y="${legendY}">not ready</text>`
  ])
}

/** Days from today to the end of the window; one dot per waiver (amber) or piece of evidence (blue), stacked when they share a day. */
function timelineChart(report: FleetReport): string {
  const window = Math.max(1, report.settings.expiringWithinDays)
  const width = 330
  const left = 12
  const right = width - 12
  const axisY = 110
  const x = (days: number): number => left + (Math.min(Math.max(days, 0), window) / window) * (right - left)
  const perDay = new Map<number, number>()
  const marks = report.expiring.map((item) => {
    const day = Math.max(0, item.daysLeft)
    const stack = perDay.get(day) ?? 0
    perDay.set(day, stack + 1)
    const cy = axisY - 10 - (stack % 8) * 11
    const color = item.kind === 'waiver' ? COLORS.waiver : COLORS.evidence
    return `<circle cx="${x(day).toFixed(1)}" cy="${cy}" r="5" fill="${color}"><title>${esc(`${item.expires}: ${item.kind} ${item.requirement} — ${item.repository}/${item.system}`)}</title></circle>`
  })
  const ticks: string[] = []
  const step = window <= 14 ? 1 : window <= 60 ? 7 : 30
  for (let day = 0; day <= window; day += step) {
    // The end labels stay inside the chart.
    const anchor = day === 0 ? 'start' : day + step > window ? 'end' : 'middle'
    ticks.push(
      `<line x1="${x(day).toFixed(1)}" y1="${axisY}" x2="${x(day).toFixed(1)}" y2="${axisY + 4}" stroke="${COLORS.muted}"/><text x="${x(day).toFixed(1)}" y="${axisY + 16}" text-anchor="${anchor}">${day === 0 ? 'today' : `+${day}d`}</text>`
    )
  }
  // Each day that has something expiring gets its date above its stack, when there are few enough to read.
  const days = [...perDay].sort((a, b) => a[0] - b[0])
  if (days.length <= 6) {
    for (const [day, count] of days) {
      const top = axisY - 10 - (Math.min(count, 8) - 1) * 11 - 10
      const date = report.expiring.find((item) => Math.max(0, item.daysLeft) === day)!.expires
      marks.push(`<text x="${x(day).toFixed(1)}" y="${top}" text-anchor="middle">${esc(date.slice(5))} (${count})</text>`)
    }
  }
  const empty =
    report.expiring.length === 0 ? [`<text x="${width / 2}" y="60" text-anchor="middle" fill="${COLORS.muted}">nothing expires in this window</text>`] : []
  return svg(width, 150, 'Waivers and evidence expiring, by days from today', [
    `<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="${COLORS.muted}"/>`,
    ...ticks,
    ...marks,
    ...empty,
    `<circle cx="${left + 5}" cy="140" r="5" fill="${COLORS.waiver}"/><text x="${left + 14}" y="144">waiver</text>`,
    `<circle cx="${left + 75}" cy="140" r="5" fill="${COLORS.evidence}"/><text x="${left + 84}" y="144">evidence</text>`
  ])
}

/** One bar per reason a repository's gate does not gate. */
function ungatedChart(report: FleetReport): string {
  const seen = attention(report)
  const rows: Array<[string, RepoEntry[], string]> = [
    ['not running', seen.notRunning.filter((repo) => repo.state === 'not-running'), COLORS.notReady],
    ['stale', seen.notRunning.filter((repo) => repo.state === 'stale'), '#bc4c00'],
    ['not required', seen.notRequired, '#8250df'],
    ['unreadable', seen.unreadable, COLORS.waiver],
    ['not visible', seen.notVisible, COLORS.muted]
  ]
  const width = 330
  const left = 84
  const barWidth = width - left - 30
  const max = Math.max(1, ...rows.map(([, repos]) => repos.length))
  const parts = rows.map(([label, repos, color], index) => {
    const y = 8 + index * 26
    const w = (repos.length / max) * barWidth
    const names = repos.map((repo) => repo.name).join(', ')
    return `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${label}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${color}"><title>${esc(names || 'none')}</title></rect><text x="${(left + w + 4).toFixed(1)}" y="${y + 13}">${repos.length}</text>`
  })
  return svg(width, rows.length * 26 + 12, 'Repositories whose gate does not gate, by reason', parts)
}

function svg(width: number, height: number, label: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(label)}">${parts.join('')}</svg>`
}

function table(title: string, head: string[], rows: string[][]): string {
  const heading = `<h2>${esc(title)}</h2>`
  if (rows.length === 0) return `${heading}<p class="muted">None.</p>`
  return `${heading}<table><thead><tr>${head.map((cell) => `<th>${esc(cell)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`
}

function repoCell(report: FleetReport, name: string): string {
  const url = report.repositories.find((repo) => repo.name === name)?.url
  return url && /^https:\/\/[^\s"'<>]+$/.test(url) ? `<a href="${esc(url)}">${esc(name)}</a>` : esc(name)
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
