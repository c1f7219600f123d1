export const id = 72;
export const ids = [72];
export const modules = {

/***/ 2072:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__){


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fleetCommand: () => (/* binding */ fleetCommand)
});

// UNUSED EXPORTS: FLEET_USAGE

// EXTERNAL MODULE: ./src/fs/callback-fs.ts
var callback_fs = __webpack_require__(6526);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/report/types.ts
var types = __webpack_require__(2563);
// EXTERNAL MODULE: ./src/render/markdown.ts
var markdown = __webpack_require__(2495);
// EXTERNAL MODULE: ./src/render/sanitize.ts
var sanitize = __webpack_require__(5805);
;// CONCATENATED MODULE: ./src/fleet/model.ts

/**
 * What the fleet learned of one repository's gate, most serious first where a repository could be two:
 * - evaluated: a readiness-gate check run at the default branch's head carries a readable verdict;
 * - stale: there is one, but older than the freshness limit (the scheduled run stopped);
 * - not-running: a readiness manifest is in the tree, but no readiness-gate check run is at the head;
 * - unreadable: the check run's machine-readable verdict is missing, from another version, or malformed;
 * - not-visible: the token may not read the repository (403/404): never skipped in silence;
 * - missing: not reached before the rate limit ran out (the report is partial);
 * - no-manifest: no readiness manifest and no check run: nothing to gate;
 * - empty: the repository has no commits;
 * - archived: read-only, listed apart and not probed.
 */
const REPO_STATES = ['evaluated', 'stale', 'not-running', 'unreadable', 'not-visible', 'missing', 'no-manifest', 'empty', 'archived'];
const DAY_MS = 86_400_000;
const NO_TEAM = '(no owner named)';
function buildFleetReport(input) {
    const today = Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), input.now.getUTCDate());
    const observed = [...input.repositories].sort((a, b) => a.name.localeCompare(b.name));
    const systems = [];
    const expiring = [];
    const repositories = observed.map((repo) => {
        const digest = repo.digest;
        const entry = {
            name: repo.name,
            ...(repo.url ? { url: repo.url } : {}),
            defaultBranch: repo.defaultBranch,
            state: repo.state,
            ...(repo.why ? { why: repo.why } : {}),
            ...(repo.checkRun ? { checkRun: repo.checkRun } : {}),
            ...(repo.required ? { required: repo.required } : {}),
            systems: digest?.totals.systems ?? 0,
            ready: digest?.totals.ready ?? 0,
            ...(digest?.detail === 'counts' ? { countsOnly: true } : {}),
            problems: digest?.problems.map((problem) => problem.message) ?? [],
            ...(repo.manifests ? { manifests: repo.manifests } : {}),
            ...(repo.notes?.length ? { notes: repo.notes } : {})
        };
        if (!digest || !repo.checkRun)
            return entry;
        for (const system of digest.systems) {
            const owners = system.owners ?? {};
            systems.push({
                repository: repo.name,
                name: system.name,
                manifest: system.manifest,
                stage: system.stage,
                passed: system.passed,
                score: { passed: system.score[0], required: system.score[1] },
                failing: system.failing,
                failingCount: system.failingCount,
                waivers: system.waivers,
                unverified: system.unverified,
                team: owners['model-operations'] ?? Object.values(owners)[0] ?? null,
                headSha: repo.checkRun.headSha,
                stale: repo.state === 'stale'
            });
            const lapses = [
                ...system.waivers.map((waiver) => ({ kind: 'waiver', requirement: waiver.requirement, expires: waiver.expires })),
                ...system.lapsing.map((lapse) => ({ kind: 'evidence', requirement: lapse.requirement, expires: lapse.expires }))
            ];
            for (const lapse of lapses) {
                const daysLeft = Math.round((Date.parse(`${lapse.expires}T00:00:00Z`) - today) / DAY_MS);
                if (Number.isFinite(daysLeft) && daysLeft <= input.settings.expiringWithinDays) {
                    expiring.push({ repository: repo.name, system: system.name, ...lapse, daysLeft });
                }
            }
        }
        return entry;
    });
    expiring.sort((a, b) => a.expires.localeCompare(b.expires) || a.repository.localeCompare(b.repository) || a.system.localeCompare(b.system));
    const repoTotals = Object.fromEntries(REPO_STATES.map((state) => [state, 0]));
    for (const repo of repositories)
        repoTotals[repo.state]++;
    const byStage = Object.fromEntries([...types/* STAGES */.an, 'none'].map((stage) => [stage, { ready: 0, notReady: 0 }]));
    const teams = new Map();
    for (const system of systems) {
        const stage = byStage[system.stage ?? 'none'];
        if (system.passed)
            stage.ready++;
        else
            stage.notReady++;
        const team = teams.get(system.team ?? NO_TEAM) ?? { systems: 0, ready: 0, notReady: 0 };
        team.systems++;
        if (system.passed)
            team.ready++;
        else
            team.notReady++;
        teams.set(system.team ?? NO_TEAM, team);
    }
    const ready = systems.filter((system) => system.passed).length;
    // Counts-only verdicts add systems the list cannot name; the totals still count them.
    const countedOnly = repositories.filter((repo) => repo.countsOnly);
    const extraSystems = countedOnly.reduce((sum, repo) => sum + repo.systems, 0);
    const extraReady = countedOnly.reduce((sum, repo) => sum + repo.ready, 0);
    return {
        version: 1,
        tool: { name: 'readiness-gate', version: input.toolVersion },
        organization: input.organization,
        generatedAt: input.now.toISOString(),
        settings: input.settings,
        partial: input.partial,
        totals: {
            repositories: {
                total: repositories.length,
                ...repoTotals,
                notRequired: repositories.filter((repo) => repo.required?.status === 'not-required').length,
                requiredUnknown: repositories.filter((repo) => repo.required?.status === 'unknown').length
            },
            systems: { total: systems.length + extraSystems, ready: ready + extraReady, notReady: systems.length - ready + (extraSystems - extraReady), byStage },
            byTeam: [...teams].map(([team, counts]) => ({ team, ...counts })).sort((a, b) => b.notReady - a.notReady || a.team.localeCompare(b.team))
        },
        repositories,
        systems,
        expiring,
        requests: input.requests
    };
}
/** Repositories whose gate is not doing its job, each group in name order. */
function attention(report) {
    const repos = report.repositories;
    return {
        notRunning: repos.filter((repo) => repo.state === 'not-running' || repo.state === 'stale'),
        notRequired: repos.filter((repo) => repo.required?.status === 'not-required' && repo.state !== 'archived'),
        // A gate that is not running is the finding; whether it would be required is secondary there.
        requiredUnknown: repos.filter((repo) => repo.required?.status === 'unknown' && repo.state !== 'archived' && repo.state !== 'not-running'),
        unreadable: repos.filter((repo) => repo.state === 'unreadable'),
        notVisible: repos.filter((repo) => repo.state === 'not-visible'),
        archived: repos.filter((repo) => repo.state === 'archived'),
        failedRuns: repos.filter((repo) => repo.problems.length > 0),
        notReady: report.systems.filter((system) => !system.passed)
    };
}

;// CONCATENATED MODULE: ./src/fleet/markdown.ts
// The fleet report as markdown: the job summary, and the body of the organization's issue (updated in
// place). Most urgent first: systems that fail their stage, gates not running, gates not required,
// verdicts that could not be read, repositories the token cannot see, what expires soon. Pure; every
// name from a repository is escaped so it renders as text and mentions no one.




/** GitHub drops a job summary over 1 MiB; an issue body takes 65,536 characters. */
const FLEET_SUMMARY_MAX_BYTES = 1024 * 1024 - 1024;
const ISSUE_BODY_MAX_BYTES = 65_000;
/** The verdict in words, e.g. "acme: 7 of 12 systems ready; 3 repositories not gated". */
function fleetHeadline(report) {
    const { systems } = report.totals;
    const seen = attention(report);
    const ungated = new Set([...seen.notRunning, ...seen.notRequired].map((repo) => repo.name)).size;
    const parts = [`${systems.ready} of ${systems.total} system${systems.total === 1 ? '' : 's'} ready`];
    if (ungated > 0)
        parts.push(`${ungated} repositor${ungated === 1 ? 'y' : 'ies'} not gated`);
    if (seen.unreadable.length + seen.notVisible.length > 0)
        parts.push(`${seen.unreadable.length + seen.notVisible.length} not readable`);
    if (report.partial)
        parts.push(`partial: ${report.partial.missing.length} not reached`);
    return `${report.organization}: ${parts.join('; ')}`;
}
function renderFleetMarkdown(report, maxBytes = FLEET_SUMMARY_MAX_BYTES) {
    // Whole tables first; past the limit, each table keeps its first rows and says how many it left out.
    for (const rows of [Infinity, 200, 50, 10, 3]) {
        const markdown = render(report, rows);
        if ((0,sanitize/* utf8Bytes */.dy)(markdown) <= maxBytes)
            return markdown;
    }
    const headline = `## readiness-gate fleet \u2014 ${(0,markdown/* escapeMarkdown */.FV)(fleetHeadline(report), 300)}\n\n> **Truncated:** the report is over the size limit here; the JSON and HTML reports list everything.\n`;
    return headline;
}
function render(report, maxRows) {
    const seen = attention(report);
    const out = [`## readiness-gate fleet \u2014 ${(0,markdown/* escapeMarkdown */.FV)(fleetHeadline(report), 300)}`, ''];
    const { repositories } = report.totals;
    out.push(`${repositories.total} repositor${repositories.total === 1 ? 'y' : 'ies'} \u00b7 generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC \u00b7 ` +
        `check \`${(0,markdown/* escapeMarkdown */.FV)(report.settings.checkName, 100).replace(/`/g, '')}\` \u00b7 stale after ${report.settings.staleAfterDays} days \u00b7 expiring within ${report.settings.expiringWithinDays} days`, '');
    if (report.partial) {
        out.push(`> \u26a0\ufe0f **Partial report:** ${(0,markdown/* escapeMarkdown */.FV)(report.partial.reason)}. ${report.partial.missing.length} repositor${report.partial.missing.length === 1 ? 'y was' : 'ies were'} not read: ${list(report.partial.missing, maxRows)}.`, '');
    }
    out.push('| Stage | Systems | \u2705 Ready | \u274c Not ready |', '| --- | ---: | ---: | ---: |');
    for (const stage of [...types/* STAGES */.an, 'none']) {
        const totals = report.totals.systems.byStage[stage];
        if (stage === 'none' && totals.ready + totals.notReady === 0)
            continue;
        out.push(`| ${stage === 'none' ? 'no valid stage' : stage} | ${totals.ready + totals.notReady} | ${totals.ready} | ${totals.notReady} |`);
    }
    out.push(`| **All** | **${report.totals.systems.total}** | **${report.totals.systems.ready}** | **${report.totals.systems.notReady}** |`, '');
    section(out, `\u274c Systems not ready (${seen.notReady.length})`, seen.notReady.length, maxRows, ['Repository', 'System', 'Stage', 'Score', 'Failing requirements'], seen.notReady.map((system) => [
        repoLink(report, system.repository),
        (0,markdown/* escapeMarkdown */.FV)(system.name, 120) + (system.stale ? ' _(stale)_' : ''),
        system.stage ?? 'none',
        `${system.score.passed}/${system.score.required}`,
        system.failing.length > 0 ? system.failing.map((rule) => `\`${rule}\``).join(', ') : `${system.failingCount} (not listed: the verdict was too big)`
    ]));
    if (seen.failedRuns.length > 0) {
        section(out, `\u274c Gate failed to evaluate (${seen.failedRuns.length})`, seen.failedRuns.length, maxRows, ['Repository', 'Why'], seen.failedRuns.map((repo) => [repoLink(report, repo.name), (0,markdown/* escapeMarkdown */.FV)(repo.problems.join(' \u00b7 '), 400)]));
    }
    section(out, `\ud83d\uded1 Gate not running (${seen.notRunning.length})`, seen.notRunning.length, maxRows, ['Repository', 'Why'], seen.notRunning.map((repo) => [repoLink(report, repo.name), (0,markdown/* escapeMarkdown */.FV)(repo.why ?? '')]));
    section(out, `\ud83d\udd13 Gate not required (${seen.notRequired.length})`, seen.notRequired.length, maxRows, ['Repository', 'What was checked'], seen.notRequired.map((repo) => [repoLink(report, repo.name), (0,markdown/* escapeMarkdown */.FV)(repo.required?.note ?? '')]));
    if (seen.requiredUnknown.length > 0) {
        section(out, `\u2754 Cannot tell whether the gate is required (${seen.requiredUnknown.length})`, seen.requiredUnknown.length, maxRows, ['Repository', 'Why'], seen.requiredUnknown.map((repo) => [repoLink(report, repo.name), (0,markdown/* escapeMarkdown */.FV)(repo.required?.note ?? '')]));
    }
    section(out, `\u2753 Unreadable verdicts (${seen.unreadable.length})`, seen.unreadable.length, maxRows, ['Repository', 'Why'], seen.unreadable.map((repo) => [repoLink(report, repo.name), (0,markdown/* escapeMarkdown */.FV)(repo.why ?? '')]));
    section(out, `\ud83d\ude48 Not visible to this token (${seen.notVisible.length})`, seen.notVisible.length, maxRows, ['Repository', 'Why'], seen.notVisible.map((repo) => [repoLink(report, repo.name), (0,markdown/* escapeMarkdown */.FV)(repo.why ?? '')]));
    section(out, `\u23f3 Expiring within ${report.settings.expiringWithinDays} days (${report.expiring.length})`, report.expiring.length, maxRows, ['Expires', 'In', 'Repository', 'System', 'What'], report.expiring.map((item) => [
        item.expires,
        item.daysLeft <= 0 ? '**today**' : `${item.daysLeft} day${item.daysLeft === 1 ? '' : 's'}`,
        repoLink(report, item.repository),
        (0,markdown/* escapeMarkdown */.FV)(item.system, 120),
        `${item.kind === 'waiver' ? 'waiver of' : 'evidence for'} \`${item.requirement}\``
    ]));
    if (report.totals.byTeam.length > 0) {
        out.push('### By team', '');
        pushTable(out, ['Team (model-operations owner)', 'Systems', 'Ready', 'Not ready'], report.totals.byTeam.map((team) => [(0,markdown/* escapeMarkdown */.FV)(team.team, 120), String(team.systems), String(team.ready), String(team.notReady)]), maxRows, report.totals.byTeam.length);
    }
    const ready = report.systems.filter((system) => system.passed);
    if (ready.length > 0) {
        out.push(`<details><summary>\u2705 Ready systems (${ready.length})</summary>`, '');
        pushTable(out, ['Repository', 'System', 'Stage', 'Score', 'Waivers'], ready.map((system) => [
            repoLink(report, system.repository),
            (0,markdown/* escapeMarkdown */.FV)(system.name, 120),
            system.stage ?? 'none',
            `${system.score.passed}/${system.score.required}`,
            system.waivers
                .map((waiver) => `\`${waiver.requirement}\` until ${waiver.expires}${waiver.verification === 'unverified' ? ' _(unverified)_' : ''}`)
                .join(', ')
        ]), maxRows, ready.length);
        out.push('</details>', '');
    }
    const unverified = report.systems.filter((system) => system.unverified.length > 0);
    if (unverified.length > 0) {
        out.push(`**Unverified claims** (a sign-off or waiver no review verified): ${unverified
            .slice(0, maxRows)
            .map((system) => `${(0,markdown/* escapeMarkdown */.FV)(system.repository, 100)}/${(0,markdown/* escapeMarkdown */.FV)(system.name, 100)} (${system.unverified.map((rule) => `\`${rule}\``).join(', ')})`)
            .join('; ')}${unverified.length > maxRows ? `; and ${unverified.length - maxRows} more` : ''}.`, '');
    }
    const archived = seen.archived;
    const quiet = report.repositories.filter((repo) => repo.state === 'no-manifest' || repo.state === 'empty');
    out.push(`**Archived** (${archived.length}, not read): ${archived.length
        ? list(archived.map((repo) => repo.name), maxRows)
        : 'none'}.`, '');
    out.push(`**No readiness manifest** (${quiet.length}): ${quiet.length
        ? list(quiet.map((repo) => repo.name), maxRows)
        : 'none'}.`, '');
    const notes = report.repositories.filter((repo) => repo.notes?.length);
    if (notes.length > 0)
        out.push(`**Incomplete checks:** ${notes
            .slice(0, maxRows)
            .map((repo) => `${(0,markdown/* escapeMarkdown */.FV)(repo.name, 100)}: ${(0,markdown/* escapeMarkdown */.FV)(repo.notes.join('; '))}`)
            .join(' \u00b7 ')}.`, '');
    out.push(`<sub>${report.requests.sent} API requests, ${report.requests.notModified} answered 304 Not Modified (free against the rate limit).</sub>`, '');
    return out.join('\n');
}
function section(out, title, count, maxRows, head, rows) {
    out.push(`### ${title}`, '');
    if (count === 0) {
        out.push('None.', '');
        return;
    }
    pushTable(out, head, rows, maxRows, count);
}
function pushTable(out, head, rows, maxRows, total) {
    out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const row of rows.slice(0, maxRows))
        out.push(`| ${row.join(' | ')} |`);
    if (total > maxRows)
        out.push('', `\u2026and ${total - maxRows} more (the JSON and HTML reports list every one).`);
    out.push('');
}
function repoLink(report, name) {
    const repo = report.repositories.find((candidate) => candidate.name === name);
    const text = (0,markdown/* escapeMarkdown */.FV)(name, 100);
    return repo?.url && /^https:\/\/[^\s()]+$/.test(repo.url) ? `[${text}](${repo.url})` : text;
}
function list(names, maxRows) {
    const shown = names
        .slice(0, maxRows)
        .map((name) => (0,markdown/* escapeMarkdown */.FV)(name, 100))
        .join(', ');
    return names.length > maxRows ? `${shown} and ${names.length - maxRows} more` : shown;
}

;// CONCATENATED MODULE: ./src/fleet/html.ts
// The fleet report as one self-contained HTML page: inline CSS, charts drawn as inline SVG, no script and
// nothing fetched from elsewhere (a Content-Security-Policy says so), so it can be attached to a run,
// mailed, or opened from disk. Pure; every text from a repository is HTML-escaped.



const COLORS = { ready: '#1a7f37', notReady: '#cf222e', waiver: '#bf8700', evidence: '#0969da', muted: '#57606a', grid: '#d0d7de' };
function renderFleetHtml(report) {
    const seen = attention(report);
    const title = `readiness-gate fleet \u2014 ${report.organization}`;
    const body = [
        `<h1>${esc(fleetHeadline(report))}</h1>`,
        `<p class="muted">${report.totals.repositories.total} repositories \u00b7 generated ${esc(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC \u00b7 check \u201c${esc(report.settings.checkName)}\u201d \u00b7 stale after ${report.settings.staleAfterDays} days \u00b7 expiring within ${report.settings.expiringWithinDays} days</p>`,
        report.partial
            ? `<p class="alert"><strong>Partial report:</strong> ${esc(report.partial.reason)}. Not read (${report.partial.missing.length}): ${esc(report.partial.missing.join(', '))}.</p>`
            : '',
        '<div class="charts">',
        figure('Systems per stage and verdict', stageChart(report)),
        figure(`Waivers and evidence expiring within ${report.settings.expiringWithinDays} days`, timelineChart(report)),
        figure('Repositories not gated', ungatedChart(report)),
        '</div>',
        table(`Systems not ready (${seen.notReady.length})`, ['Repository', 'System', 'Stage', 'Score', 'Failing requirements'], seen.notReady.map((system) => [
            repoCell(report, system.repository),
            esc(system.name) + (system.stale ? ' <em>(stale)</em>' : ''),
            esc(system.stage ?? 'none'),
            `${system.score.passed}/${system.score.required}`,
            system.failing.length ? system.failing.map((rule) => `<code>${esc(rule)}</code>`).join(' ') : `${system.failingCount} (not listed)`
        ])),
        seen.failedRuns.length
            ? table(`Gate failed to evaluate (${seen.failedRuns.length})`, ['Repository', 'Why'], seen.failedRuns.map((repo) => [repoCell(report, repo.name), esc(repo.problems.join(' \u00b7 '))]))
            : '',
        table(`Gate not running (${seen.notRunning.length})`, ['Repository', 'Why'], seen.notRunning.map((repo) => [repoCell(report, repo.name), esc(repo.why ?? '')])),
        table(`Gate not required (${seen.notRequired.length})`, ['Repository', 'What was checked'], seen.notRequired.map((repo) => [repoCell(report, repo.name), esc(repo.required?.note ?? '')])),
        seen.requiredUnknown.length
            ? table(`Cannot tell whether the gate is required (${seen.requiredUnknown.length})`, ['Repository', 'Why'], seen.requiredUnknown.map((repo) => [repoCell(report, repo.name), esc(repo.required?.note ?? '')]))
            : '',
        table(`Unreadable verdicts (${seen.unreadable.length})`, ['Repository', 'Why'], seen.unreadable.map((repo) => [repoCell(report, repo.name), esc(repo.why ?? '')])),
        table(`Not visible to this token (${seen.notVisible.length})`, ['Repository', 'Why'], seen.notVisible.map((repo) => [repoCell(report, repo.name), esc(repo.why ?? '')])),
        table(`Expiring within ${report.settings.expiringWithinDays} days (${report.expiring.length})`, ['Expires', 'In', 'Repository', 'System', 'What'], report.expiring.map((item) => [
            esc(item.expires),
            item.daysLeft <= 0 ? 'today' : `${item.daysLeft} d`,
            repoCell(report, item.repository),
            esc(item.system),
            `${item.kind === 'waiver' ? 'waiver of' : 'evidence for'} <code>${esc(item.requirement)}</code>`
        ])),
        table('By team (model-operations owner)', ['Team', 'Systems', 'Ready', 'Not ready'], report.totals.byTeam.map((team) => [esc(team.team), String(team.systems), String(team.ready), String(team.notReady)])),
        table(`Ready systems (${report.systems.filter((system) => system.passed).length})`, ['Repository', 'System', 'Stage', 'Score'], report.systems
            .filter((system) => system.passed)
            .map((system) => [
            repoCell(report, system.repository),
            esc(system.name),
            esc(system.stage ?? 'none'),
            `${system.score.passed}/${system.score.required}`
        ])),
        `<p><strong>Archived</strong> (not read): ${esc(seen.archived.map((repo) => repo.name).join(', ') || 'none')}.</p>`,
        `<p><strong>No readiness manifest:</strong> ${esc(report.repositories
            .filter((repo) => repo.state === 'no-manifest' || repo.state === 'empty')
            .map((repo) => repo.name)
            .join(', ') || 'none')}.</p>`,
        `<p class="muted">${report.requests.sent} API requests, ${report.requests.notModified} answered 304 Not Modified. readiness-gate ${esc(report.tool.version)}.</p>`
    ].join('\n');
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
`;
}
function figure(caption, svg) {
    return `<figure><figcaption>${esc(caption)}</figcaption>${svg}</figure>`;
}
/** One stacked bar per stage: ready, then not ready. */
function stageChart(report) {
    const rows = [...types/* STAGES */.an, 'none'].filter((stage) => stage !== 'none' || report.totals.systems.byStage.none.ready + report.totals.systems.byStage.none.notReady > 0);
    const max = Math.max(1, ...rows.map((stage) => report.totals.systems.byStage[stage].ready + report.totals.systems.byStage[stage].notReady));
    const width = 330;
    const left = 78;
    const barWidth = width - left - 40;
    const rowHeight = 28;
    const height = rows.length * rowHeight + 34;
    const bars = rows.map((stage, index) => {
        const { ready, notReady } = report.totals.systems.byStage[stage];
        const y = 8 + index * rowHeight;
        const readyWidth = (ready / max) * barWidth;
        const notReadyWidth = (notReady / max) * barWidth;
        return [
            `<text x="${left - 6}" y="${y + 14}" text-anchor="end">${stage === 'none' ? 'no stage' : stage}</text>`,
            `<rect x="${left}" y="${y}" width="${readyWidth.toFixed(1)}" height="20" fill="${COLORS.ready}"><title>${stage}: ${ready} ready</title></rect>`,
            `<rect x="${(left + readyWidth).toFixed(1)}" y="${y}" width="${notReadyWidth.toFixed(1)}" height="20" fill="${COLORS.notReady}"><title>${stage}: ${notReady} not ready</title></rect>`,
            `<text x="${(left + readyWidth + notReadyWidth + 4).toFixed(1)}" y="${y + 14}">${ready}/${ready + notReady}</text>`
        ].join('');
    });
    const legendY = height - 10;
    return svg(width, height, 'Systems per stage: ready and not ready', [
        ...bars,
        `<rect x="${left}" y="${legendY - 9}" width="10" height="10" fill="${COLORS.ready}"/><text x="${left + 14}" y="${legendY}">ready</text>`,
        `<rect x="${left + 70}" y="${legendY - 9}" width="10" height="10" fill="${COLORS.notReady}"/><text x="${left + 84}" y="${legendY}">not ready</text>`
    ]);
}
/** Days from today to the end of the window; one dot per waiver (amber) or piece of evidence (blue), stacked when they share a day. */
function timelineChart(report) {
    const window = Math.max(1, report.settings.expiringWithinDays);
    const width = 330;
    const left = 12;
    const right = width - 12;
    const axisY = 110;
    const x = (days) => left + (Math.min(Math.max(days, 0), window) / window) * (right - left);
    const perDay = new Map();
    const marks = report.expiring.map((item) => {
        const day = Math.max(0, item.daysLeft);
        const stack = perDay.get(day) ?? 0;
        perDay.set(day, stack + 1);
        const cy = axisY - 10 - (stack % 8) * 11;
        const color = item.kind === 'waiver' ? COLORS.waiver : COLORS.evidence;
        return `<circle cx="${x(day).toFixed(1)}" cy="${cy}" r="5" fill="${color}"><title>${esc(`${item.expires}: ${item.kind} ${item.requirement} \u2014 ${item.repository}/${item.system}`)}</title></circle>`;
    });
    const ticks = [];
    const step = window <= 14 ? 1 : window <= 60 ? 7 : 30;
    for (let day = 0; day <= window; day += step) {
        // The end labels stay inside the chart.
        const anchor = day === 0 ? 'start' : day + step > window ? 'end' : 'middle';
        ticks.push(`<line x1="${x(day).toFixed(1)}" y1="${axisY}" x2="${x(day).toFixed(1)}" y2="${axisY + 4}" stroke="${COLORS.muted}"/><text x="${x(day).toFixed(1)}" y="${axisY + 16}" text-anchor="${anchor}">${day === 0 ? 'today' : `+${day}d`}</text>`);
    }
    // Each day that has something expiring gets its date above its stack, when there are few enough to read.
    const days = [...perDay].sort((a, b) => a[0] - b[0]);
    if (days.length <= 6) {
        for (const [day, count] of days) {
            const top = axisY - 10 - (Math.min(count, 8) - 1) * 11 - 10;
            const date = report.expiring.find((item) => Math.max(0, item.daysLeft) === day).expires;
            marks.push(`<text x="${x(day).toFixed(1)}" y="${top}" text-anchor="middle">${esc(date.slice(5))} (${count})</text>`);
        }
    }
    const empty = report.expiring.length === 0 ? [`<text x="${width / 2}" y="60" text-anchor="middle" fill="${COLORS.muted}">nothing expires in this window</text>`] : [];
    return svg(width, 150, 'Waivers and evidence expiring, by days from today', [
        `<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="${COLORS.muted}"/>`,
        ...ticks,
        ...marks,
        ...empty,
        `<circle cx="${left + 5}" cy="140" r="5" fill="${COLORS.waiver}"/><text x="${left + 14}" y="144">waiver</text>`,
        `<circle cx="${left + 75}" cy="140" r="5" fill="${COLORS.evidence}"/><text x="${left + 84}" y="144">evidence</text>`
    ]);
}
/** One bar per reason a repository's gate does not gate. */
function ungatedChart(report) {
    const seen = attention(report);
    const rows = [
        ['not running', seen.notRunning.filter((repo) => repo.state === 'not-running'), COLORS.notReady],
        ['stale', seen.notRunning.filter((repo) => repo.state === 'stale'), '#bc4c00'],
        ['not required', seen.notRequired, '#8250df'],
        ['unreadable', seen.unreadable, COLORS.waiver],
        ['not visible', seen.notVisible, COLORS.muted]
    ];
    const width = 330;
    const left = 84;
    const barWidth = width - left - 30;
    const max = Math.max(1, ...rows.map(([, repos]) => repos.length));
    const parts = rows.map(([label, repos, color], index) => {
        const y = 8 + index * 26;
        const w = (repos.length / max) * barWidth;
        const names = repos.map((repo) => repo.name).join(', ');
        return `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${label}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${color}"><title>${esc(names || 'none')}</title></rect><text x="${(left + w + 4).toFixed(1)}" y="${y + 13}">${repos.length}</text>`;
    });
    return svg(width, rows.length * 26 + 12, 'Repositories whose gate does not gate, by reason', parts);
}
function svg(width, height, label, parts) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(label)}">${parts.join('')}</svg>`;
}
function table(title, head, rows) {
    const heading = `<h2>${esc(title)}</h2>`;
    if (rows.length === 0)
        return `${heading}<p class="muted">None.</p>`;
    return `${heading}<table><thead><tr>${head.map((cell) => `<th>${esc(cell)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}
function repoCell(report, name) {
    const url = report.repositories.find((repo) => repo.name === name)?.url;
    return url && /^https:\/\/[^\s"'<>]+$/.test(url) ? `<a href="${esc(url)}">${esc(name)}</a>` : esc(name);
}
function esc(text) {
    return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

;// CONCATENATED MODULE: ./schemas/verdict.schema.json
const verdict_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://raw.githubusercontent.com/readiness-gate/readiness-gate/v0/schemas/verdict.schema.json","title":"readiness-gate check-run verdict","description":"The machine-readable verdict the action hides at the end of its check run\'s output.text (an HTML comment: <!-- readiness-gate:verdict {...} -->), for the fleet view to read back without parsing prose. Within GitHub\'s 65,535-byte limit it degrades: detail \'full\', then \'systems\' (no per-requirement lists), then \'counts\' (no systems).","type":"object","additionalProperties":false,"required":["format","version","tool","evaluatedAt","passed","detail","totals","problems","systems"],"definitions":{"day":{"type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"},"rules":{"type":"array","items":{"type":"string","minLength":1}}},"properties":{"format":{"const":"readiness-gate/verdict"},"version":{"const":1,"description":"Bumped on any change a reader of version 1 would misread."},"tool":{"type":"string","description":"The readiness-gate version that wrote it."},"evaluatedAt":{"type":"string","format":"date-time"},"passed":{"type":"boolean"},"detail":{"enum":["full","systems","counts"]},"totals":{"type":"object","additionalProperties":false,"required":["systems","ready"],"properties":{"systems":{"type":"integer","minimum":0},"ready":{"type":"integer","minimum":0}}},"problems":{"type":"array","description":"Run-level failures (an invalid policy, a removed production system): rule id and message.","items":{"type":"object","additionalProperties":false,"required":["rule","message"],"properties":{"rule":{"type":"string"},"message":{"type":"string"}}}},"systems":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["name","manifest","stage","passed","score","failing","failingCount","waivers","unverified","lapsing"],"properties":{"name":{"type":"string"},"manifest":{"type":"string"},"stage":{"enum":["pilot","staging","production",null]},"owners":{"type":"object","additionalProperties":{"type":"string"}},"passed":{"type":"boolean"},"score":{"type":"array","items":{"type":"integer","minimum":0},"minItems":2,"maxItems":2,"description":"[passed, required]"},"failing":{"$ref":"#/definitions/rules","description":"Failing requirement ids (empty at detail \'systems\')."},"failingCount":{"type":"integer","minimum":0,"description":"How many requirements fail, at every detail."},"waivers":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["requirement","expires","verification"],"properties":{"requirement":{"type":"string"},"expires":{"$ref":"#/definitions/day"},"verification":{"enum":["verified","unverified"]}}}},"unverified":{"$ref":"#/definitions/rules","description":"Requirements that pass or are waived on a claim no review verified."},"lapsing":{"type":"array","description":"Passing requirements whose evidence outgrows the policy\'s age limit on a known day.","items":{"type":"object","additionalProperties":false,"required":["requirement","expires"],"properties":{"requirement":{"type":"string"},"expires":{"$ref":"#/definitions/day"}}}}}}}}}');
// EXTERNAL MODULE: ./src/schema/validate.ts
var schema_validate = __webpack_require__(1465);
;// CONCATENATED MODULE: ./src/render/verdict-block.ts
// The check run's machine-readable verdict: a compact, versioned JSON digest of the report hidden in an
// HTML comment at the end of output.text (schemas/verdict.schema.json). The action writes it; the fleet
// view reads it back, so an organization's verdicts never depend on parsing prose meant for people.
// GitHub caps output.text at 65,535 bytes, so the digest degrades in steps: every detail, then systems
// without per-requirement lists, then counts only. Reading is strict: anything but a valid digest of a
// version this code knows is "unreadable", never a pass.



const VERDICT_FORMAT = 'readiness-gate/verdict';
const VERDICT_VERSION = 1;
const OPEN = '<!-- readiness-gate:verdict ';
const CLOSE = ' -->';
/** Run-level messages are cut to this many characters: enough to say why, never the budget. */
const PROBLEM_MAX_CHARS = 300;
const PROBLEMS_MAX = 20;
function verdictDigest(report, detail = 'full') {
    const failingNotices = report.notices.filter((notice) => notice.status === 'fail');
    return {
        format: VERDICT_FORMAT,
        version: VERDICT_VERSION,
        tool: report.tool.version,
        evaluatedAt: report.evaluatedAt,
        passed: report.passed,
        detail,
        totals: { systems: report.systems.length, ready: report.systems.filter((system) => system.passed).length },
        problems: failingNotices
            .slice(0, PROBLEMS_MAX)
            .map((notice) => ({ rule: notice.rule, message: Array.from(notice.message).slice(0, PROBLEM_MAX_CHARS).join('') })),
        systems: detail === 'counts'
            ? []
            : report.systems.map((system) => {
                const failing = unique(system.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.rule));
                const waivers = new Map();
                const lapsing = new Map();
                for (const finding of system.findings) {
                    if (finding.status === 'waived' && finding.expires && !waivers.has(finding.rule)) {
                        waivers.set(finding.rule, { requirement: finding.rule, expires: finding.expires, verification: finding.verification ?? 'unverified' });
                    }
                    if (finding.status === 'pass' && finding.expires) {
                        const known = lapsing.get(finding.rule);
                        if (!known || finding.expires < known)
                            lapsing.set(finding.rule, finding.expires);
                    }
                }
                const unverified = unique(system.findings.filter((finding) => finding.status !== 'fail' && finding.verification === 'unverified').map((finding) => finding.rule));
                return {
                    name: system.name,
                    manifest: system.manifest,
                    stage: system.stage,
                    ...(detail === 'full' && system.owners ? { owners: system.owners } : {}),
                    passed: system.passed,
                    score: [system.score.passed, system.score.required],
                    failing: detail === 'full' ? failing : [],
                    failingCount: failing.length,
                    waivers: [...waivers.values()],
                    unverified: detail === 'full' ? unverified : [],
                    lapsing: [...lapsing].map(([requirement, expires]) => ({ requirement, expires }))
                };
            })
    };
}
/** The digest as an HTML comment (invisible where GitHub renders the text), in at most `maxBytes`; '' when not even counts fit. */
function verdict_block_renderVerdictBlock(report, maxBytes) {
    for (const detail of ['full', 'systems', 'counts']) {
        const block = encodeVerdict(verdictDigest(report, detail));
        if (utf8Bytes(block) <= maxBytes)
            return block;
    }
    return '';
}
function encodeVerdict(digest) {
    // `<`, `>` and `&` as JSON escapes: the comment can never be closed early, and the JSON means the same.
    const json = JSON.stringify(digest).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return `${OPEN}${json}${CLOSE}`;
}
/** The digest in a check run's output.text, checked against its schema; why not, in one sentence. */
function readVerdictBlock(text) {
    const start = text?.lastIndexOf(OPEN) ?? -1;
    if (!text || start < 0) {
        return { ok: false, why: 'the check run carries no machine-readable verdict (written by a readiness-gate older than the fleet view, or by another tool)' };
    }
    const end = text.indexOf(CLOSE, start + OPEN.length);
    if (end < 0)
        return { ok: false, why: 'the machine-readable verdict is cut off' };
    let data;
    try {
        data = JSON.parse(text.slice(start + OPEN.length, end));
    }
    catch {
        return { ok: false, why: 'the machine-readable verdict is not valid JSON' };
    }
    const head = data;
    if (!head || typeof head !== 'object' || head.format !== VERDICT_FORMAT)
        return { ok: false, why: 'the machine-readable verdict is not a readiness-gate verdict' };
    if (head.version !== VERDICT_VERSION) {
        return {
            ok: false,
            why: `the machine-readable verdict has format version ${JSON.stringify(head.version)}; this readiness-gate reads version ${VERDICT_VERSION}`
        };
    }
    const validate = (0,schema_validate/* compiledValidator */.CG)(verdict_schema_namespaceObject);
    if (!validate(data)) {
        const first = validate.errors?.[0];
        return { ok: false, why: `the machine-readable verdict is malformed (${first ? `${first.instancePath || '/'} ${first.message}` : 'schema mismatch'})` };
    }
    const digest = data;
    const contradicts = digest.totals.ready > digest.totals.systems ||
        (digest.detail !== 'counts' && digest.systems.length !== digest.totals.systems) ||
        (digest.passed && (digest.totals.ready < digest.totals.systems || digest.problems.length > 0));
    if (contradicts) {
        return { ok: false, why: 'the machine-readable verdict contradicts itself (its totals do not match its systems)' };
    }
    return { ok: true, digest };
}
function unique(values) {
    return [...new Set(values)];
}

// EXTERNAL MODULE: ./src/report/links.ts
var links = __webpack_require__(3303);
;// CONCATENATED MODULE: ./src/github/publisher.ts




/** GitHub accepts at most 50 annotations per request. */
const ANNOTATIONS_PER_REQUEST = 50;
/** Annotations in request-sized batches, in order. */
function batches(items, size = ANNOTATIONS_PER_REQUEST) {
    const result = [];
    for (let start = 0; start < items.length; start += size)
        result.push(items.slice(start, start + size));
    return result;
}
function conclusionOf(report) {
    // neutral and skipped would satisfy a required check, so anything short of a pass is a failure.
    return report.passed ? 'success' : 'failure';
}
async function publishCheckRun(client, request) {
    const { owner, repo, headSha, name, report } = request;
    const now = request.now ?? (() => new Date());
    const problems = [];
    const title = renderTitle(report);
    const summary = renderCheckSummary(report, { ...(request.blobUrl ? { blobUrl: request.blobUrl } : {}), rootPrefix: request.rootPrefix ?? '' });
    // output.text: notes on what the annotations left out. It is the place for any further part of the
    // check run's output (e.g. a machine-readable form of the report): joinText puts the parts together.
    const text = request.unannotated > 0 ? unannotatedNote(request.unannotated) : undefined;
    const groups = batches(request.annotations);
    // Up to 50 annotations, the check run is created completed, with its output, in one request: the
    // throttling plugin spaces write requests a second apart, so each request saved is a second saved.
    // More, and it is created in progress with the first batch and completed by the last.
    const single = groups.length <= 1;
    const first = groups.shift() ?? [];
    const last = single ? [] : (groups.pop() ?? []);
    const completion = () => ({ status: 'completed', conclusion: conclusionOf(report), completed_at: isoSeconds(now()) });
    const create = (annotations, note) => client.rest.checks.create({
        owner,
        repo,
        name,
        head_sha: headSha,
        started_at: isoSeconds(now()),
        ...(single ? completion() : { status: 'in_progress' }),
        ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
        output: { title, summary, text: textWithVerdict(report, text, note), annotations }
    });
    let checkRunId;
    let url;
    let annotationsSent = 0;
    let annotationsFailed = false;
    try {
        let created;
        try {
            created = await create(first);
            annotationsSent += first.length;
        }
        catch (error) {
            // A 422 with annotations may be about one of them: the verdict matters more than the line markers.
            if (first.length === 0 || error.status !== 422)
                throw error;
            problems.push(`annotations 1\u2013${first.length} were not accepted: ${describeError(error)}`);
            annotationsFailed = true;
            created = await create([], failedAnnotationsNote(request.annotations.length));
        }
        checkRunId = created.data.id;
        url = created.data.html_url ?? undefined;
    }
    catch (error) {
        return { published: false, reason: `the check run could not be created: ${describeError(error)}`, problems };
    }
    if (single)
        return { published: true, checkRunId, url, annotationsSent, problems };
    for (const group of annotationsFailed ? [] : groups) {
        try {
            await client.rest.checks.update({ owner, repo, check_run_id: checkRunId, output: { title, summary, annotations: group } });
            annotationsSent += group.length;
        }
        catch (error) {
            problems.push(`annotations ${annotationsSent + 1}\u2013${annotationsSent + group.length} were not accepted: ${describeError(error)}`);
            annotationsFailed = true;
            break;
        }
    }
    const finish = (annotations, note) => client.rest.checks.update({
        owner,
        repo,
        check_run_id: checkRunId,
        ...completion(),
        output: { title, summary, text: textWithVerdict(report, text, note), annotations }
    });
    const final = annotationsFailed ? [] : last;
    try {
        await finish(final, annotationsFailed ? failedAnnotationsNote(request.annotations.length - annotationsSent) : undefined);
        annotationsSent += final.length;
    }
    catch (error) {
        problems.push(`the check run could not be completed: ${describeError(error)}`);
        if (final.length === 0) {
            return { published: false, checkRunId, reason: `check run ${checkRunId} was created but could not be completed: ${describeError(error)}`, problems };
        }
        // One more try without annotations: the verdict matters more than the line markers.
        try {
            await finish([], failedAnnotationsNote(request.annotations.length - annotationsSent));
        }
        catch (retryError) {
            return {
                published: false,
                checkRunId,
                reason: `check run ${checkRunId} was created but could not be completed: ${describeError(retryError)}`,
                problems
            };
        }
    }
    return { published: true, checkRunId, url, annotationsSent, problems };
}
function unannotatedNote(count) {
    return `${count} finding${count === 1 ? ' has' : 's have'} no annotation here (no line in the repository to point at, or past the annotation cap); the summary and the JSON report list every finding.`;
}
function failedAnnotationsNote(count) {
    return `${count} annotation${count === 1 ? ' was' : 's were'} not accepted by GitHub; the summary and the job summary list every finding.`;
}
const CHECK_TEXT_MAX_BYTES = 65_535;
/** The notes are a sentence each; the machine-readable verdict gets the rest of the text's budget. */
const NOTES_MAX_BYTES = (/* unused pure expression or super */ null && (8 * 1024));
/** The notes for people, then the verdict for machines (the fleet view reads it back), within GitHub's limit. */
function textWithVerdict(report, ...notes) {
    const prose = truncateUtf8(notes.filter((note) => Boolean(note)).join('\n\n'), NOTES_MAX_BYTES);
    const separator = prose ? '\n\n' : '';
    return prose + separator + renderVerdictBlock(report, CHECK_TEXT_MAX_BYTES - utf8Bytes(prose + separator));
}
/** GitHub documents timestamps as YYYY-MM-DDTHH:MM:SSZ. */
function isoSeconds(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** One line for the log: status and GitHub's message, e.g. "403 Resource not accessible by integration". */
function describeError(error) {
    if (typeof error === 'object' && error !== null) {
        const { status, message } = error;
        const detail = typeof message === 'string' ? (message.split(' - https://')[0] ?? message) : objectText(error);
        return (0,sanitize/* oneLine */.TN)(typeof status === 'number' ? `${status} ${detail}` : detail);
    }
    return (0,sanitize/* oneLine */.TN)(typeof error === 'string'
        ? error
        : typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint' || error === undefined
            ? String(error)
            : typeof error);
}
/** An Error names itself; another object is shown as JSON, not as [object Object] (and never throws: it may be circular). */
function objectText(error) {
    if (error instanceof Error)
        return String(error);
    try {
        return JSON.stringify(error) ?? 'an unknown error';
    }
    catch {
        return 'an unknown error';
    }
}
/** The plain reason a fork PR gets no check run, for the log and the job summary. */
function explainNoCheckRun(reason) {
    const forbidden = /\b403\b/.test(reason) && /not accessible by integration/i.test(reason);
    return forbidden
        ? `No check run was created: ${reason}. The workflow token cannot write checks here \u2014 on a pull request from a fork GITHUB_TOKEN is read-only. ` +
            `The verdict is in this job summary, the log annotations, the outputs and the exit code; the fork-safe setup that publishes a check run: ${docUrl('github.md#pull-requests-from-forks')}`
        : `No check run was created: ${reason}. The verdict is in this job summary, the log annotations, the outputs and the exit code.`;
}

;// CONCATENATED MODULE: ./src/github/fleet/cache.ts
// Conditional requests for the fleet view: each GET remembers its ETag and what the fleet took from the
// answer, so the next run asks "changed since?" and an unchanged repository answers 304, which GitHub
// does not count against the rate limit. The cache is one JSON file the workflow keeps between runs
// (actions/cache in the documented workflow); a missing or unreadable file only means a full first run.


class ConditionalCache {
    previous;
    used = new Map();
    constructor(previous) {
        this.previous = previous;
    }
    static empty() {
        return new ConditionalCache({});
    }
    /** The cache at `file`; empty (with why, for the log) when there is none or it cannot be used. */
    static async load(file) {
        let text;
        try {
            text = await (0,callback_fs/* readFile */.TA)(file, 'utf8');
        }
        catch {
            return { cache: ConditionalCache.empty(), note: `no cache at ${file} yet: every repository is read in full` };
        }
        try {
            const data = JSON.parse(text);
            if (data.format !== 'readiness-gate/fleet-cache' || data.version !== 1 || typeof data.entries !== 'object' || data.entries === null) {
                return { cache: ConditionalCache.empty(), note: `the cache at ${file} is from another version: every repository is read in full` };
            }
            const entries = {};
            for (const [key, entry] of Object.entries(data.entries)) {
                if (entry && typeof entry.etag === 'string')
                    entries[key] = entry;
            }
            return { cache: new ConditionalCache(entries) };
        }
        catch {
            return { cache: ConditionalCache.empty(), note: `the cache at ${file} is not valid JSON: every repository is read in full` };
        }
    }
    etagOf(key) {
        return this.previous[key]?.etag;
    }
    /** The value stored with the ETag a 304 confirmed. */
    reuse(key) {
        const entry = this.previous[key];
        if (entry)
            this.used.set(key, entry);
        return entry?.value;
    }
    store(key, etag, value) {
        if (etag)
            this.used.set(key, { etag, value });
    }
    /** Writes what this run used (entries of repositories gone since are dropped), atomically. */
    async save(file) {
        const data = { format: 'readiness-gate/fleet-cache', version: 1, entries: Object.fromEntries(this.used) };
        await (0,callback_fs/* mkdir */.Ck)(external_node_path_default().dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await (0,callback_fs/* writeFile */._h)(temporary, JSON.stringify(data));
        await (0,callback_fs/* rename */.$w)(temporary, file);
    }
}

;// CONCATENATED MODULE: ./src/github/fleet/collect.ts



/** The organization itself could not be listed: there is no report to make. */
class FleetListingError extends Error {
}
class RateLimitExhausted extends Error {
}
async function collectFleet(options) {
    const { client, organization, settings } = options;
    const cache = options.cache ?? ConditionalCache.empty();
    const manifestName = options.manifestName ?? 'readiness.yml';
    const counts = { sent: 0, notModified: 0 };
    let exhausted;
    /** A conditional GET: the reduced value of a fresh answer, or the cached one on 304. */
    async function get(route, params, reduce) {
        if (exhausted)
            throw new RateLimitExhausted(exhausted);
        const key = `${route} ${JSON.stringify(params)}`;
        const etag = cache.etagOf(key);
        counts.sent++;
        try {
            const response = await client.request(route, { ...params, headers: etag ? { 'if-none-match': etag } : {} });
            const value = reduce(response.data);
            cache.store(key, response.headers.etag, value);
            return value;
        }
        catch (error) {
            const status = error.status;
            if (status === 304 && etag) {
                counts.notModified++;
                return cache.reuse(key);
            }
            if (isRateLimit(error)) {
                exhausted ??= `the API rate limit ran out (${describeError(error)})`;
                throw new RateLimitExhausted(exhausted);
            }
            throw error;
        }
    }
    const listed = await listRepositories(get, organization);
    const repositories = new Array(listed.length);
    let next = 0;
    const worker = async () => {
        while (next < listed.length && !exhausted) {
            const index = next++;
            try {
                repositories[index] = await observe(listed[index]);
            }
            catch (error) {
                if (error instanceof RateLimitExhausted)
                    return;
                // One repository's surprise is that repository's problem, said plainly; the others still count.
                repositories[index] = { ...base(listed[index]), state: 'unreadable', why: `the fleet could not read it: ${describeError(error)}` };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, listed.length)) }, worker));
    const missing = listed.filter((_, index) => !repositories[index]);
    const observed = listed.map((repo, index) => repositories[index] ?? { ...base(repo), state: 'missing', why: exhausted ?? 'not reached' });
    return {
        repositories: observed,
        partial: missing.length > 0 ? { reason: exhausted ?? 'the run stopped early', missing: missing.map((repo) => repo.name) } : null,
        requests: counts
    };
    async function observe(repo) {
        if (repo.archived)
            return { ...base(repo), state: 'archived' };
        const params = { owner: organization, repo: repo.name };
        let run;
        try {
            run = await get('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...params, ref: repo.defaultBranch, check_name: settings.checkName, per_page: 20 }, (data) => latestCompleted(data, settings.checkName));
        }
        catch (error) {
            const unseen = invisible(error, repo);
            if (unseen)
                return unseen;
            throw error;
        }
        if (run && run.status === 'completed') {
            const { status: _status, text, ...checkRun } = run;
            const read = readVerdictBlock(text);
            const ageDays = run.completedAt ? (options.now.getTime() - Date.parse(run.completedAt)) / 86_400_000 : Infinity;
            const stale = ageDays > settings.staleAfterDays;
            const observation = read.ok
                ? {
                    ...base(repo),
                    state: stale ? 'stale' : 'evaluated',
                    checkRun,
                    digest: read.digest,
                    ...(stale
                        ? {
                            why: Number.isFinite(ageDays)
                                ? `its latest check run finished ${Math.floor(ageDays)} days ago, over the ${settings.staleAfterDays}-day freshness limit: the scheduled run has stopped`
                                : 'its latest check run has no completion time, so its freshness cannot be told'
                        }
                        : {})
                }
                : { ...base(repo), state: 'unreadable', checkRun, why: read.why };
            const gated = !read.ok || read.digest.totals.systems > 0 || read.digest.problems.length > 0;
            if (gated)
                observation.required = await requiredCheck(repo);
            return observation;
        }
        let tree;
        try {
            tree = await get('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...params, tree_sha: repo.defaultBranch, recursive: '1' }, (data) => manifestsIn(data, manifestName));
        }
        catch (error) {
            const unseen = invisible(error, repo);
            if (unseen)
                return unseen;
            throw error;
        }
        const notes = tree.truncated ? [`its tree is too big for one request, so manifests outside the part GitHub listed were not looked for`] : [];
        if (tree.manifests.length === 0)
            return { ...base(repo), state: 'no-manifest', manifests: [], ...(notes.length ? { notes } : {}) };
        const where = tree.manifests.length === 1 ? tree.manifests[0] : `${tree.manifests.length} manifests`;
        return {
            ...base(repo),
            state: 'not-running',
            why: run
                ? `${where} in the tree, but the readiness-gate check run at the head of ${repo.defaultBranch} has not finished`
                : `${where} in the tree, but no "${settings.checkName}" check run at the head of ${repo.defaultBranch}`,
            manifests: tree.manifests,
            required: await requiredCheck(repo, { rulesetsOnly: true }),
            ...(notes.length ? { notes } : {})
        };
    }
    /**
     * Rulesets first (one request answers for repository and organization rulesets), then classic branch
     * protection. Where the gate is not running (already the finding to fix), rulesets only: the third
     * request of that repository.
     */
    async function requiredCheck(repo, options = {}) {
        const params = { owner: organization, repo: repo.name, branch: repo.defaultBranch };
        try {
            const rulesets = await get('GET /repos/{owner}/{repo}/rules/branches/{branch}', params, (data) => requiringRulesets(data, settings.checkName));
            if (rulesets.length > 0)
                return { status: 'required', by: rulesets };
            if (options.rulesetsOnly) {
                return {
                    status: 'unknown',
                    by: [],
                    note: `no ruleset requires "${settings.checkName}"; branch protection was not read, as the gate is not running here`
                };
            }
            const branch = await get('GET /repos/{owner}/{repo}/branches/{branch}', params, (data) => classicProtection(data, settings.checkName));
            if (branch.requires)
                return { status: 'required', by: ['branch protection'] };
            if (branch.protected && !branch.visible) {
                return {
                    status: 'unknown',
                    by: [],
                    note: `no ruleset requires it, and ${repo.defaultBranch}'s branch protection is on but does not show its required checks to this token`
                };
            }
            return {
                status: 'not-required',
                by: [],
                note: branch.protected
                    ? `neither a ruleset nor ${repo.defaultBranch}'s branch protection requires "${settings.checkName}"`
                    : `no ruleset requires "${settings.checkName}" and ${repo.defaultBranch} has no branch protection`
            };
        }
        catch (error) {
            if (error instanceof RateLimitExhausted)
                throw error;
            return { status: 'unknown', by: [], note: `the rules of ${repo.defaultBranch} could not be read: ${describeError(error)}` };
        }
    }
    function invisible(error, repo) {
        const status = error.status;
        if (status === 403 || status === 404)
            return { ...base(repo), state: 'not-visible', why: `the token cannot read it (${describeError(error)})` };
        if (status === 409)
            return { ...base(repo), state: 'empty', why: 'the repository has no commits' };
        return undefined;
    }
}
function base(repo) {
    return { name: repo.name, ...(repo.url ? { url: repo.url } : {}), defaultBranch: repo.defaultBranch, archived: repo.archived };
}
async function listRepositories(get, organization) {
    const all = [];
    for (let page = 1;; page++) {
        let listed;
        try {
            listed = await get('GET /orgs/{org}/repos', { org: organization, type: 'all', sort: 'full_name', per_page: 100, page }, (data) => (Array.isArray(data) ? data : []).map((repo) => ({
                name: String(repo.name),
                ...(typeof repo.html_url === 'string' ? { url: repo.html_url } : {}),
                defaultBranch: typeof repo.default_branch === 'string' && repo.default_branch ? repo.default_branch : 'main',
                archived: repo.archived === true
            })));
        }
        catch (error) {
            if (error instanceof RateLimitExhausted)
                throw new FleetListingError(`The repositories of ${organization} could not be listed: ${error.message}.`);
            throw new FleetListingError(`The repositories of ${organization} could not be listed: ${describeError(error)}.`);
        }
        all.push(...listed);
        // A short page is the last one; asking for the next costs a request only at exact multiples of 100.
        if (listed.length < 100)
            return all;
    }
}
/** A timestamp field as text; '' when absent, so it sorts first. */
const stamp = (value) => (typeof value === 'string' ? value : '');
function latestCompleted(data, checkName) {
    const runs = (data?.check_runs ?? []).filter((run) => run.name === checkName);
    const completed = runs.filter((run) => run.status === 'completed').sort((a, b) => stamp(b.completed_at).localeCompare(stamp(a.completed_at)));
    const chosen = completed[0] ?? runs[0];
    if (!chosen)
        return null;
    const output = (chosen.output ?? {});
    return {
        id: Number(chosen.id),
        ...(typeof chosen.html_url === 'string' ? { url: chosen.html_url } : {}),
        headSha: String(chosen.head_sha),
        completedAt: typeof chosen.completed_at === 'string' ? chosen.completed_at : null,
        conclusion: typeof chosen.conclusion === 'string' ? chosen.conclusion : null,
        status: String(chosen.status),
        text: typeof output.text === 'string' ? output.text : null
    };
}
function manifestsIn(data, manifestName) {
    const tree = data ?? {};
    const manifests = (tree.tree ?? [])
        .filter((entry) => entry.type === 'blob' && typeof entry.path === 'string' && (entry.path === manifestName || entry.path.endsWith(`/${manifestName}`)))
        .map((entry) => entry.path);
    return { manifests, truncated: tree.truncated === true };
}
function requiringRulesets(data, checkName) {
    const rules = Array.isArray(data) ? data : [];
    const by = [];
    for (const rule of rules) {
        if (rule.type !== 'required_status_checks')
            continue;
        const checks = (rule.parameters?.required_status_checks ?? []);
        if (!checks.some((check) => check.context === checkName))
            continue;
        const source = typeof rule.ruleset_source === 'string' ? ` (${rule.ruleset_source_type === 'Organization' ? 'organization ' : ''}${rule.ruleset_source})` : '';
        by.push(`ruleset ${typeof rule.ruleset_id === 'number' || typeof rule.ruleset_id === 'string' ? rule.ruleset_id : '?'}${source}`);
    }
    return [...new Set(by)];
}
function classicProtection(data, checkName) {
    const branch = (data ?? {});
    const checks = (branch.protection?.required_status_checks ?? undefined);
    const contexts = [
        ...(checks?.contexts ?? []),
        ...(checks?.checks ?? []).map((check) => check.context)
    ];
    return { protected: branch.protected === true, visible: checks !== undefined, requires: contexts.includes(checkName) };
}
function isRateLimit(error) {
    const { status, message, response } = error;
    if (status !== 403 && status !== 429)
        return false;
    return response?.headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message ?? '');
}

// EXTERNAL MODULE: ./src/report/build.ts
var build = __webpack_require__(5066);
;// CONCATENATED MODULE: ./src/github/client.ts
/** A stand-in method remembers which real one it stands for, so `paginate(client.rest.pulls.list, ...)` works. */
const ROUTE = Symbol('route');
function createClient(options) {
    let loading;
    const load = () => (loading ??= Promise.all(/* import() */[__webpack_require__.e(64), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 6702)).then(({ createOctokit }) => createOctokit(options)));
    // A load started early is awaited by the first request; a failure to load surfaces there, as a request error.
    if (options.preload)
        load().catch(() => undefined);
    const real = (client, method) => {
        const route = method[ROUTE];
        return route ? client.rest[route[0]][route[1]] : method;
    };
    const namespaces = new Map();
    const rest = new Proxy({}, {
        get(_target, namespace) {
            if (typeof namespace !== 'string')
                return undefined;
            let methods = namespaces.get(namespace);
            if (!methods) {
                const made = {};
                methods = new Proxy(made, {
                    get(_inner, name) {
                        if (typeof name !== 'string')
                            return undefined;
                        made[name] ??= Object.assign(async (params) => (await load()).rest[namespace][name](params), {
                            [ROUTE]: [namespace, name]
                        });
                        return made[name];
                    }
                });
                namespaces.set(namespace, methods);
            }
            return methods;
        }
    });
    const paginate = Object.assign(async (method, params) => {
        const client = await load();
        return client.paginate(real(client, method), params);
    }, {
        iterator: (method, params) => ({
            async *[Symbol.asyncIterator]() {
                const client = await load();
                yield* client.paginate.iterator(real(client, method), params);
            }
        })
    });
    // `request(route, params)`: the fleet view's conditional GETs, which need their own headers.
    const request = async (route, params) => (await load()).request(route, params);
    // Only what the gate and the fleet call (`rest.*`, `paginate`, `request`) is stood in for: anything
    // else is undefined, and a call to it fails as a bug the run reports, never as a silent success.
    return { rest, paginate, request };
}

;// CONCATENATED MODULE: ./src/github/fleet/run.ts
// One fleet run, shared by the CLI (`readiness-gate fleet`) and the action (`mode: fleet`): list the
// organization's repositories, read what each published, build the report, keep the ETag cache.







const FLEET_SCHEMA_URL = (0,links/* schemaUrl */.ZZ)('fleet-report.schema.json');
const DEFAULT_FLEET_SETTINGS = { checkName: 'readiness-gate', staleAfterDays: 7, expiringWithinDays: 30 };
async function runFleet(options) {
    const client = createClient({
        token: options.token,
        baseUrl: options.apiUrl,
        log: options.log,
        ...(options.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.retryAfterBaseValue } : {})
    });
    let cache = ConditionalCache.empty();
    if (options.cacheFile) {
        const loaded = await ConditionalCache.load(options.cacheFile);
        cache = loaded.cache;
        if (loaded.note)
            options.log(loaded.note);
    }
    const collected = await collectFleet({ client, organization: options.organization, settings: options.settings, now: options.now, cache, log: options.log });
    if (options.cacheFile) {
        try {
            await cache.save(options.cacheFile);
        }
        catch (error) {
            options.log(`the cache could not be written to ${options.cacheFile}: ${describeError(error)}; the next run reads every repository in full`);
        }
    }
    return buildFleetReport({ organization: options.organization, now: options.now, settings: options.settings, toolVersion: build/* TOOL_VERSION */.wr, ...collected });
}
function fleetJson(report) {
    return `${JSON.stringify({ $schema: FLEET_SCHEMA_URL, ...report }, null, 2)}\n`;
}
/** A whole number of days from an input or flag, or why not. */
function parseDays(name, text, fallback) {
    if (text === undefined || text.trim() === '')
        return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > 3650)
        throw new RangeError(`${name} takes a whole number of days from 0 to 3650, not "${text}"`);
    return value;
}

;// CONCATENATED MODULE: ./src/github/fleet/command.ts
// `readiness-gate fleet --org ORG`: the organization's readiness from the CLI. Loaded only when the
// command runs: the rest of the CLI carries no GitHub client.







const FLEET_USAGE = `Usage: readiness-gate fleet --org ORG [options]
  Reads every repository of ORG: the readiness-gate check run at each default branch's head, whether a
  manifest is there without a gate, whether the branch rules require the check. Token from GITHUB_TOKEN
  (or GH_TOKEN): it needs read access to the repositories' contents, checks and metadata.
      --format FORMAT              markdown (default), json or html, printed to stdout
      --output FILE                write that format to FILE instead
      --json FILE, --html FILE, --markdown FILE    also write these (any combination)
      --cache FILE                 ETag cache kept between runs: unchanged repositories cost nothing
      --check-name NAME            the check run's name (default readiness-gate)
      --stale-after-days N         a check run older than N days means the gate stopped (default 7)
      --expiring-within-days N     list waivers and evidence lapsing within N days (default 30)
      --api-url URL                GitHub API root (default GITHUB_API_URL, else https://api.github.com)
      --now DATE                   report as of DATE (ISO), for reproducible runs
Exit codes: 0 the report is complete, 1 it is partial (rate limit), 2 usage error or the organization could not be listed.
`;
async function fleetCommand(args, io) {
    let values;
    try {
        values = (0,external_node_util_.parseArgs)({
            args,
            options: {
                org: { type: 'string' },
                format: { type: 'string', default: 'markdown' },
                output: { type: 'string' },
                json: { type: 'string' },
                html: { type: 'string' },
                markdown: { type: 'string' },
                cache: { type: 'string' },
                'check-name': { type: 'string' },
                'stale-after-days': { type: 'string' },
                'expiring-within-days': { type: 'string' },
                'api-url': { type: 'string' },
                now: { type: 'string' },
                help: { type: 'boolean', short: 'h', default: false }
            }
        }).values;
    }
    catch (error) {
        io.stderr(`readiness-gate: ${error.message}\n${FLEET_USAGE}`);
        return 2;
    }
    if (values.help) {
        io.stdout(FLEET_USAGE);
        return 0;
    }
    const usage = (message) => {
        io.stderr(`readiness-gate: ${message}\nRun \`readiness-gate fleet --help\` for usage.\n`);
        return 2;
    };
    const org = typeof values.org === 'string' ? values.org.trim() : '';
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(org))
        return usage(org ? `--org takes an organization login, not "${org}"` : 'fleet needs --org ORG');
    const format = String(values.format);
    if (!['markdown', 'json', 'html'].includes(format))
        return usage(`--format takes markdown, json or html, not "${format}"`);
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN || '';
    if (!token)
        return usage("set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the organization's repositories");
    let settings;
    try {
        settings = {
            checkName: typeof values['check-name'] === 'string' && values['check-name'].trim() ? values['check-name'].trim() : DEFAULT_FLEET_SETTINGS.checkName,
            staleAfterDays: parseDays('--stale-after-days', values['stale-after-days'], DEFAULT_FLEET_SETTINGS.staleAfterDays),
            expiringWithinDays: parseDays('--expiring-within-days', values['expiring-within-days'], DEFAULT_FLEET_SETTINGS.expiringWithinDays)
        };
    }
    catch (error) {
        return usage(error.message);
    }
    const now = typeof values.now === 'string' ? new Date(values.now) : io.now;
    if (Number.isNaN(now.getTime()))
        return usage(`--now takes a date like 2026-11-22, not "${values.now}"`);
    const resolve = (file) => (typeof file === 'string' ? external_node_path_default().resolve(io.cwd, file) : undefined);
    let report;
    try {
        report = await runFleet({
            token,
            apiUrl: (typeof values['api-url'] === 'string' ? values['api-url'] : undefined) || io.env.GITHUB_API_URL || 'https://api.github.com',
            organization: org,
            settings,
            now,
            ...(resolve(values.cache) ? { cacheFile: resolve(values.cache) } : {}),
            log: (message) => io.stderr(`readiness-gate: ${message}\n`)
        });
    }
    catch (error) {
        if (error instanceof FleetListingError) {
            io.stderr(`readiness-gate: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
    const renderers = { markdown: (r) => renderFleetMarkdown(r), json: fleetJson, html: renderFleetHtml };
    for (const kind of ['json', 'html', 'markdown']) {
        const file = resolve(values[kind]);
        if (file)
            await writeOut(file, renderers[kind](report));
    }
    const output = resolve(values.output);
    if (output) {
        await writeOut(output, renderers[format](report));
        io.stdout(`${fleetHeadline(report)}\n`);
    }
    else
        io.stdout(renderers[format](report));
    return report.partial ? 1 : 0;
}
async function writeOut(file, text) {
    await (0,callback_fs/* mkdir */.Ck)(external_node_path_default().dirname(file), { recursive: true });
    await (0,callback_fs/* writeFile */._h)(file, text);
}


/***/ })

};
