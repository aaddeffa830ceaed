// fromONNX: a dense MLP in an ONNX file (as PyTorch's torch.onnx.export, tf2onnx or
// toONNX write it) as a wasmlp model file. graph.ts reads the file, chain.ts walks the
// graph, layers.ts makes it a network; this file decides the model's kind, classes and
// output layer, and model-json.ts writes the checked model.
import { readGraph } from "./graph.js";
import { readChain } from "./chain.js";
import { toNetwork, type DenseLayer, type Network } from "./layers.js";
import { modelFromLayers, type ImportedModel } from "./model-json.js";
import { checkDeclaredClasses, type Label } from "../../model/classes.js";
import type { ModelJSON } from "../model-format.js";

/** Options of {@link fromONNX}. */
export interface FromONNXOptions {
  /** What the model does; by default a classifier if the graph ends in Softmax or
   *  Sigmoid (or `classes` is given), as toONNX recorded it for its own files, else an
   *  Error asking for this option. */
  task?: "classification" | "regression";
  /** A classifier's labels in the order of the graph's output columns (for a single
   *  sigmoid unit: the label of output 0, then of output 1). By default the labels in the
   *  file's "classes" metadata, else 0, 1, 2, … */
  classes?: readonly Label[];
}

const fail = (message: string): never => {
  throw new Error(message);
};

const OPTION_NAMES = ["task", "classes"];

/** The model's header as toONNX records it in the "wasmlp" metadata, or null. */
function recorded(metadata: Map<string, string>): Record<string, any> | null {
  const text = metadata.get("wasmlp");
  if (text === undefined) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** A JSON array in the metadata entry `key`, or undefined (absent, or not a JSON array). */
function jsonArray(metadata: Map<string, string>, key: string): unknown[] | undefined {
  const text = metadata.get(key);
  try {
    const value = text === undefined ? undefined : JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The task: given, or read from the head, the classes option, or toONNX's record. */
function taskOf(options: FromONNXOptions, network: Network, record: Record<string, any> | null): "classification" | "regression" {
  if (options.task !== undefined) return options.task;
  if (options.classes !== undefined || network.head) return "classification";
  if (record?.kind === "regressor") return "regression";
  if (record) return "classification";
  return fail("the graph ends without Softmax or Sigmoid: pass { task: \"classification\" } if its outputs are logits, or { task: \"regression\" }");
}

/** A classifier's single output unit for two classes: P(class 1) = σ(z1 − z0) from two
 *  softmax logits, a new last layer of their difference (in float64, rounded once). */
function difference(layer: DenseLayer): DenseLayer {
  const { inputs } = layer;
  const weights = new Float32Array(inputs);
  for (let k = 0; k < inputs; k++) weights[k] = layer.weights[inputs + k] - layer.weights[k];
  return { inputs, units: 1, weights, biases: Float32Array.of(layer.biases[1] - layer.biases[0]) };
}

/** The layer with its output units in the order `order` gives (unit j takes unit order[j]). */
function reorder(layer: DenseLayer, order: number[]): DenseLayer {
  const { inputs, units } = layer;
  const weights = new Float32Array(units * inputs);
  const biases = new Float32Array(units);
  order.forEach((from, j) => {
    weights.set(layer.weights.subarray(from * inputs, (from + 1) * inputs), j * inputs);
    biases[j] = layer.biases[from];
  });
  return { inputs, units, weights, biases };
}

/** The classifier's labels (sorted, as wasmlp stores them) and its last layer, its units
 *  in that order: for two classes one sigmoid unit, negated when the labels swap. */
function classifierOutputs(network: Network, given: readonly Label[] | undefined, record: Record<string, any> | null, metadata: Map<string, string>): { classes: Label[]; last: DenseLayer } {
  let last = network.layers[network.layers.length - 1];
  const units = last.units;
  const head = network.head;
  if (head === "sigmoid" && units !== 1) fail(`${network.headWhere}: a Sigmoid over ${units} outputs scores labels independently (multi-label); a wasmlp classifier has one label per row, so its two-class output is one sigmoid unit`);
  if (head === "softmax" && units === 1) fail(`${network.headWhere}: a Softmax over one output is always 1; not a classifier`);
  // One unit: a sigmoid (or its logit); two: softmax (or its logits), which become one unit.
  if (units === 2) last = difference(last);
  const count = Math.max(units, 2);
  const stored = given ?? (Array.isArray(record?.classes) ? record!.classes : jsonArray(metadata, "classes"));
  const labels = (stored ?? Array.from({ length: count }, (_, i) => i)) as Label[];
  const where = given ? "the classes option" : "the file's classes metadata";
  if (labels.length !== count) fail(`${where} has ${labels.length} labels but the model has ${count} classes`);
  let sorted: Label[];
  try {
    sorted = checkDeclaredClasses(labels);
  } catch (error) {
    return fail(`${where}: ${(error as Error).message}`);
  }
  const order = sorted.map((label) => labels.findIndex((l) => l === label));
  if (count > 2) last = reorder(last, order);
  else if (order[0] === 1) {
    // σ(−z) = 1 − σ(z): negating the unit swaps the two classes' probabilities exactly.
    last = { ...last, weights: last.weights.map((w) => -w), biases: last.biases.map((b) => -b) };
  }
  return { classes: sorted, last };
}

function checkOptions(options: unknown): FromONNXOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object") return fail("fromONNX's options must be an object { task, classes }");
  for (const key of Object.keys(options)) if (!OPTION_NAMES.includes(key)) fail(`fromONNX has no option ${JSON.stringify(key)}; its options are ${OPTION_NAMES.join(", ")}`);
  const { task, classes } = options as FromONNXOptions;
  if (task !== undefined && task !== "classification" && task !== "regression") fail(`task must be "classification" or "regression", got ${JSON.stringify(task)}`);
  if (classes !== undefined && !Array.isArray(classes)) fail("classes must be an array of labels, all numbers or all strings");
  if (classes !== undefined && task === "regression") fail("classes is for task \"classification\"; a regressor has no classes");
  return options as FromONNXOptions;
}

/**
 * A wasmlp model (what toJSON returns) from the bytes of an ONNX file holding a dense MLP:
 * Gemm or MatMul (+ Add) layers with Relu, Sigmoid, Tanh or no activation between them, a
 * final Softmax or Sigmoid (or logits) for a classifier or no output activation for a
 * regressor, and optionally elementwise Sub/Div/Mul/Add by constants before the first
 * layer, which become the model's input standardization. MLPClassifier.fromJSON,
 * MLPRegressor.fromJSON and wasmlp/infer's loadModel read the result.
 * @throws Error naming the op and node, or the field, for anything else
 */
export function fromONNX(bytes: Uint8Array, options?: FromONNXOptions): ModelJSON {
  const given = checkOptions(options);
  const graph = readGraph(bytes);
  const chain = readChain(graph);
  const record = recorded(graph.metadata);
  const task = taskOf(given, toNetwork(chain, false), record);
  const network = toNetwork(chain, task === "regression");
  let model: ImportedModel;
  if (task === "regression") {
    if (network.head) fail(`${network.headWhere}: the graph ends in ${network.head === "softmax" ? "Softmax" : "Sigmoid"}, a classifier's output; a wasmlp regressor's outputs have no activation (pass task "classification")`);
    model = { kind: "regressor", layers: network.layers, activation: network.activation, scaler: network.scaler, targetScaler: network.outputScale };
  } else {
    const { classes, last } = classifierOutputs(network, given.classes, record, graph.metadata);
    model = { kind: "classifier", layers: [...network.layers.slice(0, -1), last], activation: network.activation, scaler: network.scaler, classes };
  }
  return modelFromLayers(model, record, jsonArray(graph.metadata, "feature_names"), graph.metadata.get("label_name"));
}
