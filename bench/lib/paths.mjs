// Where the bench reads from and writes to.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Generated repositories and files (gitignored); removed after each figure unless --keep. */
export const OUT = path.join(PROJECT, 'bench/out')
