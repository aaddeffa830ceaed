// wasmlp/infer and exportModule with regressor models: the numbers MLPRegressor.predict
// gives, bit for bit, from every model form, for every hidden activation, one target and
// three, targets standardized or not; one number a row for one target, rows for several;
// predictProba refused with a clear Error; outputs that overflow float32 refused alike.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPRegressor, exportModule } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { loadModel as loadSimd } from "../build/infer-simd.js";
import { regressorVariants, trainRegressor, regressorName, regressionData, probeRows } from "./helpers/trained-models.js";
import { importSource, NO_PROBABILITIES } from "./helpers/entries.js";
import { assertBits } from "./helpers/bits.js";

const refusesProbabilities = (model, rows, context) =>
  assert.throws(() => model.predictProba(rows), (error) => error instanceof Error && error.message === NO_PROBABILITIES, context);

for (const variant of regressorVariants) {
  test(`loadModel and exported modules predict as MLPRegressor does: ${regressorName(variant)}`, async () => {
    const { reg } = await trainRegressor(variant);
    const rows = probeRows(regressionData(variant.targets, 2).X);
    const expected = reg.predict(rows);
    assert.ok(expected.flat().every(Number.isFinite), "finite predictions to compare");
    assert.is(Array.isArray(expected[0]), variant.targets > 1, "a number a row for one target, rows for several");
    const json = reg.toJSON();
    const bytes = reg.toBytes();
    for (const [form, source] of [["object", json], ["text", JSON.stringify(json)], ["bytes", bytes], ["ArrayBuffer", bytes.slice().buffer]]) {
      const model = await loadModel(source);
      assertBits(model.predict(rows), expected, `loadModel, ${form} form`);
      assert.equal([model.kind, model.classes, model.features, model.sizes], ["regressor", [], 3, [3, 7, 5, variant.targets]]);
      refusesProbabilities(model, rows, `loadModel, ${form} form`);
    }
    for (const source of [json, bytes]) {
      const exported = await importSource(exportModule(source));
      assertBits(exported.predict(rows), expected, "the exported module");
      assert.equal([exported.kind, exported.classes, exported.features], ["regressor", [], 3]);
      refusesProbabilities(exported, rows, "the exported module");
    }
  });
}

test("flat Float32Array and Float64Array rows give loadModel's predictions the library's", async () => {
  const { reg, X } = await trainRegressor(regressorVariants[7]);
  const model = await loadModel(reg.toBytes());
  const f64 = Float64Array.from(X.flat());
  const f32 = Float32Array.from(X.flat());
  assertBits(model.predict(f64), reg.predict(X), "Float64Array");
  assertBits(model.predict(f32), reg.predict(f32), "Float32Array");
});

// Hidden unit 0 sums 3e38·x0 − 3e38·x1: Infinity for (2, 0), Infinity − Infinity for (2, 2).
const overflowing = {
  format: "wasmlp-mlp", version: 3, kind: "regressor", sizes: [3, 2, 1], activation: "relu", targetScaler: { mean: [5], scale: [2] },
  scaler: null, featureNames: null, labelName: null, options: {}, params: [3e38, -3e38, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0.5],
};

test("outputs that overflow float32 (±Infinity or NaN) fail with the same Error everywhere, naming the first such row", async () => {
  const X = Array.from({ length: 600 }, () => [0, 0, 0]);
  X[301] = [2, 0, 0];
  X[550] = [2, 2, 0];
  const expected = "the model's outputs overflow float32 on X[301]; retrain it with a smaller learningRate or l2 > 0";
  const entries = [
    await MLPRegressor.fromJSON(overflowing), await loadModel(overflowing), await loadSimd(overflowing), await importSource(exportModule(overflowing)),
  ];
  for (const [i, model] of entries.entries()) {
    assert.throws(() => model.predict(X), (error) => error.message === expected, `entry ${i}`);
    assert.throws(() => model.predict(X.slice(302)), /X\[248\]; retrain/, `entry ${i}: a NaN output`);
    assert.equal(model.predict([[0, 0, 0]]), [6.5], `entry ${i}: a finite row`);
  }
  // A bad input anywhere comes first, even after the row that overflows.
  X[590] = [0, NaN, 0];
  for (const model of entries) assert.throws(() => model.predict(X), /X\[590\]\[1\]/);
});

test.run();
