// The forward pass of wasmlp/infer's core (assembly/infer.ts) on blocks padded to a
// multiple of PAD columns, in f32x4 vectors only. Each loop does the float32 operations of
// the library's kernels in their order, through the same vector rules: the dense layer as
// matmul.ts's combineRows (each output starts at its bias and adds w·a term by term, t
// ascending), the activations with activations.ts's vector forms, the softmax as
// loss.ts's softmaxProbability, the inputs standardized by rowblock.ts's rule. So the bits
// are the library's, lane by lane (assembly/__tests__/paddedblock.spec.ts compares them).
// Why a copy of the loops: the library's kernels also carry loops for a tail of columns
// and a scalar twin of every rule, three times the code of whole vectors alone, and
// wasmlp/infer is held to 4 KB gzipped, its core included.
import { IDENTITY, RELU, TANH } from "./activations";
import {
  EXP_LO, LOG2E, ROUNDER, LN2_HI, LN2_LO, EXP_P0, EXP_P1, EXP_P2, EXP_P3, EXP_P4, SCALE_BITS, TWO_M24,
  TANH_P0, TANH_P1, TANH_P2, TANH_P3, TANH_P4, TANH_SMALL,
} from "./vmath";

/** Columns of a padded block are a multiple of this: the dense loop's eight vectors. */
export const PAD: i32 = 16;

// @ts-ignore: decorator
@lazy const F32_MAX: f64 = <f64>f32.MAX_VALUE;

/** Rows [cols x inputs] row-major at rowsPtr, float64 values when `wide`, else float32,
 *  into the block [inputs x padded] at dstPtr, zeros in the columns from cols to
 *  `padded`. Each value is checked, then, when `standardize`, (v - mean[c]) / scale[c] in
 *  float64 (statistics at meanPtr and scalePtr) clamped to float32's range, then rounded:
 *  rowblock.ts's rule for a float32 v, bindings/data/samples.ts's for a float64 one.
 *  Returns -1, or the row-major index of the first value that is not a finite float32. */
export function rowsToPaddedBlock(
  rowsPtr: usize, wide: bool, meanPtr: usize, scalePtr: usize, standardize: bool, dstPtr: usize, inputs: i32, cols: i32, padded: i32,
): i32 {
  for (let s = 0, i = 0; s < padded; s++) {
    for (let c = 0; c < inputs; c++) {
      let v: f64 = 0;
      if (s < cols) {
        v = wide ? load<f64>(rowsPtr + (<usize>i << 3)) : <f64>load<f32>(rowsPtr + (<usize>i << 2));
        if (!(Math.abs(v) <= F32_MAX)) return i;
        if (standardize) v = max(-F32_MAX, min(F32_MAX, (v - load<f64>(meanPtr + (<usize>c << 3))) / load<f64>(scalePtr + (<usize>c << 3))));
        i++;
      }
      store<f32>(dstPtr + ((<usize>c * <usize>padded + <usize>s) << 2), <f32>v);
    }
  }
  return -1;
}

/** Z = W·A + b. W: [units x inputs] row-major, A: [inputs x cols], Z: [units x cols],
 *  cols a multiple of PAD. */
export function denseBlock(wPtr: usize, bPtr: usize, aPtr: usize, zPtr: usize, units: i32, inputs: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < units; r++) {
    const init = v128.load32_splat(bPtr + (<usize>r << 2));
    const out = zPtr + <usize>r * rowBytes;
    for (let s: usize = 0; s < rowBytes; s += 64) {
      // Eight sums at once: enough independent additions to hide their latency.
      let z0 = init, z1 = init, z2 = init, z3 = init;
      let src = aPtr + s;
      let w = wPtr + ((<usize>r * <usize>inputs) << 2);
      for (let t = 0; t < inputs; t++) {
        const c = v128.load32_splat(w);
        z0 = f32x4.add(z0, f32x4.mul(c, v128.load(src)));
        z1 = f32x4.add(z1, f32x4.mul(c, v128.load(src, 16)));
        z2 = f32x4.add(z2, f32x4.mul(c, v128.load(src, 32)));
        z3 = f32x4.add(z3, f32x4.mul(c, v128.load(src, 48)));
        src += rowBytes;
        w += 4;
      }
      const at = out + s;
      v128.store(at, z0); v128.store(at, z1, 16); v128.store(at, z2, 32); v128.store(at, z3, 48);
    }
  }
}

// vmath.ts's constants, one float each (vmath's tables hold each splatted, 16 bytes, for
// a load without a shuffle; load32_splat is one instruction too, and this is the
// budget's build). -0 is the sign bit.
const K: usize = memory.data<f32>([
  EXP_LO, LOG2E, ROUNDER, LN2_HI, LN2_LO, EXP_P0, EXP_P1, EXP_P2, EXP_P3, EXP_P4, 1, TWO_M24,
  TANH_P0, TANH_P1, TANH_P2, TANH_P3, TANH_P4, TANH_SMALL, -0.0, 0,
]);
const ONE = 10;
const SIGN = 18;
const ZERO = 19;

// @ts-ignore: decorator
@inline
function k(i: i32): v128 {
  return v128.load32_splat(K + (<usize>i << 2));
}

/** vmath.ts's expNegF32x4, operation for operation (e^x for x ≤ 0), in one function
 *  that the sigmoid, tanh and the softmax call rather than each holding a copy. */
function exp4(x: v128): v128 {
  x = f32x4.pmax(x, k(0));
  const t = f32x4.add(f32x4.mul(x, k(1)), k(2));
  const n = f32x4.sub(t, k(2));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, k(3))), f32x4.mul(n, k(4)));
  const rr = f32x4.mul(r, r);
  const p01 = f32x4.add(f32x4.mul(k(5), r), k(6));
  const p23 = f32x4.add(f32x4.mul(k(7), r), k(8));
  const p = f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(p01, rr), p23), r), k(9));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, rr), r), k(ONE));
  const scale = i32x4.shl(i32x4.sub(t, i32x4.splat(SCALE_BITS)), 23);
  return f32x4.mul(f32x4.mul(y, scale), k(11));
}

/** activations.ts's sigmoidF32x4 on exp4. */
// @ts-ignore: decorator
@inline
function sigmoid4(z: v128): v128 {
  const e = exp4(v128.or(z, k(SIGN)));
  const one = k(ONE);
  return f32x4.div(v128.bitselect(one, e, f32x4.ge(z, k(ZERO))), f32x4.add(one, e));
}

/** vmath.ts's tanhF32x4 on exp4. */
// @ts-ignore: decorator
@inline
function tanh4(x: v128): v128 {
  const sign = k(SIGN);
  const a = v128.andnot(x, sign);
  const aa = f32x4.mul(a, a);
  let p = f32x4.add(f32x4.mul(k(12), aa), k(13));
  p = f32x4.add(f32x4.mul(p, aa), k(14));
  p = f32x4.add(f32x4.mul(p, aa), k(15));
  p = f32x4.add(f32x4.mul(p, aa), k(16));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, aa), a), a);
  const one = k(ONE);
  const e = exp4(v128.or(f32x4.add(a, a), sign));
  const large = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  return v128.or(v128.bitselect(small, large, f32x4.lt(a, k(17))), v128.and(x, sign));
}

/** One rule over `count` (a multiple of 4) values in place; `kind` is a constant at
 *  each call, so each rule compiles to a loop of its own. */
// @ts-ignore: decorator
@inline
function applyRule(kind: i32, ptr: usize, count: i32): void {
  const zero = k(ZERO);
  for (let at = ptr, end = ptr + (<usize>count << 2); at < end; at += 16) {
    const z = v128.load(at);
    let a = z;
    if (kind == RELU) a = v128.bitselect(zero, z, f32x4.le(z, zero));
    else if (kind == TANH) a = tanh4(z);
    else a = sigmoid4(z);
    v128.store(at, a);
  }
}

/** Activation `kind` (activations.ts's SIGMOID, TANH, RELU or IDENTITY) over `count`
 *  values in place, a multiple of 4. */
export function activateBlock(kind: i32, ptr: usize, count: i32): void {
  if (kind == IDENTITY) return;
  if (kind == RELU) applyRule(RELU, ptr, count);
  else if (kind == TANH) applyRule(TANH, ptr, count);
  else applyRule(0, ptr, count);
}

/** Softmax down each column of z [classes x cols] in place, cols a multiple of 4: the
 *  largest logit (each first clamped to float32's largest) subtracted, exponentiated,
 *  divided by the column's sum. */
export function softmaxBlock(zPtr: usize, classes: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  const largest = f32x4.splat(f32.MAX_VALUE);
  for (let at = zPtr, end = zPtr + rowBytes; at < end; at += 16) {
    let top = f32x4.min(v128.load(at), largest);
    for (let k = 1; k < classes; k++) top = f32x4.max(top, f32x4.min(v128.load(at + <usize>k * rowBytes), largest));
    let total = f32x4.splat(0);
    for (let k = 0; k < classes; k++) {
      const z = at + <usize>k * rowBytes;
      const e = exp4(f32x4.sub(f32x4.min(v128.load(z), largest), top));
      v128.store(z, e);
      total = f32x4.add(total, e);
    }
    for (let k = 0; k < classes; k++) {
      const z = at + <usize>k * rowBytes;
      v128.store(z, f32x4.div(v128.load(z), total));
    }
  }
}

/** Probabilities p [1 x cols] at ptr become two rows, 1 - p then p (the row after must be
 *  free): a sigmoid output's two classes, 1 - p rounded to float32 as the library's
 *  probabilitiesToRows rounds it. cols a multiple of 4. */
export function complementRow(ptr: usize, cols: i32): void {
  const one = k(ONE);
  for (let at = ptr, end = ptr + (<usize>cols << 2); at < end; at += 16) {
    const p = v128.load(at);
    v128.store(at, f32x4.sub(one, p));
    v128.store(end + (at - ptr), p);
  }
}

/** Outputs [width x cols] at srcPtr into rows [cols x width] at dstPtr, as they are;
 *  returns the first row holding a value that is not finite, or -1. */
export function blockToRows(srcPtr: usize, dstPtr: usize, width: i32, cols: i32): i32 {
  const colBytes = <usize>cols << 2;
  let badRow = -1;
  for (let s = 0; s < cols; s++) {
    for (let k = 0; k < width; k++) {
      const v = load<f32>(srcPtr + <usize>k * colBytes + (<usize>s << 2));
      store<f32>(dstPtr, v);
      dstPtr += 4;
      // v − v is 0 for a finite v, NaN for NaN and ±Infinity.
      if (v - v != 0 && badRow < 0) badRow = s;
    }
  }
  return badRow;
}
