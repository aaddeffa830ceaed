// A data file read for regression: the features as the shared table reader reads them
// (io/csv/table.ts: the same columns-by-name, numbers, names and limits as for a
// classifier), and one or more numeric target columns beside them. The table reader
// knows one label column of classes, stored as text, and keeps numbers only as float32;
// a target such as 123456.789 needs float64, so a second record reader goes over the
// same chunks and reads the target cells itself. One pass, so pipes work as for train.
import { CsvSyntaxError, fieldNumber, fieldText, type CsvRecord } from "../io/csv/cells.js";
import { CsvError, type CsvLocation } from "../io/csv/errors.js";
import { separatorHint } from "../io/csv/columns.js";
import { CsvReader } from "../io/csv/reader.js";
import { TableReader, type Table } from "../io/csv/table.js";
import { quoteCell } from "./errors.js";
import { readChunks } from "./data-file.js";


export interface TargetOptions {
  /** The model's feature names; without them, every column that is not a target. */
  featureNames?: string[];
  /** The target columns' names; without them, the last column. */
  targets?: string[];
  /** Where `targets` come from, for the error when a column is missing ("--label"). */
  targetsFrom: string;
  maxRecordBytes?: number;
}

/** A data file's features and targets. */
export interface TargetTable {
  table: Table;
  targetNames: string[];
  /** Per target column, one value per row, as written (float64). */
  targets: Float64Array[];
}

/** The names of --label: one column, or several separated by commas. */
export function targetList(flag: string | undefined): string[] | undefined {
  if (flag === undefined) return undefined;
  const names = flag.split(",").map((n) => n.trim());
  return names;
}

const listed = (names: string[]): string => names.map((n) => quoteCell(n)).join(", ");

// Why a target cell is not a number, worded as the table reader words a feature's.
function badTarget(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "the target cell is empty; every row needs a number in each target column";
  if (/^[+-]?(nan|inf|infinity)$/i.test(trimmed)) return `found ${quoteCell(text)}; every target must be a finite number`;
  return `expected a number (a regression target), found ${quoteCell(text)}`;
}

/** The columns of the header: the targets' indices and the features' names. */
function chooseTargets(file: string, names: string[], options: TargetOptions): { targetColumns: number[]; featureNames: string[] } {
  const header = { file, line: 1 };
  const wanted = options.targets ?? [names[names.length - 1]];
  if (options.targets === undefined && names.length < 2) {
    throw new CsvError(`expected at least two columns (features, then the target); the header has ${names.length}${separatorHint(names)}`, header);
  }
  const targetColumns = wanted.map((name, k) => {
    if (wanted.indexOf(name) !== k) throw new CsvError(`${options.targetsFrom} names the column ${quoteCell(name)} twice`, header);
    if (options.featureNames?.includes(name)) {
      throw new CsvError(`${options.targetsFrom} names ${quoteCell(name)}, one of the model's feature columns; the model's features are ${listed(options.featureNames)}`, header);
    }
    const at = names.indexOf(name);
    if (at < 0) throw new CsvError(`there is no column named ${quoteCell(name)} (${options.targetsFrom}); the header has ${listed(names)}${separatorHint(names)}`, header);
    const again = names.indexOf(name, at + 1);
    if (again >= 0) throw new CsvError(`columns ${at + 1} and ${again + 1} are both named ${quoteCell(name)}: ${options.targetsFrom} could mean either`, { ...header, column: again + 1 });
    return at;
  });
  const featureNames = options.featureNames ?? names.filter((_, i) => !targetColumns.includes(i));
  if (featureNames.length === 0) throw new CsvError("every column is a target: expected at least one feature column besides them", header);
  return { targetColumns, featureNames };
}

/**
 * Reads `file` for a regressor: the features (the model's, by name, or all columns but
 * the targets) and each target column's numbers. Every problem is a CliError naming the
 * file, line and column; of two problems, the one on the earlier line is reported.
 */
export async function readTargetTable(file: string, options: TargetOptions): Promise<TargetTable> {
  let names: string[] | undefined;
  let chosen: { targetColumns: number[]; featureNames: string[] } | undefined;
  let table: TableReader | undefined;
  let targetError: CsvError | undefined;
  let read: Table | undefined;
  const values: number[][] = [];
  const where = (record: CsvRecord, c: number): CsvLocation => ({ file, line: record.line, column: c + 1, columnName: names![c] });
  const targets = new CsvReader((record) => {
    if (targetError) return;
    if (!names) {
      names = Array.from({ length: record.count }, (_, i) => fieldText(record, i));
      chosen = chooseTargets(file, names, options);
      chosen.targetColumns.forEach(() => values.push([]));
      table = new TableReader({ file, featureNames: chosen.featureNames, labels: false, maxRecordBytes: options.maxRecordBytes });
      return;
    }
    // A row with the wrong field count is the table reader's to report.
    if (record.count !== names.length) return;
    chosen!.targetColumns.forEach((c, k) => {
      if (targetError) return;
      const value = fieldNumber(record, c);
      if (Number.isFinite(value)) values[k].push(value);
      else targetError = new CsvError(badTarget(fieldText(record, c)), where(record, c));
    });
  }, { maxRecordBytes: options.maxRecordBytes });

  // The chunks the target reader has seen but the table reader (made at the header) not.
  const pending: Uint8Array[] = [];
  const feed = (last: boolean): void => {
    try {
      if (table) {
        for (const chunk of pending.splice(0)) table.push(chunk);
        if (last) read = table.end();
      }
    } catch (error) {
      // Both readers have read the chunk: the error on the earlier line is the first.
      const line = error instanceof CsvError ? error.where.line : undefined;
      if (targetError && line !== undefined && targetError.where.line! < line) throw targetError;
      throw error;
    }
    // The table reader has read every record the target reader has, without an error:
    // the target's error is the first.
    if (targetError) throw targetError;
  };
  const step = (read: () => void, last: boolean): void => {
    try {
      read();
    } catch (error) {
      // A syntax error (a bad quote, a long record, bytes that are not UTF-8) is found by
      // the table reader too, at the same place, with the column's name: let it say it.
      // In the header, before the table reader exists, say it here.
      if (!(error instanceof CsvSyntaxError)) throw error;
      if (!table) {
        const columnName = error.column === undefined ? undefined : names?.[error.column - 1];
        throw new CsvError(error.message, { file, line: error.line, column: error.column, columnName });
      }
    }
    feed(last);
  };

  return readChunks(file, (view) => {
    // A copy: the table reader may take it only later, once it exists.
    const chunk = view.slice();
    pending.push(chunk);
    step(() => targets.push(chunk), false);
  }, () => {
    step(() => targets.end(), true);
    if (!read) throw new CsvError("the file is empty; expected a header row, then one row per sample", { file });
    return { table: read, targetNames: chosen!.targetColumns.map((c) => names![c]), targets: values.map((v) => Float64Array.from(v)) };
  });
}

/** The targets as fit and score take them: numbers for one target, rows for several. */
export function targetRows(t: TargetTable): number[] | number[][] {
  if (t.targets.length === 1) return Array.from(t.targets[0]);
  return Array.from({ length: t.table.rows }, (_, r) => t.targets.map((column) => column[r]));
}
