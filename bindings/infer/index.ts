// Bundle entry (build/infer.js, the package's "wasmlp/infer"): predictions from a model that MLPClassifier.toJSON or toBytes wrote, on a
// forward-only WebAssembly core (assembly/infer.ts) whose bytes are embedded here. Kept
// small on purpose (tests/infer-size.test.js holds it to 4 KB gzipped with its app):
// raw WebAssembly.instantiate instead of the loader, and the .wasm embedded as hex text
// (scripts/build.js), which gzips smaller than base64. Models are read by the same
// reader as MLPClassifier's (io/model-file.ts), so both accept the same files; probabilities
// and the error for outputs that overflow are bit-identical to MLPClassifier.predictProba's.
import wasmHex from "../../build/infer.wasm.hex";
import { readModel, overflowMessage, fail, must, isFloat32, ACTIVATIONS, F32_MAX, type ModelState } from "../io/model-file.js";
import type { ModelJSON } from "../io/model-format.js";
import type { Label } from "../model/classes.js";
import { BLOCK_COLS } from "../limits.js";

export type { Label };
/** Samples: rows of numbers, or a row-major Float32Array/Float64Array of whole rows. */
export type Matrix = ArrayLike<ArrayLike<number>> | Float32Array | Float64Array;
/** What {@link loadModel} reads: the JSON form (object or text) or the bytes form. */
export type ModelSource = ModelJSON | string | Uint8Array | ArrayBuffer;

// The core's exports (assembly/infer.ts; one-letter names, as bytes count here).
interface InferExports {
  memory: WebAssembly.Memory;
  /** layerSizesPtr: where the layer widths go. */
  s(): number;
  /** declareModel(layers, activation, output): where the parameters go, or 0. */
  d(layers: number, activation: number): number;
  /** blockInputPtr: where a block's inputs go. */
  i(): number;
  /** forward(cols): where the block's outputs are. */
  f(cols: number): number;
}


let compiled: Promise<WebAssembly.Module> | undefined;

const isList = (value: unknown): value is ArrayLike<unknown> =>
  value != null && typeof value === "object" && typeof (value as ArrayLike<unknown>).length === "number";

/** A loaded model: predictions only, on a WebAssembly instance of its own. */
export class Model {
  readonly #x: InferExports;
  readonly #model: ModelState;

  /** @internal Use {@link loadModel}. */
  constructor(exports: InferExports, model: ModelState) {
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
    return this.#model.activation;
  }

  /** The input columns' names in input order, if the model records them (fit's
   *  `featureNames`); `predict` still reads each row's values by position. */
  get featureNames(): string[] | undefined {
    return this.#model.featureNames?.slice();
  }

  /** Class probabilities: one row per sample, one column per class (`classes` order),
   *  exactly the numbers MLPClassifier.predictProba gives for the same model: float32
   *  values, 1 - p rounded to float32 for two classes. */
  predictProba(X: Matrix): number[][] {
    const { sizes, scaler } = this.#model;
    const features = sizes[0];
    const k = sizes[sizes.length - 1];
    const flat = X instanceof Float32Array || X instanceof Float64Array;
    const rows = isList(X) ? X.length / (flat ? features : 1) : 0;
    if (!(rows >= 1) || rows % 1) must("X", `rows of ${features} numbers, or a Float32Array/Float64Array of them`, X);
    const x = this.#x;
    const out: number[][] = [];
    for (let start = 0; start < rows; start += BLOCK_COLS) {
      const cols = Math.min(BLOCK_COLS, rows - start);
      const input = new Float32Array(x.memory.buffer, x.i(), features * cols);
      for (let s = 0; s < cols; s++) {
        const r = start + s;
        const row = flat ? X.subarray(r * features, r * features + features) : (X as ArrayLike<ArrayLike<number>>)[r];
        if (!isList(row) || row.length !== features) must(`X[${r}]`, `an array of ${features} numbers`, row);
        for (let c = 0; c < features; c++) {
          let v = row[c];
          if (!isFloat32(v)) must(`X[${r}][${c}]`, "a finite float32 number", v);
          // As MLPClassifier standardizes: float64, clamped to float32's range, then rounded.
          if (scaler) v = Math.max(-F32_MAX, Math.min(F32_MAX, (v - scaler.mean[c]) / scaler.scale[c]));
          input[c * cols + s] = v;
        }
      }
      const p = new Float32Array(x.memory.buffer, x.f(cols), k * cols);
      for (let s = 0; s < cols; s++) out.push(k > 1 ? Array.from({ length: k }, (_, j) => p[j * cols + s]) : [Math.fround(1 - p[s]), p[s]]);
    }
    // Every input is checked first, then the first row that came out NaN is named, as
    // MLPClassifier does.
    const bad = out.findIndex((p) => p.some(Number.isNaN));
    return bad < 0 ? out : fail(overflowMessage(bad));
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
  const model = readModel(source);
  // A regressor's file has no classes; this entry predicts classes only, so far.
  if (!model.classes.length) fail("this is an MLPRegressor's model; wasmlp/infer predicts with MLPClassifier models only (use MLPRegressor.fromJSON)");
  compiled ??= WebAssembly.compile(Uint8Array.from(wasmHex.match(/../g) as string[], (h) => parseInt(h, 16)));
  const x = (await WebAssembly.instantiate(await compiled)).exports as unknown as InferExports;
  const { sizes, activation, params } = model;
  new Int32Array(x.memory.buffer, x.s(), sizes.length).set(sizes);
  const at = x.d(sizes.length - 1, ACTIVATIONS.indexOf(activation));
  if (!at) fail(`not enough WebAssembly memory for a model of widths [${sizes}]`);
  new Float32Array(x.memory.buffer, at, params.length).set(params);
  return new Model(x, model);
}
