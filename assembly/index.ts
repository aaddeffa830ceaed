// The export surface: numbers and pointers only. The TypeScript side (bindings/runtime/core.ts)
// validates everything before calling; nothing here checks its arguments.
import * as layout from "./layout";
import { forwardBlock, outputProbability } from "./model";
import { evaluate } from "./network";
import { publishNetwork, publishTraining } from "./parallel";
import { rowsToBlock } from "./kernels/rowblock";
import { probabilitiesToRows, outputsToRows } from "./kernels/probabilityrows";
import { configure, resetOptimizer, trainEpoch, optimizerSteps, setOptimizerSteps } from "./training";

export function layerSizesPtr(): usize { return layout.sizesPtr; }

/** Places a network of `layers` weight layers (widths at layerSizesPtr) with the given
 *  hidden activation and output kind (layout.OUTPUT_CLASSES, 0, or OUTPUT_IDENTITY, 1),
 *  and scratch for `threads` threads; 0 if memory is short. This module allocates
 *  nothing else, so the region after the static data is all the layout's. */
export function declareNetwork(layers: i32, activation: i32, threads: i32, output: i32): i32 {
  if (!layout.declareNetwork(layers, activation, __heap_base, threads, output)) return 0;
  publishNetwork(layers, activation, threads, output);
  return 1;
}
export function paramsPtr(): usize { return layout.paramsPtr; }
export function paramCount(): i32 { return layout.paramCount; }
export function predictInputPtr(): usize { return layout.predictInputPtr; }
export function predictOutputPtr(): usize { return layout.predictOutputPtr; }
export function predictCapacity(): i32 { return layout.predictCapacity; }
export function predictMeanPtr(): usize { return layout.predictMeanPtr; }
export function predictScalePtr(): usize { return layout.predictScalePtr; }

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

/** One epoch over the planned training rows, through the row order when `shuffled`
 *  (then the training inputs are row-major, else feature-major: layout.ts); returns its
 *  loss in bits. */
export function trainEpochOver(rows: i32, batchSize: i32, shuffled: i32): f64 {
  return trainEpoch(rows, batchSize, shuffled != 0);
}

/** Mean loss (bits) on the planned validation rows; validationCorrect() after it. */
export function evaluateValidation(rows: i32): f64 {
  return evaluate(layout.validationInputPtr, layout.validationTargetPtr, rows);
}
export function validationCorrect(): i32 { return load<i32>(layout.resultsPtr + layout.RESULT_CORRECT); }

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

/** Outputs for `rows` ≤ predictCapacity samples at predictInputPtr (row-major [rows x
 *  features]), standardized first with the f64 statistics at predictMeanPtr and
 *  predictScalePtr when `standardize`. Writes row-major to predictOutputPtr: for classes,
 *  1 - P(class 1), P(class 1) for a single output, one probability per class for a
 *  softmax; for regression, one prediction per output. Returns the index (row * features
 *  + column) of the first input value that is not finite, which stops it; else -2 if
 *  some row's outputs came out NaN (or infinite, for regression; predictOverflowRow()
 *  tells the first such row), or -1. */
export function predictProbability(rows: i32, standardize: i32): i32 {
  const inputs = layout.units(0);
  const classes = layout.units(layout.layerCount);
  const regression = layout.outputKind == layout.OUTPUT_IDENTITY;
  const columns = regression ? classes : max(classes, 2);
  let overflowRow = -1;
  for (let start = 0; start < rows; start += layout.BLOCK_COLS) {
    const cols = min(layout.BLOCK_COLS, rows - start);
    const bad = rowsToBlock(
      layout.predictInputPtr + (<usize>(start * inputs) << 2), layout.predictMeanPtr, layout.predictScalePtr,
      standardize != 0, layout.blockInputPtr, inputs, cols,
    );
    if (bad >= 0) return start * inputs + bad;
    forwardBlock(layout.blockInputPtr, cols, cols);
    outputProbability(cols);
    const out = layout.predictOutputPtr + (<usize>(start * columns) << 2);
    const outputs = layout.activationPtr(layout.layerCount);
    const nan = regression ? outputsToRows(outputs, out, classes, cols) : probabilitiesToRows(outputs, out, classes, cols);
    if (nan >= 0 && overflowRow < 0) overflowRow = start + nan;
  }
  store<i32>(layout.resultsPtr + layout.RESULT_OVERFLOW_ROW, overflowRow);
  return overflowRow >= 0 ? -2 : -1;
}

/** The first row of the last predictProbability whose outputs are NaN. */
export function predictOverflowRow(): i32 { return load<i32>(layout.resultsPtr + layout.RESULT_OVERFLOW_ROW); }
