// Parameter updates. The gradient buffer holds sums over the batch, so the caller
// passes scale = learningRate / rows to take the seed's mean-gradient step.

/** p -= scale · g over `count` parameters. */
export function gradientDescentStep(paramsPtr: usize, gradsPtr: usize, count: i32, scale: f32): void {
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    store<f32>(paramsPtr + at, load<f32>(paramsPtr + at) - scale * load<f32>(gradsPtr + at));
  }
}
