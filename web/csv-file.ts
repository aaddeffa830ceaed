// A CSV file dropped on or chosen in the page, read by the command's own table reader
// (bindings/io/csv/): the same header, column, number, label, whitespace, UTF-8 and
// duplicate-header rules, and the same messages naming the line and column. Features are
// every column but the label column: the one the user picked, else the last. The page
// adds limits on rows and classes, which keep training and drawing in the browser quick,
// and decides the task as the command's label check does (a label column that looks
// like a quantity is a regression target), unless the user chose one.
import type { Label } from "wasmlp";
import { CsvError, formatLocation, quoteCell } from "../bindings/io/csv/errors.js";
import { rowLabels } from "../bindings/io/csv/labels.js";
import { CsvReader } from "../bindings/io/csv/reader.js";
import { fieldText } from "../bindings/io/csv/cells.js";
import { TableReader, type Table, type TableLabel, type TableLimits } from "../bindings/io/csv/table.js";
import type { Task } from "./data.js";

export const PAGE_LIMITS: Required<TableLimits> = { rows: 20000, classes: 50, by: "the demo page" };
/** More distinct numbers than this, with fractions among them or one for most rows, make
 *  a label column a quantity (the command's MANY_CLASSES rule). */
const MANY_CLASSES = 20;

// Fed in pieces, as the command feeds a file: the reader's buffer stays small, and a
// limit stops the reading where it is passed.
const CHUNK_BYTES = 1 << 20;

/** A file's table, its task, and per row a label (classification) or a number (regression). */
export interface CsvData {
  table: Table;
  task: Task;
  /** Why the task is what it is, as the page says it. */
  why: string;
  y: Label[];
  targets: number[];
  /** Every column of the header, in file order. */
  columns: string[];
}

/** The header's names, read alone (so that a label column can be picked even when the
 *  default one cannot be read). */
export function headerNames(name: string, bytes: Uint8Array): string[] {
  let names: string[] | undefined;
  const stop = new Error("header read");
  const reader = new CsvReader((record) => {
    names = Array.from({ length: record.count }, (_, i) => fieldText(record, i));
    throw stop;
  });
  try {
    for (let at = 0; at < bytes.length && !names; at += CHUNK_BYTES) reader.push(bytes.subarray(at, at + CHUNK_BYTES));
    if (!names) reader.end();
  } catch (error) {
    if (error === stop) return names as string[];
    // A header the record reader refuses: the table reader says so, with the column's place.
    readTable(name, bytes, undefined, PAGE_LIMITS);
    throw error;
  }
  if (!names) throw new CsvError("the file is empty; expected a header row, then one row per sample", { file: name });
  return names;
}

/** Whether a label column looks like a quantity: numbers, many of them, and fractions
 *  among them or a value for most rows. */
function looksLikeQuantity(label: TableLabel, rows: number): boolean {
  const k = label.values.length;
  const values = label.values.map(Number);
  if (k <= MANY_CLASSES || !values.every(Number.isFinite)) return false;
  return values.some((v) => !Number.isInteger(v)) || k > rows / 2;
}

/** Each row's number in the label column; a cell that is not one is an error naming it. */
function targetsOf(table: Table): number[] {
  const label = table.label as TableLabel;
  const values = label.values.map((text, k) => {
    const value = text.trim() === "" ? NaN : Number(text);
    if (!Number.isFinite(value)) {
      throw new CsvError(`expected a number (a regression target), found ${quoteCell(text)}`, { file: table.file, line: label.firstLines[k], column: label.column, columnName: label.name });
    }
    return value;
  });
  return Array.from(label.codes, (code) => values[code]);
}

function readTable(name: string, bytes: Uint8Array, label: string | undefined, limits: TableLimits): Table {
  const reader = new TableReader({ file: name, label, labelFrom: "the label column picker", labels: true, limits });
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) reader.push(bytes.subarray(at, at + CHUNK_BYTES));
  return reader.end();
}

/**
 * The bytes of the file `name` as a table to train on.
 * @param label the label column's name; the last column when undefined
 * @param task "auto" decides by the label column's values
 */
export function readCsv(name: string, bytes: Uint8Array, label?: string, task: Task | "auto" = "auto"): CsvData {
  const columns = headerNames(name, bytes);
  // A regression target may have a distinct value per row: the class limit waits for the task.
  const table = readTable(name, bytes, label, { rows: PAGE_LIMITS.rows, by: PAGE_LIMITS.by });
  const column = table.label as TableLabel;
  const quantity = looksLikeQuantity(column, table.rows);
  const chosen = task === "auto" ? (quantity ? "regression" : "classification") : task;
  const distinct = `${column.values.length} distinct values in ${table.rows} rows`;
  const why = task !== "auto"
    ? `${chosen}, as chosen`
    : quantity ? `regression: the label column holds numbers (${distinct}), a quantity` : `classification: the label column holds ${column.values.length} classes`;
  if (chosen === "regression") return { table, task: chosen, why, y: [], targets: targetsOf(table), columns };
  // Past the class limit, read again with it: the reader names the line where it is passed.
  if (column.values.length > PAGE_LIMITS.classes) readTable(name, bytes, label, PAGE_LIMITS);
  return { table, task: chosen, why, y: rowLabels(table), targets: [], columns };
}

/** Why the file `name` could not be read, as the page says it: where, then what. */
export function csvFailure(name: string, error: unknown): string {
  const where = error instanceof CsvError ? formatLocation(error.where) : name;
  return `Could not read ${where}: ${(error as Error).message}`;
}
