// Row-major samples into a unit-major block, where the forward pass wants them.
// Prediction reads the caller's rows as they are (the wrapper copies X in with one
// memcpy instead of transposing it in JavaScript), and checking every value for
// finiteness and standardizing ride along on the same pass. Shuffled training reads its
// mini-batches' rows, picked through the row order, from a row-major training set.

// @ts-ignore: decorator
@lazy const F32_MAX: f64 = <f64>f32.MAX_VALUE;

/** (v - mean) / scale in f64, clamped to float32's range, then rounded: StandardScaler
 *  in float64 as bindings/data/samples.ts computes it, the same bits. Far outside the training
 *  range the quotient can pass float32's range; the clamp keeps its saturation. */
// @ts-ignore: decorator
@inline
function standardized(v: f32, mean: f64, scale: f64): f32 {
  return <f32>max(-F32_MAX, min(F32_MAX, (<f64>v - mean) / scale));
}

// @ts-ignore: decorator
@inline
function standardizedF32x4(v: v128, mean: v128, scale: v128): v128 {
  const top = f64x2.splat(F32_MAX), bottom = f64x2.splat(-F32_MAX);
  const lo = f64x2.div(f64x2.sub(f64x2.promote_low_f32x4(v), mean), scale);
  const hi = f64x2.div(f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)), mean), scale);
  return v128.shuffle<f32>(
    f32x4.demote_f64x2_zero(f64x2.max(bottom, f64x2.min(top, lo))),
    f32x4.demote_f64x2_zero(f64x2.max(bottom, f64x2.min(top, hi))),
    0, 1, 4, 5,
  );
}

// @ts-ignore: decorator
@inline
function finite(v: f32): bool {
  return Mathf.abs(v) <= f32.MAX_VALUE;
}

/** Index (row-major) of the first value that is NaN or infinite among `count`, or -1. */
function firstNonFinite(srcPtr: usize, count: i32): i32 {
  for (let i = 0; i < count; i++) {
    if (!finite(load<f32>(srcPtr + (<usize>i << 2)))) return i;
  }
  return -1;
}

/** One value into the block: standardized when asked. */
// @ts-ignore: decorator
@inline
function placeValue(v: f32, dstAt: usize, meanPtr: usize, scalePtr: usize, standardize: bool, c: i32): void {
  if (standardize) v = standardized(v, load<f64>(meanPtr + (<usize>c << 3)), load<f64>(scalePtr + (<usize>c << 3)));
  store<f32>(dstAt, v);
}

/** Four rows' values of one feature into the block at dstAt, standardized when asked;
 *  returns the lanes that are finite (checked before standardizing, as bindings/data/samples.ts does). */
// @ts-ignore: decorator
@inline
function placeVector(v: v128, dstAt: usize, meanAt: usize, scaleAt: usize, standardize: bool): v128 {
  const ok = f32x4.le(f32x4.abs(v), f32x4.splat(f32.MAX_VALUE));
  if (standardize) v = standardizedF32x4(v, v128.load64_splat(meanAt), v128.load64_splat(scaleAt));
  v128.store(dstAt, v);
  return ok;
}

/** Rows [cols x features] row-major at srcPtr into the block [features x cols] at dstPtr,
 *  each value (v - mean[c]) / scale[c] when `standardize` (f64 statistics at meanPtr and
 *  scalePtr). Returns -1, or the row-major index of the first value that is not finite,
 *  and then the block holds nothing useful. With SIMD, up to 12 bytes past the last row
 *  are read (and ignored). */
export function rowsToBlock(
  srcPtr: usize, meanPtr: usize, scalePtr: usize, standardize: bool, dstPtr: usize, features: i32, cols: i32,
): i32 {
  const rowBytes = <usize>features << 2;
  const colBytes = <usize>cols << 2;
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    let good = i32x4.splat(-1);
    // Four rows at a time, four features at a time: a 4x4 transpose in registers.
    for (; s + 4 <= cols; s += 4) {
      const rows = srcPtr + <usize>s * rowBytes;
      const dst = dstPtr + (<usize>s << 2);
      for (let c = 0; c < features; c += 4) {
        const at = rows + (<usize>c << 2);
        const r0 = v128.load(at), r1 = v128.load(at + rowBytes);
        const r2 = v128.load(at + 2 * rowBytes), r3 = v128.load(at + 3 * rowBytes);
        const low01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), low23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
        const high01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), high23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
        // Feature c + k of the four rows, for each k < features - c; past that, a
        // "feature" would be the next row's values.
        const f = dst + <usize>c * colBytes;
        const m = meanPtr + (<usize>c << 3), d = scalePtr + (<usize>c << 3);
        good = v128.and(good, placeVector(v128.shuffle<f32>(low01, low23, 0, 1, 4, 5), f, m, d, standardize));
        if (c + 1 < features) good = v128.and(good, placeVector(v128.shuffle<f32>(low01, low23, 2, 3, 6, 7), f + colBytes, m + 8, d + 8, standardize));
        if (c + 2 < features) good = v128.and(good, placeVector(v128.shuffle<f32>(high01, high23, 0, 1, 4, 5), f + 2 * colBytes, m + 16, d + 16, standardize));
        if (c + 3 < features) good = v128.and(good, placeVector(v128.shuffle<f32>(high01, high23, 2, 3, 6, 7), f + 3 * colBytes, m + 24, d + 24, standardize));
      }
    }
    if (!i32x4.all_true(good)) return firstNonFinite(srcPtr, s * features);
  }
  for (; s < cols; s++) {
    const row = srcPtr + <usize>s * rowBytes;
    for (let c = 0; c < features; c++) {
      const v = load<f32>(row + (<usize>c << 2));
      if (!finite(v)) return s * features + c;
      placeValue(v, dstPtr + <usize>c * colBytes + (<usize>s << 2), meanPtr, scalePtr, standardize, c);
    }
  }
  return -1;
}

/** Rows order[0 .. cols) (i32 indices at orderPtr) of a row-major [rows x features]
 *  matrix at srcPtr into the block [features x cols] at dstPtr: a shuffled batch's
 *  samples. Read this way each sample's features sit side by side, two cache lines for
 *  20 features, where the same sample in a feature-major set is one line per feature
 *  (and the rows come in random order, so each is a miss). A copy: the block holds the
 *  stored bits. With SIMD, four samples and four features at a time through the 4x4
 *  transpose above; a row's last features mod 4 and the last samples mod 4 one by one,
 *  so nothing past a row is read. */
export function pickRowsToBlock(srcPtr: usize, orderPtr: usize, dstPtr: usize, features: i32, cols: i32): void {
  const rowBytes = <usize>features << 2;
  const colBytes = <usize>cols << 2;
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    const wide = features & ~3;
    for (; s + 4 <= cols; s += 4) {
      const at = orderPtr + (<usize>s << 2);
      const p0 = srcPtr + <usize>load<i32>(at) * rowBytes, p1 = srcPtr + <usize>load<i32>(at, 4) * rowBytes;
      const p2 = srcPtr + <usize>load<i32>(at, 8) * rowBytes, p3 = srcPtr + <usize>load<i32>(at, 12) * rowBytes;
      const dst = dstPtr + (<usize>s << 2);
      let c = 0;
      for (; c < wide; c += 4) {
        const offset = <usize>c << 2;
        const r0 = v128.load(p0 + offset), r1 = v128.load(p1 + offset);
        const r2 = v128.load(p2 + offset), r3 = v128.load(p3 + offset);
        const low01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), low23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
        const high01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), high23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
        const f = dst + <usize>c * colBytes;
        v128.store(f, v128.shuffle<f32>(low01, low23, 0, 1, 4, 5));
        v128.store(f + colBytes, v128.shuffle<f32>(low01, low23, 2, 3, 6, 7));
        v128.store(f + 2 * colBytes, v128.shuffle<f32>(high01, high23, 0, 1, 4, 5));
        v128.store(f + 3 * colBytes, v128.shuffle<f32>(high01, high23, 2, 3, 6, 7));
      }
      for (; c < features; c++) {
        const offset = <usize>c << 2;
        const f = dst + <usize>c * colBytes;
        store<f32>(f, load<f32>(p0 + offset));
        store<f32>(f, load<f32>(p1 + offset), 4);
        store<f32>(f, load<f32>(p2 + offset), 8);
        store<f32>(f, load<f32>(p3 + offset), 12);
      }
    }
  }
  for (; s < cols; s++) {
    const row = srcPtr + <usize>load<i32>(orderPtr + (<usize>s << 2)) * rowBytes;
    const dst = dstPtr + (<usize>s << 2);
    for (let c = 0; c < features; c++) store<f32>(dst + <usize>c * colBytes, load<f32>(row + (<usize>c << 2)));
  }
}
