// scikit-learn's train_test_split (sklearn/model_selection/_split.py, 1.2) without
// stratification: sizes as _validate_shuffle_split computes them, and ShuffleSplit's first
// split, a NumPy RandomState permutation whose head is the test part.
import { NumpyRandomState } from "../numpy/random-state.js";
import type { FlatMatrix, LabelArray, Rows, Split } from "../split.js";

/** Options of {@link sklearnTrainTestSplit}, scikit-learn's parameters in camelCase. */
export interface SklearnSplitOptions {
  /** A fraction in (0, 1) (ceil(fraction · n) rows) or a count of test rows. Default 0.25 when trainSize is not given, else the rest. */
  testSize?: number;
  /** A fraction in (0, 1) (floor(fraction · n) rows) or a count of train rows. Default: the rows not in test. */
  trainSize?: number;
  /** scikit-learn's `random_state`: a seed in [0, 2**32 - 1] or a {@link NumpyRandomState}; required when shuffling. */
  randomState?: number | NumpyRandomState;
  /** Permute before splitting; without it train is the first nTrain rows and test the next nTest. Default true. */
  shuffle?: boolean;
  /** Values per row; required for, and only read with, a flat `X`. */
  features?: number;
}

const isFraction = (value: unknown): value is number => typeof value === "number" && value > 0 && value < 1;

// One size: a fraction of n (rounded by `round`), or a whole count in [1, n - 1].
function sizeOf(name: string, value: number | undefined, n: number, round: (x: number) => number): number | undefined {
  if (value === undefined) return undefined;
  if (isFraction(value)) return round(value * n);
  if (Number.isInteger(value) && value >= 1 && value < n) return value;
  throw new Error(`${name} must be a fraction in (0, 1) or an integer in [1, ${n - 1}] for ${n} rows, got ${String(value)}`);
}

// scikit-learn's _validate_shuffle_split: the train and test row counts.
function partSizes(n: number, options: SklearnSplitOptions): { nTrain: number; nTest: number } {
  const { testSize, trainSize } = options;
  if (isFraction(testSize) && isFraction(trainSize) && testSize + trainSize > 1) {
    throw new Error(`testSize + trainSize must be at most 1, got ${testSize} + ${trainSize}`);
  }
  let nTest = sizeOf("testSize", testSize === undefined && trainSize === undefined ? 0.25 : testSize, n, Math.ceil);
  let nTrain = sizeOf("trainSize", trainSize, n, Math.floor);
  if (nTrain === undefined) nTrain = n - nTest!;
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) throw new Error(`trainSize and testSize must leave nTrain + nTest <= ${n} rows, got ${nTrain} + ${nTest}`);
  if (nTrain === 0) throw new Error(`testSize ${String(testSize)} and trainSize ${String(trainSize)} of ${n} rows leave the train part empty`);
  if (nTest === 0) throw new Error(`testSize ${String(testSize)} and trainSize ${String(trainSize)} of ${n} rows leave the test part empty`);
  return { nTrain, nTest };
}

function randomStateOf(value: unknown): NumpyRandomState {
  if (value instanceof NumpyRandomState) return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return new NumpyRandomState(value);
  throw new Error(`randomState must be an integer in [0, 2**32 - 1] or a NumpyRandomState when shuffling, got ${String(value)}`);
}

function pick(X: Rows | FlatMatrix, features: number, rows: Uint32Array): Rows | FlatMatrix {
  if (Array.isArray(X)) return Array.from(rows, (i) => X[i].slice());
  const flat = X as FlatMatrix;
  const out = flat instanceof Float32Array ? new Float32Array(rows.length * features) : new Float64Array(rows.length * features);
  rows.forEach((from, to) => out.set(flat.subarray(from * features, (from + 1) * features), to * features));
  return out;
}

function pickLabels(y: LabelArray, rows: Uint32Array): LabelArray {
  if (Array.isArray(y)) return Array.from(rows, (i) => y[i]) as LabelArray;
  const typed = y as Exclude<LabelArray, unknown[]>;
  const out = new (typed.constructor as new (length: number) => typeof typed)(rows.length);
  rows.forEach((from, to) => (out[to] = typed[from]));
  return out;
}

/**
 * scikit-learn's `train_test_split(X, y, test_size=..., train_size=..., random_state=...,
 * shuffle=...)`: with the same randomState, the same rows in the same order (the
 * permutation is NumpyRandomState's, bit-for-bit NumPy's). Rows are copied.
 * @param X - rows (`number[][]`), or a flat row-major Float32Array/Float64Array with `options.features`.
 * @param y - one label per row.
 * @returns XTrain, XTest (the kind of array X is), yTrain, yTest (the kind y is).
 * @throws Error naming the option, or if X and y disagree in length.
 */
export function sklearnTrainTestSplit<L extends LabelArray>(X: Rows, y: L, options: SklearnSplitOptions): Split<Rows, L>;
export function sklearnTrainTestSplit<M extends FlatMatrix, L extends LabelArray>(X: M, y: L, options: SklearnSplitOptions & { features: number }): Split<M, L>;
export function sklearnTrainTestSplit(X: Rows | FlatMatrix, y: LabelArray, options: SklearnSplitOptions): Split<Rows | FlatMatrix> {
  const { shuffle = true, features } = options;
  const flat = X instanceof Float32Array || X instanceof Float64Array;
  if (!flat && !Array.isArray(X)) throw new Error("X must be an array of rows, a Float32Array or a Float64Array");
  if (flat && (!Number.isSafeInteger(features) || (features as number) < 1 || X.length % (features as number) !== 0)) {
    throw new Error(`features must be a positive integer dividing X.length (${X.length}) for a flat X, got ${String(features)}`);
  }
  if (typeof shuffle !== "boolean") throw new Error(`shuffle must be a boolean, got ${String(shuffle)}`);
  const n = flat ? X.length / (features as number) : X.length;
  if (!y || n !== y.length) throw new Error(`X has ${n} rows but y has ${String(y?.length)} labels`);
  const { nTrain, nTest } = partSizes(n, options);
  let train: Uint32Array;
  let test: Uint32Array;
  if (shuffle) {
    const order = randomStateOf(options.randomState).permutation(n);
    test = order.subarray(0, nTest);
    train = order.subarray(nTest, nTest + nTrain);
  } else {
    train = Uint32Array.from({ length: nTrain }, (_, i) => i);
    test = Uint32Array.from({ length: nTest }, (_, i) => nTrain + i);
  }
  const width = features as number;
  return { XTrain: pick(X, width, train), XTest: pick(X, width, test), yTrain: pickLabels(y, train), yTest: pickLabels(y, test) };
}
