// A regressor's model files: toJSON/fromJSON and toBytes/fromBytes give back the same model
// bit for bit; the files are format version 3 (kind "regressor", a targetScaler instead of
// classes), as are classifiers with identity hidden units; each class refuses the other's
// files, naming the one to use; and the hand-written version 3 fixtures load in every entry
// with the numbers a float64 reading of their layout gives.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MLPClassifier, MLPRegressor, exportModule } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { importSource } from "./helpers/entries.js";
import { assertBits } from "./helpers/bits.js";
import { regressionData } from "./helpers/trained-models.js";
import { predictProba as referenceProba, regress, unpackParams } from "./helpers/mlp-reference.js";
import { rejects, throws } from "./helpers/errors.js";
import { SEED } from "./helpers/seed.js";

const one = regressionData(1);
const three = regressionData(3);
const probe = [...three.X.slice(0, 40), [0, 0, 0], [100, -100, 7], [-1e4, 3, 1e3]];

const models = [
  ["one target, standardized", one, { hiddenLayers: [6], activation: "tanh" }, {}],
  ["three targets as given, inputs as given", three, { hiddenLayers: [5, 4], activation: "relu", standardize: false, standardizeTargets: false }, {}],
  ["identity units, names", one, { hiddenLayers: [4], activation: "identity" }, { featureNames: ["a", "b", "c"], labelName: "price" }],
];

const trained = ([, data, options, fit]) => new MLPRegressor({ epochs: 15, learningRate: 0.01, seed: 5, ...options }).fit(data.X, data.y, fit);

function assertSameModel(loaded, original, context) {
  assertBits(loaded.predict(probe), original.predict(probe), context);
  assert.equal([loaded.targets, loaded.featureNames, loaded.options], [original.targets, original.featureNames, original.options], context);
  assert.equal({ coefs: loaded.coefs, intercepts: loaded.intercepts }, { coefs: original.coefs, intercepts: original.intercepts }, context);
}

for (const model of models) {
  test(`a regressor's round trips give bit-identical predictions: ${model[0]}`, async () => {
    const reg = await trained(model);
    const json = reg.toJSON();
    const text = JSON.stringify(json);
    for (const [form, loaded] of [["object", await MLPRegressor.fromJSON(json)], ["text", await MLPRegressor.fromJSON(text)], ["parsed text", await MLPRegressor.fromJSON(JSON.parse(text))]]) {
      assertSameModel(loaded, reg, `JSON, ${form}`);
      assert.equal(loaded.toJSON(), json, `JSON, ${form}: saved again, the same file`);
    }
    const bytes = reg.toBytes();
    const pooled = new Uint8Array(bytes.length + 5);
    pooled.set(bytes, 5);
    for (const [form, source] of [["Uint8Array", bytes], ["ArrayBuffer", bytes.slice().buffer], ["view into a larger buffer", pooled.subarray(5)]]) {
      const loaded = await MLPRegressor.fromBytes(source);
      assertSameModel(loaded, reg, `bytes, ${form}`);
      assert.equal(loaded.toBytes(), bytes, `bytes, ${form}: saved again, the same file`);
    }
  });
}

test("a regressor's file is version 3, kind regressor, with its targets' scaler in place of classes", async () => {
  const standardized = (await trained(models[0])).toJSON();
  assert.equal(Object.keys(standardized), ["format", "version", "kind", "sizes", "activation", "targetScaler", "scaler", "featureNames", "labelName", "options", "params"]);
  assert.equal([standardized.version, standardized.kind, standardized.sizes], [3, "regressor", [3, 6, 1]]);
  const { mean, scale } = standardized.targetScaler;
  const y = one.y;
  const average = y.reduce((s, v) => s + v, 0) / y.length;
  assert.ok(Math.abs(mean[0] - average) < 1e-9 * Math.abs(average), `target mean ${mean[0]}, the data's ${average}`);
  assert.ok(Math.abs(scale[0] - Math.sqrt(y.reduce((s, v) => s + (v - average) ** 2, 0) / y.length)) < 1e-6 * scale[0]);
  const raw = (await trained(models[1])).toJSON();
  assert.equal([raw.targetScaler, raw.scaler, raw.sizes.at(-1)], [null, null, 3]);
  assert.not.ok("classes" in raw);
  const header = JSON.parse(new TextDecoder().decode((await trained(models[2])).toBytes().subarray(8)).replace(/}[^}]*$/, "}"));
  assert.equal([header.version, header.kind, header.featureNames, header.labelName, header.paramCount], [3, "regressor", ["a", "b", "c"], "price", 4 * 4 + 5]);
});

test("classifiers are written in the oldest version that holds them: 3 only for identity units", async () => {
  const { X } = one;
  const y = X.map(([a]) => (a > 10 ? "big" : "small"));
  const fit = (activation, names) => new MLPClassifier({ ...SEED, hiddenLayers: [3], activation, epochs: 5 }).fit(X, y, names);
  const identity = (await fit("identity")).toJSON();
  assert.equal([identity.version, identity.kind, identity.classes, identity.featureNames], [3, "classifier", ["big", "small"], null]);
  assert.equal([(await fit("relu")).toJSON().version, (await fit("relu", { labelName: "size" })).toJSON().version], [1, 2]);
  assert.not.ok("kind" in (await fit("tanh")).toJSON());
});

test("each class refuses the other's files, naming the class to load them with", async () => {
  const reg = await trained(models[0]);
  const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [3], epochs: 5 }).fit(one.X, one.X.map(([a]) => +(a > 10)));
  const forRegressor = /^this model is an MLPRegressor's; load it with MLPRegressor\.fromJSON or MLPRegressor\.fromBytes$/;
  const forClassifier = /^this model is an MLPClassifier's; load it with MLPClassifier\.fromJSON or MLPClassifier\.fromBytes$/;
  await rejects(MLPClassifier.fromJSON(reg.toJSON()), forRegressor);
  await rejects(MLPClassifier.fromBytes(reg.toBytes()), forRegressor);
  await rejects(MLPRegressor.fromJSON(JSON.stringify(clf.toJSON())), forClassifier);
  await rejects(MLPRegressor.fromBytes(clf.toBytes()), forClassifier);
  throws(() => new MLPRegressor().toJSON(), /^this MLPRegressor is not fitted yet: call fit before toJSON$/);
});

const fixtures = new URL("./fixtures/models/", import.meta.url);
const fixture = (file) => (file.endsWith(".json") ? readFileSync(new URL(file, fixtures), "utf8") : new Uint8Array(readFileSync(new URL(file, fixtures))));

test("version 1 and 2 classifier fixtures still load in every entry, and MLPRegressor refuses them", async () => {
  const X = [[0, 0], [1, -2], [0.5, -2]];
  for (const file of ["valid.json", "valid.bin", "valid-names.json", "valid-names.bin"]) {
    const source = fixture(file);
    const clf = await (file.endsWith(".json") ? MLPClassifier.fromJSON(source) : MLPClassifier.fromBytes(source));
    assert.equal((await loadModel(source)).predictProba(X), clf.predictProba(X), `${file} in wasmlp/infer`);
    assert.equal((await importSource(exportModule(source))).predictProba(X), clf.predictProba(X), `${file} exported`);
    await rejects(file.endsWith(".json") ? MLPRegressor.fromJSON(source) : MLPRegressor.fromBytes(source), /^this model is an MLPClassifier's/);
  }
});

test("the version 3 and 4 fixtures load in every entry, with the numbers a float64 reading of their layout gives", async () => {
  const X = [[0, 0], [1, -2], [0.5, -2], [-3, 4], [2, -1.75]];
  const json = JSON.parse(fixture("valid-regressor.json"));
  const scaled = X.map((r) => r.map((v, c) => (v - json.scaler.mean[c]) / json.scaler.scale[c]));
  const expected = regress(unpackParams(json.sizes, json.params), scaled, "relu").map((row) => row.map((v, k) => v * json.targetScaler.scale[k] + json.targetScaler.mean[k]));
  const fromJSON = await MLPRegressor.fromJSON(fixture("valid-regressor.json"));
  const predicted = fromJSON.predict(X);
  predicted.forEach((row, i) => row.forEach((v, k) => assert.ok(Math.abs(v - expected[i][k]) <= 1e-5 * Math.abs(expected[i][k]) + 1e-4, `row ${i}: ${v} vs ${expected[i][k]}`)));
  assert.equal([fromJSON.featureNames, fromJSON.targets], [["height", "weight"], 2]);
  for (const file of ["valid-regressor.json", "valid-regressor.bin"]) {
    assertBits((await MLPRegressor.fromBytes(fixture("valid-regressor.bin"))).predict(X), predicted, "valid-regressor.bin");
    assertBits((await loadModel(fixture(file))).predict(X), predicted, `${file} in wasmlp/infer`);
    assertBits((await importSource(exportModule(fixture(file)))).predict(X), predicted, `${file} exported`);
  }
  // Version 4: the same regressor, naming its targets.
  for (const file of ["valid-target-names.json", "valid-target-names.bin"]) {
    const reg = await (file.endsWith(".json") ? MLPRegressor.fromJSON(fixture(file)) : MLPRegressor.fromBytes(fixture(file)));
    assert.equal([reg.featureNames, reg.targetNames, reg.labelName], [["height", "weight"], ["price", "rent"], undefined], file);
    assertBits(reg.predict(X), predicted, file);
    assertBits((await loadModel(fixture(file))).predict(X), predicted, `${file} in wasmlp/infer`);
    const exported = await importSource(exportModule(fixture(file)));
    assertBits(exported.predict(X), predicted, `${file} exported`);
    assert.equal([exported.featureNames, exported.targetNames, exported.labelName], [["height", "weight"], ["price", "rent"], undefined], `${file} exported`);
    // Written back in the version that holds it.
    const back = reg.toJSON();
    assert.equal([back.version, back.targetNames, Object.hasOwn(back, "labelName")], [4, ["price", "rent"], false], `${file} written back`);
  }
  // valid.json's weights with identity units: float32's largest weight reaches the output
  // unless the first input is at its mean (0.5); then the other input decides.
  const identity = JSON.parse(fixture("valid-identity.json"));
  const clf = await MLPClassifier.fromJSON(identity);
  const rows = [[0.5, -2], [0.5, 1], [0.5, -7]];
  const proba = referenceProba(unpackParams(identity.sizes, identity.params), rows.map((r) => r.map((v, c) => (v - identity.scaler.mean[c]) / identity.scaler.scale[c])), "identity");
  clf.predictProba(rows).forEach((row, i) => row.forEach((p, c) => assert.ok(Math.abs(p - proba[i][c]) <= 1e-6, `identity, row ${i}: ${p} vs ${proba[i][c]}`)));
  const entries = [clf, await loadModel(identity), await importSource(exportModule(identity))];
  for (const model of entries) assert.equal(model.predictProba(rows), clf.predictProba(rows));
  for (const model of entries) throws(() => model.predictProba([[-3, 4]]), /^the model's outputs overflow float32 on X\[0\]/);
});

test("an exported module names a regressor's targets as the model's getter does; a classifier's are undefined", async () => {
  const reg = await new MLPRegressor({ hiddenLayers: [3], epochs: 2, seed: 1, threads: 1 }).fit(one.X, one.y, { labelName: "price" });
  const exported = await importSource(exportModule(reg.toJSON()));
  assert.equal([exported.targetNames, exported.labelName], [reg.targetNames, "price"]);
  assert.equal(reg.targetNames, ["price"]);
  const plain = await new MLPRegressor({ hiddenLayers: [3], epochs: 2, seed: 1, threads: 1 }).fit(three.X, three.y);
  assert.is((await importSource(exportModule(plain.toBytes(), { format: "esm" }))).targetNames, undefined);
  const clf = await new MLPClassifier({ ...SEED, epochs: 2 }).fit([[0], [1], [2], [3]], ["a", "b", "a", "b"], { labelName: "kind" });
  const exportedClf = await importSource(exportModule(clf.toJSON()));
  assert.equal([exportedClf.targetNames, exportedClf.labelName], [undefined, "kind"]);
});

test.run();
