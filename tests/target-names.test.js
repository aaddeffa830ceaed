// A regressor's target columns' names (fit's targetNames): checked as a file's field is,
// kept through toJSON/toBytes in the oldest format version that holds them (one target's
// name is its labelName, version 3; several need version 4), and never changing a number.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPRegressor, MLPClassifier } from "../build/index.js";
import { regressionData } from "./helpers/trained-models.js";
import { rejects } from "./helpers/errors.js";

const options = { hiddenLayers: [5], epochs: 5, learningRate: 0.01, seed: 2 };
const two = regressionData(2);
const one = regressionData(1);
const features = ["a", "b", "c"];

test("targetNames is kept, read back from JSON and bytes (version 4), and changes no prediction", async () => {
  const named = await new MLPRegressor(options).fit(two.X, two.y, { featureNames: features, targetNames: ["price", "rent"] });
  const plain = await new MLPRegressor(options).fit(two.X, two.y);
  assert.equal(named.targetNames, ["price", "rent"]);
  assert.is(named.labelName, undefined);
  assert.is(plain.targetNames, undefined);
  assert.equal(named.predict(two.X), plain.predict(two.X));
  const json = named.toJSON();
  assert.is(json.version, 4);
  assert.equal(json.targetNames, ["price", "rent"]);
  assert.not.ok(Object.hasOwn(json, "labelName"));
  assert.is(plain.toJSON().version, 3);
  for (const again of [await MLPRegressor.fromJSON(JSON.stringify(json)), await MLPRegressor.fromBytes(named.toBytes())]) {
    assert.equal([again.targetNames, again.featureNames], [["price", "rent"], features]);
    assert.equal(again.predict(two.X), named.predict(two.X));
  }
  // The getter hands out a copy.
  named.targetNames.push("x");
  assert.equal(named.targetNames, ["price", "rent"]);
});

test("one target: targetNames and labelName are the same name, stored as version 3's labelName", async () => {
  const byTargets = await new MLPRegressor(options).fit(one.X, one.y, { targetNames: ["price"] });
  const byLabel = await new MLPRegressor(options).fit(one.X, one.y, { labelName: "price" });
  const both = await new MLPRegressor(options).fit(one.X, one.y, { labelName: "price", targetNames: ["price"] });
  for (const reg of [byTargets, byLabel, both]) {
    assert.equal([reg.targetNames, reg.labelName], [["price"], "price"]);
    const json = reg.toJSON();
    assert.equal([json.version, json.labelName, Object.hasOwn(json, "targetNames")], [3, "price", false]);
    assert.equal((await MLPRegressor.fromBytes(reg.toBytes())).targetNames, ["price"]);
  }
});

test("bad targetNames are refused before training, naming the entry", async () => {
  const cases = [
    [{ targetNames: ["price"] }, /^targetNames must be 2 names, got an array of 1$/],
    [{ targetNames: "price,rent" }, /^targetNames must be 2 names, got "price,rent"$/],
    [{ targetNames: ["price", "price"] }, /^targetNames\[1\] must be a string not used before, got "price"$/],
    [{ targetNames: ["price", 3] }, /^targetNames\[1\] must be a string not used before, got 3$/],
    [{ featureNames: features, targetNames: ["b", "rent"] }, /^targetNames\[0\] must be a string not used before, got "b"$/],
    [{ labelName: "price", targetNames: ["price", "rent"] }, /^labelName "price" is not targetNames's one name; give targetNames alone$/],
  ];
  for (const [fitOptions, pattern] of cases) {
    const reg = new MLPRegressor(options);
    await rejects(reg.fit(two.X, two.y, fitOptions), pattern);
    await rejects(Promise.resolve().then(() => reg.predict(two.X)), /not fitted|fit/);
  }
  await rejects(new MLPRegressor(options).fit(one.X, one.y, { labelName: "price", targetNames: ["rent"] }), /^labelName "price" is not targetNames's one name/);
  // The classifier has no targets to name.
  await rejects(new MLPClassifier({ epochs: 1 }).fit([[0], [1]], [0, 1], { targetNames: ["y"] }), /^unknown fit option "targetNames"/);
});

test("partialFit takes targetNames on its first call; later calls may repeat them, not change them", async () => {
  const reg = new MLPRegressor(options);
  await reg.partialFit(two.X, two.y, { targetNames: ["price", "rent"] });
  await reg.partialFit(two.X, two.y, { targetNames: ["price", "rent"] });
  await reg.partialFit(two.X, two.y);
  await rejects(reg.partialFit(two.X, two.y, { targetNames: ["rent", "price"] }), /^targetNames differs from the names of the earlier fit/);
  assert.equal(reg.targetNames, ["price", "rent"]);
  const unnamed = new MLPRegressor(options);
  await unnamed.partialFit(two.X, two.y);
  await rejects(unnamed.partialFit(two.X, two.y, { targetNames: ["price", "rent"] }), /^targetNames differs/);
});

test.run();
