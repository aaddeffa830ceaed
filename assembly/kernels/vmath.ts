// Float32 exp, log, log1p and tanh for f32x4 lanes, each with a scalar twin that performs
// the same float32 operations in the same order: the SIMD and the scalar build give the
// same bits, lane by lane. No fused multiply-add anywhere (baseline wasm has none).
// see: Cephes expf.c, logf.c, tanhf.c (S. L. Moshier), coefficients as published there.

/** a if `cond`, else b, chosen with bit masks: V8 compiles any select of floats to a
 *  branch, which mispredicts on data such as signs; masks have no branch. */
// @ts-ignore: decorator
@inline
export function pick(cond: bool, a: f32, b: f32): f32 {
  const mask = -<i32>cond;
  return reinterpret<f32>((reinterpret<i32>(a) & mask) | (reinterpret<i32>(b) & ~mask));
}

const LOG2E: f32 = 1.44269504088896341;
// 1.5·2^23: adding it rounds x·log2 e to an integer (ties to even) held in the low
// mantissa bits, which are then both the float n and, as bits, the integer n.
const ROUNDER: f32 = 12582912;
const ROUNDER_BITS: i32 = 0x4b400000;
// ln 2 split so n·LN2_HI is exact for |n| < 2^15 (LN2_HI has 9 significant bits).
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// e^89 > FLT_MAX, so the scale below overflows to +Inf; e^-104 is under half the least
// subnormal (2^-150), so it rounds to 0. Clamping keeps the exponent arithmetic in range.
const EXP_HI: f32 = 89;
const EXP_LO: f32 = -104;
const EXP_P0: f32 = 1.9875691500e-4;
const EXP_P1: f32 = 1.3981999507e-3;
const EXP_P2: f32 = 8.3334519073e-3;
const EXP_P3: f32 = 4.1665795894e-2;
const EXP_P4: f32 = 1.6666665459e-1;
const EXP_P5: f32 = 5.0000001201e-1;

/** e^x: n = round(x·log2 e), r = x − n·ln 2 in [−ln2/2, ln2/2], e^r by Cephes' degree-5
 *  polynomial, times 2^n applied as 2^⌊n/2⌋·2^(n−⌊n/2⌋) so subnormal results and the
 *  overflow to +Inf come out of one correctly rounded product. The clamp is written as
 *  f32x4.pmax/pmin define it (pmax(a, b) = a < b ? b : a), one instruction each on x86
 *  where min/max take several; it lets NaN through, so e^NaN = NaN. */
// @ts-ignore: decorator
@inline
export function expF32(x: f32): f32 {
  x = x < EXP_LO ? EXP_LO : x;
  x = EXP_HI < x ? EXP_HI : x;
  const t = x * LOG2E + ROUNDER;
  const n = t - ROUNDER;
  const r = x - n * LN2_HI - n * LN2_LO;
  const rr = r * r;
  let p = EXP_P0 * r + EXP_P1;
  p = p * r + EXP_P2;
  p = p * r + EXP_P3;
  p = p * r + EXP_P4;
  p = p * r + EXP_P5;
  const y = p * rr + r + 1;
  const k = reinterpret<i32>(t) - ROUNDER_BITS;
  const half = k >> 1;
  return y * reinterpret<f32>((half + 127) << 23) * reinterpret<f32>((k - half + 127) << 23);
}

// @ts-ignore: decorator
@inline
export function expF32x4(x: v128): v128 {
  x = f32x4.pmax(x, f32x4.splat(EXP_LO));
  x = f32x4.pmin(x, f32x4.splat(EXP_HI));
  const rounder = f32x4.splat(ROUNDER);
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), rounder);
  const n = f32x4.sub(t, rounder);
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  const rr = f32x4.mul(r, r);
  let p = f32x4.add(f32x4.mul(f32x4.splat(EXP_P0), r), f32x4.splat(EXP_P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P5));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, rr), r), f32x4.splat(1));
  const k = i32x4.sub(t, i32x4.splat(ROUNDER_BITS));
  const half = i32x4.shr_s(k, 1);
  const bias = i32x4.splat(127);
  const low = i32x4.shl(i32x4.add(half, bias), 23);
  const high = i32x4.shl(i32x4.add(i32x4.sub(k, half), bias), 23);
  return f32x4.mul(f32x4.mul(y, low), high);
}

const SQRT_HALF: f32 = 0.707106781186547524;
const LOG_P0: f32 = 7.0376836292e-2;
const LOG_P1: f32 = -1.1514610310e-1;
const LOG_P2: f32 = 1.1676998740e-1;
const LOG_P3: f32 = -1.2420140846e-1;
const LOG_P4: f32 = 1.4249322787e-1;
const LOG_P5: f32 = -1.6668057665e-1;
const LOG_P6: f32 = 2.0000714765e-1;
const LOG_P7: f32 = -2.4999993993e-1;
const LOG_P8: f32 = 3.3333331174e-1;

/** ln x for a positive normal x (the kernels pass 1 + e^-|z| and Σ e^(z−max) ≥ 1):
 *  x = m·2^e with m in [√½, √2), ln m = t − t²/2 + t³·P(t) for t = m − 1 (exact). */
// @ts-ignore: decorator
@inline
export function logF32(x: f32): f32 {
  const bits = reinterpret<i32>(x);
  let e = (bits >> 23) - 126;
  const m = reinterpret<f32>((bits & 0x007fffff) | 0x3f000000);
  const below = m < SQRT_HALF;
  e -= <i32>below;
  const t = m + pick(below, m, 0) - 1;
  const tt = t * t;
  let p = LOG_P0 * t + LOG_P1;
  p = p * t + LOG_P2;
  p = p * t + LOG_P3;
  p = p * t + LOG_P4;
  p = p * t + LOG_P5;
  p = p * t + LOG_P6;
  p = p * t + LOG_P7;
  p = p * t + LOG_P8;
  const fe = <f32>e;
  const y = p * t * tt + fe * LN2_LO - 0.5 * tt;
  return t + y + fe * LN2_HI;
}

// @ts-ignore: decorator
@inline
export function logF32x4(x: v128): v128 {
  const e0 = i32x4.sub(i32x4.shr_s(x, 23), i32x4.splat(126));
  const m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const below = f32x4.lt(m, f32x4.splat(SQRT_HALF));
  const e = i32x4.add(e0, below);
  const t = f32x4.sub(f32x4.add(m, v128.and(m, below)), f32x4.splat(1));
  const tt = f32x4.mul(t, t);
  let p = f32x4.add(f32x4.mul(f32x4.splat(LOG_P0), t), f32x4.splat(LOG_P1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(LOG_P2));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(LOG_P3));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(LOG_P4));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(LOG_P5));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(LOG_P6));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(LOG_P7));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(LOG_P8));
  const fe = f32x4.convert_i32x4_s(e);
  const y = f32x4.sub(
    f32x4.add(f32x4.mul(f32x4.mul(p, t), tt), f32x4.mul(fe, f32x4.splat(LN2_LO))),
    f32x4.mul(f32x4.splat(0.5), tt),
  );
  return f32x4.add(f32x4.add(t, y), f32x4.mul(fe, f32x4.splat(LN2_HI)));
}

/** ln(1 + x) for x in [0, 1], given u = fl(1 + x): ln u corrected by the rounding error
 *  of 1 + x, (x − (u − 1))/u, whose numerator is exact (Sterbenz). The loss has u
 *  already: it is the probability's denominator. */
// @ts-ignore: decorator
@inline
export function log1pF32(x: f32, u: f32): f32 {
  return logF32(u) + (x - (u - 1)) / u;
}

// @ts-ignore: decorator
@inline
export function log1pF32x4(x: v128, u: v128): v128 {
  const c = f32x4.sub(x, f32x4.sub(u, f32x4.splat(1)));
  return f32x4.add(logF32x4(u), f32x4.div(c, u));
}

// Below TANH_SMALL an odd polynomial (Cephes' split), above it (1 − e)/(1 + e) with
// e = e^-2|x| ≤ 0.29, where 1 − e loses nothing to cancellation.
const TANH_SMALL: f32 = 0.625;
const TANH_P0: f32 = -5.70498872745e-3;
const TANH_P1: f32 = 2.06390887954e-2;
const TANH_P2: f32 = -5.37397155531e-2;
const TANH_P3: f32 = 1.33314422036e-1;
const TANH_P4: f32 = -3.33332819422e-1;

/** tanh x, computed on |x| and given x's sign, so it is odd and tanh(−0) = −0. */
// @ts-ignore: decorator
@inline
export function tanhF32(x: f32): f32 {
  const a = Mathf.abs(x);
  const aa = a * a;
  let p = TANH_P0 * aa + TANH_P1;
  p = p * aa + TANH_P2;
  p = p * aa + TANH_P3;
  p = p * aa + TANH_P4;
  const small = p * aa * a + a;
  const e = expF32(-(a + a));
  const large: f32 = (1 - e) / (1 + e);
  return copysign<f32>(pick(a < TANH_SMALL, small, large), x);
}

// @ts-ignore: decorator
@inline
export function tanhF32x4(x: v128): v128 {
  const sign = i32x4.splat(0x80000000);
  const a = v128.andnot(x, sign);
  const aa = f32x4.mul(a, a);
  let p = f32x4.add(f32x4.mul(f32x4.splat(TANH_P0), aa), f32x4.splat(TANH_P1));
  p = f32x4.add(f32x4.mul(p, aa), f32x4.splat(TANH_P2));
  p = f32x4.add(f32x4.mul(p, aa), f32x4.splat(TANH_P3));
  p = f32x4.add(f32x4.mul(p, aa), f32x4.splat(TANH_P4));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, aa), a), a);
  const one = f32x4.splat(1);
  const e = expF32x4(f32x4.neg(f32x4.add(a, a)));
  const large = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  const magnitude = v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(TANH_SMALL)));
  return v128.or(magnitude, v128.and(x, sign));
}
