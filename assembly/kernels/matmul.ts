// Dense products on column blocks: activations are unit-major ([units x cols], one row
// per unit, samples along the row) so every inner loop runs over contiguous samples and
// SIMD puts four samples in the lanes of a vector. Sums run in a fixed order, the same
// in the SIMD and the scalar build, so results are bit-reproducible on every runtime:
// - a sum over terms for each sample (W·A, Wᵀ·D) adds the terms in index order;
// - a sum over samples (D·Aᵀ) adds them in four stripes, s mod 4 (samplesums.ts).

/** Z = W·A + b. W: [units x inputs] row-major, A: [inputs x cols] with row stride
 *  `aStride`, Z: [units x cols] compact. */
export function matmulAddBias(
  wPtr: usize, bPtr: usize, aPtr: usize, aStride: i32, zPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  combineRows(wPtr, <usize>inputs << 2, 4, aPtr, <usize>aStride << 2, bPtr, true, zPtr, units, inputs, cols);
}

/** Out = Wᵀ·D, the error sent back through a dense layer. W: [units x inputs],
 *  D: [units x cols] compact, Out: [inputs x cols] compact. */
export function matmulTransposeA(
  wPtr: usize, dPtr: usize, outPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  combineRows(wPtr, 4, <usize>inputs << 2, dPtr, <usize>cols << 2, 0, false, outPtr, inputs, units, cols);
}

/** out[r][s] = (bias ? b[r] : 0) + Σ_t c(r, t)·src[t][s], t ascending, where c(r, t) is
 *  at coefPtr + r·rowStep + t·termStep and src row t at srcPtr + t·srcRowBytes. */
function combineRows(
  coefPtr: usize, rowStep: usize, termStep: usize, srcPtr: usize, srcRowBytes: usize,
  bPtr: usize, bias: bool, outPtr: usize, rows: i32, terms: i32, cols: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const coef = coefPtr + <usize>r * rowStep;
    const out = outPtr + ((<usize>r * <usize>cols) << 2);
    const start: f32 = bias ? load<f32>(bPtr + (<usize>r << 2)) : 0;
    let s = 0;
    if (ASC_FEATURE_SIMD) {
      // Eight vectors at a time: enough independent sums to hide the add's latency.
      const init = f32x4.splat(start);
      for (; s + 32 <= cols; s += 32) {
        let z0 = init, z1 = init, z2 = init, z3 = init, z4 = init, z5 = init, z6 = init, z7 = init;
        let src = srcPtr + (<usize>s << 2);
        let c = coef;
        for (let t = 0; t < terms; t++) {
          const w = v128.load32_splat(c);
          z0 = f32x4.add(z0, f32x4.mul(w, v128.load(src)));
          z1 = f32x4.add(z1, f32x4.mul(w, v128.load(src, 16)));
          z2 = f32x4.add(z2, f32x4.mul(w, v128.load(src, 32)));
          z3 = f32x4.add(z3, f32x4.mul(w, v128.load(src, 48)));
          z4 = f32x4.add(z4, f32x4.mul(w, v128.load(src, 64)));
          z5 = f32x4.add(z5, f32x4.mul(w, v128.load(src, 80)));
          z6 = f32x4.add(z6, f32x4.mul(w, v128.load(src, 96)));
          z7 = f32x4.add(z7, f32x4.mul(w, v128.load(src, 112)));
          src += srcRowBytes;
          c += termStep;
        }
        const at = out + (<usize>s << 2);
        v128.store(at, z0); v128.store(at, z1, 16); v128.store(at, z2, 32); v128.store(at, z3, 48);
        v128.store(at, z4, 64); v128.store(at, z5, 80); v128.store(at, z6, 96); v128.store(at, z7, 112);
      }
      for (; s + 4 <= cols; s += 4) {
        let z = init;
        let src = srcPtr + (<usize>s << 2);
        let c = coef;
        for (let t = 0; t < terms; t++) {
          z = f32x4.add(z, f32x4.mul(v128.load32_splat(c), v128.load(src)));
          src += srcRowBytes;
          c += termStep;
        }
        v128.store(out + (<usize>s << 2), z);
      }
    } else if (!isDefined(WASMLP_SMALL)) {
      // Four samples at a time, their sums held in locals. The inference core leaves this
      // out (asconfig.json's infer target defines WASMLP_SMALL): its download is held to
      // 4 KB, and this loop is about 200 of its bytes for 15-20% of its speed on layers of
      // 64 units or more (little on small ones).
      for (; s + 4 <= cols; s += 4) {
        let z0 = start, z1 = start, z2 = start, z3 = start;
        let src = srcPtr + (<usize>s << 2);
        let c = coef;
        for (let t = 0; t < terms; t++) {
          const w = load<f32>(c);
          z0 += w * load<f32>(src);
          z1 += w * load<f32>(src, 4);
          z2 += w * load<f32>(src, 8);
          z3 += w * load<f32>(src, 12);
          src += srcRowBytes;
          c += termStep;
        }
        const at = out + (<usize>s << 2);
        store<f32>(at, z0); store<f32>(at, z1, 4); store<f32>(at, z2, 8); store<f32>(at, z3, 12);
      }
    }
    // The samples left (every sample, in the inference core): their outputs start at the
    // bias and take the terms' products one term at a time, so each sum adds the same
    // products in the same order as above.
    if (s < cols) {
      const end = out + (<usize>cols << 2);
      for (let j = s; j < cols; j++) store<f32>(out + (<usize>j << 2), start);
      let src = srcPtr;
      let c = coef;
      for (let t = 0; t < terms; t++) {
        const w = load<f32>(c);
        for (let at = out + (<usize>s << 2), a = src + (<usize>s << 2); at < end; at += 4, a += 4) store<f32>(at, load<f32>(at) + w * load<f32>(a));
        src += srcRowBytes;
        c += termStep;
      }
    }
  }
}
