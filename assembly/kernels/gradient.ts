import { matmulTransposeBAccumulate } from "./matmul";

// The batch gradient of one dense layer: weight and bias gradients summed over a block
// of samples and added to what earlier blocks left, so the whole batch is one sum.

/** gW += D·Aᵀ and gb += row sums of D. D: [units x cols] compact; A: [inputs x cols]
 *  with row stride `aStride`; gW: [units x inputs]; gb: [units]. */
export function denseGradient(
  dPtr: usize, aPtr: usize, aStride: i32, gwPtr: usize, gbPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  matmulTransposeBAccumulate(dPtr, aPtr, aStride, gwPtr, units, inputs, cols);
  for (let j = 0; j < units; j++) {
    const dRow = dPtr + ((<usize>j * <usize>cols) << 2);
    let sum: f32 = 0;
    for (let s = 0; s < cols; s++) sum += load<f32>(dRow + (<usize>s << 2));
    const g = gbPtr + (<usize>j << 2);
    store<f32>(g, load<f32>(g) + sum);
  }
}

/** The L2 penalty's part: gW += l2·W. With gradients summed over a batch of weight n
 *  this is sklearn's (alpha / n)·W once the caller scales by 1/n. Biases are not penalised. */
export function l2Gradient(wPtr: usize, gwPtr: usize, count: i32, l2: f32): void {
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 2;
    store<f32>(gwPtr + at, load<f32>(gwPtr + at) + l2 * load<f32>(wPtr + at));
  }
}

/** Σ w², in f64, for the penalty's share of the reported loss. */
export function squaredNorm(ptr: usize, count: i32): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const w = <f64>load<f32>(ptr + (<usize>i << 2));
    sum += w * w;
  }
  return sum;
}
