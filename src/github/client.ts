// The one GitHub client. What callers get at once is a stand-in with the client's shape (`rest.*`
// methods and `paginate`); the first request loads the real one (src/github/octokit.ts: Octokit, its
// plugins and its HTTP stack, a chunk of its own in dist/). A run that sends no request — mode
// evaluate on a push, where the trusted files come from the checkout — never loads it: loading it cost
// about as much as evaluating a one-system repository (docs/performance.md).
import type { Client } from './octokit.js'

export type GitHubClient = Client

export interface ClientOptions {
  token: string
  /** REST API root, from GITHUB_API_URL (github.com, GHES, or a local stand-in in tests). */
  baseUrl: string
  /** One HTTP attempt is aborted after this long; a timed-out attempt is retried like a 5xx. */
  requestTimeoutMs?: number
  /** Retries after a 5xx or a timeout (plugin-retry waits 1, 4, 9 s between them). */
  retries?: number
  /** Retries after a (secondary) rate limit, each waiting what `retry-after` says. */
  rateLimitRetries?: number
  /** A rate limit that asks to wait longer than this (seconds) is not waited for. */
  maxRetryAfterSeconds?: number
  /** Milliseconds per second of advised wait; tests shrink it to keep retries fast. */
  retryAfterBaseValue?: number
  /** Where the client's own diagnostics go (never the workflow-command channel). */
  log?: (message: string) => void
  /** Start loading the real client now, while the caller does other work (a run that will publish). */
  preload?: boolean
}

/** A stand-in method remembers which real one it stands for, so `paginate(client.rest.pulls.list, ...)` works. */
const ROUTE = Symbol('route')
type StandInMethod = ((params?: object) => Promise<unknown>) & { [ROUTE]: [string, string] }
type Method = (params?: object) => Promise<unknown>
type Loaded = {
  request: (route: string, params?: object) => Promise<unknown>
  rest: Record<string, Record<string, Method>>
  paginate: ((method: Method, params?: object) => Promise<unknown[]>) & { iterator(method: Method, params?: object): AsyncIterable<unknown> }
}

export function createClient(options: ClientOptions): GitHubClient {
  let loading: Promise<Loaded> | undefined
  const load = (): Promise<Loaded> => (loading ??= import('./octokit.js').then(({ createOctokit }) => createOctokit(options) as unknown as Loaded))
  // A load started early is awaited by the first request; a failure to load surfaces there, as a request error.
  if (options.preload) load().catch(() => undefined)
  const real = (client: Loaded, method: Method | StandInMethod): Method => {
    const route = (method as StandInMethod)[ROUTE]
    return route ? client.rest[route[0]]![route[1]]! : method
  }
  const namespaces = new Map<string, Record<string, StandInMethod>>()
  const rest = new Proxy(
    {},
    {
      get(_target, namespace) {
        if (typeof namespace !== 'string') return undefined
        let methods = namespaces.get(namespace)
        if (!methods) {
          const made: Record<string, StandInMethod> = {}
          methods = new Proxy(made, {
            get(_inner, name) {
              if (typeof name !== 'string') return undefined
              made[name] ??= Object.assign(async (params?: object) => (await load()).rest[namespace]![name]!(params), {
                [ROUTE]: [namespace, name] as [string, string]
              })
              return made[name]
            }
          })
          namespaces.set(namespace, methods)
        }
        return methods
      }
    }
  )
  const paginate = Object.assign(
    async (method: Method, params?: object) => {
      const client = await load()
      return client.paginate(real(client, method), params)
    },
    {
      iterator: (method: Method, params?: object): AsyncIterable<unknown> => ({
        async *[Symbol.asyncIterator]() {
          const client = await load()
          yield* client.paginate.iterator(real(client, method), params)
        }
      })
    }
  )
  // `request(route, params)`: the fleet view's conditional GETs, which need their own headers.
  const request = async (route: string, params?: object) => (await load()).request(route, params)
  // Only what the gate and the fleet call (`rest.*`, `paginate`, `request`) is stood in for: anything
  // else is undefined, and a call to it fails as a bug the run reports, never as a silent success.
  return { rest, paginate, request } as unknown as GitHubClient
}
