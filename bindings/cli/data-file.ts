// Reads a CSV data file into a row-major Float32Array of features and one small integer
// per row naming its label, streaming: memory is the typed arrays plus one chunk, never a
// string per cell. Every problem becomes a CliError naming the file, line and column.
import { open } from "node:fs/promises";
import { convert } from "./args.js";
import { CsvSyntaxError, fieldNumber, fieldText, type CsvRecord } from "../io/csv/cells.js";
import { CsvReader, MAX_RECORD_BYTES_CAP } from "../io/csv/reader.js";
import { CliError, quoteCell } from "./errors.js";
import { chooseColumns, type Columns, type TableOptions as ColumnOptions } from "./columns.js";


const CHUNK_BYTES = 1 << 20;
const BLOCK_ROWS = 1 << 14;
const F32_MAX = 3.4028234663852886e38;

/** How to find the columns (columns.ts), and how much one record may hold. */
export interface TableOptions extends ColumnOptions {
  /** The most bytes one record may hold (--max-record-bytes). */
  maxRecordBytes?: number;
}

/** A data file's rows, read. */
export interface Table {
  file: string;
  rows: number;
  featureNames: string[];
  /** rows × featureNames.length, row-major. */
  X: Float32Array;
  /** The label column, when there is one. */
  label?: {
    name: string;
    /** Per row, an index into `values`. */
    codes: Int32Array;
    /** The distinct label cells, in order of first appearance. */
    values: string[];
    /** The line each value first appears on, and its column (1-based). */
    firstLines: number[];
    column: number;
  };
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
    throw new CliError(`columns ${a + 1} and ${b + 1} are both named ${quoteCell(names[c])}: ${why}`, { file, line: 1, column: b + 1 });
  }
}

/** Fixed-size blocks joined once at the end: growing never copies what was read. */
class Blocks<T extends Float32Array | Int32Array> {
  readonly #make: (length: number) => T;
  readonly #blockLength: number;
  #full: T[] = [];
  #current: T;
  #used = 0;

  constructor(make: (length: number) => T, blockLength: number) {
    this.#make = make;
    this.#blockLength = blockLength;
    this.#current = make(blockLength);
  }

  push(value: number): void {
    if (this.#used === this.#blockLength) {
      this.#full.push(this.#current);
      this.#current = this.#make(this.#blockLength);
      this.#used = 0;
    }
    this.#current[this.#used++] = value;
  }

  join(): T {
    const out = this.#make(this.#full.length * this.#blockLength + this.#used);
    this.#full.forEach((block, i) => out.set(block, i * this.#blockLength));
    out.set(this.#current.subarray(0, this.#used), this.#full.length * this.#blockLength);
    this.#full = [];
    return out;
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

/** The value of --max-record-bytes, which every command that reads a data file takes. */
export function maxRecordBytes(text: string | boolean | undefined): number | undefined {
  return convert.bytes("--max-record-bytes", text as string | undefined, MAX_RECORD_BYTES_CAP);
}

/** Reads `file`: a header row, then one row per sample. */
export async function readTable(file: string, options: TableOptions): Promise<Table> {
  let columns: Columns | undefined;
  let rows = 0;
  const X = new Blocks((n) => new Float32Array(n), BLOCK_ROWS * 16);
  const codes = new Blocks((n) => new Int32Array(n), BLOCK_ROWS);
  const labelCodes = new Map<string, number>();
  const values: string[] = [];
  const firstLines: number[] = [];

  const where = (record: CsvRecord, column: number) => ({ file, line: record.line, column: column + 1, columnName: columns?.names[column] });
  const onRecord = (record: CsvRecord): void => {
    if (!columns) {
      columns = chooseColumns(file, Array.from({ length: record.count }, (_, i) => fieldText(record, i)), options);
      checkDistinctNames(file, columns, options);
      return;
    }
    const { features, label, names } = columns;
    if (record.count !== names.length) {
      throw new CliError(`expected ${names.length} fields, as the header has; found ${record.count}`, { file, line: record.line });
    }
    for (let k = 0; k < features.length; k++) {
      const c = features[k];
      const value = fieldNumber(record, c);
      if (!(Math.abs(value) <= F32_MAX)) throw new CliError(badNumber(fieldText(record, c), value), where(record, c));
      X.push(value);
    }
    if (label >= 0 && options.labels) {
      const text = fieldText(record, label);
      let code = labelCodes.get(text);
      if (code === undefined) {
        if (text === "") throw new CliError("the label cell is empty; every row needs a label", where(record, label));
        code = values.length;
        labelCodes.set(text, code);
        values.push(text);
        firstLines.push(record.line);
      }
      codes.push(code);
    }
    rows++;
  };

  const reader = new CsvReader(onRecord, { maxRecordBytes: options.maxRecordBytes });
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw new CliError(`cannot read it: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`, { file });
  }
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      reader.push(buffer.subarray(0, bytesRead));
    }
    reader.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new CliError(error.message, { file, line: error.line, column: error.column, columnName: columns?.names[(error.column ?? 0) - 1] });
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read it: ${(error as Error).message}`, { file });
  } finally {
    await handle.close();
  }

  if (!columns) throw new CliError("the file is empty; expected a header row, then one row per sample", { file });
  if (rows === 0) throw new CliError("the file has a header but no data rows", { file, line: 2 });
  const featureNames = Array.from(columns.features, (c) => columns!.names[c]);
  const table: Table = { file, rows, featureNames, X: X.join() };
  if (columns.label >= 0 && options.labels) {
    table.label = { name: columns.names[columns.label], codes: codes.join(), values, firstLines, column: columns.label + 1 };
  }
  return table;
}
