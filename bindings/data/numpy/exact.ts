// Error-free transformations of doubles, and a fused multiply-add built from them.
// JavaScript has no fma, but NumPy's float64 products reach OpenBLAS kernels that fuse
// every multiply into its add; reproducing their bits needs the single rounding of a·b + c.

/** A double-double: the unevaluated sum hi + lo, with |lo| at most half an ulp of hi. */
export interface DoubleDouble {
  hi: number;
  lo: number;
}

// Veltkamp's splitting constant 2**27 + 1: a double splits into two 26-bit halves.
const SPLITTER = 134217729;
// Above this the split's SPLITTER · x overflows (2**995, with a margin).
const SPLIT_LIMIT = 2 ** 995;

/** Knuth's TwoSum: s = fl(a + b) and the exact error e with a + b = s + e. */
export function twoSum(a: number, b: number): DoubleDouble {
  const hi = a + b;
  const bVirtual = hi - a;
  const lo = a - (hi - bVirtual) + (b - bVirtual);
  return { hi, lo };
}

/** Dekker's TwoProduct: p = fl(a · b) and the exact error e with a · b = p + e (no overflow, no underflow). */
export function twoProduct(a: number, b: number): DoubleDouble {
  const hi = a * b;
  const ca = SPLITTER * a;
  const aHigh = ca - (ca - a);
  const aLow = a - aHigh;
  const cb = SPLITTER * b;
  const bHigh = cb - (cb - b);
  const bLow = b - bHigh;
  const lo = aLow * bLow - (hi - aHigh * bHigh - aLow * bHigh - aHigh * bLow);
  return { hi, lo };
}

const bits = new DataView(new ArrayBuffer(8));

// The double next to x (x finite, non-zero) one ulp farther from zero (outward) or nearer.
function stepUlp(x: number, outward: boolean): number {
  bits.setFloat64(0, x);
  let high = bits.getUint32(0);
  let low = bits.getUint32(4);
  if (outward) {
    low = (low + 1) >>> 0;
    if (low === 0) high += 1;
  } else {
    if (low === 0) high -= 1;
    low = (low - 1) >>> 0;
  }
  bits.setUint32(0, high);
  bits.setUint32(4, low);
  return bits.getFloat64(0);
}

// a + b rounded to odd: exact sums stay, inexact ones take the neighbour whose last bit is 1.
function addRoundToOdd(a: number, b: number): number {
  const { hi, lo } = twoSum(a, b);
  if (lo === 0) return hi;
  bits.setFloat64(0, hi);
  if (bits.getUint32(4) & 1) return hi;
  return stepUlp(hi, (lo > 0) === (hi > 0));
}

/**
 * a · b + c with one rounding, as a hardware FMA gives it: Boldo and Melquiond's
 * emulation ("Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd", IEEE Trans. Computers 57(4), 2008): the exact product and sum split
 * into pieces, the small pieces added with rounding to odd, then one rounding to nearest.
 * Exact while |a|, |b| < 2**995 and a · b does not underflow; past that (far outside
 * any data this library makes) it returns the twice-rounded a * b + c.
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const product = a * b;
  if (!(Math.abs(a) < SPLIT_LIMIT && Math.abs(b) < SPLIT_LIMIT && Number.isFinite(c)) || product === 0 || Math.abs(product) < 2 ** -960) {
    return product + c;
  }
  const u = twoProduct(a, b);
  const t = twoSum(c, u.hi);
  return t.hi + addRoundToOdd(t.lo, u.lo);
}
