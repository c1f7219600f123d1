// The stand-in must refuse what GitHub refuses, or the tests that rely on it prove nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GitHubStandIn } from '../support/github-server.js'

const HEAD = 'c'.repeat(40)
let standIn: GitHubStandIn

beforeAll(async () => {
  standIn = await GitHubStandIn.start({
    owner: 'acme',
    repo: 'models',
    commits: [HEAD],
    repoLines: (file) => (file === 'ai/readiness.yml' ? 30 : undefined),
    reviews: { 1: Array.from({ length: 5 }, (_, index) => ({ id: index, state: 'COMMENTED' })) }
  })
})
afterAll(() => standIn.close())

async function send(method: string, path: string, body?: unknown, token = 'test-token') {
  const before = standIn.rejections.length
  const response = await fetch(`${standIn.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  return { status: response.status, text, rejections: standIn.rejections.slice(before), headers: response.headers }
}

const annotation = (overrides: Record<string, unknown> = {}) => ({
  path: 'ai/readiness.yml',
  start_line: 3,
  end_line: 3,
  annotation_level: 'failure',
  message: 'p95 1240 ms > SLO 800 ms',
  ...overrides
})

const create = (output?: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  send('POST', '/repos/acme/models/check-runs', { name: 'readiness-gate', head_sha: HEAD, status: 'in_progress', ...(output ? { output } : {}), ...extra })

describe('the GitHub stand-in', () => {
  it('accepts a valid check run and answers like GitHub', async () => {
    const result = await create({ title: 'ok', summary: 'fine', annotations: [annotation()] })
    expect(result.rejections).toEqual([])
    expect(result.status).toBe(201)
    expect(JSON.parse(result.text)).toMatchObject({ head_sha: HEAD, status: 'in_progress', name: 'readiness-gate', output: { annotations_count: 1 } })
  })

  it.each([
    [
      'more than 50 annotations',
      { title: 't', summary: 's', annotations: Array.from({ length: 51 }, () => annotation()) },
      /annotations must NOT have more than 50 items/
    ],
    ['a title over 255 characters', { title: 'x'.repeat(256), summary: 's' }, /output\.title is 256 characters; the maximum is 255/],
    // 33,000 characters pass the schema's maxLength; 66,000 bytes do not pass GitHub.
    ['a summary over 65,535 bytes', { title: 't', summary: 'é'.repeat(33_000) }, /output\.summary is 66000 bytes; the maximum is 65535/],
    ['a text over 65,535 bytes', { title: 't', summary: 's', text: '€'.repeat(22_000) }, /output\.text is 66000 bytes/],
    ['an output without a summary', { title: 't' }, /must have required property 'summary'/],
    ['an annotation on line 0', { title: 't', summary: 's', annotations: [annotation({ start_line: 0, end_line: 0 })] }, /start_line must be at least 1/],
    [
      'an annotation ending before it starts',
      { title: 't', summary: 's', annotations: [annotation({ start_line: 5, end_line: 4 })] },
      /end_line is before start_line/
    ],
    ['an annotation without a path', { title: 't', summary: 's', annotations: [annotation({ path: '' })] }, /path must be a repository-relative path/],
    ['a line number as a string', { title: 't', summary: 's', annotations: [annotation({ start_line: '3' })] }, /must be integer/],
    [
      'an unknown annotation level',
      { title: 't', summary: 's', annotations: [annotation({ annotation_level: 'error' })] },
      /must be equal to one of the allowed values/
    ],
    [
      'columns across lines',
      { title: 't', summary: 's', annotations: [annotation({ end_line: 4, start_column: 1, end_column: 2 })] },
      /only allowed on one line/
    ],
    [
      'an annotation title over 255 characters',
      { title: 't', summary: 's', annotations: [annotation({ title: 'y'.repeat(256) })] },
      /title is over 255 characters/
    ],
    [
      'an annotation past the end of its file',
      { title: 't', summary: 's', annotations: [annotation({ start_line: 31, end_line: 31 })] },
      /points at line 31 of ai\/readiness.yml, which has 30 lines/
    ],
    [
      'an annotation on a file not in the repository',
      { title: 't', summary: 's', annotations: [annotation({ path: 'nope.yml' })] },
      /nope\.yml is not a file in the repository/
    ]
  ])('rejects %s with 422', async (_what, output, why) => {
    const result = await create(output)
    expect(result.status).toBe(422)
    expect(result.rejections).toHaveLength(1)
    expect(result.rejections[0]).toMatch(why)
  })

  it('rejects a check run on a commit it does not know (such as a merge SHA it never saw)', async () => {
    const result = await create(undefined, { head_sha: 'd'.repeat(40) })
    expect(result.status).toBe(422)
    expect(result.rejections[0]).toBe(`POST /repos/acme/models/check-runs: No commit found for SHA: ${'d'.repeat(40)}`)
  })

  it('rejects a body missing a required field, and a completed run without a conclusion', async () => {
    expect((await send('POST', '/repos/acme/models/check-runs', { name: 'x' })).rejections[0]).toMatch(/must have required property 'head_sha'/)
    const { id } = JSON.parse((await create()).text) as { id: number }
    const update = await send('PATCH', `/repos/acme/models/check-runs/${id}`, { status: 'completed' })
    expect(update.status).toBe(422)
    expect(update.rejections[0]).toMatch(/must have required property 'conclusion'/)
    expect((await send('PATCH', '/repos/acme/models/check-runs/999999', { status: 'in_progress' })).status).toBe(404)
  })

  it('refuses bad credentials, unknown endpoints and out-of-range query parameters', async () => {
    expect((await send('GET', '/repos/acme/models/pulls/1/reviews', undefined, 'wrong')).status).toBe(401)
    expect((await send('DELETE', '/repos/acme/models')).rejections[0]).toMatch(/serves no DELETE/)
    const tooMany = await send('GET', '/repos/acme/models/pulls/1/reviews?per_page=101')
    expect(tooMany.status).toBe(422)
    expect((await send('GET', '/repos/acme/models/pulls/1/reviews?per_page=abc')).rejections[0]).toMatch(/per_page=abc: .*must be integer/)
    expect((await send('GET', '/repos/acme/models/pulls/1/reviews?colour=blue')).rejections[0]).toMatch(/unknown query parameter colour/)
    expect((await send('GET', '/repos/acme/models/pulls?state=merged')).rejections[0]).toMatch(/state=merged/)
  })

  it('paginates with Link headers', async () => {
    const first = await send('GET', '/repos/acme/models/pulls/1/reviews?per_page=2')
    expect(JSON.parse(first.text)).toHaveLength(2)
    expect(first.headers.get('link')).toBe(
      `<${standIn.url}/repos/acme/models/pulls/1/reviews?per_page=2&page=2>; rel="next", <${standIn.url}/repos/acme/models/pulls/1/reviews?per_page=2&page=3>; rel="last"`
    )
    const last = await send('GET', '/repos/acme/models/pulls/1/reviews?per_page=2&page=3')
    expect(JSON.parse(last.text)).toEqual([{ id: 4, state: 'COMMENTED' }])
  })

  it('plays scripted faults after the given number of good answers, the given number of times', async () => {
    standIn.fault({ operation: 'pulls/list-reviews', skip: 1, times: 2, status: 502 })
    const statuses: number[] = []
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await send('GET', '/repos/acme/models/pulls/1/reviews')).status)
    expect(statuses).toEqual([200, 502, 502, 200])
  })
})
