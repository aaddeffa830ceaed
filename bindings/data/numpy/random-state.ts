// NumPy's legacy np.random.RandomState, ported from the algorithms NumPy documents and
// keeps frozen for it (numpy/random/mtrand.pyx and the legacy and bounded-integer
// generators under numpy/random/src): the same seed gives the same stream of draws.
import { MT19937 } from "./mt19937.js";
import { correctlyRoundedLog } from "./log.js";
import type { MutableArrayLike } from "../random.js";

const TWO_POW_26 = 67108864;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const MAX_WORD = 0xffffffff;

function checkWord(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_WORD) {
    throw new Error(`${name} must be an integer in [0, 2**32 - 1], got ${String(value)}`);
  }
  return value;
}

function checkSize(size: unknown): number {
  if (!Number.isSafeInteger(size) || (size as number) < 0) throw new Error(`size must be a non-negative integer, got ${String(size)}`);
  return size as number;
}

// The smallest all-ones mask covering max (max >= 1), as a double when wider than 32 bits.
function maskFor(max: number): number {
  let mask = 1;
  while (mask < max) mask = mask * 2 + 1;
  return mask;
}

/**
 * NumPy's legacy `np.random.RandomState`: MT19937 seeded as NumPy seeds it, and the draws
 * scikit-learn uses, each consuming the 32-bit stream exactly as NumPy does, so a seed
 * gives NumPy's numbers. Doubles from the raw stream (randomSample, uniform) and every
 * integer draw are bit-for-bit NumPy's; standardNormal's values match to within an ulp
 * (bit-for-bit except where the C library's log, which NumPy calls, misrounds).
 */
export class NumpyRandomState {
  private readonly mt: MT19937;
  // The legacy polar method makes normals in pairs; the second waits here (NumPy's has_gauss/gauss).
  private spareNormal: number | null = null;

  /**
   * @param seed - as `np.random.RandomState(seed)`: an integer in [0, 2**32 - 1]
   *   (init_genrand), or a non-empty array of such integers (init_by_array).
   * @throws Error naming `seed` if it is neither.
   */
  constructor(seed: number | ArrayLike<number>) {
    if (typeof seed === "number") {
      this.mt = MT19937.fromSeed(checkWord("seed", seed));
    } else if (seed !== null && typeof seed === "object" && typeof seed.length === "number" && seed.length > 0) {
      const key = Array.from(seed, (word, i) => checkWord(`seed[${i}]`, word));
      this.mt = MT19937.fromKey(key);
    } else {
      throw new Error(`seed must be an integer in [0, 2**32 - 1] or a non-empty array of them, got ${String(seed)}`);
    }
  }

  /** The next raw 32-bit output of MT19937 (what NumPy's bit generator gives as next_uint32). */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  // NumPy's next_double: 27 + 26 high bits of two outputs make a 53-bit fraction in [0, 1).
  private nextDouble(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  // Two outputs, high word first (NumPy's next_uint64), masked: exact up to 2**53.
  private nextMasked64(mask: number): number {
    const high = this.mt.nextUint32();
    const low = this.mt.nextUint32();
    const highMask = Math.floor(mask / TWO_POW_32);
    return (high & highMask) * TWO_POW_32 + low;
  }

  // A uniform integer in [0, max] by masked rejection: draw, keep the bits of the smallest
  // covering mask, retry above max (NumPy's masked bounded generator; 32-bit draws while
  // max fits 32 bits, else 64-bit draws, whose low word is all kept since max >= 2**32).
  private boundedInteger(max: number): number {
    if (max === 0) return 0;
    if (max === MAX_WORD) return this.mt.nextUint32();
    const mask = maskFor(max);
    let value: number;
    if (max < MAX_WORD) {
      do value = (this.mt.nextUint32() & mask) >>> 0;
      while (value > max);
    } else {
      do value = this.nextMasked64(mask);
      while (value > max);
    }
    return value;
  }

  // NumPy's legacy_gauss: Marsaglia's polar method, the pair's first value kept for the next call.
  private nextNormal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * correctlyRoundedLog(r2)) / r2);
    this.spareNormal = f * x1;
    return f * x2;
  }

  /** `random_sample(size)` (also `rand`): `size` doubles in [0, 1) with 53 random bits each. */
  randomSample(size: number): Float64Array {
    return Float64Array.from({ length: checkSize(size) }, () => this.nextDouble());
  }

  /**
   * `uniform(low, high, size)`: `size` doubles low + (high - low) · u, u from randomSample.
   * @throws Error naming `low`/`high` if they are not finite or high - low overflows.
   */
  uniform(low: number, high: number, size: number): Float64Array {
    if (typeof low !== "number" || !Number.isFinite(low)) throw new Error(`low must be a finite number, got ${String(low)}`);
    if (typeof high !== "number" || !Number.isFinite(high - low)) throw new Error(`high must be a finite number with a finite high - low, got ${String(high)}`);
    const range = high - low;
    return Float64Array.from({ length: checkSize(size) }, () => low + range * this.nextDouble());
  }

  /** `standard_normal(size)` (also `randn`): `size` draws from N(0, 1) by the legacy polar method. */
  standardNormal(size: number): Float64Array {
    return Float64Array.from({ length: checkSize(size) }, () => this.nextNormal());
  }

  /**
   * `randint(low, high, size)` with NumPy's default int64: `size` integers in [low, high),
   * drawn by masked rejection. Every value must be a safe integer: low and high - 1 are
   * within ±(2**53 - 1), and high - low is at most 2**53.
   * @returns the integers, exactly, in a Float64Array.
   * @throws Error naming `low`/`high` if they are out of that range or low >= high.
   */
  randint(low: number, high: number, size: number): Float64Array {
    if (!Number.isSafeInteger(low)) throw new Error(`low must be a safe integer, got ${String(low)}`);
    // BigInt, because high - low in doubles can round back into range.
    if (!Number.isSafeInteger(high - 1) || high <= low || BigInt(high) - BigInt(low) > BigInt(TWO_POW_53)) {
      throw new Error(`high must be an integer in (low, low + 2**53] with high - 1 a safe integer, got ${String(high)} with low ${low}`);
    }
    const max = high - 1 - low;
    return Float64Array.from({ length: checkSize(size) }, () => low + this.boundedInteger(max));
  }

  /** `shuffle(x)`: permutes `x` in place by NumPy's Fisher–Yates, from the last index down. */
  shuffle<T>(x: MutableArrayLike<T>): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.boundedInteger(i);
      const held = x[i];
      x[i] = x[j];
      x[j] = held;
    }
  }

  /** `permutation(n)`: 0 .. n-1 shuffled. */
  permutation(n: number): Uint32Array {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WORD) throw new Error(`n must be an integer in [0, 2**32 - 1], got ${String(n)}`);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    this.shuffle(order);
    return order;
  }
}
