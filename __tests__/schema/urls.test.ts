// The schemas' URLs: each schema's $id is the URL the code and the docs name it by, and that URL is
// the file under schemas/ (raw, at the major version's tag); the manifest `init` writes names its
// schema there for editors, and still loads.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/main.js'
import { parseManifest } from '../../src/manifest/load.js'
import { SCHEMAS_URL, schemaUrl } from '../../src/report/links.js'
import pkg from '../../package.json' with { type: 'json' }

const ROOT = path.resolve(import.meta.dirname, '../..')
const SCHEMA_LINE = /^# yaml-language-server: \$schema=(\S+)$/m

function schemaFiles(dir = ''): string[] {
  return readdirSync(path.join(ROOT, 'schemas', dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = dir ? `${dir}/${entry.name}` : entry.name
    return entry.isDirectory() ? schemaFiles(rel) : rel.endsWith('.json') ? [rel] : []
  })
}

/** The file under schemas/ a URL names, when it is one of ours. */
function fileOf(url: string): string | undefined {
  return url.startsWith(SCHEMAS_URL) ? path.join(ROOT, 'schemas', url.slice(SCHEMAS_URL.length)) : undefined
}

describe('schema URLs', () => {
  it('are raw files of the repository at the major version tag', () => {
    expect(SCHEMAS_URL).toBe(`https://raw.githubusercontent.com/readiness-gate/readiness-gate/v${pkg.version.split('.')[0]}/schemas/`)
  })

  it.each(schemaFiles())('schemas/%s carries its own URL as $id', (file) => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', file), 'utf8')) as { $id?: string }
    expect(schema.$id).toBe(schemaUrl(file))
  })

  it('init writes a manifest whose first line names its schema for editors, and the manifest still loads', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rg-schema-line-'))
    try {
      const run = await runCli(['init', '--stage', 'production', '--system', 'bot', dir], {
        cwd: dir,
        stdout: () => {},
        stderr: () => {},
        color: false,
        now: new Date('2026-12-01T12:00:00Z')
      })
      expect(run).toBe(0)
      const text = await readFile(path.join(dir, 'readiness.yml'), 'utf8')
      const url = SCHEMA_LINE.exec(text.split('\n')[0]!)?.[1]
      expect(url).toBe(schemaUrl('manifest.schema.json'))
      const file = fileOf(url!)!
      expect((JSON.parse(readFileSync(file, 'utf8')) as { $id: string }).$id).toBe(url)
      // The comment is no key: the manifest parses to the same system and stage, and its empty values
      // are what check reports (no parse error).
      const loaded = parseManifest(dir, 'readiness.yml', text)
      expect(loaded.problems.filter((problem) => problem.rule === 'manifest.parse')).toEqual([])
      expect(loaded).toMatchObject({ name: 'bot', stage: 'production', data: { system: 'bot', stage: 'production' } })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it.each(['docs/manifest.md', 'docs/policy.md', 'docs/signoffs.md', '.github/readiness-policy.yml'])(
    'the schema lines in %s name files under schemas/',
    async (doc) => {
      const text = await readFile(path.join(ROOT, doc), 'utf8')
      const urls = [...text.matchAll(new RegExp(SCHEMA_LINE.source, 'gm'))].map((match) => match[1]!)
      expect(urls.length).toBeGreaterThan(0)
      for (const url of urls) expect((JSON.parse(readFileSync(fileOf(url)!, 'utf8')) as { $id: string }).$id).toBe(url)
    }
  )
})
