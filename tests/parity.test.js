// scikit-learn's API where users reach for it: predictLogProba (stable where probabilities
// underflow), getParams/setParams/clone, the features getter, summary(), no hidden layer
// (logistic and linear regression), and the loss history of a worker-trained model.
// References: float64 computations of the same network (helpers/mlp-reference.js).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, MLPRegressor, trainInWorker, trainRegressorInWorker, exportModule } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { blobs } from "./helpers/data.js";
import { forward, gradient, mapWeights, randomWeights } from "./helpers/mlp-reference.js";
import { throws } from "./helpers/errors.js";

const sameBits = (a, b) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

// Inputs on a grid of eighths are exact in float32, so the float64 reference starts
// from the inputs the core reads.
const eighths = (data) => ({ X: data.X.map((r) => r.map((v) => Math.round(v * 8) / 8)), y: data.y });
const two = eighths(blobs({ centers: [[0, 0, 0], [1.5, 1, -1]], counts: [60, 60], spread: 1, seed: 21 }));
const three = eighths(blobs({ centers: [[0, 0], [2, 0], [0, 2]], counts: [40, 40, 40], spread: 0.8, seed: 22 }));

/** log P per class from the float64 reference, computed stably from its logits. */
function referenceLogProba(weights, row, activation) {
  const { logits } = forward(weights, row, activation);
  const softplus = (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  if (logits.length === 1) return [-softplus(logits[0]), -softplus(-logits[0])];
  const top = Math.max(...logits);
  const log = top + Math.log(logits.reduce((s, z) => s + Math.exp(z - top), 0));
  return logits.map((z) => z - log);
}

for (const [name, data, hiddenLayers, activation] of [["two classes", two, [6], "tanh"], ["three classes", three, [5, 4], "relu"], ["no hidden layer", three, [], "relu"]]) {
  test(`predictLogProba matches a float64 reference and log(predictProba): ${name}`, async () => {
    const clf = await new MLPClassifier({ hiddenLayers, activation, standardize: false, epochs: 30, learningRate: 0.01, seed: 3 }).fit(data.X, data.y);
    const weights = { coefs: clf.coefs, intercepts: clf.intercepts };
    const logs = clf.predictLogProba(data.X);
    const proba = clf.predictProba(data.X);
    data.X.forEach((row, i) => {
      const ref = referenceLogProba(weights, row, activation);
      logs[i].forEach((v, k) => {
        assert.ok(Math.abs(v - ref[k]) <= 1e-12 * Math.max(1, Math.abs(ref[k])), `row ${i} class ${k}: ${v} vs ${ref[k]}`);
        // float32 probabilities: relative error up to a few 2^-24, more for 1 - p of two classes.
        assert.ok(Math.abs(Math.exp(v) - proba[i][k]) <= 4e-7, `row ${i} class ${k}: exp ${Math.exp(v)} vs ${proba[i][k]}`);
      });
    });
  });
}

test("predictLogProba stays finite where predictProba rounds to 0 and 1", async () => {
  const clf = await new MLPClassifier({ hiddenLayers: [4], activation: "identity", standardize: false, epochs: 40, learningRate: 0.01, seed: 1 }).fit(two.X, two.y);
  const weights = { coefs: clf.coefs, intercepts: clf.intercepts };
  // Far along the direction that separates the classes the logit is in the hundreds.
  const far = [two.X[0].map(() => -1e6), two.X[0].map(() => 1e6)];
  const proba = clf.predictProba(far);
  assert.ok(proba.every((p) => p.includes(0)), `saturated: ${JSON.stringify(proba)}`);
  const logs = clf.predictLogProba(far);
  far.forEach((row, i) => {
    const ref = referenceLogProba(weights, row, "identity");
    assert.ok(logs[i].every(Number.isFinite), JSON.stringify(logs[i]));
    assert.ok(Math.min(...ref) < -100, `the reference's small log-probability ${Math.min(...ref)}`);
    logs[i].forEach((v, k) => assert.ok(Math.abs(v - ref[k]) <= 1e-12 * Math.abs(ref[k]) + 1e-300, `row ${i}: ${v} vs ${ref[k]}`));
  });
});

test("predictLogProba checks its input as predictProba does, and names a row whose logits overflow", async () => {
  const clf = await new MLPClassifier({ hiddenLayers: [3], epochs: 2 }).fit(two.X, two.y);
  // 41 identity layers of one unit, each weight 1e30: x = 1 reaches 1e1230, past float64.
  const layers = 40;
  const trained = await new MLPClassifier({ hiddenLayers: Array(layers).fill(1), activation: "identity", standardize: false, epochs: 1 }).fit([[0], [1]], [0, 1]);
  const json = trained.toJSON();
  const deep = await MLPClassifier.fromJSON({ ...json, params: json.params.map((_, i) => (i % 2 === 0 ? 1e30 : 0)) });
  throws(() => deep.predictLogProba([[0], [1]]), /^the model's outputs overflow float64 on X\[1\]; retrain it/);
  throws(() => clf.predictLogProba([[1, 2]]), /3 features/);
  throws(() => clf.predictLogProba([[1, NaN, 2]]), /X\[0\]\[1\] is NaN/);
  throws(() => new MLPClassifier().predictLogProba(two.X), /not fitted yet: call fit before predictLogProba/);
});

test("getParams, clone and setParams, as scikit-learn's", async () => {
  const clf = new MLPClassifier({ hiddenLayers: [7], epochs: 5, seed: 4 });
  assert.equal(clf.getParams(), clf.options);
  await clf.fit(two.X, two.y);
  const copy = clf.clone();
  assert.instance(copy, MLPClassifier);
  assert.equal(copy.getParams(), clf.getParams());
  throws(() => copy.predict(two.X), /not fitted yet/);
  await copy.fit(two.X, two.y);
  assert.ok(sameBits(copy.predictProbaFlat(two.X), clf.predictProbaFlat(two.X)), "a clone trains the same bits");
  // setParams: checked, all or nothing; the next fit uses it.
  throws(() => clf.setParams({ epochs: 0 }), /^epochs must be a positive integer, got 0$/);
  throws(() => clf.setParams({ epoch: 3 }), /unknown option "epoch"/);
  assert.is(clf.options.epochs, 5);
  throws(() => clf.setParams({ hiddenLayers: [3] }), /hiddenLayers and activation shape a fitted model's network/);
  assert.is(clf.setParams({ epochs: 3 }), clf);
  await clf.fit(two.X, two.y);
  assert.is(clf.loss.length, 3);
  assert.ok(copy.clone().setParams({ hiddenLayers: [2] }).options.hiddenLayers[0] === 2, "an unfitted model takes any option");
  const reg = new MLPRegressor({ epochs: 4 });
  assert.instance(reg.clone(), MLPRegressor);
  assert.is(reg.clone().options.epochs, 4);
});

test("setParams takes effect in the next partialFit: a rate too small to move a float32 weight leaves them all", async () => {
  const clf = new MLPClassifier({ hiddenLayers: [4], optimizer: "gd", learningRate: 0.5, seed: 2 });
  await clf.partialFit(two.X, two.y);
  const before = clf.coefs;
  clf.setParams({ learningRate: 1e-30 });
  await clf.partialFit(two.X, two.y);
  assert.equal(clf.coefs, before);
  clf.setParams({ learningRate: 0.5 });
  await clf.partialFit(two.X, two.y);
  assert.not.equal(clf.coefs, before);
});

test("features is the input width seen in fit (n_features_in_)", async () => {
  throws(() => new MLPRegressor().features, /not fitted yet: call fit before reading features/);
  const clf = await new MLPClassifier({ hiddenLayers: [2], epochs: 1 }).fit(two.X, two.y);
  assert.is(clf.features, 3);
  const reg = await new MLPRegressor({ hiddenLayers: [2], epochs: 1 }).fit(three.X, three.y.map(Number));
  assert.is(reg.features, 2);
});

test("summary lists layers, activations, parameter counts and scalers", async () => {
  assert.match(new MLPClassifier().summary(), /not fitted.*hidden layers \[100\], relu, adam/);
  const clf = await new MLPClassifier({ hiddenLayers: [7], epochs: 1 }).fit(three.X, three.y);
  const text = clf.summary();
  assert.match(text, /^MLPClassifier: 2-7-3\n/);
  assert.match(text, /\ninput +2 +standardized \(mean, std per feature\)/);
  assert.match(text, /\nhidden 1 +7 +relu +21 \(2 x 7 weights \+ 7 biases\)/);
  assert.match(text, /\noutput +3 +softmax \(3 classes\), cross-entropy in bits +24 \(7 x 3 weights \+ 3 biases\)/);
  assert.match(text, /\ntotal parameters: 45$/);
  const reg = await new MLPRegressor({ hiddenLayers: [], epochs: 1, standardize: false }).fit(three.X, three.X.map(([a, b]) => [a, b]));
  assert.match(reg.summary(), /^MLPRegressor: 2-2\nlayer +units +activation +parameters\ninput +2 +as given\noutput +2 +identity \(2 targets\), ½ squared error +6 .*\ntotal parameters: 6\ntargets: standardized/);
});

test("hiddenLayers []: logistic regression's gradient-descent step is the float64 reference's", async () => {
  for (const data of [two, three]) {
    const classes = new Set(data.y).size;
    const sizes = [data.X[0].length, classes === 2 ? 1 : classes];
    const start = randomWeights(sizes, 5);
    const clf = await new MLPClassifier({ hiddenLayers: [], optimizer: "gd", learningRate: 0.5, l2: 0, standardize: false, epochs: 1 })
      .fit(data.X, data.y, { initialWeights: start });
    const g = gradient(start, data.X, data.y, { activation: "relu" });
    const expected = mapWeights(start, (w, { layer, kind, k, j }) => w - 0.5 * (kind === "coefs" ? g.coefs[layer][k][j] : g.intercepts[layer][j]));
    const got = { coefs: clf.coefs, intercepts: clf.intercepts };
    mapWeights(expected, (w, { layer, kind, k, j }) => {
      const value = kind === "coefs" ? got.coefs[layer][k][j] : got.intercepts[layer][j];
      assert.ok(Math.abs(value - w) <= 1e-6 * Math.max(1, Math.abs(w)), `${classes} classes ${kind}[${layer}][${k}][${j}]: ${value} vs ${w}`);
      return w;
    });
  }
});

test("hiddenLayers []: linear regression finds the generating coefficients; files, wasmlp/infer and exported modules agree", async () => {
  const X = three.X;
  const y = X.map(([a, b]) => 3 * a - 2 * b + 0.5);
  const reg = await new MLPRegressor({ hiddenLayers: [], optimizer: "gd", learningRate: 0.1, l2: 0, standardize: false, standardizeTargets: false, epochs: 3000 }).fit(X, y);
  const [[wa], [wb]] = reg.coefs[0];
  assert.ok(Math.abs(wa - 3) < 1e-3 && Math.abs(wb + 2) < 1e-3 && Math.abs(reg.intercepts[0][0] - 0.5) < 1e-3, JSON.stringify([reg.coefs, reg.intercepts]));
  const clf = await new MLPClassifier({ hiddenLayers: [], epochs: 20 }).fit(three.X, three.y);
  for (const model of [clf, reg]) {
    const json = model.toJSON();
    assert.equal(json.sizes.length, 2);
    const again = await model.constructor.fromJSON(json);
    const infer = await loadModel(model.toBytes());
    const exported = await import(`data:text/javascript,${encodeURIComponent(exportModule(json))}`);
    if (model === clf) {
      const p = clf.predictProbaFlat(X);
      for (const other of [again.predictProbaFlat(X), Float32Array.from(infer.predictProba(X).flat()), Float32Array.from(exported.predictProba(X).flat())]) assert.ok(sameBits(other, p));
    } else {
      assert.equal(again.predict(X), reg.predict(X));
      assert.equal(infer.predict(X), reg.predict(X));
      assert.equal(exported.predict(X), reg.predict(X));
    }
  }
});

test("a worker-trained model keeps the worker's loss and validation history", async () => {
  const options = { hiddenLayers: [5], epochs: 12, validationFraction: 0.2, seed: 6 };
  const local = await new MLPClassifier(options).fit(two.X, two.y);
  const remote = await trainInWorker(options, two.X, two.y);
  assert.equal(remote.loss, local.loss);
  assert.ok(remote.loss.length > 0);
  assert.equal(remote.validationLoss, local.validationLoss);
  assert.equal(remote.validationScore, local.validationScore);
  assert.is(remote.bestEpoch, local.bestEpoch);
  assert.is(remote.stoppedBy, local.stoppedBy);
  const y = three.X.map(([a, b]) => a - b);
  const reg = await trainRegressorInWorker({ hiddenLayers: [4], epochs: 5 }, three.X, y);
  assert.equal(reg.loss, (await new MLPRegressor({ hiddenLayers: [4], epochs: 5 }).fit(three.X, y)).loss);
});

test.run();
