// The one place that decides where each buffer lives in linear memory. Nothing here is
// allocated per epoch: the network's buffers are placed once when it is declared, the
// training data once per fit, and memory only grows at those two moments.
//
//   [layer sizes][parameter offsets][params][grads][block activations][block deltas]
//   [prediction input][prediction output] | [training inputs][training targets]
//
// Kernels see activations unit-major ([units x cols]) so samples run along rows.

/** Most weight layers a network may have; the wrapper rejects deeper ones. */
export const MAX_LAYERS: i32 = 64;
/** Samples per forward/backward block: a block's activations stay in cache. */
export const BLOCK_COLS: i32 = 256;
/** Prediction buffers hold about this many floats, whatever the layer widths. */
const PREDICT_FLOATS: i32 = 1 << 20;

const WASM_PAGE: u64 = 65536;
const MAX_BYTES: u64 = 65536 * WASM_PAGE;

export const sizesPtr: usize = (__heap_base + 15) & ~15;
const offsetsPtr: usize = sizesPtr + (<usize>(MAX_LAYERS + 1) << 2);
const activationOffsetsPtr: usize = offsetsPtr + (<usize>MAX_LAYERS << 2);
const fixedStart: usize = activationOffsetsPtr + (<usize>(MAX_LAYERS + 1) << 2);

export let layerCount: i32 = 0;
export let paramCount: i32 = 0;
export let paramsPtr: usize = 0;
export let gradsPtr: usize = 0;
export let deltaPtrA: usize = 0;
export let deltaPtrB: usize = 0;
export let predictCapacity: i32 = 0;
export let predictInputPtr: usize = 0;
export let predictOutputPtr: usize = 0;
let fixedEnd: usize = 0;
export let trainInputPtr: usize = 0;
export let trainTargetPtr: usize = 0;

/** Width of layer `l` (0 is the input). */
// @ts-ignore: decorator
@inline
export function units(l: i32): i32 {
  return load<i32>(sizesPtr + (<usize>l << 2));
}

/** Weights of layer l → l+1, [units(l+1) x units(l)] row-major; its biases follow. */
export function weightPtr(base: usize, l: i32): usize {
  return base + (<usize>load<i32>(offsetsPtr + (<usize>l << 2)) << 2);
}

export function biasPtr(base: usize, l: i32): usize {
  return weightPtr(base, l) + ((<usize>units(l + 1) * <usize>units(l)) << 2);
}

/** Activations of layer l ≥ 1 for the current block, [units(l) x cols] compact. */
export function activationPtr(l: i32): usize {
  return <usize>load<i32>(activationOffsetsPtr + (<usize>l << 2));
}

function align(ptr: u64): u64 {
  return (ptr + 15) & ~15;
}

/** Grows memory to hold `end` bytes; false when the wasm32 address space cannot. */
function reserve(end: u64): bool {
  if (end > MAX_BYTES) return false;
  const have = <u64>memory.size() * WASM_PAGE;
  if (end <= have) return true;
  return memory.grow(<i32>((end - have + WASM_PAGE - 1) / WASM_PAGE)) >= 0;
}

/** Places the network whose widths the caller wrote at `sizesPtr`. */
export function declareNetwork(layers: i32): bool {
  layerCount = layers;
  let params: u64 = 0;
  let widest: i32 = 0;
  let activations: u64 = 0;
  for (let l = 0; l < layers; l++) {
    store<i32>(offsetsPtr + (<usize>l << 2), <i32>params);
    const out = units(l + 1);
    params += <u64>out * <u64>(units(l) + 1);
    activations += <u64>out * BLOCK_COLS;
    widest = max(widest, out);
  }
  if (params > <u64>i32.MAX_VALUE) return false;
  paramCount = <i32>params;
  let at = align(<u64>fixedStart);
  paramsPtr = <usize>at; at = align(at + (params << 2));
  gradsPtr = <usize>at; at = align(at + (params << 2));
  for (let l = 1; l <= layers; l++) {
    store<i32>(activationOffsetsPtr + (<usize>l << 2), <i32>at);
    at = align(at + ((<u64>units(l) * BLOCK_COLS) << 2));
  }
  const deltaBytes = (<u64>widest * BLOCK_COLS) << 2;
  deltaPtrA = <usize>at; at = align(at + deltaBytes);
  deltaPtrB = <usize>at; at = align(at + deltaBytes);
  const inputs = units(0);
  const outputs = units(layers);
  const capacity = max(BLOCK_COLS, (PREDICT_FLOATS / max(inputs, outputs)) & ~(BLOCK_COLS - 1));
  predictCapacity = capacity;
  predictInputPtr = <usize>at; at = align(at + ((<u64>inputs * capacity) << 2));
  predictOutputPtr = <usize>at; at = align(at + ((<u64>outputs * capacity) << 2));
  if (!reserve(at)) return false;
  fixedEnd = <usize>at;
  trainInputPtr = 0;
  trainTargetPtr = 0;
  return true;
}

/** Places `rows` training samples after the network's buffers. */
export function planTraining(rows: i32): bool {
  let at = <u64>fixedEnd;
  const inputs = <u64>units(0);
  const outputs = <u64>units(layerCount);
  const inputAt = at; at = align(at + ((inputs * <u64>rows) << 2));
  const targetAt = at; at = align(at + ((outputs * <u64>rows) << 2));
  if (!reserve(at)) return false;
  trainInputPtr = <usize>inputAt;
  trainTargetPtr = <usize>targetAt;
  return true;
}
