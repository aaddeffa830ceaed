import { matmulAddBias, matmulAddBiasRelu, matmulTransposeA } from "../kernels/matmul";
import { reluForward, reluBackward } from "../kernels/activations";
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

// The fused relu kernels against the unfused ones, bit for bit: the product, then the
// separate relu pass. Shapes cover the eight-vector loop (cols ≥ 32), the four-sample
// loop and the tail (cols mod 4), alone and together; about half the sums are negative,
// and exact zeros of both signs are planted among the relu outputs.
const FUSED_SHAPES: StaticArray<i32> = [5, 3, 7, 64, 20, 64, 4, 64, 64, 3, 13, 37, 6, 5, 255, 1, 1, 1, 7, 4, 35];

function sameBitsF32(a: StaticArray<f32>, b: StaticArray<f32>, count: i32): bool {
  for (let i = 0; i < count; i++) if (reinterpret<u32>(a[i]) != reinterpret<u32>(b[i])) return false;
  return true;
}

describe("matmulAddBiasRelu", () => {
  it("gives matmulAddBias then reluForward, bit for bit", () => {
    reseed(4);
    for (let i = 0; i < FUSED_SHAPES.length; i += 3) {
      const units = FUSED_SHAPES[i], inputs = FUSED_SHAPES[i + 1], cols = FUSED_SHAPES[i + 2];
      const w = randomF32(units * inputs, -1, 1);
      const b = randomF32(units, -1, 1);
      const a = randomF32(inputs * cols, -2, 2);
      const fused = guarded(units * cols, NaN);
      const plain = guarded(units * cols, NaN);
      matmulAddBiasRelu(addr(w), addr(b), addr(a), cols, addr(fused), units, inputs, cols);
      matmulAddBias(addr(w), addr(b), addr(a), cols, addr(plain), units, inputs, cols);
      reluForward(addr(plain), units * cols);
      const name = shapeName("matmulAddBiasRelu", units, inputs, cols, cols);
      expect(sameBitsF32(fused, plain, units * cols)).toBe(true, name);
      let zeros = 0;
      for (let j = 0; j < units * cols; j++) if (fused[j] == 0) zeros++;
      expect(units * cols < 8 || (zeros > 0 && zeros < units * cols)).toBe(true, name + ": some sums clamped, some not");
      expect(guardIntact(fused, units * cols)).toBe(true, name + ": wrote past Z");
    }
  });
});

describe("matmulTransposeA through relu", () => {
  it("gives matmulTransposeA then reluBackward, bit for bit", () => {
    reseed(5);
    for (let i = 0; i < FUSED_SHAPES.length; i += 3) {
      const units = FUSED_SHAPES[i], inputs = FUSED_SHAPES[i + 1], cols = FUSED_SHAPES[i + 2];
      const w = randomF32(units * inputs, -1, 1);
      const d = randomF32(units * cols, -1, 1);
      // Relu outputs: half of them 0 (some -0, which relu never leaves but the rule reads).
      const act = randomF32(inputs * cols, -1, 1);
      for (let j = 0; j < act.length; j++) if (act[j] < 0) act[j] = j % 3 == 0 ? -0.0 : 0;
      const fused = guarded(inputs * cols, NaN);
      const plain = guarded(inputs * cols, NaN);
      matmulTransposeA(addr(w), addr(d), addr(fused), units, inputs, cols, addr(act));
      matmulTransposeA(addr(w), addr(d), addr(plain), units, inputs, cols);
      reluBackward(addr(act), addr(plain), inputs * cols);
      const name = shapeName("matmulTransposeA through relu", units, inputs, cols, cols);
      expect(sameBitsF32(fused, plain, inputs * cols)).toBe(true, name);
      expect(guardIntact(fused, inputs * cols)).toBe(true, name + ": wrote past Out");
    }
  });
});
