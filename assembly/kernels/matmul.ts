import { relu, reluF32x4, backwardOne, backwardF32x4, RELU } from "./activations";

// Dense products on column blocks: activations are unit-major ([units x cols], one row
// per unit, samples along the row) so every inner loop runs over contiguous samples and
// SIMD puts four samples in the lanes of a vector. Sums run in a fixed order, the same
// in the SIMD and the scalar build, so results are bit-reproducible on every runtime:
// - a sum over terms for each sample (W·A, Wᵀ·D) adds the terms in index order;
// - a sum over samples (D·Aᵀ) adds them in four stripes, s mod 4 (samplesums.ts).
//
// A relu layer's rule rides along on the stores: the forward product can leave relu(Z)
// and the backward one the error through relu, each the same operation on the same sum
// as the separate pass over the block (activations.ts) would apply, so the same bits,
// without that pass's second trip through the block. The inference core, held to its
// byte budget, keeps the separate pass (model.ts) and compiles none of this.

// How the running call's sums are finished, set by the two entries before each call
// (module state: each thread has its own instance, and it lives within one call). Not
// parameters, so that the inference core's combineRows stays what it was, to the byte.
/** Stored as they are. */
const PLAIN: i32 = 0;
/** Stored through relu. */
const RELU_FORWARD: i32 = 1;
/** Stored through relu's backward rule, against the relu outputs at finishReluPtr. */
const RELU_BACKWARD: i32 = 2;
let finishMode: i32 = PLAIN;
/** The relu outputs, laid out as the output ([rows x cols] compact), for RELU_BACKWARD. */
let finishReluPtr: usize = 0;

/** Z = W·A + b. W: [units x inputs] row-major, A: [inputs x cols] with row stride
 *  `aStride`, Z: [units x cols] compact. */
export function matmulAddBias(
  wPtr: usize, bPtr: usize, aPtr: usize, aStride: i32, zPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  if (!isDefined(WASMLP_SMALL)) finishMode = PLAIN;
  combineRows(wPtr, <usize>inputs << 2, 4, aPtr, <usize>aStride << 2, bPtr, true, zPtr, units, inputs, cols);
}

/** relu(W·A + b), as matmulAddBias and then reluForward give it. */
export function matmulAddBiasRelu(
  wPtr: usize, bPtr: usize, aPtr: usize, aStride: i32, zPtr: usize,
  units: i32, inputs: i32, cols: i32,
): void {
  finishMode = RELU_FORWARD;
  combineRows(wPtr, <usize>inputs << 2, 4, aPtr, <usize>aStride << 2, bPtr, true, zPtr, units, inputs, cols);
  finishTails(zPtr, units, cols);
}

/** Out = Wᵀ·D, the error sent back through a dense layer; with `reluPtr` (the layer
 *  below's relu outputs, [inputs x cols] compact), that error through relu: 0 where
 *  the output is ≤ 0. W: [units x inputs], D: [units x cols] compact, Out: [inputs x
 *  cols] compact. */
export function matmulTransposeA(
  wPtr: usize, dPtr: usize, outPtr: usize,
  units: i32, inputs: i32, cols: i32, reluPtr: usize = 0,
): void {
  finishMode = reluPtr ? RELU_BACKWARD : PLAIN;
  finishReluPtr = reluPtr;
  combineRows(wPtr, 4, <usize>inputs << 2, dPtr, <usize>cols << 2, 0, false, outPtr, inputs, units, cols);
  if (reluPtr) finishTails(outPtr, inputs, cols);
}

/** A finished vector of sums, at byte `at` of row `r`'s output (`cols` wide). */
// @ts-ignore: decorator
@inline
function finish(z: v128, mode: i32, r: i32, cols: i32, at: usize): v128 {
  if (mode == RELU_FORWARD) return reluF32x4(z);
  if (mode == RELU_BACKWARD) return backwardF32x4(RELU, v128.load(finishReluPtr + ((<usize>r * <usize>cols) << 2) + at), z);
  return z;
}

// @ts-ignore: decorator
@inline
function finishOne(z: f32, mode: i32, r: i32, cols: i32, at: usize): f32 {
  if (mode == RELU_FORWARD) return relu(z);
  if (mode == RELU_BACKWARD) return backwardOne(RELU, load<f32>(finishReluPtr + ((<usize>r * <usize>cols) << 2) + at), z);
  return z;
}

/** out[r][s] = (bias ? b[r] : 0) + Σ_t c(r, t)·src[t][s], t ascending, where c(r, t) is
 *  at coefPtr + r·rowStep + t·termStep and src row t at srcPtr + t·srcRowBytes; then
 *  finished as finishMode says. */
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
      const mode = finishMode;
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
        const o = <usize>s << 2;
        const at = out + o;
        v128.store(at, finish(z0, mode, r, cols, o)); v128.store(at, finish(z1, mode, r, cols, o + 16), 16);
        v128.store(at, finish(z2, mode, r, cols, o + 32), 32); v128.store(at, finish(z3, mode, r, cols, o + 48), 48);
        v128.store(at, finish(z4, mode, r, cols, o + 64), 64); v128.store(at, finish(z5, mode, r, cols, o + 80), 80);
        v128.store(at, finish(z6, mode, r, cols, o + 96), 96); v128.store(at, finish(z7, mode, r, cols, o + 112), 112);
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
        v128.store(out + (<usize>s << 2), finish(z, mode, r, cols, <usize>s << 2));
      }
    } else if (!isDefined(WASMLP_SMALL)) {
      // Four samples at a time, their sums held in locals. The inference core leaves this
      // out (asconfig.json's infer target defines WASMLP_SMALL): its download is held to
      // 4 KB, and this loop is about 200 of its bytes for 15-20% of its speed on layers of
      // 64 units or more (little on small ones).
      const mode = finishMode;
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
        const o = <usize>s << 2;
        const at = out + o;
        store<f32>(at, finishOne(z0, mode, r, cols, o)); store<f32>(at, finishOne(z1, mode, r, cols, o + 4), 4);
        store<f32>(at, finishOne(z2, mode, r, cols, o + 8), 8); store<f32>(at, finishOne(z3, mode, r, cols, o + 12), 12);
      }
    }
    // The samples left (every sample, in the inference core): their outputs start at the
    // bias and take the terms' products one term at a time, so each sum adds the same
    // products in the same order as above (finishTails finishes them).
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

/** Finishes the samples the tail above summed in place, [cols & ~3, cols) of each row
 *  (outside the inference core both vector loops end there). */
function finishTails(outPtr: usize, rows: i32, cols: i32): void {
  const mode = finishMode;
  for (let r = 0; r < rows; r++) {
    for (let j = cols & ~3; j < cols; j++) {
      const at = outPtr + ((<usize>r * <usize>cols + <usize>j) << 2);
      store<f32>(at, finishOne(load<f32>(at), mode, r, cols, <usize>j << 2));
    }
  }
}
