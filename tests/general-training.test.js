// The general classifier's training control: early stopping, cancellation, divergence,
// standardization, seeded determinism, and the validation of every new option.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { lcg, rowLossBits } from "./helpers/mlp-reference.js";
import { blobs } from "./helpers/data.js";
import { rejects } from "./helpers/errors.js";
import { SEED } from "./helpers/seed.js";

const three = blobs({ centers: [[0, 0], [3, 0], [0, 3]], counts: [20, 20, 20], spread: 0.8, seed: 1 });
const weightsOf = (clf) => JSON.stringify({ coefs: clf.coefs, intercepts: clf.intercepts });

/** 120 rows whose labels are 25% noise: a wide network overfits them within tens of epochs. */
function noisy(seed) {
  const next = lcg(seed);
  const X = Array.from({ length: 120 }, () => [4 * next() - 2, 4 * next() - 2, 4 * next() - 2]);
  const y = X.map((r) => ((r[0] > 0) !== (next() < 0.25) ? 1 : 0));
  return { X, y };
}

test("early stopping stops before epochs and restores the best epoch's weights", async () => {
  const { X, y } = noisy(11);
  const patience = 8;
  const tol = 1e-4;
  const snapshots = new Map();
  const seen = [];
  const clf = new MLPClassifier({ ...SEED,
    hiddenLayers: [32, 32], activation: "relu", optimizer: "adam", learningRate: 0.02, epochs: 500,
    validationFraction: 0.25, patience, tol, seed: 1,
  });
  await clf.fit(X, y, {
    onEpoch: (epoch, loss, info) => {
      snapshots.set(epoch, weightsOf(clf));
      seen.push([epoch, loss, info.validationLoss, info.validationScore]);
    },
  });
  const epochs = clf.loss.length;
  const best = clf.bestEpoch;
  assert.ok(epochs < 500, `ran all ${epochs} epochs`);
  assert.ok(Number.isInteger(best) && best >= 1 && best < epochs, `bestEpoch ${best} of ${epochs}`);
  // It stops after `patience` epochs without an improvement larger than tol.
  assert.is(epochs, best + patience);
  const v = clf.validationLoss;
  assert.is(v.length, epochs);
  assert.is(clf.validationScore.length, epochs);
  clf.validationScore.forEach((s) => assert.ok(s >= 0 && s <= 1));
  const minimum = Math.min(...v);
  assert.ok(v[best - 1] - tol <= minimum, `best ${v[best - 1]}, minimum ${minimum}`);
  v.slice(best).forEach((later, i) => assert.ok(later > v[best - 1] - tol, `epoch ${best + i + 1}: ${later}`));
  assert.equal(seen, clf.loss.map((l, i) => [i + 1, l, v[i], clf.validationScore[i]]));
  assert.is(weightsOf(clf), snapshots.get(best), "the weights are the best epoch's");
  assert.is.not(weightsOf(clf), snapshots.get(epochs), "the last epoch's weights were replaced");
});

test("early stopping: the restored model's validation loss is the best epoch's, by the f64 reference", async () => {
  // Every row of a class is the same point, and the classes are balanced (20 + 20, 10
  // held out: 5 of each), so the validation loss is (ℓ(A, 0) + ℓ(B, 1))/2 whichever rows
  // are held out, and it equals the next epoch's training loss (same points, same weights).
  const A = [1, 0.5];
  const B = [-0.5, 1];
  const X = Array.from({ length: 40 }, (_, i) => (i % 2 ? B : A).slice());
  const y = X.map((_, i) => i % 2);
  const clf = new MLPClassifier({ ...SEED,
    hiddenLayers: [3], activation: "tanh", learningRate: 0.5, epochs: 2000, validationFraction: 0.25, patience: 3, tol: 1e-3, seed: 2,
  });
  await clf.fit(X, y);
  const v = clf.validationLoss;
  const best = clf.bestEpoch;
  assert.ok(clf.loss.length < 2000 && best === clf.loss.length - 3, `stopped at ${clf.loss.length}, best ${best}`);
  const weights = { coefs: clf.coefs, intercepts: clf.intercepts };
  const restored = (rowLossBits(weights, A, 0, "tanh") + rowLossBits(weights, B, 1, "tanh")) / 2;
  assert.ok(Math.abs(restored - v[best - 1]) <= 1e-6 * restored, `restored ${restored}, best epoch ${v[best - 1]}`);
  assert.ok(Math.abs(restored - v[v.length - 1]) > 1e-4 * restored, "the last epoch's loss differs, so the check can tell");
  v.slice(0, -1).forEach((loss, i) => assert.ok(Math.abs(loss - clf.loss[i + 1]) <= 1e-9 * loss, `epoch ${i + 1}`));
  assert.equal(clf.validationScore.slice(-4), [1, 1, 1, 1]);
});

test("without a validation split there is no early stopping and no validation history", async () => {
  const infos = [];
  const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [4], epochs: 7 }).fit(three.X, three.y, { onEpoch: (e, l, info) => infos.push(info) });
  // Only the epoch's learning rate (the seed's constant 1.0): no validation figures.
  assert.equal(infos, Array(7).fill({ learningRate: 1 }));
  assert.is(clf.loss.length, 7);
  assert.equal(clf.validationLoss, []);
  assert.equal(clf.validationScore, []);
  assert.is(clf.bestEpoch, undefined);
});

test("an AbortSignal aborted in onEpoch at epoch 5 ends fit after 5 epochs with a usable model", async () => {
  const controller = new AbortController();
  let atFive;
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [6], optimizer: "adam", learningRate: 0.05, epochs: 100 });
  const result = await clf.fit(three.X, three.y, {
    signal: controller.signal,
    onEpoch: (epoch) => {
      if (epoch === 5) {
        atFive = weightsOf(clf);
        controller.abort();
      }
    },
  });
  assert.is(result, clf);
  assert.is(clf.loss.length, 5);
  assert.is(weightsOf(clf), atFive);
  assert.is(clf.predict(three.X).length, three.X.length);
  assert.ok(clf.score(three.X, three.y) > 0.5);
  // An already aborted signal refuses to start and leaves the model as it was.
  const before = weightsOf(clf);
  await rejects(clf.fit(three.X, three.y, { signal: AbortSignal.abort() }), /abort/);
  assert.is(weightsOf(clf), before);
  assert.is(clf.loss.length, 5);
});

test("divergence throws naming the epoch and a smaller learning rate; the last finite weights stay", async () => {
  const { X, y } = noisy(3);
  const snapshots = new Map();
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [8], activation: "relu", learningRate: 1e6, epochs: 50 });
  const error = await rejects(clf.fit(X, y, { onEpoch: (epoch) => snapshots.set(epoch, weightsOf(clf)) }), /smaller/);
  const epoch = Number(/epoch (\d+)/.exec(error.message)?.[1]);
  assert.ok(epoch >= 2, `${error.message}`);
  assert.is(clf.loss.length, epoch - 1);
  assert.ok(clf.loss.every(Number.isFinite));
  // Kept: weights training passed through before the diverging epoch, never the diverged ones.
  assert.ok([...snapshots].some(([e, w]) => e < epoch && w === weightsOf(clf)), "the weights of an epoch before the divergence");
  const all = [...clf.coefs.flat(2), ...clf.intercepts.flat()];
  assert.ok(all.every(Number.isFinite));
  assert.equal([...new Set(clf.predict(X))].every((p) => p === 0 || p === 1), true);
  clf.predictProba(X).flat().forEach((p) => assert.ok(p >= 0 && p <= 1));
});

test("divergence with 3 classes keeps a model whose probabilities are still probabilities", async () => {
  // "The model keeps its last finite state" and stays usable: predictProba must give rows
  // in [0, 1] that sum to 1, and the kept weights must have a finite training loss.
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [8], activation: "relu", learningRate: 1e6, epochs: 50 });
  await rejects(clf.fit(three.X, three.y), /training diverged at epoch \d+.*smaller/s);
  assert.ok([...clf.coefs.flat(2), ...clf.intercepts.flat()].every(Number.isFinite));
  clf.predictProba(three.X).forEach((row, i) => {
    assert.ok(row.every((p) => p >= 0 && p <= 1), `row ${i}: ${row}`);
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) <= 1e-6, `row ${i}: ${row}`);
  });
  // The kept weights are a state training can go on from: one epoch at a tiny rate stays finite.
  const resumed = new MLPClassifier({ ...SEED, hiddenLayers: [8], activation: "relu", learningRate: 1e-9, epochs: 1 });
  await resumed.fit(three.X, three.y, { initialWeights: { coefs: clf.coefs, intercepts: clf.intercepts } });
  assert.ok(Number.isFinite(resumed.loss[0]));
});

test("standardize: features scaled by 1e6 (and shifted) train as the originals do; the scaler is saved", async () => {
  const scaled = three.X.map(([a, b]) => [a * 1e6, b * 1e6 + 5e6]);
  const o = { ...SEED, hiddenLayers: [6], optimizer: "adam", learningRate: 0.05, epochs: 40, standardize: true };
  const plain = await new MLPClassifier(o).fit(three.X, three.y);
  const big = await new MLPClassifier(o).fit(scaled, three.y);
  const p = plain.predictProba(three.X);
  big.predictProba(scaled).forEach((row, i) => row.forEach((q, c) => assert.ok(Math.abs(q - p[i][c]) <= 1e-4, `row ${i}: ${q} vs ${p[i][c]}`)));
  assert.equal(big.predict(scaled), plain.predict(three.X));
  // Without standardization the 1e6-scale inputs saturate every unit: a different model.
  const raw = await new MLPClassifier({ ...SEED, ...o, standardize: false }).fit(scaled, three.y);
  assert.ok(raw.predictProba(scaled).some((row, i) => Math.abs(row[0] - p[i][0]) > 0.05));
  // The saved scaler: each column's mean and population standard deviation.
  const { scaler } = big.toJSON();
  const n = scaled.length;
  for (let c = 0; c < 2; c++) {
    const mean = scaled.reduce((s, r) => s + r[c], 0) / n;
    const std = Math.sqrt(scaled.reduce((s, r) => s + (r[c] - mean) ** 2, 0) / n);
    assert.ok(Math.abs(scaler.mean[c] - mean) <= 1e-9 * Math.abs(mean) + 1e-6, `mean[${c}] ${scaler.mean[c]} vs ${mean}`);
    assert.ok(Math.abs(scaler.scale[c] - std) <= 1e-9 * std, `scale[${c}] ${scaler.scale[c]} vs ${std}`);
  }
  assert.is(plain.options.standardize, true);
  assert.is(raw.toJSON().scaler, null);
});

test("seeded determinism: same seed, same model bit for bit; another seed, another model", async () => {
  for (const optimizer of ["sgd", "adam"]) {
    const o = { hiddenLayers: [5], optimizer, batchSize: 8, shuffle: true, epochs: 5, validationFraction: 0.2, init: "glorot" };
    const a = await new MLPClassifier({ ...SEED, ...o, seed: 42 }).fit(three.X, three.y);
    const b = await new MLPClassifier({ ...SEED, ...o, seed: 42 }).fit(three.X, three.y);
    const c = await new MLPClassifier({ ...SEED, ...o, seed: 43 }).fit(three.X, three.y);
    assert.is(weightsOf(a), weightsOf(b));
    assert.equal(a.loss, b.loss);
    assert.equal(a.validationLoss, b.validationLoss);
    assert.is.not(weightsOf(a), weightsOf(c));
    // Refitting the same instance starts over from the seed.
    await a.fit(three.X, three.y);
    assert.is(weightsOf(a), weightsOf(b));
  }
});

test("init: normal is N(0, 0.1²) for weights and biases; he has zero biases and spread √(2/fan-in); glorot stays in its bound", async () => {
  const X = Array.from({ length: 4 }, (_, i) => Array.from({ length: 50 }, (_, c) => (i + c) % 3));
  const y = [0, 1, 0, 1];
  const normal = await new MLPClassifier({ ...SEED, hiddenLayers: [400], learningRate: 1e-30, epochs: 1 }).fit(X, y);
  const spread = (values) => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
  assert.ok(Math.abs(spread(normal.coefs[0].flat()) / 0.1 - 1) < 0.05, `normal weights ${spread(normal.coefs[0].flat())}`);
  assert.ok(Math.abs(spread(normal.intercepts[0]) / 0.1 - 1) < 0.15, `normal biases ${spread(normal.intercepts[0])}`);
  const he = await new MLPClassifier({ ...SEED, hiddenLayers: [400], init: "he", learningRate: 1e-30, epochs: 1 }).fit(X, y);
  assert.ok(he.intercepts[0].every((b) => Math.abs(b) < 1e-20));
  const std = spread(he.coefs[0].flat());
  // 20000 draws estimate the spread within ~0.5%; 5% leaves room and still rejects 1/fan-in.
  assert.ok(Math.abs(std / Math.sqrt(2 / 50) - 1) < 0.05, `he std ${std}`);
  const glorot = await new MLPClassifier({ ...SEED, hiddenLayers: [400], activation: "tanh", init: "glorot", learningRate: 1e-30, epochs: 1 }).fit(X, y);
  const bound = Math.sqrt(6 / (50 + 400));
  const g = glorot.coefs[0].flat();
  assert.ok(g.every((v) => Math.abs(v) <= bound * (1 + 1e-6)) && Math.max(...g.map(Math.abs)) > 0.95 * bound);
});

test("every new option is validated, and the error names it and the bad value", async () => {
  const bad = [
    [{ activation: "softmax" }, /activation must be one of "sigmoid", "tanh", "relu", "identity", got "softmax"/],
    [{ optimizer: "rmsprop" }, /optimizer must be one of "gd", "sgd", "adam", got "rmsprop"/],
    [{ init: "xavier" }, /init must be one of "normal", "glorot", "he", got "xavier"/],
    [{ momentum: 1 }, /momentum must be a number in \[0, 1\), got 1/],
    [{ momentum: -0.1 }, /momentum must be .*got -0.1/],
    [{ beta1: 1 }, /beta1 must be a number in \[0, 1\), got 1/],
    [{ beta2: 1 }, /beta2 must be a number in \[0, 1\), got 1/],
    [{ epsilon: 0 }, /epsilon must be a positive finite number, got 0/],
    [{ l2: -1e-4 }, /l2 must be a finite number ≥ 0, got -0.0001/],
    [{ l2: Infinity }, /l2 must be .*got Infinity/],
    [{ validationFraction: 1 }, /validationFraction must be a number in \[0, 1\), got 1/],
    [{ patience: 0 }, /patience must be a positive integer, got 0/],
    [{ tol: -1 }, /tol must be .*got -1/],
    [{ batchSize: 0 }, /batchSize must be a positive integer, got 0/],
    [{ batchSize: 2.5 }, /batchSize must be a positive integer, got 2.5/],
    [{ nesterov: "yes" }, /nesterov must be true or false, got "yes"/],
    [{ standardize: 1 }, /standardize must be true or false, got 1/],
    [{ shuffle: "true" }, /shuffle must be true or false, got "true"/],
    [{ classWeight: "auto" }, /classWeight must be "balanced", null or an object/],
    [{ classWeight: { 0: -1 } }, /classWeight must be .*the weight of "0" is -1/],
    [{ classWeight: [1, 2] }, /classWeight must be/],
    [{ seed: -1 }, /seed must be a non-negative integer, got -1/],
    [{ learningRat: 0.1 }, /unknown option "learningRat"/],
  ];
  for (const [options, pattern] of bad) {
    let error;
    try {
      new MLPClassifier(options);
    } catch (e) {
      error = e;
    }
    assert.instance(error, Error, `no error for ${JSON.stringify(options)}`);
    assert.match(error.message, pattern);
  }
  // A classWeight label the data does not have is only known to be wrong at fit.
  const clf = new MLPClassifier({ ...SEED, classWeight: { 7: 2 }, epochs: 1 });
  await rejects(clf.fit(three.X, three.y), /classWeight has the key "7", which is not one of the classes \[0, 1, 2\]/);
  assert.throws(() => clf.classes, /not fitted/);
  // The defaults follow the option table: the seed's network, sklearn's optimizer settings.
  const o = new MLPClassifier({ ...SEED, optimizer: "adam" }).options;
  assert.equal([o.learningRate, o.beta1, o.beta2, o.epsilon, o.batchSize, o.activation], [0.001, 0.9, 0.999, 1e-8, 200, "sigmoid"]);
  assert.is(new MLPClassifier({ ...SEED, optimizer: "sgd" }).options.learningRate, 0.01);
  assert.is(new MLPClassifier(SEED).options.learningRate, 1);
});

test("fit refuses bad sampleWeight, onEpoch and signal, naming them", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 1 });
  await rejects(clf.fit(three.X, three.y, { sampleWeight: [1, 2] }), /X has 60 rows but sampleWeight has 2 weights/);
  await rejects(clf.fit(three.X, three.y, { sampleWeight: three.y.map((_, i) => (i === 4 ? -1 : 1)) }), /sampleWeight\[4\] is -1/);
  await rejects(clf.fit(three.X, three.y, { sampleWeight: three.y.map(() => 0) }), /every sample weight is 0/);
  await rejects(clf.fit(three.X, three.y, { onEpoch: 3 }), /onEpoch must be a function/);
  await rejects(clf.fit(three.X, three.y, { signal: {} }), /signal must be an AbortSignal/);
  await rejects(clf.fit(three.X, three.y, { epochs: 3 }), /unknown fit option "epochs"/);
});

test.run();
