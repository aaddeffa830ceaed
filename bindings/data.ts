// Validation and marshalling of user samples. Everything is checked before anything is
// written to WebAssembly memory, so a bad call leaves the model as it was.
import type { SampleWriter } from "./wasm.js";
import type { Scaler } from "./scaler.js";

/** Samples: rows of numbers, or a row-major Float32Array/Float64Array with a width. */
export type Matrix = ArrayLike<ArrayLike<number>> | Float32Array | Float64Array;

/** A validated sample matrix. */
export interface Samples {
  rows: number;
  features: number;
  /** Value of row r, column c. */
  value(r: number, c: number): number;
  /** Writes the rows listed in `indices` (all rows, in order, without it), standardized
   *  by `scaler` when given. */
  writer(indices?: Uint32Array, scaler?: Scaler | null): SampleWriter;
}

const F32_MAX = 3.4028234663852886e38;

export function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return value === null ? "null" : typeof value;
}

// The message is built only on failure: this runs once per input value.
function checkValue(value: unknown, r: number, c: number): void {
  if (typeof value === "number" && Math.abs(value) <= F32_MAX) return;
  const where = `X[${r}][${c}]`;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${where} is ${describe(value)}; every feature must be a finite number`);
  }
  throw new Error(`${where} is ${value}, outside the float32 range (±3.4e38) the core computes in`);
}

const isRow = (row: unknown): row is ArrayLike<number> =>
  row != null && typeof row === "object" && typeof (row as ArrayLike<unknown>).length === "number";

/** Validates X. `features` is the width a flat X must be read with, or that rows must
 *  have (`expected` says where that width comes from, for the error message). With
 *  `checkWhileWriting`, a flat X's values are checked as they are written instead of in
 *  a pass of their own: for prediction, whose buffers hold no state a failure could spoil. */
export function toSamples(X: Matrix, features?: number, expected = "the width of X[0]", checkWhileWriting = false): Samples {
  if (X instanceof Float32Array || X instanceof Float64Array) return flatSamples(X, features, checkWhileWriting);
  if (!isRow(X) || typeof X === "string") {
    throw new Error("X must be an array of rows (number[][]) or a Float32Array/Float64Array with options.features");
  }
  const rows = X.length;
  if (rows === 0) throw new Error("X is empty: expected at least one row");
  if (!isRow(X[0])) {
    throw new Error(`X[0] is ${describe(X[0])}; X must be an array of rows, or pass a Float32Array/Float64Array with options.features`);
  }
  const width = features ?? X[0].length;
  for (let r = 0; r < rows; r++) {
    const row = X[r];
    if (!isRow(row)) throw new Error(`X[${r}] is ${describe(row)}; expected an array of ${width} numbers`);
    if (row.length !== width) throw new Error(`X[${r}] has ${row.length} values; expected ${width} (${expected})`);
    for (let c = 0; c < width; c++) checkValue(row[c], r, c);
  }
  if (width === 0) throw new Error("X has rows with no values: expected at least one feature");
  const rowsX = X as ArrayLike<ArrayLike<number>>;
  return samples(rows, width, (r, c) => rowsX[r][c]);
}

function flatSamples(X: Float32Array | Float64Array, features: number | undefined, checkWhileWriting: boolean): Samples {
  if (features === undefined) {
    throw new Error("a flat X (Float32Array/Float64Array) needs options.features, the number of columns per row");
  }
  if (!Number.isInteger(features) || features < 1) {
    throw new Error(`features must be a positive integer, got ${describe(features)}`);
  }
  if (X.length === 0) throw new Error("X is empty: expected at least one row");
  if (X.length % features !== 0) {
    throw new Error(`flat X has ${X.length} values, not a multiple of features = ${features}`);
  }
  if (!checkWhileWriting) {
    for (let i = 0; i < X.length; i++) {
      if (!(Math.abs(X[i]) <= F32_MAX)) checkValue(X[i], Math.floor(i / features), i % features);
    }
  }
  const value = checkWhileWriting
    ? (r: number, c: number) => {
        const v = X[r * features + c];
        if (!(Math.abs(v) <= F32_MAX)) checkValue(v, r, c);
        return v;
      }
    : (r: number, c: number) => X[r * features + c];
  return samples(X.length / features, features, value, X, checkWhileWriting);
}

function samples(
  rows: number, features: number, value: (r: number, c: number) => number, flat?: Float32Array | Float64Array, checked = false,
): Samples {
  const writer = (indices?: Uint32Array, scaler?: Scaler | null): SampleWriter => (dst, start, count) => {
    if (flat && !indices && !scaler) return transpose(flat, features, dst, start, count, checked);
    for (let s = 0; s < count; s++) {
      const r = indices ? indices[start + s] : start + s;
      for (let c = 0; c < features; c++) {
        let v = value(r, c);
        // Far outside the training range a standardized value can pass float32's range;
        // clamping keeps the saturation it would have had instead of an Infinity.
        if (scaler) v = Math.max(-F32_MAX, Math.min(F32_MAX, (v - scaler.mean[c]) / scaler.scale[c]));
        dst[c * count + s] = v;
      }
    }
  };
  return { rows, features, value, writer };
}

/** The common case without a closure per value: rows [start, start + count) of a flat
 *  row-major matrix, unit-major into dst, each value checked on the way when `check`. */
function transpose(flat: Float32Array | Float64Array, features: number, dst: Float32Array, start: number, count: number, check: boolean): void {
  for (let c = 0; c < features; c++) {
    const out = c * count;
    for (let s = 0, from = start * features + c; s < count; s++, from += features) {
      const v = flat[from];
      if (check && !(Math.abs(v) <= F32_MAX)) checkValue(v, start + s, c);
      dst[out + s] = v;
    }
  }
}
