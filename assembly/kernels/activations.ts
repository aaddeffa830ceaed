// Activation functions, each forward rule followed by its backward rule. Backward rules
// take the activation's output (not its input), as scikit-learn's do: that is what the
// block keeps after the forward pass.

/** a = 1 / (1 + e^-z), in place over `count` values. */
export function sigmoidForward(ptr: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    store<f32>(at, sigmoid(load<f32>(at)));
  }
}

/** d *= a (1 - a): the error through a sigmoid, from its output a. */
export function sigmoidBackward(aPtr: usize, dPtr: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    const a = load<f32>(aPtr + at);
    store<f32>(dPtr + at, load<f32>(dPtr + at) * a * (1 - a));
  }
}

/** Logistic function; e^-z overflows to +Inf for z < -88, which still gives exactly 0. */
// @ts-ignore: decorator
@inline
export function sigmoid(z: f32): f32 {
  return 1 / (1 + Mathf.exp(-z));
}

