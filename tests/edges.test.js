// Numerical edges, over every optimizer x activation (x class weights and early stopping):
// constant features, duplicate rows, an all-zero column, one sample in 10000 of a class,
// values up to 1e30 and subnormals. With standardize each trains to finite weights; without
// it, each trains or stops with a clean divergence Error, never leaving NaN weights.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { assertCleanError, assertProbabilities } from "./helpers/fuzz.js";
import { SEED } from "./helpers/seed.js";

function lcg(seed) {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) + 0.5) / 2 ** 32;
}

/** `rows` points; the label is the sign of the first column, then `columns` maps each row. */
function learnable(rows, columns, seed = 3) {
  const next = lcg(seed);
  const X = [];
  const y = [];
  for (let i = 0; i < rows; i++) {
    const a = next() * 2 - 1;
    X.push(columns(a, next));
    y.push(a > 0 ? 1 : 0);
  }
  return { X, y };
}

const grid = [];
for (const optimizer of ["gd", "sgd", "adam"]) {
  for (const activation of ["sigmoid", "tanh", "relu"]) {
    for (const extra of [{}, { classWeight: "balanced", validationFraction: 0.2, patience: 50 }]) grid.push({ optimizer, activation, ...extra });
  }
}
const rates = { gd: 1, sgd: 0.05, adam: 0.02 };
const label = (o) => `${o.optimizer}/${o.activation}${o.classWeight ? "/balanced+validation" : ""}${o.standardize ? "/standardized" : ""}`;

/** Trains every combination; with `strict`, each must train, else each may diverge cleanly. */
async function trainGrid(data, { standardize, strict, epochs = 60, minAccuracy = 0, hiddenLayers = [5] }) {
  const results = [];
  for (const o of grid) {
    const options = { ...SEED, hiddenLayers, epochs, learningRate: rates[o.optimizer], batchSize: 16, standardize, seed: 1, ...o };
    const clf = new MLPClassifier(options);
    const context = label(options);
    let error;
    try {
      await clf.fit(data.X, data.y);
    } catch (e) {
      error = e;
      assertCleanError(e, context);
      assert.ok(!strict, `${context}: ${e.message}`);
      assert.match(e.message, /^training diverged at epoch \d+/, context);
    }
    assert.ok(clf.loss.every(Number.isFinite), `${context}: loss ${clf.loss}`);
    assert.ok(clf.coefs.flat(2).every(Number.isFinite) && clf.intercepts.flat().every(Number.isFinite), `${context}: NaN weights`);
    let proba;
    try {
      proba = clf.predictProba(data.X);
    } catch (e) {
      assertCleanError(e, `${context}: predictProba`);
      assert.ok(!strict, `${context}: ${e.message}`);
    }
    if (proba) assertProbabilities(proba, data.X.length, clf.classes.length, context);
    if (!error && minAccuracy) assert.ok(clf.score(data.X, data.y) >= minAccuracy, `${context}: accuracy ${clf.score(data.X, data.y)}`);
    results.push({ clf, error, options });
  }
  return results;
}

test("constant features, 1e30 among them: standardized, each is shifted to exactly 0 and training works", async () => {
  const data = learnable(80, (a) => [a, 3.7, -2, 1e30, -3.4e38]);
  for (const { clf } of await trainGrid(data, { standardize: true, strict: true, minAccuracy: 0.9 })) {
    // Found: the mean of 80 copies of 1e30 rounded to 1.0000000000000007e30, so the
    // column standardized to -7e14 instead of 0 and training diverged at epoch 1.
    const { mean, scale } = clf.toJSON().scaler;
    assert.equal(mean.slice(1), [3.7, -2, 1e30, -3.4e38]);
    assert.equal(scale.slice(1), [1, 1, 1, 1]);
  }
  await trainGrid(data, { standardize: false, strict: false });
});

test("a column constant but for float64 rounding (1e30 and the next double) standardizes to ~0, not ±1e14", async () => {
  const data = learnable(60, (a, next) => [a, next() < 0.5 ? 1e30 : 1e30 * (1 + 2 ** -52)]);
  for (const { clf } of await trainGrid(data, { standardize: true, strict: true, minAccuracy: 0.9 })) {
    const { mean, scale } = clf.toJSON().scaler;
    assert.ok(Math.abs((1e30 - mean[1]) / scale[1]) < 1e-10, `standardized to ${(1e30 - mean[1]) / scale[1]}`);
  }
});

test("duplicate rows with different labels: probabilities settle at the label frequencies", async () => {
  const X = Array.from({ length: 60 }, () => [0.5, -1.5]);
  const y = X.map((_, i) => ["a", "b", "c", "c"][i % 4]);
  for (const standardize of [false, true]) {
    const results = await trainGrid({ X, y }, { standardize, strict: true, epochs: 300 });
    for (const { clf, options } of results) {
      // Cross-entropy is least at the frequencies themselves: 1/4, 1/4, 1/2.
      const [p] = clf.predictProba([[0.5, -1.5]]);
      if (options.optimizer === "adam" && !options.classWeight) {
        assert.ok(Math.abs(p[0] - 0.25) < 0.03 && Math.abs(p[2] - 0.5) < 0.03, `${label(options)}: ${p}`);
      }
    }
  }
});

test("an all-zero (and -0) column trains, and its input weights never move without l2", async () => {
  const data = learnable(60, (a, next) => [a, 0, next() < 0.5 ? -0 : 0, next() - 0.5]);
  for (const standardize of [false, true]) {
    const results = await trainGrid(data, { standardize, strict: true, minAccuracy: 0.8 });
    for (const { clf, options } of results) {
      const initial = await new MLPClassifier({ ...SEED, ...options, epochs: 1, learningRate: 1e-30 }).fit(data.X, data.y);
      assert.equal(clf.coefs[0][1], initial.coefs[0][1], label(options));
      assert.equal(clf.coefs[0][2], initial.coefs[0][2], label(options));
    }
  }
});

test("one sample in 10000 of a class: training and early stopping work wherever that sample lands", async () => {
  const next = lcg(9);
  const X = Array.from({ length: 10000 }, () => [next(), next()]);
  const y = X.map((_, i) => (i === 4321 ? "rare" : "common"));
  for (const standardize of [false, true]) {
    const results = await trainGrid({ X, y }, { standardize, strict: true, epochs: 3 });
    for (const { clf, options } of results) {
      if (options.classWeight) assert.ok(clf.validationLoss.length >= 1, label(options));
    }
  }
  // Balanced weights make the rare sample weigh 5000: its probability rises far above 1e-4.
  const weighted = await new MLPClassifier({ ...SEED, hiddenLayers: [8], optimizer: "adam", learningRate: 0.01, epochs: 20, classWeight: "balanced", standardize: true }).fit(X, y);
  const plain = await new MLPClassifier({ ...SEED, hiddenLayers: [8], optimizer: "adam", learningRate: 0.01, epochs: 20, standardize: true }).fit(X, y);
  const rare = (clf) => clf.predictProba([X[4321]])[0][clf.classes.indexOf("rare")];
  assert.ok(rare(weighted) > 0.05 && rare(plain) < 0.005, `P(rare) ${rare(weighted)} balanced, ${rare(plain)} not`);
});

test("values up to 1e30: standardized they train as small values do; raw they train or stop cleanly", async () => {
  const small = learnable(80, (a, next) => [a, next() - 0.5]);
  const huge = { X: small.X.map(([a, b]) => [a * 1e30, b * 1e30 + 3e30]), y: small.y };
  const reference = await trainGrid(small, { standardize: true, strict: true, minAccuracy: 0.9 });
  const scaled = await trainGrid(huge, { standardize: true, strict: true, minAccuracy: 0.9 });
  scaled.forEach(({ clf }, i) => assert.ok(Math.abs(clf.loss.at(-1) - reference[i].clf.loss.at(-1)) < 1e-3, label(reference[i].options)));
  const raw = await trainGrid(huge, { standardize: false, strict: false });
  assert.ok(raw.some((r) => r.error), "1e30 inputs unscaled should overflow somewhere");
});

test("subnormal and tiny values train, standardized or not", async () => {
  const data = learnable(60, (a, next) => [a * 1e-40, 1.4e-45, next() * 5e-324]);
  await trainGrid(data, { standardize: true, strict: true, minAccuracy: 0.9 });
  await trainGrid(data, { standardize: false, strict: true });
});

test.run();
