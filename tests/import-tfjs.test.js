// fromTfjs: tf.sequential models that TensorFlow.js saved (tests/fixtures/import/tfjs/, with
// the script that wrote them and TF.js's own predictions) predict what TF.js predicted,
// within float32 rounding, through MLPClassifier/MLPRegressor and wasmlp/infer; every
// head (sigmoid, Dense(2, softmax), softmax, logits, linear), Dropout and Activation
// layers, use_bias false, sharded weights, optimizer state; and models or weights wasmlp
// cannot run are refused with an Error naming the layer or weight.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MLPClassifier, MLPRegressor, fromTfjs } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { throws } from "./helpers/errors.js";

const dir = new URL("./fixtures/import/tfjs/models/", import.meta.url);

/** A fixture: model.json (parsed), the weight files in manifest order, TF.js's outputs. */
function fixture(name) {
  const file = (f) => new URL(`${name}/${f}`, dir);
  const json = JSON.parse(readFileSync(file("model.json"), "utf8"));
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => new Uint8Array(readFileSync(file(p))));
  return { json, shards, expected: JSON.parse(readFileSync(file("expected.json"), "utf8")) };
}

const concat = (shards) => {
  const out = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  shards.reduce((at, s) => (out.set(s, at), at + s.length), 0);
  return out;
};

// TF.js and wasmlp both compute in float32, summing in different orders, with their own
// exp and tanh: measured here, probabilities within 1.2e-7 of each other (two ulps at 1),
// a regressor's predictions within 2.4e-7 relative; 1e-6 (relative beyond 1) is far below
// what a misplaced weight or swapped column changes.
const TOLERANCE = 1e-6;

function close(actual, expected, what) {
  assert.is(actual.length, expected.length, `${what}: rows`);
  actual.forEach((row, i) => row.forEach((v, k) => {
    assert.ok(Math.abs(v - expected[i][k]) <= TOLERANCE * Math.max(1, Math.abs(expected[i][k])), `${what}: row ${i} column ${k}: ${v} vs TF.js's ${expected[i][k]}`);
  }));
}

/** TF.js's probabilities in sorted-class order: a sigmoid unit is P(classes[1]). */
function sortedProba(output, classes) {
  const sorted = [...classes].sort((a, b) => (a < b ? -1 : 1));
  return output.map((row) => {
    const p = row.length === 1 ? [1 - row[0], row[0]] : row;
    return sorted.map((c) => p[classes.indexOf(c)]);
  });
}

const classifiers = ["binary-softmax-relu", "binary-sigmoid-tanh", "multiclass-sigmoid-nobias", "multiclass-linear-hidden", "dropout-relu", "activation-layers", "logits-relu", "with-optimizer"];

for (const name of classifiers) {
  test(`TF.js ${name}: the same probabilities`, async () => {
    const { json, shards, expected } = fixture(name);
    const { X, classes } = expected;
    const want = sortedProba(expected.softmax ?? expected.output, classes);
    for (const [form, model, weights] of [["objects", json, concat(shards)], ["text, one buffer per path", JSON.stringify(json), shards.map((s) => s.slice().buffer)]]) {
      const out = fromTfjs(model, weights, { classes });
      const clf = await MLPClassifier.fromJSON(out);
      assert.equal(clf.classes, [...classes].sort((a, b) => (a < b ? -1 : 1)));
      close(clf.predictProba(X), want, `${form}: predictProba`);
      const infer = await loadModel(out);
      assert.equal(infer.predictProba(X), clf.predictProba(X));
      // TF.js's argMax, by label: no row here is a near tie.
      assert.equal(clf.predict(X), want.map((p) => clf.classes[p.indexOf(Math.max(...p))]));
    }
  });
}

test("a binary Dense(2, softmax) becomes one sigmoid unit, whichever column each class is", async () => {
  const { json, shards, expected } = fixture("binary-softmax-relu");
  for (const classes of [["no", "yes"], ["yes", "no"], [1, 0]]) {
    const out = fromTfjs(json, concat(shards), { classes });
    assert.equal(out.sizes.at(-1), 1);
    close((await MLPClassifier.fromJSON(out)).predictProba(expected.X), sortedProba(expected.output, classes), `classes ${classes}`);
  }
  // Without classes: the column indices, as argMax numbers them.
  assert.equal(fromTfjs(json, concat(shards)).classes, [0, 1]);
});

for (const name of ["regressor-relu", "regressor-one-target"]) {
  test(`TF.js ${name}: the same predictions`, async () => {
    const { json, shards, expected } = fixture(name);
    const out = fromTfjs(json, concat(shards));
    assert.is(out.kind, "regressor");
    const reg = await MLPRegressor.fromJSON(out);
    const rows = (p) => p.map((v) => (Array.isArray(v) ? v : [v]));
    close(rows(reg.predict(expected.X)), expected.output, "predict");
    assert.equal((await loadModel(out)).predict(expected.X), reg.predict(expected.X));
  });
}

test("a linear last layer is logits when the task or classes say classification", () => {
  const { json, shards } = fixture("logits-relu");
  assert.is(fromTfjs(json, concat(shards)).kind, "regressor");
  assert.is(fromTfjs(json, concat(shards), { task: "classification" }).classes.length, 3);
  throws(() => fromTfjs(fixture("binary-sigmoid-tanh").json, concat(fixture("binary-sigmoid-tanh").shards), { task: "regression" }), /ends in sigmoid, a classifier's output/);
});

test("a linear Activation layer changes nothing", async () => {
  const { json, shards, expected } = fixture("dropout-relu");
  const copy = structuredClone(json);
  layersOf(copy).splice(1, 0, { class_name: "Activation", config: { activation: "linear", name: "noop" } });
  assert.equal(fromTfjs(copy, concat(shards), { classes: expected.classes }), fromTfjs(json, concat(shards), { classes: expected.classes }));
});

test("a converted Keras model's layout: topology under model_config, an InputLayer first, scoped weight names", async () => {
  const { json, shards, expected } = fixture("binary-softmax-relu");
  const layers = json.modelTopology.config.layers;
  const { batch_input_shape, ...first } = layers[0].config;
  const keras = {
    modelTopology: { keras_version: "2.15.0", backend: "tensorflow", model_config: { class_name: "Sequential", config: { name: "sequential", layers: [
      { class_name: "InputLayer", config: { batch_input_shape, dtype: "float32", name: "input_1" } }, { ...layers[0], config: first }, layers[1]] } } },
    weightsManifest: json.weightsManifest.map((g) => ({ ...g, weights: g.weights.map((w) => ({ ...w, name: `sequential/${w.name}` })) })),
  };
  const out = fromTfjs(keras, concat(shards), { classes: expected.classes });
  close((await MLPClassifier.fromJSON(out)).predictProba(expected.X), sortedProba(expected.output, expected.classes), "Keras layout");
});

const spoilt = (name, spoil) => {
  const { json, shards } = fixture(name);
  const copy = structuredClone(json);
  const weights = { bytes: concat(shards) };
  spoil(copy, weights);
  return () => fromTfjs(copy, weights.bytes);
};
const layersOf = (json) => json.modelTopology.config.layers;
const specsOf = (json) => json.weightsManifest[0].weights;

test("models and weights wasmlp cannot run: Errors naming the layer or weight", () => {
  const cases = [
    [spoilt("batchnorm", () => {}), /layer 1 \(BatchNormalization "bn"\) is not a dense layer; fromTfjs takes tf\.sequential models of Dense layers/],
    [spoilt("mixed-activations", () => {}), /layer 1 \("second"\) uses tanh but layer 0 \("dense_Dense\d+"\) uses relu; wasmlp uses one activation for all hidden layers/],
    [spoilt("elu", () => {}), /layer 0 \(Dense "hidden_elu"\) has the activation "elu"; wasmlp's hidden layers take relu, sigmoid, tanh or linear/],
    [spoilt("binary-softmax-relu", (j) => (layersOf(j)[1].config.activation = "softplus")), /layer 1 \(Dense "dense_Dense\d+"\) is the output layer with the activation "softplus"/],
    [spoilt("binary-softmax-relu", (j) => (layersOf(j)[0].class_name = "Conv1D")), /layer 0 \(Conv1D "dense_Dense\d+"\) is not a dense layer/],
    [spoilt("binary-softmax-relu", (j) => (j.modelTopology.class_name = "Model")), /the model's class_name is "Model"; fromTfjs takes tf\.sequential models/],
    [spoilt("binary-softmax-relu", (j, w) => (w.bytes = w.bytes.subarray(0, w.bytes.length - 4))), /the weights are 172 bytes, but weightsManifest describes 176: truncated/],
    [spoilt("binary-softmax-relu", (j, w) => (w.bytes = new Uint8Array(0))), /the weights are 0 bytes, but weightsManifest describes 176/],
    [spoilt("binary-softmax-relu", (j) => specsOf(j).splice(1, 1)), /the weights are 176 bytes, but weightsManifest describes 152/],
    [spoilt("binary-softmax-relu", (j) => (specsOf(j)[1].name = "other/bias")), /layer 0 \(Dense "dense_Dense\d+"\) has no bias in weightsManifest \(expected a weight named "dense_Dense\d+\/bias"\)/],
    [spoilt("binary-softmax-relu", (j) => (specsOf(j)[0].shape = [6, 4])), /layer 0 \(Dense "dense_Dense\d+"\)'s kernel "dense_Dense\d+\/kernel" has shape \[6,4\], expected \[4,6\]/],
    [spoilt("binary-softmax-relu", (j) => (specsOf(j)[0].shape = [1e6, 1e6])), /the weights are 176 bytes, but weightsManifest describes 4000000000080/],
    [spoilt("binary-softmax-relu", (j) => (specsOf(j)[0].shape = [-1, 6])), /shape must be a list of sizes/],
    [spoilt("binary-softmax-relu", (j) => (specsOf(j)[0].dtype = "float16")), /has dtype "float16"; fromTfjs reads float32 weights/],
    [spoilt("binary-softmax-relu", (j) => (specsOf(j)[0].quantization = { dtype: "uint8", scale: 0.1, min: 0 })), /is quantized; fromTfjs reads float32 weights/],
    [spoilt("binary-softmax-relu", (j) => specsOf(j).push({ name: "stray/kernel", shape: [0], dtype: "float32" })), /the weight "stray\/kernel", which no Dense layer of the model uses/],
    [spoilt("binary-softmax-relu", (j, w) => new DataView(w.bytes.buffer).setFloat32(8, NaN, true)), /layer 0 \("dense_Dense\d+"\): weights\[2\] is NaN; weights must be finite/],
    [spoilt("binary-softmax-relu", (j, w) => new DataView(w.bytes.buffer).setFloat32(4 * 24 + 4, Infinity, true)), /layer 0 \("dense_Dense\d+"\): bias\[1\] is Infinity/],
    [spoilt("binary-softmax-relu", (j) => (layersOf(j)[0].config.batch_input_shape = [null, 2, 2])), /takes inputs of shape \[null, 2, 2\]; wasmlp takes rows of numbers/],
    [spoilt("binary-softmax-relu", (j) => (layersOf(j)[1].config.units = 3)), /layer 1 \(Dense "dense_Dense\d+"\)'s kernel .* has shape \[6,2\], expected \[6,3\]/],
    [spoilt("binary-softmax-relu", (j) => delete j.weightsManifest), /weightsManifest must be a list of \{ paths, weights \} groups/],
    [spoilt("binary-softmax-relu", (j) => (j.modelTopology = null)), /modelTopology must be an object/],
    [spoilt("binary-softmax-relu", (j) => ((j.format = "graph-model"), (j.modelTopology = { node: [], versions: {} }))), /this is a TF\.js graph model .*, not a layers model/],
    [spoilt("activation-layers", (j) => (layersOf(j)[0].config.activation = "relu")), /layer 1 \(Activation "activation_Activation\d+"\) follows layer 0 \(Dense "dense_Dense\d+"\), which already applies relu/],
    [spoilt("activation-layers", (j) => (layersOf(j).unshift({ class_name: "Activation", config: { activation: "tanh", name: "early" } }))), /layer 0 \(Activation "early"\) comes before any Dense layer/],
    [spoilt("multiclass-sigmoid-nobias", (j) => (layersOf(j)[2].config.activation = "sigmoid")), /4 sigmoid units: a multi-label classifier, which wasmlp does not support/],
  ];
  for (const [run, pattern] of cases) throws(run, pattern);
  const { json, shards } = fixture("binary-softmax-relu");
  throws(() => fromTfjs(json, concat(shards), { classes: ["a", "b", "c"] }), /has 2 classes \(its output layer\), but classes has 3 labels/);
  throws(() => fromTfjs(json, "weights"), /the weights must be a Uint8Array or ArrayBuffer/);
  throws(() => fromTfjs("{", concat(shards)), /model\.json is not valid JSON/);
  throws(() => fromTfjs(json, concat(shards), { task: "ranking" }), /task must be "classification" or "regression", got "ranking"/);
});

test.run();
