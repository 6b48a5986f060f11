/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman and Vigna),
 * 128 bits of state, period 2^128 − 1, seeded through splitmix32.
 *
 * Integer arithmetic only (`Math.imul`, shifts, `>>> 0`), so a seed gives the
 * same sequence on every machine and every V8 version: a seeded runtime
 * replays the same schedule anywhere. Rejected: `Math.random()` (cannot be
 * seeded) and a 32-bit generator such as mulberry32 (2^32 states: two seeds
 * of a long exploration soon share a stream). Not for cryptography.
 */

/** murmur3's 32-bit finalizer: every input bit flips about half the output bits. */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const GOLDEN = 0x9e3779b9;
const TWO_32 = 4294967296;

/**
 * A deterministic generator of numbers in [0, 1) and whole numbers in [0, n).
 *
 * @example
 * const a = new Prng(42), b = new Prng(42);
 * a.next() === b.next(); // true: same seed, same sequence
 * a.nextInt(6);          // a die roll, 0..5
 */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** `seed`: any safe integer (negative ones too); all 53 bits count. */
  constructor(seed: number) {
    if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
    }
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_32) >>> 0;
    // splitmix32 over the low word, each output salted with the high word,
    // so seeds that differ only above bit 31 still get unrelated states.
    this.#a = mix32((lo + GOLDEN) | 0) ^ mix32(hi ^ 0x243f6a88);
    this.#b = mix32((lo + 2 * GOLDEN) | 0) ^ mix32(hi ^ 0x85a308d3);
    this.#c = mix32((lo + 3 * GOLDEN) | 0) ^ mix32(hi ^ 0x13198a2e);
    this.#d = mix32((lo + 4 * GOLDEN) | 0) ^ mix32(hi ^ 0x03707344);
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1; // the one state xoshiro cannot leave
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const b = this.#b;
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    this.#c ^= this.#a;
    this.#d ^= b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return r;
  }

  /** A number in [0, 1), with 32 random bits. */
  next(): number {
    return this.nextUint32() / TWO_32;
  }

  /**
   * A whole number in [0, n), for `n` from 1 to 2^32. Its bias (from scaling
   * 32 bits) is below n / 2^32: under 10^-6 for any run queue.
   */
  nextInt(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= TWO_32)) throw new RangeError(`nextInt(n): n must be a whole number from 1 to 2^32, got ${n}`);
    return Math.floor((this.nextUint32() / TWO_32) * n);
  }

  /** A new generator seeded from this one: an independent stream, as deterministic as its parent. */
  fork(): Prng {
    const hi = this.nextUint32() & 0x1fffff;
    return new Prng(hi * TWO_32 + this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
