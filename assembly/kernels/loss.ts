// Output losses in bits (the seed article measures cross-entropy with log2), computed
// from the logits so a saturated output never produces Infinity or NaN. Each returns the
// weighted loss sum and writes w·dloss/dz, the error the backward pass starts from.

const INV_LN2: f32 = 1.4426950408889634;

/** Binary cross-entropy, one sigmoid output:
 *    loss = (max(z, 0) - z·y + log1p(e^-|z|)) / ln 2,  dloss/dz = (p - y) / ln 2,
 *  the seed's (2)·(3), -(y/p - (1-y)/(1-p))/ln 2 · p(1-p), simplified.
 *  z, y (0 or 1), w and delta are contiguous f32 arrays of `count` samples. */
export function binaryCrossEntropyBits(
  zPtr: usize, yPtr: usize, wPtr: usize, deltaPtr: usize, count: i32,
): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    const z = load<f32>(zPtr + at);
    const y = load<f32>(yPtr + at);
    const w = load<f32>(wPtr + at);
    const e = Mathf.exp(-Mathf.abs(z));
    const p: f32 = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    sum += <f64>(w * (max<f32>(z, 0) - z * y + Mathf.log1p(e)));
    store<f32>(deltaPtr + at, w * (p - y) * INV_LN2);
  }
  return sum * <f64>INV_LN2;
}

/** P(class 1) from output logits, in place: the same stable form the loss uses. */
export function sigmoidProbability(zPtr: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = zPtr + (<usize>i << 2);
    const z = load<f32>(at);
    const e = Mathf.exp(-Mathf.abs(z));
    store<f32>(at, z >= 0 ? 1 / (1 + e) : e / (1 + e));
  }
}

/** Categorical cross-entropy over a softmax of `classes` outputs:
 *    loss = (logsumexp(z) - z_y) / ln 2,  dloss/dz_k = (p_k - [k = y]) / ln 2.
 *  z and delta are unit-major [classes x cols]; y holds class indices as f32. The max is
 *  subtracted before exponentiating (the usual log-sum-exp shift) so nothing overflows. */
export function softmaxCrossEntropyBits(
  zPtr: usize, yPtr: usize, wPtr: usize, deltaPtr: usize, classes: i32, cols: i32,
): f64 {
  const rowBytes = <usize>cols << 2;
  let sum: f64 = 0;
  for (let s = 0; s < cols; s++) {
    const at = <usize>s << 2;
    const label = <i32>load<f32>(yPtr + at);
    const w = load<f32>(wPtr + at);
    let top = load<f32>(zPtr + at);
    for (let k = 1; k < classes; k++) top = max(top, load<f32>(zPtr + <usize>k * rowBytes + at));
    let total: f32 = 0;
    for (let k = 0; k < classes; k++) {
      const e = Mathf.exp(load<f32>(zPtr + <usize>k * rowBytes + at) - top);
      store<f32>(deltaPtr + <usize>k * rowBytes + at, e);
      total += e;
    }
    const zy = load<f32>(zPtr + <usize>label * rowBytes + at);
    // (top - z_y) first: both are large near saturation, and their difference is exact-ish.
    sum += <f64>(w * ((top - zy) + Mathf.log(total)));
    const scale = w * INV_LN2;
    for (let k = 0; k < classes; k++) {
      const d = deltaPtr + <usize>k * rowBytes + at;
      const p = load<f32>(d) / total;
      store<f32>(d, scale * (k == label ? p - 1 : p));
    }
  }
  return sum * <f64>INV_LN2;
}

/** Softmax over each column of unit-major logits [classes x cols], in place. A logit
 *  that overflowed to +Infinity counts as the largest float, so the column stays a
 *  distribution instead of Infinity - Infinity = NaN. */
export function softmaxProbability(zPtr: usize, classes: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let s = 0; s < cols; s++) {
    const at = zPtr + (<usize>s << 2);
    for (let k = 0; k < classes; k++) {
      const z = at + <usize>k * rowBytes;
      store<f32>(z, min<f32>(load<f32>(z), f32.MAX_VALUE));
    }
    let top = load<f32>(at);
    for (let k = 1; k < classes; k++) top = max(top, load<f32>(at + <usize>k * rowBytes));
    let total: f32 = 0;
    for (let k = 0; k < classes; k++) {
      const e = Mathf.exp(load<f32>(at + <usize>k * rowBytes) - top);
      store<f32>(at + <usize>k * rowBytes, e);
      total += e;
    }
    for (let k = 0; k < classes; k++) store<f32>(at + <usize>k * rowBytes, load<f32>(at + <usize>k * rowBytes) / total);
  }
}
