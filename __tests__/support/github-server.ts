// A local stand-in for GitHub's REST API (127.0.0.1, random port) for the endpoints the action uses,
// and, with `organization`, those the fleet view reads across many repositories (with ETags and 304s).
// It records every request and judges it as GitHub would: the JSON body against the operation's
// requestBody schema in GitHub's own OpenAPI description (@octokit/openapi), query parameters against
// theirs, and the documented limits the schema does not express (50 annotations per request, title
// ≤ 255 characters, summary/text ≤ 65,535 bytes, annotation lines). A rejected request answers 422
// like GitHub and is listed in `rejections`, which every test asserts empty. Faults can be scripted:
// a status with headers (403 fork, 502, secondary rate limit with retry-after), after N good answers,
// or a delay (timeout).
import { createHash } from 'node:crypto'
import http from 'node:http'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
type AddFormats = (ajv: Ajv) => Ajv
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

type Json = Record<string, unknown>

interface OpenApiParameter {
  name: string
  in: string
  required?: boolean
  schema?: Json
  $ref?: string
}

interface OpenApiOperation {
  operationId: string
  parameters?: OpenApiParameter[]
  requestBody?: { content?: Record<string, { schema?: Json }> }
}

interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>
  components: { parameters: Record<string, OpenApiParameter> }
}

let cachedSpec: OpenApiSpec | undefined

/** The contents API's object media type carries a file's content up to 1 MB. */
const CONTENTS_OBJECT_LIMIT = 1024 * 1024
/** GitHub's REST description (13 MB): parsed once per test file. */
export function openApiSpec(): OpenApiSpec {
  if (!cachedSpec) {
    const require = createRequire(import.meta.url)
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
    cachedSpec = JSON.parse(readFileSync(file, 'utf8')) as OpenApiSpec
  }
  return cachedSpec
}

/** The operations the action uses; anything else is an unexpected request. */
const SERVED: Array<[method: string, template: string]> = [
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/pulls'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/repos/{owner}/{repo}/git/trees/{tree_sha}'],
  // The fleet view, across an organization's repositories (StandInOptions.organization).
  ['get', '/orgs/{org}/repos'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['get', '/repos/{owner}/{repo}/rules/branches/{branch}'],
  ['get', '/repos/{owner}/{repo}/branches/{branch}'],
  ['get', '/repos/{owner}/{repo}/issues'],
  ['post', '/repos/{owner}/{repo}/issues'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}']
]

interface Route {
  method: string
  operationId: string
  pattern: RegExp
  names: string[]
  operation: OpenApiOperation
}

export interface RecordedRequest {
  method: string
  path: string
  operationId?: string
  params: Record<string, string>
  query: Record<string, string>
  headers: http.IncomingHttpHeaders
  body: unknown
  status: number
}

export interface Fault {
  /** OpenAPI operationId, e.g. 'checks/create', 'checks/update', 'pulls/list-reviews'. */
  operation: string
  /** Answer this status instead of handling the request; omit to only delay it. */
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** Let this many matching requests through first (e.g. 1 = fail the second annotation batch). */
  skip?: number
  /** Only requests to this repository (fleet tests: one repository of the organization). */
  repo?: string
  /** How many matching requests fail (default 1; Infinity for every one). */
  times?: number
  /** Wait this long before answering (a slow GitHub, to trigger client timeouts). */
  delayMs?: number
}

export interface CheckRunRecord {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  details_url?: string
  started_at?: string
  completed_at?: string
  output: { title?: string; summary?: string; text?: string }
  annotations: Json[]
  /** Annotations per request, in order. */
  batches: number[]
}

/** A check run as another run of the action left it, for the fleet to read back. */
export interface PublishedCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  completed_at?: string | null
  output: { title?: string | null; summary?: string | null; text?: string | null }
}

/** One repository of the organization the fleet view reads. */
export interface OrgRepo {
  name: string
  defaultBranch?: string
  archived?: boolean
  /** The default branch's head commit. */
  headSha: string
  /** Every file path at the head (what the Git Trees API lists). */
  files: string[]
  /** Check runs on commits of this repository (the fleet reads those on the head). */
  checkRuns?: PublishedCheckRun[]
  /** Active rules for the default branch, shaped as GET /repos/{owner}/{repo}/rules/branches/{branch} answers. */
  rules?: Json[]
  /** Classic branch protection as GET /repos/{owner}/{repo}/branches/{branch} shows it; absent = unprotected. */
  protection?: Json
  /** How the token sees it: 404 (not found) or 403 (not accessible by integration). */
  hidden?: 403 | 404
  /** No commits: every read of its content answers 409. */
  empty?: boolean
}

export interface OrganizationFixture {
  login: string
  repos: OrgRepo[]
  /** Answers (other than 304) the token may have before the primary rate limit runs out; unlimited when absent. */
  rateLimit?: number
  /** Issues of the organization's own repository (options.owner/options.repo), for the fleet's issue. */
  issues?: Json[]
}

export interface StandInOptions {
  owner: string
  repo: string
  token?: string
  defaultBranch?: string
  /** SHAs GitHub knows; a check run on any other answers 422 "No commit found for SHA". */
  commits: string[]
  /** File content at a ref (SHA or branch): a string, null when absent there, undefined when the ref is unknown. */
  contents?: (ref: string, path: string) => string | null | undefined
  /** Every file path at a ref (SHA or branch); undefined when the ref is unknown. */
  tree?: (ref: string) => string[] | undefined
  /** Answer trees as GitHub does past its limits: truncated. */
  truncateTrees?: boolean
  /** Open and closed pull requests, shaped like the REST API's (e.g. from a webhook payload). */
  pulls?: Json[]
  reviews?: Record<number, Json[]>
  /**
   * Line count of a repository file at the head commit (undefined: no such file). When given, an
   * annotation on a missing file or past the last line is a rejection: GitHub would accept it, but
   * it would point at nothing.
   */
  repoLines?: (path: string) => number | undefined
  /** An organization of repositories, for the fleet view. */
  organization?: OrganizationFixture
}

export const FORK_FORBIDDEN: Pick<Fault, 'status' | 'body'> = {
  status: 403,
  body: {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
    status: '403'
  }
}

export function secondaryRateLimit(retryAfterSeconds: number): Pick<Fault, 'status' | 'body' | 'headers'> {
  return {
    status: 403,
    headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-remaining': '4000' },
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000.',
      documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: '403'
    }
  }
}

export const BAD_GATEWAY: Pick<Fault, 'status' | 'body'> = { status: 502, body: { message: 'Server Error' } }

const TITLE_MAX_CHARS = 255
const OUTPUT_TEXT_MAX_BYTES = 65_535
const ANNOTATION_FIELD_MAX_BYTES = 64 * 1024
const ANNOTATIONS_PER_REQUEST = 50
const PER_PAGE_MAX = 100

export class GitHubStandIn {
  readonly requests: RecordedRequest[] = []
  /** Requests GitHub would refuse, each with why. Every test expects this to stay empty. */
  readonly rejections: string[] = []
  readonly checkRuns: CheckRunRecord[] = []
  url = ''
  private readonly server: http.Server
  private readonly routes: Route[]
  private readonly faults: Array<Fault & { seen: number; fired: number }> = []
  private readonly bodyValidators = new Map<string, ValidateFunction>()
  private readonly ajv = new Ajv({ strict: false, allErrors: true })
  private readonly queryAjv = new Ajv({ strict: false, coerceTypes: true })
  private readonly token: string

  private constructor(private readonly options: StandInOptions) {
    addFormats(this.ajv)
    addFormats(this.queryAjv)
    this.token = options.token ?? 'test-token'
    const spec = openApiSpec()
    this.routes = SERVED.map(([method, template]) => {
      const operation = spec.paths[template]?.[method]
      if (!operation) throw new Error(`OpenAPI description has no ${method.toUpperCase()} ${template}`)
      const names: string[] = []
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_match, name: string) => {
        names.push(name)
        return name === 'path' ? '(.+)' : '([^/]+)'
      })
      return { method: method.toUpperCase(), operationId: operation.operationId, pattern: new RegExp(`^${source}$`), names, operation }
    })
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.rejections.push(`stand-in crashed on ${request.method} ${request.url}: ${String(error)}`)
        if (!response.headersSent) response.writeHead(500).end()
      })
    })
  }

  static async start(options: StandInOptions): Promise<GitHubStandIn> {
    const standIn = new GitHubStandIn(options)
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve))
    const { port } = standIn.server.address() as AddressInfo
    standIn.url = `http://127.0.0.1:${port}`
    return standIn
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  fault(fault: Fault): void {
    this.faults.push({ ...fault, seen: 0, fired: 0 })
  }

  /** Requests of one operation, e.g. 'checks/update'. */
  calls(operationId: string): RecordedRequest[] {
    return this.requests.filter((request) => request.operationId === operationId)
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url)
    const raw = await readBody(request)
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      params: {},
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: undefined,
      status: 0
    }
    this.requests.push(record)
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status
      if (typeof body === 'string') {
        response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body)
      } else {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(body === undefined ? '' : JSON.stringify(body))
      }
    }
    const reject = (status: number, why: string): void => {
      this.rejections.push(`${record.method} ${record.path}: ${why}`)
      answer(status, { message: why, documentation_url: 'https://docs.github.com/rest', status: String(status) })
    }

    const authorization = request.headers.authorization ?? ''
    if (authorization !== `token ${this.token}` && authorization !== `Bearer ${this.token}`) {
      return reject(401, 'Bad credentials')
    }
    const route = this.routes.find((candidate) => candidate.method === record.method && candidate.pattern.test(url.pathname))
    if (!route) return reject(404, `Not Found: the stand-in serves no ${record.method} ${url.pathname}`)
    record.operationId = route.operationId
    const match = route.pattern.exec(url.pathname)!
    route.names.forEach((name, index) => {
      record.params[name] = decodeURIComponent(match[index + 1] ?? '')
    })
    const org = this.options.organization
    const orgRepo = org && record.params.owner === org.login ? org.repos.find((candidate) => candidate.name === record.params.repo) : undefined
    const ownRepo = record.params.owner === this.options.owner && record.params.repo === this.options.repo
    if (route.operationId === 'repos/list-for-org') {
      if (!org || record.params.org !== org.login) return answer(404, { message: 'Not Found', status: '404' })
    } else if (!ownRepo && !orgRepo) {
      return reject(404, 'Not Found')
    }

    const queryProblem = this.checkQuery(route, record.query)
    if (queryProblem) return reject(422, queryProblem)
    if (raw.length > 0) {
      try {
        record.body = JSON.parse(raw)
      } catch {
        return reject(400, 'Problems parsing JSON')
      }
    }
    const bodyProblem = this.checkBody(route, record.body)
    if (bodyProblem) return reject(422, `Invalid request.\n\n${bodyProblem}`)

    const fault = this.faults.find(
      (candidate) =>
        candidate.operation === route.operationId &&
        (candidate.repo === undefined || candidate.repo === record.params.repo) &&
        candidate.fired < (candidate.times ?? 1) &&
        candidate.seen++ >= (candidate.skip ?? 0)
    )
    if (fault) {
      fault.fired++
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
      if (fault.status !== undefined) return answer(fault.status, fault.body ?? { message: 'scripted failure' }, fault.headers)
    }
    if (response.destroyed) return

    if (org && (orgRepo || route.operationId === 'repos/list-for-org' || route.operationId.startsWith('issues/'))) {
      return this.handleOrganization(org, orgRepo, route.operationId, record, request.headers, answer)
    }
    switch (route.operationId) {
      case 'checks/create':
        return this.createCheckRun(record, answer, reject)
      case 'checks/update':
        return this.updateCheckRun(record, answer, reject)
      case 'pulls/list-reviews':
        return this.paginated(record, this.options.reviews?.[Number(record.params.pull_number)] ?? [], answer)
      case 'pulls/list':
        return this.paginated(record, this.listPulls(record.query), answer)
      case 'pulls/get': {
        const pull = this.options.pulls?.find((candidate) => candidate.number === Number(record.params.pull_number))
        return pull ? answer(200, pull) : answer(404, { message: 'Not Found' })
      }
      case 'repos/get':
        return answer(200, {
          name: this.options.repo,
          full_name: `${this.options.owner}/${this.options.repo}`,
          owner: { login: this.options.owner },
          default_branch: this.options.defaultBranch ?? 'main'
        })
      case 'repos/get-content':
        return this.getContent(record, request.headers.accept ?? '', answer)
      case 'git/get-tree':
        return this.getTree(record, answer)
    }
  }

  private checkQuery(route: Route, query: Record<string, string>): string | undefined {
    const spec = openApiSpec()
    const declared = (route.operation.parameters ?? [])
      .map((parameter) => (parameter.$ref ? spec.components.parameters[parameter.$ref.split('/').pop()!] : parameter))
      .filter((parameter): parameter is OpenApiParameter => parameter?.in === 'query')
    for (const [name, value] of Object.entries(query)) {
      const parameter = declared.find((candidate) => candidate.name === name)
      if (!parameter) return `unknown query parameter ${name}`
      const holder = { value: value as unknown }
      const validate = this.queryAjv.compile({ type: 'object', properties: { value: parameter.schema ?? {} } })
      if (!validate(holder)) return `query parameter ${name}=${value}: ${this.queryAjv.errorsText(validate.errors)}`
      if ((name === 'per_page' && Number(value) > PER_PAGE_MAX) || (name === 'page' && Number(value) < 1)) {
        return `query parameter ${name}=${value} is out of range`
      }
    }
    for (const parameter of declared) {
      if (parameter.required && !(parameter.name in query)) return `missing query parameter ${parameter.name}`
    }
    return undefined
  }

  private checkBody(route: Route, body: unknown): string | undefined {
    const schema = route.operation.requestBody?.content?.['application/json']?.schema
    if (!schema) return body === undefined ? undefined : `${route.operationId} takes no body`
    if (body === undefined) return 'a JSON body is required'
    let validate = this.bodyValidators.get(route.operationId)
    if (!validate) {
      // Refs point into components; compile the body schema with the components beside it.
      validate = this.ajv.compile(withoutUntypedNullable({ ...schema, components: (openApiSpec() as unknown as Json).components }) as Json)
      this.bodyValidators.set(route.operationId, validate)
    }
    if (!validate(body)) return this.ajv.errorsText(validate.errors, { separator: '; ' })
    if (route.operationId === 'checks/create' || route.operationId === 'checks/update') return this.checkRunLimits(body as Json)
    return undefined
  }

  /** What GitHub documents for check runs beyond the schema. */
  private checkRunLimits(body: Json): string | undefined {
    if ('name' in body && (typeof body.name !== 'string' || body.name.trim() === '')) return 'name must not be empty'
    const output = body.output as Json | undefined
    if (!output) return undefined
    if (typeof output.title === 'string' && Array.from(output.title).length > TITLE_MAX_CHARS) {
      return `output.title is ${Array.from(output.title).length} characters; the maximum is ${TITLE_MAX_CHARS}`
    }
    for (const field of ['summary', 'text'] as const) {
      const value = output[field]
      if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > OUTPUT_TEXT_MAX_BYTES) {
        return `output.${field} is ${Buffer.byteLength(value, 'utf8')} bytes; the maximum is ${OUTPUT_TEXT_MAX_BYTES}`
      }
    }
    const annotations = (output.annotations ?? []) as Json[]
    if (annotations.length > ANNOTATIONS_PER_REQUEST) {
      return `No more than ${ANNOTATIONS_PER_REQUEST} items are allowed; ${annotations.length} were supplied.`
    }
    for (const [index, annotation] of annotations.entries()) {
      const where = `output.annotations[${index}]`
      const path = annotation.path as string
      const start = annotation.start_line as number
      const end = annotation.end_line as number
      if (path.trim() === '' || path.startsWith('/')) return `${where}.path must be a repository-relative path`
      if (start < 1) return `${where}.start_line must be at least 1`
      if (end < start) return `${where}.end_line is before start_line`
      if ((annotation.start_column !== undefined || annotation.end_column !== undefined) && start !== end) {
        return `${where}: start_column and end_column are only allowed on one line`
      }
      if (typeof annotation.title === 'string' && Array.from(annotation.title).length > TITLE_MAX_CHARS) {
        return `${where}.title is over ${TITLE_MAX_CHARS} characters`
      }
      for (const field of ['message', 'raw_details']) {
        const value = annotation[field]
        if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > ANNOTATION_FIELD_MAX_BYTES) {
          return `${where}.${field} is over 64 KB`
        }
      }
      if (this.options.repoLines) {
        const lines = this.options.repoLines(path)
        if (lines === undefined) return `${where}.path ${path} is not a file in the repository`
        if (end > lines) return `${where} points at line ${end} of ${path}, which has ${lines} lines`
      }
    }
    return undefined
  }

  private createCheckRun(record: RecordedRequest, answer: Answer, reject: Reject): void {
    const body = record.body as Json
    if (!this.options.commits.includes(body.head_sha as string)) {
      return reject(422, `No commit found for SHA: ${String(body.head_sha)}`)
    }
    const run: CheckRunRecord = {
      id: 4000 + this.checkRuns.length + 1,
      name: body.name as string,
      head_sha: body.head_sha as string,
      status: (body.conclusion ? 'completed' : (body.status as string | undefined)) ?? 'queued',
      conclusion: (body.conclusion as string | undefined) ?? null,
      details_url: body.details_url as string | undefined,
      started_at: body.started_at as string | undefined,
      // GitHub records when a run completed, now if the request does not say.
      ...(body.conclusion ? { completed_at: (body.completed_at as string | undefined) ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
      output: {},
      annotations: [],
      batches: []
    }
    this.checkRuns.push(run)
    this.applyOutput(run, body)
    answer(201, this.checkRunJson(run))
  }

  private updateCheckRun(record: RecordedRequest, answer: Answer, reject: Reject): void {
    const run = this.checkRuns.find((candidate) => candidate.id === Number(record.params.check_run_id))
    if (!run) return reject(404, 'Not Found')
    const body = record.body as Json
    if (body.conclusion) {
      run.conclusion = body.conclusion as string
      run.status = 'completed'
    } else if (body.status) {
      run.status = body.status as string
    }
    if (body.completed_at) run.completed_at = body.completed_at as string
    this.applyOutput(run, body)
    answer(200, this.checkRunJson(run))
  }

  private applyOutput(run: CheckRunRecord, body: Json): void {
    const output = body.output as Json | undefined
    if (!output) return
    for (const field of ['title', 'summary', 'text'] as const) {
      if (typeof output[field] === 'string') run.output[field] = output[field]
    }
    // Like GitHub: each update appends its annotations to those already there.
    const annotations = (output.annotations ?? []) as Json[]
    if (annotations.length > 0) {
      run.annotations.push(...annotations)
      run.batches.push(annotations.length)
    }
  }

  private checkRunJson(run: CheckRunRecord): Json {
    const base = `${this.url}/repos/${this.options.owner}/${this.options.repo}/check-runs/${run.id}`
    return {
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.head_sha,
      external_id: '',
      url: base,
      html_url: `https://github.com/${this.options.owner}/${this.options.repo}/runs/${run.id}`,
      details_url: run.details_url ?? null,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at ?? null,
      completed_at: run.completed_at ?? null,
      output: {
        title: run.output.title ?? null,
        summary: run.output.summary ?? null,
        text: run.output.text ?? null,
        annotations_count: run.annotations.length,
        annotations_url: `${base}/annotations`
      },
      name: run.name,
      check_suite: { id: 1 },
      app: null,
      pull_requests: []
    }
  }

  /** What the fleet view reads: the organization's listing, and each repository's check runs, tree and rules. */
  private handleOrganization(
    org: OrganizationFixture,
    repo: OrgRepo | undefined,
    operationId: string,
    record: RecordedRequest,
    headers: http.IncomingHttpHeaders,
    answer: Answer
  ): void {
    // The primary rate limit: every answer but a 304 spends one; when none are left, GitHub answers 403.
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    const spent = this.requests.filter((request) => request.status !== 304 && request.status !== 0 && request.status !== 403).length
    if (org.rateLimit !== undefined && spent >= org.rateLimit) {
      return answer(
        403,
        {
          message: `API rate limit exceeded for installation ID 1.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403'
        },
        { 'x-ratelimit-limit': String(org.rateLimit), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset, 'x-ratelimit-used': String(org.rateLimit) }
      )
    }
    // Conditional requests as GitHub answers them: the same body has the same ETag, and a match is a bodiless 304.
    const conditional = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      if (status !== 200 || record.method !== 'GET') return answer(status, body, extra)
      // Hashed without the stand-in's own address, which changes from one test server to the next.
      const etag = `W/"${createHash('sha1').update(JSON.stringify(body).replaceAll(this.url, '')).digest('hex')}"`
      if (headers['if-none-match'] === etag) return answer(304, undefined, { etag })
      answer(status, body, { ...extra, etag })
    }
    if (operationId === 'repos/list-for-org') {
      const listed = [...org.repos].sort((a, b) => a.name.localeCompare(b.name)).map((entry) => this.orgRepoJson(org, entry))
      return this.paginated(record, listed, conditional)
    }
    if (operationId.startsWith('issues/')) return this.handleIssues(org, operationId, record, conditional)
    if (!repo) return answer(404, { message: 'Not Found', status: '404' })
    if (repo.hidden === 404) return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' })
    if (repo.hidden === 403) {
      return answer(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' })
    }
    const branch = repo.defaultBranch ?? 'main'
    if (repo.empty && operationId !== 'repos/get-branch-rules') return answer(409, { message: 'Git Repository is empty.', status: '409' })
    const atHead = (ref: string): boolean => ref === branch || ref === repo.headSha
    switch (operationId) {
      case 'checks/list-for-ref': {
        if (!atHead(record.params.ref ?? '')) return answer(422, { message: `No commit found for SHA: ${record.params.ref}`, status: '422' })
        const runs = (repo.checkRuns ?? []).filter((run) => run.head_sha === repo.headSha && (!record.query.check_name || run.name === record.query.check_name))
        const perPage = Number(record.query.per_page ?? 30)
        return conditional(200, { total_count: runs.length, check_runs: runs.slice(0, perPage).map((run) => this.publishedCheckRunJson(org, repo, run)) })
      }
      case 'git/get-tree': {
        if (!atHead(record.params.tree_sha ?? '')) return answer(404, { message: 'Not Found', status: '404' })
        const listed = this.treeEntries(repo.files)
        return conditional(200, {
          sha: repo.headSha,
          url: `${this.url}/repos/${org.login}/${repo.name}/git/trees/${repo.headSha}`,
          tree: listed,
          truncated: false
        })
      }
      case 'repos/get-branch-rules':
        return conditional(200, record.params.branch === branch ? (repo.rules ?? []) : [])
      case 'repos/get-branch':
        if (record.params.branch !== branch) return answer(404, { message: 'Branch not found', status: '404' })
        return conditional(200, {
          name: branch,
          commit: { sha: repo.headSha, url: `${this.url}/repos/${org.login}/${repo.name}/commits/${repo.headSha}` },
          _links: {
            html: `https://github.com/${org.login}/${repo.name}/tree/${branch}`,
            self: `${this.url}/repos/${org.login}/${repo.name}/branches/${branch}`
          },
          protected: repo.protection !== undefined,
          ...(repo.protection
            ? { protection: repo.protection }
            : { protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } } }),
          protection_url: `${this.url}/repos/${org.login}/${repo.name}/branches/${branch}/protection`
        })
      default:
        return answer(404, { message: `Not Found: the stand-in serves no ${operationId} for an organization's repository`, status: '404' })
    }
  }

  private handleIssues(org: OrganizationFixture, operationId: string, record: RecordedRequest, answer: Answer): void {
    const issues = (org.issues ??= [])
    const body = record.body as Json | undefined
    switch (operationId) {
      case 'issues/list-for-repo': {
        const labels = record.query.labels?.split(',').filter(Boolean) ?? []
        const state = record.query.state ?? 'open'
        const matching = issues.filter(
          (issue) =>
            (state === 'all' || issue.state === state) &&
            labels.every((label) => ((issue.labels ?? []) as Json[]).some((candidate) => candidate.name === label))
        )
        return this.paginated(record, matching, answer)
      }
      case 'issues/create': {
        const number = issues.length + 1
        const issue = {
          id: 9000 + number,
          number,
          state: 'open',
          title: body?.title,
          body: body?.body ?? null,
          labels: ((body?.labels ?? []) as string[]).map((name) => ({ name })),
          html_url: `https://github.com/${this.options.owner}/${this.options.repo}/issues/${number}`
        }
        issues.push(issue)
        return answer(201, issue)
      }
      case 'issues/update': {
        const issue = issues.find((candidate) => candidate.number === Number(record.params.issue_number))
        if (!issue) return answer(404, { message: 'Not Found', status: '404' })
        if (typeof body?.title === 'string') issue.title = body.title
        if (typeof body?.body === 'string') issue.body = body.body
        return answer(200, issue)
      }
    }
  }

  private orgRepoJson(org: OrganizationFixture, repo: OrgRepo): Json {
    return {
      id: 100_000 + org.repos.indexOf(repo),
      name: repo.name,
      full_name: `${org.login}/${repo.name}`,
      owner: { login: org.login },
      private: false,
      html_url: `https://github.com/${org.login}/${repo.name}`,
      default_branch: repo.defaultBranch ?? 'main',
      archived: repo.archived === true
    }
  }

  private publishedCheckRunJson(org: OrganizationFixture, repo: OrgRepo, run: PublishedCheckRun): Json {
    return {
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.head_sha,
      url: `${this.url}/repos/${org.login}/${repo.name}/check-runs/${run.id}`,
      html_url: `https://github.com/${org.login}/${repo.name}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      completed_at: run.completed_at ?? null,
      output: { title: run.output.title ?? null, summary: run.output.summary ?? null, text: run.output.text ?? null, annotations_count: 0 },
      name: run.name,
      app: null,
      pull_requests: []
    }
  }

  /** A recursive listing, including every folder on the way, as GitHub's are. */
  private treeEntries(files: string[]): Json[] {
    const entries = new Map<string, Json>()
    for (const file of files) {
      const parts = file.split('/')
      for (let depth = 1; depth < parts.length; depth++) {
        const folder = parts.slice(0, depth).join('/')
        if (!entries.has(folder)) entries.set(folder, { path: folder, mode: '040000', type: 'tree', sha: '1'.repeat(40) })
      }
      entries.set(file, { path: file, mode: '100644', type: 'blob', sha: '2'.repeat(40), size: 1 })
    }
    return [...entries.values()]
  }

  private listPulls(query: Record<string, string>): Json[] {
    const state = query.state ?? 'open'
    return (this.options.pulls ?? []).filter((pull) => {
      if (state !== 'all' && pull.state !== state) return false
      const head = pull.head as Json
      if (query.head && head.label !== query.head) return false
      if (query.base && (pull.base as Json).ref !== query.base) return false
      return true
    })
  }

  private paginated(record: RecordedRequest, items: Json[], answer: Answer): void {
    const perPage = Number(record.query.per_page ?? 30)
    const page = Number(record.query.page ?? 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (target: number): string => {
      const next = new URL(record.path, this.url)
      for (const [key, value] of Object.entries(record.query)) next.searchParams.set(key, value)
      next.searchParams.set('page', String(target))
      return next.toString()
    }
    const links: string[] = []
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
    if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`)
    answer(200, items.slice((page - 1) * perPage, page * perPage), links.length > 0 ? { link: links.join(', ') } : {})
  }

  private getTree(record: RecordedRequest, answer: Answer): void {
    const files = this.options.tree?.(record.params.tree_sha ?? '')
    if (!files) return answer(404, { message: 'Not Found', status: '404' })
    const listed = this.treeEntries(files)
    answer(200, {
      sha: '3'.repeat(40),
      url: `${this.url}/repos/${this.options.owner}/${this.options.repo}/git/trees/${record.params.tree_sha}`,
      tree: this.options.truncateTrees ? listed.slice(0, 1) : listed,
      truncated: this.options.truncateTrees === true
    })
  }

  private getContent(record: RecordedRequest, accept: string, answer: Answer): void {
    const ref = record.query.ref ?? this.options.defaultBranch ?? 'main'
    const path = record.params.path ?? ''
    const content = this.options.contents?.(ref, path)
    if (content === undefined) return answer(404, { message: `No commit found for the ref ${ref}`, status: '404' })
    if (content === null) return answer(404, { message: 'Not Found', status: '404' })
    if (/\.raw\b/.test(accept)) return answer(200, content)
    const size = Buffer.byteLength(content, 'utf8')
    // Between 1 and 100 MB GitHub answers the object media type with an empty content and encoding "none".
    const large = size > CONTENTS_OBJECT_LIMIT
    answer(200, {
      type: 'file',
      encoding: large ? 'none' : 'base64',
      size,
      name: path.split('/').pop(),
      path,
      content: large ? '' : Buffer.from(content, 'utf8').toString('base64'),
      sha: '0'.repeat(40)
    })
  }
}

/**
 * OpenAPI 3.0's `nullable: true` beside no `type` (e.g. an issue's title: string or integer) already
 * allows null; ajv refuses the keyword there, so it is dropped without changing what validates.
 */
function withoutUntypedNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutUntypedNullable)
  if (!schema || typeof schema !== 'object') return schema
  const copy: Json = {}
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === 'nullable' && !('type' in (schema as Json))) continue
    copy[key] = withoutUntypedNullable(value)
  }
  return copy
}

type Answer = (status: number, body: unknown, headers?: Record<string, string>) => void
type Reject = (status: number, why: string) => void

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}
