// wasmlp/infer/simd: the numbers of MLPClassifier.predictProba / predictProbaFlat and of
// MLPRegressor.predict, bit for bit, from every model form and activation, on rows, flat
// Float32Array and Float64Array input, across block boundaries (256 rows a block, the last
// one padded in the core); the same errors and getters as wasmlp/infer. Damaged models and
// outputs that overflow: tests/model-acceptance.test.js (helpers/entries.js holds every
// entry, this one included, to one acceptance).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, MLPRegressor } from "../build/index.js";
import { loadModel as loadSmall } from "../build/infer.js";
import { loadModel } from "../build/infer-simd.js";
import { variants, train, probeRows, regressorVariants, trainRegressor, regressorName, regressionData } from "./helpers/trained-models.js";
import { NO_PROBABILITIES } from "./helpers/entries.js";
import { assertBits } from "./helpers/bits.js";

const name = (v) => `${v.activation}, ${v.classes} classes${v.standardize ? ", standardized" : ""}`;
const sameBits = (a, b) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const GETTERS = ["classes", "features", "sizes", "activation", "featureNames", "kind"];

/** `rows` rows like X's, spread wider, so some saturate the activations. */
function manyRows(X, rows) {
  return Array.from({ length: rows }, (_, i) => X[i % X.length].map((v, c) => v * (1 + ((i * 7 + c) % 13) / 3) - ((i % 5) - 2) * 9));
}

for (const variant of variants) {
  test(`predictProba, predictProbaFlat and predict are bit-identical to MLPClassifier: ${name(variant)}`, async () => {
    const { clf } = await train(variant);
    const rows = probeRows((await train(variant, 2)).X);
    const json = clf.toJSON();
    const bytes = clf.toBytes();
    for (const [form, source] of [["object", json], ["text", JSON.stringify(json)], ["bytes", bytes], ["ArrayBuffer", bytes.slice().buffer]]) {
      const model = await loadModel(source);
      assert.equal(model.predictProba(rows), clf.predictProba(rows), `predictProba from the ${form} form`);
      assert.equal(model.predict(rows), clf.predict(rows), `predict from the ${form} form`);
      assert.ok(sameBits(model.predictProbaFlat(rows), clf.predictProbaFlat(rows)), `predictProbaFlat from the ${form} form`);
      const small = await loadSmall(source);
      for (const getter of GETTERS) assert.equal(model[getter], small[getter], `${getter}, as wasmlp/infer reports it`);
    }
  });
}

test("flat Float32Array and Float64Array rows over several blocks give the library's bits, the last block partial", async () => {
  for (const variant of [variants[2], variants[7], variants[13]]) {
    const { clf, X } = await train(variant);
    const model = await loadModel(clf.toBytes());
    for (const count of [1, 3, 255, 256, 257, 1000]) {
      const rows = manyRows(X, count);
      const f64 = Float64Array.from(rows.flat());
      const f32 = Float32Array.from(rows.flat());
      const context = `${name(variant)}, ${count} rows`;
      assert.ok(sameBits(model.predictProbaFlat(f32), clf.predictProbaFlat(f32)), `${context}: Float32Array`);
      assert.ok(sameBits(model.predictProbaFlat(f64), clf.predictProbaFlat(f64)), `${context}: Float64Array`);
      assert.ok(sameBits(model.predictProbaFlat(rows), clf.predictProbaFlat(rows)), `${context}: rows`);
      assert.equal(model.predict(f32), clf.predict(f32), `${context}: labels`);
    }
  }
});

test("a model whose input is its widest layer, written by hand, predicts as the library does", async () => {
  const features = 70;
  const sizes = [features, 2, 3];
  const params = Array.from({ length: 2 * (features + 1) + 3 * 3 }, (_, i) => Math.fround(Math.sin(i * 1.7) * 0.3));
  const json = {
    format: "wasmlp-mlp", version: 2, sizes, activation: "tanh", classes: ["a", "b", "c"],
    scaler: { mean: Array.from({ length: features }, (_, i) => i / 7), scale: Array.from({ length: features }, (_, i) => 1 + i / 3) },
    options: {}, featureNames: null, labelName: null, params,
  };
  const clf = await MLPClassifier.fromJSON(json);
  const model = await loadModel(json);
  const X = Float32Array.from({ length: 300 * features }, (_, i) => Math.cos(i * 0.37) * 40);
  assert.ok(sameBits(model.predictProbaFlat(X), clf.predictProbaFlat(X)));
  assert.equal(model.predict(X), clf.predict(X));
});

test("every depth and width gives the library's bits: no hidden layer, one unit, eight layers, 200 units", async () => {
  const X = Array.from({ length: 700 }, (_, i) => [Math.sin(i) * 3, Math.cos(i * 1.3) * 2]);
  const y = X.map((_, i) => i % 3);
  for (const [hiddenLayers, activation] of [[[], "relu"], [[1], "sigmoid"], [[3, 4, 5, 6, 7, 8, 9, 3], "tanh"], [[200], "relu"]]) {
    for (const classes of [2, 3]) {
      const clf = await new MLPClassifier({ hiddenLayers, activation, epochs: 3, seed: 1 }).fit(X, y.map((v) => v % classes));
      const model = await loadModel(clf.toBytes());
      assert.ok(sameBits(model.predictProbaFlat(X), clf.predictProbaFlat(X)), `${hiddenLayers}, ${classes} classes`);
      assert.equal(model.predict(X), clf.predict(X), `${hiddenLayers}, ${classes} classes: labels`);
    }
    const reg = await new MLPRegressor({ hiddenLayers, activation, epochs: 3, seed: 1 }).fit(X, X.map(([a, b]) => 2 * a - b));
    assertBits((await loadModel(reg.toJSON())).predict(X), reg.predict(X), `${hiddenLayers}: a regressor`);
  }
});

for (const variant of regressorVariants) {
  test(`predict is bit-identical to MLPRegressor, on rows and flat arrays: ${regressorName(variant)}`, async () => {
    const { reg } = await trainRegressor(variant);
    const rows = probeRows(regressionData(variant.targets, 2).X);
    for (const source of [reg.toJSON(), reg.toBytes()]) {
      const model = await loadModel(source);
      assertBits(model.predict(rows), reg.predict(rows), "rows");
      const f32 = Float32Array.from(manyRows(rows, 600).flat());
      assertBits(model.predict(f32), reg.predict(f32), "Float32Array");
      for (const call of [() => model.predictProba(rows), () => model.predictProbaFlat(f32)]) {
        assert.throws(call, (error) => error instanceof Error && error.message === NO_PROBABILITIES);
      }
    }
  });
}

test("each model has its own instance: two loaded models do not disturb each other", async () => {
  const a = await train(variants[0]);
  const b = await train(variants[5]);
  const ma = await loadModel(a.clf.toJSON());
  const mb = await loadModel(b.clf.toJSON());
  const pa = ma.predictProbaFlat(manyRows(a.X, 300));
  mb.predictProbaFlat(manyRows(b.X, 500));
  assert.ok(sameBits(ma.predictProbaFlat(manyRows(a.X, 300)), pa));
  assert.ok(sameBits(pa, a.clf.predictProbaFlat(manyRows(a.X, 300))));
});

test("bad samples are refused with wasmlp/infer's Error, naming the row and column, in every form", async () => {
  const json = (await train(variants[1])).clf.toJSON();
  const [model, small] = [await loadModel(json), await loadSmall(json)];
  const flat = (Type, at, value) => {
    const X = new Type(600 * 3).fill(0.5);
    X[at] = value;
    return X;
  };
  const bad = [
    [[], /^X must be rows of 3 numbers, or a Float32Array\/Float64Array of them, got an array of 0$/],
    ["abc", /^X must be .*, got "abc"$/],
    [new Float64Array(4), /^X must be .*, got an array of 4$/],
    [new Int32Array(6), /^X\[0\] must be an array of 3 numbers, got 0$/],
    [[[1, 2, 3], [1, 2]], /^X\[1\] must be an array of 3 numbers, got an array of 2$/],
    [[[1, 2, 3], [1, NaN, 3]], /^X\[1\]\[1\] must be a finite float32 number, got NaN$/],
    [[[1, "2", 3]], /^X\[0\]\[1\] must be a finite float32 number, got "2"$/],
    [[[1, 2, 1e39]], /^X\[0\]\[2\] must be a finite float32 number, got 1e\+39$/],
    [[[1, 2, 3], [1, 2, NaN], [1, 2]], /^X\[1\]\[2\] must be a finite float32 number, got NaN$/],
    // Checked in the core: a block after the first, each width.
    [flat(Float32Array, 300 * 3 + 2, NaN), /^X\[300\]\[2\] must be a finite float32 number, got NaN$/],
    [flat(Float32Array, 599 * 3, -Infinity), /^X\[599\]\[0\] must be a finite float32 number, got -Infinity$/],
    [flat(Float64Array, 257 * 3 + 1, 1e39), /^X\[257\]\[1\] must be a finite float32 number, got 1e\+39$/],
    [flat(Float64Array, 3, Infinity), /^X\[1\]\[0\] must be a finite float32 number, got Infinity$/],
  ];
  for (const [X, message] of bad) {
    for (const call of [(m) => m.predict(X), (m) => m.predictProba(X)]) {
      assert.throws(() => call(model), message, String(message));
      assert.throws(() => call(small), message, `wasmlp/infer: ${message}`);
    }
    assert.throws(() => model.predictProbaFlat(X), message, `predictProbaFlat: ${message}`);
  }
  // After an error the model still predicts (nothing half-written stays in its way).
  const rows = [[0.5, 1.5, 2.5], [3, -1, 0]];
  assert.equal(model.predictProba(rows), (await MLPClassifier.fromJSON(json)).predictProba(rows));
});

test.run();
