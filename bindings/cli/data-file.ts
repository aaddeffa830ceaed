// Reads a CSV data file from disk for the command: the file's bytes, a chunk at a time
// (a regular file, a pipe or a device alike), fed to the shared table reader
// (io/csv/table.ts, which the demo page uses too). Memory is the table's typed arrays
// plus one chunk. Every problem becomes a CliError naming the file, line and column.
import { open } from "node:fs/promises";
import { convert } from "./args.js";
import { CsvError } from "../io/csv/errors.js";
import { MAX_RECORD_BYTES_CAP } from "../io/csv/reader.js";
import { TableReader, type Table, type TableOptions } from "../io/csv/table.js";
import { CliError } from "./errors.js";

const CHUNK_BYTES = 1 << 20;

/** The value of --max-record-bytes, which every command that reads a data file takes. */
export function maxRecordBytes(text: string | boolean | undefined): number | undefined {
  return convert.bytes("--max-record-bytes", text as string | undefined, MAX_RECORD_BYTES_CAP);
}

/** Reads `file`: a header row, then one row per sample. */
export async function readTable(file: string, options: Omit<TableOptions, "file">): Promise<Table> {
  const reader = new TableReader({ ...options, file });
  return readChunks(file, (chunk) => reader.push(chunk), () => reader.end());
}

/**
 * Opens `file`, hands each chunk of it to `take` (a view, valid during the call), then
 * returns what `end` makes. A CsvError becomes a CliError with its place; any other
 * failure, "cannot read it" naming the file.
 */
export async function readChunks<T>(file: string, take: (chunk: Uint8Array) => void, end: () => T): Promise<T> {
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
      take(buffer.subarray(0, bytesRead));
    }
    return end();
  } catch (error) {
    if (error instanceof CsvError) throw new CliError(error.message, error.where);
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read it: ${(error as Error).message}`, { file });
  } finally {
    await handle.close();
  }
}
