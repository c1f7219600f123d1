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
