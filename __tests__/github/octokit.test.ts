import { afterEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { createClient } from '../../src/github/client.js'
import { GitHubStandIn, type RecordedRequest } from '../support/github-server.js'
import { HttpProxy } from '../support/http-proxy.js'

const OWNER = 'acme'
const REPO = 'models'
const HEAD = 'a'.repeat(40)
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ACTIONS_ORCHESTRATION_ID'] as const

const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]))
const running: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  await Promise.all(running.splice(0).map((server) => server.close()))
})

async function standIn(): Promise<GitHubStandIn> {
  const server = await GitHubStandIn.start({ owner: OWNER, repo: REPO, commits: [HEAD], pulls: [] })
  running.push(server)
  return server
}

async function proxyTo(server: GitHubStandIn): Promise<HttpProxy> {
  const proxy = await HttpProxy.start(Number(new URL(server.url).port))
  running.push(proxy)
  return proxy
}

type Client = Pick<ReturnType<typeof getOctokit>, 'rest' | 'paginate'>

/** A check run created completed, and a paginated list: a write and a read, as the gate sends them. */
async function exercise(client: Client) {
  const created = await client.rest.checks.create({
    owner: OWNER,
    repo: REPO,
    name: 'readiness-gate',
    head_sha: HEAD,
    status: 'completed',
    conclusion: 'success',
    output: { title: '1 of 1 system ready', summary: 'All **ready**.' }
  })
  const pulls = await client.paginate(client.rest.pulls.list, { owner: OWNER, repo: REPO, state: 'all', per_page: 100 })
  return { id: created.data.id, pulls: pulls.length }
}

/** What GitHub sees of a request: everything Octokit decides (the transport adds its own connection headers). */
function asSent(request: RecordedRequest) {
  const { authorization, accept, 'content-type': contentType, 'user-agent': userAgent } = request.headers
  return { method: request.method, path: request.path, query: request.query, body: request.body, authorization, accept, contentType, userAgent }
}

describe('the GitHub client', () => {
  it("sends what @actions/github's getOctokit sends: the same requests, authorization and user agent", async () => {
    process.env.ACTIONS_ORCHESTRATION_ID = 'run 7/attempt:1'
    const ours = await standIn()
    const theirs = await standIn()
    const result = await exercise(createClient({ token: 'test-token', baseUrl: ours.url }))
    expect(result).toEqual(await exercise(getOctokit('test-token', { baseUrl: theirs.url })))
    expect(ours.rejections).toEqual([])
    expect(ours.requests.map((request) => request.operationId)).toEqual(['checks/create', 'pulls/list'])
    expect(ours.requests.map(asSent)).toEqual(theirs.requests.map(asSent))
    expect(ours.requests[0]!.headers['user-agent']).toMatch(/^actions_orchestration_id\/run_7_attempt_1 octokit-core\.js\//)
  })

  it('sends its requests through the proxy HTTP_PROXY names, with its credentials', async () => {
    const server = await standIn()
    const proxy = await proxyTo(server)
    // A host no resolver knows: only the proxy's tunnel reaches the stand-in.
    const apiUrl = `http://api.github.test:${new URL(server.url).port}`
    process.env.HTTP_PROXY = proxy.url.replace('http://', 'http://gate:p%40ss@')
    const result = await exercise(createClient({ token: 'test-token', baseUrl: apiUrl }))
    expect(result).toEqual({ id: expect.any(Number), pulls: 0 })
    expect(server.rejections).toEqual([])
    expect(server.requests.map((request) => request.operationId)).toEqual(['checks/create', 'pulls/list'])
    expect(proxy.tunnels.length).toBeGreaterThan(0)
    for (const tunnel of proxy.tunnels) {
      expect(tunnel).toEqual({
        target: `api.github.test:${new URL(server.url).port}`,
        proxyAuthorization: `Basic ${Buffer.from('gate:p@ss').toString('base64')}`
      })
    }
  })

  it('goes direct to a host NO_PROXY names', async () => {
    const server = await standIn()
    const proxy = await proxyTo(server)
    process.env.HTTP_PROXY = proxy.url
    process.env.NO_PROXY = 'example.com, .github.test'
    const client = createClient({ token: 'test-token', baseUrl: `http://api.github.test:${new URL(server.url).port}`, retries: 0 })
    // Direct, the made-up host does not resolve: the request fails (Octokit calls a network error a 500), and the proxy never saw it.
    await expect(exercise(client)).rejects.toMatchObject({ status: 500 })
    expect(proxy.tunnels).toEqual([])
    expect(server.requests).toEqual([])
  })

  it('goes direct to a loopback API URL whatever the proxy variables say', async () => {
    const server = await standIn()
    const proxy = await proxyTo(server)
    process.env.HTTP_PROXY = proxy.url
    process.env.HTTPS_PROXY = proxy.url
    expect(await exercise(createClient({ token: 'test-token', baseUrl: server.url }))).toEqual({ id: expect.any(Number), pulls: 0 })
    expect(proxy.tunnels).toEqual([])
  })
})
