// Which JSON values a big file has seen, and a small state for each (a promptfoo case's worst status,
// whether a garak prompt was hit), without keeping the values: a key of 64 bits and a length per value,
// in typed arrays.
//
// The key is a hash of the value's structure (a tag per null, boolean, number, string, array and
// object, each string's length, then its UTF-16 code units), so values JSON.stringify writes alike
// (key order included; -0 is written 0) get one key, and no string is built per row: stringifying
// each row's test case and a Map entry per case cost 25 MiB and half again the CPU on a 512 MiB
// promptfoo output (docs/performance.md).
//
// Exactness: two distinct values whose slots collide are told apart by the whole key (64 bits and the
// length). Only two values equal in all of it would count as one, taking the worse state: for a
// million distinct values the chance of that anywhere is about 3 in 10^8 (n²/2^65).

const TAG_NULL = 1
const TAG_FALSE = 2
const TAG_TRUE = 3
const TAG_NUMBER = 4
const TAG_STRING = 5
const TAG_ARRAY = 6
const TAG_OBJECT = 7
/** Closes an array or an object, so that [[1], 2] and [[1, 2]] differ. */
const TAG_END = 8
const TAG_UNDEFINED = 9

const MULTIPLIER_1 = 2654435761
const MULTIPLIER_2 = 1597334677

const float = new Float64Array(1)
const floatWords = new Int32Array(float.buffer)

/** A value's key: two 32-bit lanes (cyrb53's, both fed every word, then mixed) and the words fed. */
export class ValueKey {
  lo = 0
  hi = 0
  length = 0

  /** Sets the key to the hash of `values` (in order). */
  of(values: readonly unknown[]): this {
    this.lo = 0xdeadbeef | 0
    this.hi = 0x41c6ce57
    this.length = 0
    for (const value of values) this.value(value)
    const { lo, hi } = this
    this.lo = Math.imul(lo ^ (lo >>> 16), 2246822507) ^ Math.imul(hi ^ (hi >>> 13), 3266489909)
    this.hi = Math.imul(hi ^ (hi >>> 16), 2246822507) ^ Math.imul(this.lo ^ (this.lo >>> 13), 3266489909)
    return this
  }

  private word(word: number): void {
    this.lo = Math.imul(this.lo ^ word, MULTIPLIER_1)
    this.hi = Math.imul(this.hi ^ word, MULTIPLIER_2)
    this.length++
  }

  private value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.string(value)
        return
      case 'number':
        // JSON.stringify writes -0 as 0.
        float[0] = value === 0 ? 0 : value
        this.word(TAG_NUMBER)
        this.word(floatWords[0]!)
        this.word(floatWords[1]!)
        return
      case 'boolean':
        this.word(value ? TAG_TRUE : TAG_FALSE)
        return
      case 'undefined':
        this.word(TAG_UNDEFINED)
        return
      case 'object':
        if (value === null) this.word(TAG_NULL)
        else if (Array.isArray(value)) {
          this.word(TAG_ARRAY)
          for (const item of value) this.value(item)
          this.word(TAG_END)
        } else {
          this.word(TAG_OBJECT)
          const record = value as Record<string, unknown>
          // Object.keys' order, which JSON.stringify follows.
          for (const key of Object.keys(record)) {
            this.string(key)
            this.value(record[key])
          }
          this.word(TAG_END)
        }
        return
      default:
        // JSON holds no function, symbol or bigint.
        throw new TypeError(`not a JSON value: ${typeof value}`)
    }
  }

  /** The tag, the length, then the code units two to a word (the lanes kept in locals: this loop is the hash's cost). */
  private string(text: string): void {
    this.word(TAG_STRING)
    this.word(text.length)
    let lo = this.lo
    let hi = this.hi
    const end = text.length - 1
    let i = 0
    for (; i < end; i += 2) {
      const word = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)
      lo = Math.imul(lo ^ word, MULTIPLIER_1)
      hi = Math.imul(hi ^ word, MULTIPLIER_2)
    }
    if (i === end) {
      const word = text.charCodeAt(i)
      lo = Math.imul(lo ^ word, MULTIPLIER_1)
      hi = Math.imul(hi ^ word, MULTIPLIER_2)
    }
    this.lo = lo
    this.hi = hi
    this.length += (text.length + 1) >> 1
  }
}

/** Words per slot: the key's two lanes, then its length (LENGTH_BITS, the rest cut off) above the state's 8 bits. */
const SLOT_WORDS = 3
const LENGTH_BITS = 24
const LENGTH_MASK = 2 ** LENGTH_BITS - 1

/**
 * Keys seen, each with a state from 1 to 255 (0 is a free slot): open addressing on the key's low
 * lane, linear probing, the whole key compared, grown at half full. A slot's three words sit side by
 * side, so a probe reads one cache line; 12 bytes a key at most 24 (half full), under 10 MiB for
 * 400,000 keys while growing.
 */
export class DistinctValues {
  private slots = new Int32Array(1024 * SLOT_WORDS)
  private capacity = 1024
  private used = 0
  private readonly key = new ValueKey()

  /** The key last looked up, for `set` to store. */
  private lo = 0
  private hi = 0
  private length = 0

  /** How many distinct keys are stored. */
  get size(): number {
    return this.used
  }

  /** The slot of `values`' key: where it is, or the free one where it goes. Valid until the next `set`. */
  find(values: readonly unknown[]): number {
    const { lo, hi, length } = this.key.of(values)
    return this.slotOf(lo, hi, length)
  }

  /** The slot of a key given whole (`find` hashes the values first). */
  slotOf(lo: number, hi: number, length: number): number {
    this.lo = lo | 0
    this.hi = hi | 0
    this.length = length & LENGTH_MASK
    return this.probe(this.lo, this.hi, this.length)
  }

  /** The state stored at `slot`; 0 when the key looked up is new. */
  state(slot: number): number {
    return this.slots[slot * SLOT_WORDS + 2]! & 255
  }

  /** Stores `state` (1 to 255) for the key last looked up, at the slot `find` or `slotOf` gave. */
  set(slot: number, state: number): void {
    if (!(state >= 1 && state <= 255)) throw new RangeError(`a state is 1 to 255, not ${state}`)
    const at = slot * SLOT_WORDS
    const added = (this.slots[at + 2]! & 255) === 0
    this.slots[at] = this.lo
    this.slots[at + 1] = this.hi
    this.slots[at + 2] = (this.length << 8) | state
    if (added && ++this.used * 2 > this.capacity) this.grow()
  }

  private probe(lo: number, hi: number, length: number): number {
    const slots = this.slots
    const mask = this.capacity - 1
    let i = lo & mask
    for (;;) {
      const at = i * SLOT_WORDS
      const tail = slots[at + 2]!
      if ((tail & 255) === 0 || (slots[at] === lo && slots[at + 1] === hi && tail >>> 8 === length)) return i
      i = (i + 1) & mask
    }
  }

  private grow(): void {
    const old = this.slots
    this.capacity *= 2
    this.slots = new Int32Array(this.capacity * SLOT_WORDS)
    for (let at = 0; at < old.length; at += SLOT_WORDS) {
      const tail = old[at + 2]!
      if ((tail & 255) === 0) continue
      const to = this.probe(old[at]!, old[at + 1]!, tail >>> 8) * SLOT_WORDS
      this.slots[to] = old[at]!
      this.slots[to + 1] = old[at + 1]!
      this.slots[to + 2] = tail
    }
  }
}
