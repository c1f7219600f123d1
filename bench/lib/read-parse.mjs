// The irreducible part of evaluating a repository, as its own process: bare Node reading every file of
// the repository (outside .git) and decoding it as UTF-8, and JSON.parse-ing each .json file, with
// nothing judged. The scale figure runs it beside the gate on the same repository, in the same rounds,
// so what the gate adds over reading and parsing its evidence is measured, not estimated.
//
//   node bench/lib/read-parse.mjs REPO     prints the files, bytes and JSON documents it read
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const decoder = new TextDecoder('utf-8', { fatal: true })
let files = 0
let bytes = 0
let documents = 0
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full)
    else if (entry.isFile()) {
      const data = readFileSync(full)
      const text = decoder.decode(data)
      files++
      bytes += data.length
      if (entry.name.endsWith('.json')) {
        JSON.parse(text)
        documents++
      }
    }
  }
}
walk(path.resolve(process.argv[2] ?? '.'))
console.log(`${files} files, ${bytes} bytes, ${documents} JSON documents parsed`)
