import { describe, expect, it } from '@jest/globals'
import { oneLine, plainLines, terminalLine, truncateChars, truncateUtf8 } from '../../src/render/sanitize.js'

// Every character the sanitiser treats as dangerous, one of each kind.
const ESC = '\u001b'
const HOSTILE = `a${ESC}[31mred${ESC}]8;;http://x${ESC}\\\\b\u0007c\u009bd\u202eevil\u2066e\u2028f\r\ng\th`

describe('one sanitiser, three presentations', () => {
  it('oneLine: every run of controls (line breaks included) becomes one space', () => {
    expect(oneLine(HOSTILE)).toBe('a [31mred ]8;;http://x \\\\b c d evil e f g h')
  })

  it('plainLines: keeps CR and LF, every other control run becomes one space', () => {
    expect(plainLines(HOSTILE)).toBe('a [31mred ]8;;http://x \\\\b c d evil e f\r\ng h')
  })

  it('terminalLine: shows each control as its escape, a line feed as a space, a tab as itself', () => {
    expect(terminalLine(HOSTILE)).toBe('a\\x1b[31mred\\x1b]8;;http://x\\x1b\\\\b\\x07c\\x9bd\\u202eevil\\u2066e\\u2028f\\x0d g\th')
  })

  it('leaves ordinary text, accents and emoji alone', () => {
    const plain = 'p95 1240 ms > SLO 800 ms — café ✅ 👩🏽‍💻'
    for (const clean of [oneLine, plainLines, terminalLine]) expect(clean(plain)).toBe(plain)
  })

  it('truncates by code points and by UTF-8 bytes without splitting a character', () => {
    expect(truncateChars('👩🏽‍💻abc', 3)).toBe('👩🏽…')
    expect(truncateUtf8('é€😀', 6)).toBe('é€'.slice(0, 2))
    expect(truncateUtf8('é€😀', 5)).toBe('é€')
    expect(truncateUtf8('é€😀', 4)).toBe('é')
  })
})
