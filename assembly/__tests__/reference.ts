// Float64 reference implementations of each kernel, written the plainest way: loops over
// indices, no pointers, nothing shared with the code under test. Each returns the exact
// (to 2^-53) value and the magnitude an f32 rounding error is proportional to: the sum
// of the absolute values of the terms that were added.

export class Ref {
  value: StaticArray<f64>;
  mag: StaticArray<f64>;
  constructor(count: i32) {
    this.value = new StaticArray<f64>(count);
    this.mag = new StaticArray<f64>(count);
  }
}

/** Z[j][s] = b[j] + Σ_k W[j][k]·A[k][s]; A[k][s] = a[aOffset + k·aStride + s]. */
export function refMatmulAddBias(
  w: StaticArray<f32>, b: StaticArray<f32>, a: StaticArray<f32>, aOffset: i32, aStride: i32,
  units: i32, inputs: i32, cols: i32,
): Ref {
  const out = new Ref(units * cols);
  for (let j = 0; j < units; j++) {
    for (let s = 0; s < cols; s++) {
      let sum = <f64>b[j];
      let mag = Math.abs(<f64>b[j]);
      for (let k = 0; k < inputs; k++) {
        const term = <f64>w[j * inputs + k] * <f64>a[aOffset + k * aStride + s];
        sum += term;
        mag += Math.abs(term);
      }
      out.value[j * cols + s] = sum;
      out.mag[j * cols + s] = mag;
    }
  }
  return out;
}

/** Out[k][s] = Σ_j W[j][k]·D[j][s]. */
export function refMatmulTransposeA(
  w: StaticArray<f32>, d: StaticArray<f32>, units: i32, inputs: i32, cols: i32,
): Ref {
  const out = new Ref(inputs * cols);
  for (let k = 0; k < inputs; k++) {
    for (let s = 0; s < cols; s++) {
      let sum: f64 = 0;
      let mag: f64 = 0;
      for (let j = 0; j < units; j++) {
        const term = <f64>w[j * inputs + k] * <f64>d[j * cols + s];
        sum += term;
        mag += Math.abs(term);
      }
      out.value[k * cols + s] = sum;
      out.mag[k * cols + s] = mag;
    }
  }
  return out;
}

/** G[j][k] = G0[j][k] + Σ_s D[j][s]·A[k][s]; A[k][s] = a[aOffset + k·aStride + s]. */
export function refMatmulTransposeBAccumulate(
  g0: StaticArray<f32>, d: StaticArray<f32>, a: StaticArray<f32>, aOffset: i32, aStride: i32,
  units: i32, inputs: i32, cols: i32,
): Ref {
  const out = new Ref(units * inputs);
  for (let j = 0; j < units; j++) {
    for (let k = 0; k < inputs; k++) {
      let sum = <f64>g0[j * inputs + k];
      let mag = Math.abs(sum);
      for (let s = 0; s < cols; s++) {
        const term = <f64>d[j * cols + s] * <f64>a[aOffset + k * aStride + s];
        sum += term;
        mag += Math.abs(term);
      }
      out.value[j * inputs + k] = sum;
      out.mag[j * inputs + k] = mag;
    }
  }
  return out;
}

/** gb[j] = gb0[j] + Σ_s D[j][s]. */
export function refRowSumsAccumulate(gb0: StaticArray<f32>, d: StaticArray<f32>, units: i32, cols: i32): Ref {
  const out = new Ref(units);
  for (let j = 0; j < units; j++) {
    let sum = <f64>gb0[j];
    let mag = Math.abs(sum);
    for (let s = 0; s < cols; s++) {
      sum += <f64>d[j * cols + s];
      mag += Math.abs(<f64>d[j * cols + s]);
    }
    out.value[j] = sum;
    out.mag[j] = mag;
  }
  return out;
}

/** p − scale·g, elementwise. */
export function refGradientStep(p: StaticArray<f32>, g: StaticArray<f32>, scale: f32): Ref {
  const out = new Ref(p.length);
  for (let i = 0; i < p.length; i++) {
    const step = <f64>scale * <f64>g[i];
    out.value[i] = <f64>p[i] - step;
    out.mag[i] = Math.abs(<f64>p[i]) + Math.abs(step);
  }
  return out;
}

export function refSigmoid(z: f64): f64 {
  return 1 / (1 + Math.exp(-z));
}

/** log(1 + e^t) without overflow. */
function softplus(t: f64): f64 {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** Binary cross-entropy in bits from the logit, stable at any z:
 *  −log p = softplus(−z) and −log(1 − p) = softplus(z). */
export function refCrossEntropyBits(z: f64, y: f64): f64 {
  return (y * softplus(-z) + (1 - y) * softplus(z)) / Math.LN2;
}

/** The textbook formula, −y log2 p − (1 − y) log2(1 − p); accurate in f64 for |z| ≲ 30. */
export function refCrossEntropyBitsTextbook(z: f64, y: f64): f64 {
  const p = refSigmoid(z);
  return -y * Math.log2(p) - (1 - y) * Math.log2(1 - p);
}

/** P(class 1) without overflow: e^z / (1 + e^z) for z < 0. */
export function refProbability(z: f64): f64 {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Categorical cross-entropy in bits of one sample whose logits are z[at + k·stride],
 *  k < classes: (log Σ e^(z_k − top) + top − z_label) / ln 2, shifted so nothing overflows. */
export function refSoftmaxCrossEntropyBits(
  z: StaticArray<f64>, at: i32, stride: i32, classes: i32, label: i32,
): f64 {
  let top = z[at];
  for (let k = 1; k < classes; k++) top = Math.max(top, z[at + k * stride]);
  let total: f64 = 0;
  for (let k = 0; k < classes; k++) total += Math.exp(z[at + k * stride] - top);
  return ((top - z[at + label * stride]) + Math.log(total)) / Math.LN2;
}

/** Softmax probability of class k for the sample whose logits are z[at + j·stride]. */
export function refSoftmax(z: StaticArray<f64>, at: i32, stride: i32, classes: i32, k: i32): f64 {
  let top = z[at];
  for (let j = 1; j < classes; j++) top = Math.max(top, z[at + j * stride]);
  let total: f64 = 0;
  for (let j = 0; j < classes; j++) total += Math.exp(z[at + j * stride] - top);
  return Math.exp(z[at + k * stride] - top) / total;
}

/** One SGD-with-momentum step in f64 (sklearn's SGDOptimizer), over gsum's length:
 *  g = scale·gsum, v' = μ·v − lr·g, p' = p + v' or, with Nesterov, p + μ·v' − lr·g.
 *  `velocity` gets v'. mag: |p| + 2·(|μ·v| + |lr·g|), see update.spec.ts. */
export function refMomentumStep(
  p: StaticArray<f32>, gsum: StaticArray<f32>, velocity: StaticArray<f64>,
  lr: f64, scale: f64, momentum: f64, nesterov: bool,
): Ref {
  const out = new Ref(gsum.length);
  for (let i = 0; i < gsum.length; i++) {
    const g = scale * <f64>gsum[i];
    const v = momentum * velocity[i] - lr * g;
    const update = nesterov ? momentum * v - lr * g : v;
    out.value[i] = <f64>p[i] + update;
    out.mag[i] = Math.abs(<f64>p[i]) + 2 * (Math.abs(momentum * velocity[i]) + Math.abs(lr * g));
    velocity[i] = v;
  }
  return out;
}

/** One Adam step in f64 (sklearn's AdamOptimizer, bias correction in stepSize), over gsum's length:
 *  g = scale·gsum, m' = β1·m + (1 − β1)·g, v' = β2·v + (1 − β2)·g², p' = p − step·m'/(√v' + ε).
 *  `m` and `v` get m' and v'. mag (see update.spec.ts): |p| + 10·|step·m'/(√v' + ε)| +
 *  4·step·(|β1·m| + |(1 − β1)·g|)/(√v' + ε), the last term for an m' that cancels. */
export function refAdamStep(
  p: StaticArray<f32>, gsum: StaticArray<f32>, m: StaticArray<f64>, v: StaticArray<f64>,
  step: f64, scale: f64, beta1: f64, beta2: f64, epsilon: f64,
): Ref {
  const out = new Ref(gsum.length);
  for (let i = 0; i < gsum.length; i++) {
    const g = scale * <f64>gsum[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    const denominator = Math.sqrt(vi) + epsilon;
    const update = step * mi / denominator;
    out.value[i] = <f64>p[i] - update;
    out.mag[i] = Math.abs(<f64>p[i]) + 10 * Math.abs(update) +
      4 * step * (Math.abs(beta1 * m[i]) + Math.abs((1 - beta1) * g)) / denominator;
    m[i] = mi;
    v[i] = vi;
  }
  return out;
}
