import * as layout from "../layout";
import { accumulateInto, accumulateSlice, sliceRows, evaluate } from "../network";
import { SIGMOID, TANH, RELU, IDENTITY } from "../kernels/activations";
import { randomOrder } from "./random";
import { Ref } from "./reference";
import { Data, referenceForward, finiteDifferenceGradient } from "./reference-network";
import { Problem, identity, sameBits } from "./problem";
import { U, ratio, worstRatio } from "./check";
import { declare, fits, put, putI32, putTraining, take } from "./region";

// Batch gradient and loss against the f64 reference model (same f32 weights and data),
// the gradient against its central differences.
//
// Tolerances (u = 2^-24):
// - gradient: (BLOCK_COLS + 64)·u·Σ_s|w_s·∂L_s/∂θ| + (h² + 1e-9)·Σ_s w_s. The kernel
//   adds up to 256 per-sample terms in f32 per block (Higham's γ_256 on Σ|terms|) and
//   adds the blocks (≤ 3 more roundings); each per-sample term of these 2–3 layer nets
//   carries at most a few tens of u from its forward and backward passes (activations
//   ≤ 3 ulp, losses ≤ 8u, see their specs). The weights are untrained and the labels
//   random, so |p − y| is O(1) and no term is lost to cancellation. The central
//   difference in f64 errs by h²/6·Σ w_s|L_s'''| (|L_s'''| ≲ 6 with |x|, |w| ≤ 1) and by
//   2^-53·L/h of rounding, below 1e-9 per unit of weight.
// - relu's kink: a central difference straddling a pre-activation at 0 is meaningless,
//   so relu problems keep every hidden pre-activation 1e-2 away from 0 (see problem.ts);
//   a step of h = 1e-4 in one parameter moves a pre-activation by at most h·max|a| < 1e-3.
// - loss: 2·u·Σ_s w_s·(bound_s + loss_s), where bound_s is the first-order f32 error
//   bound the reference tracks through the pass (see referenceForward); 2 covers second
//   order, loss_s the weight's product.
// - the batch weight is Σ w_s added in f64 in row order, as the reference adds it: exact.

const H: f64 = 1e-4;
const GRADIENT_K: f64 = <f64>(layout.BLOCK_COLS + 64);

/** What accumulateInto left: its loss and weight sums and the gradient sums. */
class Run {
  ready: bool = false;
  loss: f64 = NaN;
  weight: f64 = NaN;
  grads: StaticArray<f32> = [];
}

/** Declares the network, loads params and data into the planned buffers (`order` into
 *  the row order), and runs accumulateInto over [start, start + count) from zero grads. */
function runOnLayout(p: Problem, d: Data, order: StaticArray<i32>, shuffled: bool, start: i32, count: i32): Run {
  const run = new Run();
  run.ready = declare(p.sizes, p.kind, p.output) && layout.paramCount == p.params.length &&
    layout.planTraining(d.rows, 0) && fits(0);
  if (!run.ready) return run;
  put(layout.paramsPtr, p.params);
  putTraining(d, shuffled);
  putI32(layout.trainOrderPtr, order);
  memory.fill(layout.gradsPtr, 0, <usize>layout.paramCount << 2);
  const sums = new StaticArray<f64>(2);
  accumulateInto(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, d.rows,
    layout.trainOrderPtr, shuffled, start, count, layout.gradsPtr, changetype<usize>(sums));
  run.loss = sums[0];
  run.weight = sums[1];
  run.grads = take(layout.gradsPtr, layout.paramCount);
  return run;
}

function gradientFloor(d: Data): f64 {
  return (H * H + 1e-9) * d.weightSum();
}

/** The run's gradient, loss and weight against the reference on `d` (the batch's rows). */
function checkAgainstReference(p: Problem, run: Run, d: Data, name: string): void {
  expect(run.ready).toBe(true, name + ": network and data placed");
  const params = p.paramsF64();
  const numeric = finiteDifferenceGradient(p.sizes, p.kind, params, d, H);
  expect(worstRatio(run.grads, numeric, GRADIENT_K, gradientFloor(d))).toBeLessThanOrEqual(1.0, name + ": gradient");
  const forward = referenceForward(p.sizes, p.kind, params, d);
  const bound = 2 * U * forward.weightedErrorBound(d) + 1e-300;
  expect(ratio(run.loss, forward.weightedLoss(d), bound)).toBeLessThanOrEqual(1.0, name + ": weighted loss sum");
  expect(run.weight).toBe(d.weightSum(), name + ": batch weight");
}

/** The whole set as one batch, read in place. */
function checkBatch(p: Problem): void {
  const d = p.data;
  checkAgainstReference(p, runOnLayout(p, d, identity(d.rows), false, 0, d.rows), d, p.name);
}

/** [3, 5, outputs] on 300 rows (blocks of 256 and 44), unit then random sample weights. */
function checkCase(kind: i32, outputs: i32, seed: u64): void {
  checkBatch(new Problem([3, 5, outputs], kind, 300, seed, false));
  checkBatch(new Problem([3, 5, outputs], kind, 300, seed + 100, true));
}

describe("accumulateInto: gradient against central differences, every activation and loss", () => {
  it("sigmoid, 1 output (binary), unit and random sample weights", () => { checkCase(SIGMOID, 1, 51); });
  it("sigmoid, 3 outputs (softmax), unit and random sample weights", () => { checkCase(SIGMOID, 3, 52); });
  it("tanh, 1 output (binary), unit and random sample weights", () => { checkCase(TANH, 1, 53); });
  it("tanh, 3 outputs (softmax), unit and random sample weights", () => { checkCase(TANH, 3, 54); });
  it("relu, 1 output (binary), unit and random sample weights", () => { checkCase(RELU, 1, 55); });
  it("relu, 3 outputs (softmax), unit and random sample weights", () => { checkCase(RELU, 3, 56); });
});

/** A regressor [3, 5, targets] on 300 rows, unit then random sample weights. */
function checkRegression(kind: i32, targets: i32, seed: u64): void {
  checkBatch(new Problem([3, 5, targets], kind, 300, seed, false, true));
  checkBatch(new Problem([3, 5, targets], kind, 300, seed + 100, true, true));
}

describe("accumulateInto: identity hidden layers, and regression (identity outputs, squared error)", () => {
  it("identity hidden layer, 1 output (binary) and 3 (softmax)", () => {
    checkCase(IDENTITY, 1, 57);
    checkCase(IDENTITY, 3, 58);
  });
  it("regression, one target: sigmoid, tanh, relu and identity hidden layers", () => {
    checkRegression(SIGMOID, 1, 91);
    checkRegression(TANH, 1, 92);
    checkRegression(RELU, 1, 93);
    checkRegression(IDENTITY, 1, 94);
  });
  it("regression, three targets", () => {
    checkRegression(TANH, 3, 95);
    checkRegression(RELU, 3, 96);
  });
  it("regression [2, 6, 4, 2] on 513 rows: three blocks, the last of one sample", () => {
    checkBatch(new Problem([2, 6, 4, 2], SIGMOID, 513, 97, true, true));
  });
  it("regression, shuffled: gathers each target row of exactly the rows order[start ..]", () => {
    const p = new Problem([3, 5, 2], TANH, 450, 98, true, true);
    const order = randomOrder(450);
    const shuffled = runOnLayout(p, p.data, order, true, 50, 300);
    const permuted = p.data.pick(order, 0, 450);
    const inPlace = runOnLayout(p, permuted, identity(450), false, 50, 300);
    expect(sameBits(shuffled.grads, inPlace.grads)).toBe(true, "gradient");
    expect(shuffled.loss).toBe(inPlace.loss, "loss");
    checkAgainstReference(p, shuffled, p.data.pick(order, 50, 300), p.name + ", order[50 .. 350)");
  });
});

describe("accumulateInto: deeper nets and block boundaries", () => {
  it("sigmoid [2, 6, 4, 1] on 513 rows: three blocks, the last of one sample", () => {
    checkBatch(new Problem([2, 6, 4, 1], SIGMOID, 513, 61, true));
  });
  it("tanh [2, 6, 4, 3] on 257 rows, random weights", () => {
    checkBatch(new Problem([2, 6, 4, 3], TANH, 257, 62, true));
  });
  it("relu [3, 4, 2, 4] on 256 rows (exactly one block), random weights", () => {
    checkBatch(new Problem([3, 4, 2, 4], RELU, 256, 63, true));
  });
  it("sigmoid [3, 4, 2, 4] on 9 rows (one partial block)", () => {
    checkBatch(new Problem([3, 4, 2, 4], SIGMOID, 9, 64, false));
  });
  it("a mini-batch in the middle, rows [100, 400) of 450, read in place", () => {
    const p = new Problem([3, 5, 3], TANH, 450, 65, true);
    const run = runOnLayout(p, p.data, identity(450), false, 100, 300);
    checkAgainstReference(p, run, p.data.slice(100, 300), p.name + ", rows [100, 400)");
  });
});

describe("accumulateInto: shuffled batches through the row order", () => {
  it("with the identity order, gives bit for bit what the in-place path gives", () => {
    const p = new Problem([3, 5, 3], SIGMOID, 300, 71, true);
    const order = identity(300);
    const inPlace = runOnLayout(p, p.data, order, false, 0, 300);
    const shuffled = runOnLayout(p, p.data, order, true, 0, 300);
    expect(shuffled.ready && inPlace.ready).toBe(true);
    // The gathered block holds the same values in the same order, so every sum is the same.
    expect(sameBits(shuffled.grads, inPlace.grads)).toBe(true, "gradient");
    expect(shuffled.loss).toBe(inPlace.loss, "loss");
    expect(shuffled.weight).toBe(inPlace.weight, "weight");
  });

  it("with a permutation of all rows, sums the same samples: the same gradient within tolerance", () => {
    const p = new Problem([3, 5, 1], TANH, 300, 72, true);
    const order = randomOrder(300);
    const inPlace = runOnLayout(p, p.data, identity(300), false, 0, 300);
    const shuffled = runOnLayout(p, p.data, order, true, 0, 300);
    checkAgainstReference(p, shuffled, p.data, p.name + ", permuted");
    // Both are within the gradient tolerance of the same numeric gradient; here they are
    // compared directly, each sum in its own order: twice the f32 summation bound.
    const numeric = finiteDifferenceGradient(p.sizes, p.kind, p.paramsF64(), p.data, H);
    const fromInPlace = new Ref(numeric.value.length);
    for (let i = 0; i < numeric.value.length; i++) {
      fromInPlace.value[i] = <f64>inPlace.grads[i];
      fromInPlace.mag[i] = 2 * numeric.mag[i];
    }
    expect(worstRatio(shuffled.grads, fromInPlace, GRADIENT_K, 1e-30)).toBeLessThanOrEqual(1.0, "against the in-place sum");
    let moved = false;
    for (let i = 0; i < order.length; i++) moved = moved || order[i] != i;
    expect(moved).toBe(true, "the order is not the identity");
  });

  it("gathers exactly the rows order[start ..]: same bits as the in-place path on permuted data", () => {
    // 3 inputs (fewer than a vector), 13 (three vectors and one more) and 20 (five).
    const SIZES: StaticArray<StaticArray<i32>> = [[3, 5, 3], [13, 6, 3], [20, 8, 4]];
    for (let i = 0; i < SIZES.length; i++) {
      const p = new Problem(SIZES[i], RELU, 450, 73 + <u64>i, true);
      const order = randomOrder(450);
      const shuffled = runOnLayout(p, p.data, order, true, 50, 301);
      const permuted = p.data.pick(order, 0, 450);
      const inPlace = runOnLayout(p, permuted, identity(450), false, 50, 301);
      expect(sameBits(shuffled.grads, inPlace.grads)).toBe(true, p.name + ": gradient");
      expect(shuffled.loss).toBe(inPlace.loss, p.name + ": loss");
      expect(shuffled.weight).toBe(inPlace.weight, p.name + ": weight");
      // The same bits as the in-place path, which the tests above hold to the reference.
      if (i == 0) checkAgainstReference(p, shuffled, p.data.pick(order, 50, 301), p.name + ", order[50 .. 351)");
    }
  });
});

// evaluate: the mean unweighted loss against the reference, tolerance as above over
// rows; the count of right answers exact except for samples whose decision the f32 pass
// may flip: a binary logit, or the gap between the two largest logits, within 1e-4 of 0
// (the logits' f32 error here is below 1e-5).
function checkEvaluate(sizes: StaticArray<i32>, kind: i32, rows: i32, seed: u64): void {
  const p = new Problem(sizes, kind, rows, seed, true);
  const d = p.data;
  const ready = declare(p.sizes, p.kind, p.output) && layout.planTraining(rows, rows) && fits(rows);
  expect(ready).toBe(true, p.name + ": placed");
  put(layout.paramsPtr, p.params);
  putTraining(d, true);
  putI32(layout.trainOrderPtr, randomOrder(rows));
  // A shuffled batch first leaves random sample weights in the block buffer; evaluate
  // must not weigh the validation samples with them.
  memory.fill(layout.gradsPtr, 0, <usize>layout.paramCount << 2);
  accumulateInto(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, rows, layout.trainOrderPtr, true, 0, rows, layout.gradsPtr, layout.sliceSumPtr(0));
  put(layout.validationInputPtr, d.x);
  put(layout.validationTargetPtr, d.y);
  const loss = evaluate(layout.validationInputPtr, layout.validationTargetPtr, rows);
  const correct = load<i32>(layout.resultsPtr + layout.RESULT_CORRECT);

  const forward = referenceForward(p.sizes, p.kind, p.paramsF64(), d);
  const mean = forward.totalLoss() / <f64>rows;
  let bound: f64 = 0;
  for (let s = 0; s < rows; s++) bound += forward.errorBound[s] + forward.loss[s];
  bound = 2 * U * bound / <f64>rows;
  expect(ratio(loss, mean, bound)).toBeLessThanOrEqual(1.0, p.name + ": mean unweighted loss");
  let want = 0, unsure = 0;
  for (let s = 0; s < rows; s++) {
    if (forward.margin[s] < 1e-4) unsure++;
    else if (forward.predicted[s] == <i32>d.y[s]) want++;
  }
  expect(unsure).toBeLessThanOrEqual(2, p.name + ": few samples on the decision boundary");
  expect(correct >= want && correct <= want + unsure).toBe(true,
    p.name + ": correct " + correct.toString() + ", reference " + want.toString());
  expect(want > rows / 5 && want < rows).toBe(true, p.name + ": a count that tells right from wrong");
}

// A regressor's validation loss: the mean unweighted ½ squared error, as above; it
// counts no right answers.
function checkEvaluateRegression(sizes: StaticArray<i32>, kind: i32, rows: i32, seed: u64): void {
  const p = new Problem(sizes, kind, rows, seed, true, true);
  const d = p.data;
  expect(declare(p.sizes, p.kind, p.output) && layout.planTraining(1, rows) && fits(rows)).toBe(true, p.name + ": placed");
  put(layout.paramsPtr, p.params);
  put(layout.validationInputPtr, d.x);
  put(layout.validationTargetPtr, d.y);
  const loss = evaluate(layout.validationInputPtr, layout.validationTargetPtr, rows);
  const forward = referenceForward(p.sizes, p.kind, p.paramsF64(), d);
  let bound: f64 = 0;
  for (let s = 0; s < rows; s++) bound += forward.errorBound[s] + forward.loss[s];
  expect(ratio(loss, forward.totalLoss() / <f64>rows, 2 * U * bound / <f64>rows)).toBeLessThanOrEqual(1.0, p.name + ": mean loss");
  expect(load<i32>(layout.resultsPtr + layout.RESULT_CORRECT)).toBe(0, p.name + ": no right answers counted");
}

describe("evaluate", () => {
  it("regression [3, 5, 2] on 300 rows and [2, 6, 4, 1] on 513: the mean unweighted loss", () => {
    checkEvaluateRegression([3, 5, 2], TANH, 300, 85);
    checkEvaluateRegression([2, 6, 4, 1], RELU, 513, 86);
  });
  it("sigmoid [3, 5, 1] on 300 rows: mean unweighted loss and the right-answer count", () => {
    checkEvaluate([3, 5, 1], SIGMOID, 300, 81);
  });
  it("tanh [3, 5, 3] on 300 rows", () => {
    checkEvaluate([3, 5, 3], TANH, 300, 82);
  });
  it("relu [2, 6, 4, 4] on 513 rows", () => {
    checkEvaluate([2, 6, 4, 4], RELU, 513, 83);
  });
  it("breaks ties toward class 0: all-zero params give P = 1/2 or 1/K everywhere", () => {
    const sizes: StaticArray<StaticArray<i32>> = [[3, 5, 1], [3, 5, 4]];
    for (let c = 0; c < sizes.length; c++) {
      const p = new Problem(sizes[c], TANH, 300, 84, false);
      const classes = sizes[c][2];
      expect(declare(p.sizes, p.kind, p.output) && layout.planTraining(1, 300) && fits(300)).toBe(true, "placed");
      memory.fill(layout.paramsPtr, 0, <usize>layout.paramCount << 2);
      put(layout.validationInputPtr, p.data.x);
      put(layout.validationTargetPtr, p.data.y);
      const loss = evaluate(layout.validationInputPtr, layout.validationTargetPtr, 300);
      let zeros = 0;
      for (let s = 0; s < 300; s++) if (p.data.y[s] == 0) zeros++;
      const name = classes.toString() + " output(s)";
      expect(load<i32>(layout.resultsPtr + layout.RESULT_CORRECT)).toBe(zeros, name + ": every sample predicted class 0");
      // log2 K bits each (1 bit for the binary output), the f32 logsumexp within 4u.
      const bits = classes == 1 ? 1 : Math.log2(<f64>classes);
      expect(ratio(loss, bits, 4 * U * bits)).toBeLessThanOrEqual(1.0, name + ": log2 K bits");
    }
  });

  it("returns 0 with no rows", () => {
    declare([3, 5, 3], SIGMOID);
    layout.planTraining(1, 0);
    expect(evaluate(layout.validationInputPtr, layout.validationTargetPtr, 0)).toBe(0);
    expect(load<i32>(layout.resultsPtr + layout.RESULT_CORRECT)).toBe(0);
  });
});

describe("batch slices", () => {
  it("cut any batch into at most MAX_SLICES whole SLICE_UNITs that cover it", () => {
    const counts: StaticArray<i32> = [1, 63, 64, 65, 200, 256, 1000, 1024, 1025, 8000, 160000];
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i];
      const per = sliceRows(count);
      const slices = (count + per - 1) / per;
      const name = "count " + count.toString();
      expect(per % layout.SLICE_UNIT).toBe(0, name + ": whole units");
      expect(slices >= 1 && slices <= layout.MAX_SLICES).toBe(true, name + ": 1 to MAX_SLICES slices");
      expect(per <= layout.SLICE_UNIT || (per - layout.SLICE_UNIT) * layout.MAX_SLICES < count).toBe(true, name + ": the fewest units");
    }
  });

  it("each slice's gradient, loss and weight are those of its rows alone, bit for bit", () => {
    const p = new Problem([3, 6, 3], TANH, 700, 61, true);
    const d = p.data;
    expect(declare(p.sizes, p.kind, p.output) && layout.planTraining(d.rows, 0) && fits(0)).toBe(true, "placed");
    put(layout.paramsPtr, p.params);
    putTraining(d, true);
    putI32(layout.trainOrderPtr, randomOrder(d.rows));
    const start = 37, count = 600;
    const per = sliceRows(count);
    const slices = (count + per - 1) / per;
    expect(slices > 1).toBe(true, "several slices");
    for (let s = 0; s < slices; s++) {
      // Slice s is filled from garbage; the plain sum of its rows from zero is the reference.
      memory.fill(layout.sliceGradPtr(s), 0x7f, <usize>layout.paramCount << 2);
      accumulateSlice(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, d.rows, layout.trainOrderPtr, true, start, count, s);
      memory.fill(layout.gradsPtr, 0, <usize>layout.paramCount << 2);
      const from = start + s * per;
      const sums = new StaticArray<f64>(2);
      accumulateInto(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, d.rows,
        layout.trainOrderPtr, true, from, min(per, start + count - from), layout.gradsPtr, changetype<usize>(sums));
      const name = "slice " + s.toString();
      expect(sameBits(take(layout.sliceGradPtr(s), layout.paramCount), take(layout.gradsPtr, layout.paramCount))).toBe(true, name + ": gradient");
      expect(load<f64>(layout.sliceSumPtr(s))).toBe(sums[0], name + ": loss");
      expect(load<f64>(layout.sliceSumPtr(s), 8)).toBe(sums[1], name + ": weight");
    }
  });
});
