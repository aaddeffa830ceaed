// layout.ts owns linear memory from __heap_base up. So does as-pect's runtime: its heap
// (TLSF) keeps its root exactly at layout.sizesPtr, and writing the layer sizes there
// aborts in rt/tlsf.ts. A spec that drives the layout therefore borrows the region: it
// copies the heap aside, runs layout and network code that neither allocates nor touches
// a managed object, and copies the heap back before any expect(). Data crosses the
// window through an exchange area of our own, above everything the heap or layout use.
import { sizesPtr } from "../layout";

/** Bytes from sizesPtr the layout may use in these specs (a [3,5,1] net needs ~6 MB). */
export const REGION: usize = 8 << 20;
const EXCHANGE_BYTES: usize = 1 << 20;

let stashPtr: usize = 0;
let exchangePtr: usize = 0;
let exchangeUsed: usize = 0;

/** Takes pages above the heap's current end: the heap only ever claims pages it grows. */
function setUp(): void {
  if (stashPtr) return;
  heap.free(heap.alloc(16));
  const heapEnd = <usize>memory.size() << 16;
  stashPtr = (max(heapEnd, sizesPtr + REGION) + 0xffff) & ~0xffff;
  exchangePtr = stashPtr + REGION;
  const end = exchangePtr + EXCHANGE_BYTES;
  memory.grow(<i32>((end - (<usize>memory.size() << 16) + 0xffff) >> 16));
}

/** First byte the layout must not reach. */
export function regionEnd(): usize {
  return sizesPtr + REGION;
}

/** Room for `bytes` in the exchange area (16-byte aligned), until `returnHeapRegion`. */
export function exchange(bytes: usize): usize {
  setUp();
  const at = exchangePtr + exchangeUsed;
  exchangeUsed = (exchangeUsed + bytes + 15) & ~15;
  assert(exchangeUsed <= EXCHANGE_BYTES);
  return at;
}

/** Copies `bytes` from `src` into the exchange area; returns where. */
export function stage(src: usize, bytes: usize): usize {
  const at = exchange(bytes);
  memory.copy(at, src, bytes);
  return at;
}

/** From here until `returnHeapRegion`: no allocation, no managed object. */
export function borrowHeapRegion(): void {
  setUp();
  memory.copy(stashPtr, sizesPtr, REGION);
}

export function returnHeapRegion(): void {
  memory.copy(sizesPtr, stashPtr, REGION);
  exchangeUsed = 0;
}

/** A new f32 array holding `count` floats from the exchange area. */
export function unstageF32(at: usize, count: i32): StaticArray<f32> {
  const out = new StaticArray<f32>(count);
  memory.copy(changetype<usize>(out), at, <usize>count << 2);
  return out;
}
