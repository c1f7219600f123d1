// Bundles the two entry points with ncc into dist/index.js (the action) and dist/cli.js (the CLI).
// ncc's programmatic API is used so both land in the same dist/ folder. A dynamic import() of the
// gate's own code becomes a chunk file next to the entry (`<id>.index.js`), loaded when the import
// runs: the action's GitHub client is one (src/github/client.ts). Chunk names of the two entries must
// not collide: the build fails if they do.
import { createRequire } from 'node:module'
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { eagerFactories } from './eager-factories.mjs'
import { FULL_FILE, FULL_REQUEST, writeValidators } from './generate-validators.mjs'

const require = createRequire(import.meta.url)
const ncc = require('@vercel/ncc')
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const out = path.join(root, 'dist')

// The yaml package is a file of its own, dist/yaml.cjs, required from src/yaml/yaml-package.cjs as
// './yaml.cjs' on the first YAML the plain block reader gives up on: a run that never needs it does not
// scan its code at start (docs/performance.md).
const YAML_SOURCE = 'src/yaml/yaml.cjs'
const YAML_REQUEST = `./${path.basename(YAML_SOURCE)}`

const entries = [
  { src: 'src/action.ts', dest: 'index.js' },
  { src: 'src/cli.ts', dest: 'cli.js', bin: true, chunkSuffix: '.cli.js' }
]

// The JSON Schema validators are compiled ahead of time, then bundled like any other module.
await writeValidators()
await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
const written = new Map()

/**
 * The code with every non-ASCII character written as a \u escape. V8 holds a source with any such
 * character as two-byte text and scans it as such; ASCII source is half the bytes to scan. The escape
 * means the same character in a string, template, regular expression or identifier; not after a
 * backslash, nor in a template whose raw text is read, so the build refuses those.
 */
function asciiOnly(code, file) {
  if (/\.raw\b/.test(code)) throw new Error(`${file}: reads a template's raw text (String.raw?); escaping its non-ASCII characters would change it`)
  return code.replace(/[^\x00-\x7f]/g, (character, offset) => {
    if (code[offset - 1] === '\\') throw new Error(`${file}: a non-ASCII character after a backslash at offset ${offset}`)
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
}
for (const entry of entries) {
  const { code, assets } = await ncc(path.join(root, entry.src), {
    minify: true,
    target: 'es2022',
    quiet: true,
    sourceMap: false,
    license: 'licenses.txt',
    // The full validators and the yaml package stay files of their own, required (from dist/) on first use.
    externals: [FULL_REQUEST, YAML_REQUEST]
  })
  for (const [request, file] of [
    [FULL_REQUEST, FULL_FILE],
    [YAML_REQUEST, YAML_SOURCE]
  ]) {
    if (!code.includes(`(${JSON.stringify(request)})`)) throw new Error(`${entry.dest}: ${request} was not left as a require of dist/${path.basename(file)}`)
  }
  // The CLI's chunks are named <id>.cli.js: the action's and the CLI's lazily loaded code (the GitHub
  // client is in both) must not share a file name unless they share the bytes.
  const chunkSuffix = entry.chunkSuffix ?? '.index.js'
  let main = code
  if (entry.chunkSuffix) {
    const loader = '+".index.js"'
    if (main.split(loader).length !== 2) throw new Error(`${entry.dest}: ncc's chunk loader (${loader}) not found exactly once; cannot rename its chunks`)
    main = main.replace(loader, `+"${entry.chunkSuffix}"`)
  }
  for (const [name, asset] of Object.entries(assets)) {
    if (name === 'package.json') continue
    // Licenses of both bundles are the same set of dependencies; keep one file per entry.
    const target = name === 'licenses.txt' ? `${path.parse(entry.dest).name}.licenses.txt` : name.replace(/\.index\.js$/, chunkSuffix)
    if (written.has(target) && written.get(target) !== entry.dest) throw new Error(`dist/${target} is emitted by both ${written.get(target)} and ${entry.dest}`)
    written.set(target, entry.dest)
    await mkdir(path.dirname(path.join(out, target)), { recursive: true })
    await writeFile(path.join(out, target), target.endsWith('.js') ? asciiOnly(eagerFactories(String(asset.source), target).code, target) : asset.source)
  }
  // Module factories as `(function...)`, compiled while V8 scans the bundle (scripts/eager-factories.mjs).
  main = eagerFactories(main, entry.dest).code
  const body = entry.bin && !main.startsWith('#!') ? `#!/usr/bin/env node\n${main}` : main
  await writeFile(path.join(out, entry.dest), asciiOnly(body, entry.dest))
  if (entry.bin) await chmod(path.join(out, entry.dest), 0o755)
}
await copyFile(path.join(root, FULL_FILE), path.join(out, path.basename(FULL_FILE)))
{
  // The yaml package alone, CommonJS; its license joins each entry's licenses file, as when it was inlined.
  const { code, assets } = await ncc(path.join(root, YAML_SOURCE), { minify: true, target: 'es2022', quiet: true, sourceMap: false, license: 'licenses.txt' })
  if (/\bimport\.meta\b|^import /m.test(code)) throw new Error(`${YAML_SOURCE}: ncc did not emit CommonJS`)
  await writeFile(path.join(out, path.basename(YAML_SOURCE)), asciiOnly(code, path.basename(YAML_SOURCE)))
  const licenses = String(assets['licenses.txt']?.source ?? '')
  if (!licenses.includes('yaml')) throw new Error(`${YAML_SOURCE}: ncc wrote no license for the yaml package`)
  for (const entry of entries) {
    const file = path.join(out, `${path.parse(entry.dest).name}.licenses.txt`)
    await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}\n\n${licenses.trim()}\n`)
  }
}
await writeFile(path.join(out, 'package.json'), '{ "type": "module" }\n')
console.log(`built ${entries.map((e) => 'dist/' + e.dest).join(', ')}`)
