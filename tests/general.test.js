// The general classifier's invariants: partialFit against fit, the L2 penalty, the shape
// and consistency of probabilities, labels of every kind, classes absent from training
// rows, class and sample weights. (Training control and options: general-training.test.js.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { predictProba as referenceProba, squaredWeightNorm } from "./helpers/mlp-reference.js";
import { blobs, argmax, agreement } from "./helpers/data.js";
import { rejects } from "./helpers/errors.js";
import { SEED } from "./helpers/seed.js";

const three = blobs({ centers: [[0, 0], [3, 0], [0, 3]], counts: [20, 20, 20], spread: 0.8, seed: 1 });
const two = blobs({ centers: [[0, 0], [2, 1]], counts: [25, 25], spread: 0.9, seed: 2 });

const weightsOf = (clf) => ({ coefs: clf.coefs, intercepts: clf.intercepts });
const bits = (clf) => JSON.stringify({ ...weightsOf(clf), loss: clf.loss });

const partialFitCases = [
  { optimizer: "gd", learningRate: 0.5 },
  { optimizer: "gd", learningRate: 0.5, l2: 0.01, activation: "tanh" },
  { optimizer: "sgd", batchSize: 16, shuffle: true },
  { optimizer: "sgd", batchSize: 16, shuffle: false, nesterov: false },
  { optimizer: "adam", batchSize: 16, shuffle: true, activation: "relu", standardize: true, l2: 0.001 },
  { optimizer: "adam", batchSize: 16, shuffle: false },
];

for (const options of partialFitCases) {
  test(`partialFit 6 times equals fit for 6 epochs, bit for bit: ${JSON.stringify(options)}`, async () => {
    const o = { ...SEED, hiddenLayers: [5, 4], epochs: 6, seed: 3, ...options };
    const fitted = await new MLPClassifier(o).fit(three.X, three.y);
    const partial = new MLPClassifier(o);
    for (let i = 0; i < 6; i++) await partial.partialFit(three.X, three.y, i === 0 ? { classes: [0, 1, 2] } : {});
    assert.is(partial.loss.length, 6);
    assert.equal(partial.loss, fitted.loss);
    assert.is(bits(partial), bits(fitted));
    assert.equal(partial.predictProba(three.X), fitted.predictProba(three.X));
  });
}

test("partialFit equals fit bit for bit over several 256-row blocks, 5 string classes, balanced weights", async () => {
  const labels = ["a", "b", "c", "d", "e"];
  const data = blobs({ centers: [[0, 0], [3, 0], [0, 3], [3, 3], [1.5, 1.5]], counts: [140, 140, 140, 140, 140], labels, seed: 4 });
  for (const options of [{ optimizer: "adam", batchSize: 300 }, { optimizer: "gd" }]) {
    const o = { ...SEED, hiddenLayers: [7], epochs: 3, standardize: true, l2: 0.01, classWeight: "balanced", ...options };
    const fitted = await new MLPClassifier(o).fit(data.X, data.y);
    const partial = new MLPClassifier(o);
    for (let i = 0; i < 3; i++) await partial.partialFit(data.X, data.y, { classes: [...labels].reverse() });
    assert.is(bits(partial), bits(fitted), JSON.stringify(options));
  }
});

test("shuffling changes the mini-batches (so the shuffled cases above test the seed stream)", async () => {
  const o = { ...SEED, hiddenLayers: [5], optimizer: "sgd", batchSize: 16, epochs: 3, seed: 3 };
  const shuffled = await new MLPClassifier({ ...SEED, ...o, shuffle: true }).fit(three.X, three.y);
  const ordered = await new MLPClassifier({ ...SEED, ...o, shuffle: false }).fit(three.X, three.y);
  assert.is.not(bits(shuffled), bits(ordered));
});

test("a larger l2 gives a smaller weight norm", async () => {
  const norms = [];
  for (const l2 of [0, 0.01, 0.1, 1]) {
    const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [8], optimizer: "adam", learningRate: 0.05, l2, epochs: 100, seed: 1 })
      .fit(two.X, two.y);
    norms.push(squaredWeightNorm(weightsOf(clf)));
  }
  for (let i = 1; i < norms.length; i++) assert.ok(norms[i] < norms[i - 1], `norms by l2: ${norms.join(", ")}`);
});

for (const [name, data] of [["binary", two], ["multiclass", three]]) {
  for (const activation of ["sigmoid", "tanh", "relu"]) {
    test(`${name} ${activation}: probabilities in [0, 1], rows sum to 1, argmax is predict, as the f64 reference`, async () => {
      const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [6], activation, optimizer: "adam", learningRate: 0.05, epochs: 40 })
        .fit(data.X, data.y);
      const proba = clf.predictProba(data.X);
      const predicted = clf.predict(data.X);
      const reference = referenceProba(weightsOf(clf), data.X, activation);
      const k = clf.classes.length;
      // One sigmoid output for two classes, a softmax unit per class for more.
      assert.is(clf.coefs[1][0].length, k === 2 ? 1 : k);
      proba.forEach((row, i) => {
        assert.is(row.length, k);
        row.forEach((p) => assert.ok(p >= 0 && p <= 1, `row ${i}: ${row}`));
        const sum = row.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - 1) <= 1e-6, `row ${i} sums to ${sum}`);
        assert.is(predicted[i], clf.classes[argmax(row)], `row ${i}: ${row}`);
        row.forEach((p, c) => assert.ok(Math.abs(p - reference[i][c]) <= 1e-5, `row ${i} class ${c}: ${p} vs ${reference[i][c]}`));
      });
      assert.ok(clf.score(data.X, data.y) > 0.8, `score ${clf.score(data.X, data.y)}`);
    });
  }
}

test("string labels: classes sorted by code point, predict returns the strings", async () => {
  const labels = ["dog", "Cat", "bird"];
  const data = blobs({ centers: [[0, 0], [3, 0], [0, 3]], counts: [20, 20, 20], spread: 0.6, labels, seed: 4 });
  const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [6], optimizer: "adam", learningRate: 0.05, epochs: 60 }).fit(data.X, data.y);
  assert.equal(clf.classes, ["Cat", "bird", "dog"]);
  const predicted = clf.predict(data.X);
  predicted.forEach((p) => assert.type(p, "string"));
  assert.ok(agreement(predicted, data.y) > 0.9);
  // Columns follow `classes`: the point at "bird"'s centre has its largest probability in column 1.
  assert.is(argmax(clf.predictProba([[0, 3]])[0]), 1);
  assert.equal(clf.predict([[0, 0], [3, 0], [0, 3]]), ["dog", "Cat", "bird"]);
});

test("binary string labels", async () => {
  const data = blobs({ centers: [[0, 0], [3, 3]], counts: [15, 15], spread: 0.5, labels: ["yes", "no"], seed: 5 });
  const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [4], optimizer: "adam", learningRate: 0.05, epochs: 60 }).fit(data.X, data.y);
  assert.equal(clf.classes, ["no", "yes"]);
  assert.equal(clf.predict([[0, 0], [3, 3]]), ["yes", "no"]);
  assert.ok(clf.predictProba([[0, 0]])[0][1] > 0.5);
});

for (const labels of [[10, 20, 30], [9, 10, 100], [-3, -1, 2], [-1, 1], [-5, 0]]) {
  test(`numeric labels ${JSON.stringify(labels)}: sorted numerically, predicted as numbers`, async () => {
    const centers = [[0, 0], [3, 0], [0, 3]].slice(0, labels.length);
    const data = blobs({ centers, counts: labels.map(() => 15), spread: 0.5, labels, seed: 6 });
    const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [6], optimizer: "adam", learningRate: 0.05, epochs: 60 }).fit(data.X, data.y);
    assert.equal(clf.classes, [...labels].sort((a, b) => a - b));
    assert.equal(clf.predict(centers), labels);
    assert.is(clf.predictProba(centers)[0].length, labels.length);
    const typed = await new MLPClassifier(clf.options).fit(data.X, Float64Array.from(data.y));
    assert.equal(typed.predict(centers), labels);
  });
}

test("a class seen only in the validation split stays a class with its own column", async () => {
  // 10 + 10 + 1 rows, validationFraction 0.5: 11 rows are held out, shares 5.24, 5.24 and
  // 0.52 by class; the largest remainder (0.52) gives the held-out row left over to the
  // singleton class, so its only row is in the validation split, never trained on.
  const data = blobs({ centers: [[0, 0], [3, 0], [0, 3]], counts: [10, 10, 1], spread: 0.5, seed: 7 });
  for (const seed of [0, 1, 2]) {
    const clf = new MLPClassifier({ ...SEED, hiddenLayers: [4], optimizer: "adam", learningRate: 0.05, epochs: 20, validationFraction: 0.5, seed });
    await clf.fit(data.X, data.y);
    assert.equal(clf.classes, [0, 1, 2]);
    const proba = clf.predictProba(data.X);
    proba.forEach((row) => assert.is(row.length, 3));
    assert.ok(clf.validationLoss.every(Number.isFinite), `validation loss ${clf.validationLoss}`);
  }
  // Two classes, 20 + 1 rows: the training split holds class 0 only, yet fit succeeds.
  const binary = blobs({ centers: [[0, 0], [3, 3]], counts: [20, 1], spread: 0.5, seed: 8 });
  const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [4], epochs: 5, validationFraction: 0.5 }).fit(binary.X, binary.y);
  assert.equal(clf.classes, [0, 1]);
  assert.is(clf.predictProba(binary.X)[0].length, 2);
});

test("a class declared in partialFit's classes but missing from the batch", async () => {
  const first = three.y.map((label, i) => [label, i]).filter(([label]) => label !== 2).map(([, i]) => i);
  const X01 = first.map((i) => three.X[i]);
  const y01 = first.map((i) => three.y[i]);
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [6], optimizer: "adam", learningRate: 0.05, classWeight: "balanced" });
  await clf.partialFit(X01, y01, { classes: [2, 0, 1] });
  assert.equal(clf.classes, [0, 1, 2]);
  const before = clf.predictProba(X01).reduce((s, row) => s + row[2], 0) / X01.length;
  for (let i = 0; i < 20; i++) await clf.partialFit(X01, y01);
  const after = clf.predictProba(X01).map((row) => row[2]);
  // Never a target, class 2 loses probability on these rows, as sklearn's softmax does.
  assert.ok(after.reduce((s, p) => s + p, 0) / after.length < Math.min(0.1, before), `P(2): ${before} → ${after}`);
  await clf.partialFit(three.X, three.y);
  assert.is(clf.loss.length, 22);
  await rejects(clf.partialFit([[0, 0]], [3]), /y\[0\] is 3, which is not one of the classes \[0, 1, 2\]/);
  await rejects(clf.partialFit([[0, 0]], [1], { classes: [0, 1] }), /classes differs/);
  // A binary model may start from a batch holding one of its two declared classes.
  const binary = new MLPClassifier({ ...SEED, hiddenLayers: [3] });
  await binary.partialFit([[0, 0], [1, 1]], ["b", "b"], { classes: ["b", "a"] });
  assert.equal(binary.classes, ["a", "b"]);
  assert.is(binary.predictProba([[0, 0]])[0].length, 2);
});

test("classWeight shifts predictions toward the weighted class on imbalanced data", async () => {
  const data = blobs({ centers: [[0, 0], [1.5, 0]], counts: [180, 20], spread: 1, seed: 9 });
  const minority = async (classWeight) => {
    const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [6], optimizer: "adam", learningRate: 0.02, epochs: 60, classWeight })
      .fit(data.X, data.y);
    return clf.predict(data.X).filter((p) => p === 1).length;
  };
  const none = await minority(null);
  const balanced = await minority("balanced");
  const dict = await minority({ 1: 9 });
  assert.ok(balanced > none + 20, `minority predictions: none ${none}, balanced ${balanced}`);
  assert.ok(dict > none + 20, `minority predictions: none ${none}, {1: 9} ${dict}`);
});

test("classWeight is the per-class sample weight sklearn defines, bit for bit", async () => {
  const data = blobs({ centers: [[0, 0], [1.5, 0], [0, 1.5]], counts: [30, 8, 12], spread: 1, seed: 10 });
  const o = { ...SEED, hiddenLayers: [5], optimizer: "sgd", batchSize: 16, epochs: 4, seed: 2 };
  // "balanced": n / (classes · count) = 50 / (3 · [30, 8, 12]).
  const balancedWeights = data.y.map((c) => 50 / (3 * [30, 8, 12][c]));
  const balanced = await new MLPClassifier({ ...SEED, ...o, classWeight: "balanced" }).fit(data.X, data.y);
  const byHand = await new MLPClassifier(o).fit(data.X, data.y, { sampleWeight: balancedWeights });
  assert.is(bits(balanced), bits(byHand));
  // A dict multiplies the sample weights of its classes; unlisted classes weigh 1.
  const sampleWeight = data.y.map((_, i) => [1, 0.5, 2][i % 3]);
  const dict = await new MLPClassifier({ ...SEED, ...o, classWeight: { 2: 3 } }).fit(data.X, data.y, { sampleWeight });
  const dictByHand = await new MLPClassifier(o).fit(data.X, data.y, { sampleWeight: sampleWeight.map((w, i) => (data.y[i] === 2 ? 3 * w : w)) });
  assert.is(bits(dict), bits(dictByHand));
  assert.is.not(bits(dict), bits(await new MLPClassifier(o).fit(data.X, data.y, { sampleWeight })));
});

test("sampleWeight 0 on some rows is removing those rows, within float32 rounding", async () => {
  // The sums over samples run in stripes by position (sample s in stripe s mod 4), and
  // removing rows moves the others between stripes and blocks: the same sums, regrouped,
  // so losses and weights agree within rounding, not bit for bit.
  const keep = (_, i) => i % 4 !== 0;
  const sampleWeight = three.y.map((_, i) => (keep(_, i) ? 1 : 0));
  const cases = [
    [three, sampleWeight, { optimizer: "gd", learningRate: 0.5, l2: 0.01 }],
    [three, sampleWeight, { optimizer: "adam", shuffle: false, batchSize: 500 }],
  ];
  const big = blobs({ centers: [[0, 0], [2, 1]], counts: [350, 350], spread: 1, seed: 11 });
  cases.push([big, big.y.map((_, i) => (keep(_, i) ? 1 : 0)), { learningRate: 0.5 }]);
  for (const [data, weight, options] of cases) {
    const o = { ...SEED, hiddenLayers: [5], activation: "tanh", epochs: 5, ...options };
    const weighted = await new MLPClassifier(o).fit(data.X, data.y, { sampleWeight: weight });
    const removed = await new MLPClassifier(o).fit(data.X.filter(keep), data.y.filter(keep));
    const name = JSON.stringify(options);
    weighted.loss.forEach((l, i) => assert.ok(Math.abs(l - removed.loss[i]) <= 1e-6 * l, `${name} epoch ${i + 1}: ${l} vs ${removed.loss[i]}`));
    const a = weighted.coefs.flat(2), b = removed.coefs.flat(2);
    const scale = Math.max(...b.map(Math.abs));
    a.forEach((w, i) => assert.ok(Math.abs(w - b[i]) <= 1e-5 * scale, `${name} weight ${i}: ${w} vs ${b[i]}`));
    // A weighted fit is not the unweighted one: the zeros did remove something.
    const all = await new MLPClassifier(o).fit(data.X, data.y);
    assert.ok(Math.abs(all.loss.at(-1) - weighted.loss.at(-1)) > 1e-4, name);
  }
});

test.run();
