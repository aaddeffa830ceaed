import * as layout from "../layout";
import { borrowHeapRegion, returnHeapRegion, regionEnd, stage } from "./sandbox";

// Layout code runs inside a borrowed heap region (see sandbox.ts): between borrow and
// return only plain numbers are kept, and every expect() comes after.

const BLOCK: usize = <usize>layout.BLOCK_COLS;

function stageSizes(sizes: StaticArray<i32>): usize {
  return stage(changetype<usize>(sizes), <usize>sizes.length << 2);
}

/** Writes the staged widths at layout.sizesPtr and declares the network. */
function declare(sizesAt: usize, layers: i32): bool {
  memory.copy(layout.sizesPtr, sizesAt, <usize>(layers + 1) << 2);
  return layout.declareNetwork(layers);
}

/** True when no two of the half-open ranges [starts[i], ends[i]) share a byte. */
function disjoint(starts: StaticArray<usize>, ends: StaticArray<usize>): bool {
  for (let i = 0; i < starts.length; i++) {
    for (let j = i + 1; j < starts.length; j++) {
      if (starts[i] < ends[j] && starts[j] < ends[i]) return false;
    }
  }
  return true;
}

function aligned(ptrs: StaticArray<usize>): bool {
  for (let i = 0; i < ptrs.length; i++) if (ptrs[i] & 15) return false;
  return true;
}

describe("layout for sizes [3, 5, 1]", () => {
  it("declares 26 parameters in 16-byte aligned, non-overlapping buffers, then places X and y", () => {
    const sizesAt = stageSizes([3, 5, 1]);
    const rows = 300;
    borrowHeapRegion();
    const declared = declare(sizesAt, 2);
    const u0 = layout.units(0), u1 = layout.units(1), u2 = layout.units(2);
    const act1 = layout.activationPtr(1), act2 = layout.activationPtr(2);
    const p = layout.paramsPtr, g = layout.gradsPtr;
    const w0 = layout.weightPtr(p, 0) - p, b0 = layout.biasPtr(p, 0) - p;
    const w1 = layout.weightPtr(p, 1) - p, b1 = layout.biasPtr(p, 1) - p;
    const gw1 = layout.weightPtr(g, 1) - g, gb1 = layout.biasPtr(g, 1) - g;
    const planned = layout.planTraining(rows);
    const xPtr = layout.trainInputPtr, yPtr = layout.trainTargetPtr;
    const refused = !layout.planTraining(i32.MAX_VALUE);
    const keptPlan = layout.trainInputPtr == xPtr && layout.trainTargetPtr == yPtr;
    const memoryEnd = <usize>memory.size() << 16;
    returnHeapRegion();

    expect(declared).toBe(true, "declareNetwork");
    expect(layout.layerCount).toBe(2);
    expect(layout.paramCount).toBe(3 * 5 + 5 + 5 * 1 + 1);
    expect(u0 == 3 && u1 == 5 && u2 == 1).toBe(true, "the widths survive declareNetwork");
    // Per layer: weights [out x in] row-major, then out biases (offsets in bytes).
    expect(w0).toBe(0);
    expect(b0).toBe(15 * 4);
    expect(w1).toBe(20 * 4);
    expect(b1).toBe(25 * 4);
    expect(gw1 == w1 && gb1 == b1).toBe(true, "grads use the same offsets");
    const cap = layout.predictCapacity;
    expect(cap % layout.BLOCK_COLS).toBe(0, "predict capacity in whole blocks");
    expect(cap * 3 <= 1 << 20 && cap > 0).toBe(true, "predict capacity about 2^20 floats");
    expect(planned).toBe(true, "planTraining(300)");
    expect(refused).toBe(true, "planTraining(i32.MAX_VALUE) needs more than 4 GiB");
    expect(keptPlan).toBe(true, "a refused plan keeps the previous one");

    const c = <usize>cap;
    const starts: StaticArray<usize> = [
      p, g, act1, act2, layout.deltaPtrA, layout.deltaPtrB,
      layout.predictInputPtr, layout.predictOutputPtr, xPtr, yPtr,
    ];
    const ends: StaticArray<usize> = [
      p + 26 * 4, g + 26 * 4, act1 + 5 * BLOCK * 4, act2 + BLOCK * 4,
      layout.deltaPtrA + 5 * BLOCK * 4, layout.deltaPtrB + 5 * BLOCK * 4,
      layout.predictInputPtr + 3 * c * 4, layout.predictOutputPtr + c * 4,
      xPtr + 3 * <usize>rows * 4, yPtr + <usize>rows * 4,
    ];
    expect(aligned(starts)).toBe(true, "16-byte aligned");
    expect(layout.sizesPtr & 15).toBe(0, "sizesPtr aligned");
    expect(disjoint(starts, ends)).toBe(true, "buffers overlap");
    // [sizes: MAX_LAYERS + 1][parameter offsets: MAX_LAYERS] come before the params.
    expect(p >= layout.sizesPtr + <usize>(2 * layout.MAX_LAYERS + 1) * 4).toBe(true, "params after the tables");
    let networkEnd: usize = 0;
    for (let i = 0; i < 8; i++) networkEnd = max(networkEnd, ends[i]);
    expect(xPtr >= networkEnd && yPtr >= xPtr + 3 * <usize>rows * 4).toBe(true, "X, then y, after the network");
    expect(yPtr + <usize>rows * 4 <= memoryEnd).toBe(true, "memory grown to hold y");
    expect(yPtr + <usize>rows * 4 <= regionEnd()).toBe(true, "sandbox region large enough");
  });
});

describe("layout for sizes [3, 4, 2, 1]", () => {
  it("packs each layer's weights then biases, and a new declaration forgets the training plan", () => {
    const sizesAt = stageSizes([3, 4, 2, 1]);
    borrowHeapRegion();
    declare(sizesAt, 2);
    layout.planTraining(9);
    const declared = declare(sizesAt, 3);
    const plan = layout.trainInputPtr | layout.trainTargetPtr;
    const p = layout.paramsPtr;
    const w0 = layout.weightPtr(p, 0) - p, b0 = layout.biasPtr(p, 0) - p;
    const w1 = layout.weightPtr(p, 1) - p, b1 = layout.biasPtr(p, 1) - p;
    const w2 = layout.weightPtr(p, 2) - p, b2 = layout.biasPtr(p, 2) - p;
    const act1 = layout.activationPtr(1), act2 = layout.activationPtr(2), act3 = layout.activationPtr(3);
    returnHeapRegion();

    expect(declared).toBe(true);
    expect(layout.layerCount).toBe(3);
    expect(layout.paramCount).toBe(3 * 4 + 4 + 4 * 2 + 2 + 2 * 1 + 1);
    const want: StaticArray<usize> = [0, 12 * 4, 16 * 4, 24 * 4, 26 * 4, 28 * 4];
    const offsets: StaticArray<usize> = [w0, b0, w1, b1, w2, b2];
    for (let i = 0; i < 6; i++) expect(offsets[i]).toBe(want[i], "offset " + i.toString());
    expect(plan).toBe(0, "declareNetwork clears the training plan");
    const act: StaticArray<usize> = [act1, act2, act3];
    expect(aligned(act)).toBe(true, "activations aligned");
    const ends: StaticArray<usize> = [act[0] + 4 * BLOCK * 4, act[1] + 2 * BLOCK * 4, act[2] + BLOCK * 4];
    expect(disjoint(act, ends)).toBe(true, "activations overlap");
  });

  it("refuses a network whose parameter count overflows i32, without growing memory", () => {
    const sizesAt = stageSizes([1 << 16, 1 << 16, 1]);
    borrowHeapRegion();
    const pages = memory.size();
    const declared = declare(sizesAt, 2);
    const grew = memory.size() != pages;
    returnHeapRegion();
    expect(declared).toBe(false);
    expect(grew).toBe(false);
  });
});
