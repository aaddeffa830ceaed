// The export surface: numbers and pointers only. The TypeScript side (bindings/wasm.ts)
// validates everything before calling; nothing here checks its arguments.
import * as layout from "./layout";
import { gradientDescentEpoch, forwardBlock } from "./network";
import { sigmoidProbability } from "./kernels/loss";

export function layerSizesPtr(): usize { return layout.sizesPtr; }
export function maxLayers(): i32 { return layout.MAX_LAYERS; }

/** Places a network of `layers` weight layers (widths at layerSizesPtr); 0 if memory is short. */
export function declareNetwork(layers: i32): i32 { return layout.declareNetwork(layers) ? 1 : 0; }
export function paramsPtr(): usize { return layout.paramsPtr; }
export function paramCount(): i32 { return layout.paramCount; }
export function predictInputPtr(): usize { return layout.predictInputPtr; }
export function predictOutputPtr(): usize { return layout.predictOutputPtr; }
export function predictCapacity(): i32 { return layout.predictCapacity; }

/** Places `rows` training samples; 0 if memory is short. */
export function planTraining(rows: i32): i32 { return layout.planTraining(rows) ? 1 : 0; }
export function trainInputPtr(): usize { return layout.trainInputPtr; }
export function trainTargetPtr(): usize { return layout.trainTargetPtr; }

/** One epoch of full-batch gradient descent; returns the epoch's mean loss in bits. */
export function trainEpochGD(rows: i32, learningRate: f32): f64 {
  return gradientDescentEpoch(layout.trainInputPtr, layout.trainTargetPtr, rows, learningRate);
}

/** Row-major [cols x units] from the block's unit-major [units x cols]. */
function copyTransposed(srcPtr: usize, dstPtr: usize, units: i32, cols: i32): void {
  for (let j = 0; j < units; j++) {
    for (let s = 0; s < cols; s++) {
      store<f32>(dstPtr + (<usize>(s * units + j) << 2), load<f32>(srcPtr + (<usize>(j * cols + s) << 2)));
    }
  }
}

/** P(class 1) for `rows` ≤ predictCapacity samples at predictInputPtr (feature-major,
 *  row stride `rows`), written row-major to predictOutputPtr. */
export function predictProbability(rows: i32): void {
  const out = layout.units(layout.layerCount);
  for (let start = 0; start < rows; start += layout.BLOCK_COLS) {
    const cols = min(layout.BLOCK_COLS, rows - start);
    forwardBlock(layout.predictInputPtr + (<usize>start << 2), rows, cols);
    const logits = layout.activationPtr(layout.layerCount);
    sigmoidProbability(logits, out * cols);
    copyTransposed(logits, layout.predictOutputPtr + (<usize>(start * out) << 2), out, cols);
  }
}
