// The one GitHub client: @actions/github's Octokit plus retries. getOctokit alone does not retry, and a
// gate that flakes on a 502 or a secondary rate limit would block merges for no reason.
import { getOctokit } from '@actions/github'
import { defaults } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type GitHubClient = ReturnType<typeof getOctokit>

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
}

const DEFAULTS = {
  requestTimeoutMs: 30_000,
  retries: 3,
  rateLimitRetries: 2,
  maxRetryAfterSeconds: 120,
  retryAfterBaseValue: 1000
}

export function createClient(options: ClientOptions): GitHubClient {
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
      request: { ...defaults.request, fetch: withTimeout(defaults.request?.fetch ?? globalThis.fetch, settings.requestTimeoutMs) },
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
