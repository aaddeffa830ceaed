import * as layout from "../layout";
import { batchGradient, gradientDescentEpoch } from "../network";
import { reseed, randomF32, randomLabels } from "./random";
import { Ref } from "./reference";
import {
  parameterCount, referenceForward, finiteDifferenceGradient, totalLoss, totalErrorBound,
} from "./reference-network";
import { U, addr, ratio, worstRatio } from "./check";
import { borrowHeapRegion, returnHeapRegion, regionEnd, stage, exchange, unstageF32 } from "./sandbox";

// The whole batch gradient against central differences of the f64 reference model with
// the same (f32) weights, data and labels.
//
// Tolerances (u = 2^-24):
// - gradient: (BLOCK_COLS + 64)·u·Σ_s|∂L_s/∂θ| + h²·rows + 1e-9·rows. The kernel adds up
//   to 256 per-sample terms in f32 per block (Higham's γ_256 on Σ|terms|) and adds the
//   blocks (≤ 3 more roundings); each per-sample term of these 2–3 layer nets carries at
//   most a few tens of u from its forward and backward passes. The weights are untrained
//   and the labels random, so |p − y| is O(1) and no term is lost to cancellation. The
//   central difference in f64 errs by h²/6·Σ|L_s'''| (|L_s'''| ≲ 6 with |x|, |w| ≤ 1)
//   and by 2^-53·L/h of rounding, below 1e-9 per sample.
// - loss: 2·u·Σ_s bound_s, where bound_s is the first-order f32 error bound the
//   reference tracks through the pass (see referenceForward); 2 covers second order.
// - epoch: p − (lr/rows)·g is the f32 product and difference plus the f32 rounding of
//   lr/rows: 3·u·(|p| + |scale·g|).

const H: f64 = 1e-4;
const LEARNING_RATE: f32 = 0.75;

class Problem {
  sizes: StaticArray<i32>;
  rows: i32;
  params: StaticArray<f32>;
  x: StaticArray<f32>;
  y: StaticArray<f32>;
  constructor(sizes: StaticArray<i32>, rows: i32, seed: u64) {
    reseed(seed);
    this.sizes = sizes;
    this.rows = rows;
    this.params = randomF32(parameterCount(sizes), -1, 1);
    this.x = randomF32(sizes[0] * rows, -1, 1);
    this.y = randomLabels(sizes[sizes.length - 1] * rows);
  }

  get name(): string {
    let s = "[";
    for (let l = 0; l < this.sizes.length; l++) s += (l ? ", " : "") + this.sizes[l].toString();
    return s + "], " + this.rows.toString() + " rows";
  }

  paramsF64(): StaticArray<f64> {
    const out = new StaticArray<f64>(this.params.length);
    for (let i = 0; i < this.params.length; i++) out[i] = <f64>this.params[i];
    return out;
  }
}

/** What the kernels produced on the planned buffers. */
class Run {
  ready: bool = false;
  loss: f64 = NaN;
  grads: StaticArray<f32> = [];
  epochLoss: f64 = NaN;
  after: StaticArray<f32> = [];
}

/** Declares the network, loads params, X and y into the planned buffers, runs
 *  batchGradient, then one gradientDescentEpoch from the same params. */
function runOnLayout(p: Problem): Run {
  const layers = p.sizes.length - 1;
  const count = p.params.length;
  const rows = p.rows;
  const xBytes = <usize>p.x.length << 2, yBytes = <usize>p.y.length << 2;
  const sizesAt = stage(changetype<usize>(p.sizes), <usize>(layers + 1) << 2);
  const paramsAt = stage(addr(p.params), <usize>count << 2);
  const xAt = stage(addr(p.x), xBytes), yAt = stage(addr(p.y), yBytes);
  const gradsAt = exchange(<usize>count << 2), afterAt = exchange(<usize>count << 2);

  borrowHeapRegion();
  memory.copy(layout.sizesPtr, sizesAt, <usize>(layers + 1) << 2);
  const ready = layout.declareNetwork(layers) && layout.paramCount == count &&
    layout.planTraining(rows) && layout.trainTargetPtr + yBytes <= regionEnd();
  let loss: f64 = NaN, epochLoss: f64 = NaN;
  if (ready) {
    memory.copy(layout.paramsPtr, paramsAt, <usize>count << 2);
    memory.copy(layout.trainInputPtr, xAt, xBytes);
    memory.copy(layout.trainTargetPtr, yAt, yBytes);
    loss = batchGradient(layout.trainInputPtr, layout.trainTargetPtr, rows);
    memory.copy(gradsAt, layout.gradsPtr, <usize>count << 2);
    epochLoss = gradientDescentEpoch(layout.trainInputPtr, layout.trainTargetPtr, rows, LEARNING_RATE);
    memory.copy(afterAt, layout.paramsPtr, <usize>count << 2);
  }
  returnHeapRegion();

  const run = new Run();
  run.ready = ready;
  run.loss = loss;
  run.epochLoss = epochLoss;
  run.grads = unstageF32(gradsAt, count);
  run.after = unstageF32(afterAt, count);
  return run;
}

function gradientFloor(rows: i32): f64 {
  return (H * H + 1e-9) * <f64>rows;
}

function checkBatchGradient(p: Problem): void {
  const run = runOnLayout(p);
  expect(run.ready).toBe(true, p.name + ": network and data placed");
  const params = p.paramsF64();
  const numeric = finiteDifferenceGradient(p.sizes, params, p.x, p.y, p.rows, H);
  const k = <f64>(layout.BLOCK_COLS + 64);
  expect(worstRatio(run.grads, numeric, k, gradientFloor(p.rows))).toBeLessThanOrEqual(1.0, p.name + ": gradient");
  const forward = referenceForward(p.sizes, params, p.x, p.y, p.rows);
  const want = totalLoss(forward);
  const bound = 2 * U * totalErrorBound(forward);
  expect(ratio(run.loss, want, bound)).toBeLessThanOrEqual(1.0, p.name + ": summed loss");
}

function checkEpoch(p: Problem): void {
  const run = runOnLayout(p);
  expect(run.ready).toBe(true, p.name + ": network and data placed");
  const scale = <f64>LEARNING_RATE / <f64>p.rows;
  // Against the kernel's own batch gradient: the step is p − (lr/rows)·g.
  const fromKernel = new Ref(p.params.length);
  // Against the f64 numerical gradient: add the gradient tolerance, scaled by lr/rows.
  const numeric = finiteDifferenceGradient(p.sizes, p.paramsF64(), p.x, p.y, p.rows, H);
  const fromNumeric = new Ref(p.params.length);
  const k = <f64>(layout.BLOCK_COLS + 64);
  for (let i = 0; i < p.params.length; i++) {
    const p0 = <f64>p.params[i];
    const step = scale * <f64>run.grads[i];
    fromKernel.value[i] = p0 - step;
    fromKernel.mag[i] = Math.abs(p0) + Math.abs(step);
    const numericStep = scale * numeric.value[i];
    fromNumeric.value[i] = p0 - numericStep;
    const gradientTolerance = k * U * numeric.mag[i] + gradientFloor(p.rows);
    fromNumeric.mag[i] = Math.abs(p0) + Math.abs(numericStep) + scale * gradientTolerance / (3 * U);
  }
  expect(worstRatio(run.after, fromKernel, 3)).toBeLessThanOrEqual(1.0, p.name + ": step from the batch gradient");
  expect(worstRatio(run.after, fromNumeric, 3)).toBeLessThanOrEqual(1.0, p.name + ": step from the numerical gradient");
  expect(run.epochLoss).toBe(run.loss / <f64>p.rows, p.name + ": mean loss before the step");
  const forward = referenceForward(p.sizes, p.paramsF64(), p.x, p.y, p.rows);
  const rows = <f64>p.rows;
  const bound = 2 * U * totalErrorBound(forward) / rows;
  expect(ratio(run.epochLoss, totalLoss(forward) / rows, bound)).toBeLessThanOrEqual(1.0, p.name + ": mean loss vs reference");
}

describe("batchGradient", () => {
  it("[3, 5, 1] on 9 rows (one partial block)", () => {
    checkBatchGradient(new Problem([3, 5, 1], 9, 51));
  });
  it("[3, 5, 1] on 300 rows (blocks of 256 and 44)", () => {
    checkBatchGradient(new Problem([3, 5, 1], 300, 52));
  });
  it("[3, 4, 2, 1] on 256 rows (exactly one block)", () => {
    checkBatchGradient(new Problem([3, 4, 2, 1], 256, 53));
  });
  it("[3, 4, 2, 1] on 300 rows (blocks of 256 and 44)", () => {
    checkBatchGradient(new Problem([3, 4, 2, 1], 300, 54));
  });
  it("[2, 7, 3, 1] on 513 rows (three blocks, the last of one sample)", () => {
    checkBatchGradient(new Problem([2, 7, 3, 1], 513, 55));
  });
});

describe("gradientDescentEpoch", () => {
  it("[3, 5, 1] on 300 rows: params − lr/rows·gradient, returning the mean loss", () => {
    checkEpoch(new Problem([3, 5, 1], 300, 61));
  });
  it("[3, 4, 2, 1] on 9 rows", () => {
    checkEpoch(new Problem([3, 4, 2, 1], 9, 62));
  });
});
