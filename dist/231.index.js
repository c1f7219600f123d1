export const id = 231;
export const ids = [231];
export const modules = {

/***/ 8231:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__){

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   proxyFetch: () => (/* binding */ proxyFetch)
/* harmony export */ });
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2779);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6752);
// The GitHub client's transport when HTTPS_PROXY / HTTP_PROXY applies to the API URL: @actions/github's
// own recipe (its getProxyFetch): @actions/http-client picks the proxy (with its credentials) and
// builds undici's ProxyAgent, and undici's fetch sends each request through it. A chunk of its own in
// dist/, loaded only then: it is most of an HTTP stack (src/github/octokit.ts says what it cost).


function proxyFetch(baseUrl) {
    const dispatcher = new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq().getAgentDispatcher(baseUrl);
    return (input, init) => (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .fetch */ .hd)(input, { ...init, dispatcher });
}


/***/ })

};
