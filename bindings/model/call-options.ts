// The per-call options every model kind's fit and partialFit check the same way: their
// names, and the columns' names a model keeps (scikit-learn's feature_names_in_).
import { checkLabelName, checkNames } from "../io/model-file.js";
import type { EpochInfo } from "./epochs.js";
import type { Weights } from "./weights.js";

/** Options of a single `fit` call, MLPClassifier's and MLPRegressor's alike. */
export interface FitOptions {
  /** Columns per row when X is a flat row-major Float32Array/Float64Array. */
  features?: number;
  /** A loss weight ≥ 0 per row (for a classifier, multiplied by the class weight). */
  sampleWeight?: ArrayLike<number>;
  /** Called after every epoch with its number (1-based), its training loss (`loss`'s
   *  units: bits for a classifier), and the validation figures when early stopping
   *  holds rows out. */
  onEpoch?: (epoch: number, loss: number, info: EpochInfo) => void;
  /** Stops training between epochs. Aborted after one or more epochs, fit resolves with
   *  the model trained so far; aborted sooner (already aborted when fit is called, or
   *  before the first epoch completes), it rejects with an Error named "AbortError"
   *  (its `cause` is `signal.reason`) and leaves the model exactly as it was. */
  signal?: AbortSignal;
  /** Start from these weights instead of the seeded initialisation. */
  initialWeights?: Weights;
  /** The name of each column of X, in order (scikit-learn's `feature_names_in_`): kept in
   *  the model and its files, read back as `featureNames`. Prediction still reads X by
   *  position. Distinct strings, one per feature. */
  featureNames?: string[];
  /** The name of the label (or target) column, kept in the model as `labelName`; not one
   *  of `featureNames`. */
  labelName?: string;
}

/** Options of a `partialFit` call, both kinds. */
export interface EpochCallOptions {
  features?: number;
  sampleWeight?: ArrayLike<number>;
  /** Aborted before the call's epoch runs, partialFit rejects with an Error named
   *  "AbortError" (its `cause` is `signal.reason`) and leaves the model exactly as it was. */
  signal?: AbortSignal;
  /** As in {@link FitOptions}: taken on the first call; later calls may repeat them. */
  featureNames?: string[];
  labelName?: string;
}

/** The columns' names a fit was given, if any. */
export interface Names {
  featureNames: string[] | null;
  labelName: string | null;
}

/** Refuses `options` that are not an object, and names it does not know. */
export function checkOptionNames(options: object, known: string[], what: string): void {
  if (options === null || typeof options !== "object") throw new Error(`${what} options must be an object`);
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw new Error(`unknown ${what} option "${name}"; known options: ${known.join(", ")}`);
  }
}

/** The names of a fit's columns, checked as a model file's fields are, so that every
 *  model fit makes can be saved. */
export function checkFitNames(options: { featureNames?: unknown; labelName?: unknown }, features: number): Names {
  const featureNames = options.featureNames === undefined ? null : checkNames(options.featureNames, features);
  return { featureNames, labelName: options.labelName === undefined ? null : checkLabelName(options.labelName, featureNames) };
}

/** A later partialFit may repeat the first call's names, not change them. */
export function checkSameNames(options: { featureNames?: unknown; labelName?: unknown }, names: Names, previous: Names): void {
  const given = names.featureNames;
  const earlier = previous.featureNames;
  if (options.featureNames !== undefined && !(earlier && given!.every((name, i) => name === earlier[i]))) {
    throw new Error("featureNames differs from the names of the earlier fit; pass the same names on every call, or none");
  }
  if (options.labelName !== undefined && names.labelName !== previous.labelName) {
    throw new Error("labelName differs from the name of the earlier fit; pass the same name on every call, or none");
  }
}
