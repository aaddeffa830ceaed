// A natural logarithm rounded correctly (to nearest), for NumPy's Box–Muller step.
// NumPy's legacy normals call the C library's log; glibc's is accurate to about half an
// ulp and V8's Math.log to under one, and the two disagree in the last bit on about 7% of
// inputs. Evaluating log in double-double and rounding once gives glibc's answer except
// where glibc itself misrounds (it is not correctly rounded, only nearly so).
import { twoProduct, twoSum, type DoubleDouble } from "./exact.js";

// ln 2 to 107 bits, as hi + lo (from a 60-digit evaluation of ln 2).
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
// The mantissa is reduced to [√½, √2), so |s| = |(m - 1)/(m + 1)| < 0.1716 and s² < 0.0295:
// the 21 terms of atanh's series below leave an error under 2**-106.
const SERIES_TERMS = 21;

function add(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const s = twoSum(a.hi, b.hi);
  const e = twoSum(a.lo, b.lo);
  const first = twoSum(s.hi, s.lo + e.hi);
  return twoSum(first.hi, first.lo + e.lo);
}

function multiply(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const p = twoProduct(a.hi, b.hi);
  return twoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function divide(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const q1 = a.hi / b.hi;
  const r = add(a, multiply({ hi: -q1, lo: 0 }, b));
  const q2 = r.hi / b.hi;
  const r2 = add(r, multiply({ hi: -q2, lo: 0 }, b));
  return add(twoSum(q1, q2), { hi: r2.hi / b.hi, lo: 0 });
}

// 1/(2k + 1) for k = 0 .. SERIES_TERMS - 1, each to double-double precision.
const RECIPROCAL_ODDS: DoubleDouble[] = Array.from({ length: SERIES_TERMS }, (_, k) => divide({ hi: 1, lo: 0 }, { hi: 2 * k + 1, lo: 0 }));

const view = new DataView(new ArrayBuffer(8));

// x = m · 2**e with m in [√½, √2), for a positive finite x (subnormals scaled up first).
function reduce(x: number): { m: number; e: number } {
  let scaled = x;
  let e = 0;
  if (x < 2 ** -1022) {
    scaled = x * 2 ** 54;
    e = -54;
  }
  view.setFloat64(0, scaled);
  const high = view.getUint32(0);
  e += ((high >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  let m = view.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  return { m, e };
}

/**
 * ln x correctly rounded to nearest for positive finite x (to within a 2**-100 relative
 * margin of a rounding midpoint): ln x = e · ln 2 + 2 atanh((m - 1)/(m + 1)), all in
 * double-double. Zero, negative, infinite and NaN inputs give Math.log's (and C's) values.
 */
export function correctlyRoundedLog(x: number): number {
  if (!(x > 0 && x < Infinity)) return Math.log(x);
  if (x === 1) return 0;
  const { m, e } = reduce(x);
  // m - 1 is exact (Sterbenz); m + 1 may round, so it is kept as a double-double.
  const s = divide({ hi: m - 1, lo: 0 }, twoSum(m, 1));
  const s2 = multiply(s, s);
  let series = RECIPROCAL_ODDS[SERIES_TERMS - 1];
  for (let k = SERIES_TERMS - 2; k >= 0; k--) series = add(multiply(series, s2), RECIPROCAL_ODDS[k]);
  const logM = multiply({ hi: 2 * s.hi, lo: 2 * s.lo }, series);
  const eLn2 = add(twoProduct(e, LN2_HI), { hi: e * LN2_LO, lo: 0 });
  const sum = add(eLn2, logM);
  return sum.hi + sum.lo;
}
