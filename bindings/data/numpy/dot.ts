// np.dot of a block of rows with a small matrix, summed in the order NumPy's BLAS sums.
// NumPy hands float64 products to BLAS; Debian's NumPy runs OpenBLAS, whose x86-64 kernels
// on an FMA CPU fuse each multiply into its add. Measured against that NumPy: a matrix
// product (gemm) accumulates k = 0, 1, ... in one fused chain; a product with a single
// column (gemv, one redundant feature) keeps four strided fused partial sums, adds them
// as (s0 + s2) + (s1 + s3), then the k ≥ 4⌊K/4⌋ tail. Other BLAS builds round differently,
// so these orders reproduce that NumPy bit for bit (K ≤ 20 checked) and any other to
// within a few ulps.
import { fusedMultiplyAdd } from "./exact.js";

/** A row-major block: `rows` rows of which columns [0, width) are read, `stride` apart, from `offset`. */
export interface RowBlock {
  data: Float64Array;
  offset: number;
  rows: number;
  stride: number;
}

// Σ_k x[k] · w[k · step] as one fused chain from k = 0 (OpenBLAS's gemm and short dot).
function fusedChain(x: Float64Array, at: number, w: Float64Array, wAt: number, step: number, inner: number): number {
  let sum = x[at] * w[wAt];
  for (let k = 1; k < inner; k++) sum = fusedMultiplyAdd(x[at + k], w[wAt + k * step], sum);
  return sum;
}

// OpenBLAS's transposed gemv: lanes k mod 4 over the first 4⌊K/4⌋ terms, then the tail:
// one term is fused into the sum, two or three are summed apart (the first fused onto the
// second's product, the third onto that) and added.
function laneSum(x: Float64Array, at: number, w: Float64Array, inner: number): number {
  const blocked = inner & ~3;
  const lanes = [0, 0, 0, 0];
  for (let k = 0; k < blocked; k++) lanes[k & 3] = fusedMultiplyAdd(x[at + k], w[k], lanes[k & 3]);
  const head = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
  const tail = inner - blocked;
  if (tail === 0) return head;
  if (tail === 1) return fusedMultiplyAdd(x[at + blocked], w[blocked], head);
  let rest = fusedMultiplyAdd(x[at + blocked], w[blocked], x[at + blocked + 1] * w[blocked + 1]);
  if (tail === 3) rest = fusedMultiplyAdd(x[at + blocked + 2], w[blocked + 2], rest);
  return blocked === 0 ? rest : head + rest;
}

/**
 * np.dot(block, W) for W of shape inner x cols (row-major), as Debian's NumPy on OpenBLAS
 * computes it.
 * @returns the rows x cols product, row-major.
 */
export function numpyDot(block: RowBlock, inner: number, W: Float64Array, cols: number): Float64Array {
  const { data, offset, rows, stride } = block;
  const out = new Float64Array(rows * cols);
  const gemv = cols === 1 && rows > 1;
  for (let r = 0; r < rows; r++) {
    const at = offset + r * stride;
    for (let j = 0; j < cols; j++) {
      out[r * cols + j] = gemv ? laneSum(data, at, W, inner) : fusedChain(data, at, W, j, cols, inner);
    }
  }
  return out;
}
