// toONNX: onnxruntime-node, an independent ONNX runtime, evaluates the exported graph to
// the model's own predictProba/predict (classifiers) and predict (regressors) within
// float32 rounding, for every hidden activation, two and three classes (numbers and
// strings), one and three targets, standardization on and off; fromONNX reads the file
// back to toJSON's output; `wasmlp export --format onnx` writes the same bytes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { MLPClassifier, MLPRegressor, fromONNX } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { variants, train, probeRows, regressorVariants, trainRegressor, regressorName } from "./helpers/trained-models.js";
import { spawnSync } from "node:child_process";
import { cli, wasmlp, workspace } from "./helpers/cli.js";
import { boundedForward } from "./helpers/float32-bound.js";

// Float32 rounding: the two may differ by twice the bound of tests/helpers/float32-bound.js
// (each is within it of the exact value), derived there per output from the model's weights
// and the row. A wrong weight, bias, scaler or column order moves outputs far more.
function checkClose(actual, json, rows, width, what) {
  rows.forEach((row, r) => {
    const { values, bounds } = boundedForward(json, row);
    for (let c = 0; c < width; c++) {
      const a = actual[r * width + c];
      assert.ok(Math.abs(a - values[c]) <= 2 * bounds[c], `${what} row ${r} column ${c}: ${a}, float64 reference ${values[c]} ± ${2 * bounds[c]}`);
    }
  });
}

async function run(bytes, X) {
  const session = await ort.InferenceSession.create(bytes);
  const features = X[0].length;
  return session.run({ X: new ort.Tensor("float32", Float32Array.from(X.flat()), [X.length, features]) });
}

const name = (v) => `${v.activation}, ${v.classes} classes${v.standardize ? ", standardized" : ""}`;

for (const variant of variants) {
  test(`onnxruntime reproduces predictProba and predict: ${name(variant)}`, async () => {
    const { clf, X } = await train(variant, 3);
    const rows = probeRows(X);
    const bytes = clf.toONNX();
    assert.instance(bytes, Uint8Array);
    const out = await run(bytes, rows);
    const k = clf.classes.length;
    assert.equal(out.probabilities.dims, [rows.length, k]);
    assert.equal(out.class_index.dims, [rows.length]);
    assert.is(out.class_index.type, "int64");
    const expected = clf.predictProbaFlat(rows);
    const json = clf.toJSON();
    checkClose(expected, json, rows, k, "wasmlp");
    checkClose(out.probabilities.data, json, rows, k, "onnxruntime");
    const labels = clf.predict(rows);
    let decided = 0;
    for (let r = 0; r < rows.length; r++) {
      // The predicted class agrees wherever the two most probable classes are further
      // apart than the two bounds (a near-tie may go either way in float32).
      const { values, bounds } = boundedForward(json, rows[r]);
      const order = values.map((v, c) => c).sort((a, b) => values[b] - values[a]);
      if (values[order[0]] - values[order[1]] > 2 * (bounds[order[0]] + bounds[order[1]])) {
        decided++;
        assert.is(clf.classes[Number(out.class_index.data[r])], labels[r], `row ${r}`);
      }
    }
    assert.ok(decided > rows.length / 2, `only ${decided} rows were not near-ties`);
  });

  test(`fromONNX(toONNX()) is toJSON() and predicts the same bits: ${name(variant)}`, async () => {
    const { clf, X } = await train(variant, 3);
    const json = fromONNX(clf.toONNX());
    assert.equal(json, clf.toJSON());
    const rows = probeRows(X);
    const back = await MLPClassifier.fromJSON(json);
    assert.equal(Array.from(back.predictProbaFlat(rows)), Array.from(clf.predictProbaFlat(rows)));
    assert.equal((await loadModel(json)).predictProba(rows), clf.predictProba(rows));
  });
}

for (const variant of regressorVariants) {
  test(`onnxruntime reproduces an MLPRegressor's predict: ${regressorName(variant)}`, async () => {
    const { reg, X } = await trainRegressor(variant, 2);
    const rows = probeRows(X);
    const out = await run(reg.toONNX(), rows);
    assert.equal(out.predictions.dims, [rows.length, variant.targets]);
    const json = reg.toJSON();
    checkClose(Float64Array.from(reg.predict(rows).flat()), json, rows, variant.targets, "wasmlp");
    checkClose(out.predictions.data, json, rows, variant.targets, "onnxruntime");
  });

  test(`fromONNX(toONNX()) is toJSON() for a regressor: ${regressorName(variant)}`, async () => {
    const { reg, X } = await trainRegressor(variant, 2);
    const json = fromONNX(reg.toONNX());
    assert.equal(json, reg.toJSON());
    const rows = probeRows(X);
    assert.equal((await MLPRegressor.fromJSON(json)).predict(rows), reg.predict(rows));
  });
}

test("the metadata holds the classes, feature names and label name", async () => {
  const { clf, X, y } = await train({ activation: "relu", classes: 3, standardize: true }, 1);
  await clf.fit(X, y, { featureNames: ["width", "height", "depth"], labelName: "kind" });
  const text = new TextDecoder("latin1").decode(clf.toONNX());
  for (const entry of ["classes", JSON.stringify(["ant", "bee", "cat"]), "feature_names", JSON.stringify(["width", "height", "depth"]), "label_name", "kind"]) {
    assert.ok(text.includes(entry), entry);
  }
  const json = fromONNX(clf.toONNX());
  assert.equal([json.featureNames, json.labelName], [["width", "height", "depth"], "kind"]);
});

test("an unfitted model has no toONNX", () => {
  assert.throws(() => new MLPClassifier().toONNX(), /fit/);
  assert.throws(() => new MLPRegressor().toONNX(), /fit/);
});

test("wasmlp export --format onnx writes toONNX's bytes, atomically, never over the model", async () => {
  const ws = workspace("onnx-export");
  try {
    const { clf } = await train({ activation: "tanh", classes: 2, standardize: true }, 1);
    const model = ws.file("model.json", JSON.stringify(clf.toJSON()));
    const run = wasmlp(["export", model, "--format", "onnx", "-o", ws.path("model.onnx")]);
    assert.is(run.status, 0, run.stderr);
    assert.equal(new Uint8Array(readFileSync(ws.path("model.onnx"))), clf.toONNX());
    // Without -o, the bytes go to standard output when it is not a terminal.
    const piped = spawnSync(process.execPath, [cli, "export", model, "--format", "onnx"]);
    assert.is(piped.status, 0, String(piped.stderr));
    assert.equal(new Uint8Array(piped.stdout), clf.toONNX());
    const same = wasmlp(["export", model, "--format", "onnx", "-o", model]);
    assert.is(same.status, 2);
    assert.match(same.stderr, /same file/);
    assert.equal(JSON.parse(readFileSync(model, "utf8")), clf.toJSON());
    const bad = wasmlp(["export", model, "--format", "tflite"]);
    assert.is(bad.status, 2);
    assert.match(bad.stderr, /--format must be js, cjs or onnx/);
  } finally {
    ws.remove();
  }
});

test.run();
