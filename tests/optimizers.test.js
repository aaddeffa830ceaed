// Single optimizer steps worked by hand: Adam and SGD with momentum (plain and Nesterov)
// on a 2-1-1 sigmoid network, against scikit-learn's update formulas applied in float64
// to the reference gradient. batchSize >= rows and shuffle false, so an epoch is one step.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { gradient, objective, mapWeights, entries } from "./helpers/mlp-reference.js";
import { SEED } from "./helpers/seed.js";

// The worked example. Weights W1 = [0.5, -0.5] (inputs → hidden), b1 = 0, W2 = 1, b2 = 0.
//   row 0: x = [1, 0], y = 1: z1 = 0.5, a1 = σ(0.5) = 0.62245933, p = σ(0.62245933) = 0.65077768,
//          δ2 = (p - 1)/ln 2 = -0.50382316, δ1 = δ2·W2·a1(1 - a1) = -0.50382316·0.23500371 = -0.11839988
//   row 1: x = [0, 1], y = 0: z1 = -0.5, a1 = 0.37754067, p = 0.59327981,
//          δ2 = p/ln 2 = 0.85592052, δ1 = 0.85592052·0.23500371 = 0.20114481
// Mean gradient g over the 2 rows:
//   gW1 = [δ1(row 0)·1, δ1(row 1)·1]/2 = [-0.05919994, 0.10057240]
//   gb1 = (-0.11839988 + 0.20114481)/2 = 0.04137246
//   gW2 = (-0.50382316·0.62245933 + 0.85592052·0.37754067)/2 = 0.00476851
//   gb2 = (-0.50382316 + 0.85592052)/2 = 0.17605026
// Loss before the step: (-log2 0.65077768 - log2(1 - 0.59327981))/2 = 0.95882740 bits.
const X = [[1, 0], [0, 1]];
const y = [1, 0];
const W0 = { coefs: [[[0.5], [-0.5]], [[1]]], intercepts: [[0], [0]] };
const G0 = { coefs: [[[-0.05919994], [0.1005724]], [[0.00476851]]], intercepts: [[0.04137246], [0.17605026]] };
const LOSS0 = 0.9588274;

// Float32 weights and a float32 gradient (≈1e-7 relative) against float64: 2e-6 covers
// the rounding of two steps, and is far below any step taken here (≥ 4e-3).
const TOLERANCE = 2e-6;

function assertWeightsClose(clf, expected, what) {
  const actual = entries({ coefs: clf.coefs, intercepts: clf.intercepts });
  for (const [i, [name, w]] of entries(expected).entries()) {
    const err = Math.abs(actual[i][1] - w);
    assert.ok(err <= TOLERANCE, `${what} ${name}: library ${actual[i][1]}, expected ${w} (error ${err})`);
  }
}

const zip = (a, b, f) => mapWeights(a, (v, at) => f(v, at.kind === "coefs" ? b.coefs[at.layer][at.k][at.j] : b.intercepts[at.layer][at.j]));
const zip3 = (a, b, c, f) => mapWeights(a, (v, at) => {
  const pick = (w) => (at.kind === "coefs" ? w.coefs[at.layer][at.k][at.j] : w.intercepts[at.layer][at.j]);
  return f(v, pick(b), pick(c));
});

test("the worked example's gradient and loss are what the reference computes", () => {
  const g = gradient(W0, X, y, { activation: "sigmoid" });
  for (const [i, [name, v]] of entries(g).entries()) {
    assert.ok(Math.abs(v - entries(G0)[i][1]) < 1e-8, `${name}: ${v} vs the comment's ${entries(G0)[i][1]}`);
  }
  assert.ok(Math.abs(objective(W0, X, y, { activation: "sigmoid" }) - LOSS0) < 1e-7);
});

test("one Adam step with the default β and ε moves each parameter by about lr against its gradient", async () => {
  // t = 1: m = (1 - β1)·g = 0.1·g, v = (1 - β2)·g² = 0.001·g²,
  // stepSize = lr·√(1 - β2)/(1 - β1) = 0.1·0.03162278/0.1 = 0.03162278,
  // update = stepSize·m/(√v + ε) = 0.1·g/(|g| + 3.2e-7) ≈ 0.1·sign(g):
  //   W1 = [0.5 + 0.1, -0.5 - 0.1] = [0.6, -0.6], b1 = -0.1, W2 = 1 - 0.1 = 0.9, b2 = -0.1
  // (gW2 = 0.0048 is the smallest |g|: its step is 0.1·(1 - 6.6e-5) = 0.0999934).
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [1], optimizer: "adam", learningRate: 0.1, shuffle: false, epochs: 1 });
  await clf.fit(X, y, { initialWeights: W0 });
  // The hand values, within their 1e-6 approximation, then the exact float64 formulas.
  const hand = { coefs: [[[0.6], [-0.6]], [[0.9000066]]], intercepts: [[-0.1], [-0.1]] };
  const exact = adamSteps(1, { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  for (const [i, [name, w]] of entries(hand).entries()) assert.ok(Math.abs(entries(exact)[i][1] - w) < 1e-6, name);
  assertWeightsClose(clf, exact, "adam step 1");
  assert.ok(Math.abs(clf.loss[0] - LOSS0) < 1e-6, `loss ${clf.loss[0]}`);
});

/** sklearn's Adam in float64: t steps of the full batch from W0. */
function adamSteps(steps, { lr, beta1, beta2, epsilon, l2 = 0 }) {
  let p = W0;
  let m = mapWeights(W0, () => 0);
  let v = mapWeights(W0, () => 0);
  for (let t = 1; t <= steps; t++) {
    const g = gradient(p, X, y, { activation: "sigmoid", l2 });
    m = zip(m, g, (mi, gi) => beta1 * mi + (1 - beta1) * gi);
    v = zip(v, g, (vi, gi) => beta2 * vi + (1 - beta2) * gi * gi);
    const stepSize = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    p = zip3(p, m, v, (pi, mi, vi) => pi - (stepSize * mi) / (Math.sqrt(vi) + epsilon));
  }
  return p;
}

test("two Adam steps with β1 0.8, β2 0.99, ε 0.01: bias correction and moments carry over", async () => {
  // t = 1: stepSize = 0.1·√(1 - 0.99)/(1 - 0.8) = 0.05, m = 0.2·g, √v = 0.1·|g|, so the
  // update is 0.05·0.2·g/(0.1·|g| + 0.01) = 0.1·g/(|g| + 0.1): ε now matters, e.g.
  //   W2: 1 - 0.1·0.00476851/0.10476851 = 0.99544849, b2: -0.1·0.17605026/0.27605026 = -0.06377472.
  // t = 2: stepSize = 0.1·√(1 - 0.99²)/(1 - 0.8²) = 0.1·0.14106736/0.36 = 0.03918538,
  //   m = 0.8·m1 + 0.2·g2, v = 0.99·v1 + 0.01·g2², g2 the gradient at the step-1 weights.
  const options = { lr: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 0.01 };
  const clf = new MLPClassifier({ ...SEED,
    hiddenLayers: [1], optimizer: "adam", learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 0.01, shuffle: false, epochs: 1,
  });
  await clf.fit(X, y, { initialWeights: W0 });
  const one = adamSteps(1, options);
  assert.ok(Math.abs(one.coefs[1][0][0] - 0.99544849) < 1e-7 && Math.abs(one.intercepts[1][0] + 0.06377472) < 1e-7);
  assertWeightsClose(clf, one, "adam step 1");
  const two = new MLPClassifier({ ...SEED, ...clf.options, epochs: 2 });
  await two.fit(X, y, { initialWeights: W0 });
  assertWeightsClose(two, adamSteps(2, options), "adam step 2");
  // Step 2 without the moments of step 1 (a fresh t = 1 step from the step-1 weights) would differ.
  const restarted = new MLPClassifier({ ...SEED, ...clf.options, epochs: 1 });
  await restarted.fit(X, y, { initialWeights: { coefs: clf.coefs, intercepts: clf.intercepts } });
  const differs = entries({ coefs: restarted.coefs, intercepts: restarted.intercepts })
    .some(([, w], i) => Math.abs(w - entries({ coefs: two.coefs, intercepts: two.intercepts })[i][1]) > 1e-4);
  assert.ok(differs, "two epochs must carry Adam's moments from the first");
});

/** sklearn's SGD with momentum in float64: `steps` steps, each over `batches` in order. */
function momentumSteps(steps, { lr, momentum, nesterov, l2 = 0, rows = X, labels = y, batchSize = rows.length }) {
  let p = W0;
  let velocity = mapWeights(W0, () => 0);
  let lossSum = 0;
  for (let t = 0; t < steps; t++) {
    for (let start = 0; start < rows.length; start += batchSize) {
      const bx = rows.slice(start, start + batchSize);
      const by = labels.slice(start, start + batchSize);
      const g = gradient(p, bx, by, { activation: "sigmoid", l2 });
      if (t === 0) lossSum += bx.length * objective(p, bx, by, { activation: "sigmoid", l2 });
      velocity = zip(velocity, g, (v, gi) => momentum * v - lr * gi);
      p = zip3(p, velocity, g, (pi, v, gi) => pi + (nesterov ? momentum * v - lr * gi : v));
    }
  }
  return { weights: p, firstEpochLoss: lossSum / rows.length };
}

for (const nesterov of [false, true]) {
  for (const l2 of [0, 0.1]) {
    test(`momentum SGD${nesterov ? " (Nesterov)" : ""}, l2 = ${l2}: one step, then a second that carries the velocity`, async () => {
      // lr = 0.5, μ = 0.9. Step 1 from v = 0: v1 = -lr·g0.
      //   plain:    p1 = p0 + v1 = p0 - 0.5·g0,      e.g. W1[0] = 0.5 + 0.5·0.05919994 = 0.52959997
      //   Nesterov: p1 = p0 + μ·v1 - lr·g0 = p0 - 0.95·g0, e.g. W1[0] = 0.5 + 0.95·0.05919994 = 0.55623994
      // (with l2 = 0.1 over a batch weight of 2, g gains 0.05·W on the weights, not the biases).
      // Step 2: v2 = μ·v1 - lr·g1 with g1 taken at p1; p2 = p1 + v2, or p1 + μ·v2 - lr·g1.
      const options = { lr: 0.5, momentum: 0.9, nesterov, l2 };
      const clf = new MLPClassifier({ ...SEED,
        hiddenLayers: [1], optimizer: "sgd", learningRate: 0.5, momentum: 0.9, nesterov, l2, shuffle: false, epochs: 1,
      });
      await clf.fit(X, y, { initialWeights: W0 });
      const one = momentumSteps(1, options);
      if (l2 === 0) {
        const expectedW = nesterov ? 0.55623994 : 0.52959997;
        assert.ok(Math.abs(one.weights.coefs[0][0][0] - expectedW) < 1e-7, `worked W1[0] ${one.weights.coefs[0][0][0]}`);
      }
      assertWeightsClose(clf, one.weights, "step 1");
      assert.ok(Math.abs(clf.loss[0] - one.firstEpochLoss) < 1e-6, `loss ${clf.loss[0]} vs ${one.firstEpochLoss}`);
      const two = new MLPClassifier({ ...SEED, ...clf.options, epochs: 2 });
      await two.fit(X, y, { initialWeights: W0 });
      assertWeightsClose(two, momentumSteps(2, options).weights, "step 2");
    });
  }
}

test("mini-batches: an epoch of 4 rows in batches of 2 is two momentum steps, rows in order", async () => {
  // Batch 1 is rows 0-1, batch 2 rows 2-3; each step uses its batch's mean gradient, the
  // velocity carries from batch 1 to batch 2. The epoch's loss is sklearn's: each batch's
  // loss (with its penalty (l2/2)·ΣW²/2 rows, at the weights before that batch's step)
  // weighted by its rows, over all 4 rows.
  const rows = [[1, 0], [0, 1], [1, 1], [-1, 0.5]];
  const labels = [1, 0, 1, 0];
  const options = { lr: 0.5, momentum: 0.9, nesterov: false, l2: 0.1, rows, labels, batchSize: 2 };
  const clf = new MLPClassifier({ ...SEED,
    hiddenLayers: [1], optimizer: "sgd", learningRate: 0.5, momentum: 0.9, nesterov: false, l2: 0.1, batchSize: 2, shuffle: false, epochs: 1,
  });
  await clf.fit(rows, labels, { initialWeights: W0 });
  const expected = momentumSteps(1, options);
  assertWeightsClose(clf, expected.weights, "after two batches");
  assert.ok(Math.abs(clf.loss[0] - expected.firstEpochLoss) < 1e-6, `loss ${clf.loss[0]} vs ${expected.firstEpochLoss}`);
  // One full-batch step from W0 lands elsewhere, so the batches really were separate steps.
  const full = momentumSteps(1, { ...options, batchSize: 4 }).weights;
  assert.ok(Math.abs(full.coefs[1][0][0] - expected.weights.coefs[1][0][0]) > 1e-3);
});

test.run();
