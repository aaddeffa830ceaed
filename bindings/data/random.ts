// A seeded generator whose every output is the same bits on every JavaScript engine:
// integer steps use 32-bit ops only, and the one transcendental it needs (log) is ported
// in plain double arithmetic instead of calling Math.log, whose rounding engines may differ.

/** An indexable, writable sequence: an array or a typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const GOLDEN_GAMMA = 0x9e3779b9;

/**
 * x % n for integers 0 ≤ x ≤ 2**32 and 1 ≤ n ≤ 2**32, as x − ⌊x/n⌋·n. Past 2**31 the
 * engines hold such numbers as doubles, and `%` on doubles is a call to a floating-point
 * remainder routine, several times dearer. The result is exact: with x = q·n + r, the
 * quotient x/n = q + r/n is at most q + 1 − 1/n when r > 0, and rounding it up to q + 1
 * would need 1/n below half an ulp of q + 1, that is n·(q + 1) ≥ 2**53, while
 * n·(q + 1) ≤ x + n ≤ 2**33; so the floor is q, and q·n and x − q·n are exact.
 */
function remainder(x: number, n: number): number {
  return x - Math.floor(x / n) * n;
}

/** One step of splitmix32: the Weyl increment, then MurmurHash3's fmix32 finalizer (a bijection). */
function splitmix32(state: number): number {
  let z = (state + GOLDEN_GAMMA) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A deterministic pseudo-random generator: xoshiro128** 1.1 by Blackman and Vigna
 * (see: https://prng.di.unimi.it/xoshiro128starstar.c), seeded by splitmix32.
 * The same seed yields the same sequence, bit for bit, on every engine.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  // The polar method makes normals in pairs; the second waits here for the next call.
  private spareNormal: number | null = null;

  /**
   * @param seed - a non-negative safe integer (up to 2**53 - 1); all 53 bits matter.
   * @throws Error if `seed` is not a non-negative safe integer.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new Error(`seed must be a non-negative integer, got ${String(seed)}`);
    }
    // Low and high seed words each feed their own splitmix32 stream; fmix32 is a bijection,
    // so distinct seeds give distinct states, and s0, s1 are never both zero.
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    this.s0 = splitmix32(low);
    this.s1 = splitmix32((low + GOLDEN_GAMMA) | 0);
    this.s2 = splitmix32(high);
    this.s3 = splitmix32((high + GOLDEN_GAMMA) | 0);
  }

  /** An independent generator in the same state: it draws what this one would draw next. */
  clone(): Random {
    const copy = Object.create(Random.prototype) as Random;
    copy.s0 = this.s0;
    copy.s1 = this.s1;
    copy.s2 = this.s2;
    copy.s3 = this.s3;
    copy.spareNormal = this.spareNormal;
    return copy;
  }

  /** The next raw output: an integer in [0, 2**32). */
  nextUint32(): number {
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits (27 + 26 bits from two outputs, as MT19937's genrand_res53). */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /** A standard normal deviate (mean 0, variance 1), by Marsaglia's polar method. */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    // Math.sqrt is correctly rounded by IEEE 754, so it is the same everywhere; log is ours.
    const factor = Math.sqrt((-2 * Random.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /**
   * An unbiased integer in [0, n), by rejecting the raw outputs that would make `x % n` uneven.
   * @param n - the number of outcomes, an integer in [1, 2**32].
   * @throws Error if `n` is out of range.
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`n must be an integer in [1, 2**32], got ${String(n)}`);
    }
    return this.below(n);
  }

  /** `int(n)` for an `n` known to be valid: the per-epoch shuffle calls it for every row. */
  private below(n: number): number {
    let x = this.nextUint32();
    // The limit falls short of 2**32 by 2**32 mod n < n, so a draw below 2**32 − n is
    // kept without working the limit out (almost every draw, for the n a shuffle takes).
    if (x >= TWO_POW_32 - n) {
      const limit = TWO_POW_32 - remainder(TWO_POW_32, n);
      while (x >= limit) x = this.nextUint32();
    }
    return remainder(x, n);
  }

  /** Shuffles `items` in place by Fisher–Yates, swapping from the last position down (as numpy's shuffle). */
  shuffle<T>(items: MutableArrayLike<T>): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
  }

  /** A uniformly random ordering of 0..n-1. */
  permutation(n: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0 || n > TWO_POW_32) {
      throw new Error(`n must be a non-negative integer, got ${String(n)}`);
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    this.shuffle(order);
    return order;
  }

  /**
   * The natural logarithm, identically rounded on every engine: a port of fdlibm's
   * `__ieee754_log` (FreeBSD msun/src/e_log.c), error < 1 ulp.
   */
  static log(x: number): number {
    return ieee754Log(x);
  }
}

// Bit access to a double: one shared buffer seen as a float and as two 32-bit words.
const doubleView = new Float64Array(1);
const wordView = new Uint32Array(doubleView.buffer);
const HIGH = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const TWO_POW_54 = 1.8014398509481984e16; // 0x43500000 00000000
const LG1 = 6.666666666666735130e-1; // 0x3fe55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3fd99999 9997fa04
const LG3 = 2.857142874366239149e-1; // 0x3fd24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3fcc71c5 1d8e78af
const LG5 = 1.818357216161805012e-1; // 0x3fc74664 96cb03de
const LG6 = 1.531383769920937332e-1; // 0x3fc39a09 d078c69f
const LG7 = 1.479819860511658591e-1; // 0x3fc2f112 df3e5244

// See: fdlibm e_log.c. log(x) = k*ln2 + log(1+f) with x = 2**k * (1+f), sqrt(2)/2 < 1+f < sqrt(2);
// log(1+f) = 2s + s*R(s*s) with s = f/(2+f), R a minimax polynomial (the LG constants).
function ieee754Log(x: number): number {
  doubleView[0] = x;
  let hx = wordView[HIGH] | 0;
  const lx = wordView[LOW];
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    // Subnormal: scale into the normal range and remember the exponent.
    k -= 54;
    x *= TWO_POW_54;
    doubleView[0] = x;
    hx = wordView[HIGH] | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  // Normalize x or x/2 so that 1+f lies in [sqrt(2)/2, sqrt(2)).
  wordView[HIGH] = hx | (i ^ 0x3ff00000);
  x = doubleView[0];
  k += i >> 20;
  const f = x - 1.0;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2**-20 <= f < 2**-20: a short series is exact enough.
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}
