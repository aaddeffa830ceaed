// A fit's rows as the core loads them: the inputs (standardized when the model has a
// scaler), the targets and the sample weights, for every row or for a subset (the
// training or the validation rows of a hold-out).
import type { TrainingSet } from "../runtime/core.js";
import type { Samples } from "../data/samples.js";
import { fitScaler, type Scaler } from "./scaler.js";

/** The per-feature mean and scale of `samples`, over `rows` only when given. */
export function scalerFor(samples: Samples, rows: Uint32Array | undefined): Scaler {
  return rows
    ? fitScaler(rows.length, samples.features, (r, c) => samples.value(rows[r], c))
    : fitScaler(samples.rows, samples.features, samples.value);
}

/** The rows `rows` of `samples` (every row when undefined) with their encoded targets
 *  and weights, standardized by `scaler`. */
export function trainingSet(
  samples: Samples, encoded: Int32Array, weights: Float32Array | undefined, rows: Uint32Array | undefined, scaler: Scaler | null,
): TrainingSet {
  if (!rows) return { rows: samples.rows, write: samples.writer(undefined, scaler), targets: encoded, weights };
  return {
    rows: rows.length,
    write: samples.writer(rows, scaler),
    targets: Int32Array.from(rows, (r) => encoded[r]),
    weights: weights && Float32Array.from(rows, (r) => weights[r]),
  };
}

/** The rows `rows` of `samples` (every row when undefined) with a regressor's targets,
 *  target-major over those rows already ([targets x n]), and their weights. */
export function regressionSet(
  samples: Samples, targets: Float32Array, weights: Float32Array | undefined, rows: Uint32Array | undefined, scaler: Scaler | null,
): TrainingSet {
  return {
    rows: rows ? rows.length : samples.rows,
    write: samples.writer(rows, scaler),
    targets,
    weights: weights && (rows ? Float32Array.from(rows, (r) => weights[r]) : weights),
  };
}
