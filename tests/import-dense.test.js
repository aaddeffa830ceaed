// fromDenseLayers, the builder every importer ends in: the model it writes predicts what
// the foreign network computes (a float64 forward pass written here, on the layers as
// given), for every hidden activation and head, both weight orientations, input scaling
// with negative scales, and class orders that wasmlp must sort; and every malformed
// network is refused with an Error naming the layer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, MLPRegressor, fromDenseLayers } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { lcg } from "./helpers/mlp-reference.js";
import { throws } from "./helpers/errors.js";

const HIDDEN = { sigmoid: (z) => 1 / (1 + Math.exp(-z)), tanh: Math.tanh, relu: (z) => Math.max(z, 0), identity: (z) => z };

/** The foreign network's outputs for one row, in float64: rows-of-[inputs][units] layers. */
function foreign(net, row) {
  let a = row.map((x, k) => (net.input ? (x - (net.input.mean?.[k] ?? 0)) / (net.input.scale?.[k] ?? 1) : x));
  net.layers.forEach((layer, l) => {
    const w = layer.rows;
    const z = w[0].map((_, j) => a.reduce((s, x, k) => s + x * w[k][j], layer.bias ? layer.bias[j] : 0));
    a = l < net.layers.length - 1 ? z.map(HIDDEN[net.activation]) : z;
  });
  if (net.output === "sigmoid") return [1 / (1 + Math.exp(-a[0]))];
  if (net.output === "softmax") {
    const m = Math.max(...a);
    const e = a.map((z) => Math.exp(z - m));
    const s = e.reduce((x, y) => x + y);
    return e.map((v) => v / s);
  }
  return a;
}

/** A random network: `widths` input first, float32 weights uniform in ±scale. */
function network(widths, activation, output, seed, { bias = true, scale = 0.8 } = {}) {
  const next = lcg(seed);
  const draw = () => Math.fround(scale * (2 * next() - 1));
  const layers = widths.slice(1).map((units, l) => ({
    rows: Array.from({ length: widths[l] }, () => Array.from({ length: units }, draw)),
    bias: bias ? Array.from({ length: units }, draw) : null,
  }));
  return { widths, activation, output, layers };
}

/** The builder's layers for `net`, in rows or flat in either orientation. */
function asLayers(net, form) {
  return net.layers.map((layer, l) => {
    const rows = layer.rows;
    const [inputs, units] = [rows.length, rows[0].length];
    const base = { bias: layer.bias, name: `dense_${l}`, ...(l < net.layers.length - 1 ? { activation: net.activation } : {}) };
    if (form === "rows") return { ...base, weights: rows };
    if (form === "inputs-units") return { ...base, weights: rows.flat(), shape: [inputs, units], orientation: form };
    const transposed = Array.from({ length: units }, (_, j) => rows.map((r) => r[j]));
    return { ...base, weights: Float32Array.from(transposed.flat()), shape: [units, inputs], orientation: form };
  });
}

function probe(features, seed, n = 40) {
  const next = lcg(seed);
  return Array.from({ length: n }, () => Array.from({ length: features }, () => Math.fround(4 * next() - 2)));
}

// The core computes in float32 (its exp and tanh within a few ulps of the true values):
// on these networks, with |z| of a few units, probabilities came out within 3e-7 of the
// float64 reference (a few float32 ulps at 1, 6e-8 each); a wrong weight moves them by far more.
const TOLERANCE = 1e-6;

function close(actual, expected, what) {
  actual.forEach((row, i) => row.forEach((v, k) => {
    assert.ok(Math.abs(v - expected[i][k]) <= TOLERANCE * Math.max(1, Math.abs(expected[i][k])), `${what}: row ${i} column ${k}: ${v} vs ${expected[i][k]}`);
  }));
}

/** The foreign classifier's probabilities in the order of `sortedClasses`. */
function foreignProba(net, rows, columnClasses, sortedClasses) {
  return rows.map((row) => {
    const p = foreign(net, row);
    const byClass = new Map(p.length === 1 ? [[columnClasses[0], 1 - p[0]], [columnClasses[1], p[0]]] : p.map((v, k) => [columnClasses[k], v]));
    return sortedClasses.map((c) => byClass.get(c));
  });
}

const heads = [
  { name: "one sigmoid unit", output: "sigmoid", units: 1, classes: ["no", "yes"] },
  { name: "one sigmoid unit, classes given in reverse order", output: "sigmoid", units: 1, classes: ["yes", "no"] },
  { name: "Dense(2, softmax)", output: "softmax", units: 2, classes: [0, 1] },
  { name: "Dense(2, softmax), classes in reverse order", output: "softmax", units: 2, classes: ["b", "a"] },
  { name: "softmax over 4, unsorted classes", output: "softmax", units: 4, classes: [30, -2, 7, 0.5] },
  { name: "4 logits", output: "logits", units: 4, classes: ["d", "b", "a", "c"] },
  { name: "2 logits", output: "logits", units: 2, classes: [5, 3] },
];

for (const activation of Object.keys(HIDDEN)) {
  for (const head of heads) {
    test(`classifier, ${activation} hidden layers, ${head.name}: the foreign network's probabilities`, async () => {
      const net = network([3, 6, 5, head.units], activation, head.output, 11 + head.units);
      // Logits go through softmax in the reference, as the classifier applies it.
      const reference = { ...net, output: head.output === "logits" ? (head.units === 1 ? "sigmoid" : "softmax") : head.output };
      const rows = probe(3, 5);
      const sorted = [...head.classes].sort((a, b) => (a < b ? -1 : 1));
      const expected = foreignProba(reference, rows, head.classes, sorted);
      for (const form of ["rows", "inputs-units", "units-inputs"]) {
        const json = fromDenseLayers({ layers: asLayers(net, form), output: head.output, classes: head.classes });
        assert.equal(json.classes, sorted);
        assert.equal(json.sizes, [3, 6, 5, head.units === 2 ? 1 : head.units]);
        const clf = await MLPClassifier.fromJSON(json);
        close(clf.predictProba(rows), expected, `${form} MLPClassifier`);
        const model = await loadModel(json);
        assert.equal(model.predictProba(rows), clf.predictProba(rows));
        assert.equal(model.predict(rows), clf.predict(rows));
      }
    });
  }
}

test("a binary Dense(2, softmax) head becomes one unit holding the difference of its columns", () => {
  const net = network([2, 2], "relu", "softmax", 3);
  const json = fromDenseLayers({ layers: asLayers(net, "rows"), output: "softmax", classes: ["x", "y"] });
  const [w, b] = [net.layers[0].rows, net.layers[0].bias];
  // Then the identity layer a network without hidden layers gets: weight 1, bias 0.
  assert.equal(json.sizes, [2, 1, 1]);
  assert.equal(json.params, [Math.fround(w[0][1] - w[0][0]), Math.fround(w[1][1] - w[1][0]), Math.fround(b[1] - b[0]), 1, 0]);
});

test("regressors: identity outputs, one or several targets, the foreign network's numbers", async () => {
  for (const [widths, activation] of [[[4, 8, 1], "relu"], [[4, 5, 5, 3], "tanh"], [[2, 3], "identity"]]) {
    const net = network(widths, activation, "identity", widths.length);
    const rows = probe(widths[0], 9);
    const expected = rows.map((r) => foreign(net, r));
    const json = fromDenseLayers({ layers: asLayers(net, "units-inputs"), output: "identity", targets: widths.at(-1) });
    assert.equal([json.kind, json.targetScaler, json.sizes], ["regressor", null, widths.length > 2 ? widths : [...widths, widths.at(-1)]]);
    const reg = await MLPRegressor.fromJSON(json);
    const predicted = reg.predict(rows);
    close(predicted.map((p) => (Array.isArray(p) ? p : [p])), expected, `widths ${widths}`);
    assert.equal((await loadModel(json)).predict(rows), predicted);
  }
});

test("input standardization, a negative scale folded into the first layer, feature names kept", async () => {
  const net = { ...network([3, 4, 1], "sigmoid", "sigmoid", 21), input: { mean: [1.5, -2, 0], scale: [2, -0.5, 1] } };
  const rows = probe(3, 1);
  const json = fromDenseLayers({ layers: asLayers(net, "rows"), output: "sigmoid", input: net.input, featureNames: ["a", "b", "c"] });
  assert.equal(json.scaler, { mean: [1.5, -2, 0], scale: [2, 0.5, 1] });
  assert.equal(json.featureNames, ["a", "b", "c"]);
  const clf = await MLPClassifier.fromJSON(json);
  close(clf.predictProba(rows), foreignProba(net, rows, [0, 1], [0, 1]), "standardized");
  assert.equal(clf.featureNames, ["a", "b", "c"]);
  // Zero means and unit scales are no standardization at all.
  assert.equal(fromDenseLayers({ layers: asLayers(net, "rows"), output: "sigmoid", input: { mean: null, scale: [1, 1, 1] } }).scaler, null);
});

test("layers without biases, no hidden layer, default classes 0..K-1", async () => {
  const net = network([3, 4], "relu", "softmax", 8, { bias: false });
  const json = fromDenseLayers({ layers: asLayers(net, "rows"), output: "softmax" });
  assert.equal(json.classes, [0, 1, 2, 3]);
  const rows = probe(3, 2);
  close((await MLPClassifier.fromJSON(json)).predictProba(rows), foreignProba(net, rows, [0, 1, 2, 3], [0, 1, 2, 3]), "no bias");
});

const good = () => ({ layers: asLayers(network([3, 4, 2], "relu", "softmax", 1), "rows"), output: "softmax" });

test("malformed networks: Errors naming the layer and what was expected", () => {
  const cases = [
    [(m) => (m.layers[1].weights = m.layers[1].weights.slice(0, 3)), /layer 1 \("dense_1"\) takes 3 inputs, but layer 0 \("dense_0"\) gives 4 outputs/],
    [(m) => (m.layers[0].weights[2] = [1, 2]), /layer 0 \("dense_0"\): weights\[2\] must be a row of 4 numbers/],
    [(m) => (m.layers[0].weights[1][3] = NaN), /layer 0 \("dense_0"\): weights\[1\]\[3\] is NaN; weights must be finite/],
    [(m) => (m.layers[1].bias = [0, Infinity]), /layer 1 \("dense_1"\): bias\[1\] is Infinity/],
    [(m) => (m.layers[0].weights[0][0] = 1e39), /weights\[0\]\[0\] is 1e\+39; weights must be finite numbers within float32/],
    [(m) => (m.layers[0].weights[0][0] = "1"), /weights\[0\]\[0\] is "1"/],
    [(m) => (m.layers[1].bias = [1]), /layer 1 \("dense_1"\): bias must be 2 numbers \(one per unit\), got 1/],
    [(m) => (m.layers[0].activation = "gelu"), /layer 0 \("dense_0"\) has the activation "gelu"; wasmlp's hidden layers take sigmoid, tanh, relu, identity/],
    [(m) => (m.layers[1].activation = "relu"), /layer 1 \("dense_1"\) is the output layer/],
    [(m) => (m.layers = []), /the model has no dense layers/],
    [(m) => (m.output = "tanh"), /output must be one of \["sigmoid","softmax","logits","identity"\], got "tanh"/],
    [(m) => (m.output = "sigmoid"), /2 sigmoid units: a multi-label classifier, which wasmlp does not support/],
    [(m) => (m.classes = ["a", "b", "c"]), /has 2 classes \(its output layer\), but classes has 3 labels/],
    [(m) => (m.classes = ["a", "a"]), /classes has "a" twice/],
    [(m) => (m.classes = ["a", 1]), /classes\[1\] is the number 1 but classes\[0\] is a string/],
    [(m) => (m.classes = [0, NaN]), /classes\[1\] is NaN/],
    [(m) => (m.output = "identity", m.classes = [0, 1]), /identity outputs \(a regressor\), so it takes no classes/],
    [(m) => (m.output = "identity", m.targets = 3), /predicts 2 targets \(its output layer's units\), but targets is 3/],
    [(m) => (m.input = { mean: [0, 0], scale: null }), /input\.mean must be 3 numbers \(one per feature\), got 2/],
    [(m) => (m.input = { scale: [1, 0, 1] }), /input\.scale\[1\] is 0; it must be a finite number other than 0/],
    [(m) => (m.featureNames = ["a", "b"]), /featureNames must be 3 names/],
    [(m) => (m.layers[0] = { weights: [1, 2, 3, 4], shape: [2, 2] }), /layer 0: a flat weight array needs its orientation/],
    [(m) => (m.layers[0] = { weights: [1, 2, 3], shape: [2, 2], orientation: "inputs-units" }), /layer 0: shape \[2, 2\] needs 4 weights, got 3/],
    [(m) => (m.layers[0].orientation = "columns"), /orientation must be "inputs-units" or "units-inputs", got "columns"/],
    [(m) => (m.layers[0] = { weights: new Float32Array(70000), shape: [70000, 1], orientation: "inputs-units", activation: "relu" }), /layer 0 has 70000 inputs; wasmlp takes 1 to 65536/],
  ];
  for (const [spoil, pattern] of cases) {
    const model = good();
    spoil(model);
    throws(() => fromDenseLayers(model), pattern);
  }
});

test("mixed hidden activations are refused: wasmlp has one for all hidden layers", () => {
  const layers = asLayers(network([3, 4, 4, 2], "relu", "softmax", 2), "rows");
  layers[1].activation = "tanh";
  throws(() => fromDenseLayers({ layers, output: "softmax" }), /layer 1 \("dense_1"\) uses tanh but layer 0 \("dense_0"\) uses relu; wasmlp uses one activation for all hidden layers/);
});

test("a two-class head whose column difference overflows float32 is refused, naming the layer", () => {
  const layers = [{ weights: [[3e38, -3e38]], name: "out" }];
  throws(() => fromDenseLayers({ layers, output: "softmax" }), /layer 0 \("out"\): weights\[0\] comes to -6e\+38 for wasmlp's head, beyond float32's range/);
});

test.run();
