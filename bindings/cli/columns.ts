// How predict and eval find a model's columns in a data file: by the names wasmlp train
// keeps in the model, or by position for a model written before it kept them. The
// choosing itself is the shared CSV reader's (io/csv/columns.ts).
import type { MLPClassifier, MLPRegressor } from "../index.js";
import type { ColumnOptions } from "../io/csv/columns.js";

/**
 * How `predict` and `eval` read a data file for `clf`: by the names the model keeps, or,
 * for a model without them, by position, with a note saying so for standard error.
 * @param label the --label flag, if given
 */
export function modelColumns(clf: MLPClassifier | MLPRegressor, modelFile: string, label: string | undefined, labels: boolean): { options: ColumnOptions; note?: string } {
  const featureNames = clf.featureNames;
  if (featureNames === undefined) {
    const note = `wasmlp: note: ${modelFile} names no columns (written by an older wasmlp, or fitted without featureNames); reading the data's columns by position, as in training`;
    return { options: { label, features: clf.coefs[0].length, labels }, note };
  }
  const labelFrom = label === undefined ? "the model's label column; give --label if it has another name" : "--label";
  return { options: { featureNames, label: label ?? clf.labelName, labelFrom, labels } };
}
