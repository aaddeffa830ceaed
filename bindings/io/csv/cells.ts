// A CSV record's fields as values, by one rule for every cell: a quoted field's value is
// the bytes between its quotes, exactly; an unquoted field's is its bytes without the
// spaces and tabs around them. Text must be UTF-8: other bytes are an error at the line
// and column, never a U+FFFD that could merge two labels.
import { isBlank, parseNumber } from "./numbers.js";
import { describeInvalidUtf8, utf8 } from "./utf8.js";

/** A syntax error at a line (1-based, where the record starts) and field (1-based). */
export class CsvSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column?: number) {
    super(message);
  }
}

/** One record: fields as byte ranges of `bytes`. Valid only during the callback. */
export interface CsvRecord {
  bytes: Uint8Array;
  /** Number of fields. */
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 where the field was quoted: its bytes are those between the quotes. */
  quoted: Uint8Array;
  /** 1 where the field was quoted and holds doubled quotes that `text` turns into one. */
  escaped: Uint8Array;
  /** The line the record starts on, 1-based. */
  line: number;
}

/** Field `i` of a record as text; bytes that are not UTF-8 are a CsvSyntaxError. */
export function fieldText(record: CsvRecord, i: number): string {
  const { bytes } = record;
  let start = record.starts[i];
  let end = record.ends[i];
  if (!record.quoted[i]) {
    while (start < end && isBlank(bytes[start])) start++;
    while (end > start && isBlank(bytes[end - 1])) end--;
  }
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(start, end));
  } catch {
    throw new CsvSyntaxError(`${describeInvalidUtf8(bytes, start, end)}: wasmlp reads text as UTF-8; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)`, record.line, i + 1);
  }
  return record.escaped[i] ? text.replaceAll('""', '"') : text;
}

/** Field `i` as a number, or NaN when its value is not a decimal number. */
export function fieldNumber(record: CsvRecord, i: number): number {
  if (record.escaped[i]) return NaN;
  const { bytes } = record;
  const start = record.starts[i];
  const end = record.ends[i];
  // parseNumber allows the spaces of an unquoted cell; inside quotes a space is part of
  // the value, and no number holds one.
  if (record.quoted[i] && start < end && (isBlank(bytes[start]) || isBlank(bytes[end - 1]))) return NaN;
  return parseNumber(bytes, start, end);
}
