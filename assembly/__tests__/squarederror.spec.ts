import { squaredError } from "../kernels/squarederror";
import { reseed, randomF32 } from "./random";
import { U, FLT_MIN, addr, guarded, guardIntact, ratio } from "./check";

// Tolerances (u = 2^-24). z and y are f32, so d = fl(z − y) is within u·|z − y|; d·d is
// then within 3u of (z − y)², and K such squares (all ≥ 0) summed in f32 in order add
// (K − 1)·u, so ½Σ (×0.5 is exact) times w is within (K + 3)·u of the true loss, relative
// to the loss itself; we allow (K + 4)·u. delta = fl(w·d) is within 2u·w·|z − y|: we
// allow 3u. The f64 sum of the per-sample terms adds nothing at this scale. A wrong
// index, stride, sign or a missing ½ gives errors of the order of the loss itself.

/** Unit-major y [targets x yStride] and z [targets x cols]. */
class Case {
  z: StaticArray<f32>;
  y: StaticArray<f32>;
  w: StaticArray<f32>;
  constructor(public targets: i32, public cols: i32, public yStride: i32) {
    this.z = randomF32(targets * cols, -50, 50);
    this.y = randomF32(targets * yStride, -50, 50);
    this.w = randomF32(cols, 0, 2);
  }
  yAt(k: i32, s: i32, yOffset: i32): f64 {
    return <f64>this.y[yOffset + k * this.yStride + s];
  }
}

/** Runs the kernel on columns [0, cols) with y read from column `yOffset` on; checks
 *  the total and every delta against f64. */
function check(c: Case, yOffset: i32, name: string): void {
  const delta = guarded(c.targets * c.cols, NaN);
  const total = squaredError(addr(c.z), addr(c.y, yOffset), c.yStride, addr(c.w), addr(delta), c.targets, c.cols);
  let want: f64 = 0;
  let worstDelta: f64 = 0;
  for (let s = 0; s < c.cols; s++) {
    const w = <f64>c.w[s];
    let sum: f64 = 0;
    for (let k = 0; k < c.targets; k++) {
      const d = <f64>c.z[k * c.cols + s] - c.yAt(k, s, yOffset);
      sum += d * d;
      const r = ratio(<f64>delta[k * c.cols + s], w * d, 3 * U * w * Math.abs(d) + FLT_MIN);
      if (r > worstDelta) worstDelta = r;
    }
    want += w * 0.5 * sum;
  }
  expect(ratio(total, want, <f64>(c.targets + 4) * U * want + FLT_MIN)).toBeLessThanOrEqual(1.0, name + ": loss");
  expect(worstDelta).toBeLessThanOrEqual(1.0, name + ": delta");
  expect(guardIntact(delta, c.targets * c.cols)).toBe(true, name + ": wrote past delta");
}

describe("squaredError", () => {
  it("matches ½ Σ_k w·(z − y)² and w·(z − y) in f64, one target and several", () => {
    reseed(61);
    const targets: StaticArray<i32> = [1, 2, 3, 5];
    const cols: StaticArray<i32> = [1, 3, 4, 7, 256, 257];
    for (let i = 0; i < targets.length; i++) {
      for (let j = 0; j < cols.length; j++) {
        const c = new Case(targets[i], cols[j], cols[j]);
        check(c, 0, "targets " + targets[i].toString() + ", cols " + cols[j].toString());
      }
    }
  });

  it("reads y in place from a wider target-major matrix (yStride > cols)", () => {
    reseed(62);
    const c = new Case(3, 37, 37 + 300);
    check(c, 0, "offset 0");
    check(c, 211, "offset 211");
  });

  it("the vector body and the scalar tail give the same bits per sample", () => {
    reseed(63);
    const targets = 3, cols = 23;
    const c = new Case(targets, cols, cols);
    const whole = guarded(targets * cols, NaN);
    squaredError(addr(c.z), addr(c.y), cols, addr(c.w), addr(whole), targets, cols);
    for (let s = 0; s < cols; s++) {
      // One sample alone, copied out compact, goes through the scalar code in every build.
      const z = new StaticArray<f32>(targets), y = new StaticArray<f32>(targets), w = new StaticArray<f32>(1);
      for (let k = 0; k < targets; k++) {
        z[k] = c.z[k * cols + s];
        y[k] = c.y[k * cols + s];
      }
      w[0] = c.w[s];
      const one = guarded(targets, NaN);
      const loss = squaredError(addr(z), addr(y), 1, addr(w), addr(one), targets, 1);
      for (let k = 0; k < targets; k++) {
        expect(reinterpret<u32>(one[k])).toBe(reinterpret<u32>(whole[k * cols + s]), "delta, sample " + s.toString());
      }
      let sum: f32 = 0;
      for (let k = 0; k < targets; k++) {
        const d = z[k] - y[k];
        sum += d * d;
      }
      expect(loss).toBe(<f64>(w[0] * (<f32>0.5 * sum)), "loss, sample " + s.toString());
    }
  });

  it("a sample of weight 0 adds exact zeros, and a perfect fit has zero loss", () => {
    reseed(64);
    const c = new Case(2, 9, 9);
    for (let s = 0; s < 9; s++) c.w[s] = 0;
    const delta = guarded(18, NaN);
    expect(squaredError(addr(c.z), addr(c.y), 9, addr(c.w), addr(delta), 2, 9)).toBe(0);
    for (let i = 0; i < 18; i++) expect(delta[i]).toBe(0);
    const same = new Case(2, 9, 9);
    for (let i = 0; i < 18; i++) same.y[i] = same.z[i];
    expect(squaredError(addr(same.z), addr(same.y), 9, addr(same.w), addr(delta), 2, 9)).toBe(0);
  });
});
