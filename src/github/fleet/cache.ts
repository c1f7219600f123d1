// Conditional requests for the fleet view: each GET remembers its ETag and what the fleet took from the
// answer, so the next run asks "changed since?" and an unchanged repository answers 304, which GitHub
// does not count against the rate limit. The cache is one JSON file the workflow keeps between runs
// (actions/cache in the documented workflow); a missing or unreadable file only means a full first run.
import { readFile, writeFile, mkdir, rename } from '../../fs/callback-fs.js'
import path from 'node:path'

interface Entry {
  etag: string
  value: unknown
}

interface CacheFile {
  format: 'readiness-gate/fleet-cache'
  version: 1
  entries: Record<string, Entry>
}

export class ConditionalCache {
  private readonly used = new Map<string, Entry>()

  private constructor(private readonly previous: Record<string, Entry>) {}

  static empty(): ConditionalCache {
    return new ConditionalCache({})
  }

  /** The cache at `file`; empty (with why, for the log) when there is none or it cannot be used. */
  static async load(file: string): Promise<{ cache: ConditionalCache; note?: string }> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      return { cache: ConditionalCache.empty(), note: `no cache at ${file} yet: every repository is read in full` }
    }
    try {
      const data = JSON.parse(text) as Partial<CacheFile>
      if (data.format !== 'readiness-gate/fleet-cache' || data.version !== 1 || typeof data.entries !== 'object' || data.entries === null) {
        return { cache: ConditionalCache.empty(), note: `the cache at ${file} is from another version: every repository is read in full` }
      }
      const entries: Record<string, Entry> = {}
      for (const [key, entry] of Object.entries(data.entries)) {
        if (entry && typeof entry.etag === 'string') entries[key] = entry
      }
      return { cache: new ConditionalCache(entries) }
    } catch {
      return { cache: ConditionalCache.empty(), note: `the cache at ${file} is not valid JSON: every repository is read in full` }
    }
  }

  etagOf(key: string): string | undefined {
    return this.previous[key]?.etag
  }

  /** The value stored with the ETag a 304 confirmed. */
  reuse(key: string): unknown {
    const entry = this.previous[key]
    if (entry) this.used.set(key, entry)
    return entry?.value
  }

  store(key: string, etag: string | undefined, value: unknown): void {
    if (etag) this.used.set(key, { etag, value })
  }

  /** Writes what this run used (entries of repositories gone since are dropped), atomically. */
  async save(file: string): Promise<void> {
    const data: CacheFile = { format: 'readiness-gate/fleet-cache', version: 1, entries: Object.fromEntries(this.used) }
    await mkdir(path.dirname(file), { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    await writeFile(temporary, JSON.stringify(data))
    await rename(temporary, file)
  }
}
