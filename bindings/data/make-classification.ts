// scikit-learn's make_classification, step for step, but drawing from our own seeded
// Random so a seed means the same data everywhere.
import { Random } from "./random.js";

/** Options of {@link makeClassification}; each is sklearn's parameter of the same meaning, in camelCase. */
export interface MakeClassificationOptions {
  /** Number of rows (sklearn's n_samples). Default 100. */
  samples?: number;
  /** Number of columns. Default 20. */
  features?: number;
  /** Columns that carry the class signal. Default 2. */
  informative?: number;
  /** Columns that are random linear combinations of the informative ones. Default 2. */
  redundant?: number;
  /** Columns copied from the informative and redundant ones. Default 0. */
  repeated?: number;
  /** Number of classes. Default 2. */
  classes?: number;
  /** Gaussian clusters per class; classes * clustersPerClass must be <= 2**informative. Default 2. */
  clustersPerClass?: number;
  /** Fraction of samples per class, of length classes or classes - 1 (the last is then inferred). Default balanced. */
  weights?: ArrayLike<number> | null;
  /** Fraction of labels replaced by a random class, in [0, 1]. Default 0.01. */
  flipY?: number;
  /** Half the side of the hypercube the clusters sit on; larger separates classes more. Default 1. */
  classSep?: number;
  /** Put centroids on hypercube vertices (true) or on a randomly scaled polytope (false). Default true. */
  hypercube?: boolean;
  /** Added to every column: one number, one per feature, or null for random in [-classSep, classSep]. Default 0. */
  shift?: number | ArrayLike<number> | null;
  /** Multiplies every column after the shift: one number, one per feature, or null for random in [1, 101). Default 1. */
  scale?: number | ArrayLike<number> | null;
  /** Shuffle rows and columns; without it columns are informative, redundant, repeated, then noise. Default true. */
  shuffle?: boolean;
  /** Seed of the {@link Random} that draws everything. Default 0. */
  seed?: number;
}

/** A generated data set. */
export interface Dataset {
  /** Row-major features, `samples * features` values. */
  X: Float64Array;
  /** One label per row, in 0..classes-1. */
  y: Int32Array;
  samples: number;
  features: number;
}

type Resolved = Required<MakeClassificationOptions>;

const DEFAULTS: Resolved = {
  samples: 100, features: 20, informative: 2, redundant: 2, repeated: 0, classes: 2,
  clustersPerClass: 2, weights: null, flipY: 0.01, classSep: 1.0, hypercube: true,
  shift: 0.0, scale: 1.0, shuffle: true, seed: 0,
};

/** The most values a generated X may hold, as may the other tables the generators build
 *  (makeClassification's covariances, mixing matrix and cluster vertices): 2^30 float64
 *  are 8 GiB, and more than a classifier could train on (4 GiB of WebAssembly memory). */
export const MAX_VALUES = 2 ** 30;
// The clusters' vertices are drawn distinct through a Set, and a Set holds at most 2^24 (V8).
const MAX_CLUSTERS = 2 ** 24;

export function fail(name: string, value: unknown, requirement: string): never {
  const shown = typeof value === "object" && value !== null ? JSON.stringify(Array.from(value as ArrayLike<unknown>)) : String(value);
  throw new Error(`${name} must be ${requirement}, got ${shown}`);
}

/** Throws unless `value` is a safe integer in [minimum, maximum]; `why` explains the maximum. */
export function checkInteger(name: string, value: unknown, minimum: number, maximum: number, why = ""): void {
  if (!Number.isSafeInteger(value) || (value as number) < minimum || (value as number) > maximum) {
    fail(name, value, `an integer from ${minimum} to ${maximum}${why}`);
  }
}

// sklearn's lower bounds (its validate_params table); the upper bounds keep every table
// within MAX_VALUES, each checked once the sizes it depends on are known to be valid.
function checkIntegers(o: Resolved): void {
  checkInteger("features", o.features, 1, MAX_VALUES);
  checkInteger("samples", o.samples, 1, Math.floor(MAX_VALUES / o.features), ` for ${o.features} features (X holds at most 2^30 values)`);
  checkInteger("informative", o.informative, 1, 2 ** 15, " (each cluster's covariance holds informative² values, at most 2^30)");
  const perInformative = Math.floor(MAX_VALUES / o.informative);
  checkInteger("redundant", o.redundant, 0, perInformative, ` for informative = ${o.informative} (the mixing matrix holds informative × redundant values, at most 2^30)`);
  checkInteger("repeated", o.repeated, 0, MAX_VALUES);
  checkInteger("classes", o.classes, 1, MAX_CLUSTERS);
  checkInteger("clustersPerClass", o.clustersPerClass, 1, MAX_CLUSTERS);
  const { informative: inf, redundant, repeated, classes, clustersPerClass } = o;
  if (inf + redundant + repeated > o.features) {
    throw new Error(`informative + redundant + repeated must be <= features, got ${inf} + ${redundant} + ${repeated} > ${o.features}`);
  }
  if (classes * clustersPerClass > 2 ** inf) {
    throw new Error(`classes * clustersPerClass must be <= 2**informative, got ${classes} * ${clustersPerClass} > 2**${inf}`);
  }
  const clusters = Math.min(MAX_CLUSTERS, perInformative);
  if (classes * clustersPerClass > clusters) {
    const why = "at most 2^24 clusters, whose vertices hold at most 2^30 values";
    throw new Error(`classes * clustersPerClass must be <= ${clusters} for informative = ${inf} (${why}), got ${classes} * ${clustersPerClass}`);
  }
}

/** The checks both ports of make_classification make alike (this one and sklearn/'s):
 *  flipY, classSep (`classSepIs` says what it must be), hypercube, shuffle. */
export function checkFlags(o: { flipY: unknown; classSep: unknown; hypercube: unknown; shuffle: unknown }, classSepIs: string): void {
  if (typeof o.flipY !== "number" || !(o.flipY >= 0 && o.flipY <= 1)) fail("flipY", o.flipY, "a number in [0, 1]");
  if (typeof o.classSep !== "number" || !(o.classSep > 0 && o.classSep < Infinity)) fail("classSep", o.classSep, classSepIs);
  if (typeof o.hypercube !== "boolean") fail("hypercube", o.hypercube, "a boolean");
  if (typeof o.shuffle !== "boolean") fail("shuffle", o.shuffle, "a boolean");
}

function checkPerFeature(name: "shift" | "scale", value: Resolved["shift"], features: number): void {
  if (value === null) return;
  const positive = name === "scale";
  const valid = (v: unknown) => typeof v === "number" && Number.isFinite(v) && (!positive || v > 0);
  const requirement = positive ? "a positive number" : "a finite number";
  if (typeof value === "number") {
    if (!valid(value)) fail(name, value, `${requirement}, an array of ${features}, or null`);
  } else if (value.length !== features || !Array.from(value).every(valid)) {
    fail(name, value, `${requirement}, an array of ${features} (one per feature), or null`);
  }
}

function resolveOptions(options: MakeClassificationOptions): Resolved {
  const o: Resolved = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in DEFAULTS)) throw new Error(`unknown option ${key}`);
    if (value !== undefined) (o as Record<string, unknown>)[key] = value;
  }
  checkIntegers(o);
  checkFlags(o, "a positive number");
  checkPerFeature("shift", o.shift, o.features);
  checkPerFeature("scale", o.scale, o.features);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) fail("seed", o.seed, "a non-negative integer");
  return o;
}

// sklearn: weights of length classes - 1 get a last weight of 1 - sum; none means balanced.
function classWeights(o: Resolved): number[] {
  if (o.weights === null) return new Array<number>(o.classes).fill(1 / o.classes);
  const given = Array.from(o.weights);
  if (given.length !== o.classes && given.length !== o.classes - 1) {
    fail("weights", o.weights, `of length classes (${o.classes}) or classes - 1`);
  }
  if (!given.every((w) => typeof w === "number" && w >= 0 && w <= 1)) fail("weights", o.weights, "numbers in [0, 1]");
  if (given.length === o.classes - 1) given.push(1 - given.reduce((sum, w) => sum + w, 0));
  if (given[given.length - 1] < 0) fail("weights", o.weights, "numbers that sum to at most 1");
  return given;
}

// sklearn: floor(samples * weight / clustersPerClass) per cluster, the remainder dealt round robin.
function clusterSizes(o: Resolved): number[] {
  const weights = classWeights(o);
  const clusters = o.classes * o.clustersPerClass;
  const sizes = Array.from({ length: clusters }, (_, k) => Math.trunc((o.samples * weights[k % o.classes]) / o.clustersPerClass));
  const remainder = o.samples - sizes.reduce((sum, size) => sum + size, 0);
  // sklearn would silently drop rows here; we refuse instead.
  if (remainder < 0) fail("weights", o.weights, "numbers that sum to at most 1");
  for (let i = 0; i < remainder; i++) sizes[i % clusters] += 1;
  return sizes;
}

// Distinct integers in [0, population), in the order drawn: a partial Fisher–Yates over the
// pool when most of it is wanted, else rejection of repeats (as sklearn's "auto" method picks).
function sampleWithoutReplacement(rng: Random, population: number, count: number): number[] {
  if (2 * count > population) {
    const pool = Array.from({ length: population }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(population - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, count);
  }
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(population));
  return Array.from(chosen);
}

// sklearn's _generate_hypercube: `count` distinct 0/1 vertices of the `dims`-cube, row-major.
// Past 30 dimensions the leading bits are free coin flips and the last 30 keep vertices distinct.
function hypercubeVertices(rng: Random, count: number, dims: number): Uint8Array {
  const vertices = new Uint8Array(count * dims);
  const free = Math.max(0, dims - 30);
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < free; c++) vertices[r * dims + c] = rng.int(2);
  }
  const distinct = dims - free;
  const codes = sampleWithoutReplacement(rng, 2 ** distinct, count);
  for (let r = 0; r < count; r++) {
    // Most significant bit first, as numpy's unpackbits of big-endian words.
    for (let c = 0; c < distinct; c++) vertices[r * dims + free + c] = (codes[r] >>> (distinct - 1 - c)) & 1;
  }
  return vertices;
}

// Vertices scaled to +-classSep; off the hypercube, each cluster and each axis gets a random factor in [0, 1).
function clusterCentroids(rng: Random, clusters: number, dims: number, classSep: number, hypercube: boolean): Float64Array {
  const centroids = Float64Array.from(hypercubeVertices(rng, clusters, dims), (bit) => bit * 2 * classSep - classSep);
  if (hypercube) return centroids;
  for (let k = 0; k < clusters; k++) {
    const u = rng.uniform();
    for (let c = 0; c < dims; c++) centroids[k * dims + c] *= u;
  }
  for (let c = 0; c < dims; c++) {
    const u = rng.uniform();
    for (let k = 0; k < clusters; k++) centroids[k * dims + c] *= u;
  }
  return centroids;
}

// sklearn permutes the rows (with their labels) first, then the columns.
function shuffleRowsAndColumns(rng: Random, { X, y, samples, features }: Dataset): Dataset {
  const rowOrder = rng.permutation(samples);
  const columnOrder = rng.permutation(features);
  const shuffledX = new Float64Array(X.length);
  const shuffledY = new Int32Array(samples);
  for (let r = 0; r < samples; r++) {
    const from = rowOrder[r];
    shuffledY[r] = y[from];
    for (let c = 0; c < features; c++) shuffledX[r * features + c] = X[from * features + columnOrder[c]];
  }
  return { X: shuffledX, y: shuffledY, samples, features };
}

function uniformMatrix(rng: Random, rows: number, cols: number): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = 2 * rng.uniform() - 1;
  return m;
}

// Overwrites X[rowStart + outputOffset ..+cols) with X[rowStart ..+inner) · matrix (inner x cols);
// the product gathers in scratch first because the output may overlap the input.
function multiplyRowInPlace(X: Float64Array, rowStart: number, matrix: Float64Array, outputOffset: number, scratch: Float64Array, inner: number, cols: number): void {
  scratch.fill(0, 0, cols);
  for (let i = 0; i < inner; i++) {
    const x = X[rowStart + i];
    for (let j = 0; j < cols; j++) scratch[j] += x * matrix[i * cols + j];
  }
  for (let j = 0; j < cols; j++) X[rowStart + outputOffset + j] = scratch[j];
}

function perFeature(value: number | ArrayLike<number> | null, features: number, draw: () => number): ArrayLike<number> {
  if (value === null) return Float64Array.from({ length: features }, draw);
  if (typeof value === "number") return new Float64Array(features).fill(value);
  return value;
}

/**
 * Generates a random n-class problem: a port of scikit-learn's `make_classification`
 * (same steps, same defaults), drawing from {@link Random} seeded with `seed`.
 * Gaussian clusters sit on hypercube vertices in the informative subspace; redundant,
 * repeated and noise columns, label flips, shift, scale and shuffling follow.
 * @returns X row-major of shape samples x features, y of length samples.
 * @throws Error naming the option, if an option is out of range.
 */
export function makeClassification(options: MakeClassificationOptions = {}): Dataset {
  const o = resolveOptions(options);
  const sizes = clusterSizes(o);
  const { samples, features, informative: inf, redundant, repeated, classes } = o;
  const rng = new Random(o.seed);
  const clusters = sizes.length;

  const centroids = clusterCentroids(rng, clusters, inf, o.classSep, o.hypercube);

  const X = new Float64Array(samples * features);
  const y = new Int32Array(samples);
  for (let r = 0; r < samples; r++) {
    for (let c = 0; c < inf; c++) X[r * features + c] = rng.normal();
  }
  const scratch = new Float64Array(Math.max(inf, redundant));
  let start = 0;
  for (let k = 0; k < clusters; k++) {
    // Each cluster gets its own random covariance, then moves to its vertex.
    const A = uniformMatrix(rng, inf, inf);
    for (let r = start; r < start + sizes[k]; r++) {
      y[r] = k % classes;
      multiplyRowInPlace(X, r * features, A, 0, scratch, inf, inf);
      for (let c = 0; c < inf; c++) X[r * features + c] += centroids[k * inf + c];
    }
    start += sizes[k];
  }
  if (redundant > 0) {
    const B = uniformMatrix(rng, inf, redundant);
    for (let r = 0; r < samples; r++) multiplyRowInPlace(X, r * features, B, inf, scratch, inf, redundant);
  }
  if (repeated > 0) {
    const useful = inf + redundant;
    const sources = Uint32Array.from({ length: repeated }, () => Math.trunc((useful - 1) * rng.uniform() + 0.5));
    for (let r = 0; r < samples; r++) {
      for (let j = 0; j < repeated; j++) X[r * features + useful + j] = X[r * features + sources[j]];
    }
  }
  const firstUseless = inf + redundant + repeated;
  for (let r = 0; r < samples; r++) {
    for (let c = firstUseless; c < features; c++) X[r * features + c] = rng.normal();
  }

  // sklearn draws every row's coin first, then a class for each flipped row in order.
  const flipped = new Uint32Array(samples);
  let flips = 0;
  for (let r = 0; r < samples; r++) if (rng.uniform() < o.flipY) flipped[flips++] = r;
  for (const r of flipped.subarray(0, flips)) y[r] = rng.int(classes);

  const shift = perFeature(o.shift, features, () => (2 * rng.uniform() - 1) * o.classSep);
  const scale = perFeature(o.scale, features, () => 1 + 100 * rng.uniform());
  for (let i = 0; i < X.length; i++) {
    const c = i % features;
    X[i] = (X[i] + shift[c]) * scale[c];
  }

  return o.shuffle ? shuffleRowsAndColumns(rng, { X, y, samples, features }) : { X, y, samples, features };
}
