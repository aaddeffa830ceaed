// A data file's label cells as the classifier's labels, kept as written. A column is
// numeric only when every label in it is a number that prints back exactly as written
// ("3", "-1", "0.5"); otherwise every label is its text, so "02134", "1.0" and
// "12345678901234567" stay distinct classes and are written back as they were read.
import type { Label } from "../index.js";
import { CliError, quoteCell } from "./errors.js";
import type { Table } from "./data-file.js";

type TableLabels = NonNullable<Table["label"]>;

/** More classes than this, in a column that looks like a quantity, stop training. */
export const MANY_CLASSES = 20;

/** `text` as a number when it prints back as exactly `text`, else undefined. */
function exactNumber(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : undefined;
}

/** The label column's values: numbers when every one prints back as written, else texts. */
function labelValues(label: TableLabels): Label[] {
  const numbers = label.values.map(exactNumber);
  return numbers.every((n) => n !== undefined) ? (numbers as number[]) : label.values;
}

// A forgotten --label makes the last column the label: a measurement or an identifier
// turned into hundreds of one-row classes. Such a column has many values and either
// fractions among them or a value for most rows. Whether it holds numbers is judged by
// value here ("0.370" is text as a label, but still a measurement).
function checkLooksLikeClasses(table: Table): void {
  const label = table.label as TableLabels;
  const k = label.values.length;
  if (k <= MANY_CLASSES) return;
  const values = label.values.map(Number);
  const numeric = values.every(Number.isFinite);
  const fractional = numeric && values.some((v) => !Number.isInteger(v));
  if (!fractional && k <= table.rows / 2) return;
  const found = `the label column has ${k} distinct ${numeric ? "values" : "labels"} in ${table.rows} rows${fractional ? ", not all whole numbers" : ""}`;
  const looks = numeric ? "it looks like a quantity, not classes" : "it looks like names or identifiers, not classes";
  const quantity = numeric ? "; if this column is a quantity to predict, wasmlp classifies only; regression is not available yet" : "";
  throw new CliError(`${found}: ${looks}. If the label is another column, name it with --label COLUMN${quantity}; if these are ${k} classes, pass --many-classes`, {
    file: table.file, column: label.column, columnName: label.name,
  });
}

/** The labels of `table` for fit: one per row. */
export function trainingLabels(table: Table, options: { manyClasses?: boolean } = {}): Label[] {
  const label = table.label as TableLabels;
  const values = labelValues(label);
  if (values.length < 2) {
    throw new CliError(`every row has the label ${quoteCell(label.values[0])} in column ${JSON.stringify(label.name)}; training needs at least two classes`, { file: table.file });
  }
  if (!options.manyClasses) checkLooksLikeClasses(table);
  return Array.from(label.codes, (code) => values[code]);
}

/** Each row's index among the model's `classes`; a label the model does not know is an
 *  error. A cell names a class when it is written as the class prints. */
export function classIndices(table: Table, classes: Label[]): Int32Array {
  const label = table.label as TableLabels;
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
