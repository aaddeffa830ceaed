// What the importers share to read a foreign file's fields: parsing its JSON text, telling
// lists and plain objects from anything else, and showing a value in an error message (never an
// array's or object's contents, which a file can make huge or deeply nested).
import { showLabel } from "../../model/classes.js";
import { fail } from "../model-file.js";

export { fail };

/** A value as error messages show it: strings quoted, arrays and objects by kind only. */
export const show = showLabel;

/** An array or typed array (anything with a safe-integer length), not a string. */
export const isList = (v: unknown): v is ArrayLike<unknown> =>
  v != null && typeof v === "object" && Number.isSafeInteger((v as ArrayLike<unknown>).length);

/** A plain object (a parsed JSON object), not an array, null or a class instance. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** `text` parsed as JSON, or an Error saying `what` is not JSON and why. Python's json
 *  module writes NaN and Infinity, which JSON does not have: such a file is named so. */
export function parseJSON(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const nonFinite = /\b(NaN|-?Infinity)\b/.exec(text);
    const note = nonFinite ? `; it holds ${nonFinite[1]}, which JSON has no number for (a weight that is not finite)` : "";
    return fail(`${what} is not valid JSON (${(error as Error).message})${note}`);
  }
}
