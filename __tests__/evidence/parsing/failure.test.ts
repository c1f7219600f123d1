import { describe, expect, it } from '@jest/globals'
import { ReadProblem } from '../../../src/fs/safe-read.js'
import { describeValue, failure, FieldProblem, guardFields, lineAt } from '../../../src/evidence/parsing/failure.js'

describe('failure', () => {
  it('carries the line only when there is one', () => {
    expect(failure('"a.json" is empty')).toStrictEqual({ ok: false, message: '"a.json" is empty' })
    expect(failure('bad row', 7)).toStrictEqual({ ok: false, message: 'bad row', line: 7 })
  })
})

describe('guardFields', () => {
  it('turns a FieldProblem or ReadProblem into a failure, and lets a bug escape', async () => {
    expect(await guardFields(() => Promise.reject(new FieldProblem('start is true, not a date', 3)))).toStrictEqual({
      ok: false,
      message: 'start is true, not a date',
      line: 3
    })
    expect(
      await guardFields(() => {
        throw new ReadProblem('"x" is over the limit')
      })
    ).toMatchObject({ ok: false, message: '"x" is over the limit' })
    await expect(
      guardFields(() => {
        throw new TypeError('bug')
      })
    ).rejects.toThrow('bug')
  })
})

describe('describeValue', () => {
  it('names kinds, quotes strings and cuts long values', () => {
    expect([undefined, null, [], {}, 3, 'x'].map(describeValue)).toEqual(['missing', 'null', 'a list', 'an object', '3', '"x"'])
    expect(describeValue('y'.repeat(100))).toBe(`"${'y'.repeat(56)}...`)
  })
})

describe('lineAt', () => {
  it('counts line feeds before the offset, 1-based, and stops at the end of the text', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1)
    expect(lineAt('a\nb\nc', 2)).toBe(2)
    expect(lineAt('a\nb\nc', 4)).toBe(3)
    expect(lineAt('a\nb\n', 99)).toBe(3)
  })
})
