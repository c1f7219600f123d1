export const id = 790;
export const ids = [790];
export const modules = {

/***/ 8790:
/***/ (function(__unused_webpack_module, __webpack_exports__, __webpack_require__){

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitObjectReader: () => (/* binding */ GitObjectReader)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
// Objects of a git repository read through ONE `git cat-file --batch` process, started on the first
// read and kept for the run: each `git` started costs 5-10 ms of CPU (a fork of this process, then
// git's own start), and a run reads a commit, its policy, its sign-offs and its file listing. Any
// read this process cannot answer rejects, and callers fall back to a `git` of its own.

/** `<oid> <type> <size>`, as --batch heads a found object. */
const FOUND = /^([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) (\d+)$/;
/** A name --batch reads as more than one line, or cuts short. */
const UNSENDABLE = /[\n\r\0]/;
class GitObjectReader {
    repo;
    child;
    broken;
    pending = [];
    /** Bytes of a header line not yet complete. */
    header = Buffer.alloc(0);
    /** The object whose bytes are arriving, with how many are still to come (its content, then a line feed). */
    body;
    constructor(repo) {
        this.repo = repo;
    }
    /**
     * The object `name` (e.g. `<sha>:<path>`, `<sha>^{commit}`) resolves to; null when git says it is
     * missing or ambiguous. Content larger than maxBytes is skipped, not held. Rejects when the name
     * cannot be sent in a line, or when the process fails: the caller asks git another way.
     */
    read(name, maxBytes = Number.POSITIVE_INFINITY) {
        if (UNSENDABLE.test(name))
            return Promise.reject(new Error(`a git object name with a line break or NUL cannot be read in a batch: ${JSON.stringify(name)}`));
        if (this.broken)
            return Promise.reject(this.broken);
        const child = this.child ?? this.start();
        return new Promise((resolve, reject) => {
            this.pending.push({ maxBytes, resolve, reject });
            // Held open only while an answer is awaited: an idle reader never keeps the process alive.
            if (this.pending.length === 1)
                this.output().ref();
            child.stdin.write(`${name}\n`);
        });
    }
    /**
     * Every path under a tree-ish as `git ls-tree -r --name-only` lists it: files, symbolic links and
     * submodules, folders walked in place, in the tree's order. Rejects when the tree cannot be read.
     */
    async listFiles(treeish) {
        const root = await this.read(`${treeish}^{tree}`);
        if (!root?.content || root.type !== 'tree')
            throw new Error(`${treeish} is not a tree-ish git can read`);
        const oidBytes = root.oid.length / 2;
        const walk = async (content, prefix) => {
            // A file's path, or the index of a folder's walk in `folders`.
            const entries = [];
            const folders = [];
            let at = 0;
            while (at < content.length) {
                const space = content.indexOf(0x20, at);
                const nul = content.indexOf(0, space + 1);
                if (space < 0 || nul < 0 || nul + 1 + oidBytes > content.length)
                    throw new Error('a tree object git returned could not be read');
                const mode = content.toString('latin1', at, space);
                const path = Buffer.concat([prefix, content.subarray(space + 1, nul)]);
                const oid = content.toString('hex', nul + 1, nul + 1 + oidBytes);
                at = nul + 1 + oidBytes;
                if (mode === '40000') {
                    // Subtrees of one tree are requested together: the process answers them in order.
                    entries.push(folders.length);
                    folders.push(this.read(oid).then((tree) => {
                        if (!tree?.content || tree.type !== 'tree')
                            throw new Error(`tree ${oid} could not be read`);
                        return walk(tree.content, Buffer.concat([path, Buffer.from('/')]));
                    }));
                }
                else
                    entries.push(path);
            }
            const walked = await Promise.all(folders);
            const paths = [];
            for (const entry of entries) {
                // Not push(...folder): a folder of many files would overflow the stack as arguments.
                if (typeof entry === 'number')
                    for (const path of walked[entry])
                        paths.push(path);
                else
                    paths.push(entry);
            }
            return paths;
        };
        return (await walk(root.content, Buffer.alloc(0))).map((path) => path.toString('utf8'));
    }
    start() {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', ['-C', this.repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'ignore'] });
        this.child = child;
        child.unref();
        this.output().unref();
        child.on('error', (error) => this.fail(error));
        child.on('exit', (code, signal) => this.fail(new Error(`git cat-file --batch exited (${signal ?? code})`)));
        child.stdin.on('error', (error) => this.fail(error));
        child.stdout.on('data', (chunk) => this.receive(chunk));
        return child;
    }
    /** The process's stdout, a pipe: while it is referenced, Node waits for it. */
    output() {
        return this.child.stdout;
    }
    receive(chunk) {
        let at = 0;
        while (at < chunk.length && !this.broken) {
            if (this.body) {
                const { request, object } = this.body;
                const take = Math.min(this.body.remaining, chunk.length - at);
                if (object.content) {
                    // The object's bytes go in; the line feed after them does not.
                    const copy = Math.min(take, object.content.length - this.body.filled);
                    if (copy > 0)
                        chunk.copy(object.content, this.body.filled, at, at + copy);
                    this.body.filled += Math.max(copy, 0);
                }
                this.body.remaining -= take;
                at += take;
                if (this.body.remaining === 0) {
                    this.body = undefined;
                    this.settle(request, object);
                }
                continue;
            }
            const lineFeed = chunk.indexOf(0x0a, at);
            if (lineFeed < 0) {
                this.header = Buffer.concat([this.header, chunk.subarray(at)]);
                return;
            }
            const line = Buffer.concat([this.header, chunk.subarray(at, lineFeed)]).toString('utf8');
            this.header = Buffer.alloc(0);
            at = lineFeed + 1;
            const request = this.pending[0];
            if (!request)
                return this.fail(new Error(`git cat-file --batch answered what was not asked: ${line}`));
            const found = FOUND.exec(line);
            if (found) {
                const size = Number(found[3]);
                const object = { oid: found[1], type: found[2], size, content: size <= request.maxBytes ? Buffer.allocUnsafe(size) : undefined };
                this.body = { request, object, filled: 0, remaining: size + 1 };
            }
            else if (line.endsWith(' missing') || line.endsWith(' ambiguous')) {
                this.settle(request, null);
            }
            else {
                return this.fail(new Error(`git cat-file --batch answered: ${line}`));
            }
        }
    }
    settle(request, object) {
        this.pending.shift();
        if (this.pending.length === 0)
            this.output().unref();
        request.resolve(object);
    }
    fail(error) {
        this.broken ??= error;
        this.child?.kill();
        for (const request of this.pending.splice(0))
            request.reject(this.broken);
    }
}


/***/ })

};
