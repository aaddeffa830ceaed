// The export surface: numbers and pointers only. The TypeScript side (bindings/wasm.ts)
// validates everything before calling; nothing here checks its arguments.
import * as layout from "./layout";
import { forwardBlock, outputProbability, evaluate, lastCorrect } from "./network";
import { publishNetwork, publishTraining } from "./parallel";
import { configure, resetOptimizer, trainEpoch, optimizerSteps, setOptimizerSteps } from "./training";

export function layerSizesPtr(): usize { return layout.sizesPtr; }

/** Places a network of `layers` weight layers (widths at layerSizesPtr) with the given
 *  hidden activation, and scratch for `threads` threads; 0 if memory is short. This
 *  module allocates nothing else, so the region after the static data is all the layout's. */
export function declareNetwork(layers: i32, activation: i32, threads: i32): i32 {
  if (!layout.declareNetwork(layers, activation, __heap_base, threads)) return 0;
  publishNetwork(layers, activation, threads);
  return 1;
}
export function paramsPtr(): usize { return layout.paramsPtr; }
export function paramCount(): i32 { return layout.paramCount; }
export function predictInputPtr(): usize { return layout.predictInputPtr; }
export function predictOutputPtr(): usize { return layout.predictOutputPtr; }
export function predictCapacity(): i32 { return layout.predictCapacity; }

/** Places the training and validation samples; 0 if memory is short. */
export function planTraining(rows: i32, validationRows: i32): i32 {
  if (!layout.planTraining(rows, validationRows)) return 0;
  publishTraining(rows, validationRows);
  return 1;
}
export function trainInputPtr(): usize { return layout.trainInputPtr; }
export function trainTargetPtr(): usize { return layout.trainTargetPtr; }
export function trainWeightPtr(): usize { return layout.trainWeightPtr; }
export function trainOrderPtr(): usize { return layout.trainOrderPtr; }
export function validationInputPtr(): usize { return layout.validationInputPtr; }
export function validationTargetPtr(): usize { return layout.validationTargetPtr; }

/** Optimizer kind (0 gd, 1 sgd, 2 adam) and its hyper-parameters. */
export function configureOptimizer(
  kind: i32, learningRate: f32, momentum: f32, nesterov: i32,
  beta1: f32, beta2: f32, epsilon: f32, l2: f32,
): void {
  configure(kind, learningRate, momentum, nesterov != 0, beta1, beta2, epsilon, l2);
}
export function resetOptimizerState(): void { resetOptimizer(); }
/** The optimizer's state, for the wrapper to save and put back: velocity or Adam's first
 *  moment, Adam's second moment (paramCount floats each), and Adam's step count. */
export function momentPtr(): usize { return layout.momentPtr; }
export function secondMomentPtr(): usize { return layout.secondMomentPtr; }
export function getOptimizerSteps(): i32 { return optimizerSteps(); }
export function putOptimizerSteps(steps: i32): void { setOptimizerSteps(steps); }

/** One epoch over the planned training rows; returns its loss in bits. */
export function trainEpochOver(rows: i32, batchSize: i32, shuffled: i32): f64 {
  return trainEpoch(rows, batchSize, shuffled != 0);
}

/** Mean loss (bits) on the planned validation rows; validationCorrect() after it. */
export function evaluateValidation(rows: i32): f64 {
  return evaluate(layout.validationInputPtr, layout.validationTargetPtr, rows);
}
export function validationCorrect(): i32 { return lastCorrect; }

/** Keeps a copy of the parameters before an epoch, and the copy from the epoch before,
 *  so a step that diverges can go back to weights whose loss was seen to be finite. */
export function backupParams(): void {
  const bytes = <usize>layout.paramCount << 2;
  memory.copy(layout.previousBackupPtr, layout.backupPtr, bytes);
  memory.copy(layout.backupPtr, layout.paramsPtr, bytes);
}
/** Restores the parameters from before the last epoch (0) or the one before it (1). */
export function restoreParams(epochsBack: i32): void {
  const from = epochsBack > 0 ? layout.previousBackupPtr : layout.backupPtr;
  memory.copy(layout.paramsPtr, from, <usize>layout.paramCount << 2);
}
export function paramsFinite(): i32 {
  for (let i = 0; i < layout.paramCount; i++) {
    if (!isFinite<f32>(load<f32>(layout.paramsPtr + (<usize>i << 2)))) return 0;
  }
  return 1;
}

/** Row-major [cols x units] from the block's unit-major [units x cols]. */
function copyTransposed(srcPtr: usize, dstPtr: usize, units: i32, cols: i32): void {
  for (let j = 0; j < units; j++) {
    for (let s = 0; s < cols; s++) {
      store<f32>(dstPtr + (<usize>(s * units + j) << 2), load<f32>(srcPtr + (<usize>(j * cols + s) << 2)));
    }
  }
}

/** Output probabilities for `rows` ≤ predictCapacity samples at predictInputPtr
 *  (feature-major, row stride `rows`), written row-major to predictOutputPtr: P(class 1)
 *  for a single output, one probability per class for a softmax. */
export function predictProbability(rows: i32): void {
  const out = layout.units(layout.layerCount);
  for (let start = 0; start < rows; start += layout.BLOCK_COLS) {
    const cols = min(layout.BLOCK_COLS, rows - start);
    forwardBlock(layout.predictInputPtr + (<usize>start << 2), rows, cols);
    outputProbability(cols);
    copyTransposed(layout.activationPtr(layout.layerCount), layout.predictOutputPtr + (<usize>(start * out) << 2), out, cols);
  }
}
