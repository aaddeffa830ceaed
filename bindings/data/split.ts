// scikit-learn's train_test_split, drawing its permutation from our own seeded Random.
import { Random } from "./random.js";

/** Row-per-sample features. */
export type Rows = number[][];
/** Row-major features in one typed array; the row length is the `features` option. */
export type FlatMatrix = Float32Array | Float64Array;
/** Labels: a plain array of numbers or strings, or any typed array. */
export type LabelArray = number[] | string[] | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** Options of {@link trainTestSplit}. */
export interface SplitOptions {
  /** A fraction of the rows in (0, 1), or an integer count of rows >= 1, for the test part. Default 0.25. */
  testSize?: number;
  /** Seed of the {@link Random} that permutes the rows. Default 0. */
  seed?: number;
  /** Permute before splitting; without it the last rows are the test part. Default true. */
  shuffle?: boolean;
  /** Values per row; required for, and only read with, a flat `X`. */
  features?: number;
}

/** The two parts of a data set, each in the same kind of array as the input. */
export interface Split<M extends Rows | FlatMatrix = Rows, L extends LabelArray = LabelArray> {
  XTrain: M;
  XTest: M;
  yTrain: L;
  yTest: L;
}

// sklearn's _validate_shuffle_split: a fraction gives ceil(fraction * n) test rows.
function testCount(testSize: number, n: number): number {
  const isFraction = typeof testSize === "number" && testSize > 0 && testSize < 1;
  if (!isFraction && !(Number.isInteger(testSize) && testSize >= 1 && testSize < n)) {
    throw new Error(`testSize must be a fraction in (0, 1) or an integer in [1, ${n - 1}] for ${n} rows, got ${testSize}`);
  }
  const nTest = isFraction ? Math.ceil(testSize * n) : testSize;
  if (nTest >= n) throw new Error(`testSize ${testSize} of ${n} rows leaves the train part empty`);
  return nTest;
}

function pickLabels<L extends LabelArray>(y: L, indices: Uint32Array): L {
  if (Array.isArray(y)) return Array.from(indices, (i) => y[i]) as L;
  const typed = y as Exclude<LabelArray, unknown[]>;
  const picked = new (typed.constructor as new (length: number) => typeof typed)(indices.length);
  indices.forEach((from, to) => (picked[to] = typed[from]));
  return picked as L;
}

function pickFlat<M extends FlatMatrix>(X: M, features: number, indices: Uint32Array): M {
  const picked = X instanceof Float32Array ? new Float32Array(indices.length * features) : new Float64Array(indices.length * features);
  indices.forEach((from, to) => picked.set(X.subarray(from * features, (from + 1) * features), to * features));
  return picked as M;
}

/**
 * Splits rows into a train and a test part, as scikit-learn's `train_test_split`:
 * ceil(testSize * n) test rows; the rows are permuted by `Random(seed)`, the first
 * nTest permuted indices go to test and the next nTrain to train. Rows are copied.
 * @param X - rows (`number[][]`), or a flat row-major Float32Array/Float64Array with `options.features`.
 * @param y - one label per row.
 * @throws Error if the lengths disagree, there are fewer than 2 rows, or a part would be empty.
 */
export function trainTestSplit<L extends LabelArray>(X: Rows, y: L, options?: SplitOptions): Split<Rows, L>;
export function trainTestSplit<M extends FlatMatrix, L extends LabelArray>(X: M, y: L, options: SplitOptions & { features: number }): Split<M, L>;
export function trainTestSplit(X: Rows | FlatMatrix, y: LabelArray, options: SplitOptions = {}): Split<Rows | FlatMatrix> {
  const { testSize = 0.25, seed = 0, shuffle = true, features } = options;
  const flat = X instanceof Float32Array || X instanceof Float64Array;
  if (!flat && !Array.isArray(X)) throw new Error("X must be an array of rows, a Float32Array or a Float64Array");
  if (flat && (!Number.isSafeInteger(features) || (features as number) < 1 || X.length % (features as number) !== 0)) {
    throw new Error(`features must be a positive integer dividing X.length (${X.length}) for a flat X, got ${String(features)}`);
  }
  const n = flat ? X.length / (features as number) : X.length;
  if (n !== y.length) throw new Error(`X has ${n} rows but y has ${y.length} labels`);
  if (n < 2) throw new Error(`need at least 2 rows to split, got ${n}`);
  const nTest = testCount(testSize, n);
  let order: Uint32Array;
  if (shuffle) {
    order = new Random(seed).permutation(n);
  } else {
    // sklearn without shuffling: train is the first nTrain rows, test the rest.
    order = new Uint32Array(n);
    order.forEach((_, i) => (order[i] = (i + n - nTest) % n));
  }
  const testRows = order.subarray(0, nTest);
  const trainRows = order.subarray(nTest);
  const pick = (rows: Uint32Array) =>
    flat ? pickFlat(X, features as number, rows) : Array.from(rows, (i) => (X as Rows)[i].slice());
  return { XTrain: pick(trainRows), XTest: pick(testRows), yTrain: pickLabels(y, trainRows), yTest: pickLabels(y, testRows) };
}

/**
 * Row indices for early stopping's hold-out, stratified by class: about `fraction` of
 * each class (ceil(fraction · n) rows in all, shares by largest remainder) goes to
 * validation, at least one row stays in training, and a class with a single row may land
 * on either side (the classifier still knows it: classes come from all of y, as in
 * scikit-learn). Both lists are in ascending row order.
 */
export function stratifiedHoldout(
  encoded: Int32Array, classCount: number, fraction: number, random: Random,
): { train: Uint32Array; validation: Uint32Array } {
  const n = encoded.length;
  const wanted = Math.ceil(fraction * n);
  if (wanted >= n) throw new Error(`validationFraction ${fraction} of ${n} rows leaves no rows to train on`);
  const members: number[][] = Array.from({ length: classCount }, () => []);
  for (let i = 0; i < n; i++) members[encoded[i]].push(i);
  const shares = members.map((m) => (wanted * m.length) / n);
  const counts = shares.map(Math.floor);
  const order = shares.map((s, k) => k).sort((a, b) => shares[b] - counts[b] - (shares[a] - counts[a]) || a - b);
  for (let left = wanted - counts.reduce((a, b) => a + b, 0), i = 0; left > 0; i++, left--) counts[order[i % classCount]]++;
  const held = new Uint8Array(n);
  members.forEach((rows, k) => {
    random.shuffle(rows);
    for (let i = 0; i < Math.min(counts[k], rows.length); i++) held[rows[i]] = 1;
  });
  const validation: number[] = [];
  const train: number[] = [];
  for (let i = 0; i < n; i++) (held[i] ? validation : train).push(i);
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
}
