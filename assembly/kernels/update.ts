// Parameter updates, as scikit-learn's optimizers (neural_network/_stochastic_optimizers.py)
// apply them. The gradient buffer holds sums over the batch; `scale` = 1 / (batch weight)
// turns them into the mean gradient g.

/** Plain gradient descent: p -= (learningRate · scale) · gsum. `step` is that product. */
export function gradientDescentStep(paramsPtr: usize, gradsPtr: usize, count: i32, step: f32): void {
  for (let i = 0; i < count; i++) {
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
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    const g = load<f32>(gradsPtr + at) * scale;
    const v = momentum * load<f32>(velocityPtr + at) - learningRate * g;
    store<f32>(velocityPtr + at, v);
    const update = nesterov ? momentum * v - learningRate * g : v;
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
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    const g = load<f32>(gradsPtr + at) * scale;
    const m = beta1 * load<f32>(mPtr + at) + (1 - beta1) * g;
    const v = beta2 * load<f32>(vPtr + at) + (1 - beta2) * g * g;
    store<f32>(mPtr + at, m);
    store<f32>(vPtr + at, v);
    store<f32>(paramsPtr + at, load<f32>(paramsPtr + at) - stepSize * m / (Mathf.sqrt(v) + epsilon));
  }
}
