import { gradientDescentStep, momentumStep, adamStep } from "../kernels/update";
import { reseed, randomF32 } from "./random";
import { refGradientStep, refMomentumStep, refAdamStep } from "./reference";
import { addr, guardedCopy, guardIntact, worstRatio, ratio, U } from "./check";

// Tolerances (u = 2^-24):
// - gradientDescentStep: p − scale·g is two f32 roundings, the product (≤ u·|scale·g|)
//   and the difference (≤ u·|p − scale·g|), so at most 2·u·(|p| + |scale·g|).
// - momentumStep: g = scale·gsum, μ·v, lr·g and their difference are four roundings,
//   so v' errs by ≤ 3u·(|μ·v| + |lr·g|); p + v' adds u·|p'|. With Nesterov, μ·v' − lr·g
//   rounds twice more and carries μ·(v's error): in all ≤ u·|p| + 10u·(|μ·v| + |lr·g|).
//   refMomentumStep's mag is |p| + 2·(|μ·v| + |lr·g|), so k = 5 covers both.
// - adamStep: v' is a sum of non-negative terms, within 5u relative (g carries u, g²
//   2u, two products, one sum); √v' + ε within 4.5u; m' errs by 3u·(|β1·m| + |(1−β1)·g|)
//   (1 − β1 is exact for β1 in [1/2, 1]: Sterbenz); the product and quotient add 2u. So
//   the update is within 7.5u of itself plus step·3u·(|β1·m| + |(1−β1)·g|)/(√v' + ε),
//   and p − update adds u·|p'|: refAdamStep's mag with k = 1.
// - m' and v' themselves: 3u·(|β1·m| + |(1−β1)·g|) and 5u·v'.

/** `count` f64 copies of an f32 array. */
function widen(a: StaticArray<f32>): StaticArray<f64> {
  const out = new StaticArray<f64>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = <f64>a[i];
  return out;
}

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

describe("momentumStep", () => {
  // lr = 0.25, μ = 0.5, scale = 0.5 (a batch of weight 2), all exact in binary:
  //   p = 1,  gsum = 2,  v = 1:    g = 1,  v' = 0.5·1 − 0.25·1 = 0.25,
  //        p' = 1 + 0.25 = 1.25;  Nesterov: p' = 1 + (0.5·0.25 − 0.25·1) = 0.875.
  //   p = −2, gsum = −4, v = −0.5: g = −2, v' = 0.5·(−0.5) − 0.25·(−2) = 0.25,
  //        p' = −2 + 0.25 = −1.75; Nesterov: p' = −2 + (0.5·0.25 + 0.25·2) = −1.375.
  it("takes one step worked out by hand, with and without Nesterov", () => {
    const gsum: StaticArray<f32> = [2, -4];
    const plain = guardedCopy([1, -2]);
    const plainV = guardedCopy([1, -0.5]);
    momentumStep(addr(plain), addr(gsum), addr(plainV), 2, 0.25, 0.5, 0.5, false);
    expect<f32>(plainV[0]).toBe(0.25, "v'[0]");
    expect<f32>(plainV[1]).toBe(0.25, "v'[1]");
    expect<f32>(plain[0]).toBe(1.25, "p'[0]");
    expect<f32>(plain[1]).toBe(-1.75, "p'[1]");
    const ahead = guardedCopy([1, -2]);
    const aheadV = guardedCopy([1, -0.5]);
    momentumStep(addr(ahead), addr(gsum), addr(aheadV), 2, 0.25, 0.5, 0.5, true);
    expect<f32>(aheadV[0]).toBe(0.25, "Nesterov v'[0]");
    expect<f32>(aheadV[1]).toBe(0.25, "Nesterov v'[1]");
    expect<f32>(ahead[0]).toBe(0.875, "Nesterov p'[0]");
    expect<f32>(ahead[1]).toBe(-1.375, "Nesterov p'[1]");
    expect(guardIntact(plain, 2) && guardIntact(plainV, 2) && guardIntact(ahead, 2) && guardIntact(aheadV, 2))
      .toBe(true, "wrote past params or velocity");
  });

  it("matches the f64 reference over arrays for three steps, with and without Nesterov", () => {
    for (let variant = 0; variant < 2; variant++) {
      const nesterov = variant == 1;
      reseed(43 + variant);
      const count = 1001;
      const p = guardedCopy(randomF32(count, -2, 2));
      const v = guardedCopy(randomF32(count, -0.1, 0.1));
      const velocity = widen(v);
      const lr: f32 = 0.1, momentum: f32 = 0.9, scale: f32 = <f32>1 / <f32>37;
      const name = nesterov ? "Nesterov" : "plain";
      for (let step = 0; step < 3; step++) {
        const gsum = randomF32(count, -40, 40);
        const gBefore = guardedCopy(gsum);
        const p0 = guardedCopy(p);
        const v0 = widen(v);
        momentumStep(addr(p), addr(gsum), addr(v), count, lr, scale, momentum, nesterov);
        // Each step starts from the kernel's own p and v, so errors do not compound.
        for (let i = 0; i < count; i++) velocity[i] = v0[i];
        const want = refMomentumStep(p0, gsum, velocity, lr, scale, momentum, nesterov);
        expect(worstRatio(p, want, 5)).toBeLessThanOrEqual(1.0, name + " step " + step.toString() + ": params");
        let worstV: f64 = 0;
        let same = true;
        for (let i = 0; i < count; i++) {
          const g = <f64>scale * <f64>gsum[i];
          const bound = 3 * U * (Math.abs(<f64>momentum * v0[i]) + Math.abs(<f64>lr * g)) + 1e-45;
          worstV = max(worstV, ratio(v[i], velocity[i], bound));
          same = same && gsum[i] == gBefore[i];
        }
        expect(worstV).toBeLessThanOrEqual(1.0, name + " step " + step.toString() + ": velocity");
        expect(same).toBe(true, name + ": gradients changed");
      }
      expect(guardIntact(p, count) && guardIntact(v, count)).toBe(true, name + ": wrote past params or velocity");
    }
  });
});

describe("adamStep", () => {
  // β1 = 0.5, β2 = 0.75, ε = 0, stepSize = 0.5, scale = 0.5, all exact in binary:
  //   p = 1,  gsum = 2,  m = 0.5, v = 1: g = 1,
  //        m' = 0.5·0.5 + 0.5·1 = 0.75, v' = 0.75·1 + 0.25·1² = 1,
  //        p' = 1 − 0.5·0.75/(√1 + 0) = 0.625.
  //   p = −2, gsum = −4, m = 0,  v = 4: g = −2,
  //        m' = 0 + 0.5·(−2) = −1, v' = 0.75·4 + 0.25·4 = 4,
  //        p' = −2 − 0.5·(−1)/(√4 + 0) = −1.75.
  it("takes one step worked out by hand", () => {
    const gsum: StaticArray<f32> = [2, -4];
    const p = guardedCopy([1, -2]);
    const m = guardedCopy([0.5, 0]);
    const v = guardedCopy([1, 4]);
    adamStep(addr(p), addr(gsum), addr(m), addr(v), 2, 0.5, 0.5, 0.5, 0.75, 0);
    expect<f32>(m[0]).toBe(0.75, "m'[0]");
    expect<f32>(m[1]).toBe(-1, "m'[1]");
    expect<f32>(v[0]).toBe(1, "v'[0]");
    expect<f32>(v[1]).toBe(4, "v'[1]");
    expect<f32>(p[0]).toBe(0.625, "p'[0]");
    expect<f32>(p[1]).toBe(-1.75, "p'[1]");
    expect(guardIntact(p, 2) && guardIntact(m, 2) && guardIntact(v, 2)).toBe(true, "wrote past p, m or v");
  });

  it("matches the f64 reference over arrays for three steps (sklearn's defaults)", () => {
    reseed(45);
    const count = 1001;
    const p = guardedCopy(randomF32(count, -2, 2));
    const m = guardedCopy(new StaticArray<f32>(count));
    const v = guardedCopy(new StaticArray<f32>(count));
    const beta1: f32 = 0.9, beta2: f32 = 0.999, epsilon: f32 = 1e-8, lr: f64 = 0.001;
    const scale: f32 = <f32>1 / <f32>37;
    for (let t = 1; t <= 3; t++) {
      const gsum = randomF32(count, -40, 40);
      gsum[0] = 0;
      const gBefore = guardedCopy(gsum);
      const p0 = guardedCopy(p);
      const m0 = widen(m), v0 = widen(v);
      const mWant = widen(m), vWant = widen(v);
      // The caller's bias correction, rounded to f32 as training.ts passes it.
      const step = <f32>(lr * Math.sqrt(1 - Math.pow(<f64>beta2, t)) / (1 - Math.pow(<f64>beta1, t)));
      adamStep(addr(p), addr(gsum), addr(m), addr(v), count, step, scale, beta1, beta2, epsilon);
      const want = refAdamStep(p0, gsum, mWant, vWant, step, scale, beta1, beta2, epsilon);
      const name = "t = " + t.toString();
      expect(worstRatio(p, want, 1)).toBeLessThanOrEqual(1.0, name + ": params");
      let worstM: f64 = 0, worstV: f64 = 0;
      let same = true;
      for (let i = 0; i < count; i++) {
        const g = <f64>scale * <f64>gsum[i];
        const mMag = Math.abs(<f64>beta1 * m0[i]) + Math.abs((1 - <f64>beta1) * g);
        worstM = max(worstM, ratio(m[i], mWant[i], 3 * U * mMag + 1e-45));
        worstV = max(worstV, ratio(v[i], vWant[i], 5 * U * vWant[i] + 1e-45));
        same = same && gsum[i] == gBefore[i];
      }
      expect(worstM).toBeLessThanOrEqual(1.0, name + ": m");
      expect(worstV).toBeLessThanOrEqual(1.0, name + ": v");
      expect(same).toBe(true, name + ": gradients changed");
    }
    // A parameter whose gradient has always been 0 never moves (m = v = 0, ε > 0).
    expect<f32>(m[0]).toBe(0);
    expect(guardIntact(p, count) && guardIntact(m, count) && guardIntact(v, count)).toBe(true, "wrote past p, m or v");
  });
});
