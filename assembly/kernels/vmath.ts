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

export const LOG2E: f32 = 1.44269504088896341;
// 1.5·2^23: adding it rounds x·log2 e to an integer (ties to even) held in the low
// mantissa bits, which are then both the float n and, as bits, the integer n.
export const ROUNDER: f32 = 12582912;
const ROUNDER_BITS: i32 = 0x4b400000;
// ln 2 split so n·LN2_HI is exact for |n| < 2^15 (LN2_HI has 9 significant bits).
export const LN2_HI: f32 = 0.693359375;
export const LN2_LO: f32 = -2.12194440e-4;
// e^-104 is under half the least subnormal (2^-150), so it rounds to 0; clamping there
// keeps n ≥ -150, and 2^(n+24) a normal float.
export const EXP_LO: f32 = -104;
// e^r = 1 + r + r²·P(r), P of degree 4 fitted minimax to the relative error of e^r on
// [−ln2/2, ln2/2] (3e-9 before rounding the coefficients to f32; Cephes' P of degree 5
// errs by 1e-10, far below what an f32 result can hold).
export const EXP_P0: f32 = 1.3814592966809869e-3;
export const EXP_P1: f32 = 8.368708193302155e-3;
export const EXP_P2: f32 = 4.166838899254799e-2;
export const EXP_P3: f32 = 1.666652113199234e-1;
export const EXP_P4: f32 = 4.999999403953552e-1;
// The scale 2^n is built as 2^(n+24), then 2^-24: subnormal results round once, in the
// second product (the first is exact, its result normal).
export const SCALE_BITS: i32 = ROUNDER_BITS - 151; // t's bits − this = n + 127 + 24
export const TWO_M24: f32 = 5.9604644775390625e-8;

// The f32x4 constants, splatted, in memory: V8 rebuilds an inline v128 constant with
// three instructions at each use inside a loop, and a load is one. Builds without SIMD
// (the scalar core) carry none of these tables, and a build carries only the tables it
// uses (@lazy: the inference core has its own, kernels/paddedblock.ts).
// @ts-ignore: decorator
@lazy const EXP_TABLE: usize = ASC_FEATURE_SIMD ? memory.data<f32>([
  EXP_LO, EXP_LO, EXP_LO, EXP_LO, LOG2E, LOG2E, LOG2E, LOG2E,
  ROUNDER, ROUNDER, ROUNDER, ROUNDER, LN2_HI, LN2_HI, LN2_HI, LN2_HI,
  LN2_LO, LN2_LO, LN2_LO, LN2_LO, EXP_P0, EXP_P0, EXP_P0, EXP_P0,
  EXP_P1, EXP_P1, EXP_P1, EXP_P1, EXP_P2, EXP_P2, EXP_P2, EXP_P2,
  EXP_P3, EXP_P3, EXP_P3, EXP_P3, EXP_P4, EXP_P4, EXP_P4, EXP_P4,
  1, 1, 1, 1, TWO_M24, TWO_M24, TWO_M24, TWO_M24,
], 16) : 0;
// @ts-ignore: decorator
@lazy const INT_TABLE: usize = ASC_FEATURE_SIMD ? memory.data<i32>([
  SCALE_BITS, SCALE_BITS, SCALE_BITS, SCALE_BITS,
  0x80000000, 0x80000000, 0x80000000, 0x80000000,
], 16) : 0;

/** A splatted constant of EXP_TABLE / INT_TABLE (index i). */
// @ts-ignore: decorator
@inline
function k4(i: i32): v128 {
  return v128.load(EXP_TABLE + (<usize>i << 4));
}

/** 1 in every lane. */
// @ts-ignore: decorator
@inline
export function onesF32x4(): v128 {
  return k4(10);
}

/** 0x80000000 in every lane: the sign bits. */
// @ts-ignore: decorator
@inline
export function signBits(): v128 {
  return v128.load(INT_TABLE, 16);
}

/** e^x for x ≤ 0, the only exponent the kernels take (-|z|, z − max, −2|x|); NaN stays
 *  NaN, and a positive x is outside the contract. n = round(x·log2 e), r = x − n·ln 2 in
 *  [−ln2/2, ln2/2], e^r = 1 + r + r²·P(r), times 2^n. P is evaluated pairs first
 *  (Estrin's order): as many operations as Horner's, a shorter chain of dependent ones,
 *  which is what bounds a kernel that has several in a row. */
// @ts-ignore: decorator
@inline
export function expNegF32(x: f32): f32 {
  x = x < EXP_LO ? EXP_LO : x;
  const t = x * LOG2E + ROUNDER;
  const n = t - ROUNDER;
  const r = x - n * LN2_HI - n * LN2_LO;
  const rr = r * r;
  const p = ((EXP_P0 * r + EXP_P1) * rr + (EXP_P2 * r + EXP_P3)) * r + EXP_P4;
  const y = p * rr + r + 1;
  return y * reinterpret<f32>((reinterpret<i32>(t) - SCALE_BITS) << 23) * TWO_M24;
}

/** expNegF32 on four lanes; the clamp is written as f32x4.pmax defines it
 *  (pmax(a, b) = a < b ? b : a), one instruction on x86, and it lets NaN through. */
// @ts-ignore: decorator
@inline
export function expNegF32x4(x: v128): v128 {
  x = f32x4.pmax(x, k4(0));
  const t = f32x4.add(f32x4.mul(x, k4(1)), k4(2));
  const n = f32x4.sub(t, k4(2));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, k4(3))), f32x4.mul(n, k4(4)));
  const rr = f32x4.mul(r, r);
  const p01 = f32x4.add(f32x4.mul(k4(5), r), k4(6));
  const p23 = f32x4.add(f32x4.mul(k4(7), r), k4(8));
  const p = f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(p01, rr), p23), r), k4(9));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, rr), r), k4(10));
  const scale = i32x4.shl(i32x4.sub(t, v128.load(INT_TABLE)), 23);
  return f32x4.mul(f32x4.mul(y, scale), k4(11));
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
@lazy const LOG_TABLE: usize = ASC_FEATURE_SIMD ? memory.data<f32>([
  SQRT_HALF, SQRT_HALF, SQRT_HALF, SQRT_HALF, 1, 1, 1, 1,
  LOG_P0, LOG_P0, LOG_P0, LOG_P0, LOG_P1, LOG_P1, LOG_P1, LOG_P1,
  LOG_P2, LOG_P2, LOG_P2, LOG_P2, LOG_P3, LOG_P3, LOG_P3, LOG_P3,
  LOG_P4, LOG_P4, LOG_P4, LOG_P4, LOG_P5, LOG_P5, LOG_P5, LOG_P5,
  LOG_P6, LOG_P6, LOG_P6, LOG_P6, LOG_P7, LOG_P7, LOG_P7, LOG_P7,
  LOG_P8, LOG_P8, LOG_P8, LOG_P8, LN2_LO, LN2_LO, LN2_LO, LN2_LO,
  0.5, 0.5, 0.5, 0.5, LN2_HI, LN2_HI, LN2_HI, LN2_HI,
], 16) : 0;
// @ts-ignore: decorator
@lazy const LOG_INT_TABLE: usize = ASC_FEATURE_SIMD ? memory.data<i32>([
  126, 126, 126, 126, 0x007fffff, 0x007fffff, 0x007fffff, 0x007fffff,
  0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000,
], 16) : 0;

// @ts-ignore: decorator
@inline
function l4(i: i32): v128 {
  return v128.load(LOG_TABLE + (<usize>i << 4));
}

// @ts-ignore: decorator
@inline
export function logF32x4(x: v128): v128 {
  const e0 = i32x4.sub(i32x4.shr_s(x, 23), v128.load(LOG_INT_TABLE));
  const m = v128.or(v128.and(x, v128.load(LOG_INT_TABLE, 16)), v128.load(LOG_INT_TABLE, 32));
  const below = f32x4.lt(m, l4(0));
  const e = i32x4.add(e0, below);
  const t = f32x4.sub(f32x4.add(m, v128.and(m, below)), l4(1));
  const tt = f32x4.mul(t, t);
  let p = f32x4.add(f32x4.mul(l4(2), t), l4(3));
  p = f32x4.add(f32x4.mul(p, t), l4(4));
  p = f32x4.add(f32x4.mul(p, t), l4(5));
  p = f32x4.add(f32x4.mul(p, t), l4(6));
  p = f32x4.add(f32x4.mul(p, t), l4(7));
  p = f32x4.add(f32x4.mul(p, t), l4(8));
  p = f32x4.add(f32x4.mul(p, t), l4(9));
  p = f32x4.add(f32x4.mul(p, t), l4(10));
  const fe = f32x4.convert_i32x4_s(e);
  const y = f32x4.sub(
    f32x4.add(f32x4.mul(f32x4.mul(p, t), tt), f32x4.mul(fe, l4(11))),
    f32x4.mul(l4(12), tt),
  );
  return f32x4.add(f32x4.add(t, y), f32x4.mul(fe, l4(13)));
}

// ln(1 + x) = 2·atanh(s), s = x/(2 + x) ≤ 1/3, by its series 2s(1 + s²/3 + s⁴/5 + …):
// with s² ≤ 1/9 the terms after s¹⁴/15 add under 0.03 ulp, and no logarithm's range
// reduction is needed on [0, 1], which is all the loss asks for (x = e^-|z|).
// @ts-ignore: decorator
@lazy const ATANH_TABLE: usize = ASC_FEATURE_SIMD ? memory.data<f32>([
  2, 2, 2, 2,
  1.0 / 15, 1.0 / 15, 1.0 / 15, 1.0 / 15, 1.0 / 13, 1.0 / 13, 1.0 / 13, 1.0 / 13,
  1.0 / 11, 1.0 / 11, 1.0 / 11, 1.0 / 11, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9,
  1.0 / 7, 1.0 / 7, 1.0 / 7, 1.0 / 7, 1.0 / 5, 1.0 / 5, 1.0 / 5, 1.0 / 5,
  1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3,
], 16) : 0;

// @ts-ignore: decorator
@inline
function a4(i: i32): v128 {
  return v128.load(ATANH_TABLE + (<usize>i << 4));
}

/** ln(1 + x) for x in [0, 1]: 2s + 2s·s²·P(s²), the leading term apart so the
 *  polynomial's roundings are damped by s²/3 ≤ 1/27; P in Estrin's order (see exp). */
// @ts-ignore: decorator
@inline
export function log1pF32(x: f32): f32 {
  const s = x / (2 + x);
  const w = s * s;
  const ww = w * w;
  const high = (<f32>(1.0 / 15) * ww + (<f32>(1.0 / 13) * w + <f32>(1.0 / 11))) * ww;
  const p = (high + (<f32>(1.0 / 9) * w + <f32>(1.0 / 7))) * ww + (<f32>(1.0 / 5) * w + <f32>(1.0 / 3));
  const s2 = s + s;
  return s2 + s2 * (w * p);
}

// @ts-ignore: decorator
@inline
export function log1pF32x4(x: v128): v128 {
  const s = f32x4.div(x, f32x4.add(a4(0), x));
  const w = f32x4.mul(s, s);
  const ww = f32x4.mul(w, w);
  const high = f32x4.mul(f32x4.add(f32x4.mul(a4(1), ww), f32x4.add(f32x4.mul(a4(2), w), a4(3))), ww);
  const p = f32x4.add(
    f32x4.mul(f32x4.add(high, f32x4.add(f32x4.mul(a4(4), w), a4(5))), ww),
    f32x4.add(f32x4.mul(a4(6), w), a4(7)),
  );
  const s2 = f32x4.add(s, s);
  return f32x4.add(s2, f32x4.mul(s2, f32x4.mul(w, p)));
}

// Below TANH_SMALL an odd polynomial (Cephes' split), above it (1 − e)/(1 + e) with
// e = e^-2|x| ≤ 0.29, where 1 − e loses nothing to cancellation.
export const TANH_SMALL: f32 = 0.625;
export const TANH_P0: f32 = -5.70498872745e-3;
export const TANH_P1: f32 = 2.06390887954e-2;
export const TANH_P2: f32 = -5.37397155531e-2;
export const TANH_P3: f32 = 1.33314422036e-1;
export const TANH_P4: f32 = -3.33332819422e-1;

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
  const e = expNegF32(-(a + a));
  const large: f32 = (1 - e) / (1 + e);
  return copysign<f32>(pick(a < TANH_SMALL, small, large), x);
}

// @ts-ignore: decorator
@lazy const TANH_TABLE: usize = ASC_FEATURE_SIMD ? memory.data<f32>([
  TANH_P0, TANH_P0, TANH_P0, TANH_P0, TANH_P1, TANH_P1, TANH_P1, TANH_P1,
  TANH_P2, TANH_P2, TANH_P2, TANH_P2, TANH_P3, TANH_P3, TANH_P3, TANH_P3,
  TANH_P4, TANH_P4, TANH_P4, TANH_P4, TANH_SMALL, TANH_SMALL, TANH_SMALL, TANH_SMALL,
], 16) : 0;

// @ts-ignore: decorator
@inline
function t4(i: i32): v128 {
  return v128.load(TANH_TABLE + (<usize>i << 4));
}

// @ts-ignore: decorator
@inline
export function tanhF32x4(x: v128): v128 {
  const sign = signBits();
  const a = v128.andnot(x, sign);
  const aa = f32x4.mul(a, a);
  let p = f32x4.add(f32x4.mul(t4(0), aa), t4(1));
  p = f32x4.add(f32x4.mul(p, aa), t4(2));
  p = f32x4.add(f32x4.mul(p, aa), t4(3));
  p = f32x4.add(f32x4.mul(p, aa), t4(4));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, aa), a), a);
  const one = onesF32x4();
  const e = expNegF32x4(v128.or(f32x4.add(a, a), sign));
  const large = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  const magnitude = v128.bitselect(small, large, f32x4.lt(a, t4(5)));
  return v128.or(magnitude, v128.and(x, sign));
}
