// Where a reader of a message can look further: the documentation of the version that wrote it, on
// GitHub at its release tag (an installed package has no docs/ folder beside the user's repository).
import pkg from '../../package.json' with { type: 'json' }

export const REPOSITORY_URL = 'https://github.com/readiness-gate/readiness-gate'

/** The release tag of this version; the release workflow refuses a tag that does not name the package version. */
export const RELEASE_TAG = `v${pkg.version}`

/** A page of docs/ (with an optional `#anchor`), at this version's release tag: `docUrl('manifest.md')`. */
export function docUrl(page: string): string {
  return `${REPOSITORY_URL}/blob/${RELEASE_TAG}/docs/${page}`
}

/**
 * Where the JSON Schemas are served raw, at the moving major tag (v0): a manifest that names its schema
 * (`# yaml-language-server: $schema=...`) keeps one URL across the releases of a major version. Each
 * schema's `$id` is this URL (a test holds them equal).
 */
export const SCHEMAS_URL = `https://raw.githubusercontent.com/readiness-gate/readiness-gate/v${pkg.version.split('.')[0]}/schemas/`

/** The URL of a file of schemas/: `schemaUrl('manifest.schema.json')`. */
export const schemaUrl = (file: string): string => `${SCHEMAS_URL}${file}`
