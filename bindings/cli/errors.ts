// The two ways a command fails: bad usage (exit status 2) and everything else (1). Both
// print one line; a location names the file, line and column the problem is at, as the
// shared CSV reader's errors do (io/csv/errors.ts, whose formatting the command uses).
import type { CsvLocation } from "../io/csv/errors.js";

export { formatLocation, quoteCell } from "../io/csv/errors.js";

/** Where in an input file a problem is. */
export type Location = CsvLocation;

/** Wrong usage: unknown command or option, a missing or malformed argument. */
export class UsageError extends Error {}

/** A failure the user can act on; `where` says which file, line and column. */
export class CliError extends Error {
  constructor(message: string, readonly where?: Location) {
    super(message);
  }
}
