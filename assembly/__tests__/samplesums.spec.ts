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

// The order itself, bit for bit: a plain f32 reference of the stripes the header
// describes (sample s into stripe s mod 4, ascending; then G + ((s0 + s1) + (s2 + s3))).
// Shapes with cols a multiple of 4 take the kernel's transposed totals (addTotals4),
// the others its one-sum-at-a-time path; odd unit counts take tile1x4; inputs not a
// multiple of 4 carry the row sums in a spare lane, the others sum rows apart.
function stripedSum(d: StaticArray<f32>, dAt: i32, a: StaticArray<f32>, aAt: i32, useA: bool, cols: i32, start: f32): f32 {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let s = 0; s < cols; s++) {
    const term = useA ? d[dAt + s] * a[aAt + s] : d[dAt + s];
    const r = s & 3;
    if (r == 0) s0 += term;
    else if (r == 1) s1 += term;
    else if (r == 2) s2 += term;
    else s3 += term;
  }
  return start + ((s0 + s1) + (s2 + s3));
}

describe("sumOverSamples, bit for bit", () => {
  it("adds each sum in its four stripes, for weights and row sums, on every path", () => {
    reseed(7);
    // [units, inputs, cols]
    const CASES: StaticArray<i32> = [64, 20, 64, 4, 64, 64, 5, 8, 32, 3, 5, 64, 7, 6, 16, 64, 20, 61, 4, 7, 13, 1, 4, 4, 2, 3, 256];
    for (let i = 0; i < CASES.length; i += 3) {
      const units = CASES[i], inputs = CASES[i + 1], cols = CASES[i + 2];
      const d = randomF32(units * cols, -1, 1);
      const a = randomF32(inputs * cols, -2, 2);
      const g0 = randomF32(units * inputs, -4, 4);
      const b0 = randomF32(units, -4, 4);
      const g = guardedCopy(g0);
      const b = guardedCopy(b0);
      sumOverSamples(addr(d), addr(a), cols, addr(g), addr(b), true, units, inputs, cols);
      const name = shapeName("sumOverSamples", units, inputs, cols, cols);
      let wrong = "";
      for (let j = 0; j < units && !wrong.length; j++) {
        for (let k = 0; k < inputs; k++) {
          const want = stripedSum(d, j * cols, a, k * cols, true, cols, g0[j * inputs + k]);
          if (reinterpret<u32>(g[j * inputs + k]) != reinterpret<u32>(want)) { wrong = "G[" + j.toString() + "][" + k.toString() + "]"; break; }
        }
        const sum = stripedSum(d, j * cols, a, 0, false, cols, b0[j]);
        if (!wrong.length && reinterpret<u32>(b[j]) != reinterpret<u32>(sum)) wrong = "row sum " + j.toString();
      }
      expect(wrong).toBe("", name);
      expect(guardIntact(g, units * inputs) && guardIntact(b, units)).toBe(true, name + ": wrote past G or the sums");
    }
  });
});
