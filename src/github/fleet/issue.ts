// The fleet report as one issue in the organization's repository, updated in place on every run: found
// by its label, so renaming it does not fork a second one.
import type { GitHubClient } from '../client.js'

export const FLEET_ISSUE_LABEL = 'readiness-fleet'

export async function updateFleetIssue(
  client: GitHubClient,
  target: { owner: string; repo: string; title: string; body: string }
): Promise<{ number: number; url?: string; created: boolean }> {
  const { owner, repo, title, body } = target
  const open = await client.rest.issues.listForRepo({ owner, repo, state: 'open', labels: FLEET_ISSUE_LABEL, per_page: 10 })
  const existing = open.data.find((issue) => !issue.pull_request)
  if (existing) {
    const { data } = await client.rest.issues.update({ owner, repo, issue_number: existing.number, title, body })
    return { number: data.number, url: data.html_url, created: false }
  }
  const { data } = await client.rest.issues.create({ owner, repo, title, body, labels: [FLEET_ISSUE_LABEL] })
  return { number: data.number, url: data.html_url, created: true }
}
