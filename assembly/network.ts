import {
  BLOCK_COLS, layerCount, units, weightPtr, biasPtr, activationPtr,
  paramsPtr, gradsPtr, paramCount, deltaPtrA, deltaPtrB,
} from "./layout";
import { matmulAddBias, matmulTransposeA } from "./kernels/matmul";
import { sigmoidForward, sigmoidBackward } from "./kernels/activations";
import { binaryCrossEntropyBits } from "./kernels/loss";
import { denseGradient } from "./kernels/gradient";
import { gradientDescentStep } from "./kernels/update";

// A network pass over one block of samples. The input block is unit-major with row
// stride `inputStride`, so a block of the feature-major training matrix is read in place.

/** Leaves the output layer's logits at activationPtr(layerCount), hidden layers activated. */
export function forwardBlock(inputPtr: usize, inputStride: i32, cols: i32): void {
  let a = inputPtr;
  let stride = inputStride;
  for (let l = 0; l < layerCount; l++) {
    const z = activationPtr(l + 1);
    const out = units(l + 1);
    matmulAddBias(weightPtr(paramsPtr, l), biasPtr(paramsPtr, l), a, stride, z, out, units(l), cols);
    if (l + 1 < layerCount) sigmoidForward(z, out * cols);
    a = z;
    stride = cols;
  }
}

/** Adds the block's gradient to `gradsPtr`, starting from dloss/dlogit at deltaPtrA. */
function backwardBlock(inputPtr: usize, inputStride: i32, cols: i32): void {
  let delta = deltaPtrA;
  let spare = deltaPtrB;
  for (let l = layerCount - 1; l >= 0; l--) {
    const below = l == 0 ? inputPtr : activationPtr(l);
    const stride = l == 0 ? inputStride : cols;
    const out = units(l + 1);
    const inp = units(l);
    denseGradient(delta, below, stride, weightPtr(gradsPtr, l), biasPtr(gradsPtr, l), out, inp, cols);
    if (l == 0) break;
    matmulTransposeA(weightPtr(paramsPtr, l), delta, spare, out, inp, cols);
    sigmoidBackward(below, spare, inp * cols);
    const t = delta; delta = spare; spare = t;
  }
}

/** Sums loss and gradient over all `rows` training samples; returns the summed loss. */
export function batchGradient(inputPtr: usize, targetPtr: usize, rows: i32): f64 {
  memory.fill(gradsPtr, 0, <usize>paramCount << 2);
  let loss: f64 = 0;
  for (let start = 0; start < rows; start += BLOCK_COLS) {
    const cols = min(BLOCK_COLS, rows - start);
    const input = inputPtr + (<usize>start << 2);
    forwardBlock(input, rows, cols);
    const logits = activationPtr(layerCount);
    loss += binaryCrossEntropyBits(logits, targetPtr + (<usize>start << 2), deltaPtrA, cols);
    backwardBlock(input, rows, cols);
  }
  return loss;
}

/** One full-batch gradient-descent epoch (the seed's); returns the mean loss in bits
 *  measured before the update, as the seed records it. */
export function gradientDescentEpoch(inputPtr: usize, targetPtr: usize, rows: i32, learningRate: f32): f64 {
  const loss = batchGradient(inputPtr, targetPtr, rows);
  gradientDescentStep(paramsPtr, gradsPtr, paramCount, learningRate / <f32>rows);
  return loss / <f64>rows;
}
