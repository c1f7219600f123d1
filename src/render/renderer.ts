// The one interface every output format implements. A renderer is a pure function of the report: the
// CLI and the action pick one from the map in formats.ts and write what it returns.
import type { Report } from '../report/types.js'

export interface RenderOptions {
  /** Whether the reader is a terminal that takes colour (text only). */
  color: boolean
  /** Repo-relative POSIX path of the gate's root ('' at the repository root), for formats that name repository files. */
  rootPrefix: string
  /** `https://github.com/OWNER/REPO/blob/SHA/` when the output can link the exact lines at the head commit. */
  blobUrl?: string
}

export interface Renderer {
  /** The name `--format` takes. */
  readonly format: string
  /** One line for `--help`. */
  readonly description: string
  render(report: Report, options: RenderOptions): string
}
