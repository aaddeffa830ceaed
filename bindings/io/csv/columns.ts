// Which columns of a data file are the features and which the label, from the header's
// names: by the names a model keeps (in any order, extra columns ignored), or by
// position (the label last, or the column named as the label). Every problem is a
// CsvError naming the header's line.
import { CsvError, quoteCell, type CsvLocation } from "./errors.js";

/** How to find the columns. */
export interface ColumnOptions {
  /** The label column's header name (the command's --label, or the model's); without
   *  it, the last column. */
  label?: string;
  /** Where `label` comes from, for the error when no column has that name. */
  labelFrom?: string;
  /** The model's feature names: these columns, in this order, wherever they are. */
  featureNames?: string[];
  /** The feature count of a model without names: with it, a file with exactly that many
   *  columns has no label. */
  features?: number;
  /** Read the label column and fail without one (train, eval, the page); otherwise a
   *  label column is recognised and skipped (predict). */
  labels: boolean;
}

/** The header's names, and the indices of the feature columns (in the model's order) and
 *  of the label column (-1: none). */
export interface Columns {
  names: string[];
  features: Int32Array;
  label: number;
}

const listed = (names: string[]): string => names.map((n) => quoteCell(n)).join(", ");

/** The columns to read, given the header's names. */
export function chooseColumns(file: string, names: string[], options: ColumnOptions): Columns {
  const header = { file, line: 1 };
  if (options.featureNames) return byName(names, options.featureNames, options, header);
  return byPosition(names, options, header);
}

/** The one column called `name`; `what` says what it is for, in the error. */
function find(names: string[], name: string, what: string, header: CsvLocation): number {
  const at = names.indexOf(name);
  if (at < 0) throw new CsvError(`there is no column named ${quoteCell(name)} (${what}); the header has ${listed(names)}`, header);
  const again = names.indexOf(name, at + 1);
  if (again >= 0) throw new CsvError(`columns ${at + 1} and ${again + 1} are both named ${quoteCell(name)} (${what}); it must be one column`, header);
  return at;
}

function byName(names: string[], featureNames: string[], options: ColumnOptions, header: CsvLocation): Columns {
  const features = Int32Array.from(featureNames, (name) => find(names, name, "one of the model's features", header));
  const { label } = options;
  if (label !== undefined && featureNames.includes(label)) {
    throw new CsvError(`--label names ${quoteCell(label)}, one of the model's feature columns; the model's features are ${listed(featureNames)}`, header);
  }
  if (!options.labels) return { names, features, label: -1 };
  if (label === undefined) throw new CsvError("the model does not name its label column; give --label COLUMN", header);
  return { names, features, label: find(names, label, options.labelFrom ?? "--label", header) };
}

// A file saved with semicolons or tabs between its fields is one column to a CSV reader;
// the page once guessed such separators, so say what the header looks like.
/** After an error about a header that is one column: the separator it seems to use. */
export function separatorHint(names: string[]): string {
  const separator = names.length === 1 ? [";", "\t"].find((s) => names[0].includes(s)) : undefined;
  if (separator === undefined) return "";
  return `; fields are separated by commas, and this header looks separated by ${separator === ";" ? "semicolons" : "tabs"}`;
}

function byPosition(names: string[], options: ColumnOptions, header: CsvLocation): Columns {
  const all = names.map((_, i) => i);
  const featuresWithout = (label: number): Columns => ({ names, features: Int32Array.from(all.filter((i) => i !== label)), label });
  if (options.label !== undefined) {
    const label = names.indexOf(options.label);
    if (label < 0) {
      throw new CsvError(`there is no column named ${quoteCell(options.label)} (--label); the header has ${listed(names)}${separatorHint(names)}`, header);
    }
    const columns = featuresWithout(label);
    if (options.features !== undefined && columns.features.length !== options.features) {
      throw new CsvError(`expected ${options.features} feature columns besides the label, as the model was trained on; found ${columns.features.length}`, header);
    }
    return columns;
  }
  if (options.features === undefined) {
    if (names.length < 2) throw new CsvError(`expected at least two columns (features, then the label); the header has ${names.length}${separatorHint(names)}`, header);
    return featuresWithout(names.length - 1);
  }
  const f = options.features;
  if (names.length === f + 1) return featuresWithout(names.length - 1);
  if (names.length === f && !options.labels) return { names, features: Int32Array.from(all), label: -1 };
  const expected = options.labels ? `${f + 1} columns (the model's ${f} features, then the label)` : `${f} columns (the model's features), or ${f + 1} with the label last`;
  throw new CsvError(`expected ${expected}; the header has ${names.length}`, header);
}
