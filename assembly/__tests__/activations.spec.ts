import { sigmoid, sigmoidForward, sigmoidBackward } from "../kernels/activations";
import { reseed, randomF32 } from "./random";
import { refSigmoid } from "./reference";
import { U, FLT_MIN, addr, guarded, guardedCopy, guardIntact, ulpsF32, ratio } from "./check";

// Tolerances:
// - sigmoid: Mathf.exp is within 1 ulp, then one f32 add and one f32 divide, each ≤ 0.5
//   ulp; the relative errors add, and one relative u is at most 1 ulp of the result:
//   ≤ 2.5 ulp, so 3 ulp. The f64 reference is exact to 2^-53.
// - sigmoidBackward: d·a·(1 − a) is three f32 roundings (1 − a, and two products), each
//   relative ≤ u: 4·u·|d·a·(1 − a)|.
// Past z ≈ -87.3 the kernel's e^-z overflows to +Inf and gives 0 (documented), while the
// true value is below FLT_MIN (2^-126), where f32 keeps only absolute precision: there
// we compare absolutely, within FLT_MIN.

const EXTREMES: StaticArray<f32> = [20, -20, 50, -50, 88, -88, 89, -89, 100, -100, 1000, -1000, Infinity, -Infinity];

describe("sigmoid", () => {
  it("is exactly 0.5 at 0, whichever the sign of zero", () => {
    expect<f32>(sigmoid(0)).toBe(0.5);
    expect<f32>(sigmoid(-0.0)).toBe(0.5);
    const z = guarded(1, 0);
    sigmoidForward(addr(z), 1);
    expect<f32>(z[0]).toBe(0.5);
  });

  it("is finite, in [0, 1] and close to the reference at large |z|", () => {
    const z = guardedCopy(EXTREMES);
    sigmoidForward(addr(z), EXTREMES.length);
    for (let i = 0; i < EXTREMES.length; i++) {
      const name = "sigmoid(" + EXTREMES[i].toString() + ")";
      expect<f32>(z[i]).toBeFinite(name);
      expect<bool>(z[i] >= 0 && z[i] <= 1).toBe(true, name + " in [0, 1]");
      const want = refSigmoid(<f64>EXTREMES[i]);
      expect(ratio(z[i], want, 4 * U * want + FLT_MIN)).toBeLessThanOrEqual(1.0, name);
    }
    expect<f32>(sigmoid(1000)).toBe(1);
    expect<f32>(sigmoid(-1000)).toBe(0);
  });

  it("is within 3 ulp of the f64 reference over [-30, 30]", () => {
    const count = 6001;
    const z = guarded(count, 0);
    for (let i = 0; i < count; i++) z[i] = <f32>(-30 + 0.01 * <f64>i);
    const input = guardedCopy(z);
    sigmoidForward(addr(z), count);
    let worst: f64 = 0;
    for (let i = 0; i < count; i++) worst = max(worst, ulpsF32(z[i], refSigmoid(<f64>input[i])));
    expect(worst).toBeLessThanOrEqual(3.0);
    expect(guardIntact(z, count)).toBe(true, "wrote past the array");
  });

  it("matches sigmoid() element by element on a count that is not a multiple of 4", () => {
    reseed(11);
    const count = 1001;
    const input = randomF32(count, -12, 12);
    const z = guardedCopy(input);
    sigmoidForward(addr(z), count);
    let same = true;
    for (let i = 0; i < count; i++) same = same && z[i] == sigmoid(input[i]);
    expect(same).toBe(true);
    expect(guardIntact(z, count)).toBe(true, "wrote past the array");
  });
});

describe("sigmoidBackward", () => {
  it("multiplies d by a·(1 − a), reading a and writing only d", () => {
    reseed(12);
    const count = 1001;
    const a = randomF32(count, 0, 1);
    a[0] = 0; a[1] = 1; a[2] = 0.5;
    const d0 = randomF32(count, -3, 3);
    const d = guardedCopy(d0);
    const aBefore = guardedCopy(a);
    sigmoidBackward(addr(a), addr(d), count);
    let worst: f64 = 0;
    for (let i = 0; i < count; i++) {
      const want = <f64>d0[i] * <f64>a[i] * (1 - <f64>a[i]);
      worst = max(worst, ratio(d[i], want, 4 * U * Math.abs(want) + FLT_MIN));
    }
    expect(worst).toBeLessThanOrEqual(1.0);
    expect<f32>(d[0]).toBe(0, "a = 0");
    expect<f32>(d[1]).toBe(0, "a = 1");
    expect<f32>(d[2]).toBe(d0[2] * 0.25, "a = 0.5 is exact");
    let aSame = true;
    for (let i = 0; i < count; i++) aSame = aSame && a[i] == aBefore[i];
    expect(aSame).toBe(true, "a changed");
    expect(guardIntact(d, count)).toBe(true, "wrote past d");
  });
});
