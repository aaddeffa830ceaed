import { expNegF32, expNegF32x4, signBits, logF32, logF32x4, log1pF32, log1pF32x4, pick } from "./vmath";
import { sigmoidForward, sigmoidNumeratorF32x4 } from "./activations";
import { addHigh, addLow, addToStripe, clearStripes, stripesTotal, takeStripes } from "./stripes";

// Output losses in bits (the seed article measures cross-entropy with log2), computed
// from the logits so a saturated output never produces Infinity or NaN. Each returns the
// weighted loss sum and writes w·dloss/dz, the error the backward pass starts from.
// With SIMD, four samples at a time; the rest go through scalar twins that round alike.
// The f64 loss sum runs in four stripes (stripes.ts).

const INV_LN2: f32 = 1.4426950408889634;
// Splatted constants in memory (see vmath.ts: a load is cheaper in V8's loops).
const CONSTANTS: usize = ASC_FEATURE_SIMD ? memory.data<f32>([1, 1, 1, 1, INV_LN2, INV_LN2, INV_LN2, INV_LN2], 16) : 0;

/** The stripes' total, scaled from nats to bits. */
// @ts-ignore: decorator
@inline
function stripedTotal(): f64 {
  return stripesTotal() * <f64>INV_LN2;
}

/** Binary cross-entropy, one sigmoid output:
 *    loss = (max(z, 0) - z·y + log1p(e^-|z|)) / ln 2,  dloss/dz = (p - y) / ln 2,
 *  the seed's (2)·(3), -(y/p - (1-y)/(1-p))/ln 2 · p(1-p), simplified.
 *  z, y (0 or 1), w and delta are contiguous f32 arrays of `count` samples. */
export function binaryCrossEntropyBits(
  zPtr: usize, yPtr: usize, wPtr: usize, deltaPtr: usize, count: i32,
): f64 {
  clearStripes();
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Two sweeps: e = e^-|z| first (into the deltas' place), then the terms and the
    // deltas from it. Each sweep's iterations are independent and short, so the
    // processor overlaps their chains (an exp; then a division each for p and log1p),
    // which one sweep of the three in a row kept waiting.
    const end = <usize>(count & ~3) << 2;
    for (let at: usize = 0; at < end; at += 16) v128.store(deltaPtr + at, expNegF32x4(v128.or(v128.load(zPtr + at), signBits())));
    let low = f64x2.splat(0), high = low;
    for (let at: usize = 0; at < end; at += 16) {
      const terms = binaryCrossEntropyFromExpF32x4(v128.load(zPtr + at), v128.load(deltaPtr + at), yPtr + at, wPtr + at, deltaPtr + at);
      low = addLow(low, terms);
      high = addHigh(high, terms);
    }
    takeStripes(low, high);
    i = count & ~3;
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    addToStripe(i, binaryCrossEntropyF32(zPtr + at, yPtr + at, wPtr + at, deltaPtr + at));
  }
  return stripedTotal();
}

/** One sample of binaryCrossEntropyBits: writes its delta, returns w·loss·ln 2. With
 *  e = e^-|z|: p = 1/(1 + e) or e/(1 + e) (the sigmoid's stable form), and max(z, 0)
 *  written as f32x4.pmax(0, z) is (0 < z ? z : 0), one instruction. */
// @ts-ignore: decorator
@inline
function binaryCrossEntropyF32(zAt: usize, yAt: usize, wAt: usize, deltaAt: usize): f32 {
  const z = load<f32>(zAt);
  const y = load<f32>(yAt);
  const w = load<f32>(wAt);
  const e = expNegF32(-Mathf.abs(z));
  const u: f32 = 1 + e;
  const p = pick(z >= 0, 1, e) / u;
  store<f32>(deltaAt, w * (p - y) * INV_LN2);
  return w * (pick(0 < z, z, 0) - z * y + log1pF32(e));
}

/** Four samples of binaryCrossEntropyBits from their logits z and e = e^-|z|: writes
 *  their deltas at deltaAt (which may hold e: it is read first), returns w·loss·ln 2. */
// @ts-ignore: decorator
@inline
function binaryCrossEntropyFromExpF32x4(z: v128, e: v128, yAt: usize, wAt: usize, deltaAt: usize): v128 {
  const y = v128.load(yAt);
  const w = v128.load(wAt);
  const one = v128.load(CONSTANTS);
  const u = f32x4.add(one, e);
  const p = f32x4.div(sigmoidNumeratorF32x4(z, e), u);
  v128.store(deltaAt, f32x4.mul(f32x4.mul(w, f32x4.sub(p, y)), v128.load(CONSTANTS, 16)));
  const margin = f32x4.sub(f32x4.pmax(f32x4.splat(0), z), f32x4.mul(z, y));
  return f32x4.mul(w, f32x4.add(margin, log1pF32x4(e)));
}

/** Σ w over `count` sample weights, in f64, in the loss sums' stripes. */
export function weightSum(wPtr: usize, count: i32): f64 {
  clearStripes();
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let low = f64x2.splat(0), high = low;
    for (; i + 4 <= count; i += 4) {
      const w = v128.load(wPtr + (<usize>i << 2));
      low = addLow(low, w);
      high = addHigh(high, w);
    }
    takeStripes(low, high);
  }
  for (; i < count; i++) addToStripe(i, load<f32>(wPtr + (<usize>i << 2)));
  return stripesTotal();
}

/** P(class 1) from output logits, in place: the sigmoid's stable form, as the loss uses. */
export function sigmoidProbability(zPtr: usize, count: i32): void {
  sigmoidForward(zPtr, count);
}

/** Categorical cross-entropy over a softmax of `classes` outputs:
 *    loss = (logsumexp(z) - z_y) / ln 2,  dloss/dz_k = (p_k - [k = y]) / ln 2.
 *  z and delta are unit-major [classes x cols]; y holds class indices as f32. The max is
 *  subtracted before exponentiating (the usual log-sum-exp shift) so nothing overflows. */
export function softmaxCrossEntropyBits(
  zPtr: usize, yPtr: usize, wPtr: usize, deltaPtr: usize, classes: i32, cols: i32,
): f64 {
  const rowBytes = <usize>cols << 2;
  clearStripes();
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    let low = f64x2.splat(0), high = low;
    for (; s + 4 <= cols; s += 4) {
      const at = <usize>s << 2;
      const terms = softmaxCrossEntropyF32x4(zPtr + at, yPtr + at, wPtr + at, deltaPtr + at, classes, rowBytes);
      low = addLow(low, terms);
      high = addHigh(high, terms);
    }
    takeStripes(low, high);
  }
  for (; s < cols; s++) {
    const at = <usize>s << 2;
    addToStripe(s, softmaxCrossEntropyF32(zPtr + at, yPtr + at, wPtr + at, deltaPtr + at, classes, rowBytes));
  }
  return stripedTotal();
}

/** One column of softmaxCrossEntropyBits (logit k at zAt + k·rowBytes): writes its
 *  deltas, returns w·loss·ln 2. */
function softmaxCrossEntropyF32(
  zAt: usize, yAt: usize, wAt: usize, deltaAt: usize, classes: i32, rowBytes: usize,
): f32 {
  const label = <i32>load<f32>(yAt);
  const w = load<f32>(wAt);
  let top = load<f32>(zAt);
  for (let k = 1; k < classes; k++) top = max(top, load<f32>(zAt + <usize>k * rowBytes));
  let total: f32 = 0;
  for (let k = 0; k < classes; k++) {
    const e = expNegF32(load<f32>(zAt + <usize>k * rowBytes) - top);
    store<f32>(deltaAt + <usize>k * rowBytes, e);
    total += e;
  }
  const scale = w * INV_LN2;
  for (let k = 0; k < classes; k++) {
    const d = deltaAt + <usize>k * rowBytes;
    const p = load<f32>(d) / total;
    store<f32>(d, scale * (k == label ? p - 1 : p));
  }
  // (top - z_y) first: both are large near saturation, and their difference is exact-ish.
  return w * ((top - load<f32>(zAt + <usize>label * rowBytes)) + logF32(total));
}

/** Four columns of softmaxCrossEntropyBits; z_y is picked by comparing labels with k. */
function softmaxCrossEntropyF32x4(
  zAt: usize, yAt: usize, wAt: usize, deltaAt: usize, classes: i32, rowBytes: usize,
): v128 {
  const label = i32x4.trunc_sat_f32x4_s(v128.load(yAt));
  const w = v128.load(wAt);
  let top = v128.load(zAt);
  for (let k = 1; k < classes; k++) top = f32x4.max(top, v128.load(zAt + <usize>k * rowBytes));
  let total = f32x4.splat(0);
  let zy = top;
  for (let k = 0; k < classes; k++) {
    const z = v128.load(zAt + <usize>k * rowBytes);
    const e = expNegF32x4(f32x4.sub(z, top));
    v128.store(deltaAt + <usize>k * rowBytes, e);
    total = f32x4.add(total, e);
    zy = v128.bitselect(z, zy, i32x4.eq(label, i32x4.splat(k)));
  }
  const scale = f32x4.mul(w, f32x4.splat(INV_LN2));
  const one = f32x4.splat(1);
  for (let k = 0; k < classes; k++) {
    const d = deltaAt + <usize>k * rowBytes;
    const p = f32x4.div(v128.load(d), total);
    const hit = i32x4.eq(label, i32x4.splat(k));
    v128.store(d, f32x4.mul(scale, v128.bitselect(f32x4.sub(p, one), p, hit)));
  }
  return f32x4.mul(w, f32x4.add(f32x4.sub(top, zy), logF32x4(total)));
}

/** Softmax over each column of unit-major logits [classes x cols], in place. A logit
 *  that overflowed to +Infinity counts as the largest float, so the column stays a
 *  distribution instead of Infinity - Infinity = NaN. */
export function softmaxProbability(zPtr: usize, classes: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    const largest = f32x4.splat(f32.MAX_VALUE);
    for (; s + 4 <= cols; s += 4) {
      const at = zPtr + (<usize>s << 2);
      let top = f32x4.min(v128.load(at), largest);
      for (let k = 1; k < classes; k++) top = f32x4.max(top, f32x4.min(v128.load(at + <usize>k * rowBytes), largest));
      let total = f32x4.splat(0);
      for (let k = 0; k < classes; k++) {
        const z = at + <usize>k * rowBytes;
        const e = expNegF32x4(f32x4.sub(f32x4.min(v128.load(z), largest), top));
        v128.store(z, e);
        total = f32x4.add(total, e);
      }
      for (let k = 0; k < classes; k++) {
        const z = at + <usize>k * rowBytes;
        v128.store(z, f32x4.div(v128.load(z), total));
      }
    }
  }
  for (; s < cols; s++) {
    const at = zPtr + (<usize>s << 2);
    let top = min<f32>(load<f32>(at), f32.MAX_VALUE);
    for (let k = 1; k < classes; k++) top = max(top, min<f32>(load<f32>(at + <usize>k * rowBytes), f32.MAX_VALUE));
    let total: f32 = 0;
    for (let k = 0; k < classes; k++) {
      const z = at + <usize>k * rowBytes;
      const e = expNegF32(min<f32>(load<f32>(z), f32.MAX_VALUE) - top);
      store<f32>(z, e);
      total += e;
    }
    for (let k = 0; k < classes; k++) store<f32>(at + <usize>k * rowBytes, load<f32>(at + <usize>k * rowBytes) / total);
  }
}
