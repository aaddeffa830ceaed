// scikit-learn's make_classification (sklearn/datasets/_samples_generator.py, 1.2), drawn
// from NumpyRandomState in scikit-learn's order, so a randomState gives scikit-learn's data.
import type { Dataset } from "../make-classification.js";
import { numpyDot } from "../numpy/dot.js";
import type { NumpyRandomState } from "../numpy/random-state.js";
import { resolveClassification, type ResolvedClassification, type SklearnMakeClassificationOptions } from "./classification-options.js";
import { hypercubeVertices } from "./hypercube.js";

// floor(samples · weight / clustersPerClass) per cluster, the remainder dealt round robin.
function clusterSizes(o: ResolvedClassification): number[] {
  const clusters = o.classes * o.clustersPerClass;
  const sizes = Array.from({ length: clusters }, (_, k) => Math.trunc((o.samples * o.weights[k % o.classes]) / o.clustersPerClass));
  const remainder = o.samples - sizes.reduce((sum, size) => sum + size, 0);
  // scikit-learn would silently drop the last clusters' rows here; refuse instead.
  if (remainder < 0) throw new Error(`weights must sum to at most 1, got ${JSON.stringify(o.weights)}`);
  for (let i = 0; i < remainder; i++) sizes[i % clusters] += 1;
  return sizes;
}

// Vertices at ±classSep; off the hypercube, scaled by a factor per cluster, then one per axis.
function centroids(rng: NumpyRandomState, clusters: number, dims: number, o: ResolvedClassification): Float64Array {
  const c = Float64Array.from(hypercubeVertices(rng, clusters, dims), (bit) => bit * (2 * o.classSep) - o.classSep);
  if (o.hypercube) return c;
  const perCluster = rng.uniform(0, 1, clusters);
  const perAxis = rng.uniform(0, 1, dims);
  c.forEach((v, i) => (c[i] = v * perCluster[Math.floor(i / dims)]));
  c.forEach((v, i) => (c[i] = v * perAxis[i % dims]));
  return c;
}

// 2 · U[0, 1) - 1, scikit-learn's random matrices in [-1, 1).
function signedUniform(rng: NumpyRandomState, count: number): Float64Array {
  return rng.uniform(0, 1, count).map((u) => 2 * u - 1);
}

// Writes a row-major block (rows x width) into columns [column, column + width) of X.
function writeColumns(X: Float64Array, features: number, firstRow: number, column: number, block: Float64Array, width: number): void {
  for (let r = 0; r < block.length / width; r++) X.set(block.subarray(r * width, (r + 1) * width), (firstRow + r) * features + column);
}

// Informative columns: N(0, 1), each cluster mixed by its own random matrix, moved to its vertex.
function informative(rng: NumpyRandomState, X: Float64Array, y: Int32Array, sizes: number[], o: ResolvedClassification): void {
  const { features, informative: inf } = o;
  const c = centroids(rng, sizes.length, inf, o);
  writeColumns(X, features, 0, 0, rng.standardNormal(o.samples * inf), inf);
  let start = 0;
  sizes.forEach((size, k) => {
    y.fill(k % o.classes, start, start + size);
    const A = signedUniform(rng, inf * inf);
    const mixed = numpyDot({ data: X, offset: start * features, rows: size, stride: features }, inf, A, inf);
    mixed.forEach((v, i) => (mixed[i] = v + c[k * inf + (i % inf)]));
    writeColumns(X, features, start, 0, mixed, inf);
    start += size;
  });
}

// Redundant columns (informative · B), repeated columns (copies), then N(0, 1) noise.
function otherColumns(rng: NumpyRandomState, X: Float64Array, o: ResolvedClassification): void {
  const { samples, features, informative: inf, redundant, repeated } = o;
  if (redundant > 0) {
    const B = signedUniform(rng, inf * redundant);
    writeColumns(X, features, 0, inf, numpyDot({ data: X, offset: 0, rows: samples, stride: features }, inf, B, redundant), redundant);
  }
  const useful = inf + redundant;
  if (repeated > 0) {
    const sources = rng.uniform(0, 1, repeated).map((u) => Math.trunc((useful - 1) * u + 0.5));
    for (let r = 0; r < samples; r++) sources.forEach((from, j) => (X[r * features + useful + j] = X[r * features + from]));
  }
  const useless = features - useful - repeated;
  if (useless > 0) writeColumns(X, features, 0, useful + repeated, rng.standardNormal(samples * useless), useless);
}

// Every row draws its coin first, then each flipped row (in order) a new class.
function flipLabels(rng: NumpyRandomState, y: Int32Array, o: ResolvedClassification): void {
  const coins = rng.uniform(0, 1, o.samples);
  const flipped: number[] = [];
  coins.forEach((u, r) => u < o.flipY && flipped.push(r));
  const labels = rng.randint(0, o.classes, flipped.length);
  flipped.forEach((r, i) => (y[r] = labels[i]));
}

function perFeature(value: number | ArrayLike<number> | null, features: number, draw: () => Float64Array): ArrayLike<number> {
  if (value === null) return draw();
  return typeof value === "number" ? new Array<number>(features).fill(value) : value;
}

// Rows (with their labels) are shuffled first, then the columns.
function shuffled(rng: NumpyRandomState, X: Float64Array, y: Int32Array, samples: number, features: number): Dataset {
  const rowOrder = Uint32Array.from({ length: samples }, (_, i) => i);
  rng.shuffle(rowOrder);
  const columnOrder = Uint32Array.from({ length: features }, (_, i) => i);
  rng.shuffle(columnOrder);
  const outX = new Float64Array(X.length);
  const outY = new Int32Array(samples);
  rowOrder.forEach((from, r) => {
    outY[r] = y[from];
    columnOrder.forEach((column, c) => (outX[r * features + c] = X[from * features + column]));
  });
  return { X: outX, y: outY, samples, features };
}

/**
 * scikit-learn's `make_classification`, ported: Gaussian clusters on hypercube vertices in
 * the informative subspace, then redundant, repeated and noise columns, label flips, shift,
 * scale and shuffling, every draw taken from NumPy's legacy RandomState in scikit-learn's
 * order. With the same `randomState` it gives scikit-learn 1.2's X and y: y exactly, X to
 * within a few ulps (bit-for-bit except where the C library's log misrounds; see the README).
 * @returns X row-major of shape samples x features (Float64Array), y of length samples (Int32Array).
 * @throws Error naming the option, if an option is missing or out of range.
 */
export function sklearnMakeClassification(options: SklearnMakeClassificationOptions): Dataset {
  const o = resolveClassification(options);
  const { rng, samples, features } = o;
  const sizes = clusterSizes(o);
  const X = new Float64Array(samples * features);
  const y = new Int32Array(samples);
  informative(rng, X, y, sizes, o);
  otherColumns(rng, X, o);
  flipLabels(rng, y, o);
  const shift = perFeature(o.shift, features, () => rng.uniform(0, 1, features).map((u) => (2 * u - 1) * o.classSep));
  for (let i = 0; i < X.length; i++) X[i] += shift[i % features];
  const scale = perFeature(o.scale, features, () => rng.uniform(0, 1, features).map((u) => 1 + 100 * u));
  for (let i = 0; i < X.length; i++) X[i] *= scale[i % features];
  return o.shuffle ? shuffled(rng, X, y, samples, features) : { X, y, samples, features };
}
