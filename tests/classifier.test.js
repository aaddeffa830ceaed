// The public MLPClassifier API: training numbers against a float64 reference, seeded
// determinism, independence of instances, and the flat-array input form.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { meanGradient, meanLossBits, step } from "./helpers/reference.js";
import { SEED } from "./helpers/seed.js";

/** Deterministic points on both sides of the plane x0 + 0.5 x1 - x2 = 0. */
function separable(rows, seed = 1) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const X = [];
  const y = [];
  for (let i = 0; i < rows; i++) {
    const row = [next() * 4 - 2, next() * 4 - 2, next() * 4 - 2];
    X.push(row);
    y.push(row[0] + 0.5 * row[1] - row[2] > 0 ? 1 : 0);
  }
  return { X, y };
}

function assertClose(actual, expected, tolerance, what) {
  const err = Math.abs(actual - expected);
  assert.ok(err <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected} (error ${err})`);
}

function assertWeightsClose(actual, expected, tolerance) {
  expected.coefs.forEach((layer, l) => layer.forEach((row, k) => row.forEach((w, j) =>
    assertClose(actual.coefs[l][k][j], w, tolerance, `coefs[${l}][${k}][${j}]`))));
  expected.intercepts.forEach((b, l) => b.forEach((w, j) =>
    assertClose(actual.intercepts[l][j], w, tolerance, `intercepts[${l}][${j}]`)));
}

test("one gradient step matches the hand-worked numbers", async () => {
  // x = [1, 1], y = 1; hidden unit: z1 = 0.5·1 - 0.5·1 + 0 = 0, a1 = 0.5;
  // output: z2 = 1·0.5 + 0 = 0.5, p = sigmoid(0.5) = 0.62245933;
  // dL/dz2 = (p - 1)/ln 2 = -0.54467605; dL/dw2 = -0.54467605·0.5 = -0.27233803;
  // dL/dz1 = 1·(-0.54467605)·a1(1 - a1) = -0.13616901 = dL/dw1[k] (x = 1) = dL/db1.
  // With lr = 1: w1 = [0.5 + 0.13616901, -0.5 + 0.13616901], b1 = 0.13616901,
  // w2 = 1 + 0.27233803, b2 = 0.54467605.
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [1], learningRate: 1, epochs: 1 });
  const initialWeights = { coefs: [[[0.5], [-0.5]], [[1]]], intercepts: [[0], [0]] };
  // fit needs both classes; a second row far on the 0 side with y = 0 would change the
  // sums, so repeat the worked row's mirror image and check the sum by hand below.
  await clf.fit([[1, 1]], [1], { initialWeights }).then(
    () => assert.unreachable("fit accepted a single class"),
    (e) => assert.match(e.message, /only the class 1/),
  );
  // Two rows: the worked one and x = [0, 0], y = 0. For the second: z1 = 0, a1 = 0.5,
  // z2 = 0.5, p = 0.62245933, dL/dz2 = p/ln 2 = 0.89801899, dL/dw2 = 0.44900949,
  // dL/dz1 = 0.22450475, input gradient 0 (x = 0), dL/db1 += 0.22450475.
  // Means over 2 rows: gw1 = [-0.06808451, -0.06808451], gb1 = (-0.13616901 + 0.22450475)/2
  // = 0.04416787, gw2 = (-0.27233803 + 0.44900949)/2 = 0.08833573,
  // gb2 = (-0.54467605 + 0.89801899)/2 = 0.17667147.
  await clf.fit([[1, 1], [0, 0]], [1, 0], { initialWeights });
  assertClose(clf.coefs[0][0][0], 0.5 + 0.06808451, 1e-6, "w1[0]");
  assertClose(clf.coefs[0][1][0], -0.5 + 0.06808451, 1e-6, "w1[1]");
  assertClose(clf.intercepts[0][0], -0.04416787, 1e-6, "b1");
  assertClose(clf.coefs[1][0][0], 1 - 0.08833573, 1e-6, "w2");
  assertClose(clf.intercepts[1][0], -0.17667147, 1e-6, "b2");
  // The loss recorded for the epoch is the loss before the step: -log2(p) and -log2(1-p).
  const p = 1 / (1 + Math.exp(-0.5));
  assertClose(clf.loss[0], (-Math.log2(p) - Math.log2(1 - p)) / 2, 1e-6, "loss");
});

test("gradient steps on a deeper network follow the float64 reference", async () => {
  const { X, y } = separable(300, 7);
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [4, 3], learningRate: 0.5, epochs: 1, seed: 3 });
  await clf.fit(X, y);
  let reference = { coefs: clf.coefs, intercepts: clf.intercepts };
  // Continue from the core's weights so each epoch is compared in isolation.
  for (let epoch = 0; epoch < 3; epoch++) {
    const expectedLoss = meanLossBits(reference, X, y);
    const expected = step(reference, meanGradient(reference, X, y), 0.5);
    await clf.fit(X, y, { initialWeights: reference });
    assertClose(clf.loss[0], expectedLoss, 1e-5, `loss at step ${epoch}`);
    assertWeightsClose({ coefs: clf.coefs, intercepts: clf.intercepts }, expected, 1e-5);
    reference = { coefs: clf.coefs, intercepts: clf.intercepts };
  }
});

test("loss falls on separable data and the classes are learned", async () => {
  const { X, y } = separable(2000);
  const clf = new MLPClassifier({ ...SEED, epochs: 300, seed: 5 });
  await clf.fit(X, y);
  const loss = clf.loss;
  assert.is(loss.length, 300);
  assert.ok(loss[299] < 0.5 * loss[0], `loss went from ${loss[0]} to ${loss[299]}`);
  for (let e = 1; e < loss.length; e++) assert.ok(loss[e] <= loss[e - 1] + 1e-6, `loss rose at epoch ${e + 1}`);
  assert.ok(clf.score(X, y) > 0.97, `training accuracy ${clf.score(X, y)}`);
  const test = separable(500, 99);
  assert.ok(clf.score(test.X, test.y) > 0.95);
});

test("the same seed gives the same loss curve and weights bit for bit", async () => {
  const { X, y } = separable(500);
  const fit = async (seed) => {
    const clf = new MLPClassifier({ ...SEED, hiddenLayers: [6, 3], epochs: 50, seed });
    await clf.fit(X, y);
    return clf;
  };
  const [a, b, c] = [await fit(11), await fit(11), await fit(12)];
  assert.equal(a.loss, b.loss);
  assert.equal(a.coefs, b.coefs);
  assert.equal(a.intercepts, b.intercepts);
  assert.equal(a.predictProba(X), b.predictProba(X));
  assert.not.equal(a.loss, c.loss);
  assert.not.equal(a.coefs, c.coefs);
});

test("two classifiers in one process keep separate state", async () => {
  const one = separable(400, 1);
  const two = { X: one.X, y: one.y.map((v) => 1 - v) };
  const a = new MLPClassifier({ ...SEED, epochs: 200, seed: 1 });
  const b = new MLPClassifier({ ...SEED, epochs: 200, seed: 1 });
  await Promise.all([a.fit(one.X, one.y), b.fit(two.X, two.y)]);
  const pa = a.predict(one.X);
  const pb = b.predict(one.X);
  for (let i = 0; i < pa.length; i++) assert.is(pa[i], 1 - pb[i]);
  const solo = new MLPClassifier({ ...SEED, epochs: 200, seed: 1 });
  await solo.fit(one.X, one.y);
  assert.equal(solo.coefs, a.coefs);
});

test("a flat Float32Array/Float64Array with features trains like rows", async () => {
  const { X, y } = separable(300);
  const flat64 = Float64Array.from(X.flat());
  const flat32 = Float32Array.from(X.flat());
  const rows = new MLPClassifier({ ...SEED, epochs: 20 });
  const flat = new MLPClassifier({ ...SEED, epochs: 20 });
  await rows.fit(X, y);
  await flat.fit(flat64, Int32Array.from(y), { features: 3 });
  assert.equal(rows.loss, flat.loss);
  assert.equal(rows.predictProba(X), flat.predictProba(flat32));
  assert.equal(rows.predict(X), flat.predict(flat64));
});

test("onEpoch reports every epoch in order with the recorded loss", async () => {
  const { X, y } = separable(100);
  const seen = [];
  const clf = new MLPClassifier({ ...SEED, epochs: 25 });
  await clf.fit(X, y, { onEpoch: (epoch, loss) => seen.push([epoch, loss]) });
  assert.equal(seen.map(([e]) => e), Array.from({ length: 25 }, (_, i) => i + 1));
  assert.equal(seen.map(([, l]) => l), clf.loss);
});

test("predictProba rows are [P(0), P(1)], predict thresholds them, large batches match small", async () => {
  const { X, y } = separable(600);
  const clf = new MLPClassifier({ ...SEED, epochs: 100 });
  await clf.fit(X, y);
  const big = separable(70000, 3).X;
  const all = clf.predictProba(big);
  assert.is(all.length, big.length);
  assert.equal(all.slice(69990), clf.predictProba(big.slice(69990)));
  const labels = clf.predict(big);
  for (let i = 0; i < all.length; i++) {
    const [p0, p1] = all[i];
    assert.ok(p1 >= 0 && p1 <= 1 && p0 === Math.fround(1 - p1));
    assert.is(labels[i], p1 > 0.5 ? 1 : 0);
  }
});

test("predictProbaFlat is predictProba in one row-major Float32Array", async () => {
  const { X, y } = separable(300);
  const binary = new MLPClassifier({ ...SEED, epochs: 30 });
  await binary.fit(X, y);
  const flat = binary.predictProbaFlat(X);
  assert.instance(flat, Float32Array);
  assert.is(flat.length, 600);
  binary.predictProba(X).forEach(([p0, p1], r) => {
    assert.is(flat[2 * r + 1], p1);
    assert.is(flat[2 * r], Math.fround(p0));
  });
  const three = y.map((v, i) => (i % 3 === 0 ? 2 : v));
  const multi = new MLPClassifier({ ...SEED, epochs: 30, optimizer: "adam", learningRate: 0.01 });
  await multi.fit(X, three);
  assert.equal(Array.from(multi.predictProbaFlat(Float64Array.from(X.flat()))), multi.predictProba(X).flat());
});

test("extreme but finite inputs saturate without NaN", async () => {
  const X = [[1e30, -1e30, 0], [-1e30, 1e30, 0], [1, 2, 3], [-1, -2, -3]];
  const clf = new MLPClassifier({ ...SEED, epochs: 20, learningRate: 1 });
  await clf.fit(X, [1, 0, 1, 0]);
  assert.ok(clf.loss.every(Number.isFinite), `loss ${clf.loss}`);
  for (const row of clf.predictProba(X)) assert.ok(row.every((p) => p >= 0 && p <= 1));
});

test.run();
