import { denseGradient } from "../kernels/gradient";
import { reseed, randomF32 } from "./random";
import { refMatmulTransposeBAccumulate, refRowSumsAccumulate } from "./reference";
import { addr, guardedCopy, guardIntact, worstRatio } from "./check";

// Tolerance: each gradient entry is G0 plus a sum over `cols` samples accumulated in f32:
// Higham's γ_cols·Σ|terms| plus the final add, so (cols + 2)·u·(|G0| + Σ|terms|),
// u = 2^-24 (see matmul.spec.ts). A wrong index or a dropped sample is off by a whole term.

// [units, inputs, cols, aStride]
const CASES: StaticArray<i32> = [5, 3, 7, 7, 1, 13, 257, 257, 4, 1, 1, 1, 5, 3, 7, 300, 2, 6, 44, 300];

function checkDenseGradient(units: i32, inputs: i32, cols: i32, stride: i32, offset: i32): void {
  const d = randomF32(units * cols, -1, 1);
  const a = randomF32(inputs * stride, 0, 1);
  const gw0 = randomF32(units * inputs, -3, 3);
  const gb0 = randomF32(units, -3, 3);
  const gw = guardedCopy(gw0);
  const gb = guardedCopy(gb0);
  denseGradient(addr(d), addr(a, offset), stride, addr(gw), addr(gb), units, inputs, cols);
  const name = "units " + units.toString() + ", inputs " + inputs.toString() +
    ", cols " + cols.toString() + ", aStride " + stride.toString();
  const wantW = refMatmulTransposeBAccumulate(gw0, d, a, offset, stride, units, inputs, cols);
  const wantB = refRowSumsAccumulate(gb0, d, units, cols);
  expect(worstRatio(gw, wantW, cols + 2)).toBeLessThanOrEqual(1.0, name + ": weights");
  expect(worstRatio(gb, wantB, cols + 2)).toBeLessThanOrEqual(1.0, name + ": biases");
  expect(guardIntact(gw, units * inputs)).toBe(true, name + ": wrote past gW");
  expect(guardIntact(gb, units)).toBe(true, name + ": wrote past gb");
}

describe("denseGradient", () => {
  it("adds D·Aᵀ to gW and the row sums of D to gb", () => {
    reseed(31);
    for (let i = 0; i < CASES.length; i += 4) {
      checkDenseGradient(CASES[i], CASES[i + 1], CASES[i + 2], CASES[i + 3], 0);
    }
  });

  it("reads a later block of a wider input matrix", () => {
    reseed(32);
    checkDenseGradient(5, 3, 44, 300, 256);
    checkDenseGradient(3, 4, 7, 20, 13);
  });

  it("accumulates: two blocks summed equal one block of both", () => {
    reseed(33);
    const units = 4, inputs = 3, cols = 20, half = 10;
    const d = randomF32(units * cols, -1, 1);
    const a = randomF32(inputs * cols, -1, 1);
    // The two halves of D, each compact [units x half].
    const d1 = new StaticArray<f32>(units * half);
    const d2 = new StaticArray<f32>(units * half);
    for (let j = 0; j < units; j++) {
      for (let s = 0; s < half; s++) {
        d1[j * half + s] = d[j * cols + s];
        d2[j * half + s] = d[j * cols + half + s];
      }
    }
    const gw = guardedCopy(new StaticArray<f32>(units * inputs));
    const gb = guardedCopy(new StaticArray<f32>(units));
    denseGradient(addr(d1), addr(a), cols, addr(gw), addr(gb), units, inputs, half);
    denseGradient(addr(d2), addr(a, half), cols, addr(gw), addr(gb), units, inputs, half);
    const zeroW = new StaticArray<f32>(units * inputs);
    const zeroB = new StaticArray<f32>(units);
    const wantW = refMatmulTransposeBAccumulate(zeroW, d, a, 0, cols, units, inputs, cols);
    const wantB = refRowSumsAccumulate(zeroB, d, units, cols);
    // Two sums of `half` terms and their sum: (cols + 2)·u·Σ|terms| still bounds it.
    expect(worstRatio(gw, wantW, cols + 2)).toBeLessThanOrEqual(1.0, "weights");
    expect(worstRatio(gb, wantB, cols + 2)).toBeLessThanOrEqual(1.0, "biases");
  });
});
