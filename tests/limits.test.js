// Every limit of the model format is checked before training starts, by fit, partialFit
// and trainInWorker (before its worker starts): the class count, the features, the
// parameter count and the length of the model's JSON text. A model within them gets as
// far as its initial weights (an invalid initialWeights then stops it, without training).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, trainInWorker } from "../build/index.js";
import { rejects } from "./helpers/errors.js";
import { SEED } from "./helpers/seed.js";

const missingWorker = new URL("./no-such-worker.js", import.meta.url);
const range = (n) => Array.from({ length: n }, (_, i) => i);
const column = (n) => range(n).map((i) => [i % 10]);
const twoRows = { X: [[0], [1]], y: [0, 1] };

/** fit, partialFit and trainInWorker all refuse (X, y) with `pattern`, before any epoch. */
async function refusedEverywhere(given, X, y, pattern, partialFitOptions = {}) {
  const options = { ...SEED, ...given };
  let epochs = 0;
  const clf = new MLPClassifier(options);
  await rejects(clf.fit(X, y, { onEpoch: () => epochs++ }), pattern);
  await rejects(clf.partialFit(X, y, partialFitOptions), pattern);
  assert.is(epochs, 0);
  assert.throws(() => clf.predict(X.slice(0, 1)), /not fitted yet/);
  // A worker that cannot load would fail otherwise: the limit is found first.
  await rejects(trainInWorker(options, X, y, { workerUrl: missingWorker }), pattern);
}

test("more classes than the output layer holds", async () => {
  const n = 65537;
  await refusedEverywhere({ epochs: 1 }, column(n), range(n), /^65537 classes are more than the 65536 a model holds \(one output unit per class\)$/);
  // partialFit's declared classes count too, whatever the batch holds.
  await rejects(new MLPClassifier(SEED).partialFit(twoRows.X, twoRows.y, { classes: range(n) }), /^65537 classes are more than the 65536/);
  // 65536 classes fit: the call gets past the limits to its weights.
  await rejects(new MLPClassifier(SEED).fit(column(65536), range(65536), { initialWeights: {} }), /^initialWeights must be/);
});

test("more features than the input layer takes", async () => {
  const wide = [new Array(70000).fill(0), new Array(70000).fill(1)];
  await refusedEverywhere({ epochs: 1 }, wide, [0, 1], /^X has 70000 features; a model takes at most 65536$/);
});

test("more parameters than a model may have, named with hiddenLayers", async () => {
  await refusedEverywhere(
    { hiddenLayers: [65536, 65536] }, twoRows.X, twoRows.y,
    /^hiddenLayers \[65536, 65536\] with 1 feature and 2 classes make 4295229441 parameters, whose JSON text could take \d+ characters, more than the 536870888 a JavaScript string holds, so toJSON's model could not be written out; use fewer or narrower hidden layers \(at most \d+ parameters\)$/,
  );
});

test("a model whose JSON text could outgrow a JavaScript string is refused with the largest that fits", async () => {
  const pattern = /^hiddenLayers \[65536, 400\] with 1 feature and 2 classes make 26346273 parameters, whose JSON text could take (\d+) characters, more than the 536870888 a JavaScript string holds, so toJSON's model could not be written out; use fewer or narrower hidden layers \(at most (\d+) parameters\)$/;
  await refusedEverywhere({ hiddenLayers: [65536, 400] }, twoRows.X, twoRows.y, pattern);
  const error = await rejects(new MLPClassifier({ ...SEED, hiddenLayers: [65536, 400] }).fit(twoRows.X, twoRows.y), pattern);
  const [, text, most] = pattern.exec(error.message).map(Number);
  assert.ok(text > 536870888);
  // Every parameter takes at most 25 characters and a comma: [65536, 300] (19792473
  // parameters) is within the bound, and gets past the limits.
  assert.ok(most >= 19792473 && most < 26346273, `at most ${most}`);
  await rejects(new MLPClassifier({ ...SEED, hiddenLayers: [65536, 300] }).fit(twoRows.X, twoRows.y, { initialWeights: {} }), /^initialWeights must be/);
  // A scaler's numbers count as well.
  const scaled = await rejects(new MLPClassifier({ ...SEED, hiddenLayers: [65536, 400], standardize: true }).fit(twoRows.X, twoRows.y), pattern);
  assert.ok(Number(pattern.exec(scaled.message)[1]) > text);
});

test("the bound holds: no float32 parameter, nor float64 scaler value, takes more than 25 characters of JSON", () => {
  const bits = new Uint32Array(1);
  const f32 = new Float32Array(bits.buffer);
  const f64 = new Float64Array(1);
  const words = new Uint32Array(f64.buffer);
  let next = 12345;
  const random = () => (next = (Math.imul(next, 1103515245) + 12345) >>> 0);
  let longest = 0;
  for (let i = 0; i < 200000; i++) {
    bits[0] = random();
    if (Number.isFinite(f32[0])) longest = Math.max(longest, JSON.stringify(f32[0]).length);
    words[0] = random();
    words[1] = random();
    if (Number.isFinite(f64[0])) longest = Math.max(longest, JSON.stringify(f64[0]).length);
  }
  // The longest shape: a sign, "0.", five zeros and 17 significant digits.
  for (const x of [-0.0000015157320376602001, -Math.fround(0.0000015157320376602001), -1.2345678901234567e-300, -3.4028234663852886e38]) {
    longest = Math.max(longest, JSON.stringify(x).length);
  }
  assert.is(longest, 25);
});

test.run();
