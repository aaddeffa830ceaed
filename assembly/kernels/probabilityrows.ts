// The block's probabilities leave the core row-major, in the columns the wrapper returns,
// so JavaScript copies them out in one piece: a sigmoid output becomes two columns,
// 1 - p and p, as predictProbaFlat reports them.

/** Index of the first of `rows` rows (of `width` values) with a NaN, or -1. */
function firstNaNRow(ptr: usize, width: i32, rows: i32): i32 {
  for (let i = 0; i < width * rows; i++) {
    const v = load<f32>(ptr + (<usize>i << 2));
    if (v != v) return i / width;
  }
  return -1;
}

/** Probabilities [classes x cols] (unit-major) at probPtr into rows at dstPtr: [cols x 2]
 *  holding 1 - p, p for a single output, else [cols x classes]. 1 - p in f32 is the bits
 *  JavaScript's float64 1 - p gives once stored in a Float32Array: rounding twice is
 *  harmless for one subtraction, as 53 ≥ 2·24 + 2 (Figueroa 1995). Returns the first row
 *  holding a NaN, which a model whose weights overflow float32 gives, or -1. */
export function probabilitiesToRows(probPtr: usize, dstPtr: usize, classes: i32, cols: i32): i32 {
  if (classes == 1) {
    let s = 0;
    if (ASC_FEATURE_SIMD) {
      const one = f32x4.splat(1);
      let nan = i32x4.splat(0);
      for (; s + 4 <= cols; s += 4) {
        const p = v128.load(probPtr + (<usize>s << 2));
        const q = f32x4.sub(one, p);
        const at = dstPtr + (<usize>s << 3);
        v128.store(at, v128.shuffle<f32>(q, p, 0, 4, 1, 5));
        v128.store(at, v128.shuffle<f32>(q, p, 2, 6, 3, 7), 16);
        nan = v128.or(nan, f32x4.ne(p, p));
      }
      if (v128.any_true(nan)) return firstNaNRow(dstPtr, 2, s);
    }
    for (; s < cols; s++) {
      const p = load<f32>(probPtr + (<usize>s << 2));
      const at = dstPtr + (<usize>s << 3);
      store<f32>(at, 1 - p);
      store<f32>(at, p, 4);
      if (p != p) return s;
    }
    return -1;
  }
  // A probability is never infinite, so the first non-finite row is the first NaN one.
  return outputsToRows(probPtr, dstPtr, classes, cols);
}

/** Outputs [width x cols] (unit-major) at srcPtr into rows [cols x width] at dstPtr, as
 *  they are (a softmax's probabilities, a regressor's predictions). Returns the first
 *  row holding a value that is not finite, or -1. */
export function outputsToRows(srcPtr: usize, dstPtr: usize, width: i32, cols: i32): i32 {
  const colBytes = <usize>cols << 2;
  let badRow = -1;
  for (let s = 0; s < cols; s++) {
    const src = srcPtr + (<usize>s << 2);
    const dst = dstPtr + ((<usize>s * <usize>width) << 2);
    for (let k = 0; k < width; k++) {
      const v = load<f32>(src + <usize>k * colBytes);
      store<f32>(dst + (<usize>k << 2), v);
      // v − v is 0 for a finite v, NaN for NaN and ±Infinity.
      if (v - v != 0 && badRow < 0) badRow = s;
    }
  }
  return badRow;
}
