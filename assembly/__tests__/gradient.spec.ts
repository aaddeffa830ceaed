import { denseGradient, l2Gradient, squaredNorm, sumSlices } from "../kernels/gradient";
import { reseed, randomF32 } from "./random";
import { Ref, refMatmulTransposeBAccumulate, refRowSumsAccumulate } from "./reference";
import { addr, guardedCopy, guardIntact, worstRatio, ratio } from "./check";

// Tolerance: each gradient entry is G0 plus a sum over `cols` samples accumulated in f32:
// Higham's γ_cols·Σ|terms| plus the final add, so (cols + 2)·u·(|G0| + Σ|terms|),
// u = 2^-24 (see matmul.spec.ts). A wrong index or a dropped sample is off by a whole term.

// l2Gradient: gW + l2·W is two f32 roundings, 2·u·(|gW| + |l2·W|).
// squaredNorm: each w² of an f32 w is exact in f64 (48 significant bits), and n − 1 f64
// additions of non-negative terms err by at most (n − 1)·2^-53·Σw².

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

/** One sum as both builds keep it: four f32 stripes, sample s in stripe s mod 4, added as
 *  (s0 + s1) + (s2 + s3). `a` is null for the row sums of D. */
function striped(d: StaticArray<f32>, a: StaticArray<f32> | null, j: i32, k: i32, cols: i32, skip: i32): f32 {
  const stripes = new StaticArray<f32>(4);
  for (let s = 0; s < cols; s++) {
    if (s == skip) continue;
    stripes[s & 3] += a ? d[j * cols + s] * a[k * cols + s] : d[j * cols + s];
  }
  return (stripes[0] + stripes[1]) + (stripes[2] + stripes[3]);
}

/** Whether gw, gb hold g0, b0 plus the striped sums, bit for bit (without sample `skip`). */
function inStripes(d: StaticArray<f32>, a: StaticArray<f32>, g0: StaticArray<f32>, b0: StaticArray<f32>,
  units: i32, inputs: i32, cols: i32, gw: StaticArray<f32>, gb: StaticArray<f32>, skip: i32): bool {
  let same = true;
  for (let j = 0; j < units; j++) {
    for (let k = 0; k < inputs; k++) {
      same = same && reinterpret<u32>(g0[j * inputs + k] + striped(d, a, j, k, cols, skip)) == reinterpret<u32>(gw[j * inputs + k]);
    }
    same = same && reinterpret<u32>(b0[j] + striped(d, null, j, 0, cols, skip)) == reinterpret<u32>(gb[j]);
  }
  return same;
}

// [units, inputs, cols]: tiles of 2 units and a single one, inputs in fours and a
// remainder, row sums in fours and a remainder, sample tails of 0 to 3.
const ORDER_CASES: StaticArray<i32> = [5, 3, 37, 1, 5, 64, 4, 4, 31, 9, 8, 256, 2, 1, 6, 3, 7, 2];

describe("denseGradient's sums over samples", () => {
  it("add the samples in four stripes, and a sample whose delta is 0 changes no bit", () => {
    reseed(37);
    for (let c = 0; c < ORDER_CASES.length; c += 3) {
      const units = ORDER_CASES[c], inputs = ORDER_CASES[c + 1], cols = ORDER_CASES[c + 2];
      const name = "units " + units.toString() + ", inputs " + inputs.toString() + ", cols " + cols.toString();
      const d = randomF32(units * cols, -1, 1);
      const a = randomF32(inputs * cols, -2, 2);
      const g0 = randomF32(units * inputs, -3, 3);
      const b0 = randomF32(units, -3, 3);
      const gw = guardedCopy(g0), gb = guardedCopy(b0);
      denseGradient(addr(d), addr(a), cols, addr(gw), addr(gb), units, inputs, cols);
      expect(inStripes(d, a, g0, b0, units, inputs, cols, gw, gb, -1)).toBe(true, name + ": four stripes");
      // The same block with sample `at`'s delta set to 0 (its inputs anything): as if the
      // sample were not summed at all.
      const at = cols / 3;
      const dz = new StaticArray<f32>(units * cols);
      for (let i = 0; i < units * cols; i++) dz[i] = i % cols == at ? 0 : d[i];
      const az = randomF32(inputs * cols, -2, 2);
      for (let i = 0; i < inputs * cols; i++) if (i % cols != at) az[i] = a[i];
      const gz = guardedCopy(g0), bz = guardedCopy(b0);
      denseGradient(addr(dz), addr(az), cols, addr(gz), addr(bz), units, inputs, cols);
      expect(inStripes(d, a, g0, b0, units, inputs, cols, gz, bz, at)).toBe(true, name + ": with a zero-delta sample");
      expect(guardIntact(gz, units * inputs) && guardIntact(bz, units)).toBe(true, name + ": wrote past");
    }
  });
});

describe("l2Gradient", () => {
  it("adds l2·W to gW, leaving W and what follows gW alone", () => {
    reseed(34);
    const count = 1001;
    const w = randomF32(count, -3, 3);
    const g0 = randomF32(count, -5, 5);
    const wBefore = guardedCopy(w);
    const l2: f32 = 0.37;
    const g = guardedCopy(g0);
    l2Gradient(addr(w), addr(g), count, l2);
    const want = new Ref(count);
    for (let i = 0; i < count; i++) {
      const penalty = <f64>l2 * <f64>w[i];
      want.value[i] = <f64>g0[i] + penalty;
      want.mag[i] = Math.abs(<f64>g0[i]) + Math.abs(penalty);
    }
    expect(worstRatio(g, want, 2)).toBeLessThanOrEqual(1.0);
    expect(guardIntact(g, count)).toBe(true, "wrote past gW");
    let same = true;
    for (let i = 0; i < count; i++) same = same && w[i] == wBefore[i];
    expect(same).toBe(true, "W changed");
  });

  it("with l2 = 0 leaves gW bit-identical; by hand, 1 + 0.5·(−4) = −1", () => {
    reseed(35);
    const w = randomF32(9, -3, 3);
    const g0 = randomF32(9, -3, 3);
    const g = guardedCopy(g0);
    l2Gradient(addr(w), addr(g), 9, 0);
    let same = true;
    for (let i = 0; i < 9; i++) same = same && g[i] == g0[i];
    expect(same).toBe(true);
    const one = guardedCopy([1]);
    const minusFour: StaticArray<f32> = [-4];
    l2Gradient(addr(minusFour), addr(one), 1, 0.5);
    expect<f32>(one[0]).toBe(-1);
    expect(guardIntact(one, 1)).toBe(true, "wrote past gW");
  });
});

describe("squaredNorm", () => {
  it("is Σ w² in f64 over exactly `count` values", () => {
    reseed(36);
    const count = 1001;
    const w = randomF32(count + 3, -3, 3);
    let want: f64 = 0;
    for (let i = 0; i < count; i++) want += <f64>w[i] * <f64>w[i];
    const got = squaredNorm(addr(w), count);
    expect(ratio(got, want, <f64>count * 1.1102230246251565e-16 * want)).toBeLessThanOrEqual(1.0);
    // 3² + 4² + (−12)² = 169, exact.
    const by: StaticArray<f32> = [3, 4, -12];
    expect(squaredNorm(addr(by), 3)).toBe(169);
    expect(squaredNorm(addr(by), 0)).toBe(0);
    // Squared in f64, a large f32 neither overflows nor rounds: (1e30)² ≈ 1e60.
    const big: StaticArray<f32> = [1e30];
    expect(squaredNorm(addr(big), 1)).toBe(<f64>big[0] * <f64>big[0]);
  });
});

describe("sumSlices", () => {
  it("sums the slices left to right, bit for bit as a plain f32 loop, over exactly `count` floats of each stride", () => {
    reseed(37);
    const counts: StaticArray<i32> = [1, 3, 4, 7, 26, 1604];
    for (let c = 0; c < counts.length; c++) {
      const count = counts[c];
      for (let slices = 1; slices <= 16; slices += 5) {
        // Slices `count` + 5 floats apart, the gap filled with garbage that must not count.
        const stride = count + 5;
        const parts = randomF32(stride * slices, -1e3, 1e3);
        const out = guardedCopy(randomF32(count, -1, 1));
        sumSlices(addr(parts), <usize>stride << 2, addr(out), count, slices);
        let same = true;
        for (let i = 0; i < count; i++) {
          let want = parts[i];
          for (let s = 1; s < slices; s++) want += parts[s * stride + i];
          if (reinterpret<u32>(out[i]) != reinterpret<u32>(want)) same = false;
        }
        const name = "count " + count.toString() + ", slices " + slices.toString();
        expect(same).toBe(true, name);
        expect(guardIntact(out, count)).toBe(true, name + ": wrote past out");
      }
    }
  });
});
