// One fleet run, shared by the CLI (`readiness-gate fleet`) and the action (`mode: fleet`): list the
// organization's repositories, read what each published, build the report, keep the ETag cache.
import { TOOL_VERSION } from '../../report/build.js'
import { buildFleetReport, type FleetReport, type FleetSettings } from '../../fleet/model.js'
import { createClient } from '../client.js'
import { describeError } from '../publisher.js'
import { ConditionalCache } from './cache.js'
import { collectFleet } from './collect.js'
import { schemaUrl } from '../../report/links.js'

export const FLEET_SCHEMA_URL = schemaUrl('fleet-report.schema.json')

export const DEFAULT_FLEET_SETTINGS: FleetSettings = { checkName: 'readiness-gate', staleAfterDays: 7, expiringWithinDays: 30 }

export interface FleetRunOptions {
  token: string
  apiUrl: string
  organization: string
  settings: FleetSettings
  now: Date
  /** The ETag cache file: read before, written after. None: every request is a full one. */
  cacheFile?: string
  log: (message: string) => void
  /** Test hook: milliseconds per second of advised wait. */
  retryAfterBaseValue?: number
}

export async function runFleet(options: FleetRunOptions): Promise<FleetReport> {
  const client = createClient({
    token: options.token,
    baseUrl: options.apiUrl,
    log: options.log,
    ...(options.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.retryAfterBaseValue } : {})
  })
  let cache = ConditionalCache.empty()
  if (options.cacheFile) {
    const loaded = await ConditionalCache.load(options.cacheFile)
    cache = loaded.cache
    if (loaded.note) options.log(loaded.note)
  }
  const collected = await collectFleet({ client, organization: options.organization, settings: options.settings, now: options.now, cache, log: options.log })
  if (options.cacheFile) {
    try {
      await cache.save(options.cacheFile)
    } catch (error) {
      options.log(`the cache could not be written to ${options.cacheFile}: ${describeError(error)}; the next run reads every repository in full`)
    }
  }
  return buildFleetReport({ organization: options.organization, now: options.now, settings: options.settings, toolVersion: TOOL_VERSION, ...collected })
}

export function fleetJson(report: FleetReport): string {
  return `${JSON.stringify({ $schema: FLEET_SCHEMA_URL, ...report }, null, 2)}\n`
}

/** A whole number of days from an input or flag, or why not. */
export function parseDays(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0 || value > 3650) throw new RangeError(`${name} takes a whole number of days from 0 to 3650, not "${text}"`)
  return value
}
