// scikit-learn's MLPClassifier and MLPRegressor, from the JSON a few lines of Python write
// (the README's "Models trained elsewhere" section gives them): the fitted attributes coefs_,
// intercepts_, classes_, activation, out_activation_ and n_features_in_, with a
// StandardScaler's mean_ and scale_ and the feature names when there are any. The
// attributes map one to one onto dense-model.ts's layers; this file checks the dump's own
// fields and says, in scikit-learn's terms, what wasmlp cannot run.
import type { ModelJSON } from "../model-format.js";
import type { Label } from "../../model/classes.js";
import type { Activation } from "../model-file.js";
import { fromDenseLayers, type DenseLayer, type OutputKind } from "./dense-model.js";
import { fail, isRecord, parseJSON, show } from "./fields.js";

/** What the README's Python writes from a fitted MLPClassifier or MLPRegressor. */
export interface SklearnDump {
  /** coefs_[l][input][unit]. */
  coefs_: number[][][];
  intercepts_: number[][];
  /** A classifier's classes_ (np.unique's order); absent for a regressor. */
  classes_?: Label[];
  activation: "identity" | "logistic" | "tanh" | "relu";
  out_activation_: "identity" | "logistic" | "softmax";
  n_features_in_: number;
  /** The columns' names, when fitted on a DataFrame. */
  feature_names_in_?: string[] | null;
  /** A StandardScaler in front of the model: mean_ (null when with_mean=False) and
   *  scale_ (null when with_std=False). */
  scaler?: { mean_?: number[] | null; scale_?: number[] | null; with_mean?: boolean; with_std?: boolean } | null;
}

const FIELDS = ["coefs_", "intercepts_", "classes_", "activation", "out_activation_", "n_features_in_", "feature_names_in_", "scaler"];
const SCALER_FIELDS = ["mean_", "scale_", "with_mean", "with_std"];

/** scikit-learn's hidden activations by wasmlp's names ("logistic" is sigmoid). */
const HIDDEN: Record<string, Activation> = { identity: "identity", logistic: "sigmoid", tanh: "tanh", relu: "relu" };

function checkFields(object: Record<string, unknown>, known: string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) fail(`${where} has an unknown field ${show(key)}; it takes ${known.join(", ")}`);
  }
}

/** The StandardScaler's transform, (x - mean_) / scale_, with what with_mean and with_std
 *  leave out left out: with_mean=False keeps mean_ but does not subtract it. */
function readScaler(scaler: unknown): { mean: unknown; scale: unknown } | null {
  if (scaler === undefined || scaler === null) return null;
  if (!isRecord(scaler)) return fail(`scaler must be { "mean_": [...], "scale_": [...] } from a StandardScaler, got ${show(scaler)}`);
  checkFields(scaler, SCALER_FIELDS, "scaler");
  for (const flag of ["with_mean", "with_std"]) {
    if (scaler[flag] !== undefined && typeof scaler[flag] !== "boolean") fail(`scaler.${flag} must be true or false, got ${show(scaler[flag])}`);
  }
  const mean = scaler.with_mean === false ? null : (scaler.mean_ ?? null);
  const scale = scaler.with_std === false ? null : (scaler.scale_ ?? null);
  return { mean, scale };
}

/**
 * A wasmlp model (the JSON form toJSON writes) from a fitted scikit-learn MLPClassifier or
 * MLPRegressor, as the README's Python dumps it: an object, or its JSON text. A dump with
 * classes_ is a classifier (binary: one logistic unit, P(classes_[1]); multiclass:
 * softmax), one without is a regressor (one or more targets).
 * @throws Error naming the field or layer, for a dump wasmlp cannot run exactly: a
 *   multi-label classifier (several logistic outputs), shapes that do not chain, numbers
 *   that are not finite float32, an unknown activation
 */
export function fromSklearn(dump: SklearnDump | string): ModelJSON {
  const d = typeof dump === "string" ? parseJSON(dump, "the scikit-learn dump") : dump;
  if (!isRecord(d)) return fail(`the scikit-learn dump must be a JSON object with coefs_, intercepts_, activation, out_activation_ and n_features_in_, got ${show(d)}`);
  checkFields(d, FIELDS, "the scikit-learn dump");
  for (const field of ["coefs_", "intercepts_", "activation", "out_activation_", "n_features_in_"]) {
    if (d[field] === undefined) fail(`the scikit-learn dump has no ${field}; write it as the README shows`);
  }
  const { coefs_: coefs, intercepts_: intercepts, classes_: classes, activation, out_activation_: out, n_features_in_: features } = d;
  if (!Array.isArray(coefs) || coefs.length === 0) fail(`coefs_ must be a list of weight matrices, one per layer, got ${show(coefs)}`);
  const layers = Array.from(coefs as unknown[]);
  if (!Array.isArray(intercepts) || intercepts.length !== layers.length) fail(`intercepts_ must be a list of ${layers.length} bias vectors (one per matrix of coefs_), got ${show(intercepts)}`);
  if (typeof activation !== "string" || !Object.hasOwn(HIDDEN, activation)) fail(`activation must be one of "identity", "logistic", "tanh", "relu" (MLPClassifier's and MLPRegressor's), got ${show(activation)}`);
  const outputs = (layers.at(-1) as unknown[][])?.[0]?.length;
  const classifier = classes !== undefined && classes !== null;
  const kinds: Record<string, OutputKind> = classifier ? { logistic: "sigmoid", softmax: "softmax" } : { identity: "identity" };
  if (typeof out !== "string" || !Object.hasOwn(kinds, out)) {
    fail(classifier
      ? `out_activation_ must be "logistic" (two classes) or "softmax" for a classifier's dump (one with classes_), got ${show(out)}`
      : `out_activation_ must be "identity" for a regressor's dump (one without classes_), got ${show(out)}; a classifier's dump needs its classes_`);
  }
  if (out === "logistic" && typeof outputs === "number" && outputs > 1) fail(`out_activation_ is "logistic" with ${show(outputs)} outputs: a multi-label MLPClassifier (y as an indicator matrix), which wasmlp does not support`);
  if (!Number.isSafeInteger(features) || (features as number) < 1) fail(`n_features_in_ must be a positive integer, got ${show(features)}`);
  const first = layers[0];
  if (!Array.isArray(first)) fail(`coefs_[0] must be a matrix with one row per feature (n_features_in_ is ${features}), got ${show(first)}`);
  if ((first as unknown[]).length !== features) fail(`coefs_[0] has ${(first as unknown[]).length} rows but n_features_in_ is ${features}; coefs_[0] must have one row per feature`);
  // A missing bias vector is a damaged dump, not a layer without biases.
  Array.from(intercepts as unknown[]).forEach((b, l) => Array.isArray(b) || fail(`intercepts_[${l}] must be a list of biases, got ${show(b)}`));
  const names = d.feature_names_in_;
  if (names !== undefined && names !== null && !Array.isArray(names)) fail(`feature_names_in_ must be a list of strings, got ${show(names)}`);

  const dense: DenseLayer[] = layers.map((weights, l) => ({
    weights: weights as number[][],
    bias: (intercepts as unknown[])[l] as number[],
    name: `coefs_[${l}], intercepts_[${l}]`,
    ...(l < layers.length - 1 ? { activation: HIDDEN[activation as string] } : {}),
  }));
  return fromDenseLayers({
    layers: dense,
    output: kinds[out as string],
    classes: classifier ? (classes as Label[]) : undefined,
    input: readScaler(d.scaler) as { mean: number[] | null; scale: number[] | null } | null,
    featureNames: (names as string[] | null | undefined) ?? null,
    source: `scikit-learn ${classifier ? "MLPClassifier" : "MLPRegressor"}`,
  });
}
