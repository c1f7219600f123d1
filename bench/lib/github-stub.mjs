// A minimal stand-in for the GitHub REST endpoints the action calls on a push to the default branch
// (creating and updating a check run), on 127.0.0.1. It counts requests and annotations and notes
// whether the last one completed the run; it does not
// judge request bodies as __tests__/support/github-server.ts does (that file is TypeScript, and the
// bench runs on plain Node), but it refuses what GitHub refuses: more than 50 annotations per request.
import http from 'node:http'

export async function startGitHubStub() {
  const requests = []
  let nextId = 1000
  const server = http.createServer((request, response) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        body = undefined
      }
      const url = new URL(request.url, 'http://127.0.0.1')
      const annotations = body?.output?.annotations?.length ?? 0
      requests.push({ method: request.method, path: url.pathname, annotations, status: body?.status, conclusion: body?.conclusion, atMs: performance.now() })
      const answer = (status, json) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        response.end(JSON.stringify(json))
      }
      if (annotations > 50) return answer(422, { message: 'Only 50 annotations are allowed per request' })
      const create = /^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(url.pathname) && request.method === 'POST'
      const update = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(url.pathname)
      if (create) {
        const id = nextId++
        return answer(201, { id, html_url: `https://github.com/owner/repo/runs/${id}`, status: body?.status ?? 'queued', name: body?.name })
      }
      if (update && request.method === 'PATCH') {
        return answer(200, {
          id: Number(update[1]),
          html_url: `https://github.com/owner/repo/runs/${update[1]}`,
          status: body?.status ?? 'in_progress',
          conclusion: body?.conclusion ?? null
        })
      }
      return answer(404, { message: 'Not Found' })
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Requests since `from` (an index into requests), summarised. */
    tally(from = 0) {
      const list = requests.slice(from)
      return {
        total: list.length,
        creates: list.filter((r) => r.method === 'POST').length,
        updates: list.filter((r) => r.method === 'PATCH').length,
        annotations: list.reduce((sum, r) => sum + r.annotations, 0),
        /** Whether the last write completed the check run with a conclusion. */
        completed: list.length > 0 && list.at(-1).status === 'completed' && typeof list.at(-1).conclusion === 'string',
        unexpected: list.filter((r) => !/\/check-runs(\/\d+)?$/.test(r.path)).map((r) => `${r.method} ${r.path}`),
        /** From the first request's arrival to the last's. */
        spanMs: list.length > 1 ? list.at(-1).atMs - list[0].atMs : 0
      }
    },
    close: () => new Promise((resolve) => server.close(resolve))
  }
}
