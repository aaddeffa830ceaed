// The model: its shape, its limits and its forward pass, one source for training
// (layout.ts places it with everything training needs; network.ts runs it backward too)
// and for inference (infer.ts places it alone). A model is `layerCount` dense layers
// over widths units(0) (the inputs) … units(layerCount) (the outputs), with one hidden
// activation; its parameters are packed per layer l as W_l [units(l+1) x units(l)]
// row-major, then b_l. The forward pass works on blocks of at most BLOCK_COLS samples,
// unit-major ([units x cols], samples along rows), so every sum runs in the same order in
// training and in prediction and both give the same bits.
import { matmulAddBias, matmulAddBiasRelu } from "./kernels/matmul";
import { activationForward, RELU } from "./kernels/activations";
import { sigmoidProbability, softmaxProbability } from "./kernels/loss";

/** Most weight layers a model may have; the wrapper rejects deeper ones. */
export const MAX_LAYERS: i32 = 64;
/** Samples per block: a block's activations stay in cache. */
export const BLOCK_COLS: i32 = 256;

/** Classification: one sigmoid output (two classes) or a softmax, with cross-entropy;
 *  one target per sample, the class. */
export const OUTPUT_CLASSES: i32 = 0;
/** Regression: identity outputs with squared error; one target per output and sample,
 *  stored target-major ([outputs x rows]) as the inputs are. */
export const OUTPUT_IDENTITY: i32 = 1;

/** Layer widths, input first: the caller writes them here before declareShape. */
export const sizesPtr: usize = memory.data((MAX_LAYERS + 1) << 2, 16);
// Each layer's parameter offset (in floats), and its activations' byte offset within a
// block's activations (from activationBase).
const offsetsPtr: usize = memory.data(MAX_LAYERS << 2, 16);
const activationOffsetsPtr: usize = memory.data((MAX_LAYERS + 1) << 2, 16);

export let layerCount: i32 = 0;
export let hiddenActivation: i32 = 0;
export let outputKind: i32 = 0; // OUTPUT_CLASSES (a literal: a constant here would need a start function)
export let paramCount: i32 = 0;
/** Bytes of one block's activations, every layer's together. */
export let activationBytes: usize = 0;
/** Where the placing module put the parameters and the current block's activations. */
export let paramsPtr: usize = 0;
export let activationBase: usize = 0;

/** Width of layer `l` (0 is the input). */
// @ts-ignore: decorator
@inline
export function units(l: i32): i32 {
  return load<i32>(sizesPtr + (<usize>l << 2));
}

/** Target values per sample: the class for classification, one per output for regression. */
export function targetsPerSample(): i32 {
  return outputKind == OUTPUT_IDENTITY ? units(layerCount) : 1;
}

/** Weights of layer l → l+1 in a parameter vector at `base`; its biases follow. */
export function weightPtr(base: usize, l: i32): usize {
  return base + (<usize>load<i32>(offsetsPtr + (<usize>l << 2)) << 2);
}

export function biasPtr(base: usize, l: i32): usize {
  return weightPtr(base, l) + ((<usize>units(l + 1) * <usize>units(l)) << 2);
}

/** Activations of layer l ≥ 1 for the current block, [units(l) x cols] compact. */
export function activationPtr(l: i32): usize {
  return activationBase + <usize>load<u32>(activationOffsetsPtr + (<usize>l << 2));
}

/** Records the shape of the model whose widths are at sizesPtr: its parameter offsets
 *  and count, and where each layer's activations sit in a block. False when the
 *  parameters would not fit a 32-bit index of floats. Places nothing. A `follower` (a
 *  training thread repeating the main thread's shape, parallel.ts) only reads: the
 *  offset tables are static data, which the threads share, and the main thread has
 *  written them already. */
export function declareShape(layers: i32, activation: i32, output: i32, follower: bool = false): bool {
  let params: u64 = 0;
  let bytes: u64 = 0;
  for (let l = 0; l < layers; l++) {
    if (!follower) store<i32>(offsetsPtr + (<usize>l << 2), <i32>params);
    params += <u64>units(l + 1) * <u64>(units(l) + 1);
    if (!follower) store<u32>(activationOffsetsPtr + (<usize>(l + 1) << 2), <u32>bytes);
    bytes = (bytes + (<u64>units(l + 1) * BLOCK_COLS << 2) + 15) & ~15;
  }
  if (params > <u64>(i32.MAX_VALUE >> 2)) return false;
  layerCount = layers;
  hiddenActivation = activation;
  outputKind = output;
  paramCount = <i32>params;
  activationBytes = <usize>bytes;
  return true;
}

/** Leaves the output layer's logits at activationPtr(layerCount), hidden layers
 *  activated. The input block is unit-major with row stride `inputStride`, so a block
 *  of a feature-major training set is read in place. */
export function forwardBlock(inputPtr: usize, inputStride: i32, cols: i32): void {
  let a = inputPtr;
  let stride = inputStride;
  for (let l = 0; l < layerCount; l++) {
    const z = activationPtr(l + 1);
    const out = units(l + 1);
    if (!isDefined(WASMLP_SMALL) && l + 1 < layerCount && hiddenActivation == RELU) {
      // relu as the products are stored (matmul.ts): the same bits as its own pass, which
      // the inference core, held to its byte budget, keeps.
      matmulAddBiasRelu(weightPtr(paramsPtr, l), biasPtr(paramsPtr, l), a, stride, z, out, units(l), cols);
    } else {
      matmulAddBias(weightPtr(paramsPtr, l), biasPtr(paramsPtr, l), a, stride, z, out, units(l), cols);
      if (l + 1 < layerCount) activationForward(hiddenActivation, z, out * cols);
    }
    a = z;
    stride = cols;
  }
}

/** Turns the output logits into probabilities in place; a regressor's outputs are its
 *  predictions as they are. */
export function outputProbability(cols: i32): void {
  if (outputKind == OUTPUT_IDENTITY) return;
  const logits = activationPtr(layerCount);
  const classes = units(layerCount);
  if (classes == 1) sigmoidProbability(logits, cols);
  else softmaxProbability(logits, classes, cols);
}
