// Hidden-layer activation functions, each forward rule followed by its backward rule.
// Backward rules take the activation's output (not its input), as scikit-learn's do:
// that is what the block keeps after the forward pass.

export const SIGMOID: i32 = 0;
export const TANH: i32 = 1;
export const RELU: i32 = 2;

/** Logistic function; e^-z overflows to +Inf for z < -88, which still gives exactly 0. */
// @ts-ignore: decorator
@inline
export function sigmoid(z: f32): f32 {
  return 1 / (1 + Mathf.exp(-z));
}

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

/** a = tanh z, in place (musl's tanhf, accurate near 0 where 1 - 2/(e^2z + 1) is not). */
export function tanhForward(ptr: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    store<f32>(at, Mathf.tanh(load<f32>(at)));
  }
}

/** d *= 1 - a²: the error through tanh, from its output a. */
export function tanhBackward(aPtr: usize, dPtr: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    const a = load<f32>(aPtr + at);
    store<f32>(dPtr + at, load<f32>(dPtr + at) * (1 - a * a));
  }
}

/** a = max(z, 0), in place. */
export function reluForward(ptr: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    store<f32>(at, max<f32>(load<f32>(at), 0));
  }
}

/** d = 0 where a = 0: the error through relu, from its output (the subgradient at 0 is 0). */
export function reluBackward(aPtr: usize, dPtr: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    if (load<f32>(aPtr + at) <= 0) store<f32>(dPtr + at, 0);
  }
}

/** Forward rule of activation `kind` (SIGMOID, TANH or RELU), in place. */
export function activationForward(kind: i32, ptr: usize, count: i32): void {
  if (kind == TANH) tanhForward(ptr, count);
  else if (kind == RELU) reluForward(ptr, count);
  else sigmoidForward(ptr, count);
}

/** Backward rule of activation `kind`, from its output `aPtr`, scaling `dPtr` in place. */
export function activationBackward(kind: i32, aPtr: usize, dPtr: usize, count: i32): void {
  if (kind == TANH) tanhBackward(aPtr, dPtr, count);
  else if (kind == RELU) reluBackward(aPtr, dPtr, count);
  else sigmoidBackward(aPtr, dPtr, count);
}
