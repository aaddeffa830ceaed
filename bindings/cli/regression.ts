// What eval and predict do with a regressor: which columns are its targets, its
// predictions over a whole file in bounded pieces, and the scores eval reports
// (scikit-learn's r2_score, mean_absolute_error and the root of mean_squared_error).
import type { MLPRegressor } from "../index.js";
import { UsageError } from "./errors.js";
import { targetList } from "./target-columns.js";

const ROWS_PER_CALL = 1 << 14;

/**
 * The target columns' names: --label's, else the ones the model keeps (its targetNames;
 * a model file written before wasmlp kept them names at most one target).
 * @param required eval needs the columns; predict only names its output after them
 */
export function regressorTargets(reg: MLPRegressor, modelFile: string, label: string | undefined, required: boolean): string[] | undefined {
  const t = reg.targets;
  const given = targetList(label);
  if (given !== undefined) {
    if (given.length !== t) {
      throw new UsageError(`--label names ${given.length} column${given.length === 1 ? "" : "s"}, and ${modelFile} predicts ${t} target${t === 1 ? "" : "s"}; name one column per target, separated by commas`);
    }
    return given;
  }
  const kept = reg.targetNames;
  if (kept !== undefined) return kept;
  // One target fitted without names: the last column, as train reads it by default.
  if (t === 1 && reg.featureNames === undefined) return undefined;
  if (!required) return undefined;
  const why = t === 1 ? `${modelFile} does not name its target column` : `${modelFile} predicts ${t} targets and does not name them (it was fitted without targetNames)`;
  throw new UsageError(`${why}; name the target columns with --label, as in training (--label ${Array.from({ length: t }, (_, k) => `y${k}`).join(",")})`);
}

/** The predictions for the flat `X`, a bounded block of rows at a time: per row, one
 *  number per target. */
export function* regressionBlocks(reg: MLPRegressor, X: Float32Array, features: number): Generator<number[][]> {
  const rows = X.length / features;
  for (let start = 0; start < rows; start += ROWS_PER_CALL) {
    const end = Math.min(rows, start + ROWS_PER_CALL);
    const predicted = reg.predict(X.subarray(start * features, end * features));
    yield predicted.map((p) => (typeof p === "number" ? [p] : p));
  }
}

export interface TargetScores {
  r2: number;
  mae: number;
  rmse: number;
}

export interface RegressionScores extends TargetScores {
  n: number;
  /** Per target, in the model's order. */
  targets: TargetScores[];
}

/**
 * Scores of `reg` on the flat `X` against `truth` (one column per target). Overall, R² is
 * the uniform average over targets (the model's `score`, as scikit-learn's), and MAE and
 * RMSE are over every cell, in the targets' own units.
 */
export function regressionScores(reg: MLPRegressor, X: Float32Array, features: number, truth: Float64Array[]): RegressionScores {
  const t = truth.length;
  const n = X.length / features;
  const absolute = new Float64Array(t);
  const squared = new Float64Array(t);
  let row = 0;
  for (const block of regressionBlocks(reg, X, features)) {
    for (const predicted of block) {
      for (let k = 0; k < t; k++) {
        const error = predicted[k] - truth[k][row];
        absolute[k] += Math.abs(error);
        squared[k] += error * error;
      }
      row++;
    }
  }
  const targets = truth.map((column, k) => {
    let mean = 0;
    for (const v of column) mean += v / n;
    let total = 0;
    for (const v of column) total += (v - mean) * (v - mean);
    // A constant column has no variance to explain: scikit-learn's r2_score gives 1 for
    // a perfect fit of it and 0 otherwise.
    const r2 = total > 0 ? 1 - squared[k] / total : squared[k] === 0 ? 1 : 0;
    return { r2, mae: absolute[k] / n, rmse: Math.sqrt(squared[k] / n) };
  });
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  return {
    n,
    r2: targets.reduce((s, x) => s + x.r2, 0) / t,
    mae: sum(absolute) / (n * t),
    rmse: Math.sqrt(sum(squared) / (n * t)),
    targets,
  };
}
