import { test } from "uvu";
import * as assert from "uvu/assert";
import { makeClassification, makeMoons, makeCircles, trainTestSplit, Random } from "../build/index.js";

const column = ({ X, samples, features }, c) => Array.from({ length: samples }, (_, r) => X[r * features + c]);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const counts = (y, classes) => Array.from({ length: classes }, (_, k) => y.filter((label) => label === k).length);

// Solves the square system M x = b by Gaussian elimination with partial pivoting.
function solve(M, b) {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let p = 0; p < n; p++) {
    const pivot = a.slice(p).reduce((best, row, i) => (Math.abs(row[p]) > Math.abs(a[best][p]) ? p + i : best), p);
    [a[p], a[pivot]] = [a[pivot], a[p]];
    for (let r = p + 1; r < n; r++) {
      const factor = a[r][p] / a[p][p];
      for (let c = p; c <= n; c++) a[r][c] -= factor * a[p][c];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) x[r] = (a[r][n] - a[r].slice(r + 1, n).reduce((s, v, i) => s + v * x[r + 1 + i], 0)) / a[r][r];
  return x;
}

// Least squares of target on the given columns by the normal equations; returns coefficients and the largest residual.
function leastSquares(columns, target) {
  const gram = columns.map((u) => columns.map((v) => u.reduce((s, ui, i) => s + ui * v[i], 0)));
  const rhs = columns.map((u) => u.reduce((s, ui, i) => s + ui * target[i], 0));
  const coefficients = solve(gram, rhs);
  const residual = Math.max(...target.map((t, i) => Math.abs(t - columns.reduce((s, col, j) => s + coefficients[j] * col[i], 0))));
  return { coefficients, residual };
}

test("defaults: 100 x 20 float64 rows, int32 labels in {0, 1}", () => {
  const data = makeClassification();
  assert.is(data.samples, 100);
  assert.is(data.features, 20);
  assert.instance(data.X, Float64Array);
  assert.instance(data.y, Int32Array);
  assert.is(data.X.length, 2000);
  assert.is(data.y.length, 100);
  assert.ok(data.X.every(Number.isFinite));
  assert.ok(data.y.every((label) => label === 0 || label === 1));
});

test("class balance is sklearn's: floor(n * weight / clustersPerClass) per cluster, remainder round robin", () => {
  // 100 samples, 3 classes x 2 clusters: floor(100 / 3 / 2) = 16 per cluster, 96 in all; the 4 left
  // go to clusters 0..3, so clusters hold 17 17 17 17 16 16 and classes (k % 3) 34 33 33.
  const balanced = makeClassification({ classes: 3, informative: 3, flipY: 0 });
  assert.equal(counts(Array.from(balanced.y), 3), [34, 33, 33]);
  // weights [0.1, 0.3] infer 0.6; 1001 samples give 100 300 600, and the 1 left goes to cluster 0.
  const weighted = makeClassification({ samples: 1001, classes: 3, informative: 3, clustersPerClass: 1, weights: [0.1, 0.3], flipY: 0 });
  assert.equal(counts(Array.from(weighted.y), 3), [101, 300, 600]);
});

test("the same seed gives the same data; another seed differs", () => {
  const options = { samples: 200, features: 7, informative: 3, redundant: 1, repeated: 1, classes: 3, seed: 12 };
  const a = makeClassification(options);
  const b = makeClassification(options);
  assert.equal(a.X, b.X);
  assert.equal(a.y, b.y);
  assert.not.equal(makeClassification({ ...options, seed: 13 }).X, a.X);
});

test("without shuffling: redundant columns are exact linear combinations of the informative ones", () => {
  const data = makeClassification({ samples: 500, features: 9, informative: 3, redundant: 2, repeated: 2, shuffle: false, seed: 4 });
  const informative = [0, 1, 2].map((c) => column(data, c));
  for (const c of [3, 4]) {
    const { coefficients, residual } = leastSquares(informative, column(data, c));
    assert.ok(residual < 1e-9, `column ${c} residual ${residual}`);
    // B = 2U - 1 has entries in [-1, 1].
    assert.ok(coefficients.every((b) => Math.abs(b) <= 1 + 1e-9), `coefficients ${coefficients}`);
  }
  // Repeated columns are copies of informative or redundant ones.
  for (const c of [5, 6]) {
    const copy = column(data, c);
    assert.ok([0, 1, 2, 3, 4].some((source) => column(data, source).every((x, i) => x === copy[i])), `column ${c}`);
  }
  // The rest is standard normal noise, unrelated to the informative columns.
  for (const c of [7, 8]) {
    const noise = column(data, c);
    assert.ok(Math.abs(mean(noise)) < 0.2 && Math.abs(std(noise) - 1) < 0.15, `column ${c}`);
    assert.ok(leastSquares(informative, noise).residual > 1, `column ${c} is not a combination`);
  }
});

test("cluster centres sit on distinct hypercube vertices at +-classSep", () => {
  // 4 clusters in 2 informative dimensions use every vertex of the square.
  const data = makeClassification({ samples: 4000, features: 2, informative: 2, redundant: 0, classSep: 3, flipY: 0, shuffle: false, seed: 8 });
  const vertices = new Set();
  for (let k = 0; k < 4; k++) {
    const rows = { ...data, X: data.X.subarray(k * 2000, (k + 1) * 2000), samples: 1000 };
    const centre = [0, 1].map((c) => mean(column(rows, c)));
    assert.ok(centre.every((m) => Math.abs(Math.abs(m) - 3) < 0.2), `cluster ${k} centre ${centre}`);
    vertices.add(centre.map(Math.sign).join());
  }
  assert.is(vertices.size, 4);
});

function nearestNeighbourAccuracy(options) {
  const { X, y, features } = makeClassification({ samples: 1000, features: 10, flipY: 0, seed: 1, ...options });
  const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { features, seed: 2 });
  let correct = 0;
  for (let i = 0; i < yTest.length; i++) {
    let best = Infinity;
    let label = -1;
    for (let j = 0; j < yTrain.length; j++) {
      let distance = 0;
      for (let c = 0; c < features; c++) distance += (XTest[i * features + c] - XTrain[j * features + c]) ** 2;
      if (distance < best) [best, label] = [distance, yTrain[j]];
    }
    if (label === yTest[i]) correct++;
  }
  return correct / yTest.length;
}

test("well-separated classes without label noise are separated by 1-nearest-neighbour", () => {
  const separated = nearestNeighbourAccuracy({ classSep: 3 });
  const close = nearestNeighbourAccuracy({ classSep: 0.5 });
  assert.ok(separated > 0.97, `accuracy ${separated}`);
  assert.ok(close < separated - 0.1, `classSep 0.5 gives ${close}, classSep 3 gives ${separated}`);
});

test("flipY replaces that fraction of labels with a random class", () => {
  // Unshuffled, the first half is class 0 and the second class 1; half the flips keep the label.
  const data = makeClassification({ samples: 4000, features: 2, redundant: 0, clustersPerClass: 1, flipY: 0.4, shuffle: false });
  const changed = Array.from(data.y).filter((label, i) => label !== (i < 2000 ? 0 : 1)).length / 4000;
  assert.ok(Math.abs(changed - 0.2) < 0.03, `changed ${changed}`);
});

test("shuffling permutes the rows and columns of the unshuffled data", () => {
  const options = { samples: 300, features: 6, informative: 3, redundant: 1, repeated: 1, classes: 3, seed: 21 };
  const plain = makeClassification({ ...options, shuffle: false });
  const shuffled = makeClassification(options);
  assert.equal(Float64Array.from(shuffled.X).sort(), Float64Array.from(plain.X).sort());
  assert.equal(counts(Array.from(shuffled.y), 3), counts(Array.from(plain.y), 3));
  assert.not.equal(shuffled.X, plain.X);
  const sortedSums = (data) => Array.from({ length: 6 }, (_, c) => mean(column(data, c))).sort((a, b) => a - b);
  sortedSums(shuffled).forEach((m, c) => assert.ok(Math.abs(m - sortedSums(plain)[c]) < 1e-12));
});

test("shift is added, then scale multiplies, per feature", () => {
  const options = { samples: 50, features: 3, informative: 2, redundant: 1, seed: 2 };
  const base = makeClassification(options);
  const moved = makeClassification({ ...options, shift: [1, -2, 0.5], scale: 3 });
  base.X.forEach((x, i) => assert.is(moved.X[i], (x + [1, -2, 0.5][i % 3]) * 3));
  // Random shift and scale are drawn after the labels; unshuffled, the labels stay put.
  const drawn = { ...options, shuffle: false, shift: null, scale: null };
  const random = makeClassification(drawn);
  assert.equal(random.y, makeClassification({ ...options, shuffle: false }).y);
  assert.equal(random, makeClassification(drawn));
  const scales = [0, 1, 2].map((c) => std(column(random, c)) / std(column(makeClassification({ ...options, shuffle: false }), c)));
  assert.ok(scales.every((s) => s >= 1 && s < 101), `scales ${scales}`);
});

test("a random polytope (hypercube false) keeps centres within +-classSep", () => {
  const data = makeClassification({ samples: 2000, features: 2, redundant: 0, clustersPerClass: 1, hypercube: false, classSep: 2, flipY: 0, shuffle: false });
  for (const half of [0, 1]) {
    const rows = { ...data, X: data.X.subarray(half * 2000, (half + 1) * 2000), samples: 1000 };
    [0, 1].forEach((c) => assert.ok(Math.abs(mean(column(rows, c))) < 2.2));
  }
});

test("more than 30 informative features draw the leading vertex bits as coin flips", () => {
  const data = makeClassification({ samples: 20, features: 34, informative: 32, classes: 4, seed: 3 });
  assert.is(data.X.length, 20 * 34);
  assert.ok(data.X.every(Number.isFinite));
});

test("makeClassification names the option and value it rejects", () => {
  const cases = [
    [{ samples: 0 }, /samples must be an integer from 1 to \d+ .*, got 0$/],
    [{ features: 2.5 }, /features must be an integer from 1 to \d+, got 2.5$/],
    [{ informative: 0 }, /informative must be an integer from 1 to \d+ .*, got 0$/],
    [{ redundant: -1 }, /redundant must be an integer from 0 to \d+ .*, got -1$/],
    [{ repeated: "1" }, /repeated must be an integer from 0 to \d+, got 1$/],
    [{ classes: 0 }, /classes must be an integer from 1 to \d+, got 0$/],
    [{ clustersPerClass: 0 }, /clustersPerClass must be an integer from 1 to \d+, got 0$/],
    [{ features: 4, informative: 2, redundant: 2, repeated: 1 }, /informative \+ redundant \+ repeated must be <= features, got 2 \+ 2 \+ 1 > 4/],
    [{ classes: 3, clustersPerClass: 2 }, /classes \* clustersPerClass must be <= 2\*\*informative, got 3 \* 2 > 2\*\*2/],
    [{ weights: [0.2, 0.3, 0.5] }, /weights must be of length classes \(2\) or classes - 1, got \[0.2,0.3,0.5\]/],
    [{ weights: [-0.5] }, /weights must be numbers in \[0, 1\], got \[-0.5\]/],
    [{ classes: 3, informative: 3, weights: [0.7, 0.6] }, /weights must be numbers that sum to at most 1/],
    [{ weights: [0.7, 0.6] }, /weights must be numbers that sum to at most 1, got \[0.7,0.6\]/],
    [{ flipY: 1.5 }, /flipY must be a number in \[0, 1\], got 1.5/],
    [{ classSep: 0 }, /classSep must be a positive number, got 0/],
    [{ hypercube: 1 }, /hypercube must be a boolean, got 1/],
    [{ shuffle: "yes" }, /shuffle must be a boolean, got yes/],
    [{ shift: NaN }, /shift must be a finite number/],
    [{ features: 3, redundant: 0, shift: [1, 2] }, /shift must be a finite number, an array of 3 \(one per feature\), or null, got \[1,2\]/],
    [{ scale: -1 }, /scale must be a positive number, an array of 20, or null, got -1/],
    [{ seed: -1 }, /seed must be a non-negative integer, got -1/],
    [{ nSamples: 10 }, /unknown option nSamples/],
  ];
  for (const [options, message] of cases) assert.throws(() => makeClassification(options), message, JSON.stringify(options));
});

const point = ({ X }, r) => [X[2 * r], X[2 * r + 1]];

test("makeMoons and makeCircles: samples x 2 float64 rows, floor(n / 2) rows of class 0 and the rest class 1", () => {
  for (const make of [makeMoons, makeCircles]) {
    const data = make();
    assert.is(data.samples, 100);
    assert.is(data.features, 2);
    assert.instance(data.X, Float64Array);
    assert.instance(data.y, Int32Array);
    assert.is(data.X.length, 200);
    assert.equal(counts(Array.from(data.y), 2), [50, 50]);
    assert.equal(counts(Array.from(make({ samples: 101 }).y), 2), [50, 51]);
    assert.equal(counts(Array.from(make({ samples: 1 }).y), 2), [0, 1]);
  }
});

test("makeMoons without noise: evenly spaced points on two interleaved half circles", () => {
  // sklearn: class 0 at (cos t, sin t), class 1 at (1 - cos t, 0.5 - sin t), t = linspace(0, pi, n).
  const data = makeMoons({ samples: 21, shuffle: false });
  assert.equal(Array.from(data.y), [...new Array(10).fill(0), ...new Array(11).fill(1)]);
  for (let r = 0; r < 21; r++) {
    const [x, y] = point(data, r);
    const t = r < 10 ? (Math.PI * r) / 9 : (Math.PI * (r - 10)) / 10;
    const [cx, cy, sign] = r < 10 ? [0, 0, 1] : [1, 0.5, -1];
    assert.ok(Math.abs(Math.hypot(x - cx, y - cy) - 1) < 1e-15, `row ${r} radius`);
    assert.ok(Math.abs(Math.atan2(sign * (y - cy), sign * (x - cx)) - t) < 1e-14, `row ${r} angle`);
  }
  assert.equal(point(data, 0), [1, 0]);
  assert.equal(point(data, 9)[0], -1);
  assert.equal(point(data, 10), [0, 0.5]);
  assert.equal(point(data, 20)[0], 2);
});

test("makeCircles without noise: the unit circle and a circle of radius factor, no point repeated at 2π", () => {
  const data = makeCircles({ samples: 17, factor: 0.3, shuffle: false });
  for (let r = 0; r < 17; r++) {
    const [x, y] = point(data, r);
    const [radius, index, count] = r < 8 ? [1, r, 8] : [0.3, r - 8, 9];
    assert.ok(Math.abs(Math.hypot(x, y) - radius) < 1e-15, `row ${r} radius`);
    const angle = (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
    assert.ok(Math.abs(angle - (2 * Math.PI * index) / count) < 1e-14, `row ${r} angle ${angle}`);
  }
  assert.equal(point(data, 0), [1, 0]);
  assert.equal(point(data, 8), [0.3, 0]);
  const shuffled = makeCircles({ samples: 500, factor: 0.5 });
  for (let r = 0; r < 500; r++) {
    assert.ok(Math.abs(Math.hypot(...point(shuffled, r)) - (shuffled.y[r] === 0 ? 1 : 0.5)) < 1e-15);
  }
  const origin = makeCircles({ samples: 6, factor: 0, shuffle: false });
  assert.equal(Array.from(origin.X.subarray(6)).map(Math.abs), [0, 0, 0, 0, 0, 0]);
});

test("makeMoons and makeCircles shuffle rows with their labels by Random(seed).permutation, then add noise", () => {
  for (const make of [makeMoons, makeCircles]) {
    const plain = make({ samples: 300, shuffle: false });
    const shuffled = make({ samples: 300, seed: 5 });
    const order = new Random(5).permutation(300);
    for (let r = 0; r < 300; r++) {
      assert.equal(point(shuffled, r), point(plain, order[r]));
      assert.is(shuffled.y[r], plain.y[order[r]]);
    }
    // The noise is drawn after the shuffle from the same generator, so it is the only difference.
    const noisy = make({ samples: 4000, noise: 0.3, seed: 8 });
    const clean = make({ samples: 4000, seed: 8 });
    assert.equal(noisy.y, clean.y);
    const offsets = Array.from(noisy.X, (x, i) => x - clean.X[i]);
    assert.ok(Math.abs(mean(offsets)) < 0.01, `mean ${mean(offsets)}`);
    assert.ok(Math.abs(std(offsets) - 0.3) < 0.01, `std ${std(offsets)}`);
  }
});

test("makeMoons and makeCircles are deterministic by seed", () => {
  for (const make of [makeMoons, makeCircles]) {
    assert.equal(make({ noise: 0.1, seed: 3 }), make({ noise: 0.1, seed: 3 }));
    assert.not.equal(make({ noise: 0.1, seed: 3 }).X, make({ noise: 0.1, seed: 4 }).X);
    assert.not.equal(make({ seed: 3 }).y, make({ seed: 4 }).y);
  }
});

test("makeMoons and makeCircles name the option and value they reject", () => {
  const cases = [
    [makeMoons, { samples: 0 }, /samples must be an integer from 1 to \d+ .*, got 0$/],
    [makeMoons, { samples: 2.5 }, /samples must be an integer from 1 to \d+ .*, got 2.5$/],
    [makeMoons, { noise: -0.1 }, /noise must be a number >= 0, got -0.1/],
    [makeMoons, { noise: Infinity }, /noise must be a number >= 0, got Infinity/],
    [makeMoons, { shuffle: 1 }, /shuffle must be a boolean, got 1/],
    [makeMoons, { seed: -1 }, /seed must be a non-negative integer, got -1/],
    [makeMoons, { factor: 0.5 }, /unknown option factor/],
    [makeCircles, { factor: 1 }, /factor must be a number in \[0, 1\), got 1/],
    [makeCircles, { factor: -0.5 }, /factor must be a number in \[0, 1\), got -0.5/],
    [makeCircles, { factor: "0.5" }, /factor must be a number in \[0, 1\), got 0.5/],
    [makeCircles, { nSamples: 10 }, /unknown option nSamples/],
  ];
  for (const [make, options, message] of cases) assert.throws(() => make(options), message, JSON.stringify(options));
});

test("sizes beyond the typed arrays the generators can make are refused, naming the option and the limit", () => {
  // Each of these used to end in a bare RangeError ("Invalid typed array length",
  // "Invalid array length", "Set maximum size exceeded") or an hour of work.
  const cases = [
    [makeClassification, { samples: 1e12 }, /^samples must be an integer from 1 to 53687091 for 20 features \(X holds at most 2\^30 values\), got 1000000000000$/],
    [makeClassification, { samples: 2 ** 27, features: 9 }, /^samples must be an integer from 1 to 119304647 for 9 features/],
    [makeClassification, { samples: 1, features: 2 ** 31 }, /^features must be an integer from 1 to 1073741824, got 2147483648$/],
    [makeClassification, { samples: 1, features: 2 ** 16, informative: 2 ** 16 - 2 }, /^informative must be an integer from 1 to 32768 \(each cluster's covariance holds informative² values, at most 2\^30\), got 65534$/],
    [makeClassification, { samples: 1, features: 2 ** 29, informative: 4, redundant: 2 ** 29 - 4 }, /^redundant must be an integer from 0 to 268435456 for informative = 4/],
    [makeClassification, { samples: 1, features: 40, informative: 30, classes: 2 ** 25 }, /^classes must be an integer from 1 to 16777216, got 33554432$/],
    [makeClassification, { samples: 1, features: 40, informative: 30, classes: 2 ** 20, clustersPerClass: 32 }, /^classes \* clustersPerClass must be <= 16777216 for informative = 30 .*, got 1048576 \* 32$/],
    [makeClassification, { samples: 1, features: 40, informative: 26, classes: 2 ** 24 }, /^classes \* clustersPerClass must be <= 16777216 for informative = 26/],
    [makeMoons, { samples: 1e12 }, /^samples must be an integer from 1 to 536870912 \(X holds 2 values a row, at most 2\^30\), got 1000000000000$/],
    [makeCircles, { samples: 2 ** 29 + 1 }, /^samples must be an integer from 1 to 536870912/],
  ];
  for (const [make, options, message] of cases) {
    try {
      make(options);
      assert.unreachable(`${JSON.stringify(options)} was accepted`);
    } catch (error) {
      assert.is(error.constructor, Error, `${JSON.stringify(options)}: ${error}`);
      assert.match(error.message, message, JSON.stringify(options));
    }
  }
  // At the edge of the limit the same options work: a wide row, a long column, and every
  // label flipped (the flips were a JavaScript array of up to samples entries).
  assert.is(makeClassification({ samples: 1, features: 2 ** 20, shift: null, scale: null }).X.length, 2 ** 20);
  assert.is(makeClassification({ samples: 2 ** 18, features: 4, flipY: 1 }).y.length, 2 ** 18);
  assert.is(makeMoons({ samples: 3, shuffle: false }).X.length, 6);
});

const indexRows = (n) => Array.from({ length: n }, (_, i) => [i, -i]);
const indexLabels = (n) => Array.from({ length: n }, (_, i) => i);

test("trainTestSplit sizes are sklearn's: ceil(testSize * n) test rows", () => {
  const sizes = (n, testSize) => {
    const split = trainTestSplit(indexRows(n), indexLabels(n), testSize === undefined ? {} : { testSize });
    return [split.XTrain.length, split.XTest.length, split.yTrain.length, split.yTest.length];
  };
  assert.equal(sizes(10000, 0.2), [8000, 2000, 8000, 2000]);
  assert.equal(sizes(10, 0.25), [7, 3, 7, 3]);
  assert.equal(sizes(10, undefined), [7, 3, 7, 3]);
  assert.equal(sizes(10, 4), [6, 4, 6, 4]);
  assert.equal(sizes(10, 1), [9, 1, 9, 1]);
  assert.equal(sizes(2, 0.5), [1, 1, 1, 1]);
});

test("trainTestSplit partitions the rows, keeps labels with their rows, and follows Random(seed).permutation", () => {
  const n = 101;
  const { XTrain, XTest, yTrain, yTest } = trainTestSplit(indexRows(n), indexLabels(n), { testSize: 0.3, seed: 5 });
  const testIds = XTest.map((row) => row[0]);
  const trainIds = XTrain.map((row) => row[0]);
  assert.equal([...testIds, ...trainIds].sort((a, b) => a - b), indexLabels(n));
  assert.equal(yTest, testIds);
  assert.equal(yTrain, trainIds);
  assert.equal(XTest.map((row) => row[1]), testIds.map((i) => -i));
  // sklearn's ShuffleSplit: the first nTest permuted indices are the test part.
  const order = Array.from(new Random(5).permutation(n));
  assert.equal(testIds, order.slice(0, 31));
  assert.equal(trainIds, order.slice(31));
});

test("trainTestSplit is deterministic by seed, copies rows, and keeps order without shuffling", () => {
  const rows = indexRows(20);
  const a = trainTestSplit(rows, indexLabels(20), { seed: 3 });
  assert.equal(a, trainTestSplit(rows, indexLabels(20), { seed: 3 }));
  assert.not.equal(a.yTest, trainTestSplit(rows, indexLabels(20), { seed: 4 }).yTest);
  a.XTrain[0][0] = 999;
  assert.ok(rows.every((row, i) => row[0] === i));
  const ordered = trainTestSplit(rows, indexLabels(20), { shuffle: false });
  assert.equal(ordered.yTrain, indexLabels(15));
  assert.equal(ordered.yTest, [15, 16, 17, 18, 19]);
});

test("trainTestSplit on flat typed arrays returns the same typed arrays, matching the rows mode", () => {
  const n = 12;
  const rows = indexRows(n);
  const expected = trainTestSplit(rows, indexLabels(n), { testSize: 0.25, seed: 9 });
  for (const Flat of [Float32Array, Float64Array]) {
    const split = trainTestSplit(Flat.from(rows.flat()), Int32Array.from(indexLabels(n)), { testSize: 0.25, seed: 9, features: 2 });
    assert.instance(split.XTrain, Flat);
    assert.instance(split.XTest, Flat);
    assert.instance(split.yTrain, Int32Array);
    assert.equal(Array.from(split.XTrain), expected.XTrain.flat());
    assert.equal(Array.from(split.XTest), expected.XTest.flat());
    assert.equal(Array.from(split.yTest), expected.yTest);
  }
  const named = trainTestSplit(rows, rows.map((row) => `row${row[0]}`), { seed: 9 });
  assert.ok(Array.isArray(named.yTest));
  assert.equal(named.yTest, expected.yTest.map((i) => `row${i}`));
});

test("trainTestSplit names what is wrong", () => {
  const rows = indexRows(10);
  const labels = indexLabels(10);
  const cases = [
    [() => trainTestSplit(rows, labels.slice(1)), /X has 10 rows but y has 9 labels/],
    [() => trainTestSplit([[1]], [0]), /need at least 2 rows to split, got 1/],
    [() => trainTestSplit(rows, labels, { testSize: 0 }), /testSize must be a fraction in \(0, 1\) or an integer in \[1, 9\] for 10 rows, got 0/],
    [() => trainTestSplit(rows, labels, { testSize: 1.5 }), /testSize must be .* got 1.5/],
    [() => trainTestSplit(rows, labels, { testSize: 10 }), /testSize must be .* got 10/],
    [() => trainTestSplit(rows, labels, { testSize: -0.2 }), /testSize must be .* got -0.2/],
    [() => trainTestSplit(rows, labels, { testSize: "0.2" }), /testSize must be .* got 0.2/],
    [() => trainTestSplit(indexRows(2), [0, 1], { testSize: 0.9 }), /testSize 0.9 of 2 rows leaves the train part empty/],
    [() => trainTestSplit(new Float64Array(10), labels), /features must be a positive integer dividing X.length \(10\) for a flat X, got undefined/],
    [() => trainTestSplit(new Float64Array(10), labels, { features: 3 }), /features must be a positive integer dividing X.length \(10\) for a flat X, got 3/],
    [() => trainTestSplit(new Int32Array(10), labels), /X must be an array of rows, a Float32Array or a Float64Array/],
    [() => trainTestSplit(rows, labels, { seed: -1 }), /seed must be a non-negative integer, got -1/],
  ];
  for (const [call, message] of cases) assert.throws(call, message);
});

test.run();
