// The per-call options every model kind's fit and partialFit check the same way: their
// names, and the columns' names a model keeps (scikit-learn's feature_names_in_).
import { checkLabelName, checkNames } from "../io/model-file.js";

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
