// Dense products on column blocks: activations are unit-major ([units x cols], one row
// per unit, samples along the row) so every inner loop runs over contiguous samples.
// Sums run in a fixed order so results are bit-reproducible.

/** Z = W·A + b. W: [units x inputs] row-major, A: [inputs x cols] with row stride
 *  `aStride`, Z: [units x cols] compact. */
export function matmulAddBias(
  wPtr: usize, bPtr: usize, aPtr: usize, aStride: i32, zPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  const aRowBytes = <usize>aStride << 2;
  for (let j = 0; j < units; j++) {
    const zRow = zPtr + ((<usize>j * <usize>cols) << 2);
    const bias = load<f32>(bPtr + (<usize>j << 2));
    for (let s = 0; s < cols; s++) store<f32>(zRow + (<usize>s << 2), bias);
    const wRow = wPtr + ((<usize>j * <usize>inputs) << 2);
    for (let k = 0; k < inputs; k++) {
      const w = load<f32>(wRow + (<usize>k << 2));
      const aRow = aPtr + <usize>k * aRowBytes;
      for (let s = 0; s < cols; s++) {
        const at = <usize>s << 2;
        store<f32>(zRow + at, load<f32>(zRow + at) + w * load<f32>(aRow + at));
      }
    }
  }
}

/** Out = Wᵀ·D, the error sent back through a dense layer. W: [units x inputs],
 *  D: [units x cols] compact, Out: [inputs x cols] compact. */
export function matmulTransposeA(
  wPtr: usize, dPtr: usize, outPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  for (let k = 0; k < inputs; k++) {
    const outRow = outPtr + ((<usize>k * <usize>cols) << 2);
    memory.fill(outRow, 0, <usize>cols << 2);
    for (let j = 0; j < units; j++) {
      const w = load<f32>(wPtr + ((<usize>j * <usize>inputs + <usize>k) << 2));
      const dRow = dPtr + ((<usize>j * <usize>cols) << 2);
      for (let s = 0; s < cols; s++) {
        const at = <usize>s << 2;
        store<f32>(outRow + at, load<f32>(outRow + at) + w * load<f32>(dRow + at));
      }
    }
  }
}

/** G += D·Aᵀ, the weight gradient summed over the block's samples. D: [units x cols]
 *  compact, A: [inputs x cols] with row stride `aStride`, G: [units x inputs]. */
export function matmulTransposeBAccumulate(
  dPtr: usize, aPtr: usize, aStride: i32, gPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  const aRowBytes = <usize>aStride << 2;
  for (let j = 0; j < units; j++) {
    const dRow = dPtr + ((<usize>j * <usize>cols) << 2);
    const gRow = gPtr + ((<usize>j * <usize>inputs) << 2);
    for (let k = 0; k < inputs; k++) {
      const aRow = aPtr + <usize>k * aRowBytes;
      let sum: f32 = 0;
      for (let s = 0; s < cols; s++) {
        const at = <usize>s << 2;
        sum += load<f32>(dRow + at) * load<f32>(aRow + at);
      }
      const g = gRow + (<usize>k << 2);
      store<f32>(g, load<f32>(g) + sum);
    }
  }
}
