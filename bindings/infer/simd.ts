// Bundle entry (build/infer-simd.js, the package's "wasmlp/infer/simd"): wasmlp/infer's
// Model on a core made for speed (assembly/infersimd.ts: f32x4 SIMD, the inputs checked,
// standardized and turned into blocks in WebAssembly, the outputs written as rows there
// too), with predictProbaFlat for one Float32Array out. The same bits as the library's
// predictions, the same errors as wasmlp/infer. It is a separate entry because the speed
// costs bytes: its app is 4.5 KB gzipped, past wasmlp/infer's 4 KB budget
// (tests/infer-size.test.js measures both). Its getters repeat wasmlp/infer's (sharing
// them through a base class costs that budget 26 bytes it does not have);
// tests/infer-simd.test.js proves the two Models report the same.

/**
 * wasmlp/infer on a SIMD core, for many rows: `loadModel` and `Model` as in wasmlp/infer,
 * plus `Model.predictProbaFlat`. Needs WebAssembly SIMD (Node 16.4+, current browsers).
 * @module wasmlp/infer/simd
 */
import core from "../../build/infer-simd.wasm.txt";
import type { Matrix, ModelSource, Label } from "./index.js";
import { readModel, overflowMessage, noProbabilities, fail, must, isFloat32, ACTIVATIONS, type Kind, type ModelFile } from "../io/model-file.js";
import { BLOCK_COLS } from "../limits.js";

export type { Matrix, ModelSource, Label };

// The core's exports (assembly/infersimd.ts; one-letter names, as in wasmlp/infer).
interface SimdExports {
  memory: WebAssembly.Memory;
  /** layerSizesPtr: where the layer widths go. */
  s(): number;
  /** declareModel(layers, activation, output, standardized): where the parameters go,
   *  or 0; output 0 turns the last layer into probabilities, 1 (a regressor's) leaves it
   *  as it is. */
  d(layers: number, activation: number, output: number, standardized: number): number;
  /** inputMeanPtr: where the inputs' f64 means go, their f64 scales after them. */
  m(): number;
  /** inputRowsPtr: where a block's rows go, row-major. */
  i(): number;
  /** outputRowsPtr: where predictBlock leaves its rows of outputs. */
  o(): number;
  /** predictBlock(rows, wide): the first bad input's index, or -2 - the first row whose
   *  outputs overflow, or -1; wide 1 for float64 rows. */
  p(rows: number, wide: number): number;
}

const isList = (value: unknown): value is ArrayLike<unknown> =>
  value != null && typeof value === "object" && typeof (value as ArrayLike<unknown>).length === "number";

/** A loaded model: predictions only, on a WebAssembly instance of its own. */
export class Model {
  readonly #x: SimdExports;
  readonly #model: ModelFile;

  /** @internal Use {@link loadModel}. */
  constructor(exports: SimdExports, model: ModelFile) {
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

  /** The outputs of X's rows, row-major, as the core writes them: a classifier's
   *  probabilities (1 - p, p for two classes), a regressor's standardized predictions.
   *  A Float32Array or Float64Array goes to the core as it is, which checks and
   *  standardizes it (from float64 values, as the library does); rows are checked here,
   *  in order, into a Float64Array. */
  #outputs(X: Matrix): Float32Array {
    const features = this.#model.sizes[0];
    if (isList(X) && !(X instanceof Float32Array || X instanceof Float64Array) && X.length) {
      X = Float64Array.from(Array.from(X as ArrayLike<ArrayLike<number>>, (row, r) => isList(row) && row.length === features
        ? Array.from(row, (v, c) => (isFloat32(v) ? v : must(`X[${r}][${c}]`, "a finite float32 number", v)))
        : must(`X[${r}]`, `an array of ${features} numbers`, row)).flat());
    }
    const rows = isList(X) ? X.length / features : 0;
    if (!(rows >= 1) || rows % 1) must("X", `rows of ${features} numbers, or a Float32Array/Float64Array of them`, X);
    const flat = X as Float32Array | Float64Array;
    const wide = flat instanceof Float64Array;
    const x = this.#x;
    const k = this.#columns;
    const input = new (wide ? Float64Array : Float32Array)(x.memory.buffer, x.i(), BLOCK_COLS * features);
    const output = new Float32Array(x.memory.buffer, x.o(), BLOCK_COLS * k);
    const out = new Float32Array(rows * k);
    let overflow = -1;
    for (let start = 0; start < rows; start += BLOCK_COLS) {
      const cols = Math.min(BLOCK_COLS, rows - start);
      input.set(flat.subarray(start * features, (start + cols) * features));
      const bad = x.p(cols, +wide);
      if (bad >= 0) must(`X[${start + Math.floor(bad / features)}][${bad % features}]`, "a finite float32 number", flat[start * features + bad]);
      // Every input is checked first, then the first row whose outputs are not finite
      // (NaN, or a regressor's ±Infinity) is named, as the library does.
      if (bad < -1 && overflow < 0) overflow = start - 2 - bad;
      out.set(output.subarray(0, cols * k), start * k);
    }
    return overflow < 0 ? out : fail(overflowMessage(overflow));
  }

  /** Columns of #outputs: 2 for two classes, else the output layer's width. */
  get #columns(): number {
    return Math.max(this.#model.sizes.at(-1) as number, this.#model.classes.length && 2);
  }

  /** Rows of `k` values from a flat array of them. */
  #rows(p: Float32Array, k = this.#columns): number[][] {
    return Array.from({ length: p.length / k }, (_, r) => Array.from(p.subarray(r * k, r * k + k)));
  }

  /** Class probabilities in one Float32Array, row-major [rows x classes], columns in
   *  `classes` order: exactly the numbers MLPClassifier.predictProbaFlat gives for the
   *  same model (1 - p rounded to float32 for two classes), without an array per row. A
   *  regressor's model throws. */
  predictProbaFlat(X: Matrix): Float32Array {
    if (!this.#model.classes.length) fail(noProbabilities);
    return this.#outputs(X);
  }

  /** Class probabilities: one row per sample, one column per class, the numbers of
   *  {@link predictProbaFlat} (and of MLPClassifier.predictProba). */
  predictProba(X: Matrix): number[][] {
    return this.#rows(this.predictProbaFlat(X));
  }

  /** A classifier's most probable class of each row (P > 0.5 for two classes; the first on
   *  a tie); a regressor's predictions in the units of its targets, exactly the numbers
   *  MLPRegressor.predict gives: one number per row for one target, else a row of them. */
  predict(X: Matrix): Label[] | number[] | number[][] {
    const { classes, targetScaler: t } = this.#model;
    return this.#rows(this.#outputs(X)).map((p) => {
      if (classes.length) return classes[p.length > 2 ? p.indexOf(Math.max(...p)) : +(p[1] > 0.5)];
      // As MLPRegressor: the float32 output times the scale plus the mean, in float64.
      if (t) p = p.map((v, j) => v * t.scale[j] + t.mean[j]);
      return p.length > 1 ? p : p[0];
    }) as Label[] | number[] | number[][];
  }
}

/**
 * Loads a model for prediction on the SIMD core.
 * @param source the JSON form (object or text) of `toJSON`, or the bytes of `toBytes`, of an
 *   MLPClassifier or an MLPRegressor
 * @throws Error saying what is wrong, for anything but a valid wasmlp model
 */
export async function loadModel(source: ModelSource): Promise<Model> {
  const model = readModel(source);
  // The core's text: its 16 characters for the nibbles 0 to 15, then two a byte.
  const bytes = Uint8Array.from(core.slice(16).match(/../g) as string[], (pair) => core.indexOf(pair[0]) * 16 + core.indexOf(pair[1]));
  const x = (await WebAssembly.instantiate(bytes)).instance.exports as unknown as SimdExports;
  const { sizes, activation, params, scaler } = model;
  new Int32Array(x.memory.buffer, x.s(), sizes.length).set(sizes);
  const at = x.d(sizes.length - 1, ACTIVATIONS.indexOf(activation), +!model.classes.length, +!!scaler);
  if (!at) fail(`not enough WebAssembly memory for a model of widths [${sizes}]`);
  new Float32Array(x.memory.buffer, at, params.length).set(params);
  if (scaler) new Float64Array(x.memory.buffer, x.m(), 2 * sizes[0]).set([...scaler.mean, ...scaler.scale]);
  return new Model(x, model);
}
