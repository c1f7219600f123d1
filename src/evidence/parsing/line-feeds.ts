// The 1-based line of positions in a text: counting line feeds in bulk. The promptfoo JSON outputs put
// every row at its line (a failing case, a segment, a red-team category cite it), and counting their
// 72,000 lines with an indexOf a line was about 5% of a monorepo `check`'s instructions (7% on Node 24):
// each call costs some 150 instructions however short the line (docs/performance.md, round twelve).
// Here the text is copied in chunks into a small WebAssembly memory and its line feeds counted sixteen
// bytes at a time (SIMD), a call per position.

/**
 * The counter, in WebAssembly (the text form, which this is assembled from by hand):
 *
 *   (module
 *     (memory (export "memory") 2 2)
 *     (func (export "lineFeeds") (param $from i32) (param $to i32) (result i32)
 *       (local $count i32) (local $vectorsEnd i32) (local $lineFeeds v128)
 *       ;; the bytes [from, to) that fill whole 16-byte vectors, then the rest one by one
 *       (local.set $vectorsEnd (i32.add (local.get $from) (i32.and (i32.sub (local.get $to) (local.get $from)) (i32.const -16))))
 *       (local.set $lineFeeds (i8x16.splat (i32.const 10)))
 *       (block (loop
 *         (br_if 1 (i32.ge_u (local.get $from) (local.get $vectorsEnd)))
 *         (local.set $count (i32.add (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $from)) (local.get $lineFeeds)))) (local.get $count)))
 *         (local.set $from (i32.add (local.get $from) (i32.const 16)))
 *         (br 0)))
 *       (block (loop
 *         (br_if 1 (i32.ge_u (local.get $from) (local.get $to)))
 *         (local.set $count (i32.add (i32.eq (i32.load8_u (local.get $from)) (i32.const 10)) (local.get $count)))
 *         (local.set $from (i32.add (local.get $from) (i32.const 1)))
 *         (br 0)))
 *       (local.get $count)))
 */
const LINE_FEEDS_CODE = [
  [0x02, 0x02, 0x7f, 0x01, 0x7b], // locals: 2 × i32, 1 × v128
  [0x20, 0x01, 0x20, 0x00, 0x6b, 0x41, 0x70, 0x71, 0x20, 0x00, 0x6a, 0x21, 0x03], // $vectorsEnd
  [0x41, 0x0a, 0xfd, 0x0f, 0x21, 0x04], // $lineFeeds
  [0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x20, 0x03, 0x4f, 0x0d, 0x01], // block, loop, br_if
  [0x20, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x20, 0x04, 0xfd, 0x23, 0xfd, 0x64, 0x69, 0x20, 0x02, 0x6a, 0x21, 0x02], // load, eq, bitmask, popcnt, add
  [0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b], // $from += 16, br, end, end
  [0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01], // block, loop, br_if
  [0x20, 0x00, 0x2d, 0x00, 0x00, 0x41, 0x0a, 0x46, 0x20, 0x02, 0x6a, 0x21, 0x02], // load8_u, eq, add
  [0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b], // $from += 1, br, end, end
  [0x20, 0x02, 0x0b] // $count, end
].flat()

const section = (id: number, content: number[]): number[] => [id, content.length, ...content] // every section under 128 bytes
const ascii = (name: string): number[] => [name.length, ...Array.from(name, (char) => char.charCodeAt(0))]

const LINE_FEEDS_MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f]), // one type: (i32, i32) -> i32
  ...section(3, [0x01, 0x00]), // one function of that type
  ...section(5, [0x01, 0x01, 0x02, 0x02]), // one memory of 2 pages, at most 2
  ...section(7, [0x02, ...ascii('memory'), 0x02, 0x00, ...ascii('lineFeeds'), 0x00, 0x00]), // exports
  ...section(10, [0x01, LINE_FEEDS_CODE.length, ...LINE_FEEDS_CODE])
])

/** Characters copied at a time: one byte each (ASCII), half the memory's 128 KiB, so a chunk that is not ASCII still fits and is seen not to be. */
const CHUNK = 64 * 1024

interface LineFeedCounter {
  bytes: Buffer
  lineFeeds(from: number, to: number): number
}

/** The little of WebAssembly used here (the project's type libraries declare none of it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: { memory: { buffer: ArrayBuffer }; lineFeeds: (from: number, to: number) => number } }
}

/** Undefined until first used; null where WebAssembly cannot run (node --jitless): indexOf then counts every line. */
let counter: LineFeedCounter | null | undefined

function lineFeedCounter(): LineFeedCounter | null {
  if (counter !== undefined) return counter
  try {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(LINE_FEEDS_MODULE))
    counter = { bytes: Buffer.from(exports.memory.buffer), lineFeeds: exports.lineFeeds }
  } catch {
    counter = null
  }
  return counter
}

/** For the tests that hold both ways of counting to the same lines: WebAssembly where it runs, or indexOf alone. */
export function countLineFeedsForTests(how: 'webassembly' | 'indexOf'): void {
  counter = how === 'indexOf' ? null : undefined
}

/** Whether the counting runs in WebAssembly (for the test that holds that it does where it can). */
export const usesWebAssemblyForTests = (): boolean => lineFeedCounter() !== null

/** The line feeds in text[from, to), one indexOf each. */
function lineFeedsByIndexOf(text: string, from: number, to: number): number {
  let count = 0
  for (let lineFeed = text.indexOf('\n', from); lineFeed !== -1 && lineFeed < to; lineFeed = text.indexOf('\n', lineFeed + 1)) count++
  return count
}

/** The 1-based line of each of the ascending character positions (one past a line feed is the next line). */
export function linesAt(text: string, positions: readonly number[]): number[] {
  const lines: number[] = []
  const counting = lineFeedCounter()
  let line = 1
  // text[0, counted) is counted in `line`; text[chunkStart, chunkEnd) is in the memory when `inMemory`.
  let counted = 0
  let chunkStart = 0
  let chunkEnd = 0
  let inMemory = false
  for (const position of positions) {
    const target = Math.min(position, text.length)
    while (counted < target) {
      if (!counting) {
        line += lineFeedsByIndexOf(text, counted, target)
        counted = target
        break
      }
      if (counted >= chunkEnd) {
        chunkStart = counted
        chunkEnd = Math.min(text.length, counted + CHUNK)
        // As UTF-8, so that a chunk is one byte a character exactly when it is all ASCII: any other character
        // writes two bytes or more (a latin1 copy would write U+010A as a line feed).
        inMemory = counting.bytes.write(text.slice(chunkStart, chunkEnd), 0, 'utf8') === chunkEnd - chunkStart
      }
      const upTo = Math.min(target, chunkEnd)
      line += inMemory ? counting.lineFeeds(counted - chunkStart, upTo - chunkStart) : lineFeedsByIndexOf(text, counted, upTo)
      counted = upTo
    }
    lines.push(line)
  }
  return lines
}
