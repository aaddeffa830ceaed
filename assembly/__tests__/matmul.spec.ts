import { matmulAddBias, matmulTransposeA } from "../kernels/matmul";
import { reseed, randomF32 } from "./random";
import { refMatmulAddBias, refMatmulTransposeA } from "./reference";
import { addr, guarded, guardIntact, worstRatio } from "./check";

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

/** Z = W·A + b with A the block [offset, offset + cols) of a [inputs x stride] matrix. */
function checkAddBias(units: i32, inputs: i32, cols: i32, offset: i32, stride: i32): void {
  const w = randomF32(units * inputs, -1, 1);
  const b = randomF32(units, -1, 1);
  const a = randomF32(inputs * stride, -2, 2);
  const z = guarded(units * cols, NaN);
  matmulAddBias(addr(w), addr(b), addr(a, offset), stride, addr(z), units, inputs, cols);
  const want = refMatmulAddBias(w, b, a, offset, stride, units, inputs, cols);
  const name = shapeName("matmulAddBias", units, inputs, cols, stride);
  expect(worstRatio(z, want, inputs + 2)).toBeLessThanOrEqual(1.0, name);
  expect(guardIntact(z, units * cols)).toBe(true, name + ": wrote past Z");
}

function checkTransposeA(units: i32, inputs: i32, cols: i32): void {
  const w = randomF32(units * inputs, -1, 1);
  const d = randomF32(units * cols, -1, 1);
  const out = guarded(inputs * cols, NaN);
  matmulTransposeA(addr(w), addr(d), addr(out), units, inputs, cols);
  const want = refMatmulTransposeA(w, d, units, inputs, cols);
  const name = shapeName("matmulTransposeA", units, inputs, cols, cols);
  expect(worstRatio(out, want, units + 1)).toBeLessThanOrEqual(1.0, name);
  expect(guardIntact(out, inputs * cols)).toBe(true, name + ": wrote past Out");
}

describe("matmulAddBias", () => {
  it("matches the f64 reference on shapes that are not multiples of 4", () => {
    reseed(1);
    for (let i = 0; i < SHAPES.length; i += 3) {
      checkAddBias(SHAPES[i], SHAPES[i + 1], SHAPES[i + 2], 0, SHAPES[i + 2]);
    }
  });
  it("reads a column block out of a wider feature-major matrix (aStride > cols)", () => {
    reseed(2);
    for (let i = 0; i < SHAPES.length; i += 3) {
      const cols = SHAPES[i + 2];
      checkAddBias(SHAPES[i], SHAPES[i + 1], cols, 3, cols + 11);
      checkAddBias(SHAPES[i], SHAPES[i + 1], cols, 256, cols + 256);
    }
  });
});

describe("matmulTransposeA", () => {
  it("matches the f64 reference and overwrites whatever Out held", () => {
    reseed(3);
    for (let i = 0; i < SHAPES.length; i += 3) checkTransposeA(SHAPES[i], SHAPES[i + 1], SHAPES[i + 2]);
  });
});
