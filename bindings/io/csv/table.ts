// A CSV data file as a table, on any platform: bytes in (`push`, chunk by chunk), a
// row-major Float32Array of features and one small integer per row naming its label out
// (`end`). The command feeds it a file's chunks (cli/data-file.ts), the demo page a
// dropped file's bytes, so both read a file by the same rules: the header's columns
// (columns.ts), numbers as written, labels as written, distinct header names, UTF-8 text
// and the same limits. Memory is the typed arrays plus what the record reader holds,
// never a string per cell. Every problem is a CsvError naming the file, line and column.
import { Blocks } from "./blocks.js";
import { CsvSyntaxError, fieldNumber, fieldText, type CsvRecord } from "./cells.js";
import { chooseColumns, type ColumnOptions, type Columns } from "./columns.js";
import { CsvError, quoteCell, type CsvLocation } from "./errors.js";
import { CsvReader } from "./reader.js";

const BLOCK_ROWS = 1 << 14;
const F32_MAX = 3.4028234663852886e38;

/** Limits a reader may set to protect itself (the page: the browser's memory and time). */
export interface TableLimits {
  /** The most data rows. */
  rows?: number;
  /** The most distinct labels. */
  classes?: number;
  /** Who sets the limits, for their messages: "the demo page". */
  by: string;
}

/** How to find the columns (columns.ts), how much one record may hold, and limits. */
export interface TableOptions extends ColumnOptions {
  /** The file's name, for messages. */
  file: string;
  /** The most bytes one record may hold (the command's --max-record-bytes). */
  maxRecordBytes?: number;
  limits?: TableLimits;
}

/** A table's label column: its cells as written, typed by labels.ts. */
export interface TableLabel {
  name: string;
  /** Per row, an index into `values`. */
  codes: Int32Array;
  /** The distinct label cells, in order of first appearance. */
  values: string[];
  /** The line each value first appears on, and its column (1-based). */
  firstLines: number[];
  column: number;
}

/** A data file's rows, read. */
export interface Table {
  file: string;
  rows: number;
  featureNames: string[];
  /** rows × featureNames.length, row-major. */
  X: Float32Array;
  /** The label column, when there is one. */
  label?: TableLabel;
}

/** The columns read must have names of their own: a model finds its features by name, and
 *  --label must name one column. */
function checkDistinctNames(file: string, { names, features, label }: Columns, options: TableOptions): void {
  const first = new Map<string, number>();
  names.forEach((name, i) => first.has(name) || first.set(name, i));
  for (const c of label >= 0 ? [label, ...features] : features) {
    const other = first.get(names[c]) === c ? names.indexOf(names[c], c + 1) : first.get(names[c])!;
    if (other < 0) continue;
    const [a, b] = c < other ? [c, other] : [other, c];
    const why = c === label && options.label !== undefined
      ? `--label ${quoteCell(names[c])} could mean either`
      : "every column read needs a name of its own, since a model finds its features by name";
    throw new CsvError(`columns ${a + 1} and ${b + 1} are both named ${quoteCell(names[c])}: ${why}`, { file, line: 1, column: b + 1 });
  }
}

/** The reason a feature cell is not a usable number. */
function badNumber(text: string, value: number): string {
  const trimmed = text.trim();
  if (trimmed === "") return "the feature cell is empty; expected a number";
  if (/^[+-]?(nan|inf|infinity)$/i.test(trimmed)) {
    return `found ${quoteCell(text)}; every feature must be a finite number`;
  }
  if (!Number.isNaN(value)) {
    return `found ${quoteCell(text)}, outside the float32 range (±3.4e38) wasmlp computes in`;
  }
  return `expected a number, found ${quoteCell(text)}`;
}

/** Reads a data file: a header row, then one row per sample. */
export class TableReader {
  readonly #options: TableOptions;
  readonly #reader: CsvReader;
  #columns: Columns | undefined;
  #rows = 0;
  readonly #X = new Blocks((n) => new Float32Array(n), BLOCK_ROWS * 16);
  readonly #codes = new Blocks((n) => new Int32Array(n), BLOCK_ROWS);
  readonly #labelCodes = new Map<string, number>();
  readonly #values: string[] = [];
  readonly #firstLines: number[] = [];

  constructor(options: TableOptions) {
    this.#options = options;
    this.#reader = new CsvReader((record) => this.#onRecord(record), { maxRecordBytes: options.maxRecordBytes });
  }

  /** Reads the complete records of `bytes` (the caller may reuse them afterwards). */
  push(bytes: Uint8Array): void {
    this.#located(() => this.#reader.push(bytes));
  }

  /** Reads what is left, and returns the table. */
  end(): Table {
    this.#located(() => this.#reader.end());
    const { file } = this.#options;
    const columns = this.#columns;
    if (!columns) throw new CsvError("the file is empty; expected a header row, then one row per sample", { file });
    if (this.#rows === 0) throw new CsvError("the file has a header but no data rows", { file, line: 2 });
    const featureNames = Array.from(columns.features, (c) => columns.names[c]);
    const table: Table = { file, rows: this.#rows, featureNames, X: this.#X.join() };
    if (columns.label >= 0 && this.#options.labels) {
      table.label = { name: columns.names[columns.label], codes: this.#codes.join(), values: this.#values, firstLines: this.#firstLines, column: columns.label + 1 };
    }
    return table;
  }

  // The record reader knows lines and fields; the file and the column's name are added here.
  #located(read: () => void): void {
    try {
      read();
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      const columnName = error.column === undefined ? undefined : this.#columns?.names[error.column - 1];
      throw new CsvError(error.message, { file: this.#options.file, line: error.line, column: error.column, columnName });
    }
  }

  #where(record: CsvRecord, column: number): CsvLocation {
    return { file: this.#options.file, line: record.line, column: column + 1, columnName: this.#columns?.names[column] };
  }

  #onRecord(record: CsvRecord): void {
    const columns = this.#columns;
    if (!columns) {
      this.#header(record);
      return;
    }
    const { features, label, names } = columns;
    const { file, limits } = this.#options;
    if (record.count !== names.length) {
      throw new CsvError(`expected ${names.length} fields, as the header has; found ${record.count}`, { file, line: record.line });
    }
    if (this.#rows === limits?.rows) {
      throw new CsvError(`the file has more than ${limits.rows} data rows, the most ${limits.by} takes`, { file, line: record.line });
    }
    const X = this.#X;
    for (let k = 0; k < features.length; k++) {
      const c = features[k];
      const value = fieldNumber(record, c);
      if (!(Math.abs(value) <= F32_MAX)) throw new CsvError(badNumber(fieldText(record, c), value), this.#where(record, c));
      X.push(value);
    }
    if (label >= 0 && this.#options.labels) this.#codes.push(this.#labelCode(record, label));
    this.#rows++;
  }

  #header(record: CsvRecord): void {
    const { file } = this.#options;
    const names = Array.from({ length: record.count }, (_, i) => fieldText(record, i));
    const columns = chooseColumns(file, names, this.#options);
    checkDistinctNames(file, columns, this.#options);
    this.#columns = columns;
  }

  // The label cell's index among the distinct labels so far; a new label is checked once.
  #labelCode(record: CsvRecord, label: number): number {
    const text = fieldText(record, label);
    const code = this.#labelCodes.get(text);
    if (code !== undefined) return code;
    if (text === "") throw new CsvError("the label cell is empty; every row needs a label", this.#where(record, label));
    const { limits } = this.#options;
    if (this.#values.length === limits?.classes) {
      throw new CsvError(`the label column has more than ${limits.classes} distinct labels, the most ${limits.by} takes; a label column holds classes, not a quantity or an identifier`, this.#where(record, label));
    }
    this.#labelCodes.set(text, this.#values.length);
    this.#values.push(text);
    this.#firstLines.push(record.line);
    return this.#values.length - 1;
  }
}
