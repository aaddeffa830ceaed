// A data file's label cells as the classifier's labels: numbers when every distinct cell
// is a number (so "1" and "1.0" are one class, and predictions print as numbers), else
// strings as written.
import type { Label } from "../index.js";
import { parseNumber } from "./csv.js";
import { CliError, quoteCell } from "./errors.js";
import type { Table } from "./table.js";

const encoder = new TextEncoder();

function asNumber(text: string): number {
  const bytes = encoder.encode(text);
  return parseNumber(bytes, 0, bytes.length);
}

type TableLabels = NonNullable<Table["label"]>;

/** The labels of `table` for fit: one per row. */
export function trainingLabels(table: Table): Label[] {
  const label = table.label as TableLabels;
  const numbers = label.values.map(asNumber);
  const values: Label[] = numbers.every(Number.isFinite) ? numbers : label.values;
  if (new Set(values).size < 2) {
    throw new CliError(`every row has the label ${quoteCell(label.values[0])} in column ${JSON.stringify(label.name)}; training needs at least two classes`, { file: table.file });
  }
  return Array.from(label.codes, (code) => values[code]);
}

/** Each row's index among the model's `classes`; a label the model does not know is an error. */
export function classIndices(table: Table, classes: Label[]): Int32Array {
  const label = table.label as TableLabels;
  const numeric = typeof classes[0] === "number";
  const index = label.values.map((text, k) => {
    const i = classes.indexOf(numeric ? asNumber(text) : text);
    if (i < 0) {
      const known = classes.map((c) => (typeof c === "string" ? quoteCell(c) : String(c))).join(", ");
      throw new CliError(`the label ${quoteCell(text)} is not one of the model's classes: expected one of ${known}`, {
        file: table.file, line: label.firstLines[k], column: label.column, columnName: label.name,
      });
    }
    return i;
  });
  return Int32Array.from(label.codes, (code) => index[code]);
}
