// The inference core of wasmlp/infer: the model's own forward pass (model.ts, the code
// training runs) over one block of samples at a time, with a forward-only layout of its
// own (layout.ts places gradients, optimiser moments and training data, which inference
// never needs). The same kernels in the same order give the same bits as training's
// predictions.
//
// Memory from __heap_base: [params][block input][block activations, every layer]
//
// The exports have one-letter names (listed at the end): the wasmlp/infer bundle is held
// to 4 KB, and every name appears in the module and in the JavaScript that calls it.
import * as model from "./model";

let inputPtr: usize = 0;

/** Where the caller writes the layer widths, input first. */
function layerSizesPtr(): usize {
  return model.sizesPtr;
}

/** Places a model of `layerCount` weight layers (widths at layerSizesPtr) with the given
 *  hidden activation and output kind (0: classes, 1: regression); returns where its
 *  parameters go, or 0 if memory is short. */
function declareModel(layerCount: i32, hiddenActivation: i32, output: i32): usize {
  if (!model.declareShape(layerCount, hiddenActivation, output)) return 0;
  const start = (<u64>__heap_base + 15) & ~15;
  const inputAt = start + ((<u64>model.paramCount << 2) + 15 & ~15);
  const activationsAt = inputAt + ((<u64>model.units(0) * model.BLOCK_COLS) << 2);
  const end = activationsAt + <u64>model.activationBytes;
  if (end > 0xFFFF0000) return 0;
  const pages = <i32>((end + 0xFFFF) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) return 0;
  model.paramsPtr = <usize>start;
  model.activationBase = <usize>activationsAt;
  inputPtr = <usize>inputAt;
  return model.paramsPtr;
}

/** Where the caller writes a block's inputs, unit-major with row stride `cols`. */
function blockInputPtr(): usize {
  return inputPtr;
}

/** Outputs of the `cols` ≤ BLOCK_COLS samples at blockInputPtr, as training's forward
 *  pass computes them (probabilities for classes, predictions for regression); returns
 *  where they are, unit-major [outputs x cols]. */
function forward(cols: i32): usize {
  model.forwardBlock(inputPtr, cols, cols);
  model.outputProbability(cols);
  return model.activationPtr(model.layerCount);
}

export { layerSizesPtr as s, declareModel as d, blockInputPtr as i, forward as f };
