import { describe, expect, it } from '@jest/globals'
import { useColor } from '../../src/cli/color.js'

describe('useColor', () => {
  it('colours a terminal, not a pipe or a dumb terminal', () => {
    expect(useColor({}, true)).toBe(true)
    expect(useColor({}, false)).toBe(false)
    expect(useColor({ TERM: 'dumb' }, true)).toBe(false)
  })

  it('honours NO_COLOR (any non-empty value) and FORCE_COLOR (on unless 0 or false), FORCE_COLOR first', () => {
    expect(useColor({ NO_COLOR: '1' }, true)).toBe(false)
    expect(useColor({ NO_COLOR: '' }, true)).toBe(true)
    expect(useColor({ FORCE_COLOR: '1' }, false)).toBe(true)
    expect(useColor({ FORCE_COLOR: '' }, false)).toBe(true)
    expect(useColor({ FORCE_COLOR: '0' }, true)).toBe(false)
    expect(useColor({ FORCE_COLOR: 'false' }, true)).toBe(false)
    expect(useColor({ FORCE_COLOR: '3', NO_COLOR: '1' }, false)).toBe(true)
  })
})
