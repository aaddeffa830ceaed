// MLPRegressor through the public API: predictions in the user's units, several targets,
// R² as scikit-learn defines it (checked against a float64 computation here), the same
// bits on any thread count and for partialFit as for fit, and errors that name the row.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPRegressor } from "../build/index.js";
import { rejects, throws } from "./helpers/errors.js";
import { r2 } from "./helpers/reference.js";

/** A seeded uniform generator in [0, 1) (LCG), independent of the library's. */
function uniforms(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** rows x 3 inputs in [-1, 1); y = 5000 + 300·x0 − 200·x1 + 50·x2² with a little noise. */
function linearish(rows, seed) {
  const u = uniforms(seed);
  const X = Array.from({ length: rows }, () => [u() * 2 - 1, u() * 2 - 1, u() * 2 - 1]);
  const y = X.map(([a, b, c]) => 5000 + 300 * a - 200 * b + 50 * c * c + (u() - 0.5) * 4);
  return { X, y };
}

const train = linearish(800, 1);
const held = linearish(200, 2);
const QUICK = { hiddenLayers: [16], epochs: 120, seed: 3, threads: 1 };

test("learns targets near 5000 from raw data: predictions in y's units, R² as scikit-learn computes it", async () => {
  const reg = await new MLPRegressor(QUICK).fit(train.X, train.y);
  const predicted = reg.predict(held.X);
  assert.is(predicted.length, 200);
  assert.ok(predicted.every((p) => typeof p === "number" && p > 4000 && p < 6000), "one number per row, in y's units");
  const score = reg.score(held.X, held.y);
  assert.ok(Math.abs(score - r2(held.y, predicted)) < 1e-12, `score ${score} against ${r2(held.y, predicted)}`);
  assert.ok(score > 0.97, `R² ${score}`);
  assert.is(reg.targets, 1);
  assert.ok(reg.loss.length === 120 && reg.loss.every(Number.isFinite) && reg.loss.at(-1) < reg.loss[0]);
});

test("several targets: rows in, rows out, R² averaged over targets", async () => {
  const Y = train.y.map((v, i) => [v, -3 * train.X[i][0], train.X[i][1] * 10]);
  const reg = await new MLPRegressor(QUICK).fit(train.X, Y);
  const heldY = held.y.map((v, i) => [v, -3 * held.X[i][0], held.X[i][1] * 10]);
  const predicted = reg.predict(held.X);
  assert.ok(predicted.every((row) => Array.isArray(row) && row.length === 3));
  assert.ok(Math.abs(reg.score(held.X, heldY) - r2(heldY, predicted)) < 1e-12);
  assert.ok(reg.score(held.X, heldY) > 0.9);
  assert.is(reg.targets, 3);
});

test("the same seed gives the same bits on one thread and on two", async () => {
  const one = await new MLPRegressor({ ...QUICK, epochs: 30 }).fit(train.X, train.y);
  const two = await new MLPRegressor({ ...QUICK, epochs: 30, threads: 2 }).fit(train.X, train.y);
  assert.equal(two.coefs, one.coefs);
  assert.equal(two.intercepts, one.intercepts);
  assert.equal(two.loss, one.loss);
  assert.equal(two.predict(held.X), one.predict(held.X));
});

test("partialFit N times on the same rows trains exactly as fit for N epochs", async () => {
  const options = { ...QUICK, epochs: 5 };
  const fitted = await new MLPRegressor(options).fit(train.X, train.y);
  const online = new MLPRegressor(options);
  for (let i = 0; i < 5; i++) await online.partialFit(train.X, train.y);
  assert.equal(online.coefs, fitted.coefs);
  assert.equal(online.loss, fitted.loss);
});

test("early stopping holds rows out, reports validation loss and R², keeps the best epoch", async () => {
  const reg = await new MLPRegressor({ ...QUICK, epochs: 400, validationFraction: 0.2, patience: 5 }).fit(train.X, train.y);
  assert.ok(reg.bestEpoch >= 1 && reg.bestEpoch <= reg.loss.length);
  assert.is(reg.validationLoss.length, reg.loss.length);
  // An epoch counts as better only by more than tol (1e-4), so the kept one is within tol
  // of the lowest validation loss.
  const lowest = Math.min(...reg.validationLoss);
  assert.ok(reg.validationLoss[reg.bestEpoch - 1] - lowest <= 1e-4, `kept ${reg.validationLoss[reg.bestEpoch - 1]}, lowest ${lowest}`);
  assert.ok(reg.validationScore.every((s) => s <= 1) && reg.validationScore.at(-1) > 0.5);
});

test("bad targets and options are refused, naming the row or the option, and nothing is trained", async () => {
  const reg = new MLPRegressor(QUICK);
  await rejects(reg.fit([[1], [2]], [1, NaN]), /^y\[1\] is NaN; every target must be a finite number$/);
  await rejects(reg.fit([[1], [2]], [1]), /^X has 2 rows but y has 1 targets$/);
  await rejects(reg.fit([[1], [2]], [[1, 2], [3]]), /^y\[1\] must be a row of 2 numbers, as y\[0\] is$/);
  await rejects(reg.fit([[1], [2]], ["a", "b"]), /^y\[0\] is the string "a"; every target must be a finite number$/);
  throws(() => reg.predict([[1]]), /^this MLPRegressor is not fitted yet: call fit before predict$/);
  throws(() => new MLPRegressor({ classWeight: "balanced" }), /^unknown option "classWeight" \(it is an option of the classifier\)/);
  await reg.fit(train.X, train.y);
  throws(() => reg.score(held.X, held.y.map((v) => [v, v])), /^y has 2 targets per row, but the regressor was fitted on 1$/);
});

test("an abort before the first epoch rejects with an AbortError and trains nothing", async () => {
  const reg = new MLPRegressor(QUICK);
  const controller = new AbortController();
  controller.abort();
  await rejects(reg.fit(train.X, train.y, { signal: controller.signal }), /aborted before its first epoch/);
  throws(() => reg.predict(held.X), /not fitted yet/);
});

test("scikit-learn's defaults: 100 relu units, Adam at 0.001, 200 epochs, inputs and targets standardized", () => {
  const o = new MLPRegressor().options;
  assert.equal([o.hiddenLayers, o.activation, o.optimizer, o.learningRate, o.epochs, o.batchSize, o.l2], [[100], "relu", "adam", 0.001, 200, 200, 1e-4]);
  assert.is(o.standardize, true);
  assert.is(o.standardizeTargets, true);
});

test.run();
