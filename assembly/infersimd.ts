// The inference core of wasmlp/infer/simd: the library's prediction path (index.ts's
// predictProbability: rows to a block, the model's forward pass, rows of outputs) over one
// block of samples a call, on kernels/paddedblock.ts's kernels, which give the library's
// bits. Its layout is forward-only (layout.ts places gradients, optimiser moments and
// every layer's activations, which training needs): a layer reads one buffer and writes
// the other, and the parameters are read in their packed order (model.ts: per layer W_l
// [units(l+1) x units(l)] row-major, then b_l).
//
// Memory from __heap_base: [params][mean, scale: f64 x inputs each][input rows]
// [buffer A][buffer B][output rows], the buffers and the output rows BLOCK_COLS x the
// widest layer (at least 2) floats each.
//
// The exports have one-letter names (listed at the end), as in assembly/infer.ts: every
// name appears in the module and in the JavaScript that calls it, and the bundle is held
// to 4.5 KB (tests/infer-size.test.js).
import { sizesPtr, units, BLOCK_COLS, OUTPUT_IDENTITY } from "./model";
import { SIGMOID } from "./kernels/activations";
import { PAD, rowsToPaddedBlock, denseBlock, activateBlock, softmaxBlock, complementRow, blockToRows } from "./kernels/paddedblock";

let layerCount = 0;
let hiddenActivation = 0;
let regression = false;
let standardize = false;
let paramsPtr: usize = 0;
let meanPtr: usize = 0;
let rowsPtr: usize = 0;
let bufferA: usize = 0;
let bufferB: usize = 0;
let outputPtr: usize = 0;

/** Where the caller writes the layer widths, input first. */
function layerSizesPtr(): usize {
  return sizesPtr;
}

/** `bytes` more after `at`, rounded up to 16 bytes. */
// @ts-ignore: decorator
@inline
function after(at: u64, bytes: u64): u64 {
  return (at + bytes + 15) & ~15;
}

/** Places a model of `layers` weight layers (widths at layerSizesPtr, each at most
 *  MAX_WIDTH, so no size here overflows 64 bits) with the given hidden activation and
 *  output kind (0: classes, 1: regression), its inputs standardized when `standardized`
 *  (statistics at inputMeanPtr); returns where its parameters go, or 0 if memory is short. */
function declareModel(layers: i32, activation: i32, output: i32, standardized: i32): usize {
  let params: u64 = 0;
  let widest: u64 = 2;
  for (let l = 0; l <= layers; l++) {
    const width = <u64>units(l);
    widest = max(widest, width);
    if (l > 0) params += width * (<u64>units(l - 1) + 1);
  }
  const inputs = <u64>units(0);
  const buffer = widest * BLOCK_COLS * 4;
  const start = after(<u64>__heap_base, 0);
  const means = after(start, params * 4);
  const rows = after(means, inputs * 16);
  const a = after(rows, inputs * BLOCK_COLS * 8);
  const b = after(a, buffer);
  const outputs = after(b, buffer);
  const end = after(outputs, buffer);
  if (end > 0xFFFF0000) return 0;
  const pages = <i32>((end + 0xFFFF) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) return 0;
  layerCount = layers;
  hiddenActivation = activation;
  regression = output == OUTPUT_IDENTITY;
  standardize = standardized != 0;
  paramsPtr = <usize>start;
  meanPtr = <usize>means;
  rowsPtr = <usize>rows;
  bufferA = <usize>a;
  bufferB = <usize>b;
  outputPtr = <usize>outputs;
  return paramsPtr;
}

/** Where the caller writes the f64 means, then the f64 scales, of the inputs. */
function inputMeanPtr(): usize {
  return meanPtr;
}

/** Where the caller writes a block's rows, row-major [cols x inputs], float32 or float64. */
function inputRowsPtr(): usize {
  return rowsPtr;
}

/** Where predictBlock leaves its rows of outputs. */
function outputRowsPtr(): usize {
  return outputPtr;
}

/** Outputs of the `cols` ≤ BLOCK_COLS rows at inputRowsPtr (float64 values when `wide`),
 *  standardized first if the model is, written row-major at outputRowsPtr as the
 *  library's predictProbability writes them (1 - p, p for one sigmoid output; a softmax's
 *  probabilities; a regressor's predictions). Returns the index (row * inputs + column) of
 *  the first input value that is not a finite float32, which stops it; else -2 - r if row
 *  r's outputs came out NaN (or infinite, for regression), the first such; else -1. */
function predictBlock(cols: i32, wide: i32): i32 {
  const inputs = units(0);
  // Zero rows pad the block to whole vectors (BLOCK_COLS is a multiple of PAD); their
  // outputs are computed and never read.
  const padded = (cols + PAD - 1) & -PAD;
  let a = bufferA;
  let z = bufferB;
  const bad = rowsToPaddedBlock(rowsPtr, wide != 0, meanPtr, meanPtr + (<usize>inputs << 3), standardize, a, inputs, cols, padded);
  if (bad >= 0) return bad;
  let w = paramsPtr;
  for (let l = 0; l < layerCount; l++) {
    const from = units(l);
    const to = units(l + 1);
    const b = w + ((<usize>to * <usize>from) << 2);
    denseBlock(w, b, a, z, to, from, padded);
    w = b + (<usize>to << 2);
    if (l + 1 < layerCount) activateBlock(hiddenActivation, z, to * padded);
    const t = a;
    a = z;
    z = t;
  }
  let width = units(layerCount);
  if (!regression) {
    if (width > 1) softmaxBlock(a, width, padded);
    else {
      // One sigmoid output: its rows become 1 - p, p (the buffer holds two rows), as the
      // library's probabilitiesToRows writes them.
      activateBlock(SIGMOID, a, padded);
      complementRow(a, padded);
      width = 2;
    }
  }
  const row = blockToRows(a, outputPtr, width, padded);
  return row >= 0 && row < cols ? -2 - row : -1;
}

export {
  layerSizesPtr as s, declareModel as d, inputMeanPtr as m, inputRowsPtr as i, outputRowsPtr as o, predictBlock as p,
};
