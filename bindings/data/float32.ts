// The core computes in float32: every option and weight it reads is rounded by
// Math.fround on the way in. A value can pass a check as given and fail it as used
// (beta2 0.99999999 is 1 in float32, epsilon 1e-50 is 0), so numbers the core uses are
// checked both ways, and errors say what the rounding made of the value.

import { F32_MAX } from "../limits.js";

export { F32_MAX };

/**
 * How `value` fails `inRange`: "given" (not a number, or out of range as given),
 * "rounded" (in range as given, out of it as float32 rounds it), or undefined if it passes.
 */
export function float32Failure(value: unknown, inRange: (x: number) => boolean): "given" | "rounded" | undefined {
  if (typeof value !== "number" || !inRange(value)) return "given";
  return inRange(Math.fround(value)) ? undefined : "rounded";
}

/** What an error adds after the value when only its rounding failed. */
export const roundedNote = (value: number): string =>
  `, which is ${Math.fround(value)} in float32 (the precision the core computes in)`;

/** A loss weight or step the core can use: a finite float32 that is still > 0 once
 *  rounded, so it never silently becomes 0 (a step of 0, a row dropped) or Infinity. */
export const positiveFloat32 = (x: number): boolean => x > 0 && x <= F32_MAX;
