// A data file's problem as the command and the demo page both show it: a message that
// says what was expected, and where it is (the file, line, column and the column's name).

/** Where in a data file a problem is. */
export interface CsvLocation {
  file: string;
  /** 1-based; the line a record starts on. */
  line?: number;
  /** 1-based field number. */
  column?: number;
  columnName?: string;
}

/** A data file that cannot be read as a table; `where` says which file, line and column. */
export class CsvError extends Error {
  constructor(message: string, readonly where: CsvLocation) {
    super(message);
  }
}

/** "data.csv, line 5, column 3 ("x2")": the location as a one-line message shows it. */
export function formatLocation(where: CsvLocation): string {
  let text = where.file;
  if (where.line !== undefined) text += `, line ${where.line}`;
  if (where.column !== undefined) {
    text += `, column ${where.column}`;
    if (where.columnName !== undefined && where.columnName !== "") text += ` (${JSON.stringify(where.columnName)})`;
  }
  return text;
}

/** A cell as an error message quotes it: JSON-quoted, and cut when long. */
export function quoteCell(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}
