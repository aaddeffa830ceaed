// The label column as train and eval need it, beyond the shared typing of labels
// (io/csv/labels.ts): a column that looks like a quantity or an identifier stops
// training, and eval matches each label cell to one of a model's classes.
import type { Label } from "../index.js";
import { rowLabels } from "../io/csv/labels.js";
import type { Table, TableLabel } from "../io/csv/table.js";
import { CliError, quoteCell } from "./errors.js";

/** More classes than this, in a column that looks like a quantity, stop training. */
export const MANY_CLASSES = 20;

// A forgotten --label makes the last column the label: a measurement or an identifier
// turned into hundreds of one-row classes. Such a column has many values and either
// fractions among them or a value for most rows. Whether it holds numbers is judged by
// value here ("0.370" is text as a label, but still a measurement).
function checkLooksLikeClasses(table: Table): void {
  const label = table.label as TableLabel;
  const k = label.values.length;
  if (k <= MANY_CLASSES) return;
  const values = label.values.map(Number);
  const numeric = values.every(Number.isFinite);
  const fractional = numeric && values.some((v) => !Number.isInteger(v));
  if (!fractional && k <= table.rows / 2) return;
  const found = `the label column has ${k} distinct ${numeric ? "values" : "labels"} in ${table.rows} rows${fractional ? ", not all whole numbers" : ""}`;
  const looks = numeric ? "it looks like a quantity, not classes" : "it looks like names or identifiers, not classes";
  const quantity = numeric ? "; if this column is a quantity to predict, train a regressor with --task regression" : "";
  throw new CliError(`${found}: ${looks}. If the label is another column, name it with --label COLUMN${quantity}; if these are ${k} classes, pass --many-classes`, {
    file: table.file, column: label.column, columnName: label.name,
  });
}

/** The labels of `table` for fit: one per row. */
export function trainingLabels(table: Table, options: { manyClasses?: boolean } = {}): Label[] {
  const y = rowLabels(table);
  if (!options.manyClasses) checkLooksLikeClasses(table);
  return y;
}

/** Each row's index among the model's `classes`; a label the model does not know is an
 *  error. A cell names a class when it is written as the class prints. */
export function classIndices(table: Table, classes: Label[]): Int32Array {
  const label = table.label as TableLabel;
  const byText = new Map(classes.map((c, i) => [String(c), i]));
  const index = label.values.map((text, k) => {
    const i = byText.get(text);
    if (i === undefined) {
      const known = classes.slice(0, 10).map((c) => (typeof c === "string" ? quoteCell(c) : String(c))).join(", ") + (classes.length > 10 ? ", ..." : "");
      throw new CliError(`the label ${quoteCell(text)} is not one of the model's classes: expected one of ${known}`, {
        file: table.file, line: label.firstLines[k], column: label.column, columnName: label.name,
      });
    }
    return i;
  });
  return Int32Array.from(label.codes, (code) => index[code]);
}
