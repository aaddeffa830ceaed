import * as layout from "../layout";
import { declare, regionStart, regionEnd } from "./region";

// Where layout.ts puts each buffer. The tables (widths, offsets) are static data below
// __heap_base; everything else is laid out from the region start, in the order the
// layout's header documents, each buffer 16-byte aligned right after the previous one
// (the slice gradients on a cache line, 64 bytes, each slice a whole number of lines).

const BLOCK: usize = <usize>layout.BLOCK_COLS;

function align(at: usize): usize {
  return (at + 15) & ~15;
}

/** A buffer's name, start and byte length. */
class Buffer {
  constructor(public name: string, public start: usize, public bytes: usize, public alignment: usize = 16) {}
  get end(): usize { return this.start + this.bytes; }
}

/** Every buffer the network owns, in the documented order, for widths `sizes`. */
function networkBuffers(sizes: StaticArray<i32>): Buffer[] {
  const layers = sizes.length - 1;
  const params = <usize>layout.paramCount << 2;
  let widest = 0;
  for (let l = 1; l <= layers; l++) widest = max(widest, sizes[l]);
  const cap = <usize>layout.predictCapacity;
  const out: Buffer[] = [
    new Buffer("params", layout.paramsPtr, params),
    new Buffer("grads", layout.gradsPtr, params),
    new Buffer("moment m", layout.momentPtr, params),
    new Buffer("moment v", layout.secondMomentPtr, params),
    new Buffer("params backup", layout.backupPtr, params),
    new Buffer("params backup of the epoch before", layout.previousBackupPtr, params),
    new Buffer("slice gradients", layout.sliceGradsPtr, layout.sliceGradBytes * <usize>layout.MAX_SLICES, 64),
    new Buffer("slice sums", layout.sliceSumsPtr, <usize>layout.MAX_SLICES * layout.SLICE_SUMS_BYTES),
  ];
  for (let l = 1; l <= layers; l++) {
    out.push(new Buffer("activations " + l.toString(), layout.activationPtr(l), <usize>sizes[l] * BLOCK * 4));
  }
  out.push(new Buffer("delta A", layout.deltaPtrA, <usize>widest * BLOCK * 4));
  out.push(new Buffer("delta B", layout.deltaPtrB, <usize>widest * BLOCK * 4));
  out.push(new Buffer("block input", layout.blockInputPtr, <usize>sizes[0] * BLOCK * 4));
  out.push(new Buffer("block targets", layout.blockTargetPtr, BLOCK * 4));
  out.push(new Buffer("block weights", layout.blockWeightPtr, BLOCK * 4));
  out.push(new Buffer("predict input", layout.predictInputPtr, <usize>sizes[0] * cap * 4 + 16));
  out.push(new Buffer("predict output", layout.predictOutputPtr, <usize>max(sizes[layers], 2) * cap * 4));
  out.push(new Buffer("predict scaler mean", layout.predictMeanPtr, <usize>sizes[0] * 8));
  out.push(new Buffer("predict scaler scale", layout.predictScalePtr, <usize>sizes[0] * 8));
  return out;
}

/** The training plan's buffers, in the documented order. */
function dataBuffers(inputs: i32, rows: i32, validationRows: i32): Buffer[] {
  const r = <usize>rows << 2, v = <usize>validationRows << 2;
  return [
    new Buffer("training inputs", layout.trainInputPtr, <usize>inputs * r),
    new Buffer("training targets", layout.trainTargetPtr, r),
    new Buffer("sample weights", layout.trainWeightPtr, r),
    new Buffer("row order", layout.trainOrderPtr, r),
    new Buffer("validation inputs", layout.validationInputPtr, <usize>inputs * v),
    new Buffer("validation targets", layout.validationTargetPtr, v),
  ];
}

/** Each buffer aligned (16 bytes, or its own alignment), starting at the aligned end of
 *  the one before (the first at `from`): ordered, packed, and so non-overlapping.
 *  Returns the first failure. */
function packedFrom(from: usize, buffers: Buffer[]): string {
  let at = align(from);
  for (let i = 0; i < buffers.length; i++) {
    const b = buffers[i];
    at = (at + b.alignment - 1) & ~(b.alignment - 1);
    if (b.start & (b.alignment - 1)) return b.name + " not " + b.alignment.toString() + "-byte aligned";
    if (b.name == "slice gradients") {
      const stride = layout.sliceGradBytes;
      if (stride & 63 || stride < (<usize>layout.paramCount << 2) || stride >= (<usize>layout.paramCount << 2) + 64) {
        return "slice gradient stride " + stride.toString() + " is not the parameters rounded up to whole cache lines";
      }
    }
    if (b.start != at) return b.name + " at " + b.start.toString() + ", expected " + at.toString();
    at = align(b.end);
  }
  return "";
}

/** No two buffers share a byte (checked directly, whatever their order). */
function overlap(buffers: Buffer[]): string {
  for (let i = 0; i < buffers.length; i++) {
    for (let j = i + 1; j < buffers.length; j++) {
      const a = buffers[i], b = buffers[j];
      if (a.start < b.end && b.start < a.end) return a.name + " overlaps " + b.name;
    }
  }
  return "";
}

function concat(a: Buffer[], b: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]);
  for (let i = 0; i < b.length; i++) out.push(b[i]);
  return out;
}

describe("layout for sizes [3, 5, 1]", () => {
  it("places 26 parameters and every network buffer from the region start, aligned and packed", () => {
    expect(declare([3, 5, 1], 1)).toBe(true, "declareNetwork");
    expect(layout.layerCount).toBe(2);
    expect(layout.hiddenActivation).toBe(1, "the hidden activation is kept");
    expect(layout.paramCount).toBe(3 * 5 + 5 + 5 * 1 + 1);
    expect(layout.units(0) == 3 && layout.units(1) == 5 && layout.units(2) == 1).toBe(true, "widths");
    const p = layout.paramsPtr, g = layout.gradsPtr;
    // Per layer: weights [out x in] row-major, then out biases (offsets in bytes).
    expect(layout.weightPtr(p, 0) - p).toBe(0);
    expect(layout.biasPtr(p, 0) - p).toBe(15 * 4);
    expect(layout.weightPtr(p, 1) - p).toBe(20 * 4);
    expect(layout.biasPtr(p, 1) - p).toBe(25 * 4);
    expect(layout.weightPtr(g, 1) - g == 20 * 4 && layout.biasPtr(g, 1) - g == 25 * 4).toBe(true, "grads use the same offsets");
    const cap = layout.predictCapacity;
    expect(cap % layout.BLOCK_COLS).toBe(0, "predict capacity in whole blocks");
    expect(cap * 3 <= 1 << 20 && cap * 3 > (1 << 20) - 3 * layout.BLOCK_COLS).toBe(true, "predict capacity about 2^20 floats");
    const buffers = networkBuffers([3, 5, 1]);
    expect(packedFrom(regionStart(), buffers)).toBe("", "packed in the documented order");
    expect(overlap(buffers)).toBe("");
    expect(buffers[buffers.length - 1].end <= regionEnd()).toBe(true, "the region holds the network");
  });

  it("keeps its tables in static data, below the heap and outside the region", () => {
    declare([3, 5, 1], 0);
    // [sizes: MAX_LAYERS + 1][offsets: MAX_LAYERS][activation offsets: MAX_LAYERS + 1]
    expect(layout.sizesPtr & 15).toBe(0, "sizesPtr aligned");
    expect(layout.sizesPtr + <usize>(layout.MAX_LAYERS + 1) * 4 <= __heap_base).toBe(true, "tables below __heap_base");
    expect(layout.paramsPtr >= regionStart()).toBe(true, "params in the region");
  });

  it("places training and validation data after the network, in order, and replans from scratch", () => {
    const rows = 300, validationRows = 77;
    declare([3, 5, 1], 0);
    const network = networkBuffers([3, 5, 1]);
    const networkEnd = network[network.length - 1].end;
    expect(layout.planTraining(rows, validationRows)).toBe(true, "planTraining(300, 77)");
    const data = dataBuffers(3, rows, validationRows);
    expect(packedFrom(networkEnd, data)).toBe("", "data packed after the prediction buffers");
    expect(overlap(concat(network, data))).toBe("");
    const end = data[data.length - 1].end;
    expect(end <= regionEnd()).toBe(true, "the region holds the data");
    expect(end <= <usize>memory.size() << 16).toBe(true, "inside memory");

    // A second plan starts again right after the network; it does not stack.
    expect(layout.planTraining(9, 0)).toBe(true, "planTraining(9, 0)");
    const small = dataBuffers(3, 9, 0);
    expect(packedFrom(networkEnd, small)).toBe("", "replanned after the network");
    expect(layout.validationTargetPtr == layout.validationInputPtr).toBe(true, "empty validation set");

    // One that cannot fit in 4 GiB is refused and keeps the plan it had.
    const before = layout.trainInputPtr, beforeOrder = layout.trainOrderPtr, beforeValidation = layout.validationTargetPtr;
    const pages = memory.size();
    expect(layout.planTraining(i32.MAX_VALUE, 0)).toBe(false, "planTraining(i32.MAX_VALUE, 0)");
    expect(layout.planTraining(9, i32.MAX_VALUE)).toBe(false, "planTraining(9, i32.MAX_VALUE)");
    expect(memory.size()).toBe(pages, "a refused plan grows nothing");
    expect(layout.trainInputPtr == before && layout.trainOrderPtr == beforeOrder && layout.validationTargetPtr == beforeValidation)
      .toBe(true, "a refused plan keeps the previous one");
  });
});

describe("layout for sizes [3, 4, 2, 1]", () => {
  it("packs each layer's weights then biases, and a new declaration forgets the training plan", () => {
    declare([3, 4, 2, 1], 2);
    layout.planTraining(9, 4);
    expect(declare([3, 4, 2, 1], 2)).toBe(true);
    expect(layout.trainInputPtr | layout.trainTargetPtr | layout.trainWeightPtr | layout.trainOrderPtr |
      layout.validationInputPtr | layout.validationTargetPtr).toBe(0, "declareNetwork clears the training plan");
    expect(layout.layerCount).toBe(3);
    expect(layout.paramCount).toBe(3 * 4 + 4 + 4 * 2 + 2 + 2 * 1 + 1);
    const p = layout.paramsPtr;
    const offsets: StaticArray<usize> = [
      layout.weightPtr(p, 0) - p, layout.biasPtr(p, 0) - p, layout.weightPtr(p, 1) - p,
      layout.biasPtr(p, 1) - p, layout.weightPtr(p, 2) - p, layout.biasPtr(p, 2) - p,
    ];
    const want: StaticArray<usize> = [0, 12 * 4, 16 * 4, 24 * 4, 26 * 4, 28 * 4];
    for (let i = 0; i < 6; i++) expect(offsets[i]).toBe(want[i], "offset " + i.toString());
    const buffers = networkBuffers([3, 4, 2, 1]);
    expect(packedFrom(regionStart(), buffers)).toBe("", "packed in the documented order");
    expect(layout.planTraining(300, 100)).toBe(true);
    const all = concat(buffers, dataBuffers(3, 300, 100));
    expect(overlap(all)).toBe("");
    expect(packedFrom(regionStart(), all)).toBe("", "network then data");
  });

  it("sizes the deltas for the widest layer and the block input for the inputs ([2, 9, 3, 7])", () => {
    expect(declare([2, 9, 3, 7], 0)).toBe(true);
    expect(layout.deltaPtrB - layout.deltaPtrA).toBe(align(9 * BLOCK * 4), "widest layer 9");
    expect(layout.blockTargetPtr - layout.blockInputPtr).toBe(align(2 * BLOCK * 4), "2 inputs");
    const buffers = networkBuffers([2, 9, 3, 7]);
    expect(packedFrom(regionStart(), buffers)).toBe("", "packed in the documented order");
    expect(overlap(buffers)).toBe("");
  });

  it("lays out from any region start, aligning it up to 16 bytes", () => {
    const start = regionStart() + 5;
    memory.copy(layout.sizesPtr, changetype<usize>(<StaticArray<i32>>[3, 5, 1]), 12);
    expect(layout.declareNetwork(2, 0, start)).toBe(true);
    expect(layout.paramsPtr).toBe(align(start));
    expect(packedFrom(start, networkBuffers([3, 5, 1]))).toBe("");
  });
});

describe("layout limits", () => {
  it("refuses a network whose parameter count overflows, without growing memory", () => {
    const pages = memory.size();
    expect(declare([1 << 16, 1 << 16, 1], 0)).toBe(false);
    expect(memory.size()).toBe(pages);
  });

  it("grows memory for a network placed at the end of memory, then for its data", () => {
    // Nothing lives past the last page, and the heap only ever claims pages it grows
    // itself, so this region is the layout's alone.
    const start = <usize>memory.size() << 16;
    memory.copy(layout.sizesPtr, changetype<usize>(<StaticArray<i32>>[3, 5, 1]), 12);
    expect(layout.declareNetwork(2, 0, start)).toBe(true, "declared past the end of memory");
    const network = networkBuffers([3, 5, 1]);
    const networkEnd = network[network.length - 1].end;
    expect(networkEnd <= <usize>memory.size() << 16).toBe(true, "memory grown to hold the network");
    expect(layout.planTraining(20000, 5000)).toBe(true);
    const data = dataBuffers(3, 20000, 5000);
    expect(packedFrom(networkEnd, data)).toBe("");
    expect(data[data.length - 1].end <= <usize>memory.size() << 16).toBe(true, "memory grown to hold the data");
  });
});

describe("a training thread that repeats the layout (parallel.ts follow)", () => {
  it("writes no shared table and grows no memory, even when the widths changed under it", () => {
    // The main thread's network [3, 5, 1]: layer 1's weights start 5 x (3 + 1) floats in,
    // its activations 5 block columns of floats after layer 1's.
    memory.copy(layout.sizesPtr, changetype<usize>(<StaticArray<i32>>[3, 5, 1]), 12);
    expect(layout.declareNetwork(2, 0, regionStart(), 2)).toBe(true);
    const activations = layout.activationPtr(2) - layout.activationPtr(1);
    expect(layout.weightPtr(0, 1)).toBe(20 << 2);
    expect(activations).toBe(<usize>5 * BLOCK * 4);
    // A thread that reads widths the main thread is rewriting (a run putting a model back
    // after an error), here of a far larger network placed past the end of memory: it must
    // not rewrite the offset tables the threads share, nor grow memory for a layout that
    // is not the main thread's. Then its claims fail (parallel.ts), and nothing changed.
    memory.copy(layout.sizesPtr, changetype<usize>(<StaticArray<i32>>[300, 5000, 1]), 12);
    const pages = memory.size();
    expect(layout.declareNetwork(2, 0, <usize>pages << 16, 2, layout.OUTPUT_CLASSES, true)).toBe(true);
    expect(layout.planTraining(100000, 0, true)).toBe(true);
    expect(memory.size()).toBe(pages, "a follower grew memory");
    memory.copy(layout.sizesPtr, changetype<usize>(<StaticArray<i32>>[3, 5, 1]), 12);
    expect(layout.weightPtr(0, 1)).toBe(20 << 2, "a follower rewrote the parameter offsets");
    expect(layout.activationPtr(2) - layout.activationPtr(1)).toBe(activations, "a follower rewrote the activation offsets");
  });
});
