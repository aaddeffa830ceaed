import { addHigh, addLow, addToStripe, clearStripes, stripesTotal, takeStripes } from "./stripes";

// The regression loss: squared error over identity outputs,
//   loss = ½ Σ_k (z_k − y_k)²,  dloss/dz_k = z_k − y_k,
// summed over a sample's targets k (scikit-learn's squared_loss takes the mean over
// targets instead, and steps with this same gradient). Returns the weighted loss sum and
// writes w·(z − y), the error the backward pass starts from. z and delta are unit-major
// [targets x cols]; y is unit-major with row stride `yStride`, so a block of the
// target-major training set is read in place. With SIMD, four samples at a time; the
// rest go through the scalar twin, which performs the same f32 operations in the same
// order: per target d = z − y, delta = w·d, and Σ d·d in target order, then w·(½·Σ).

/** Σ_s w_s·½ Σ_k (z_ks − y_ks)² in f64 stripes; writes delta_ks = w_s·(z_ks − y_ks). */
export function squaredError(
  zPtr: usize, yPtr: usize, yStride: i32, wPtr: usize, deltaPtr: usize, targets: i32, cols: i32,
): f64 {
  const rowBytes = <usize>cols << 2;
  const yRowBytes = <usize>yStride << 2;
  clearStripes();
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    let low = f64x2.splat(0), high = low;
    for (; s + 4 <= cols; s += 4) {
      const at = <usize>s << 2;
      const terms = squaredErrorF32x4(zPtr + at, yPtr + at, wPtr + at, deltaPtr + at, targets, rowBytes, yRowBytes);
      low = addLow(low, terms);
      high = addHigh(high, terms);
    }
    takeStripes(low, high);
  }
  for (; s < cols; s++) {
    const at = <usize>s << 2;
    addToStripe(s, squaredErrorF32(zPtr + at, yPtr + at, wPtr + at, deltaPtr + at, targets, rowBytes, yRowBytes));
  }
  return stripesTotal();
}

// @ts-ignore: decorator
@inline
function squaredErrorF32(
  zAt: usize, yAt: usize, wAt: usize, deltaAt: usize, targets: i32, rowBytes: usize, yRowBytes: usize,
): f32 {
  const w = load<f32>(wAt);
  let sum: f32 = 0;
  for (let k = 0; k < targets; k++) {
    const d = load<f32>(zAt + <usize>k * rowBytes) - load<f32>(yAt + <usize>k * yRowBytes);
    store<f32>(deltaAt + <usize>k * rowBytes, w * d);
    sum += d * d;
  }
  return w * (<f32>0.5 * sum);
}

// @ts-ignore: decorator
@inline
function squaredErrorF32x4(
  zAt: usize, yAt: usize, wAt: usize, deltaAt: usize, targets: i32, rowBytes: usize, yRowBytes: usize,
): v128 {
  const w = v128.load(wAt);
  let sum = f32x4.splat(0);
  for (let k = 0; k < targets; k++) {
    const d = f32x4.sub(v128.load(zAt + <usize>k * rowBytes), v128.load(yAt + <usize>k * yRowBytes));
    v128.store(deltaAt + <usize>k * rowBytes, f32x4.mul(w, d));
    sum = f32x4.add(sum, f32x4.mul(d, d));
  }
  return f32x4.mul(w, f32x4.mul(f32x4.splat(0.5), sum));
}
