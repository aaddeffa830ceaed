// Prediction over many rows at once (the core reads a Float32Array X as it is, one chunk
// at a time, checking and standardizing it as it goes) against one row per call, on
// random models: sigmoid and softmax outputs, with and without a scaler, both cores.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, useScalarCore } from "../build/index.js";
import { SEED } from "./helpers/seed.js";

function generator(seed) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A model of widths [features, ...hidden, outputs] with random weights, and a scaler
 *  whose tiny scale puts feature 1 past float32's range once standardized (the core
 *  clamps it; only one such input per unit, so sums reach ±Infinity but never NaN). */
async function randomModel({ features, hidden, classes, standardize, activation = "tanh" }, seed) {
  const next = generator(seed);
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: hidden, activation, epochs: 1, standardize });
  const X = Array.from({ length: 2 * classes }, (_, r) => Array.from({ length: features }, (_, c) => r + c));
  await clf.fit(X, X.map((_, r) => r % classes));
  const json = clf.toJSON();
  json.params = json.params.map(() => Math.fround((next() - 0.5) * 6));
  if (standardize) {
    json.scaler = {
      mean: Array.from({ length: features }, () => (next() - 0.5) * 10),
      scale: Array.from({ length: features }, (_, c) => (c === 1 ? 1e-300 : 0.5 + 3 * next())),
    };
  }
  return json;
}

/** Rows of moderate values, with some huge and some tiny. */
function randomRows(rows, features, seed) {
  const next = generator(seed);
  const specials = [1e30, -1e30, 1e-40, -0, 0];
  return Float32Array.from({ length: rows * features }, (_, i) =>
    i % 97 === 5 ? specials[i % specials.length] : (next() - 0.5) * 8);
}

// Every value the same bits, 1 - p for two classes included (both round it to float32).
function firstDifference(flat, perRow, classes) {
  for (let r = 0; r < perRow.length; r++) {
    for (let c = 0; c < classes; c++) {
      if (!Object.is(flat[r * classes + c], perRow[r][c])) return `X[${r}] class ${c}: ${flat[r * classes + c]} vs ${perRow[r][c]}`;
    }
  }
  return "";
}

const models = [
  { features: 3, hidden: [5], classes: 2, standardize: false, activation: "sigmoid" },
  { features: 3, hidden: [5], classes: 2, standardize: true, activation: "sigmoid" },
  { features: 1, hidden: [4, 3], classes: 2, standardize: true, activation: "relu" },
  { features: 5, hidden: [6], classes: 3, standardize: false },
  { features: 7, hidden: [8, 4], classes: 4, standardize: true },
  { features: 9, hidden: [3], classes: 5, standardize: true, activation: "sigmoid" },
];

test("predictProbaFlat gives one-row predictProba's numbers bit for bit, on both cores", async () => {
  const flats = [];
  for (const scalar of [false, true]) {
    useScalarCore(scalar);
    try {
      for (const [i, spec] of models.entries()) {
        const clf = await MLPClassifier.fromJSON(await randomModel(spec, 10 + i));
        for (const rows of [1, 3, 5, 257, 1027]) {
          const X = randomRows(rows, spec.features, rows + i);
          const flat = clf.predictProbaFlat(X);
          const perRow = Array.from({ length: rows }, (_, r) => clf.predictProba(X.subarray(r * spec.features, (r + 1) * spec.features))[0]);
          const what = `${JSON.stringify(spec)}, ${rows} rows, ${scalar ? "scalar" : "SIMD"}`;
          assert.is(firstDifference(flat, perRow, spec.classes), "", what);
          // Other forms of X go through the wrapper's own checks and standardization.
          assert.equal(clf.predictProbaFlat(Float64Array.from(X)), flat, `${what}, Float64Array`);
          assert.equal(clf.predictProbaFlat(perRowArrays(X, spec.features)), flat, `${what}, number[][]`);
          assert.equal(clf.predictProba(X), perRow, `${what}, predictProba`);
          flats.push(flat);
        }
      }
    } finally {
      useScalarCore(false);
    }
  }
  const half = flats.length / 2;
  for (let i = 0; i < half; i++) assert.equal(flats[i + half], flats[i], `scalar core = SIMD core, case ${i}`);
});

function perRowArrays(X, features) {
  return Array.from({ length: X.length / features }, (_, r) => Array.from(X.subarray(r * features, (r + 1) * features)));
}

test("rows past one chunk of the core's buffers predict as one row at a time", async () => {
  // The core holds about 2^20 input floats per chunk: 9 features make ~116500 rows.
  const spec = { features: 9, hidden: [4], classes: 3, standardize: true };
  const clf = await MLPClassifier.fromJSON(await randomModel(spec, 3));
  const rows = 2 ** 20 / 9 + 1001;
  const X = randomRows(Math.floor(rows), spec.features, 4);
  const flat = clf.predictProbaFlat(X);
  const perRow = Array.from({ length: X.length / 9 }, (_, r) => clf.predictProba(X.subarray(r * 9, (r + 1) * 9))[0]);
  assert.is(firstDifference(flat, perRow, 3), "");
  const labels = clf.predict(X);
  assert.ok(labels.every((label, r) => label === clf.classes[perRow[r].indexOf(Math.max(...perRow[r]))]), "predict's labels");
});

test("a value of a Float32Array X that is not finite is named by row and column, the first in row order", async () => {
  for (const standardize of [false, true]) {
    const spec = { features: 3, hidden: [5], classes: 2, standardize };
    const clf = await MLPClassifier.fromJSON(await randomModel(spec, 5));
    const rows = 2 ** 20 / 3 + 600;
    const X = randomRows(Math.floor(rows), 3, 6);
    const good = clf.predictProbaFlat(X);
    for (const [r, c, value] of [[0, 0, NaN], [6, 2, Infinity], [257, 1, -Infinity], [X.length / 3 - 1, 2, NaN], [350000, 0, NaN]]) {
      const bad = X.slice();
      bad[r * 3 + c] = value;
      if (r + 1 < X.length / 3) bad[(r + 1) * 3] = NaN;
      const message = new RegExp(`^X\\[${r}\\]\\[${c}\\] is ${value}; every feature must be a finite number$`);
      for (const call of ["predictProbaFlat", "predictProba", "predict"]) assert.throws(() => clf[call](bad), message, `${call}, X[${r}][${c}]`);
    }
    // Nothing a failed call left in the core's buffers shows in the next one.
    assert.equal(clf.predictProbaFlat(X), good, "after the errors");
  }
});

test("a model whose outputs overflow float32 names the first such row", async () => {
  for (const classes of [2, 3]) {
    const json = await randomModel({ features: 3, hidden: [2], classes, standardize: false }, 7);
    // Hidden unit 0 sums 3e38·x0 - 3e38·x1: Infinity - Infinity for x0 = x1 = 2.
    json.params.splice(0, 3, 3e38, -3e38, 0);
    const clf = await MLPClassifier.fromJSON(json);
    const X = new Float32Array(3 * 600);
    X.set([2, 2, 0], 3 * 301);
    X.set([2, 2, 0], 3 * 550);
    assert.throws(() => clf.predictProbaFlat(X), /^the model's outputs overflow float32 on X\[301\]; retrain it with a smaller learningRate or l2 > 0$/);
    X.set([0, 0, 0], 3 * 301);
    X.set([0, 0, 0], 3 * 550);
    assert.ok(clf.predictProbaFlat(X).every(Number.isFinite), "finite again");
  }
});

test.run();
