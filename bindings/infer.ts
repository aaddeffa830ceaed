// wasmlp/infer: predictions from a model that MLPClassifier.toJSON or toBytes wrote, on a
// forward-only WebAssembly core (assembly/infer.ts) whose bytes are embedded here. Kept
// small on purpose (tests/infer-size.test.js holds it to 4 KB gzipped with its app):
// raw WebAssembly.instantiate instead of the loader, a compact validator instead of
// serialize.ts, and the .wasm embedded as hex text (scripts/build.js), which gzips
// smaller than base64. Probabilities are bit-identical to MLPClassifier.predictProba.
import wasmHex from "../build/infer.wasm.hex";
import type { ModelJSON } from "./serialize.js";

/** A class label: a finite number or a string. */
export type Label = number | string;
/** Samples: rows of numbers, or a row-major Float32Array/Float64Array of whole rows. */
export type Matrix = ArrayLike<ArrayLike<number>> | Float32Array | Float64Array;
/** What {@link loadModel} reads: the JSON form (object or text) or the bytes form. */
export type ModelSource = ModelJSON | string | Uint8Array | ArrayBuffer;

interface InferExports {
  memory: WebAssembly.Memory;
  layerSizesPtr(): number;
  declareModel(layers: number, activation: number): number;
  blockInputPtr(): number;
  forward(cols: number): number;
}

interface Parsed {
  sizes: number[];
  activation: number;
  classes: Label[];
  scaler: { mean: number[]; scale: number[] } | null;
  params: ArrayLike<number>;
}

const BLOCK_COLS = 256; // assembly/infer.ts
const F32_MAX = 3.4028234663852886e38;
const ACTIVATIONS = ["sigmoid", "tanh", "relu"];

let compiled: Promise<WebAssembly.Module> | undefined;

const fail = (message: string): never => {
  throw new Error(message);
};
// Never String() an object: a file's deeply nested arrays would overflow the stack.
const show = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : value && typeof value === "object" ? typeof value : String(value);
const isList = (value: unknown): value is ArrayLike<unknown> =>
  value != null && typeof value === "object" && typeof (value as ArrayLike<unknown>).length === "number";
const isFloat32 = (value: unknown): boolean => typeof value === "number" && Math.abs(value) <= F32_MAX;

function numbers(value: unknown, length: number, name: string, positive?: boolean): number[] {
  const ok = Array.isArray(value) && value.length === length && value.every((x) => Number.isFinite(x) && (!positive || x > 0));
  return ok ? value : fail(`${name} must be ${length} finite numbers${positive ? " > 0" : ""}`);
}

// The header fields of either form, checked as far as predicting relies on them.
function checkHeader(json: unknown, params: (count: number) => ArrayLike<number>): Parsed {
  const m = (json ?? {}) as Record<string, unknown>;
  if (m.format !== "wasmlp-mlp") fail('not a wasmlp model (no "format": "wasmlp-mlp")');
  if (m.version !== 1) fail(`wasmlp model version ${show(m.version)}; this reader knows version 1`);
  const sizes = m.sizes as number[];
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.length > 64 || !sizes.every((w) => Number.isInteger(w) && w > 0 && w <= 65536)) {
    fail(`sizes must be 2 to 64 layer widths from 1 to 65536, got ${Array.isArray(sizes) && sizes.every((w) => typeof w === "number") ? `[${sizes}]` : show(sizes)}`);
  }
  const activation = ACTIVATIONS.indexOf(m.activation as string);
  if (activation < 0) fail(`activation must be sigmoid, tanh or relu, got ${show(m.activation)}`);
  const classes = m.classes as Label[];
  const outputs = sizes[sizes.length - 1];
  const k = Array.isArray(classes) ? classes.length : 0;
  if (k < 2 || outputs !== (k === 2 ? 1 : k)) fail(`classes has ${k} labels for ${outputs} output units; a model has 1 output for 2 classes, K for K >= 3`);
  const s = m.scaler as Parsed["scaler"];
  const scaler = s === null ? null : { mean: numbers(s?.mean, sizes[0], "scaler.mean"), scale: numbers(s?.scale, sizes[0], "scaler.scale", true) };
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1);
  const values = params(count);
  for (let i = 0; i < count; i++) isFloat32(values[i]) || fail(`params[${i}] is ${show(values[i])}; expected a finite float32`);
  return { sizes, activation, classes, scaler, params: values };
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(`not a wasmlp model: bad JSON (${(error as Error).message})`);
  }
}

// The bytes form (bindings/serialize.ts): "WMLP", header length H (u32 LE), H bytes of
// JSON, zero padding to a multiple of 4, then the float32 parameters little-endian.
function parseBytes(bytes: Uint8Array): Parsed {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint32(0) !== 0x574d4c50) fail("not a wasmlp model (no WMLP header)");
  const length = view.getUint32(4, true);
  if (length > bytes.length - 8) fail("truncated model");
  const start = (length + 11) & ~3;
  const header = parseJSON(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return checkHeader(header, (count) => {
    if (bytes.length !== start + 4 * count) fail(`truncated or padded model: ${bytes.length} bytes, expected ${start + 4 * count}`);
    return Array.from({ length: count }, (_, i) => view.getFloat32(start + 4 * i, true));
  });
}

function parse(source: unknown): Parsed {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (source instanceof Uint8Array) return parseBytes(source);
  const json = typeof source === "string" ? parseJSON(source) : source;
  return checkHeader(json, (count) => {
    const params = (json as { params?: unknown[] }).params;
    if (!Array.isArray(params) || params.length !== count) fail(`params must be an array of ${count} numbers for these sizes`);
    return params as number[];
  });
}

/** A loaded model: predictions only, on a WebAssembly instance of its own. */
export class Model {
  readonly #x: InferExports;
  readonly #model: Parsed;

  /** @internal Use {@link loadModel}. */
  constructor(exports: InferExports, model: Parsed) {
    this.#x = exports;
    this.#model = model;
  }

  /** The class labels, in `predictProba`'s column order. */
  get classes(): Label[] {
    return [...this.#model.classes];
  }

  /** Features per sample. */
  get features(): number {
    return this.#model.sizes[0];
  }

  /** Layer widths, input first. */
  get sizes(): number[] {
    return [...this.#model.sizes];
  }

  /** The hidden layers' activation. */
  get activation(): string {
    return ACTIVATIONS[this.#model.activation];
  }

  // P(class 1) per row for two classes, else row-major [rows x classes].
  #outputs(X: Matrix): { out: Float32Array; rows: number } {
    const { sizes, scaler } = this.#model;
    const features = sizes[0];
    const k = sizes[sizes.length - 1];
    const flat = X instanceof Float32Array || X instanceof Float64Array;
    if (!isList(X)) fail("X must be an array of rows or a flat Float32Array/Float64Array");
    const rows = flat ? X.length / features : X.length;
    if (!(rows >= 1) || rows % 1) fail(flat ? `flat X has ${X.length} values, not whole rows of ${features}` : "X is empty: expected at least one row");
    const x = this.#x;
    const out = new Float32Array(rows * k);
    for (let start = 0; start < rows; start += BLOCK_COLS) {
      const cols = Math.min(BLOCK_COLS, rows - start);
      const input = new Float32Array(x.memory.buffer, x.blockInputPtr(), features * cols);
      for (let s = 0; s < cols; s++) {
        const r = start + s;
        const row = flat ? X.subarray(r * features, (r + 1) * features) : (X as ArrayLike<ArrayLike<number>>)[r];
        if (!isList(row) || row.length !== features) fail(`X[${r}] must be an array of ${features} numbers`);
        for (let c = 0; c < features; c++) {
          let v = row[c];
          if (!isFloat32(v)) fail(`X[${r}][${c}] is ${show(v)}; every feature must be a finite number (float32 range)`);
          // As MLPClassifier standardizes: float64, clamped to float32's range, then rounded.
          if (scaler) v = Math.max(-F32_MAX, Math.min(F32_MAX, (v - scaler.mean[c]) / scaler.scale[c]));
          input[c * cols + s] = v;
        }
      }
      const result = new Float32Array(x.memory.buffer, x.forward(cols), k * cols);
      for (let j = 0; j < k; j++) for (let s = 0; s < cols; s++) out[(start + s) * k + j] = result[j * cols + s];
    }
    return { out, rows };
  }

  /** Class probabilities: one row per sample, one column per class (`classes` order),
   *  exactly the numbers MLPClassifier.predictProba gives for the same model. */
  predictProba(X: Matrix): number[][] {
    const { out, rows } = this.#outputs(X);
    const k = out.length / rows;
    return Array.from({ length: rows }, (_, r) => (k === 1 ? [1 - out[r], out[r]] : Array.from(out.subarray(r * k, r * k + k))));
  }

  /** The most probable class of each row (P > 0.5 for two classes; the first on a tie). */
  predict(X: Matrix): Label[] {
    const { classes } = this.#model;
    return this.predictProba(X).map((p) => classes[classes.length === 2 ? +(p[1] > 0.5) : p.indexOf(Math.max(...p))]);
  }
}

/**
 * Loads a model for prediction.
 * @param source the JSON form (object or text) of `MLPClassifier.toJSON`, or the bytes of `toBytes`
 * @throws Error saying what is wrong, for anything but a valid wasmlp model
 */
export async function loadModel(source: ModelSource): Promise<Model> {
  const model = parse(source);
  compiled ??= WebAssembly.compile(Uint8Array.from(wasmHex.match(/../g) as string[], (h) => parseInt(h, 16)));
  const x = (await WebAssembly.instantiate(await compiled)).exports as unknown as InferExports;
  const { sizes, activation, params } = model;
  new Int32Array(x.memory.buffer, x.layerSizesPtr(), sizes.length).set(sizes);
  const at = x.declareModel(sizes.length - 1, activation);
  if (!at) fail(`not enough WebAssembly memory for a model of widths [${sizes}]`);
  new Float32Array(x.memory.buffer, at, params.length).set(params);
  return new Model(x, model);
}
