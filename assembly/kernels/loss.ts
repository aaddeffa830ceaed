// Binary cross-entropy in bits (the seed article's loss), computed from the logit z so a
// saturated output never produces Infinity or NaN:
//   loss = (max(z, 0) - z·y + log1p(e^-|z|)) / ln 2
//   dloss/dz = (p - y) / ln 2, with p = sigmoid(z)
// The second is the seed's (2)·(3), -(y/p - (1-y)/(1-p))/ln 2 · p(1-p), simplified.

const INV_LN2: f32 = 1.4426950408889634;

/** Returns the summed loss (bits) of `count` samples and writes each sample's dloss/dz
 *  to `deltaPtr`. z, y and delta are contiguous f32 arrays. */
export function binaryCrossEntropyBits(
  zPtr: usize, yPtr: usize, deltaPtr: usize, count: i32,
): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    const z = load<f32>(zPtr + at);
    const y = load<f32>(yPtr + at);
    const e = Mathf.exp(-Mathf.abs(z));
    const p: f32 = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    sum += <f64>(max<f32>(z, 0) - z * y + Mathf.log1p(e));
    store<f32>(deltaPtr + at, (p - y) * INV_LN2);
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
