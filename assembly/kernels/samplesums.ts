// Sums over a block's samples, added in sample order: G += D·Aᵀ (a dense layer's weight
// gradient) and, with it, the row sums of D (its bias gradient). In order, so a sample
// whose D is 0 leaves every sum as it was: a zero sample weight is the same as leaving
// the row out, bit for bit, within a block.
//
// SIMD therefore runs across four inputs, not across samples: four rows of A are
// transposed in registers so a vector holds inputs k..k+3 of one sample, and each unit's
// vector sum takes D[j][s]·(that vector) for s = 0, 1, 2, ... A row sum is the same sum
// against an input of 1s, which rides in a spare lane when there is one. The scalar
// build runs the plain loops; both give the same bits.

/** G += D·Aᵀ and, if `rowSums`, sums[j] += Σ_s D[j][s]. D: [units x cols] compact,
 *  A: [inputs x cols] with row stride `aStride`, G: [units x inputs], sums: [units]. */
export function sumOverSamples(
  dPtr: usize, aPtr: usize, aStride: i32, gPtr: usize, sumsPtr: usize, rowSums: bool,
  units: i32, inputs: i32, cols: i32,
): void {
  const aRowBytes = <usize>aStride << 2;
  const dRowBytes = <usize>cols << 2;
  if (ASC_FEATURE_SIMD) {
    const fused = rowSums && (inputs & 3) != 0;
    const lanes = fused ? inputs + 1 : inputs;
    for (let k = 0; k < lanes; k += 4) {
      // Rows past the inputs repeat the last one; their lanes are not stored, or hold 1s.
      const a0 = aPtr + <usize>k * aRowBytes;
      const a1 = k + 1 < inputs ? a0 + aRowBytes : a0;
      const a2 = k + 2 < inputs ? a1 + aRowBytes : a1;
      const a3 = k + 3 < inputs ? a2 + aRowBytes : a2;
      const onesLane = fused && inputs - k < 4 ? inputs - k : -1;
      const ones = i32x4.eq(i32x4(0, 1, 2, 3), i32x4.splat(onesLane));
      const g = gPtr + (<usize>k << 2);
      let j = 0;
      for (; j + 4 <= units; j += 4) {
        const d = dPtr + <usize>j * dRowBytes;
        sumTile4(d, dRowBytes, a0, a1, a2, a3, ones, g + ((<usize>j * <usize>inputs) << 2), <usize>inputs << 2, sumsPtr + (<usize>j << 2), k, inputs, onesLane, cols);
      }
      for (; j < units; j++) {
        sumTile1(dPtr + <usize>j * dRowBytes, a0, a1, a2, a3, ones, g + ((<usize>j * <usize>inputs) << 2), sumsPtr + (<usize>j << 2), k, inputs, onesLane, cols);
      }
    }
    if (rowSums && !fused) rowSumsInOrder(dPtr, sumsPtr, units, cols);
  } else {
    for (let j = 0; j < units; j++) {
      const dRow = dPtr + <usize>j * dRowBytes;
      const gRow = gPtr + ((<usize>j * <usize>inputs) << 2);
      for (let k = 0; k < inputs; k++) {
        const aRow = aPtr + <usize>k * aRowBytes;
        let sum: f32 = 0;
        for (let s = 0; s < cols; s++) sum += load<f32>(dRow + (<usize>s << 2)) * load<f32>(aRow + (<usize>s << 2));
        const at = gRow + (<usize>k << 2);
        store<f32>(at, load<f32>(at) + sum);
      }
      if (rowSums) {
        let sum: f32 = 0;
        for (let s = 0; s < cols; s++) sum += load<f32>(dRow + (<usize>s << 2));
        const at = sumsPtr + (<usize>j << 2);
        store<f32>(at, load<f32>(at) + sum);
      }
    }
  }
}

/** Lanes k..k+3 of one sample: the column s of four rows, 1 where `ones` is set. */
// @ts-ignore: decorator
@inline
function column(a0: usize, a1: usize, a2: usize, a3: usize, at: usize, ones: v128): v128 {
  let c = f32x4.splat(load<f32>(a0 + at));
  c = f32x4.replace_lane(c, 1, load<f32>(a1 + at));
  c = f32x4.replace_lane(c, 2, load<f32>(a2 + at));
  c = f32x4.replace_lane(c, 3, load<f32>(a3 + at));
  return v128.bitselect(f32x4.splat(1), c, ones);
}

/** Four units' sums against inputs k..k+3 (rows a0..a3), added into G and sums. */
function sumTile4(
  d: usize, dRowBytes: usize, a0: usize, a1: usize, a2: usize, a3: usize, ones: v128,
  g: usize, gRowBytes: usize, sums: usize, k: i32, inputs: i32, onesLane: i32, cols: i32,
): void {
  const one = v128.and(f32x4.splat(1), ones);
  let p0 = f32x4.splat(0), p1 = p0, p2 = p0, p3 = p0;
  const d1 = d + dRowBytes, d2 = d1 + dRowBytes, d3 = d2 + dRowBytes;
  const end = <usize>(cols & ~3) << 2;
  let at: usize = 0;
  for (; at < end; at += 16) {
    // 4 x 4 transpose: c_t holds sample s + t of rows a0..a3.
    const r0 = v128.load(a0 + at), r1 = v128.load(a1 + at), r2 = v128.load(a2 + at), r3 = v128.load(a3 + at);
    const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
    const c0 = v128.or(v128.andnot(v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), ones), one);
    const c1 = v128.or(v128.andnot(v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), ones), one);
    const c2 = v128.or(v128.andnot(v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), ones), one);
    const c3 = v128.or(v128.andnot(v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), ones), one);
    const x0 = v128.load(d + at), x1 = v128.load(d1 + at), x2 = v128.load(d2 + at), x3 = v128.load(d3 + at);
    p0 = f32x4.add(p0, f32x4.mul(v128.shuffle<f32>(x0, x0, 0, 0, 0, 0), c0));
    p1 = f32x4.add(p1, f32x4.mul(v128.shuffle<f32>(x1, x1, 0, 0, 0, 0), c0));
    p2 = f32x4.add(p2, f32x4.mul(v128.shuffle<f32>(x2, x2, 0, 0, 0, 0), c0));
    p3 = f32x4.add(p3, f32x4.mul(v128.shuffle<f32>(x3, x3, 0, 0, 0, 0), c0));
    p0 = f32x4.add(p0, f32x4.mul(v128.shuffle<f32>(x0, x0, 1, 1, 1, 1), c1));
    p1 = f32x4.add(p1, f32x4.mul(v128.shuffle<f32>(x1, x1, 1, 1, 1, 1), c1));
    p2 = f32x4.add(p2, f32x4.mul(v128.shuffle<f32>(x2, x2, 1, 1, 1, 1), c1));
    p3 = f32x4.add(p3, f32x4.mul(v128.shuffle<f32>(x3, x3, 1, 1, 1, 1), c1));
    p0 = f32x4.add(p0, f32x4.mul(v128.shuffle<f32>(x0, x0, 2, 2, 2, 2), c2));
    p1 = f32x4.add(p1, f32x4.mul(v128.shuffle<f32>(x1, x1, 2, 2, 2, 2), c2));
    p2 = f32x4.add(p2, f32x4.mul(v128.shuffle<f32>(x2, x2, 2, 2, 2, 2), c2));
    p3 = f32x4.add(p3, f32x4.mul(v128.shuffle<f32>(x3, x3, 2, 2, 2, 2), c2));
    p0 = f32x4.add(p0, f32x4.mul(v128.shuffle<f32>(x0, x0, 3, 3, 3, 3), c3));
    p1 = f32x4.add(p1, f32x4.mul(v128.shuffle<f32>(x1, x1, 3, 3, 3, 3), c3));
    p2 = f32x4.add(p2, f32x4.mul(v128.shuffle<f32>(x2, x2, 3, 3, 3, 3), c3));
    p3 = f32x4.add(p3, f32x4.mul(v128.shuffle<f32>(x3, x3, 3, 3, 3, 3), c3));
  }
  const stop = <usize>cols << 2;
  for (; at < stop; at += 4) {
    const c = column(a0, a1, a2, a3, at, ones);
    p0 = f32x4.add(p0, f32x4.mul(v128.load32_splat(d + at), c));
    p1 = f32x4.add(p1, f32x4.mul(v128.load32_splat(d1 + at), c));
    p2 = f32x4.add(p2, f32x4.mul(v128.load32_splat(d2 + at), c));
    p3 = f32x4.add(p3, f32x4.mul(v128.load32_splat(d3 + at), c));
  }
  addLanes(p0, g, sums, k, inputs, onesLane);
  addLanes(p1, g + gRowBytes, sums + 4, k, inputs, onesLane);
  addLanes(p2, g + 2 * gRowBytes, sums + 8, k, inputs, onesLane);
  addLanes(p3, g + 3 * gRowBytes, sums + 12, k, inputs, onesLane);
}

/** sumTile4 for one unit. */
function sumTile1(
  d: usize, a0: usize, a1: usize, a2: usize, a3: usize, ones: v128,
  g: usize, sums: usize, k: i32, inputs: i32, onesLane: i32, cols: i32,
): void {
  const one = f32x4.splat(1);
  let p = f32x4.splat(0);
  const end = <usize>(cols & ~3) << 2;
  let at: usize = 0;
  for (; at < end; at += 16) {
    const r0 = v128.load(a0 + at), r1 = v128.load(a1 + at), r2 = v128.load(a2 + at), r3 = v128.load(a3 + at);
    const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
    p = f32x4.add(p, f32x4.mul(v128.load32_splat(d + at), v128.bitselect(one, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), ones)));
    p = f32x4.add(p, f32x4.mul(v128.load32_splat(d + at, 4), v128.bitselect(one, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), ones)));
    p = f32x4.add(p, f32x4.mul(v128.load32_splat(d + at, 8), v128.bitselect(one, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), ones)));
    p = f32x4.add(p, f32x4.mul(v128.load32_splat(d + at, 12), v128.bitselect(one, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), ones)));
  }
  const stop = <usize>cols << 2;
  for (; at < stop; at += 4) p = f32x4.add(p, f32x4.mul(v128.load32_splat(d + at), column(a0, a1, a2, a3, at, ones)));
  addLanes(p, g, sums, k, inputs, onesLane);
}

/** Lane i of p (no scratch memory: with threads, static data is shared). */
// @ts-ignore: decorator
@inline
function lane(p: v128, i: i32): f32 {
  if (i == 0) return f32x4.extract_lane(p, 0);
  if (i == 1) return f32x4.extract_lane(p, 1);
  if (i == 2) return f32x4.extract_lane(p, 2);
  return f32x4.extract_lane(p, 3);
}

/** G[j][k + i] += lane i for the inputs in this quad, and sums[j] += the 1s lane. */
function addLanes(p: v128, g: usize, sum: usize, k: i32, inputs: i32, onesLane: i32): void {
  if (k + 4 <= inputs) {
    v128.store(g, f32x4.add(v128.load(g), p));
    return;
  }
  for (let i = 0; k + i < inputs; i++) {
    const at = g + (<usize>i << 2);
    store<f32>(at, load<f32>(at) + lane(p, i));
  }
  if (onesLane >= 0) store<f32>(sum, load<f32>(sum) + lane(p, onesLane));
}

/** sums[j] += Σ_s D[j][s] in sample order, four units at a time (their rows transposed). */
function rowSumsInOrder(dPtr: usize, sumsPtr: usize, units: i32, cols: i32): void {
  const dRowBytes = <usize>cols << 2;
  const end = <usize>(cols & ~3) << 2;
  const stop = <usize>cols << 2;
  const none = f32x4.splat(0);
  for (let j = 0; j < units; j += 4) {
    const d0 = dPtr + <usize>j * dRowBytes;
    const d1 = j + 1 < units ? d0 + dRowBytes : d0;
    const d2 = j + 2 < units ? d1 + dRowBytes : d1;
    const d3 = j + 3 < units ? d2 + dRowBytes : d2;
    let p = f32x4.splat(0);
    let at: usize = 0;
    for (; at < end; at += 16) {
      const r0 = v128.load(d0 + at), r1 = v128.load(d1 + at), r2 = v128.load(d2 + at), r3 = v128.load(d3 + at);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      p = f32x4.add(p, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      p = f32x4.add(p, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      p = f32x4.add(p, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      p = f32x4.add(p, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    for (; at < stop; at += 4) p = f32x4.add(p, column(d0, d1, d2, d3, at, none));
    for (let i = 0; i < 4 && j + i < units; i++) {
      const at = sumsPtr + (<usize>(j + i) << 2);
      store<f32>(at, load<f32>(at) + lane(p, i));
    }
  }
}
