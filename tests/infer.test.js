// wasmlp/infer: the same probabilities as MLPClassifier.predictProba, bit for bit, from
// every model form; and clear errors for anything that is not a model or not samples.
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
      assert.equal(model.classes, clf.classes);
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

test("garbage is refused with an Error that says what is wrong", async () => {
  const { clf } = await train(variants[1]);
  const json = clf.toJSON();
  const bytes = clf.toBytes();
  const cases = [
    [42, /not a wasmlp model/],
    [null, /not a wasmlp model/],
    ["{nope", /not a wasmlp model: bad JSON/],
    [{ ...json, format: "other" }, /not a wasmlp model/],
    [{ ...json, version: 2 }, /version 2/],
    [{ ...json, sizes: [3, 0, 1] }, /sizes must be 2 to 64 layer widths from 1 to 65536, got \[3,0,1\]/],
    // Nesting deep enough to overflow a recursive String() or JSON.stringify.
    [{ ...json, sizes: [Array.from({ length: 1e5 }).reduce((inner) => [inner], [])] }, /sizes must be .* got object/],
    [{ ...json, version: Array.from({ length: 1e5 }).reduce((inner) => [inner], []) }, /version object; this reader knows version 1/],
    [{ ...json, activation: "swish" }, /activation must be/],
    [{ ...json, classes: [0] }, /classes has 1 labels for 1 output units/],
    [{ ...json, classes: [0, 1, 2] }, /classes has 3 labels for 1 output units; a model has 1 output for 2 classes/],
    [{ ...json, scaler: { mean: [0], scale: [1] } }, /scaler.mean must be 3 finite numbers/],
    [{ ...json, params: json.params.slice(1) }, /params must be an array of \d+ numbers/],
    [{ ...json, params: [NaN, ...json.params.slice(1)] }, /params\[0\] is NaN/],
    [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), /no WMLP header/],
    [bytes.subarray(0, 12), /^truncated model$/],
    [bytes.subarray(0, bytes.length - 4), /truncated or padded model: \d+ bytes, expected \d+/],
    [{ ...json, scaler: { mean: [0, 0, 0], scale: [1, 0, 1] } }, /scaler.scale must be 3 finite numbers > 0/],
  ];
  for (const [source, message] of cases) {
    try {
      await loadModel(source);
      assert.unreachable(`loaded ${String(source).slice(0, 40)}`);
    } catch (error) {
      assert.instance(error, Error);
      assert.match(error.message, message);
    }
  }
});

test("bad samples are refused with an Error naming the row and column", async () => {
  const model = await loadModel((await train(variants[0])).clf.toJSON());
  assert.throws(() => model.predictProba([]), /X is empty/);
  assert.throws(() => model.predictProba("abc"), /X must be an array of rows/);
  assert.throws(() => model.predictProba([[1, 2, 3], [1, 2]]), /X\[1\] must be an array of 3 numbers/);
  assert.throws(() => model.predict([[1, 2, 3], [1, NaN, 3]]), /X\[1\]\[1\] is NaN/);
  assert.throws(() => model.predict([[1, "2", 3]]), /X\[0\]\[1\] is "2"/);
  assert.throws(() => model.predict([[1, 2, 1e39]]), /X\[0\]\[2\] is 1e\+39/);
  assert.throws(() => model.predict(new Float64Array(4)), /flat X has 4 values, not whole rows of 3/);
});

test.run();
