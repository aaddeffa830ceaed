// Validation and marshalling of user samples. Everything is checked before anything is
// written to WebAssembly memory, so a bad call leaves the model as it was; the one
// exception, a Float32Array to predict on, is checked by the core as it reads it, in
// buffers that hold nothing the model needs.
import type { PredictionInput, SampleWriter } from "../runtime/core.js";
import type { Scaler } from "../model/scaler.js";
import { F32_MAX } from "../limits.js";

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
  /** The rows as prediction reads them, for a model with `scaler` (or none). */
  predictionInput(scaler: Scaler | null): PredictionInput;
}


export function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return value === null ? "null" : typeof value;
}

/** The error for X[r][c] = `value`, which is not a finite float32. */
function invalidValue(value: unknown, r: number, c: number): Error {
  const where = `X[${r}][${c}]`;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return new Error(`${where} is ${describe(value)}; every feature must be a finite number`);
  }
  return new Error(`${where} is ${value}, outside the float32 range (±3.4e38) the core computes in`);
}

// The message is built only on failure: this runs once per input value.
function checkValue(value: unknown, r: number, c: number): void {
  if (typeof value === "number" && Math.abs(value) <= F32_MAX) return;
  throw invalidValue(value, r, c);
}

const isRow = (row: unknown): row is ArrayLike<number> =>
  row != null && typeof row === "object" && typeof (row as ArrayLike<unknown>).length === "number";

/** Validates X. `features` is the width a flat X must be read with, or that rows must
 *  have (`expected` says where that width comes from, for the error message). With
 *  `checkLater`, a flat X's values are not checked here: prediction checks them as it
 *  reads them (its buffers hold no state a failure could spoil), and `value` throws on a
 *  bad one. */
export function toSamples(X: Matrix, features?: number, expected = "the width of X[0]", checkLater = false): Samples {
  if (X instanceof Float32Array || X instanceof Float64Array) return flatSamples(X, features, checkLater);
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

function flatSamples(X: Float32Array | Float64Array, features: number | undefined, checkLater: boolean): Samples {
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
  // A float32 value that is not finite is NaN or ±Infinity, which `includes` (SameValueZero:
  // it finds NaN) looks for natively, where a first fit's loop would still be interpreted
  // (2 ms for the seed's 24000 values); the loop then names the first bad one. A float64
  // value may also be finite but past float32's range, so it takes the loop.
  const clean = (): boolean => X instanceof Float32Array && !X.includes(NaN) && !X.includes(Infinity) && !X.includes(-Infinity);
  if (!checkLater && !clean()) {
    for (let i = 0; i < X.length; i++) {
      if (!(Math.abs(X[i]) <= F32_MAX)) checkValue(X[i], Math.floor(i / features), i % features);
    }
  }
  const value = checkLater
    ? (r: number, c: number) => {
        const v = X[r * features + c];
        if (!(Math.abs(v) <= F32_MAX)) checkValue(v, r, c);
        return v;
      }
    : (r: number, c: number) => X[r * features + c];
  return samples(X.length / features, features, value, X);
}

// Far outside the training range a standardized value can pass float32's range; clamping
// keeps the saturation it would have had instead of an Infinity. The core computes the
// same in kernels/rowblock.ts.
function standardized(v: number, scaler: Scaler, c: number): number {
  return Math.max(-F32_MAX, Math.min(F32_MAX, (v - scaler.mean[c]) / scaler.scale[c]));
}

function samples(
  rows: number, features: number, value: (r: number, c: number) => number, flat?: Float32Array | Float64Array,
): Samples {
  const writer = (indices?: Uint32Array, scaler?: Scaler | null): SampleWriter => (dst, start, count, rowMajor = false) => {
    if (flat && !indices && !scaler) {
      if (!rowMajor) return transpose(flat, features, dst, start, count);
      // Float64 values round to float32 here as they would one by one.
      return dst.set(flat.subarray(start * features, (start + count) * features));
    }
    // Value (s, c) goes to s·rowStep + c·featureStep.
    const rowStep = rowMajor ? features : 1;
    const featureStep = rowMajor ? 1 : count;
    for (let s = 0; s < count; s++) {
      const r = indices ? indices[start + s] : start + s;
      for (let c = 0; c < features; c++) dst[s * rowStep + c * featureStep] = scaler ? standardized(value(r, c), scaler, c) : value(r, c);
    }
  };
  // Only a Float32Array reaches the core unchecked; every other X is checked as written.
  const reject = (r: number, c: number): never => {
    throw invalidValue(flat ? flat[r * features + c] : value(r, c), r, c);
  };
  const predictionInput = (scaler: Scaler | null): PredictionInput => {
    // A Float32Array goes in as it is, with one copy; the core checks and standardizes it.
    if (flat instanceof Float32Array) {
      const write = (dst: Float32Array, start: number) => {
        const from = start * features;
        // For a row or two, a loop costs less than making a subarray.
        if (dst.length > 64) dst.set(flat.subarray(from, from + dst.length));
        else for (let i = 0; i < dst.length; i++) dst[i] = flat[from + i];
      };
      return { rows, scaler, reject, write };
    }
    const write = (dst: Float32Array, start: number, count: number) => {
      for (let s = 0, at = 0; s < count; s++) {
        for (let c = 0; c < features; c++, at++) dst[at] = scaler ? standardized(value(start + s, c), scaler, c) : value(start + s, c);
      }
    };
    return { rows, scaler: null, reject, write };
  };
  return { rows, features, value, writer, predictionInput };
}

/** The common case without a closure per value: rows [start, start + count) of a flat
 *  row-major matrix, unit-major into dst. */
function transpose(flat: Float32Array | Float64Array, features: number, dst: Float32Array, start: number, count: number): void {
  for (let c = 0; c < features; c++) {
    const out = c * count;
    for (let s = 0, from = start * features + c; s < count; s++, from += features) dst[out + s] = flat[from];
  }
}
