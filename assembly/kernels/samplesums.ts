// Sums over a block's samples: G += D·Aᵀ (a dense layer's weight gradient) and, with it,
// the row sums of D (its bias gradient).
//
// Each sum runs in four stripes, sample s in stripe s mod 4, and the stripes are added as
// (s0 + s1) + (s2 + s3) when the block ends. With SIMD the stripes are a vector's lanes:
// the loop is vertical (no transposes) and no add waits for the one before it, which a
// single running sum per weight made the bound of the whole backward pass. The scalar
// build computes the same stripes in the same order, and the tail of a block (its last
// cols mod 4 samples) goes through the same scalar code in both builds, so both give the
// same bits. The order depends on the block alone, never on the thread count, and a
// sample whose D is 0 adds exact zeros: it changes no bit where it stands.
//
// A row sum is the sum against a row of 1s (D·1 is D exactly), so with SIMD it rides in
// a lane that a layer's inputs leave spare in their last group of four, for free.

/** Longest block the row of 1s covers; longer blocks sum their rows apart. */
const ONES_COLS: i32 = 1024;
const ONES: usize = ASC_FEATURE_SIMD ? memory.data(ONES_COLS << 2, 16) : 0;
if (ASC_FEATURE_SIMD) for (let i = 0; i < ONES_COLS; i++) store<f32>(ONES + (<usize>i << 2), 1);

/** G += D·Aᵀ and, if `rowSums`, sums[j] += Σ_s D[j][s]. D: [units x cols] compact,
 *  A: [inputs x cols] with row stride `aStride`, G: [units x inputs], sums: [units]. */
export function sumOverSamples(
  dPtr: usize, aPtr: usize, aStride: i32, gPtr: usize, sumsPtr: usize, rowSums: bool,
  units: i32, inputs: i32, cols: i32,
): void {
  const aRowBytes = <usize>aStride << 2;
  const dRowBytes = <usize>cols << 2;
  const quads = cols & ~3;
  if (ASC_FEATURE_SIMD) {
    // With the 1s as one more input when the last group has room for them.
    const fused = rowSums && (inputs & 3) != 0 && cols <= ONES_COLS;
    const rows = fused ? inputs + 1 : inputs;
    for (let k = 0; k < rows; k += 4) {
      // Rows past the inputs (and the 1s) repeat the last one; their sums are not stored.
      const a0 = aPtr + <usize>k * aRowBytes;
      const a1 = k + 1 < inputs ? a0 + aRowBytes : fused && k + 1 == inputs ? ONES : a0;
      const a2 = k + 2 < inputs ? a1 + aRowBytes : fused && k + 2 == inputs ? ONES : a1;
      const a3 = k + 3 < inputs ? a2 + aRowBytes : fused && k + 3 == inputs ? ONES : a2;
      const n = min(4, rows - k);
      // The lane that holds the 1s, if this group has it; its sum goes to `sums`.
      const onesLane = fused && rows - k <= 4 ? inputs - k : 4;
      let j = 0;
      for (; j + 2 <= units; j += 2) {
        const d0 = dPtr + <usize>j * dRowBytes;
        tile2x4(d0, d0 + dRowBytes, a0, a1, a2, a3, gPtr + ((<usize>j * <usize>inputs + <usize>k) << 2), <usize>inputs << 2, sumsPtr + (<usize>j << 2), n, onesLane, quads, cols);
      }
      if (j < units) {
        tile1x4(dPtr + <usize>j * dRowBytes, a0, a1, a2, a3, gPtr + ((<usize>j * <usize>inputs + <usize>k) << 2), sumsPtr + (<usize>j << 2), n, onesLane, quads, cols);
      }
    }
    if (rowSums && !fused) {
      for (let j = 0; j < units; j += 4) {
        const d0 = dPtr + <usize>j * dRowBytes;
        const d1 = j + 1 < units ? d0 + dRowBytes : d0;
        const d2 = j + 2 < units ? d1 + dRowBytes : d1;
        const d3 = j + 3 < units ? d2 + dRowBytes : d2;
        rowSums4(d0, d1, d2, d3, sumsPtr + (<usize>j << 2), min(4, units - j), quads, cols);
      }
    }
  } else {
    for (let j = 0; j < units; j++) {
      const d = dPtr + <usize>j * dRowBytes;
      for (let k = 0; k < inputs; k++) {
        const a = aPtr + <usize>k * aRowBytes;
        let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
        for (let at: usize = 0; at < (<usize>quads << 2); at += 16) {
          s0 += load<f32>(d + at) * load<f32>(a + at);
          s1 += load<f32>(d + at, 4) * load<f32>(a + at, 4);
          s2 += load<f32>(d + at, 8) * load<f32>(a + at, 8);
          s3 += load<f32>(d + at, 12) * load<f32>(a + at, 12);
        }
        addStripes(gPtr + ((<usize>j * <usize>inputs + <usize>k) << 2), s0, s1, s2, s3, d, a, quads, cols);
      }
      if (rowSums) {
        let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
        for (let at: usize = 0; at < (<usize>quads << 2); at += 16) {
          s0 += load<f32>(d + at);
          s1 += load<f32>(d + at, 4);
          s2 += load<f32>(d + at, 8);
          s3 += load<f32>(d + at, 12);
        }
        addStripes(sumsPtr + (<usize>j << 2), s0, s1, s2, s3, d, 0, quads, cols);
      }
    }
  }
}

/** Adds the tail samples [quads, cols) of D·A (of D alone when `a` is 0) to their
 *  stripes, then (s0 + s1) + (s2 + s3) to the sum at `target`. */
// @ts-ignore: decorator
@inline
export function addStripes(target: usize, s0: f32, s1: f32, s2: f32, s3: f32, d: usize, a: usize, quads: i32, cols: i32): void {
  const tail = cols - quads;
  if (tail > 0) {
    const at = <usize>quads << 2;
    s0 += a ? load<f32>(d + at) * load<f32>(a + at) : load<f32>(d + at);
    if (tail > 1) s1 += a ? load<f32>(d + at, 4) * load<f32>(a + at, 4) : load<f32>(d + at, 4);
    if (tail > 2) s2 += a ? load<f32>(d + at, 8) * load<f32>(a + at, 8) : load<f32>(d + at, 8);
  }
  store<f32>(target, load<f32>(target) + ((s0 + s1) + (s2 + s3)));
}

/** addStripes for the four lanes of `p`. */
// @ts-ignore: decorator
@inline
export function addLanes(target: usize, p: v128, d: usize, a: usize, quads: i32, cols: i32): void {
  addStripes(
    target, f32x4.extract_lane(p, 0), f32x4.extract_lane(p, 1), f32x4.extract_lane(p, 2), f32x4.extract_lane(p, 3),
    d, a, quads, cols,
  );
}

/** addLanes for four sums that sit side by side at `target` (four inputs of one unit,
 *  or four units' row sums) with no tail samples (cols a multiple of 4): the four
 *  accumulators transposed in registers, so lane i holds stripe i of all four sums, and
 *  (s0 + s1) + (s2 + s3) added for the four at once. The same additions in the same
 *  order as addStripes makes one sum at a time, so the same bits, without a lane
 *  extract and a scalar add, load and store per sum. */
// @ts-ignore: decorator
@inline
function addTotals4(target: usize, p0: v128, p1: v128, p2: v128, p3: v128): void {
  const low01 = v128.shuffle<f32>(p0, p1, 0, 4, 1, 5), low23 = v128.shuffle<f32>(p2, p3, 0, 4, 1, 5);
  const high01 = v128.shuffle<f32>(p0, p1, 2, 6, 3, 7), high23 = v128.shuffle<f32>(p2, p3, 2, 6, 3, 7);
  const s0 = v128.shuffle<f32>(low01, low23, 0, 1, 4, 5), s1 = v128.shuffle<f32>(low01, low23, 2, 3, 6, 7);
  const s2 = v128.shuffle<f32>(high01, high23, 0, 1, 4, 5), s3 = v128.shuffle<f32>(high01, high23, 2, 3, 6, 7);
  v128.store(target, f32x4.add(v128.load(target), f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3))));
}

/** Units j, j+1 (rows d0, d1) against inputs k..k+3 (rows a0..a3, the first n real),
 *  added into G from g (row j; row j+1 is gRowBytes further); lane `onesLane`, if < 4,
 *  holds the 1s and adds to sums[j], sums[j+1]. */
function tile2x4(
  d0: usize, d1: usize, a0: usize, a1: usize, a2: usize, a3: usize,
  g: usize, gRowBytes: usize, sums: usize, n: i32, onesLane: i32, quads: i32, cols: i32,
): void {
  let p00 = f32x4.splat(0), p01 = p00, p02 = p00, p03 = p00;
  let p10 = p00, p11 = p00, p12 = p00, p13 = p00;
  const end = <usize>quads << 2;
  for (let at: usize = 0; at < end; at += 16) {
    const x0 = v128.load(d0 + at), x1 = v128.load(d1 + at);
    const r0 = v128.load(a0 + at), r1 = v128.load(a1 + at), r2 = v128.load(a2 + at), r3 = v128.load(a3 + at);
    p00 = f32x4.add(p00, f32x4.mul(x0, r0));
    p01 = f32x4.add(p01, f32x4.mul(x0, r1));
    p02 = f32x4.add(p02, f32x4.mul(x0, r2));
    p03 = f32x4.add(p03, f32x4.mul(x0, r3));
    p10 = f32x4.add(p10, f32x4.mul(x1, r0));
    p11 = f32x4.add(p11, f32x4.mul(x1, r1));
    p12 = f32x4.add(p12, f32x4.mul(x1, r2));
    p13 = f32x4.add(p13, f32x4.mul(x1, r3));
  }
  const h = g + gRowBytes;
  if (n == 4 && onesLane == 4 && quads == cols) {
    addTotals4(g, p00, p01, p02, p03);
    addTotals4(h, p10, p11, p12, p13);
    return;
  }
  addLanes(g, p00, d0, a0, quads, cols);
  addLanes(h, p10, d1, a0, quads, cols);
  if (n > 1) { addLanes(onesLane == 1 ? sums : g + 4, p01, d0, a1, quads, cols); addLanes(onesLane == 1 ? sums + 4 : h + 4, p11, d1, a1, quads, cols); }
  if (n > 2) { addLanes(onesLane == 2 ? sums : g + 8, p02, d0, a2, quads, cols); addLanes(onesLane == 2 ? sums + 4 : h + 8, p12, d1, a2, quads, cols); }
  if (n > 3) { addLanes(onesLane == 3 ? sums : g + 12, p03, d0, a3, quads, cols); addLanes(onesLane == 3 ? sums + 4 : h + 12, p13, d1, a3, quads, cols); }
}

/** tile2x4 for one unit. */
function tile1x4(
  d0: usize, a0: usize, a1: usize, a2: usize, a3: usize, g: usize, sums: usize, n: i32, onesLane: i32, quads: i32, cols: i32,
): void {
  let p0 = f32x4.splat(0), p1 = p0, p2 = p0, p3 = p0;
  const end = <usize>quads << 2;
  for (let at: usize = 0; at < end; at += 16) {
    const x0 = v128.load(d0 + at);
    p0 = f32x4.add(p0, f32x4.mul(x0, v128.load(a0 + at)));
    p1 = f32x4.add(p1, f32x4.mul(x0, v128.load(a1 + at)));
    p2 = f32x4.add(p2, f32x4.mul(x0, v128.load(a2 + at)));
    p3 = f32x4.add(p3, f32x4.mul(x0, v128.load(a3 + at)));
  }
  if (n == 4 && onesLane == 4 && quads == cols) {
    addTotals4(g, p0, p1, p2, p3);
    return;
  }
  addLanes(g, p0, d0, a0, quads, cols);
  if (n > 1) addLanes(onesLane == 1 ? sums : g + 4, p1, d0, a1, quads, cols);
  if (n > 2) addLanes(onesLane == 2 ? sums : g + 8, p2, d0, a2, quads, cols);
  if (n > 3) addLanes(onesLane == 3 ? sums : g + 12, p3, d0, a3, quads, cols);
}

/** Row sums of four units' D (rows d0..d3, the first n real) into sums[0 .. n). */
function rowSums4(d0: usize, d1: usize, d2: usize, d3: usize, sums: usize, n: i32, quads: i32, cols: i32): void {
  let p0 = f32x4.splat(0), p1 = p0, p2 = p0, p3 = p0;
  const end = <usize>quads << 2;
  for (let at: usize = 0; at < end; at += 16) {
    p0 = f32x4.add(p0, v128.load(d0 + at));
    p1 = f32x4.add(p1, v128.load(d1 + at));
    p2 = f32x4.add(p2, v128.load(d2 + at));
    p3 = f32x4.add(p3, v128.load(d3 + at));
  }
  if (n == 4 && quads == cols) {
    addTotals4(sums, p0, p1, p2, p3);
    return;
  }
  addLanes(sums, p0, d0, 0, quads, cols);
  if (n > 1) addLanes(sums + 4, p1, d1, 0, quads, cols);
  if (n > 2) addLanes(sums + 8, p2, d2, 0, quads, cols);
  if (n > 3) addLanes(sums + 12, p3, d3, 0, quads, cols);
}
