// The GitHub client's transport when HTTPS_PROXY / HTTP_PROXY applies to the API URL: @actions/github's
// own recipe (its getProxyFetch): @actions/http-client picks the proxy (with its credentials) and
// builds undici's ProxyAgent, and undici's fetch sends each request through it. A chunk of its own in
// dist/, loaded only then: it is most of an HTTP stack (src/github/octokit.ts says what it cost).
import { HttpClient } from '@actions/http-client'
import { fetch as undiciFetch } from 'undici'

type Fetch = typeof globalThis.fetch

export function proxyFetch(baseUrl: string): Fetch {
  const dispatcher = new HttpClient().getAgentDispatcher(baseUrl)
  return (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) => undiciFetch(input, { ...init, dispatcher })
}
