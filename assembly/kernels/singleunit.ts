import { addLanes, addStripes } from "./samplesums";
import { backwardF32x4, backwardOne } from "./activations";

// The backward pass through a dense layer of one unit (a binary classifier's output) in
// one sweep over the block: the layer's gradient and the error it sends to the layer
// below, which otherwise take three (the sums over samples, Wᵀ·D, the activation's
// backward rule), each reading D or the inputs again. Every number comes out of the same
// operations in the same order as on those three paths, so the bits do not change:
// - gW[k] += Σ_s D[s]·A[k][s] and gb += Σ_s D[s], in samplesums.ts' four stripes;
// - E[k][s] = ((0 + W[k]·D[s]) · g'(A[k][s])), as matmulTransposeA (a sum from 0) and then
//   the backward rule of the activation that made A.

/** D: [1 x cols]; A: [inputs x cols] compact, the layer's inputs (a hidden layer's
 *  outputs, activation `kind`); W, gW: [inputs]; gb: one float; E: [inputs x cols]. */
export function singleUnitBackward(
  dPtr: usize, aPtr: usize, wPtr: usize, gwPtr: usize, gbPtr: usize, ePtr: usize,
  kind: i32, inputs: i32, cols: i32,
): void {
  const rowBytes = <usize>cols << 2;
  const quads = cols & ~3;
  const end = <usize>quads << 2;
  if (ASC_FEATURE_SIMD) {
    let bias = f32x4.splat(0);
    for (let at: usize = 0; at < end; at += 16) bias = f32x4.add(bias, v128.load(dPtr + at));
    addLanes(gbPtr, bias, dPtr, 0, quads, cols);
    const zero = f32x4.splat(0);
    for (let k = 0; k < inputs; k++) {
      const a = aPtr + <usize>k * rowBytes;
      const e = ePtr + <usize>k * rowBytes;
      const w = v128.load32_splat(wPtr + (<usize>k << 2));
      let g = f32x4.splat(0);
      for (let at: usize = 0; at < end; at += 16) {
        const x = v128.load(dPtr + at);
        const y = v128.load(a + at);
        g = f32x4.add(g, f32x4.mul(x, y));
        v128.store(e + at, backwardF32x4(kind, y, f32x4.add(zero, f32x4.mul(w, x))));
      }
      addLanes(gwPtr + (<usize>k << 2), g, dPtr, a, quads, cols);
      for (let at = end; at < rowBytes; at += 4) errorOne(kind, load<f32>(wPtr + (<usize>k << 2)), dPtr + at, a + at, e + at);
    }
  } else {
    let b0: f32 = 0, b1: f32 = 0, b2: f32 = 0, b3: f32 = 0;
    for (let at: usize = 0; at < end; at += 16) {
      b0 += load<f32>(dPtr + at);
      b1 += load<f32>(dPtr + at, 4);
      b2 += load<f32>(dPtr + at, 8);
      b3 += load<f32>(dPtr + at, 12);
    }
    addStripes(gbPtr, b0, b1, b2, b3, dPtr, 0, quads, cols);
    for (let k = 0; k < inputs; k++) {
      const a = aPtr + <usize>k * rowBytes;
      const e = ePtr + <usize>k * rowBytes;
      const w = load<f32>(wPtr + (<usize>k << 2));
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      for (let at: usize = 0; at < end; at += 16) {
        s0 += load<f32>(dPtr + at) * load<f32>(a + at);
        s1 += load<f32>(dPtr + at, 4) * load<f32>(a + at, 4);
        s2 += load<f32>(dPtr + at, 8) * load<f32>(a + at, 8);
        s3 += load<f32>(dPtr + at, 12) * load<f32>(a + at, 12);
        errorOne(kind, w, dPtr + at, a + at, e + at);
        errorOne(kind, w, dPtr + at + 4, a + at + 4, e + at + 4);
        errorOne(kind, w, dPtr + at + 8, a + at + 8, e + at + 8);
        errorOne(kind, w, dPtr + at + 12, a + at + 12, e + at + 12);
      }
      addStripes(gwPtr + (<usize>k << 2), s0, s1, s2, s3, dPtr, a, quads, cols);
      for (let at = end; at < rowBytes; at += 4) errorOne(kind, w, dPtr + at, a + at, e + at);
    }
  }
}

/** One sample's error for input k: (0 + w·d)·g'(a). */
// @ts-ignore: decorator
@inline
function errorOne(kind: i32, w: f32, dAt: usize, aAt: usize, eAt: usize): void {
  store<f32>(eAt, backwardOne(kind, load<f32>(aAt), <f32>0 + w * load<f32>(dAt)));
}
