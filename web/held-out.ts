// The figures the page shows beside the training loss, on any rows it names (the held-out
// ones): the loss in the training loss's own units, accuracy, R². A classifier's loss is
// its cross-entropy in bits, −log2 of the probability of each row's class; a regressor's,
// ½ the squared error in the units of its standardized targets (the model file's target
// scale), as the library reports its training loss.
import type { Model } from "wasmlp/infer";
import { r2, type Data } from "./data.js";

/** A probability this small counts as this small: a float32 probability can be 0. */
const SMALLEST = 1e-12;

/** A regressor's (first) target for each row of X. */
export function predictTarget(model: Model, X: number[][] | Float64Array): number[] {
  return (model.predict(X) as (number | number[])[]).map((p) => (typeof p === "number" ? p : p[0]));
}

/** Whether `model` predicts what `data` holds from its features. */
export const fits = (model: Model, data: Data): boolean =>
  model.features === data.X[0].length && (model.kind === "regressor") === (data.task === "regression");

/** The loss of `model` on `rows` of `data`; `scale` is a regressor's target scale. */
export function lossOn(model: Model, data: Data, rows: number[], scale = 1): number {
  const X = rows.map((i) => data.X[i]);
  if (model.kind === "regressor") {
    const predicted = predictTarget(model, X);
    return predicted.reduce((s, p, k) => s + ((p - data.targets[rows[k]]) / scale) ** 2, 0) / (2 * rows.length);
  }
  const proba = model.predictProba(X);
  const column = new Map(model.classes.map((c, k) => [c, k]));
  return proba.reduce((s, p, k) => s - Math.log2(Math.max(SMALLEST, p[column.get(data.y[rows[k]]) as number] ?? 0)), 0) / rows.length;
}

/** The fraction of `rows` a classifier labels right. */
export function accuracyOn(model: Model, data: Data, rows: number[]): number {
  const predicted = model.predict(rows.map((i) => data.X[i]));
  return predicted.filter((p, k) => p === data.y[rows[k]]).length / rows.length;
}

/** R² of a regressor's (first) target on `rows`. */
export function r2On(model: Model, data: Data, rows: number[]): number {
  return r2(rows.map((i) => data.targets[i]), predictTarget(model, rows.map((i) => data.X[i])));
}

/** Accuracy or R² (whichever the model's kind has) on `rows`, if it fits and there are any. */
export function scoreOn(model: Model, data: Data, rows: number[]): number | undefined {
  if (!fits(model, data) || rows.length < (model.kind === "regressor" ? 2 : 1)) return undefined;
  return model.kind === "regressor" ? r2On(model, data, rows) : accuracyOn(model, data, rows);
}
