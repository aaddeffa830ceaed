// Column names in the library: fit's featureNames and labelName options (scikit-learn's
// feature_names_in_), checked as the model file checks them, kept through toJSON/toBytes,
// loading, partialFit, wasmlp/infer and exported modules; prediction still reads X by
// position.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, exportModule } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { blobs } from "./helpers/data.js";
import { rejects } from "./helpers/errors.js";
import { importSource } from "./helpers/entries.js";
import { snapshot } from "./helpers/fuzz.js";
import { SEED } from "./helpers/seed.js";

const data = blobs({ centers: [[0, 0, 5], [3, 1, 5]], counts: [20, 20], spread: 0.7, labels: ["no", "yes"], seed: 4 });
const names = ["height", "weight", "age"];
const fitted = (options = {}) => new MLPClassifier({ ...SEED, hiddenLayers: [4], epochs: 10, seed: 1 }).fit(data.X, data.y, options);

test("fit keeps the names: getters (copies), both file forms, and a reload", async () => {
  const clf = await fitted({ featureNames: names, labelName: "answer" });
  assert.equal([clf.featureNames, clf.labelName], [names, "answer"]);
  clf.featureNames.pop();
  assert.equal(clf.featureNames, names, "the getter returns a copy");
  const json = clf.toJSON();
  assert.equal([json.version, json.featureNames, json.labelName], [2, names, "answer"]);
  for (const loaded of [await MLPClassifier.fromJSON(JSON.stringify(json)), await MLPClassifier.fromBytes(clf.toBytes())]) {
    assert.equal([loaded.featureNames, loaded.labelName], [names, "answer"]);
    assert.equal(loaded.toJSON(), json);
  }
});

test("without names a model is written as version 1 and reads back without them", async () => {
  const clf = await fitted();
  assert.equal([clf.featureNames, clf.labelName], [undefined, undefined]);
  const json = clf.toJSON();
  assert.is(json.version, 1);
  assert.not.ok("featureNames" in json || "labelName" in json);
  assert.is((await MLPClassifier.fromBytes(clf.toBytes())).featureNames, undefined);
  // One name alone is version 2, the other null.
  const labelOnly = (await fitted({ labelName: "answer" })).toJSON();
  assert.equal([labelOnly.version, labelOnly.featureNames, labelOnly.labelName], [2, null, "answer"]);
});

test("names change nothing of what the model computes, and X is still read by position", async () => {
  const plain = await fitted();
  const named = await fitted({ featureNames: names, labelName: "answer" });
  assert.equal(named.predictProba(data.X), plain.predictProba(data.X));
  assert.equal(named.coefs, plain.coefs);
  const swapped = data.X.map(([a, b, c]) => [b, a, c]);
  assert.equal(named.predictProba(swapped), plain.predictProba(swapped));
});

test("infer and exported modules expose the names", async () => {
  const clf = await fitted({ featureNames: names, labelName: "answer" });
  for (const source of [clf.toJSON(), clf.toBytes()]) {
    assert.equal((await loadModel(source)).featureNames, names);
    const module = await importSource(exportModule(source));
    assert.equal([module.featureNames, module.labelName], [names, "answer"]);
  }
  const plain = await importSource(exportModule((await fitted()).toJSON()));
  assert.equal([plain.featureNames, plain.labelName], [undefined, undefined]);
});

test("bad names are refused before training, naming the option, and leave the model as it was", async () => {
  const clf = await fitted({ featureNames: names });
  const before = snapshot(clf);
  const cases = [
    [{ featureNames: ["a", "b"] }, /^featureNames must be 3 names, got an array of 2$/],
    [{ featureNames: "height,weight,age" }, /^featureNames must be 3 names, got "height,weight,age"$/],
    [{ featureNames: ["a", 2, "c"] }, /^featureNames\[1\] must be a string not used before, got 2$/],
    [{ featureNames: ["a", "b", "a"] }, /^featureNames\[2\] must be a string not used before, got "a"$/],
    [{ labelName: 7 }, /^labelName must be a string not in featureNames, got 7$/],
    [{ featureNames: names, labelName: "age" }, /^labelName must be a string not in featureNames, got "age"$/],
  ];
  for (const [options, pattern] of cases) {
    await rejects(clf.fit(data.X, data.y, options), pattern);
    assert.equal(snapshot(clf), before, JSON.stringify(options));
  }
  // A flat X names its columns the same way.
  const flat = Float32Array.from(data.X.flat());
  await rejects(new MLPClassifier({ ...SEED, epochs: 1 }).fit(flat, data.y, { features: 3, featureNames: ["a", "b"] }), /^featureNames must be 3 names/);
  const ok = await new MLPClassifier({ ...SEED, epochs: 1 }).fit(flat, data.y, { features: 3, featureNames: names });
  assert.equal(ok.featureNames, names);
});

test("partialFit takes the names on its first call; later calls may repeat them, not change them", async () => {
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [3], optimizer: "sgd" });
  await clf.partialFit(data.X, data.y, { featureNames: names, labelName: "answer" });
  await clf.partialFit(data.X, data.y);
  await clf.partialFit(data.X, data.y, { featureNames: names });
  await clf.partialFit(data.X, data.y, { labelName: "answer" });
  assert.equal([clf.featureNames, clf.labelName, clf.loss.length], [names, "answer", 4]);
  const before = snapshot(clf);
  await rejects(clf.partialFit(data.X, data.y, { featureNames: ["x", "y", "z"] }), /^featureNames differs from the names of the earlier fit/);
  await rejects(clf.partialFit(data.X, data.y, { labelName: "other" }), /^labelName differs from the name of the earlier fit/);
  assert.equal(snapshot(clf), before);
  // A model fitted without names gets none later.
  const unnamed = new MLPClassifier({ ...SEED, hiddenLayers: [3], optimizer: "sgd" });
  await unnamed.partialFit(data.X, data.y);
  await rejects(unnamed.partialFit(data.X, data.y, { featureNames: names }), /^featureNames differs/);
});

test.run();
