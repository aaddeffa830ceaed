// wasmlp/infer: the same probabilities as MLPClassifier.predictProba, bit for bit, from
// every model form, for every hidden activation; and clear errors for anything that is not
// a model or not samples. Regressors: tests/regressor-entries.test.js.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadModel } from "../build/infer.js";
import { variants, train, probeRows } from "./helpers/trained-models.js";

const name = (v) => `${v.activation}, ${v.classes} classes${v.standardize ? ", standardized" : ""}`;

for (const variant of variants) {
  test(`predictProba and predict are bit-identical to MLPClassifier: ${name(variant)}`, async () => {
    const { clf } = await train(variant);
    const rows = probeRows((await train(variant, 2)).X);
    const expected = clf.predictProba(rows);
    const labels = clf.predict(rows);
    const json = clf.toJSON();
    const bytes = clf.toBytes();
    for (const [form, source] of [["object", json], ["text", JSON.stringify(json)], ["bytes", bytes], ["ArrayBuffer", bytes.slice().buffer]]) {
      const model = await loadModel(source);
      assert.equal(model.predictProba(rows), expected, `predictProba from the ${form} form`);
      assert.equal(model.predict(rows), labels, `predict from the ${form} form`);
      assert.equal([model.kind, model.classes], ["classifier", clf.classes]);
    }
  });
}

test("flat Float32Array and Float64Array samples give the same numbers as rows", async () => {
  const { clf, X } = await train(variants[3]);
  const model = await loadModel(clf.toBytes());
  const expected = clf.predictProba(X);
  assert.equal(model.predictProba(Float64Array.from(X.flat())), expected);
  const f32 = Float32Array.from(X.flat());
  assert.equal(model.predictProba(f32), clf.predictProba(f32));
  assert.is(model.features, 3);
  assert.equal(model.sizes, [3, 7, 5, 3]);
  assert.is(model.activation, variants[3].activation);
});

test("each model has its own instance: two loaded models do not disturb each other", async () => {
  const a = await train(variants[0]);
  const b = await train(variants[5]);
  const ma = await loadModel(a.clf.toJSON());
  const mb = await loadModel(b.clf.toJSON());
  const pa = ma.predictProba(a.X);
  mb.predictProba(b.X);
  assert.equal(ma.predictProba(a.X), pa);
  assert.equal(pa, a.clf.predictProba(a.X));
});

// Damaged and foreign models: tests/model-acceptance.test.js, against every entry.

test("the model's feature names, when it has them", async () => {
  const { clf, X, y } = await train(variants[2]);
  assert.is((await loadModel(clf.toJSON())).featureNames, undefined);
  const named = await clf.fit(X, y, { featureNames: ["a", "b", "c"], labelName: "kind" });
  for (const source of [named.toJSON(), named.toBytes()]) {
    const model = await loadModel(source);
    assert.equal(model.featureNames, ["a", "b", "c"]);
    model.featureNames.pop();
    assert.equal(model.featureNames, ["a", "b", "c"], "a copy");
  }
});

test("bad samples are refused with an Error naming the row and column", async () => {
  const model = await loadModel((await train(variants[0])).clf.toJSON());
  assert.throws(() => model.predictProba([]), /^X must be rows of 3 numbers, or a Float32Array\/Float64Array of them, got an array of 0$/);
  assert.throws(() => model.predictProba("abc"), /^X must be .*, got "abc"$/);
  assert.throws(() => model.predictProba([[1, 2, 3], [1, 2]]), /^X\[1\] must be an array of 3 numbers, got an array of 2$/);
  assert.throws(() => model.predict([[1, 2, 3], [1, NaN, 3]]), /^X\[1\]\[1\] must be a finite float32 number, got NaN$/);
  assert.throws(() => model.predict([[1, "2", 3]]), /^X\[0\]\[1\] must be a finite float32 number, got "2"$/);
  assert.throws(() => model.predict([[1, 2, 1e39]]), /^X\[0\]\[2\] must be a finite float32 number, got 1e\+39$/);
  assert.throws(() => model.predict(new Float64Array(4)), /^X must be .*, got an array of 4$/);
});

test.run();
