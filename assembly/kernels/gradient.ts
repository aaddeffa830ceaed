import { sumOverSamples } from "./samplesums";

// The batch gradient of one dense layer: weight and bias gradients summed over a block
// of samples and added to what earlier blocks left, so the whole batch is one sum.

/** gW += D·Aᵀ and gb += row sums of D. D: [units x cols] compact; A: [inputs x cols]
 *  with row stride `aStride`; gW: [units x inputs]; gb: [units]. */
export function denseGradient(
  dPtr: usize, aPtr: usize, aStride: i32, gwPtr: usize, gbPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  sumOverSamples(dPtr, aPtr, aStride, gwPtr, gbPtr, true, units, inputs, cols);
}

/** The L2 penalty's part: gW += l2·W. With gradients summed over a batch of weight n
 *  this is sklearn's (alpha / n)·W once the caller scales by 1/n. Biases are not penalised. */
export function l2Gradient(wPtr: usize, gwPtr: usize, count: i32, l2: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const penalty = f32x4.splat(l2);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      v128.store(gwPtr + at, f32x4.add(v128.load(gwPtr + at), f32x4.mul(penalty, v128.load(wPtr + at))));
    }
  }
  for (; i < count; i++) {
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

/** out = s₀ + s₁ + … + s_(n−1), summed left to right: `slices` gradients of `count`
 *  floats each, `strideBytes` apart from `firstPtr`. The order is fixed, so the sum does
 *  not depend on which thread filled which slice. */
export function sumSlices(firstPtr: usize, strideBytes: usize, outPtr: usize, count: i32, slices: i32): void {
  const stride = strideBytes;
  memory.copy(outPtr, firstPtr, <usize>count << 2);
  for (let s = 1; s < slices; s++) {
    const src = firstPtr + <usize>s * stride;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      for (; i + 4 <= count; i += 4) {
        const at = <usize>i << 2;
        v128.store(outPtr + at, f32x4.add(v128.load(outPtr + at), v128.load(src + at)));
      }
    }
    for (; i < count; i++) {
      const at = <usize>i << 2;
      store<f32>(outPtr + at, load<f32>(outPtr + at) + load<f32>(src + at));
    }
  }
}
