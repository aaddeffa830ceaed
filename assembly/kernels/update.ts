// Parameter updates, as scikit-learn's optimizers (neural_network/_stochastic_optimizers.py)
// apply them. The gradient buffer holds sums over the batch; `scale` = 1 / (batch weight)
// turns them into the mean gradient g. With SIMD four parameters at a time, the rest one
// by one with the same operations in the same order.

/** Plain gradient descent: p -= (learningRate · scale) · gsum. `step` is that product. */
export function gradientDescentStep(paramsPtr: usize, gradsPtr: usize, count: i32, step: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const stepV = f32x4.splat(step);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      v128.store(paramsPtr + at, f32x4.sub(v128.load(paramsPtr + at), f32x4.mul(stepV, v128.load(gradsPtr + at))));
    }
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    store<f32>(paramsPtr + at, load<f32>(paramsPtr + at) - step * load<f32>(gradsPtr + at));
  }
}

/** SGD with momentum: v = μ·v - lr·g, then p += v, or with Nesterov's correction
 *  p += μ·v - lr·g (the look-ahead step sklearn takes). */
export function momentumStep(
  paramsPtr: usize, gradsPtr: usize, velocityPtr: usize, count: i32,
  learningRate: f32, scale: f32, momentum: f32, nesterov: bool,
): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const lr = f32x4.splat(learningRate), scaleV = f32x4.splat(scale), mu = f32x4.splat(momentum);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      const lrG = f32x4.mul(lr, f32x4.mul(v128.load(gradsPtr + at), scaleV));
      const v = f32x4.sub(f32x4.mul(mu, v128.load(velocityPtr + at)), lrG);
      v128.store(velocityPtr + at, v);
      const update = nesterov ? f32x4.sub(f32x4.mul(mu, v), lrG) : v;
      v128.store(paramsPtr + at, f32x4.add(v128.load(paramsPtr + at), update));
    }
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    const lrG = learningRate * (load<f32>(gradsPtr + at) * scale);
    const v = momentum * load<f32>(velocityPtr + at) - lrG;
    store<f32>(velocityPtr + at, v);
    const update = nesterov ? momentum * v - lrG : v;
    store<f32>(paramsPtr + at, load<f32>(paramsPtr + at) + update);
  }
}

/** Adam (Kingma & Ba, 2014): m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g²,
 *  p -= stepSize · m / (√v + ε), with the bias correction folded into
 *  stepSize = lr·√(1-β2^t)/(1-β1^t) by the caller, as sklearn does. */
export function adamStep(
  paramsPtr: usize, gradsPtr: usize, mPtr: usize, vPtr: usize, count: i32,
  stepSize: f32, scale: f32, beta1: f32, beta2: f32, epsilon: f32,
): void {
  const keep1: f32 = 1 - beta1;
  const keep2: f32 = 1 - beta2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const scaleV = f32x4.splat(scale), step = f32x4.splat(stepSize), eps = f32x4.splat(epsilon);
    const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2), k1 = f32x4.splat(keep1), k2 = f32x4.splat(keep2);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      const g = f32x4.mul(v128.load(gradsPtr + at), scaleV);
      const m = f32x4.add(f32x4.mul(b1, v128.load(mPtr + at)), f32x4.mul(k1, g));
      const v = f32x4.add(f32x4.mul(b2, v128.load(vPtr + at)), f32x4.mul(f32x4.mul(k2, g), g));
      v128.store(mPtr + at, m);
      v128.store(vPtr + at, v);
      const update = f32x4.div(f32x4.mul(step, m), f32x4.add(f32x4.sqrt(v), eps));
      v128.store(paramsPtr + at, f32x4.sub(v128.load(paramsPtr + at), update));
    }
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    const g = load<f32>(gradsPtr + at) * scale;
    const m = beta1 * load<f32>(mPtr + at) + keep1 * g;
    const v = beta2 * load<f32>(vPtr + at) + keep2 * g * g;
    store<f32>(mPtr + at, m);
    store<f32>(vPtr + at, v);
    store<f32>(paramsPtr + at, load<f32>(paramsPtr + at) - stepSize * m / (Mathf.sqrt(v) + epsilon));
  }
}
