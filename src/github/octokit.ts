// The GitHub client behind src/github/client.ts: @actions/github's Octokit plus retries. getOctokit
// alone does not retry, and a gate that flakes on a 502 or a secondary rate limit would block merges for
// no reason. Loaded on the first request only (a chunk of its own in dist/): it brings an HTTP stack.
import { getOctokit } from '@actions/github'
import { defaults } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { ClientOptions, GitHubClient } from './client.js'

const DEFAULTS = {
  requestTimeoutMs: 30_000,
  retries: 3,
  rateLimitRetries: 2,
  maxRetryAfterSeconds: 120,
  retryAfterBaseValue: 1000
}

export function createOctokit(options: ClientOptions): GitHubClient {
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
  return getOctokit(
    settings.token,
    {
      baseUrl: settings.baseUrl.replace(/\/+$/, ''),
      request: { ...defaults.request, fetch: withTimeout((defaults.request?.fetch as Fetch | undefined) ?? globalThis.fetch, settings.requestTimeoutMs) },
      // 403 and 429 are left to the throttling plugin, which honours retry-after; the rest are final answers.
      retry: { retries: settings.retries, retryAfterBaseValue: settings.retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: {
        retryAfterBaseValue: settings.retryAfterBaseValue,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit')
      },
      log: { debug: () => undefined, info: () => undefined, warn: log, error: log }
    },
    retry,
    throttling
  )
}

type Fetch = typeof globalThis.fetch

/** Each attempt gets its own deadline, so a hung connection costs one timeout, not the job's. */
function withTimeout(fetch: Fetch, timeoutMs: number): Fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    return fetch(input, { ...init, signal })
  }
}
