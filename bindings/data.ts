// Validation and marshalling of user data. Everything is checked before anything is
// written to WebAssembly memory, so a bad call leaves the model as it was.
import type { SampleWriter } from "./wasm.js";

/** Samples: rows of numbers, or a row-major Float32Array/Float64Array with a width. */
export type Matrix = ArrayLike<ArrayLike<number>> | Float32Array | Float64Array;
/** Class labels, one per sample. */
export type Labels = ArrayLike<number>;

/** A validated sample matrix that can copy itself into the core. */
export interface Samples {
  rows: number;
  features: number;
  write: SampleWriter;
}

const F32_MAX = 3.4028234663852886e38;

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return value === null ? "null" : typeof value;
}

function checkValue(value: unknown, where: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${where} is ${describe(value)}; every feature must be a finite number`);
  }
  if (Math.abs(value) > F32_MAX) {
    throw new Error(`${where} is ${value}, outside the float32 range (±3.4e38) the core computes in`);
  }
}

/** Validates X. `features` is the width a flat X must be read with, or that rows must
 *  have (`expected` says where that width comes from, for the error message). */
export function toSamples(X: Matrix, features?: number, expected = "the width of X[0]"): Samples {
  if (X instanceof Float32Array || X instanceof Float64Array) return flatSamples(X, features);
  if (X == null || typeof X !== "object" || typeof (X as ArrayLike<unknown>).length !== "number") {
    throw new Error("X must be an array of rows (number[][]) or a Float32Array/Float64Array with options.features");
  }
  const rows = X.length;
  if (rows === 0) throw new Error("X is empty: expected at least one row");
  const first = X[0];
  if (first == null || typeof first !== "object" || typeof first.length !== "number") {
    throw new Error(`X[0] is ${describe(first)}; X must be an array of rows, or pass a Float32Array/Float64Array with options.features`);
  }
  const width = features ?? first.length;
  for (let r = 0; r < rows; r++) {
    const row = X[r];
    if (row == null || typeof row !== "object" || typeof row.length !== "number") {
      throw new Error(`X[${r}] is ${describe(row)}; expected an array of ${width} numbers`);
    }
    if (row.length !== width) {
      throw new Error(`X[${r}] has ${row.length} values; expected ${width} (${expected})`);
    }
    for (let c = 0; c < width; c++) checkValue(row[c], `X[${r}][${c}]`);
  }
  if (width === 0) throw new Error("X has rows with no values: expected at least one feature");
  const write: SampleWriter = (dst, start, count) => {
    for (let r = 0; r < count; r++) {
      const row = X[start + r];
      for (let c = 0; c < width; c++) dst[c * count + r] = row[c];
    }
  };
  return { rows, features: width, write };
}

function flatSamples(X: Float32Array | Float64Array, features: number | undefined): Samples {
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
  const rows = X.length / features;
  for (let i = 0; i < X.length; i++) {
    checkValue(X[i], `X[${Math.floor(i / features)}][${i % features}]`);
  }
  const write: SampleWriter = (dst, start, count) => {
    for (let r = 0; r < count; r++) {
      const from = (start + r) * features;
      for (let c = 0; c < features; c++) dst[c * count + r] = X[from + c];
    }
  };
  return { rows, features, write };
}

/** Validates binary 0/1 labels for `rows` samples and returns them as floats. */
export function toBinaryTargets(y: Labels, rows: number): Float32Array {
  if (y == null || typeof y !== "object" || typeof y.length !== "number") {
    throw new Error("y must be an array (or typed array) of 0/1 labels");
  }
  if (y.length !== rows) throw new Error(`X has ${rows} rows but y has ${y.length} labels`);
  const targets = new Float32Array(rows);
  const seen = [0, 0];
  for (let i = 0; i < rows; i++) {
    const label = y[i];
    if (label !== 0 && label !== 1) {
      throw new Error(`y[${i}] is ${describe(label)}; labels must be 0 or 1 (binary classification)`);
    }
    targets[i] = label;
    seen[label]++;
  }
  if (seen[0] === 0 || seen[1] === 0) {
    throw new Error(`y contains only class ${seen[0] === 0 ? 1 : 0}; fit needs samples of both classes 0 and 1`);
  }
  return targets;
}
