import {
  BLOCK_COLS, layerCount, hiddenActivation, units, weightPtr, biasPtr, activationPtr,
  paramsPtr, paramCount, deltaPtrA, deltaPtrB,
  blockInputPtr, blockTargetPtr, blockWeightPtr, sliceGradPtr, sliceSumPtr, MAX_SLICES, SLICE_UNIT,
  resultsPtr, RESULT_CORRECT, outputKind, OUTPUT_IDENTITY, targetsPerSample,
} from "./layout";
import { forwardBlock, outputProbability } from "./model";
import { matmulTransposeA } from "./kernels/matmul";
import { activationBackward, RELU } from "./kernels/activations";
import { binaryCrossEntropyBits, softmaxCrossEntropyBits, weightSum } from "./kernels/loss";
import { squaredError } from "./kernels/squarederror";
import { denseGradient } from "./kernels/gradient";
import { singleUnitBackward } from "./kernels/singleunit";
import { pickRowsToBlock } from "./kernels/rowblock";

// Training passes over one block of at most BLOCK_COLS samples: the forward pass is the
// model's (model.ts, shared with inference), then the loss and the backward pass. An
// input block is unit-major with row stride `inputStride`, so a block of the
// feature-major training matrix is read in place; every other buffer is compact
// ([units x cols]).

/** The block's weighted loss sum; leaves w·dloss/dlogit at deltaPtrA. For classes (in
 *  bits), one output unit is a sigmoid with binary cross-entropy (the seed), more are a
 *  softmax; for regression, the outputs are the predictions and the loss is ½ of the
 *  squared error. Regression targets are unit-major with row stride `targetStride`. */
export function outputLoss(targetPtr: usize, targetStride: i32, weightPtr: usize, cols: i32): f64 {
  const logits = activationPtr(layerCount);
  const classes = units(layerCount);
  if (outputKind == OUTPUT_IDENTITY) return squaredError(logits, targetPtr, targetStride, weightPtr, deltaPtrA, classes, cols);
  if (classes == 1) return binaryCrossEntropyBits(logits, targetPtr, weightPtr, deltaPtrA, cols);
  return softmaxCrossEntropyBits(logits, targetPtr, weightPtr, deltaPtrA, classes, cols);
}

/** Adds the block's gradient to `gradBase` (laid out as the parameters), starting from
 *  dloss/dlogit at deltaPtrA. */
export function backwardBlock(inputPtr: usize, inputStride: i32, cols: i32, gradBase: usize): void {
  let delta = deltaPtrA;
  let spare = deltaPtrB;
  for (let l = layerCount - 1; l >= 0; l--) {
    const below = l == 0 ? inputPtr : activationPtr(l);
    const stride = l == 0 ? inputStride : cols;
    const out = units(l + 1);
    const inp = units(l);
    if (out == 1 && l > 0) {
      // A binary classifier's output layer: gradient and error in one sweep, same bits.
      singleUnitBackward(delta, below, weightPtr(paramsPtr, l), weightPtr(gradBase, l), biasPtr(gradBase, l), spare, hiddenActivation, inp, cols);
    } else {
      denseGradient(delta, below, stride, weightPtr(gradBase, l), biasPtr(gradBase, l), out, inp, cols);
      if (l == 0) break;
      // relu's rule as the products are stored (matmul.ts); the others in a pass.
      const relu = hiddenActivation == RELU;
      matmulTransposeA(weightPtr(paramsPtr, l), delta, spare, out, inp, cols, relu ? below : 0);
      if (!relu) activationBackward(hiddenActivation, below, spare, inp * cols);
    }
    const t = delta; delta = spare; spare = t;
  }
}

/** Copies samples order[start .. start + cols) of a set of `rows` rows into the block
 *  buffers, for shuffled mini-batches: the inputs from a row-major set (a shuffled
 *  epoch's, layout.ts), the targets and weights as they are stored for every epoch. */
export function gatherBlock(
  inputPtr: usize, targetPtr: usize, weightPtr: usize, rows: i32, orderPtr: usize, start: i32, cols: i32,
): void {
  const inputs = units(0);
  const order = orderPtr + (<usize>start << 2);
  for (let s = 0; s < cols; s++) {
    const row = <usize>load<i32>(order + (<usize>s << 2)) << 2;
    store<f32>(blockWeightPtr + (<usize>s << 2), load<f32>(weightPtr + row));
  }
  gatherRows(targetPtr, blockTargetPtr, targetsPerSample(), rows, order, cols);
  pickRowsToBlock(inputPtr, order, blockInputPtr, inputs, cols);
}

/** dst[k][s] = src[k][order[s]] for k < count: `count` rows of `rows` values (the
 *  target-major targets) into a compact [count x cols] block. */
function gatherRows(srcPtr: usize, dstPtr: usize, count: i32, rows: i32, order: usize, cols: i32): void {
  for (let k = 0; k < count; k++) {
    const src = srcPtr + ((<usize>k * <usize>rows) << 2);
    const dst = dstPtr + ((<usize>k * <usize>cols) << 2);
    for (let s = 0; s < cols; s++) {
      const row = <usize>load<i32>(order + (<usize>s << 2)) << 2;
      store<f32>(dst + (<usize>s << 2), load<f32>(src + row));
    }
  }
}

/** Sums loss and gradient over samples [start, start + count) of a training set of
 *  `rows` rows, read in place (feature-major inputs) or, when `shuffled`, through
 *  `orderPtr` (row-major inputs). Adds the gradient to
 *  `gradBase`; writes the weighted loss sum (f64) at `sumsPtr` and the weight sum (f64)
 *  8 bytes after it. */
export function accumulateInto(
  inputPtr: usize, targetPtr: usize, weightPtr: usize, rows: i32,
  orderPtr: usize, shuffled: bool, start: i32, count: i32, gradBase: usize, sumsPtr: usize,
): void {
  let loss: f64 = 0;
  let weight: f64 = 0;
  const end = start + count;
  for (let at = start; at < end; at += BLOCK_COLS) {
    const cols = min(BLOCK_COLS, end - at);
    let input = inputPtr + (<usize>at << 2);
    let stride = rows;
    let targets = targetPtr + (<usize>at << 2);
    let weights = weightPtr + (<usize>at << 2);
    if (shuffled) {
      gatherBlock(inputPtr, targetPtr, weightPtr, rows, orderPtr, at, cols);
      input = blockInputPtr; stride = cols; targets = blockTargetPtr; weights = blockWeightPtr;
    }
    forwardBlock(input, stride, cols);
    loss += outputLoss(targets, stride, weights, cols);
    backwardBlock(input, stride, cols, gradBase);
    weight += weightSum(weights, cols);
  }
  store<f64>(sumsPtr, loss);
  store<f64>(sumsPtr, weight, 8);
}

/** Rows per slice of a batch of `count`: the fewest whole SLICE_UNITs that cut it into
 *  at most MAX_SLICES slices. Depends on the batch alone, never on the thread count. */
export function sliceRows(count: i32): i32 {
  const per = (count + MAX_SLICES - 1) / MAX_SLICES;
  return max(SLICE_UNIT, (per + SLICE_UNIT - 1) / SLICE_UNIT * SLICE_UNIT);
}

/** Slice `s` of the batch [start, start + count): its gradient into its own buffer (from
 *  zero), its loss and weight sums at sliceSumPtr(s). */
export function accumulateSlice(
  inputPtr: usize, targetPtr: usize, weightPtr: usize, rows: i32,
  orderPtr: usize, shuffled: bool, start: i32, count: i32, s: i32,
): void {
  const per = sliceRows(count);
  const from = start + s * per;
  const grads = sliceGradPtr(s);
  memory.fill(grads, 0, <usize>paramCount << 2);
  accumulateInto(inputPtr, targetPtr, weightPtr, rows, orderPtr, shuffled, from, min(per, start + count - from), grads, sliceSumPtr(s));
}

/** Mean unweighted loss of a feature-major set of `rows` samples (targets stored as
 *  training's are); the number a classifier gets right is left at resultsPtr +
 *  RESULT_CORRECT (layout.ts), 0 for a regressor. */
export function evaluate(inputPtr: usize, targetPtr: usize, rows: i32): f64 {
  const classes = units(layerCount);
  const logits = activationPtr(layerCount);
  for (let s = 0; s < BLOCK_COLS; s++) store<f32>(blockWeightPtr + (<usize>s << 2), 1);
  let loss: f64 = 0;
  let correct = 0;
  for (let start = 0; start < rows; start += BLOCK_COLS) {
    const cols = min(BLOCK_COLS, rows - start);
    const targets = targetPtr + (<usize>start << 2);
    forwardBlock(inputPtr + (<usize>start << 2), rows, cols);
    loss += outputLoss(targets, rows, blockWeightPtr, cols);
    if (outputKind == OUTPUT_IDENTITY) continue;
    outputProbability(cols);
    for (let s = 0; s < cols; s++) {
      if (predictedClass(logits, classes, cols, s) == <i32>load<f32>(targets + (<usize>s << 2))) correct++;
    }
  }
  store<i32>(resultsPtr + RESULT_CORRECT, correct);
  return rows > 0 ? loss / <f64>rows : 0;
}

/** The class `predict` reports for sample s: P(1) > 0.5, or the first largest probability. */
function predictedClass(probPtr: usize, classes: i32, cols: i32, s: i32): i32 {
  const at = probPtr + (<usize>s << 2);
  if (classes == 1) return load<f32>(at) > 0.5 ? 1 : 0;
  let best = 0;
  let top = load<f32>(at);
  for (let k = 1; k < classes; k++) {
    const p = load<f32>(at + ((<usize>k * <usize>cols) << 2));
    if (p > top) { top = p; best = k; }
  }
  return best;
}
