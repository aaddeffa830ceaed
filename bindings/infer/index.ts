// Bundle entry (build/infer.js, the package's "wasmlp/infer"): predictions from a model that
// MLPClassifier or MLPRegressor wrote (toJSON or toBytes), on a forward-only WebAssembly
// core (assembly/infer.ts) whose bytes are embedded here. Kept small on purpose
// (tests/infer-size.test.js holds it to 4 KB gzipped with its app): raw
// WebAssembly.instantiate instead of the loader, and the .wasm embedded as text
// (scripts/build.js says how). Models are read by the library's own reader
// (io/model-file.ts), so both accept the same files; probabilities, a regressor's
// predictions and the error for outputs that overflow are bit-identical to the library's.

/**
 * Predictions only, from a saved model, on a small forward-only WebAssembly core (about 4 KB
 * gzipped): `loadModel` and `Model`.
 * @module wasmlp/infer
 */
import core from "../../build/infer.wasm.txt";
import { readModel, overflowMessage, noProbabilities, fail, must, isFloat32, ACTIVATIONS, F32_MAX, type Kind, type ModelFile } from "../io/model-file.js";
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
  /** declareModel(layers, activation, output): where the parameters go, or 0; output 0
   *  turns the last layer into probabilities, 1 (a regressor's) leaves it as it is. */
  d(layers: number, activation: number, output: number): number;
  /** blockInputPtr: where a block's inputs go. */
  i(): number;
  /** forward(cols): where the block's outputs are. */
  f(cols: number): number;
}

const isList = (value: unknown): value is ArrayLike<unknown> =>
  value != null && typeof value === "object" && typeof (value as ArrayLike<unknown>).length === "number";

/** A loaded model: predictions only, on a WebAssembly instance of its own. */
export class Model {
  readonly #x: InferExports;
  readonly #model: ModelFile;

  /** @internal Use {@link loadModel}. */
  constructor(exports: InferExports, model: ModelFile) {
    this.#x = exports;
    this.#model = model;
  }

  /** The class labels, in `predictProba`'s column order (none for a regressor). */
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

  /** "classifier" or "regressor": which of MLPClassifier and MLPRegressor wrote the model. */
  get kind(): Kind {
    return this.#model.kind;
  }

  /** The core's outputs, one row per sample: a classifier's probabilities (one column
   *  for two classes), a regressor's standardized predictions. */
  #outputs(X: Matrix): number[][] {
    const { sizes, scaler } = this.#model;
    const features = sizes[0];
    const k = sizes.at(-1) as number;
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
          // As the library standardizes: float64, clamped to float32's range, then rounded.
          if (scaler) v = Math.max(-F32_MAX, Math.min(F32_MAX, (v - scaler.mean[c]) / scaler.scale[c]));
          input[c * cols + s] = v;
        }
      }
      const p = new Float32Array(x.memory.buffer, x.f(cols), k * cols);
      for (let s = 0; s < cols; s++) out.push(Array.from({ length: k }, (_, j) => p[j * cols + s]));
    }
    // Every input is checked first, then the first row whose outputs are not finite (NaN,
    // or a regressor's ±Infinity) is named, as the library does.
    const bad = out.findIndex((p) => !p.every(isFinite));
    return bad < 0 ? out : fail(overflowMessage(bad));
  }

  /** Class probabilities: one row per sample, one column per class (`classes` order),
   *  exactly the numbers MLPClassifier.predictProba gives for the same model: float32
   *  values, 1 - p rounded to float32 for two classes. A regressor's model throws. */
  predictProba(X: Matrix): number[][] {
    if (!this.#model.classes.length) fail(noProbabilities);
    return this.#outputs(X).map((p) => (p.length > 1 ? p : [Math.fround(1 - p[0]), p[0]]));
  }

  /** A classifier's most probable class of each row (P > 0.5 for two classes; the first on
   *  a tie); a regressor's predictions in the units of its targets, exactly the numbers
   *  MLPRegressor.predict gives: one number per row for one target, else a row of them. */
  predict(X: Matrix): Label[] | number[] | number[][] {
    const { classes, targetScaler: t } = this.#model;
    return this.#outputs(X).map((p) => {
      if (classes.length) return classes[p.length > 1 ? p.indexOf(Math.max(...p)) : +(p[0] > 0.5)];
      // As MLPRegressor: the float32 output times the scale plus the mean, in float64.
      if (t) p = p.map((v, j) => v * t.scale[j] + t.mean[j]);
      return p.length > 1 ? p : p[0];
    }) as Label[] | number[] | number[][];
  }
}

/**
 * Loads a model for prediction.
 * @param source the JSON form (object or text) of `toJSON`, or the bytes of `toBytes`, of an
 *   MLPClassifier or an MLPRegressor
 * @throws Error saying what is wrong, for anything but a valid wasmlp model
 */
export async function loadModel(source: ModelSource): Promise<Model> {
  const model = readModel(source);
  // The core's text: its 16 characters for the nibbles 0 to 15, then two a byte.
  const bytes = Uint8Array.from(core.slice(16).match(/../g) as string[], (pair) => core.indexOf(pair[0]) * 16 + core.indexOf(pair[1]));
  const x = (await WebAssembly.instantiate(bytes)).instance.exports as unknown as InferExports;
  const { sizes, activation, params } = model;
  new Int32Array(x.memory.buffer, x.s(), sizes.length).set(sizes);
  // A regressor is the model without classes (shorter, for the budget, than its kind).
  const at = x.d(sizes.length - 1, ACTIVATIONS.indexOf(activation), +!model.classes.length);
  if (!at) fail(`not enough WebAssembly memory for a model of widths [${sizes}]`);
  new Float32Array(x.memory.buffer, at, params.length).set(params);
  return new Model(x, model);
}
