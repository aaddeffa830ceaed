// Which columns of a data file are the features and which the label. wasmlp train keeps
// the columns' names in the model, so predict and eval find them by header name, in any
// order, extra columns ignored; a model written before wasmlp kept names is read by
// position, as it was trained. Every problem is a CliError naming the header's line.
import type { MLPClassifier } from "../index.js";
import { CliError, quoteCell } from "./errors.js";

/** How to find the columns. */
export interface TableOptions {
  /** The label column's header name (--label, or the model's); without it, the last column. */
  label?: string;
  /** Where `label` comes from, for the error when no column has that name. */
  labelFrom?: string;
  /** The model's feature names: these columns, in this order, wherever they are. */
  featureNames?: string[];
  /** The feature count of a model without names: with it, a file with exactly that many
   *  columns has no label. */
  features?: number;
  /** Read the label column and fail without one (train, eval); otherwise a label column
   *  is recognised and skipped (predict). */
  labels: boolean;
}

/** The header's names, and the indices of the feature columns (in the model's order) and
 *  of the label column (-1: none). */
export interface Columns {
  names: string[];
  features: Int32Array;
  label: number;
}

type Header = { file: string; line: number };

const listed = (names: string[]): string => names.map((n) => quoteCell(n)).join(", ");

/** The columns to read, given the header's names. */
export function chooseColumns(file: string, names: string[], options: TableOptions): Columns {
  const header = { file, line: 1 };
  if (options.featureNames) return byName(names, options.featureNames, options, header);
  return byPosition(names, options, header);
}

/** The one column called `name`; `what` says what it is for, in the error. */
function find(names: string[], name: string, what: string, header: Header): number {
  const at = names.indexOf(name);
  if (at < 0) throw new CliError(`there is no column named ${quoteCell(name)} (${what}); the header has ${listed(names)}`, header);
  const again = names.indexOf(name, at + 1);
  if (again >= 0) throw new CliError(`columns ${at + 1} and ${again + 1} are both named ${quoteCell(name)} (${what}); it must be one column`, header);
  return at;
}

function byName(names: string[], featureNames: string[], options: TableOptions, header: Header): Columns {
  const features = Int32Array.from(featureNames, (name) => find(names, name, "one of the model's features", header));
  const { label } = options;
  if (label !== undefined && featureNames.includes(label)) {
    throw new CliError(`--label names ${quoteCell(label)}, one of the model's feature columns; the model's features are ${listed(featureNames)}`, header);
  }
  if (!options.labels) return { names, features, label: -1 };
  if (label === undefined) throw new CliError("the model does not name its label column; give --label COLUMN", header);
  return { names, features, label: find(names, label, options.labelFrom ?? "--label", header) };
}

function byPosition(names: string[], options: TableOptions, header: Header): Columns {
  const all = names.map((_, i) => i);
  const featuresWithout = (label: number): Columns => ({ names, features: Int32Array.from(all.filter((i) => i !== label)), label });
  if (options.label !== undefined) {
    const label = names.indexOf(options.label);
    if (label < 0) {
      throw new CliError(`there is no column named ${quoteCell(options.label)} (--label); the header has ${listed(names)}`, header);
    }
    const columns = featuresWithout(label);
    if (options.features !== undefined && columns.features.length !== options.features) {
      throw new CliError(`expected ${options.features} feature columns besides the label, as the model was trained on; found ${columns.features.length}`, header);
    }
    return columns;
  }
  if (options.features === undefined) {
    if (names.length < 2) throw new CliError(`expected at least two columns (features, then the label); the header has ${names.length}`, header);
    return featuresWithout(names.length - 1);
  }
  const f = options.features;
  if (names.length === f + 1) return featuresWithout(names.length - 1);
  if (names.length === f && !options.labels) return { names, features: Int32Array.from(all), label: -1 };
  const expected = options.labels ? `${f + 1} columns (the model's ${f} features, then the label)` : `${f} columns (the model's features), or ${f + 1} with the label last`;
  throw new CliError(`expected ${expected}; the header has ${names.length}`, header);
}

/**
 * How `predict` and `eval` read a data file for `clf`: by the names the model keeps, or,
 * for a model without them, by position, with a note saying so for standard error.
 * @param label the --label flag, if given
 */
export function modelColumns(clf: MLPClassifier, modelFile: string, label: string | undefined, labels: boolean): { options: TableOptions; note?: string } {
  const featureNames = clf.featureNames;
  if (featureNames === undefined) {
    const note = `wasmlp: note: ${modelFile} names no columns (written by an older wasmlp, or fitted without featureNames); reading the data's columns by position, as in training`;
    return { options: { label, features: clf.coefs[0].length, labels }, note };
  }
  const labelFrom = label === undefined ? "the model's label column; give --label if it has another name" : "--label";
  return { options: { featureNames, label: label ?? clf.labelName, labelFrom, labels } };
}
