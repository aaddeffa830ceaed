import { gradientDescentStep } from "../kernels/update";
import { reseed, randomF32 } from "./random";
import { refGradientStep } from "./reference";
import { addr, guardedCopy, guardIntact, worstRatio } from "./check";

// Tolerance: p − scale·g is two f32 roundings, the product (≤ u·|scale·g|) and the
// difference (≤ u·|p − scale·g|), so at most 2·u·(|p| + |scale·g|), u = 2^-24.

describe("gradientDescentStep", () => {
  it("takes one step worked out by hand", () => {
    // 1 − 0.25·0.5 = 0.875, −2 − 0.25·4 = −3, 0 − 0.25·(−8) = 2: all exact in binary.
    const p = guardedCopy([1, -2, 0]);
    const g: StaticArray<f32> = [0.5, 4, -8];
    gradientDescentStep(addr(p), addr(g), 3, 0.25);
    expect<f32>(p[0]).toBe(0.875);
    expect<f32>(p[1]).toBe(-3);
    expect<f32>(p[2]).toBe(2);
    expect(guardIntact(p, 3)).toBe(true, "wrote past params");
  });

  it("matches p − scale·g in f64 on a count that is not a multiple of 4, leaving g alone", () => {
    reseed(41);
    const count = 1001;
    const p0 = randomF32(count, -2, 2);
    const g = randomF32(count, -300, 300);
    const gBefore = guardedCopy(g);
    const p = guardedCopy(p0);
    const scale: f32 = <f32>1.0 / <f32>300;
    gradientDescentStep(addr(p), addr(g), count, scale);
    expect(worstRatio(p, refGradientStep(p0, g, scale), 2)).toBeLessThanOrEqual(1.0);
    expect(guardIntact(p, count)).toBe(true, "wrote past params");
    let same = true;
    for (let i = 0; i < count; i++) same = same && g[i] == gBefore[i];
    expect(same).toBe(true, "g changed");
  });

  it("leaves params bit-identical with scale 0 or count 0", () => {
    reseed(42);
    const count = 7;
    const p0 = randomF32(count, -2, 2);
    const g = randomF32(count, -2, 2);
    const p = guardedCopy(p0);
    gradientDescentStep(addr(p), addr(g), count, 0);
    gradientDescentStep(addr(p), addr(g), 0, 1);
    let same = true;
    for (let i = 0; i < count; i++) same = same && p[i] == p0[i];
    expect(same).toBe(true);
  });
});
