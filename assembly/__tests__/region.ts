// The region layout.ts lays buffers out in. The release build hands it everything after
// __heap_base; a spec borrows one heap block instead, big enough for the network, its
// 2^20-float prediction buffers and the training and validation data of every spec
// here, so planTraining never needs memory past the block's end (checked by `fits`).
import * as layout from "../layout";
import { addr } from "./check";
import { Data } from "./reference-network";

const REGION_BYTES: usize = 16 << 20;

let start: usize = 0;

/** First byte of the region (allocated on first use, kept for the whole spec file). */
export function regionStart(): usize {
  if (!start) start = heap.alloc(REGION_BYTES);
  return start;
}

export function regionEnd(): usize {
  return regionStart() + REGION_BYTES;
}

/** Writes the widths at layout.sizesPtr and declares the network in the region. */
export function declare(sizes: StaticArray<i32>, activation: i32, output: i32 = layout.OUTPUT_CLASSES): bool {
  memory.copy(layout.sizesPtr, changetype<usize>(sizes), <usize>sizes.length << 2);
  return layout.declareNetwork(sizes.length - 1, activation, regionStart(), 1, output);
}

/** True when the planned training and validation data end inside the region. */
export function fits(validationRows: i32): bool {
  const end = layout.validationTargetPtr + (<usize>(validationRows * layout.targetsPerSample()) << 2);
  return layout.trainInputPtr >= regionStart() && end <= regionEnd();
}

/** Copies an f32 array to `ptr`. */
export function put(ptr: usize, values: StaticArray<f32>): void {
  memory.copy(ptr, addr(values), <usize>values.length << 2);
}

/** Copies an i32 array to `ptr`. */
export function putI32(ptr: usize, values: StaticArray<i32>): void {
  memory.copy(ptr, changetype<usize>(values), <usize>values.length << 2);
}

/** A new array holding `count` floats from `ptr`. */
export function take(ptr: usize, count: i32): StaticArray<f32> {
  const out = new StaticArray<f32>(count);
  memory.copy(addr(out), ptr, <usize>count << 2);
  return out;
}

/** Loads `d`'s inputs, targets and weights into the training buffers, the inputs as an
 *  epoch reads them: row-major when `shuffled`, else feature-major (layout.ts). */
export function putTraining(d: Data, shuffled: bool): void {
  put(layout.trainInputPtr, shuffled ? d.rowMajor() : d.x);
  put(layout.trainTargetPtr, d.y);
  put(layout.trainWeightPtr, d.w);
}
