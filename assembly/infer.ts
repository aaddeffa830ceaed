// The inference core of wasmlp/infer: the training kernels' forward rules over one
// block of samples at a time, and a forward-only layout of its own (layout.ts places
// gradients, optimiser moments and training data, which inference never needs).
//
// Memory from __heap_base: [params][block input][block activations A][block activations B]
// All blocks are unit-major ([units x BLOCK_COLS], samples along rows), as in training,
// so each probability comes out of the same operations in the same order.
import { matmulAddBias } from "./kernels/matmul";
import { activationForward } from "./kernels/activations";
import { sigmoidProbability, softmaxProbability } from "./kernels/loss";

/** Samples per block; the caller writes at most this many at a time. */
const BLOCK_COLS: i32 = 256;
/** Most weight layers a model may have (bindings/serialize.ts allows 64 widths). */
const MAX_LAYERS: i32 = 64;

const sizesPtr: usize = memory.data((MAX_LAYERS + 1) << 2, 16);
let layers: i32 = 0;
let activation: i32 = 0;
let paramsPtr: usize = 0;
let inputPtr: usize = 0;
let blockPtrA: usize = 0;
let blockPtrB: usize = 0;

/** Where the caller writes the layer widths, input first. */
export function layerSizesPtr(): usize {
  return sizesPtr;
}

function width(l: i32): i32 {
  return load<i32>(sizesPtr + (<usize>l << 2));
}

/** Places a model of `layerCount` weight layers (widths at layerSizesPtr) with the given
 *  hidden activation; returns where its parameters go, or 0 if memory is short. */
export function declareModel(layerCount: i32, hiddenActivation: i32): usize {
  layers = layerCount;
  activation = hiddenActivation;
  let count: u64 = 0;
  let widest: u64 = 0;
  for (let l = 0; l < layerCount; l++) {
    count += <u64>width(l + 1) * <u64>(width(l) + 1);
    widest = max(widest, <u64>width(l + 1));
  }
  const start = (<u64>__heap_base + 15) & ~15;
  const inputAt = start + (count << 2);
  const aAt = inputAt + ((<u64>width(0) * BLOCK_COLS) << 2);
  const bAt = aAt + ((widest * BLOCK_COLS) << 2);
  const end = bAt + ((widest * BLOCK_COLS) << 2);
  if (end > 0xFFFF0000) return 0;
  const pages = <i32>((end + 0xFFFF) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) return 0;
  paramsPtr = <usize>start;
  inputPtr = <usize>inputAt;
  blockPtrA = <usize>aAt;
  blockPtrB = <usize>bAt;
  return paramsPtr;
}

/** Where the caller writes a block's inputs, unit-major with row stride `cols`. */
export function blockInputPtr(): usize {
  return inputPtr;
}

/** Probabilities of the `cols` ≤ BLOCK_COLS samples at blockInputPtr, as MLPClassifier's
 *  forward pass computes them; returns where they are, unit-major [outputs x cols]. */
export function forward(cols: i32): usize {
  let a = inputPtr;
  let z = blockPtrA;
  let w = paramsPtr;
  for (let l = 0; l < layers; l++) {
    const units = width(l + 1);
    const inputs = width(l);
    const b = w + ((<usize>units * <usize>inputs) << 2);
    matmulAddBias(w, b, a, cols, z, units, inputs, cols);
    if (l + 1 < layers) activationForward(activation, z, units * cols);
    w = b + (<usize>units << 2);
    a = z;
    z = z == blockPtrA ? blockPtrB : blockPtrA;
  }
  const outputs = width(layers);
  if (outputs == 1) sigmoidProbability(a, cols);
  else softmaxProbability(a, outputs, cols);
  return a;
}
