// Options and weights are checked as the core uses them, after float32 rounding: a value
// that passes as given but not as float32 rounds it is refused with the option's name and
// what the rounding made of it, before anything is trained.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { blobs } from "./helpers/data.js";
import { rejects, throws } from "./helpers/errors.js";
import { SEED } from "./helpers/seed.js";

const two = blobs({ centers: [[0, 0], [3, 1]], counts: [30, 30], spread: 1, seed: 2 });
const ROUNDED = "in float32 \\(the precision the core computes in\\)";

test("options that float32 rounds out of range are refused, naming the option and the rounding", () => {
  const cases = [
    [{ optimizer: "adam", beta2: 0.99999999 }, `^beta2 must be a number in \\[0, 1\\), got 0.99999999, which is 1 ${ROUNDED}$`],
    [{ optimizer: "adam", beta1: 0.99999999 }, `^beta1 must be a number in \\[0, 1\\), got 0.99999999, which is 1 ${ROUNDED}$`],
    [{ optimizer: "sgd", momentum: 0.99999999 }, `^momentum must be a number in \\[0, 1\\), got 0.99999999, which is 1 ${ROUNDED}$`],
    [{ epsilon: 1e-50 }, `^epsilon must be a positive finite number, got 1e-50, which is 0 ${ROUNDED}$`],
    [{ learningRate: 1e-50 }, `^learningRate must be a positive number up to 3.4e38 \\(float32\\), got 1e-50, which is 0 ${ROUNDED}$`],
    [{ classWeight: { 0: 1e-50 } }, `^classWeight must be .* \\(up to 3.4e38\\); the weight of "0" is 1e-50, which is 0 ${ROUNDED}$`],
    // Out of range as given: no word of rounding.
    [{ beta2: 1 }, "^beta2 must be a number in \\[0, 1\\), got 1$"],
    [{ epsilon: 0 }, "^epsilon must be a positive finite number, got 0$"],
  ];
  for (const [options, message] of cases) throws(() => new MLPClassifier(options), new RegExp(message));
});

test("values float32 holds are accepted: the largest float32 below 1, the smallest above 0", async () => {
  const below1 = Math.fround(0.99999994);
  assert.ok(below1 < 1);
  for (const options of [{ optimizer: "adam", beta1: below1, beta2: below1, epsilon: 1.4e-45 }, { optimizer: "sgd", momentum: below1, learningRate: 1.4e-45 }]) {
    const clf = await new MLPClassifier({ ...SEED, ...options, epochs: 2 }).fit(two.X, two.y);
    assert.ok(clf.loss.every(Number.isFinite), JSON.stringify(options));
  }
  // An l2 below float32's smallest is 0 to the core, as it is to any gradient: accepted.
  assert.is(new MLPClassifier({ ...SEED, l2: 1e-50 }).options.l2, 1e-50);
});

test("sample weights that float32 turns into 0 or Infinity are refused, alone or times their class weight", async () => {
  const clf = new MLPClassifier({ ...SEED, epochs: 1 });
  const weights = (at, w, rest = 1) => two.y.map((_, i) => (i === at ? w : rest));
  await rejects(clf.fit(two.X, two.y, { sampleWeight: weights(3, 1e-50) }), new RegExp(`^sampleWeight\\[3\\] is 1e-50, which is 0 ${ROUNDED}; sample weights must be 0 or from 1.4e-45 to 3.4e38 \\(float32\\)$`));
  await rejects(clf.fit(two.X, two.y, { sampleWeight: weights(5, 3.4028236e38) }), /^sampleWeight\[5\] is 3.4028236e\+38; sample weights must be 0 or/);
  const weighted = new MLPClassifier({ ...SEED, epochs: 1, classWeight: { 0: 1e20, 1: 1e-20 } });
  const first = (label) => two.y.indexOf(label);
  await rejects(weighted.fit(two.X, two.y, { sampleWeight: weights(first(0), 1e20) }), new RegExp(`^sampleWeight\\[${first(0)}\\] times its class weight is 1\\.0+2\\d*e\\+40, which is Infinity ${ROUNDED}; scale the weights`));
  await rejects(weighted.fit(two.X, two.y, { sampleWeight: weights(first(1), 1e-30) }), new RegExp(`^sampleWeight\\[${first(1)}\\] times its class weight is [\\d.]+e-5[01], which is 0 ${ROUNDED}`));
  // 0 still leaves a row out.
  await clf.fit(two.X, two.y, { sampleWeight: weights(3, 0) });
  assert.is(clf.loss.length, 1);
  assert.ok(Number.isFinite(clf.loss[0]));
});

test.run();
