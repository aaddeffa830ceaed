import {
  binaryCrossEntropyBits, sigmoidProbability, softmaxCrossEntropyBits, softmaxProbability,
} from "../kernels/loss";
import { reseed, randomF32, randomLabels, randomClasses } from "./random";
import {
  refCrossEntropyBits, refCrossEntropyBitsTextbook, refProbability, refSoftmaxCrossEntropyBits, refSoftmax,
} from "./reference";
import { softmaxOwnError } from "./reference-network";
import { U, FLT_MIN, addr, guarded, guardedCopy, guardIntact, ratio, ulpsF32 } from "./check";

// Tolerances (u = 2^-24; labels are 0 or 1, so max(z, 0) − z·y is exact):
// - loss of one sample: vmath's expNegF32 within 1 ulp and log1pF32 within 1.83 ulp (as
//   measured in vmath.spec.ts; ≤ 2u and 3.7u relative; e's error reaches log1p(e) damped
//   by e/((1 + e)·log1p(e)) ≤ 1), one f32 add, the f32-rounded 1/ln2 (0.22u); every term
//   is ≥ 0, so the errors are relative to the loss itself: 6.9u, so 8·u·loss. The kernel adds samples in f64, which costs nothing.
// - delta = (p − y)/ln2: p = 1/(1 + e) or e/(1 + e) is within 4u relative, then a
//   subtraction that may cancel and the f32 product by 1/ln2, so the error is relative to
//   (p + y), not to |p − y|: 8·u·(p + y)/ln2 (3.6u measured).
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

/** `count` sample weights of 1. */
function ones(count: i32): StaticArray<f32> {
  const out = new StaticArray<f32>(count);
  for (let i = 0; i < count; i++) out[i] = 1;
  return out;
}

const ONE: StaticArray<f32> = [1];

/** Loss of sample i alone, through the kernel; its delta lands in `d[i]`. */
function lossOf(z: StaticArray<f32>, y: StaticArray<f32>, d: StaticArray<f32>, i: i32): f64 {
  return binaryCrossEntropyBits(addr(z, i), addr(y, i), addr(ONE), addr(d, i), 1);
}

describe("binaryCrossEntropyBits", () => {
  it("matches −y log2 p − (1 − y) log2(1 − p) on moderate logits, per sample and summed", () => {
    reseed(21);
    const count = 257;
    const z = randomF32(count, -8, 8);
    const y = randomLabels(count);
    const d = guarded(count, NaN);
    const total = binaryCrossEntropyBits(addr(z), addr(y), addr(ones(count)), addr(d), count);
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
        const got = binaryCrossEntropyBits(addr(z), addr(y), addr(ONE), addr(d), 1);
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

  it("scales each sample's loss and delta by its weight: 0 and 0.5 exactly, 3 within one rounding", () => {
    reseed(23);
    const count = 65;
    const z = randomF32(count, -8, 8);
    z[0] = 1e4; z[1] = -1e4; z[2] = 0;
    const y = randomLabels(count);
    const unitDelta = guarded(count, NaN);
    binaryCrossEntropyBits(addr(z), addr(y), addr(ones(count)), addr(unitDelta), count);
    const weights: StaticArray<f32> = [0, 0.5, 3];
    for (let k = 0; k < weights.length; k++) {
      const wk = weights[k];
      const w = guarded(count, wk);
      const d = guarded(count, NaN);
      const total = binaryCrossEntropyBits(addr(z), addr(y), addr(w), addr(d), count);
      let unitTotal: f64 = 0;
      let exact = true;
      let worst: f64 = 0;
      for (let i = 0; i < count; i++) {
        const unit = lossOf(z, y, guarded(count, NaN), i);
        const single = binaryCrossEntropyBits(addr(z, i), addr(y, i), addr(w, i), addr(guarded(1, NaN)), 1);
        unitTotal += unit;
        if (wk == 3) {
          // 3·x is one f32 rounding (u relative) for the loss term; the delta is
          // (w·(p − y))·(1/ln2), two roundings after p − y against the unit delta's one:
          // 3u relative.
          worst = max(worst, ratio(single, 3 * unit, 3 * U * unit + FLT_MIN));
          worst = max(worst, ratio(d[i], 3 * <f64>unitDelta[i], 9 * U * Math.abs(<f64>unitDelta[i]) + FLT_MIN));
        } else {
          // Scaling by 0 or a power of two is exact in f32 (no subnormals here).
          exact = exact && single == <f64>wk * unit && d[i] == wk * unitDelta[i];
        }
      }
      const name = "w = " + wk.toString();
      expect(exact).toBe(true, name + ": loss and delta scale exactly");
      expect(worst).toBeLessThanOrEqual(1.0, name + ": loss and delta scale within a rounding");
      expect(ratio(total, <f64>wk * unitTotal, 4 * U * <f64>wk * unitTotal + FLT_MIN)).toBeLessThanOrEqual(1.0, name + ": summed loss");
      expect(guardIntact(d, count)).toBe(true, name + ": wrote past delta");
    }
    const zeroD = guarded(count, NaN);
    const zeroTotal = binaryCrossEntropyBits(addr(z), addr(y), addr(guarded(count, 0)), addr(zeroD), count);
    expect(zeroTotal).toBe(0, "all weights 0: no loss");
    let allZero = true;
    for (let i = 0; i < count; i++) allZero = allZero && zeroD[i] == 0;
    expect(allZero).toBe(true, "all weights 0: delta 0, even at z = ±1e4");
  });

  it("writes dloss/dz: the central difference of the f64 per-sample loss", () => {
    reseed(22);
    const count = 101;
    const z = randomF32(count, -8, 8);
    const y = randomLabels(count);
    const d = guarded(count, NaN);
    binaryCrossEntropyBits(addr(z), addr(y), addr(ones(count)), addr(d), count);
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

// sigmoidProbability is the hidden sigmoid (activations.spec.ts): e^-|z| within 1 ulp,
// then an add and a divide (≤ 0.5 ulp each): within 3 ulp of the f64 reference while the
// result is a normal f32 (|z| ≤ 80 here).
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

// Softmax cross-entropy, z and delta unit-major [classes x cols] (u = 2^-24; the f64
// reference shifts by the largest logit, like the kernel, so it is exact to 2^-53):
// - loss of one sample: softmaxOwnError (reference-network.ts) follows the kernel's f32
//   steps. Its |top| term is there because the kernel adds top + log(total) before it
//   subtracts z_y: at |z| = 1e4 that rounds log(total) to ulp(1e4) ≈ 1e-3, whatever the
//   loss; (top − z_y) + log(total) would not.
// - delta_k = w·(p_k − [k = y])/ln2: e^(z_k − top) errs by u·|z_k − top| + 2u relative,
//   the total by K − 1 more, so p_k by (2·spread + K + 4)u relative; p_k − 1, w·(1/ln2)
//   (with the f32-rounded 1/ln2) and the product add 4u relative to |p_k − [k = y]|.
// - central differences in f64 with h = 1e-5 on |z| ≤ 8: truncation h²/6·|L'''| and
//   rounding 2^-53·L/h both stay below 1e-9; we allow 1e-8·w more.
// - softmaxProbability: each p_k errs by (2·spread + K + 4)u relative as above. The f32
//   p_k are e_k/fl(Σe), and fl(Σe) is within (K − 1)u of Σe, each quotient within u:
//   Σ_k p_k (added in f64) is within K·u of 1.

class Logits {
  z: StaticArray<f32>;
  zf64: StaticArray<f64>;
  y: StaticArray<f32>;
  w: StaticArray<f32>;
  constructor(public classes: i32, public cols: i32, lo: f64, hi: f64) {
    this.z = randomF32(classes * cols, lo, hi);
    this.zf64 = new StaticArray<f64>(classes * cols);
    this.y = randomClasses(cols, classes);
    this.w = randomF32(cols, 0, 3);
    this.w[0] = 1;
    if (cols > 2) { this.w[1] = 0; this.w[2] = 0.5; }
    this.sync();
  }

  /** Refreshes the f64 copy after `z` changed. */
  sync(): void {
    for (let i = 0; i < this.z.length; i++) this.zf64[i] = <f64>this.z[i];
  }

  get name(): string {
    return "K = " + this.classes.toString() + ", cols " + this.cols.toString();
  }

  loss(s: i32): f64 {
    return refSoftmaxCrossEntropyBits(this.zf64, s, this.cols, this.classes, <i32>this.y[s]);
  }

  probability(k: i32, s: i32): f64 {
    return refSoftmax(this.zf64, s, this.cols, this.classes, k);
  }

  delta(k: i32, s: i32): f64 {
    const hit: f64 = k == <i32>this.y[s] ? 1 : 0;
    return <f64>this.w[s] * (this.probability(k, s) - hit) / Math.LN2;
  }

  spread(s: i32): f64 {
    let top = this.zf64[s], bottom = this.zf64[s];
    for (let k = 1; k < this.classes; k++) {
      top = Math.max(top, this.zf64[k * this.cols + s]);
      bottom = Math.min(bottom, this.zf64[k * this.cols + s]);
    }
    return top - bottom;
  }

  probabilityBound(k: i32, s: i32): f64 {
    return (2 * this.spread(s) + <f64>this.classes + 4) * U * this.probability(k, s) + FLT_MIN;
  }

  deltaBound(k: i32, s: i32): f64 {
    const hit: f64 = k == <i32>this.y[s] ? 1 : 0;
    const p = this.probability(k, s);
    return <f64>this.w[s] * (this.probabilityBound(k, s) + 4 * U * Math.abs(p - hit)) / Math.LN2 + FLT_MIN;
  }

  /** Error bound of the kernel's loss for sample s at weight 1 (see softmaxOwnError). */
  lossBound(s: i32): f64 {
    return U * softmaxOwnError(this.zf64, s, this.cols, this.classes, <i32>this.y[s]) + FLT_MIN;
  }

  /** The kernel on column s alone, of weight 1: its loss, with its K deltas in `d`. */
  single(s: i32, d: StaticArray<f32>): f64 {
    const z = new StaticArray<f32>(this.classes);
    for (let k = 0; k < this.classes; k++) z[k] = this.z[k * this.cols + s];
    return softmaxCrossEntropyBits(addr(z), addr(this.y, s), addr(ONE), addr(d), this.classes, 1);
  }
}

const CLASS_COUNTS: StaticArray<i32> = [3, 4, 7];
const COL_COUNTS: StaticArray<i32> = [1, 13, 257];

/** Runs the kernel on every column of `t` and compares loss and delta with the reference. */
function checkSoftmax(t: Logits): void {
  const d = guarded(t.classes * t.cols, NaN);
  const total = softmaxCrossEntropyBits(addr(t.z), addr(t.y), addr(t.w), addr(d), t.classes, t.cols);
  let wantTotal: f64 = 0, totalBound: f64 = FLT_MIN;
  let worstLoss: f64 = 0, worstDelta: f64 = 0;
  let finite = isFinite(total);
  const one = guarded(t.classes, NaN);
  for (let s = 0; s < t.cols; s++) {
    const loss = t.loss(s);
    wantTotal += <f64>t.w[s] * loss;
    // The weight's f32 product rounds once more: u·loss.
    totalBound += <f64>t.w[s] * (t.lossBound(s) + U * loss);
    const single = t.single(s, one);
    finite = finite && isFinite(single);
    worstLoss = max(worstLoss, ratio(single, loss, t.lossBound(s)));
    for (let k = 0; k < t.classes; k++) {
      const got = d[k * t.cols + s];
      finite = finite && isFinite(got);
      worstDelta = max(worstDelta, ratio(got, t.delta(k, s), t.deltaBound(k, s)));
    }
  }
  expect(finite).toBe(true, t.name + ": loss and delta finite");
  expect(worstLoss).toBeLessThanOrEqual(1.0, t.name + ": per-sample loss");
  expect(ratio(total, wantTotal, totalBound)).toBeLessThanOrEqual(1.0, t.name + ": weighted loss sum");
  expect(worstDelta).toBeLessThanOrEqual(1.0, t.name + ": w·dloss/dz");
  expect(guardIntact(d, t.classes * t.cols)).toBe(true, t.name + ": wrote past delta");
}

describe("softmaxCrossEntropyBits", () => {
  it("matches the f64 reference, weighted, for K = 3, 4, 7 and cols 1, 13, 257", () => {
    reseed(24);
    for (let i = 0; i < CLASS_COUNTS.length; i++) {
      for (let j = 0; j < COL_COUNTS.length; j++) checkSoftmax(new Logits(CLASS_COUNTS[i], COL_COUNTS[j], -8, 8));
    }
  });

  it("stays finite, without NaN, and close to the reference at logits up to ±1e4", () => {
    reseed(25);
    const cols = 13;
    for (let i = 0; i < CLASS_COUNTS.length; i++) {
      const t = new Logits(CLASS_COUNTS[i], cols, -1e4, 1e4);
      // Column 3: every logit 1e4; column 4: the label's logit -1e4, the rest 1e4;
      // column 5: the label's logit 1e4, the rest -1e4.
      for (let k = 0; k < t.classes; k++) {
        t.z[k * cols + 3] = 1e4;
        t.z[k * cols + 4] = 1e4;
        t.z[k * cols + 5] = -1e4;
      }
      t.y[4] = 0; t.z[4] = -1e4;
      t.y[5] = 1; t.z[cols + 5] = 1e4;
      t.sync();
      checkSoftmax(t);
    }
  });

  it("writes w·dloss/dz: the central difference of the f64 loss, each column summing to ~0", () => {
    reseed(26);
    const h = 1e-5;
    for (let i = 0; i < CLASS_COUNTS.length; i++) {
      const t = new Logits(CLASS_COUNTS[i], 13, -8, 8);
      const d = guarded(t.classes * t.cols, NaN);
      softmaxCrossEntropyBits(addr(t.z), addr(t.y), addr(t.w), addr(d), t.classes, t.cols);
      let worst: f64 = 0, worstSum: f64 = 0;
      for (let s = 0; s < t.cols; s++) {
        let sum: f64 = 0, sumBound: f64 = FLT_MIN;
        for (let k = 0; k < t.classes; k++) {
          const at = k * t.cols + s;
          const keep = t.zf64[at];
          const up = keep + h, down = keep - h;
          t.zf64[at] = up;
          const lossUp = t.loss(s);
          t.zf64[at] = down;
          const lossDown = t.loss(s);
          t.zf64[at] = keep;
          const numeric = <f64>t.w[s] * (lossUp - lossDown) / (up - down);
          worst = max(worst, ratio(d[at], numeric, t.deltaBound(k, s) + 1e-8 * <f64>t.w[s]));
          sum += <f64>d[at];
          sumBound += t.deltaBound(k, s);
        }
        // Σ_k (p_k − [k = y]) = 0 exactly; what is left is each delta's own error.
        worstSum = max(worstSum, ratio(sum, 0, sumBound));
      }
      expect(worst).toBeLessThanOrEqual(1.0, t.name + ": against central differences");
      expect(worstSum).toBeLessThanOrEqual(1.0, t.name + ": columns sum to 0");
    }
  });

  it("gives samples of weight 0 no loss and a zero delta, even at ±1e4", () => {
    reseed(27);
    const t = new Logits(4, 5, -1e4, 1e4);
    for (let s = 0; s < 5; s++) t.w[s] = 0;
    const d = guarded(20, NaN);
    const total = softmaxCrossEntropyBits(addr(t.z), addr(t.y), addr(t.w), addr(d), 4, 5);
    let zero = total == 0;
    for (let i = 0; i < 20; i++) zero = zero && d[i] == 0;
    expect(zero).toBe(true);
  });
});

describe("softmaxProbability", () => {
  it("matches the f64 softmax, each column summing to 1 within K·u, in place", () => {
    reseed(28);
    for (let i = 0; i < CLASS_COUNTS.length; i++) {
      for (let j = 0; j < COL_COUNTS.length; j++) {
        for (let range = 0; range < 2; range++) {
          const limit: f64 = range == 0 ? 8 : 1e4;
          const t = new Logits(CLASS_COUNTS[i], COL_COUNTS[j], -limit, limit);
          const classes = t.classes, cols = t.cols;
          const p = guardedCopy(t.z);
          softmaxProbability(addr(p), classes, cols);
          let worst: f64 = 0, worstSum: f64 = 0;
          let inRange = true;
          for (let s = 0; s < cols; s++) {
            let sum: f64 = 0;
            for (let k = 0; k < classes; k++) {
              const got = p[k * cols + s];
              inRange = inRange && got >= 0 && got <= 1;
              worst = max(worst, ratio(got, t.probability(k, s), t.probabilityBound(k, s)));
              sum += <f64>got;
            }
            worstSum = max(worstSum, ratio(sum, 1, <f64>classes * U));
          }
          const name = t.name + ", |z| < " + limit.toString();
          expect(inRange).toBe(true, name + ": finite, in [0, 1]");
          expect(worst).toBeLessThanOrEqual(1.0, name + ": against the reference");
          expect(worstSum).toBeLessThanOrEqual(1.0, name + ": columns sum to 1");
          expect(guardIntact(p, classes * cols)).toBe(true, name + ": wrote past the array");
        }
      }
    }
  });
});
