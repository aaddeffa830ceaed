import { binaryCrossEntropyBits, sigmoidProbability } from "../kernels/loss";
import { reseed, randomF32, randomLabels } from "./random";
import { refCrossEntropyBits, refCrossEntropyBitsTextbook, refProbability } from "./reference";
import { U, FLT_MIN, addr, guarded, guardedCopy, guardIntact, ratio, ulpsF32 } from "./check";

// Tolerances (u = 2^-24; labels are 0 or 1, so max(z, 0) − z·y is exact):
// - loss of one sample: Mathf.exp and Mathf.log1p each within 1 ulp (≤ 2u relative), one
//   f32 add, the f32-rounded 1/ln2 (0.22u); every term is ≥ 0, so the errors are relative
//   to the loss itself: 8·u·loss. The kernel adds samples in f64, which costs nothing.
// - delta = (p − y)/ln2: p is within ~3u relative, then a subtraction that may cancel and
//   the f32 product by 1/ln2, so the error is relative to (p + y), not to |p − y|:
//   8·u·(p + y)/ln2.
// - Values that fall below FLT_MIN (e^-100 is an f32 subnormal) keep only absolute
//   precision: every bound also allows FLT_MIN.
// - Central difference in f64 with step h = 1e-5 on |z| ≤ 8: truncation h²/6·|L'''| and
//   rounding 2^-53·L/h are both below 1e-9; we allow 1e-8 more.

function delta(z: f64, y: f64): f64 {
  return (refProbability(z) - y) / Math.LN2;
}

function deltaBound(z: f64, y: f64): f64 {
  return 8 * U * (refProbability(z) + y) / Math.LN2 + FLT_MIN;
}

/** Loss of sample i alone, through the kernel; its delta lands in `d[i]`. */
function lossOf(z: StaticArray<f32>, y: StaticArray<f32>, d: StaticArray<f32>, i: i32): f64 {
  return binaryCrossEntropyBits(addr(z, i), addr(y, i), addr(d, i), 1);
}

describe("binaryCrossEntropyBits", () => {
  it("matches −y log2 p − (1 − y) log2(1 − p) on moderate logits, per sample and summed", () => {
    reseed(21);
    const count = 257;
    const z = randomF32(count, -8, 8);
    const y = randomLabels(count);
    const d = guarded(count, NaN);
    const total = binaryCrossEntropyBits(addr(z), addr(y), addr(d), count);
    let wantTotal: f64 = 0;
    let worstLoss: f64 = 0;
    let worstDelta: f64 = 0;
    const single = guarded(count, NaN);
    for (let i = 0; i < count; i++) {
      const zi = <f64>z[i], yi = <f64>y[i];
      const want = refCrossEntropyBitsTextbook(zi, yi);
      wantTotal += want;
      worstLoss = max(worstLoss, ratio(lossOf(z, y, single, i), want, 8 * U * want + FLT_MIN));
      worstDelta = max(worstDelta, ratio(d[i], delta(zi, yi), deltaBound(zi, yi)));
    }
    expect(worstLoss).toBeLessThanOrEqual(1.0, "per-sample loss");
    expect(ratio(total, wantTotal, 8 * U * wantTotal)).toBeLessThanOrEqual(1.0, "summed loss");
    expect(worstDelta).toBeLessThanOrEqual(1.0, "dloss/dz");
    expect(guardIntact(d, count)).toBe(true, "wrote past delta");
  });

  it("stays finite and exact when the output saturates (z = ±50, ±100, ±1e4)", () => {
    const zs: StaticArray<f32> = [50, -50, 100, -100, 1e4, -1e4];
    for (let label = 0; label < 2; label++) {
      for (let i = 0; i < zs.length; i++) {
        const z = guardedCopy([zs[i]]);
        const y = guardedCopy([<f32>label]);
        const d = guarded(1, NaN);
        const got = binaryCrossEntropyBits(addr(z), addr(y), addr(d), 1);
        const name = "z = " + zs[i].toString() + ", y = " + label.toString();
        const zi = <f64>zs[i], yi = <f64>label;
        const want = refCrossEntropyBits(zi, yi);
        expect(isFinite(got)).toBe(true, name + ": loss finite");
        expect(ratio(got, want, 8 * U * want + FLT_MIN)).toBeLessThanOrEqual(1.0, name + ": loss");
        // On the wrong side the loss is |z|/ln2 bits, up to e^-|z| (below 2^-72 here).
        if ((zi > 0) != (label == 1)) {
          const linear = Math.abs(zi) / Math.LN2;
          expect(ratio(got, linear, 8 * U * linear)).toBeLessThanOrEqual(1.0, name + ": |z|/ln2");
        }
        expect<f32>(d[0]).toBeFinite(name + ": delta finite");
        expect(ratio(d[0], delta(zi, yi), deltaBound(zi, yi))).toBeLessThanOrEqual(1.0, name + ": delta");
      }
    }
  });

  it("writes dloss/dz: the central difference of the f64 per-sample loss", () => {
    reseed(22);
    const count = 101;
    const z = randomF32(count, -8, 8);
    const y = randomLabels(count);
    const d = guarded(count, NaN);
    binaryCrossEntropyBits(addr(z), addr(y), addr(d), count);
    const h = 1e-5;
    let worst: f64 = 0;
    for (let i = 0; i < count; i++) {
      const zi = <f64>z[i], yi = <f64>y[i];
      const up = zi + h, down = zi - h;
      const numeric = (refCrossEntropyBits(up, yi) - refCrossEntropyBits(down, yi)) / (up - down);
      worst = max(worst, ratio(d[i], numeric, deltaBound(zi, yi) + 1e-8));
    }
    expect(worst).toBeLessThanOrEqual(1.0);
  });
});

// sigmoidProbability: e^-|z| within 1 ulp, then an add and a divide (≤ 0.5 ulp each):
// within 3 ulp of the f64 reference while the result is a normal f32 (|z| ≤ 80 here).
describe("sigmoidProbability", () => {
  it("is within 3 ulp of the f64 reference over [-80, 80], in place", () => {
    const count = 16001;
    const z = guarded(count, 0);
    for (let i = 0; i < count; i++) z[i] = <f32>(-80 + 0.01 * <f64>i);
    const input = guardedCopy(z);
    sigmoidProbability(addr(z), count);
    let worst: f64 = 0;
    for (let i = 0; i < count; i++) worst = max(worst, ulpsF32(z[i], refProbability(<f64>input[i])));
    expect(worst).toBeLessThanOrEqual(3.0);
    expect(guardIntact(z, count)).toBe(true, "wrote past the array");
  });

  it("is finite and in [0, 1] at the extremes, exactly 0.5 at 0", () => {
    const zs: StaticArray<f32> = [0, 100, -100, 1e4, -1e4, Infinity, -Infinity];
    const p = guardedCopy(zs);
    sigmoidProbability(addr(p), zs.length);
    expect<f32>(p[0]).toBe(0.5);
    for (let i = 0; i < zs.length; i++) {
      const name = "z = " + zs[i].toString();
      expect<f32>(p[i]).toBeFinite(name);
      expect<bool>(p[i] >= 0 && p[i] <= 1).toBe(true, name + " in [0, 1]");
      const want = refProbability(<f64>zs[i]);
      expect(ratio(p[i], want, 4 * U * want + FLT_MIN)).toBeLessThanOrEqual(1.0, name);
    }
  });
});
