// The one place that decides where each buffer lives in linear memory. Nothing here is
// allocated per epoch: the network's buffers are placed once when it is declared, the
// training data once per fit, and memory only grows at those two moments.
//
// Small tables (widths, offsets) are static data. The rest starts at `regionStart`:
//   [params][grads][optimiser moments m, v][params backups: last epoch, the one before]
//   [slice gradients x MAX_SLICES][slice loss and weight sums]
//   [per thread: block activations per layer, block deltas x2, block input, targets, weights]
//   [prediction input][prediction output][prediction scaler mean, scale]
//   | [training inputs][targets][sample weights][row order][validation inputs][targets]
//
// Kernels see activations unit-major ([units x cols]) so samples run along rows. The
// training inputs are stored as the epochs will read them: feature-major ([features x
// rows]) for epochs in stored order, which read each block in place, and row-major
// ([rows x features]) for shuffled epochs, which pick their rows through the row order
// (network.ts gatherBlock). The wrapper writes them so; validation inputs are always
// feature-major, and targets are target-major ([targets x rows]) either way.
//
// Module state. The core keeps mutable globals, and that is safe because of how it is
// instantiated: every classifier has an instance of its own, and in the threads build
// every thread has its own instance over the shared memory. So each global below is per
// model and per thread; two models never see each other's. All of them:
//   - model.ts: the model's shape (layerCount, hiddenActivation, outputKind, paramCount)
//     and where its parameters and the current block's activations are;
//   - here: where every other buffer starts (the *Ptr globals below). declareNetwork and
//     planTraining set both; a worker repeats them from the control block (parallel.ts
//     `follow`) as a follower, which sets its own globals and writes nothing shared;
//   - parallel.ts: the thread's index and the control-block generation and version it has
//     seen (workers only);
//   - kernels/loss.ts: four running f64 stripes of a loss sum, alive during one call;
//   - kernels/matmul.ts: how the running product finishes its sums (relu or not), set
//     by its entry points before each call;
//   - infer.ts: where the inference core's block input is (a separate module, which
//     places model.ts's buffers itself).
// Settings and results that outlive a call sit in memory, at the static blocks
// `optimizerPtr` (the optimizer's settings and Adam's step count) and `resultsPtr` (what
// the wrapper reads after evaluate and predictProbability). Static data is shared
// between threads in the threads build; only the main thread writes or reads these two.
// They are zero at instantiation: a worker that joins re-applies non-zero data segments,
// so only zero-filled static blocks may hold live values.

import * as model from "./model";
import { BLOCK_COLS, units } from "./model";

// The model's shape and its pointers are model.ts's (one source for training and
// inference); they are re-exported here so the training code finds every buffer in one
// place.
export {
  MAX_LAYERS, BLOCK_COLS, OUTPUT_CLASSES, OUTPUT_IDENTITY, sizesPtr, layerCount, hiddenActivation,
  outputKind, paramCount, paramsPtr, units, weightPtr, biasPtr, activationPtr, targetsPerSample,
} from "./model";

/** A batch is cut into at most this many slices, whatever the number of threads: each
 *  slice's gradient has a buffer of its own, and the slices are summed in index order,
 *  so the result does not depend on which thread computed which slice. */
export const MAX_SLICES: i32 = 16;
/** Slices are whole multiples of this many rows. */
export const SLICE_UNIT: i32 = 64;
/** Most threads a layout gives scratch to (more would find no slice to work on). */
export const MAX_THREADS: i32 = MAX_SLICES;
/** Prediction buffers hold about this many floats, whatever the layer widths. */
const PREDICT_FLOATS: i32 = 1 << 20;

const WASM_PAGE: u64 = 65536;
const MAX_BYTES: u64 = 65536 * WASM_PAGE;

/** The optimizer's settings (training.ts's configure writes them, each step reads them)
 *  and Adam's step count t. Byte offsets below; zero until configured. */
export const optimizerPtr: usize = memory.data(64, 16);
export const OPTIMIZER_KIND: usize = 0; // i32: GD, SGD or ADAM (training.ts)
export const OPTIMIZER_RATE: usize = 4; // f32 learning rate
export const OPTIMIZER_MOMENTUM: usize = 8; // f32
export const OPTIMIZER_NESTEROV: usize = 12; // i32, 0 or 1
export const OPTIMIZER_BETA1: usize = 16; // f32
export const OPTIMIZER_BETA2: usize = 20; // f32
export const OPTIMIZER_EPSILON: usize = 24; // f32
export const OPTIMIZER_L2: usize = 28; // f32
export const OPTIMIZER_STEPS: usize = 32; // i32: Adam's t, kept across partial fits

/** What the last call left for the wrapper to read, beside its return value. */
export const resultsPtr: usize = memory.data(16, 16);
export const RESULT_CORRECT: usize = 0; // i32: samples the last evaluate classified right
export const RESULT_OVERFLOW_ROW: usize = 4; // i32: first row of the last prediction with NaN outputs, or -1

export let gradsPtr: usize = 0;
export let momentPtr: usize = 0;
export let secondMomentPtr: usize = 0;
export let backupPtr: usize = 0;
export let previousBackupPtr: usize = 0;
export let sliceGradsPtr: usize = 0;
/** Bytes from one slice's gradient buffer to the next: whole cache lines, so threads that
 *  fill neighbouring slices never write the same line. */
export let sliceGradBytes: usize = 0;
export let sliceSumsPtr: usize = 0;
/** Bytes per slice's loss and weight sums (two f64s, padded to a cache line for the same
 *  reason). */
export const SLICE_SUMS_BYTES: usize = 64;
export let threadCount: i32 = 1;
let scratchStart: usize = 0;
let scratchBytes: usize = 0;
let deltaBytes: usize = 0;
export let deltaPtrA: usize = 0;
export let deltaPtrB: usize = 0;
export let blockInputPtr: usize = 0;
export let blockTargetPtr: usize = 0;
export let blockWeightPtr: usize = 0;
export let predictCapacity: i32 = 0;
export let predictInputPtr: usize = 0;
export let predictOutputPtr: usize = 0;
export let predictMeanPtr: usize = 0;
export let predictScalePtr: usize = 0;
let fixedEnd: usize = 0;
export let trainInputPtr: usize = 0;
export let trainTargetPtr: usize = 0;
export let trainWeightPtr: usize = 0;
export let trainOrderPtr: usize = 0;
export let validationInputPtr: usize = 0;
export let validationTargetPtr: usize = 0;

/** Slice s's gradient buffer, laid out as the parameters. */
export function sliceGradPtr(s: i32): usize {
  return sliceGradsPtr + <usize>s * sliceGradBytes;
}

/** Slice s's loss sum (f64), then its weight sum (f64). */
export function sliceSumPtr(s: i32): usize {
  return sliceSumsPtr + <usize>s * SLICE_SUMS_BYTES;
}

/** Points this instance's block buffers at thread `t`'s scratch. The activation offsets
 *  table is relative to the scratch start, so the one table the main thread wrote serves
 *  every thread. */
export function selectScratch(t: i32): void {
  const base = scratchStart + <usize>t * scratchBytes;
  model.activationBase = base;
  let at = base + model.activationBytes;
  deltaPtrA = at; at += deltaBytes;
  deltaPtrB = at; at += deltaBytes;
  blockInputPtr = at; at += <usize>align(floats(<u64>units(0) * BLOCK_COLS));
  blockTargetPtr = at; at += <usize>align(floats(<u64>model.targetsPerSample() * BLOCK_COLS));
  blockWeightPtr = at;
}

function align(ptr: u64): u64 {
  return (ptr + 15) & ~15;
}

function floats(count: u64): u64 {
  return count << 2;
}

/** Grows memory to hold `end` bytes; false when the wasm32 address space cannot. */
function reserve(end: u64): bool {
  if (end > MAX_BYTES) return false;
  const have = <u64>memory.size() * WASM_PAGE;
  if (end <= have) return true;
  return memory.grow(<i32>((end - have + WASM_PAGE - 1) / WASM_PAGE)) >= 0;
}

/** Places the network whose widths the caller wrote at `sizesPtr`, from `regionStart`
 *  on, with block scratch for `threads` threads; `activation` is the hidden layers' (see
 *  kernels/activations.ts), `output` OUTPUT_CLASSES or OUTPUT_IDENTITY. Leaves thread 0's
 *  scratch selected. A `follower` (a training thread repeating the main thread's layout,
 *  parallel.ts `follow`) sets only its own globals: it writes no shared table and never
 *  grows memory, which the main thread reserved before it published the layout. What it
 *  reads may be a layout the main thread is rewriting (a run that put a model back after
 *  an error); then its claims fail, and nothing shared is touched. */
export function declareNetwork(layers: i32, activation: i32, regionStart: usize, threads: i32 = 1, output: i32 = model.OUTPUT_CLASSES, follower: bool = false): bool {
  if (!model.declareShape(layers, activation, output, follower)) return false;
  const params = <u64>model.paramCount;
  let widest: i32 = 0;
  for (let l = 1; l <= layers; l++) widest = max(widest, units(l));
  threadCount = threads;
  let at = align(<u64>regionStart);
  model.paramsPtr = <usize>at; at = align(at + floats(params));
  gradsPtr = <usize>at; at = align(at + floats(params));
  momentPtr = <usize>at; at = align(at + floats(params));
  secondMomentPtr = <usize>at; at = align(at + floats(params));
  backupPtr = <usize>at; at = align(at + floats(params));
  previousBackupPtr = <usize>at; at = align(at + floats(params));
  at = (at + 63) & ~63;
  sliceGradBytes = <usize>((floats(params) + 63) & ~63);
  sliceGradsPtr = <usize>at; at = align(at + <u64>sliceGradBytes * <u64>MAX_SLICES);
  sliceSumsPtr = <usize>at; at = align(at + <u64>SLICE_SUMS_BYTES * <u64>MAX_SLICES);
  // One thread's scratch: the block's activations (model.ts), two delta buffers, then the
  // gathered block's inputs, targets and weights.
  deltaBytes = <usize>align(floats(<u64>widest * BLOCK_COLS));
  let scratch = <u64>model.activationBytes + 2 * <u64>deltaBytes;
  const inputs = units(0);
  const outputs = units(layers);
  scratch += align(floats(<u64>inputs * BLOCK_COLS)) + align(floats(<u64>model.targetsPerSample() * BLOCK_COLS)) + align(floats(BLOCK_COLS));
  scratchStart = <usize>at;
  scratchBytes = <usize>scratch;
  at += scratch * <u64>threads;
  // Rows in and out are row-major; a sigmoid output leaves as two columns, 1 - p and p.
  const columns = max(outputs, 2);
  const capacity = max(BLOCK_COLS, (PREDICT_FLOATS / max(inputs, columns)) & ~(BLOCK_COLS - 1));
  predictCapacity = capacity;
  // 16 bytes more: the SIMD transpose of a block reads a vector from the last row's end.
  predictInputPtr = <usize>at; at = align(at + floats(<u64>inputs * capacity) + 16);
  predictOutputPtr = <usize>at; at = align(at + floats(<u64>columns * capacity));
  predictMeanPtr = <usize>at; at = align(at + (<u64>inputs << 3));
  predictScalePtr = <usize>at; at = align(at + (<u64>inputs << 3));
  if (!follower && !reserve(at)) return false;
  selectScratch(0);
  fixedEnd = <usize>at;
  trainInputPtr = trainTargetPtr = trainWeightPtr = trainOrderPtr = 0;
  validationInputPtr = validationTargetPtr = 0;
  return true;
}

/** Places `rows` training and `validationRows` validation samples after the network; a
 *  `follower` does not grow memory (see declareNetwork). */
export function planTraining(rows: i32, validationRows: i32, follower: bool = false): bool {
  const inputs = <u64>units(0);
  let at = <u64>fixedEnd;
  const inputAt = at; at = align(at + floats(inputs * <u64>rows));
  const targets = <u64>model.targetsPerSample();
  const targetAt = at; at = align(at + floats(targets * <u64>rows));
  const weightAt = at; at = align(at + floats(<u64>rows));
  const orderAt = at; at = align(at + floats(<u64>rows));
  const validationInputAt = at; at = align(at + floats(inputs * <u64>validationRows));
  const validationTargetAt = at; at = align(at + floats(targets * <u64>validationRows));
  if (!follower && !reserve(at)) return false;
  trainInputPtr = <usize>inputAt;
  trainTargetPtr = <usize>targetAt;
  trainWeightPtr = <usize>weightAt;
  trainOrderPtr = <usize>orderAt;
  validationInputPtr = <usize>validationInputAt;
  validationTargetPtr = <usize>validationTargetAt;
  return true;
}
