// A CSV file dropped on or chosen in the page, read by the command's own table reader
// (bindings/io/csv/): the same header, column, number, label, whitespace, UTF-8 and
// duplicate-header rules, and the same messages naming the line and column. Features are
// every column but the last, the label is the last. The page adds limits on rows and
// classes, which keep training and drawing in the browser quick.
import type { Label } from "wasmlp";
import { CsvError, formatLocation } from "../bindings/io/csv/errors.js";
import { rowLabels } from "../bindings/io/csv/labels.js";
import { TableReader, type Table, type TableLimits } from "../bindings/io/csv/table.js";

export const PAGE_LIMITS: TableLimits = { rows: 20000, classes: 50, by: "the demo page" };

// Fed in pieces, as the command feeds a file: the reader's buffer stays small, and a
// limit stops the reading where it is passed.
const CHUNK_BYTES = 1 << 20;

/** A file's table and its labels, one per row. */
export interface CsvData {
  table: Table;
  y: Label[];
}

/** The bytes of the file `name` as a table to train on. */
export function readCsv(name: string, bytes: Uint8Array): CsvData {
  const reader = new TableReader({ file: name, labels: true, limits: PAGE_LIMITS });
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) reader.push(bytes.subarray(at, at + CHUNK_BYTES));
  const table = reader.end();
  return { table, y: rowLabels(table) };
}

/** Why the file `name` could not be read, as the page says it: where, then what. */
export function csvFailure(name: string, error: unknown): string {
  const where = error instanceof CsvError ? formatLocation(error.where) : name;
  return `Could not read ${where}: ${(error as Error).message}`;
}
