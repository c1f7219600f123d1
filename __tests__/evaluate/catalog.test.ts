import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { CATALOG, requirementById } from '../../src/evaluate/catalog.js'
import type { Requirement } from '../../src/evaluate/requirement.js'

const UNITS = path.resolve(import.meta.dirname, '../../src/evaluate/requirements')

describe('the requirement catalog', () => {
  it('registers every requirement unit once, each in the file named by its id', async () => {
    const files = readdirSync(UNITS).filter((name) => name.endsWith('.ts'))
    expect(files.length).toBe(CATALOG.length)
    for (const file of files) {
      const unit = ((await import(path.join(UNITS, file))) as { default: Requirement }).default
      expect(`${unit.id}.ts`).toBe(file)
      expect(CATALOG).toContain(unit)
    }
    expect(new Set(CATALOG.map((r) => r.id)).size).toBe(CATALOG.length)
  })

  it('gives each requirement a manifest path, a skeleton and an evaluator', () => {
    for (const requirement of CATALOG) {
      expect([requirement.id, requirement.manifestPath.length > 0, requirement.skeleton.length > 0, typeof requirement.evaluate]).toEqual([
        requirement.id,
        true,
        true,
        'function'
      ])
    }
  })

  it('has a test file of its own for every requirement', () => {
    const missing = CATALOG.map((r) => `${r.id}.test.ts`).filter((file) => !existsSync(path.join(import.meta.dirname, 'requirements', file)))
    expect(missing).toEqual([])
  })

  it('finds a requirement by id, and nothing for an unknown id', () => {
    expect(requirementById('audit.logging')?.title).toBe('Decisions logged for audit')
    expect(requirementById('audit')).toBeUndefined()
  })
})
