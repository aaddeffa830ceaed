// The two ways a command fails: bad usage (exit status 2) and everything else (1). Both
// print one line; a location names the file, line and column the problem is at.

/** Wrong usage: unknown command or option, a missing or malformed argument. */
export class UsageError extends Error {}

/** Where in an input file a problem is. */
export interface Location {
  file: string;
  line?: number;
  /** 1-based field number. */
  column?: number;
  columnName?: string;
}

/** A failure the user can act on; `where` says which file, line and column. */
export class CliError extends Error {
  constructor(message: string, readonly where?: Location) {
    super(message);
  }
}

/** "data.csv, line 5, column 3 ("x2")": the location as the one-line message shows it. */
export function formatLocation(where: Location): string {
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
