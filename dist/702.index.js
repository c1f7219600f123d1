export const id = 702;
export const ids = [702];
export const modules = {

/***/ 6702:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__){

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit),
/* harmony export */   orchestrationUserAgent: () => (/* binding */ orchestrationUserAgent)
/* harmony export */ });
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2012);
/* harmony import */ var _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3779);
/* harmony import */ var _octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9210);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6856);
/* harmony import */ var _actions_http_client_lib_proxy__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9783);
// The GitHub client behind src/github/client.ts: the Octokit that @actions/github's getOctokit builds
// (@octokit/core with the REST methods and pagination, a `token` authorization, the runner's
// orchestration id in the user agent) plus retries and throttling: getOctokit alone does not retry,
// and a gate that flakes on a 502 or a secondary rate limit would block merges for no reason.
// Loaded on the first request only (a chunk of its own in dist/).
//
// It is composed here rather than imported from @actions/github because importing @actions/github
// runs its proxy set-up at load, proxy or not: @actions/http-client, tunnel and a bundled undici, about
// 1 MB of code and 25\u201335 ms of CPU on every publishing run (docs/performance.md, round seven). The
// requests go through Node's own fetch; only when HTTPS_PROXY / HTTP_PROXY applies to the API URL
// (NO_PROXY and loopback addresses excepted, as @actions/http-client decides) is the proxy transport
// loaded: @actions/github's own recipe, in src/github/proxy.ts.






const DEFAULTS = {
    requestTimeoutMs: 30_000,
    retries: 3,
    rateLimitRetries: 2,
    maxRetryAfterSeconds: 120,
    retryAfterBaseValue: 1000
};
/** What @actions/github's `GitHub` class is: Octokit with the REST methods and pagination. */
const GitHub = _octokit_core__WEBPACK_IMPORTED_MODULE_1__/* .Octokit */ .E.plugin(_octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_2__/* .restEndpointMethods */ ._, _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_3__/* .paginateRest */ .ud, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__/* .throttling */ .A);
function createOctokit(options) {
    const settings = { ...DEFAULTS, ...options };
    const log = settings.log ?? (() => undefined);
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const retrying = retryCount < settings.rateLimitRetries && retryAfter <= settings.maxRetryAfterSeconds;
        log(`GitHub ${kind} on ${request.method} ${request.url}: ` +
            (retrying ? `retrying after ${retryAfter} s.` : `giving up (retry-after ${retryAfter} s, attempt ${retryCount + 1}).`));
        return retrying;
    };
    const baseUrl = settings.baseUrl.replace(/\/+$/, '');
    const userAgent = orchestrationUserAgent(process.env.ACTIONS_ORCHESTRATION_ID);
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
    });
}
/** Node's fetch, or through the proxy the environment names for this API URL (loaded on the first request). */
function transport(baseUrl) {
    if (!(0,_actions_http_client_lib_proxy__WEBPACK_IMPORTED_MODULE_0__/* .getProxyUrl */ .s)(new URL(baseUrl)))
        return (input, init) => globalThis.fetch(input, init);
    let proxied;
    return async (input, init) => (await (proxied ??= Promise.all(/* import() */[__webpack_require__.e(779), __webpack_require__.e(231)]).then(__webpack_require__.bind(__webpack_require__, 8231)).then(({ proxyFetch }) => proxyFetch(baseUrl))))(input, init);
}
/** Each attempt gets its own deadline, so a hung connection costs one timeout, not the job's. */
function withTimeout(fetch, timeoutMs) {
    return (input, init) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        return fetch(input, { ...init, signal });
    };
}
/** The tag @actions/github's getOctokit puts in the user agent on a runner that sets ACTIONS_ORCHESTRATION_ID. */
function orchestrationUserAgent(orchestrationId) {
    const id = orchestrationId?.trim();
    return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined;
}


/***/ })

};
