import * as layout from "../layout";
import { accumulateInto } from "../network";
import { GD, SGD, ADAM, configure, resetOptimizer, trainEpoch } from "../training";
import { SIGMOID, TANH, RELU } from "../kernels/activations";
import { randomOrder } from "./random";
import { weightMask } from "./reference-network";
import { Settings, ReferenceTrainer } from "./reference-training";
import { U, ratio } from "./check";
import { declare, fits, put, putI32, putTraining, take } from "./region";
import { Problem, identity, sameBits } from "./problem";

// trainEpoch against reference-training.ts, which steps an f64 copy of the network batch
// by batch with sklearn's formulas and carries, per parameter, a first-order bound on
// the f32 kernels' distance from it (see its header). Every check is |kernel − reference|
// ≤ that bound. The bounds come to 1e-6 to 1e-4; a missing or extra update, a dropped
// penalty or a wrong optimizer formula moves parameters by 1e-3 or more.

const LR: f32 = 0.1;

/** Declares the problem's network, loads its params, data (for shuffled epochs, or for
 *  epochs in stored order) and `order`, configures the optimizer and zeroes its state. */
function setUp(p: Problem, s: Settings, order: StaticArray<i32>, shuffled: bool = false): bool {
  const d = p.data;
  if (!(declare(p.sizes, p.kind, p.output) && layout.planTraining(d.rows, 0) && fits(0))) return false;
  put(layout.paramsPtr, p.params);
  putTraining(d, shuffled);
  putI32(layout.trainOrderPtr, order);
  configure(s.kind, s.learningRate, s.momentum, s.nesterov, s.beta1, s.beta2, s.epsilon, s.l2);
  resetOptimizer();
  return true;
}

function epoch(rows: i32, batchSize: i32, shuffled: bool): f64 {
  return trainEpoch(rows, batchSize, shuffled);
}

function params(): StaticArray<f32> {
  return take(layout.paramsPtr, layout.paramCount);
}

/** Largest |kernel − reference| / bound over the parameters: ≤ 1 passes. */
function worstParam(got: StaticArray<f32>, ref: ReferenceTrainer): f64 {
  let worst: f64 = 0;
  for (let i = 0; i < got.length; i++) worst = max(worst, ratio(got[i], ref.params[i], ref.paramError[i] + 1e-30));
  return worst;
}

function gd(l2: f32): Settings {
  return new Settings(GD, LR, 0, false, 0.9, 0.999, 1e-8, l2);
}

// params − (lr/Σw)·(gsum + l2·W): against the kernels' own gradient sum (accumulateInto)
// the step is six f32 roundings (l2·W and its sum, Σw and lr/Σw to f32, the product and
// the difference), within 6u·(|p| + (lr/Σw)·(|gsum| + |l2·W|)).
function checkOneStep(p: Problem, l2: f32): void {
  const rows = p.data.rows;
  const name = p.name + ", l2 = " + l2.toString();
  expect(setUp(p, gd(l2), identity(rows))).toBe(true, name + ": placed");
  memory.fill(layout.gradsPtr, 0, <usize>layout.paramCount << 2);
  const sums = new StaticArray<f64>(2);
  accumulateInto(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, rows,
    layout.trainOrderPtr, false, 0, rows, layout.gradsPtr, changetype<usize>(sums));
  const batchLoss = sums[0];
  const w = sums[1];
  const gsum = take(layout.gradsPtr, layout.paramCount);
  let norm: f64 = 0;
  const mask = weightMask(p.sizes);
  for (let i = 0; i < p.params.length; i++) if (mask[i]) norm += <f64>p.params[i] * <f64>p.params[i];
  const loss = epoch(rows, rows, false);
  const after = params();

  let worstKernel: f64 = 0;
  const scale = <f64>LR / w;
  for (let i = 0; i < after.length; i++) {
    const penalty = mask[i] ? <f64>l2 * <f64>p.params[i] : 0;
    const g = <f64>gsum[i] + penalty;
    const want = <f64>p.params[i] - scale * g;
    const bound = 6 * U * (Math.abs(<f64>p.params[i]) + scale * (Math.abs(<f64>gsum[i]) + Math.abs(penalty)));
    worstKernel = max(worstKernel, ratio(after[i], want, bound + 1e-30));
  }
  expect(worstKernel).toBeLessThanOrEqual(1.0, name + ": params − (lr/Σw)·(gsum + l2·W) from the kernel's gsum");
  // The loss is reported before the step: (weighted loss sum + (l2/2)·ΣW²)/Σw.
  const wantLoss = (batchLoss + 0.5 * <f64>l2 * norm) / w;
  expect(ratio(loss, wantLoss, 1e-14 * wantLoss)).toBeLessThanOrEqual(1.0, name + ": loss from the kernel's sums");

  const ref = new ReferenceTrainer(p.sizes, p.kind, gd(l2), p.params);
  const refLoss = ref.epoch(p.data, rows);
  expect(ref.updates).toBe(1);
  expect(worstParam(after, ref)).toBeLessThanOrEqual(1.0, name + ": params against the f64 reference");
  expect(ratio(loss, refLoss, ref.lossError)).toBeLessThanOrEqual(1.0, name + ": loss against the f64 reference");
}

describe("trainEpoch with gradient descent, one batch", () => {
  it("l2 = 0, unit weights: sigmoid [3, 5, 1] on 300 rows", () => {
    checkOneStep(new Problem([3, 5, 1], SIGMOID, 300, 91, false), 0);
  });
  it("l2 = 0.5, random weights: sigmoid [3, 5, 1] on 300 rows", () => {
    checkOneStep(new Problem([3, 5, 1], SIGMOID, 300, 92, true), 0.5);
  });
  it("l2 = 0.5, random weights: tanh [3, 4, 3] on 300 rows", () => {
    checkOneStep(new Problem([3, 4, 3], TANH, 300, 93, true), 0.5);
  });

  it("penalises weights only: with l2 the biases step exactly as without", () => {
    const p = new Problem([3, 4, 3], RELU, 300, 94, true);
    setUp(p, gd(0), identity(300));
    epoch(300, 300, false);
    const plain = params();
    setUp(p, gd(0.5), identity(300));
    epoch(300, 300, false);
    const penalised = params();
    const mask = weightMask(p.sizes);
    let biasesSame = true, weightsMoved = true;
    for (let i = 0; i < plain.length; i++) {
      if (mask[i]) weightsMoved = weightsMoved && plain[i] != penalised[i];
      else biasesSame = biasesSame && plain[i] == penalised[i];
    }
    expect(biasesSame).toBe(true, "biases");
    expect(weightsMoved).toBe(true, "weights");
  });
});

// ceil(rows/batchSize) updates, each on its own batch: the reference steps batch by
// batch; a reference taking one step fewer (the last batch dropped) must not match.
function checkBatches(rows: i32, batchSize: i32, updates: i32, l2: f32, weighted: bool): void {
  const p = new Problem([3, 4, 3], SIGMOID, rows, 100 + <u64>batchSize, weighted);
  const name = rows.toString() + " rows in batches of " + batchSize.toString();
  expect(setUp(p, gd(l2), identity(rows))).toBe(true, name + ": placed");
  const loss = epoch(rows, batchSize, false);
  const after = params();
  const ref = new ReferenceTrainer(p.sizes, p.kind, gd(l2), p.params);
  const refLoss = ref.epoch(p.data, batchSize);
  expect(ref.updates).toBe(updates, name + ": reference updates");
  expect(worstParam(after, ref)).toBeLessThanOrEqual(1.0, name + ": params");
  expect(ratio(loss, refLoss, ref.lossError)).toBeLessThanOrEqual(1.0, name + ": loss");
  if (updates > 1) {
    const fewer = new ReferenceTrainer(p.sizes, p.kind, gd(l2), p.params);
    const last = (updates - 1) * batchSize;
    fewer.epoch(p.data.slice(0, last), batchSize);
    expect(worstParam(after, fewer) > 100).toBe(true, name + ": one update fewer is told apart");
  }
}

describe("trainEpoch with mini-batches", () => {
  it("300 rows in batches of 128: 3 updates (128, 128, 44)", () => { checkBatches(300, 128, 3, 0, true); });
  it("300 rows in batches of 100: 3 updates, with l2 = 0.5 on each", () => { checkBatches(300, 100, 3, 0.5, true); });
  it("300 rows in batches of 1000: 1 update", () => { checkBatches(300, 1000, 1, 0, true); });
  it("8 rows in batches of 1, unit weights: 8 updates", () => { checkBatches(8, 1, 8, 0, false); });

  it("skips the step of a batch whose weights are all 0", () => {
    const p = new Problem([3, 4, 1], TANH, 300, 111, true);
    for (let s = 100; s < 200; s++) p.data.w[s] = 0;
    setUp(p, gd(0), identity(300));
    const loss = epoch(300, 100, false);
    const after = params();
    const ref = new ReferenceTrainer(p.sizes, p.kind, gd(0), p.params);
    const refLoss = ref.epoch(p.data, 100);
    expect(ref.updates).toBe(2);
    expect(worstParam(after, ref)).toBeLessThanOrEqual(1.0, "params");
    expect(ratio(loss, refLoss, ref.lossError)).toBeLessThanOrEqual(1.0, "loss");
    let finite = true;
    for (let i = 0; i < after.length; i++) finite = finite && isFinite(after[i]);
    expect(finite).toBe(true, "no division by a zero weight");
  });

  it("shuffled through the identity order gives the in-place result bit for bit", () => {
    const p = new Problem([3, 4, 3], RELU, 300, 112, true);
    setUp(p, gd(0.5), identity(300));
    const inPlace = epoch(300, 128, false);
    const a = params();
    setUp(p, gd(0.5), identity(300), true);
    const shuffled = epoch(300, 128, true);
    expect(sameBits(a, params())).toBe(true, "params");
    expect(shuffled).toBe(inPlace, "loss");
  });
});

// Two epochs, each visiting the rows in a new order. Checked two ways:
// - against the reference batch by batch: the same batches, uploaded one at a time and
//   trained as one-batch epochs (the optimizer's state carries over), each step compared
//   with the reference's step from the kernels' own state. Adam normalises each step by
//   √v, so a gradient error on a parameter whose gradient is small moves it by a
//   noticeable part of a step; compounding such bounds over six steps says nothing,
//   one step's bound is tight (see reference-training.ts).
// - the two real shuffled epochs end bit for bit where the one-batch epochs ended (the
//   same arithmetic on the same values), and report the same loss: Σ over batches of
//   each one-batch epoch's loss times its weight, over Σw (1e-12 relative for the f64
//   products and sums).
function checkTwoEpochs(p: Problem, s: Settings, batchSize: i32, name: string): void {
  const rows = p.data.rows;
  const orders: StaticArray<i32>[] = [randomOrder(rows), randomOrder(rows)];
  expect(setUp(p, s, orders[0], true)).toBe(true, name + ": placed");
  const shuffledLoss = new StaticArray<f64>(2);
  shuffledLoss[0] = epoch(rows, batchSize, true);
  putI32(layout.trainOrderPtr, orders[1]);
  shuffledLoss[1] = epoch(rows, batchSize, true);
  const shuffledEnd = params();

  const ref = new ReferenceTrainer(p.sizes, p.kind, s, p.params);
  setUp(p, s, identity(rows));
  let steps = 0;
  for (let e = 0; e < 2; e++) {
    const visited = p.data.pick(orders[e], 0, rows);
    let lossSum: f64 = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const b = visited.slice(start, min(batchSize, rows - start));
      const at = name + ", epoch " + (e + 1).toString() + ", rows from " + start.toString();
      expect(layout.planTraining(b.rows, 0) && fits(0)).toBe(true, at + ": placed");
      put(layout.trainInputPtr, b.x);
      put(layout.trainTargetPtr, b.y);
      put(layout.trainWeightPtr, b.w);
      ref.sync(params(), take(layout.momentPtr, layout.paramCount), take(layout.secondMomentPtr, layout.paramCount));
      const loss = epoch(b.rows, b.rows, false);
      const refLoss = ref.epoch(b, b.rows);
      steps++;
      lossSum += loss * b.weightSum();
      expect(ratio(loss, refLoss, ref.lossError)).toBeLessThanOrEqual(1.0, at + ": loss");
      expect(worstParam(params(), ref)).toBeLessThanOrEqual(1.0, at + ": params");
      const m = take(layout.momentPtr, layout.paramCount);
      const v = take(layout.secondMomentPtr, layout.paramCount);
      let worstM: f64 = 0, worstV: f64 = 0;
      for (let i = 0; i < m.length; i++) {
        worstM = max(worstM, ratio(m[i], ref.m[i], ref.mError[i] + 1e-30));
        if (s.kind == ADAM) worstV = max(worstV, ratio(v[i], ref.v[i], ref.vError[i] + 1e-30));
      }
      expect(worstM).toBeLessThanOrEqual(1.0, at + (s.kind == ADAM ? ": first moment" : ": velocity"));
      expect(worstV).toBeLessThanOrEqual(1.0, at + ": second moment");
    }
    const want = lossSum / p.data.weightSum();
    expect(ratio(shuffledLoss[e], want, 1e-12 * want)).toBeLessThanOrEqual(1.0, name + ": epoch " + (e + 1).toString() + " loss");
  }
  expect(steps).toBe(2 * ((rows + batchSize - 1) / batchSize), name + ": ceil(rows/batchSize) steps an epoch");
  expect(sameBits(shuffledEnd, params())).toBe(true, name + ": the shuffled epochs end where the batches did");
}

describe("trainEpoch with SGD and Adam, two shuffled epochs", () => {
  it("SGD, momentum 0.9, without Nesterov: sigmoid [3, 5, 1], batches of 128, l2 = 0.1", () => {
    const p = new Problem([3, 5, 1], SIGMOID, 300, 121, true);
    checkTwoEpochs(p, new Settings(SGD, LR, 0.9, false, 0.9, 0.999, 1e-8, 0.1), 128, "SGD");
  });
  it("SGD, momentum 0.9, with Nesterov: tanh [3, 4, 3], batches of 100, l2 = 0.1", () => {
    const p = new Problem([3, 4, 3], TANH, 300, 122, true);
    checkTwoEpochs(p, new Settings(SGD, LR, 0.9, true, 0.9, 0.999, 1e-8, 0.1), 100, "Nesterov");
  });
  it("Adam (β1 0.9, β2 0.999, ε 1e-8, lr 0.01): relu [3, 4, 3], batches of 128, l2 = 0.1", () => {
    const p = new Problem([3, 4, 3], RELU, 300, 123, true);
    checkTwoEpochs(p, new Settings(ADAM, 0.01, 0, false, 0.9, 0.999, 1e-8, 0.1), 128, "Adam");
  });
  it("Adam with β1 0.5, β2 0.75: sigmoid [3, 5, 1], batches of 100", () => {
    const p = new Problem([3, 5, 1], SIGMOID, 300, 124, false);
    checkTwoEpochs(p, new Settings(ADAM, 0.01, 0, false, 0.5, 0.75, 1e-8, 0), 100, "Adam, β1 0.5, β2 0.75");
  });
});

describe("resetOptimizer", () => {
  it("zeroes velocity and moments and restarts Adam's step count", () => {
    const p = new Problem([3, 4, 3], TANH, 300, 131, true);
    const s = new Settings(ADAM, 0.01, 0, false, 0.9, 0.999, 1e-8, 0);
    setUp(p, s, identity(300));
    epoch(300, 128, false);
    const once = params();
    let moved = false;
    const m = take(layout.momentPtr, layout.paramCount);
    for (let i = 0; i < m.length; i++) moved = moved || m[i] != 0;
    expect(moved).toBe(true, "Adam left moments");
    resetOptimizer();
    const m0 = take(layout.momentPtr, layout.paramCount), v0 = take(layout.secondMomentPtr, layout.paramCount);
    let zero = true;
    for (let i = 0; i < m0.length; i++) zero = zero && m0[i] == 0 && v0[i] == 0;
    expect(zero).toBe(true, "moments zeroed");
    // From the same params, a reset optimizer retraces the first epoch bit for bit: the
    // step count restarted at 1 (t = 4 would change Adam's bias correction).
    put(layout.paramsPtr, p.params);
    epoch(300, 128, false);
    expect(sameBits(params(), once)).toBe(true, "the same first epoch again");
  });

  it("zeroes SGD's velocity: a reset run matches a fresh one", () => {
    const p = new Problem([3, 5, 1], SIGMOID, 300, 132, false);
    const s = new Settings(SGD, LR, 0.9, true, 0.9, 0.999, 1e-8, 0);
    setUp(p, s, identity(300));
    epoch(300, 100, false);
    const once = params();
    epoch(300, 100, false);
    resetOptimizer();
    put(layout.paramsPtr, p.params);
    epoch(300, 100, false);
    expect(sameBits(params(), once)).toBe(true);
    const v = take(layout.momentPtr, layout.paramCount);
    let any = false;
    for (let i = 0; i < v.length; i++) any = any || v[i] != 0;
    expect(any).toBe(true, "the velocity is live again after the epoch");
  });
});
