// A table's label cells as the classifier's labels, kept as written. A column is numeric
// only when every label in it is a number that prints back exactly as written ("3",
// "-1", "0.5"); otherwise every label is its text, so "02134", "1.0" and
// "12345678901234567" stay distinct classes and are written back as they were read.
import type { Label } from "../../model/classes.js";
import { CsvError, quoteCell } from "./errors.js";
import type { Table, TableLabel } from "./table.js";

/** `text` as a number when it prints back as exactly `text`, else undefined. */
export function exactNumber(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : undefined;
}

/** The label column's values: numbers when every one prints back as written, else texts. */
function labelValues(label: TableLabel): Label[] {
  const numbers = label.values.map(exactNumber);
  return numbers.every((n) => n !== undefined) ? (numbers as number[]) : label.values;
}

/** The labels of `table` to train on: one per row, from at least two classes. */
export function rowLabels(table: Table): Label[] {
  const label = table.label as TableLabel;
  const values = labelValues(label);
  if (values.length < 2) {
    throw new CsvError(`every row has the label ${quoteCell(label.values[0])} in column ${JSON.stringify(label.name)}; training needs at least two classes`, { file: table.file });
  }
  return Array.from(label.codes, (code) => values[code]);
}
