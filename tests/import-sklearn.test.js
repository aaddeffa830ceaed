// fromSklearn: scikit-learn MLPs, dumped by the README's Python (the script and its outputs
// are in tests/fixtures/import/), predict what scikit-learn predicted on the same rows,
// within float32 rounding, through MLPClassifier/MLPRegressor and wasmlp/infer; and dumps
// wasmlp cannot run exactly are refused with an Error naming the field.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { MLPClassifier, MLPRegressor, fromSklearn } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { throws } from "./helpers/errors.js";

const dir = new URL("./fixtures/import/sklearn/", import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const read = (name) => JSON.parse(readFileSync(new URL(name, dir), "utf8"));

// scikit-learn computes in float64; wasmlp rounds the weights and standardized inputs to
// float32 and computes in float32. Measured on these fixtures: probabilities within 1.2e-7
// of scikit-learn's, a regressor's predictions within 3.4e-7 relative (a few float32 ulps);
// 1e-6 (relative beyond 1) is far below what a misplaced weight or swapped class changes.
const TOLERANCE = 1e-6;

function close(actual, expected, what) {
  assert.is(actual.length, expected.length, `${what}: rows`);
  actual.forEach((row, i) => [row].flat().forEach((v, k) => {
    const e = [expected[i]].flat()[k];
    assert.ok(Math.abs(v - e) <= TOLERANCE * Math.max(1, Math.abs(e)), `${what}: row ${i} column ${k}: ${v} vs scikit-learn's ${e}`);
  }));
}

test("the fixtures cover every activation and head", () => {
  assert.ok(fixtures.length >= 18, `${fixtures.length} fixtures`);
  const dumps = fixtures.map((f) => read(f).dump);
  for (const a of ["identity", "logistic", "tanh", "relu"]) assert.ok(dumps.some((d) => d.activation === a && d.classes_), a);
  for (const out of ["identity", "logistic", "softmax"]) assert.ok(dumps.some((d) => d.out_activation_ === out), out);
  assert.ok(dumps.some((d) => d.feature_names_in_) && dumps.some((d) => d.scaler?.mean_ === null) && dumps.some((d) => d.coefs_.at(-1)[0].length === 3 && !d.classes_));
});

for (const name of fixtures) {
  test(`scikit-learn's ${name}: the same predictions`, async () => {
    const { dump, X, predict_proba: proba, predict } = read(name);
    for (const json of [fromSklearn(dump), fromSklearn(JSON.stringify(dump))]) {
      const infer = await loadModel(json);
      if (dump.classes_) {
        const clf = await MLPClassifier.fromJSON(json);
        assert.equal(clf.classes, dump.classes_, "classes in classes_ order");
        close(clf.predictProba(X), proba, "predictProba");
        close(infer.predictProba(X), proba, "wasmlp/infer predictProba");
        // A row whose two best classes sklearn gives within the tolerance could go either
        // way in float32; none of these is that close, so every label must agree.
        assert.equal(clf.predict(X), predict);
        assert.equal(infer.predict(X), predict);
      } else {
        const reg = await MLPRegressor.fromJSON(json);
        close(reg.predict(X), predict, "predict");
        close(infer.predict(X), predict, "wasmlp/infer predict");
      }
      assert.equal(json.featureNames ?? null, dump.feature_names_in_ ?? null);
    }
  });
}

test("with_mean=False and with_std=False: the flags leave out what StandardScaler leaves out", () => {
  const { dump } = read("binary-strings-scaled.json");
  const { mean_, scale_ } = dump.scaler;
  assert.equal(fromSklearn({ ...dump, scaler: { mean_, scale_, with_mean: false } }).scaler, { mean: mean_.map(() => 0), scale: scale_ });
  assert.equal(fromSklearn({ ...dump, scaler: { mean_, scale_, with_std: false } }).scaler, { mean: mean_, scale: scale_.map(() => 1) });
  assert.equal(fromSklearn({ ...dump, scaler: null }).scaler, null);
});

const base = () => structuredClone(read("multiclass-strings-relu.json").dump);
const binary = () => structuredClone(read("binary-numeric-tanh.json").dump);

test("dumps wasmlp cannot run exactly: Errors naming the field", () => {
  const cases = [
    [base, (d) => d.coefs_[1].pop(), /layer 1 \("coefs_\[1\], intercepts_\[1\]"\) takes 5 inputs, but layer 0 \("coefs_\[0\], intercepts_\[0\]"\) gives 6 outputs/],
    [base, (d) => (d.coefs_[0][2][1] = null), /weights\[2\]\[1\] is null; weights must be finite/],
    [base, (d) => (d.intercepts_[2] = [0, 0]), /layer 2 .*bias must be 3 numbers \(one per unit\), got 2/],
    [base, (d) => d.intercepts_.pop(), /intercepts_ must be a list of 3 bias vectors/],
    [base, (d) => (d.intercepts_[1] = null), /intercepts_\[1\] must be a list of biases, got null/],
    [base, (d) => (d.n_features_in_ = 5), /coefs_\[0\] has 4 rows but n_features_in_ is 5/],
    [base, (d) => (d.activation = "softplus"), /activation must be one of "identity", "logistic", "tanh", "relu".*got "softplus"/],
    [base, (d) => (d.out_activation_ = "identity"), /out_activation_ must be "logistic" \(two classes\) or "softmax" for a classifier's dump/],
    [base, (d) => (d.out_activation_ = "logistic"), /out_activation_ is "logistic" with 3 outputs: a multi-label MLPClassifier/],
    [base, (d) => d.classes_.pop(), /has 3 classes \(its output layer\), but classes has 2 labels/],
    [base, (d) => (d.classes_ = [true, false, true]), /classes\[0\] is a boolean; labels must be finite numbers or strings/],
    [base, (d) => delete d.classes_, /out_activation_ must be "identity" for a regressor's dump.*needs its classes_/],
    [base, (d) => delete d.coefs_, /the scikit-learn dump has no coefs_/],
    [base, (d) => (d.loss_ = 0.1), /the scikit-learn dump has an unknown field "loss_"; it takes coefs_, /],
    [base, (d) => (d.scaler = { mean_: [0, 0, 0], scale_: [1, 1, 1, 1] }), /input\.mean must be 4 numbers/],
    [base, (d) => (d.scaler = { mean: [0, 0, 0, 0] }), /scaler has an unknown field "mean"/],
    [base, (d) => (d.scaler.scale_[0] = 0), /input\.scale\[0\] is 0/],
    [base, (d) => (d.feature_names_in_ = ["a", "b", "c", "a"]), /featureNames\[3\] must be a string not used before/],
    [binary, (d) => (d.out_activation_ = "softmax"), /is a softmax over 1 unit/],
    [binary, (d) => (d.classes_ = [0, 1, 2]), /has 2 classes \(its output layer\), but classes has 3 labels/],
  ];
  for (const [make, spoil, pattern] of cases) {
    const dump = make();
    spoil(dump);
    throws(() => fromSklearn(dump), pattern);
  }
  throws(() => fromSklearn('{"coefs_": [[[NaN]]]}'), /the scikit-learn dump is not valid JSON \(.*\); it holds NaN, which JSON has no number for/);
  throws(() => fromSklearn("[1, 2]"), /the scikit-learn dump must be a JSON object/);
});

test("the README's converter is the one the fixture script runs", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const script = readFileSync(new URL("./fixtures/import/make-sklearn-models.py", import.meta.url), "utf8");
  const body = (text) => /def wasmlp_dump\(.*?\n    return d\n/s.exec(text)?.[0];
  assert.ok(body(script), "the script defines wasmlp_dump");
  assert.is(body(readme), body(script));
});

test.run();
