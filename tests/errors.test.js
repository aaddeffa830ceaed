// Every bad input gets an Error that names the problem, and leaves the model as it was.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { rejects, throws } from "./helpers/errors.js";
import { SEED } from "./helpers/seed.js";

const X = [[0, 0, 1], [1, 0, 0], [0, 1, 1], [1, 1, 0]];
const y = [0, 1, 0, 1];

test("bad X is rejected with the row and column", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 1 });
  await rejects(clf.fit([], []), /X is empty/);
  await rejects(clf.fit([[]], [0]), /at least one feature/);
  await rejects(clf.fit([[1, 2, 3], [4, 5]], [0, 1]), /X\[1\] has 2 values; expected 3/);
  await rejects(clf.fit([[1, 2, 3], [4, NaN, 6]], [0, 1]), /X\[1\]\[1\] is NaN/);
  await rejects(clf.fit([[1, 2, Infinity], [4, 5, 6]], [0, 1]), /X\[0\]\[2\] is Infinity/);
  await rejects(clf.fit([[1, 2, -Infinity], [4, 5, 6]], [0, 1]), /X\[0\]\[2\] is -Infinity/);
  await rejects(clf.fit([[1, 2, 3], [4, "5", 6]], [0, 1]), /X\[1\]\[1\] is the string "5"/);
  await rejects(clf.fit([[1, 2, 3], null], [0, 1]), /X\[1\] is null/);
  await rejects(clf.fit([[1, 2, 1e39], [4, 5, 6]], [0, 1]), /X\[0\]\[2\] is 1e\+39, outside the float32 range/);
  await rejects(clf.fit("abc", [0, 1]), /X must be an array of rows/);
  await rejects(clf.fit([1, 2, 3], [0, 1, 0]), /X\[0\] is 1; X must be an array of rows/);
});

test("a flat X needs a width that divides it", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 1 });
  await rejects(clf.fit(new Float64Array(6), [0, 1]), /needs options.features/);
  await rejects(clf.fit(new Float64Array(7), [0, 1], { features: 3 }), /7 values, not a multiple of features = 3/);
  await rejects(clf.fit(new Float64Array(6), [0, 1], { features: 0 }), /features must be a positive integer, got 0/);
  await rejects(clf.fit(new Float32Array([0, 1, NaN, 1]), [0, 1], { features: 2 }), /X\[1\]\[0\] is NaN/);
  await rejects(clf.fit(new Float64Array(0), [], { features: 2 }), /X is empty/);
});

test("a flat Float32Array's first value that is not finite is named, whichever kind comes first", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 1 });
  const X = new Float32Array(60).map((_, i) => (i % 7) - 3);
  X[5] = 3.4028234663852886e38; // float32's largest: fine
  X[6] = -0;
  for (const [first, second] of [[NaN, Infinity], [Infinity, NaN], [-Infinity, NaN], [NaN, -Infinity]]) {
    const bad = X.slice();
    bad[31] = second;
    bad[23] = first;
    await rejects(clf.fit(bad, Array.from({ length: 20 }, (_, i) => i % 2), { features: 3 }), new RegExp(`^X\\[7\\]\\[2\\] is ${first}; `));
  }
  await clf.fit(X, Array.from({ length: 20 }, (_, i) => i % 2), { features: 3 });
  assert.is(clf.loss.length, 1);
});

test("bad y is rejected with the index and value", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 1 });
  await rejects(clf.fit(X, [0, 1, 0]), /X has 4 rows but y has 3 labels/);
  await rejects(clf.fit(X, [0, 1, NaN, 1]), /y\[2\] is NaN/);
  await rejects(clf.fit(X, [0, 1, Infinity, 1]), /y\[2\] is Infinity/);
  await rejects(clf.fit(X, [0, 1, "1", 1]), /y\[2\] is the string "1" but y\[0\] is a number/);
  await rejects(clf.fit(X, [0, 1, null, 1]), /y\[2\] is null/);
  await rejects(clf.fit(X, [1, 1, 1, 1]), /y contains only the class 1; a classifier needs at least two classes/);
  await rejects(clf.fit(X, new Float64Array(4)), /only the class 0/);
  await rejects(clf.fit(X, null), /y must be an array/);
});

test("options out of range name the option and value", () => {
  throws(() => new MLPClassifier({ ...SEED, learningRate: -1 }), /learningRate must be a positive number up to 3.4e38 \(float32\), got -1/);
  throws(() => new MLPClassifier({ ...SEED, learningRate: 0 }), /learningRate must be a positive number .*got 0/);
  throws(() => new MLPClassifier({ ...SEED, learningRate: NaN }), /learningRate must be .*got NaN/);
  throws(() => new MLPClassifier({ ...SEED, learningRate: 1e39 }), /learningRate must be a positive number up to 3.4e38 \(float32\), got 1e\+39/);
  throws(() => new MLPClassifier({ ...SEED, epochs: 0 }), /epochs must be a positive integer, got 0/);
  throws(() => new MLPClassifier({ ...SEED, epochs: 2.5 }), /epochs must be a positive integer, got 2.5/);
  throws(() => new MLPClassifier({ ...SEED, hiddenLayers: {} }), /hiddenLayers must be an array of positive integers \(\[\] for no hidden layer\), got an object/);
  throws(() => new MLPClassifier({ ...SEED, hiddenLayers: [5, 2.5] }), /hiddenLayers must be .*element 1 is 2.5/);
  throws(() => new MLPClassifier({ ...SEED, hiddenLayers: [0] }), /element 0 is 0/);
  throws(() => new MLPClassifier({ ...SEED, hiddenLayers: 5 }), /hiddenLayers must be an array of positive integers/);
  throws(() => new MLPClassifier({ ...SEED, seed: -1 }), /seed must be a non-negative integer, got -1/);
  throws(() => new MLPClassifier({ ...SEED, learningrate: 1 }), /unknown option "learningrate"/);
  throws(() => new MLPClassifier(7), /options must be an object/);
});

test("fit options are checked too", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 1 });
  await rejects(clf.fit(X, y, { onEpoch: 3 }), /onEpoch must be a function/);
  await rejects(clf.fit(X, y, { epoch: 3 }), /unknown fit option "epoch"/);
  await rejects(clf.fit(X, y, { initialWeights: { coefs: [], intercepts: [] } }), /initialWeights must have 2 layers/);
});

test("predict before fit, or with another width, is refused", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 5 });
  throws(() => clf.predict(X), /not fitted yet: call fit before predict/);
  throws(() => clf.predictProba(X), /not fitted yet/);
  throws(() => clf.score(X, y), /not fitted yet/);
  await clf.fit(X, y);
  throws(() => clf.predict([[1, 2]]), /X\[0\] has 2 values; expected 3 \(the classifier was fitted on 3 features\)/);
  throws(() => clf.predict(new Float32Array(4)), /4 values, not a multiple of features = 3/);
  throws(() => clf.predict([[1, 2, NaN]]), /X\[0\]\[2\] is NaN/);
  throws(() => clf.score(X, [0, 1]), /X has 4 rows but y has 2 labels/);
});

test("a failed fit leaves the fitted model untouched", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 30 });
  await clf.fit(X, y);
  const before = { coefs: clf.coefs, loss: clf.loss, proba: Array.from(clf.predictProba(X)) };
  await rejects(clf.fit([[1, 2], [3, 4]], [0, NaN]), /y\[1\] is NaN/);
  await rejects(clf.fit(X, y, { onEpoch: (e) => { if (e === 3) throw new Error("stop here"); } }), /stop here/);
  assert.equal(clf.coefs, before.coefs);
  assert.equal(clf.loss, before.loss);
  assert.equal(Array.from(clf.predictProba(X)), before.proba);
});

test("a fit that diverges names the epoch and keeps the last finite weights", async () => {
  // Steps of 3e38 overflow float32 weights to Infinity within a few epochs.
  const wild = new MLPClassifier({ ...SEED, epochs: 50, learningRate: 3e38 });
  let message = "";
  await wild.fit(X, y).catch((e) => (message = e.message));
  const epoch = Number(/diverged at epoch (\d+)/.exec(message)?.[1]);
  assert.ok(epoch >= 1, message);
  assert.match(message, /learningRate smaller than 3e\+38/);
  assert.is(wild.loss.length, epoch - 1);
  assert.ok(wild.coefs.flat(2).every(Number.isFinite));
  for (const row of wild.predictProba(X)) assert.ok(row.every(Number.isFinite));
});

test("fit cannot run twice at once on one classifier", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 2000 });
  const first = clf.fit(X, y);
  await rejects(clf.fit(X, y), /already training/);
  await first;
  assert.is(clf.loss.length, 2000);
});

test.run();
