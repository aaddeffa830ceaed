import { sumOverSamples } from "../kernels/samplesums";
import { reseed, randomF32 } from "./random";
import { refMatmulTransposeBAccumulate } from "./reference";
import { addr, guarded, guardedCopy, guardIntact, worstRatio } from "./check";

// Tolerance: every output is a sum of n f32 products accumulated in f32 in a fixed order.
// Higham's bound for a dot product, |fl(Σ x·y) − Σ x·y| ≤ γ_n·Σ|x·y|, γ_n = n·u/(1 − n·u),
// with u = 2^-24. The inputs are f32, so the f64 reference is exact to 2^-53. A bias or
// an accumulated G0 is one more term: we allow (terms + 1)·u·Σ|terms| (+1 covers γ's
// denominator). A wrong index, sign or stride gives errors of order Σ|terms| itself.

// [units, inputs, cols]: none a multiple of 4, then the degenerate 1s, then long rows.
const SHAPES: StaticArray<i32> = [5, 3, 7, 1, 3, 7, 5, 3, 1, 1, 1, 1, 3, 13, 257, 1, 13, 257, 6, 5, 255, 8, 4, 16];

function shapeName(op: string, units: i32, inputs: i32, cols: i32, stride: i32): string {
  return op + " units " + units.toString() + ", inputs " + inputs.toString() +
    ", cols " + cols.toString() + ", aStride " + stride.toString();
}

function checkTransposeB(units: i32, inputs: i32, cols: i32, offset: i32, stride: i32): void {
  const d = randomF32(units * cols, -1, 1);
  const a = randomF32(inputs * stride, -2, 2);
  const g0 = randomF32(units * inputs, -4, 4);
  const g = guardedCopy(g0);
  sumOverSamples(addr(d), addr(a, offset), stride, addr(g), 0, false, units, inputs, cols);
  const want = refMatmulTransposeBAccumulate(g0, d, a, offset, stride, units, inputs, cols);
  const name = shapeName("sumOverSamples", units, inputs, cols, stride);
  expect(worstRatio(g, want, cols + 2)).toBeLessThanOrEqual(1.0, name);
  expect(guardIntact(g, units * inputs)).toBe(true, name + ": wrote past G");
}

describe("sumOverSamples (G += D·Aᵀ)", () => {
  it("adds D·Aᵀ to what G already holds", () => {
    reseed(4);
    for (let i = 0; i < SHAPES.length; i += 3) {
      const cols = SHAPES[i + 2];
      checkTransposeB(SHAPES[i], SHAPES[i + 1], cols, 0, cols);
    }
  });
  it("reads a column block out of a wider feature-major matrix (aStride > cols)", () => {
    reseed(5);
    for (let i = 0; i < SHAPES.length; i += 3) {
      const cols = SHAPES[i + 2];
      checkTransposeB(SHAPES[i], SHAPES[i + 1], cols, 5, cols + 9);
    }
  });
  it("two calls add D·Aᵀ twice", () => {
    reseed(6);
    const units = 3, inputs = 13, cols = 257;
    const d = randomF32(units * cols, -1, 1);
    const a = randomF32(inputs * cols, -2, 2);
    const zero = new StaticArray<f32>(units * inputs);
    const once = refMatmulTransposeBAccumulate(zero, d, a, 0, cols, units, inputs, cols);
    const g = guarded(units * inputs, 0);
    sumOverSamples(addr(d), addr(a), cols, addr(g), 0, false, units, inputs, cols);
    sumOverSamples(addr(d), addr(a), cols, addr(g), 0, false, units, inputs, cols);
    for (let i = 0; i < units * inputs; i++) {
      once.value[i] *= 2;
      once.mag[i] *= 2;
    }
    // Two sums of `cols` terms and the final add: (2·cols + 2)·u·Σ|terms|.
    expect(worstRatio(g, once, 2 * cols + 2)).toBeLessThanOrEqual(1.0);
  });
});
