// The core's gradient, recovered from one full-batch "gd" step, against central finite
// differences of an independent float64 objective: every hidden activation, the sigmoid
// and the softmax output, with and without the L2 penalty, with and without sample weights.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import {
  lcg, networkSizes, randomWeights, mapWeights, entries, objective, gradient,
  finiteDifferenceGradient, smallestHiddenPreactivation, ulp32,
} from "./helpers/mlp-reference.js";
import { SEED } from "./helpers/seed.js";

const FEATURES = 3;
const HIDDEN = [4, 3];
const ROWS = 16;
// The step is taken at w_before, so (w_before - w_after)/η is the gradient itself for any
// η; η only scales the float32 rounding of w_after, which the floor below accounts for.
const ETA = 0.1;
const L2 = 0.5;
// Finite differences in float64: truncation h²·f'''/6 ≈ 1e-10 and rounding ε·f/h ≈ 1e-12,
// far below the tolerance. relu's kink is kept more than 1e-3 away (checked per case).
const H = 1e-5;
// The core sums per-sample float32 terms (relative error ≈ 6e-8 each) over 16 rows and
// three layers: its gradient is good to ~1e-5 of the largest gradient component. 1e-3
// relative, with an absolute floor of 1e-4·max|g| for components that cancel to ~0, is
// loose enough for float32 and tight enough to catch any wrong derivative or scaling
// (a missing 1/Σw, a penalised bias or a wrong activation derivative are ≥ 1e-2 off).
const RELATIVE = 1e-3;
const FLOOR = 1e-4;

/** Float32-exact rows in [-2, 2] and labels cycling through every class, shuffled. */
function data(classes, seed) {
  const next = lcg(seed);
  const X = Array.from({ length: ROWS }, () => Array.from({ length: FEATURES }, () => Math.fround(4 * next() - 2)));
  const y = Array.from({ length: ROWS }, (_, i) => i % classes);
  for (let i = ROWS - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [y[i], y[j]] = [y[j], y[i]];
  }
  return { X, y };
}

/** Sample weights with zeros, fractions and values above 1 (all float32-exact). */
const SAMPLE_WEIGHTS = Array.from({ length: ROWS }, (_, i) => [1, 0, 0.25, 2, 3.5, 0.5][i % 6]);

/** One "gd" epoch from `weights`; returns the library's gradient and reported loss. */
async function libraryGradient(weights, X, y, { activation, l2, sampleWeight }) {
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: HIDDEN, activation, optimizer: "gd", learningRate: ETA, l2, epochs: 1 });
  await clf.fit(X, y, { initialWeights: weights, sampleWeight });
  const after = { coefs: clf.coefs, intercepts: clf.intercepts };
  const before = mapWeights(weights, (w) => w);
  const grad = mapWeights(before, (w, at) => (w - (at.kind === "coefs" ? after.coefs[at.layer][at.k][at.j] : after.intercepts[at.layer][at.j])) / ETA);
  const rounding = mapWeights(after, (w) => (2 * ulp32(w)) / ETA);
  return { grad, rounding, loss: clf.loss };
}

function assertGradientsClose(actual, expected, rounding, what) {
  const scale = Math.max(...entries(expected).map(([, g]) => Math.abs(g)));
  assert.ok(scale > 1e-3, `${what}: the gradient is too small to test (${scale})`);
  const a = entries(actual);
  const r = entries(rounding);
  for (const [i, [name, g]] of entries(expected).entries()) {
    const tolerance = RELATIVE * Math.abs(g) + FLOOR * scale + r[i][1];
    const err = Math.abs(a[i][1] - g);
    assert.ok(err <= tolerance, `${what} ${name}: library ${a[i][1]}, finite differences ${g} (error ${err} > ${tolerance})`);
  }
}

const cases = [];
for (const activation of ["sigmoid", "tanh", "relu"]) {
  for (const classes of [2, 3]) {
    for (const l2 of [0, L2]) cases.push({ activation, classes, l2, weighted: l2 > 0 });
  }
}
// One more: weighted without the penalty, so sample weights are also tested alone.
cases.push({ activation: "tanh", classes: 3, l2: 0, weighted: true });

cases.forEach(({ activation, classes, l2, weighted }, n) => {
  const name = `${activation}, ${classes} classes, l2 = ${l2}${weighted ? ", sample weights" : ""}`;
  test(`gradient and loss match finite differences: ${name}`, async () => {
    const { X, y } = data(classes, 100 + n);
    const weights = randomWeights(networkSizes(FEATURES, HIDDEN, classes), 200 + n, 0.8);
    const options = { activation, l2, sampleWeight: weighted ? SAMPLE_WEIGHTS : undefined };
    if (activation === "relu") {
      const margin = smallestHiddenPreactivation(weights, X, activation);
      assert.ok(margin > 1e-3, `relu pre-activation ${margin} is too close to the kink for finite differences`);
    }
    const numeric = finiteDifferenceGradient(weights, X, y, options, H);
    // The reference's own backpropagation must agree with its finite differences (float64).
    assertGradientsClose(gradient(weights, X, y, options), numeric, mapWeights(weights, () => 0), `reference ${name}`);
    const lib = await libraryGradient(weights, X, y, options);
    assertGradientsClose(lib.grad, numeric, lib.rounding, name);
    // The epoch's loss is the objective at the weights the step started from. The core
    // computes each row's loss in float32 (≈1e-7 relative) and sums in float64.
    const expected = objective(weights, X, y, options);
    assert.is(lib.loss.length, 1);
    assert.ok(Math.abs(lib.loss[0] - expected) <= 1e-5 * expected, `${name} loss: library ${lib.loss[0]}, reference ${expected}`);
  });
});

test("relu passes no gradient through a unit whose pre-activation is exactly 0", async () => {
  // Row 0: x = [1, 1], z = 0.5·1 - 0.5·1 + 0 = 0 exactly (in float32 too), a = 0: with
  // relu'(0) = 0 that row adds nothing to the hidden weights' gradient. Row 1: x = [1, 0],
  // z = 0.5, a = 0.5. So dL/dW1[1] (the weight on x[1], which is 0 on row 1) is exactly 0;
  // counting relu'(0) as 1 would make it row 0's share, (p0 - 0)·w2/ln 2/2 ≈ 0.36.
  const X = [[1, 1], [1, 0]];
  const y = [0, 1];
  const weights = { coefs: [[[0.5], [-0.5]], [[1]]], intercepts: [[0], [0]] };
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [1], activation: "relu", learningRate: ETA, epochs: 1 });
  await clf.fit(X, y, { initialWeights: weights });
  assert.is(clf.coefs[0][1][0], -0.5, "the weight on x[1] must not move");
  const expected = gradient(weights, X, y, { activation: "relu" });
  const got = (w, after) => (w - after) / ETA;
  const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-5, `${what}: library ${a}, reference ${b}`);
  close(got(0.5, clf.coefs[0][0][0]), expected.coefs[0][0][0], "dW1[0]");
  close(got(0, clf.intercepts[0][0]), expected.intercepts[0][0], "db1");
  close(got(1, clf.coefs[1][0][0]), expected.coefs[1][0][0], "dW2");
  close(got(0, clf.intercepts[1][0]), expected.intercepts[1][0], "db2");
});

test.run();
