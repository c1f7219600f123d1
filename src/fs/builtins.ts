// Node's stream and zlib modules, required on first use. Most runs read every file in one synchronous
// call and never touch them, and loading them at start cost 45-50 M instructions (about 6 ms) of every
// `check` (docs/performance.md, round ten): they are needed for a large or gzip file, an XML JTL, an
// Inspect `.eval` archive.
import nodeModule from 'node:module'
import type * as Stream from 'node:stream'
import type * as Zlib from 'node:zlib'

// Through the default export: webpack replaces a `createRequire(import.meta.url)` it sees with undefined.
const requireBuiltin = nodeModule.createRequire(import.meta.url)
let stream: typeof Stream | undefined
let zlib: typeof Zlib | undefined

export const streamModule = (): typeof Stream => (stream ??= requireBuiltin('node:stream') as typeof Stream)
export const zlibModule = (): typeof Zlib => (zlib ??= requireBuiltin('node:zlib') as typeof Zlib)
