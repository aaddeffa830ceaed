// The one builder every importer ends in: a stack of dense layers, as another framework
// stores it, turned into the wasmlp model JSON that toJSON writes (MLPClassifier.fromJSON,
// MLPRegressor.fromJSON and wasmlp/infer read it). Each importer (scikit-learn, TF.js,
// ONNX) only finds the layers in its own format; every check of shapes, numbers, limits and
// heads, and every rewrite of a head into wasmlp's, is here, so all importers refuse and
// convert alike. Errors name the layer and what was expected.
import { ACTIVATIONS, isFloat32, type Activation } from "../model-file.js";
import { stateToJSON, type ModelJSON } from "../model-format.js";
import { checkLabels, compareLabels, showLabel, type Label } from "../../model/classes.js";
import { paramCount } from "../../model/weights.js";
import { MAX_LAYERS, MAX_WIDTH } from "../../limits.js";
import { fail, isList } from "./fields.js";

/** How a flat weight array is laid out, row-major: "inputs-units" is [inputs][units] (how
 *  scikit-learn, Keras and TF.js store a kernel), "units-inputs" is [units][inputs] (how
 *  PyTorch's Linear and ONNX's Gemm with transB = 1 store it). */
export type Orientation = "inputs-units" | "units-inputs";

/** What the last layer's outputs are: "sigmoid" (one unit: P(the second class)),
 *  "softmax" (one probability per class), "logits" (a classifier's scores before sigmoid
 *  or softmax) or "identity" (a regressor's predictions, one per target). */
export type OutputKind = "sigmoid" | "softmax" | "logits" | "identity";

export const OUTPUT_KINDS: OutputKind[] = ["sigmoid", "softmax", "logits", "identity"];

/** One dense layer: outputs = activation(inputs · W + bias). */
export interface DenseLayer {
  /** The weights: rows of numbers ([inputs][units] unless `orientation` says otherwise),
   *  or a flat array in `orientation` with `shape`. */
  weights: ArrayLike<ArrayLike<number>> | ArrayLike<number>;
  /** The layout of `weights`; default "inputs-units" for rows, required for a flat array. */
  orientation?: Orientation;
  /** A flat array's [rows, columns], in its orientation. */
  shape?: [number, number];
  /** One number per unit; null or absent: no bias (zeros). */
  bias?: ArrayLike<number> | null;
  /** The activation after a hidden layer (wasmlp's names); not given for the last layer,
   *  whose outputs the model's `output` describes. */
  activation?: Activation;
  /** The layer's name in its framework, for error messages. */
  name?: string;
}

/** A stack of dense layers and what their outputs mean. */
export interface DenseModel {
  /** Input side first; at least one (the output layer). */
  layers: DenseLayer[];
  output: OutputKind;
  /** A classifier's labels in the output columns' order (for one sigmoid unit or one
   *  logit: [the class at 0, the class at 1]). Default 0, 1, ... K-1. */
  classes?: ArrayLike<Label> | null;
  /** A regressor's number of targets, checked against the last layer when given. */
  targets?: number;
  /** Per-feature standardization in front of the first layer, x' = (x - mean) / scale:
   *  null entries stand for zeros and ones. A negative scale is folded into the first
   *  layer's weights (wasmlp stores scales > 0); a zero scale is an Error. */
  input?: { mean?: ArrayLike<number> | null; scale?: ArrayLike<number> | null } | null;
  /** The input columns' names, in input order. */
  featureNames?: ArrayLike<string> | null;
  /** Says where the model came from in error messages ("TF.js model"); default "model". */
  source?: string;
}

const layerName = (layers: DenseLayer[], l: number): string => {
  const name = layers[l]?.name;
  return `layer ${l}${typeof name === "string" && name !== "" ? ` (${JSON.stringify(name.slice(0, 80))})` : ""}`;
};

/** `value` as a float32 number, or an Error naming `where`. */
function float32(value: unknown, where: string): number {
  if (!isFloat32(value)) fail(`${where} is ${typeof value === "number" ? value : showLabel(value)}; weights must be finite numbers within float32's range (±3.4e38)`);
  return value as number;
}

/** A layer's weights as w[unit][input] (float64, checked), with its input and unit counts. */
function readWeights(layer: DenseLayer, where: string): { inputs: number; units: number; w: Float64Array } {
  if (layer === null || typeof layer !== "object") fail(`${where} must be an object { weights, bias, activation }`);
  const { weights, orientation, shape } = layer;
  if (orientation !== undefined && orientation !== "inputs-units" && orientation !== "units-inputs") {
    fail(`${where}: orientation must be "inputs-units" or "units-inputs", got ${showLabel(orientation)}`);
  }
  if (!isList(weights) || weights.length === 0) fail(`${where}: weights must be a non-empty array (rows, or a flat array with shape and orientation)`);
  const nested = isList(weights[0]);
  let rows: number;
  let cols: number;
  if (nested) {
    if (shape !== undefined) fail(`${where}: shape is only for a flat weight array; these weights are rows`);
    rows = weights.length;
    cols = (weights[0] as ArrayLike<number>).length;
  } else {
    if (orientation === undefined) fail(`${where}: a flat weight array needs its orientation ("inputs-units" or "units-inputs")`);
    if (!isList(shape) || shape.length !== 2 || !shape.every((n) => Number.isSafeInteger(n) && n > 0)) fail(`${where}: a flat weight array needs shape [rows, columns] of two positive integers`);
    [rows, cols] = shape as [number, number];
    if (rows * cols !== weights.length) fail(`${where}: shape [${rows}, ${cols}] needs ${rows * cols} weights, got ${weights.length}`);
  }
  const [inputs, units] = orientation === "units-inputs" ? [cols, rows] : [rows, cols];
  for (const [count, what] of [[inputs, "inputs"], [units, "units"]] as const) {
    if (!(count >= 1 && count <= MAX_WIDTH)) fail(`${where} has ${count} ${what}; wasmlp takes 1 to ${MAX_WIDTH}`);
  }
  const w = new Float64Array(units * inputs);
  for (let r = 0; r < rows; r++) {
    const row = nested ? weights[r] : undefined;
    if (nested && (!isList(row) || row.length !== cols)) fail(`${where}: weights[${r}] must be a row of ${cols} numbers, as weights[0] is`);
    for (let c = 0; c < cols; c++) {
      const v = float32(nested ? (row as ArrayLike<unknown>)[c] : (weights as ArrayLike<unknown>)[r * cols + c], `${where}: weights[${nested ? `${r}][${c}` : r * cols + c}]`);
      const [input, unit] = orientation === "units-inputs" ? [c, r] : [r, c];
      w[unit * inputs + input] = v;
    }
  }
  return { inputs, units, w };
}

function readBias(layer: DenseLayer, units: number, where: string): Float64Array {
  const bias = new Float64Array(units);
  if (layer.bias === undefined || layer.bias === null) return bias;
  if (!isList(layer.bias) || layer.bias.length !== units) fail(`${where}: bias must be ${units} numbers (one per unit), got ${isList(layer.bias) ? layer.bias.length : showLabel(layer.bias)}`);
  for (let j = 0; j < units; j++) bias[j] = float32(layer.bias[j], `${where}: bias[${j}]`);
  return bias;
}

/** The classes in column order, checked, and the sorted order wasmlp keeps them in. */
function readClasses(given: DenseModel["classes"], count: number, source: string): { labels: Label[]; sorted: Label[] } {
  if (given === undefined || given === null) {
    const labels = Array.from({ length: count }, (_, k) => k);
    return { labels, sorted: labels };
  }
  if (!isList(given)) fail(`classes must be an array of labels (all numbers or all strings), got ${showLabel(given)}`);
  if (given.length !== count) fail(`the ${source} has ${count} classes (its output layer), but classes has ${given.length} labels`);
  checkLabels(given, "classes");
  // -0 and 0 are one class, stored as 0, as fit stores it.
  const labels = Array.from(given, (c) => (c === 0 ? 0 : c));
  const sorted = [...labels].sort(compareLabels);
  sorted.forEach((c, k) => k > 0 && compareLabels(sorted[k - 1], c) === 0 && fail(`classes has ${showLabel(c)} twice; each class must appear once`));
  return { labels, sorted };
}

/** The per-feature standardization, with negative scales turned positive: the features
 *  whose sign the first layer's weights must take instead are `flip`. Null: none. */
function readInput(input: DenseModel["input"], features: number): { mean: number[]; scale: number[]; flip: boolean[] } | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== "object") fail("input must be { mean, scale } or null");
  const vector = (key: "mean" | "scale", fill: number, ok: (x: number) => boolean, what: string): number[] => {
    const v = input[key];
    if (v === undefined || v === null) return new Array(features).fill(fill);
    if (!isList(v) || v.length !== features) fail(`input.${key} must be ${features} numbers (one per feature), got ${isList(v) ? v.length : showLabel(v)}`);
    return Array.from(v as ArrayLike<unknown>, (x, i) => (typeof x === "number" && ok(x) ? x : fail(`input.${key}[${i}] is ${showLabel(x)}; it must be ${what}`)));
  };
  const mean = vector("mean", 0, Number.isFinite, "a finite number");
  const signed = vector("scale", 1, (x) => Number.isFinite(x) && x !== 0, "a finite number other than 0");
  if (mean.every((m) => m === 0) && signed.every((s) => s === 1)) return null;
  return { mean, scale: signed.map(Math.abs), flip: signed.map((s) => s < 0) };
}

/**
 * The wasmlp model (the JSON form toJSON writes) of a stack of dense layers.
 *
 * wasmlp has one hidden activation for every hidden layer, and its heads are one sigmoid
 * unit (two classes), a softmax (three or more) or identity outputs (a regressor). Other
 * heads are rewritten exactly: a softmax or logits over two classes, p1 = e^z1 / (e^z0 +
 * e^z1) = 1 / (1 + e^-(z1 - z0)) = sigmoid(z1 - z0), becomes one sigmoid unit whose weights
 * and bias are the second column's minus the first's (computed in float64, then rounded
 * once to float32); output columns are reordered so that the classes are sorted, as wasmlp
 * keeps them (a single sigmoid unit is negated when its two classes swap: 1 - sigmoid(z) =
 * sigmoid(-z)). A network without hidden layers gets one, of identity weights, after its
 * layer (wasmlp has at least one hidden layer; the products and sums it adds are exact).
 * @throws Error naming the layer and what was expected, for anything wasmlp cannot run
 *   exactly: shapes that do not chain, numbers that are not finite float32, mixed hidden
 *   activations, several sigmoid outputs (multi-label), widths beyond wasmlp's limits
 */
export function fromDenseLayers(model: DenseModel): ModelJSON {
  if (model === null || typeof model !== "object") fail("the model must be an object { layers, output, ... }");
  const source = typeof model.source === "string" ? model.source : "model";
  const { output } = model;
  if (!Array.isArray(model.layers) || model.layers.length === 0) fail(`the ${source} has no dense layers`);
  // A copy in which holes of a sparse array are undefined entries, which the checks see.
  const layers = Array.from(model.layers);
  if (layers.length > MAX_LAYERS - 1) fail(`the ${source} has ${layers.length} dense layers; wasmlp takes at most ${MAX_LAYERS - 1}`);
  if (!OUTPUT_KINDS.includes(output)) fail(`output must be one of ${JSON.stringify(OUTPUT_KINDS)}, got ${showLabel(output)}`);

  const read = layers.map((layer, l) => readWeights(layer, layerName(layers, l)));
  const sizes = [read[0].inputs, ...read.map((r) => r.units)];
  read.forEach((r, l) => l > 0 && r.inputs !== read[l - 1].units && fail(`${layerName(layers, l)} takes ${r.inputs} inputs, but ${layerName(layers, l - 1)} gives ${read[l - 1].units} outputs`));
  const biases = read.map((r, l) => readBias(layers[l], r.units, layerName(layers, l)));
  const activation = hiddenActivation(layers);

  const units = sizes.at(-1) as number;
  const regressor = output === "identity";
  if (regressor) {
    if (model.classes !== undefined && model.classes !== null) fail(`the ${source} has identity outputs (a regressor), so it takes no classes; a classifier's last layer is sigmoid, softmax or logits`);
    if (model.targets !== undefined && model.targets !== units) fail(`the ${source} predicts ${units} targets (its output layer's units), but targets is ${showLabel(model.targets)}`);
  } else {
    if (model.targets !== undefined) fail(`targets is for a regressor; the ${source} is a classifier (its output is ${output})`);
    if (output === "sigmoid" && units > 1) fail(`the ${source}'s output layer has ${units} sigmoid units: a multi-label classifier, which wasmlp does not support (one sigmoid unit for two classes, or softmax for more)`);
    if (output === "softmax" && units === 1) fail(`the ${source}'s output layer is a softmax over 1 unit, which is always 1; a binary classifier has one sigmoid unit or a softmax over two`);
  }
  const head = regressor ? null : readClasses(model.classes, Math.max(units, 2), source);

  const last = read.length - 1;
  if (head) [read[last], biases[last]] = classifierHead(read[last], biases[last], head.labels, head.sorted);
  sizes[sizes.length - 1] = read[last].units;
  if (read.length === 1) {
    // wasmlp has at least one hidden layer: a network without one gets an identity layer
    // after its only layer, whose products with 1 and 0 and sums with 0 are exact in float32.
    const k = read[0].units;
    read.push({ inputs: k, units: k, w: Float64Array.from({ length: k * k }, (_, i) => +(i % (k + 1) === 0)) });
    biases.push(new Float64Array(k));
    sizes.push(k);
  }

  const input = readInput(model.input, sizes[0]);
  if (input) input.flip.forEach((flip, k) => flip && negateInput(read[0], k));

  const params = new Float32Array(paramCount(sizes));
  let at = 0;
  read.forEach(({ w, units: count }, l) => {
    at = store(params, at, w, layerName(layers, Math.min(l, last)), "weights");
    at = store(params, at, biases[l].subarray(0, count), layerName(layers, Math.min(l, last)), "bias");
  });
  const featureNames = model.featureNames === undefined || model.featureNames === null ? null : Array.from(model.featureNames);
  const scaler = input && { mean: input.mean, scale: input.scale };
  return stateToJSON({
    ...(regressor ? { kind: "regressor" as const, targetScaler: null } : {}),
    sizes, activation, classes: head ? head.sorted : [], scaler, featureNames, labelName: null, params,
    // What the file's numbers were made with, so that further training keeps to it.
    options: regressor ? { standardize: scaler !== null, standardizeTargets: false } : { standardize: scaler !== null },
  });
}

/** The one activation of the hidden layers ("identity" when there are none: see the
 *  identity layer fromDenseLayers adds). */
function hiddenActivation(layers: DenseLayer[]): Activation {
  const last = layers.length - 1;
  if (layers[last].activation !== undefined) fail(`${layerName(layers, last)} is the output layer: its activation is the model's output (sigmoid, softmax, logits or identity), not a hidden activation`);
  let activation: Activation = "identity";
  for (let l = 0; l < last; l++) {
    const a = layers[l].activation;
    if (!ACTIVATIONS.includes(a as Activation)) fail(`${layerName(layers, l)} has the activation ${showLabel(a)}; wasmlp's hidden layers take ${ACTIVATIONS.join(", ")}`);
    if (l > 0 && a !== activation) fail(`${layerName(layers, l)} uses ${a} but ${layerName(layers, 0)} uses ${activation}; wasmlp uses one activation for all hidden layers`);
    activation = a as Activation;
  }
  return activation;
}

type Read = { inputs: number; units: number; w: Float64Array };

/** The output layer as wasmlp's head: columns in sorted class order, and two classes as
 *  one sigmoid unit (see fromDenseLayers). */
function classifierHead(layer: Read, bias: Float64Array, labels: Label[], sorted: Label[]): [Read, Float64Array] {
  const { inputs, units, w } = layer;
  const column = sorted.map((c) => labels.indexOf(c));
  if (units === 1) {
    // One unit gives P(labels[1]); wasmlp's unit gives P(sorted[1]).
    const sign = column[1] === 1 ? 1 : -1;
    return [{ inputs, units, w: w.map((v) => sign * v) }, bias.map((b) => sign * b)];
  }
  if (units === 2) {
    const [negative, positive] = column;
    const diff = new Float64Array(inputs);
    for (let k = 0; k < inputs; k++) diff[k] = w[positive * inputs + k] - w[negative * inputs + k];
    return [{ inputs, units: 1, w: diff }, Float64Array.of(bias[positive] - bias[negative])];
  }
  const out = new Float64Array(units * inputs);
  column.forEach((j, k) => out.set(w.subarray(j * inputs, (j + 1) * inputs), k * inputs));
  return [{ inputs, units, w: out }, Float64Array.from(column, (j) => bias[j])];
}

/** Negates feature `k`'s weights in the first layer: (x - m) / -s · w = (x - m) / s · -w. */
function negateInput(layer: Read, k: number): void {
  for (let j = 0; j < layer.units; j++) layer.w[j * layer.inputs + k] = -layer.w[j * layer.inputs + k];
}

/** Rounds `values` to float32 into `params` at `at`; a value beyond float32 (a difference
 *  of two columns can be) is an Error naming the layer. Returns the next offset. */
function store(params: Float32Array, at: number, values: Float64Array, where: string, what: string): number {
  values.forEach((v, i) => {
    if (!isFloat32(v)) fail(`${where}: ${what}[${i}] comes to ${v} for wasmlp's head, beyond float32's range (±3.4e38)`);
    params[at + i] = v;
  });
  return at + values.length;
}
