export const id = 702;
export const ids = [702];
export const modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9083);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6856);
// The GitHub client behind src/github/client.ts: @actions/github's Octokit plus retries. getOctokit
// alone does not retry, and a gate that flakes on a 502 or a secondary rate limit would block merges for
// no reason. Loaded on the first request only (a chunk of its own in dist/): it brings an HTTP stack.




const DEFAULTS = {
    requestTimeoutMs: 30_000,
    retries: 3,
    rateLimitRetries: 2,
    maxRetryAfterSeconds: 120,
    retryAfterBaseValue: 1000
};
function createOctokit(options) {
    const settings = { ...DEFAULTS, ...options };
    const log = settings.log ?? (() => undefined);
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const retrying = retryCount < settings.rateLimitRetries && retryAfter <= settings.maxRetryAfterSeconds;
        log(`GitHub ${kind} on ${request.method} ${request.url}: ` +
            (retrying ? `retrying after ${retryAfter} s.` : `giving up (retry-after ${retryAfter} s, attempt ${retryCount + 1}).`));
        return retrying;
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(settings.token, {
        baseUrl: settings.baseUrl.replace(/\/+$/, ''),
        request: { ..._actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request, fetch: withTimeout(_actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request?.fetch ?? globalThis.fetch, settings.requestTimeoutMs) },
        // 403 and 429 are left to the throttling plugin, which honours retry-after; the rest are final answers.
        retry: { retries: settings.retries, retryAfterBaseValue: settings.retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        throttle: {
            retryAfterBaseValue: settings.retryAfterBaseValue,
            onRateLimit: onLimit('rate limit'),
            onSecondaryRateLimit: onLimit('secondary rate limit')
        },
        log: { debug: () => undefined, info: () => undefined, warn: log, error: log }
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__/* .throttling */ .A);
}
/** Each attempt gets its own deadline, so a hung connection costs one timeout, not the job's. */
function withTimeout(fetch, timeoutMs) {
    return (input, init) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        return fetch(input, { ...init, signal });
    };
}


/***/ })

};
