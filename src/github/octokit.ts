// The GitHub client behind src/github/client.ts: the Octokit that @actions/github's getOctokit builds
// (@octokit/core with the REST methods and pagination, a `token` authorization, the runner's
// orchestration id in the user agent) plus retries and throttling: getOctokit alone does not retry,
// and a gate that flakes on a 502 or a secondary rate limit would block merges for no reason.
// Loaded on the first request only (a chunk of its own in dist/).
//
// It is composed here rather than imported from @actions/github because importing @actions/github
// runs its proxy set-up at load, proxy or not: @actions/http-client, tunnel and a bundled undici, about
// 1 MB of code and 25–35 ms of CPU on every publishing run (docs/performance.md, round seven). The
// requests go through Node's own fetch; only when HTTPS_PROXY / HTTP_PROXY applies to the API URL
// (NO_PROXY and loopback addresses excepted, as @actions/http-client decides) is the proxy transport
// loaded: @actions/github's own recipe, in src/github/proxy.ts.
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import type { ClientOptions } from './client.js'

const DEFAULTS = {
  requestTimeoutMs: 30_000,
  retries: 3,
  rateLimitRetries: 2,
  maxRetryAfterSeconds: 120,
  retryAfterBaseValue: 1000
}

/** What @actions/github's `GitHub` class is: Octokit with the REST methods and pagination. */
const GitHub = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling)

export type Client = InstanceType<typeof GitHub>

export function createOctokit(options: ClientOptions): Client {
  const settings = { ...DEFAULTS, ...options }
  const log = settings.log ?? (() => undefined)
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < settings.rateLimitRetries && retryAfter <= settings.maxRetryAfterSeconds
      log(
        `GitHub ${kind} on ${request.method} ${request.url}: ` +
          (retrying ? `retrying after ${retryAfter} s.` : `giving up (retry-after ${retryAfter} s, attempt ${retryCount + 1}).`)
      )
      return retrying
    }
  const baseUrl = settings.baseUrl.replace(/\/+$/, '')
  const userAgent = orchestrationUserAgent(process.env.ACTIONS_ORCHESTRATION_ID)
  return new GitHub({
    auth: `token ${settings.token}`,
    ...(userAgent ? { userAgent } : {}),
    baseUrl,
    request: { fetch: withTimeout(transport(baseUrl), settings.requestTimeoutMs) },
    // 403 and 429 are left to the throttling plugin, which honours retry-after; the rest are final answers.
    retry: { retries: settings.retries, retryAfterBaseValue: settings.retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      retryAfterBaseValue: settings.retryAfterBaseValue,
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit')
    },
    log: { debug: () => undefined, info: () => undefined, warn: log, error: log }
  })
}

type Fetch = typeof globalThis.fetch

/** Node's fetch, or through the proxy the environment names for this API URL (loaded on the first request). */
function transport(baseUrl: string): Fetch {
  if (!getProxyUrl(new URL(baseUrl))) return (input, init) => globalThis.fetch(input, init)
  let proxied: Promise<Fetch> | undefined
  return async (input, init) => (await (proxied ??= import('./proxy.js').then(({ proxyFetch }) => proxyFetch(baseUrl))))(input, init)
}

/** Each attempt gets its own deadline, so a hung connection costs one timeout, not the job's. */
function withTimeout(fetch: Fetch, timeoutMs: number): Fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    return fetch(input, { ...init, signal })
  }
}

/** The tag @actions/github's getOctokit puts in the user agent on a runner that sets ACTIONS_ORCHESTRATION_ID. */
export function orchestrationUserAgent(orchestrationId: string | undefined): string | undefined {
  const id = orchestrationId?.trim()
  return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined
}
