// fromONNX: a dense MLP in an ONNX file (as PyTorch's torch.onnx.export, tf2onnx or
// toONNX write it) as a wasmlp model file. graph.ts reads the file, chain.ts walks the
// graph, layers.ts makes it a network; this file decides the model's kind and classes, and
// model-json.ts writes the checked model (through the importers' shared builder).
import { readGraph } from "./graph.js";
import { readChain } from "./chain.js";
import { toNetwork, type Network } from "./layers.js";
import { modelFromNetwork } from "./model-json.js";
import type { Label } from "../../model/classes.js";
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
  if (task === "regression" && network.head) fail(`${network.headWhere}: the graph ends in ${network.head === "softmax" ? "Softmax" : "Sigmoid"}, a classifier's output; a wasmlp regressor's outputs have no activation (pass task "classification")`);
  if (task === "classification" && network.head === "sigmoid" && network.layers[network.layers.length - 1].units > 1) {
    fail(`${network.headWhere}: a Sigmoid over ${network.layers[network.layers.length - 1].units} outputs scores labels independently (multi-label); a wasmlp classifier has one label per row, so its two-class output is one sigmoid unit`);
  }
  // Labels from the file count only if there is one per class; else the default labels.
  const count = Math.max(2, network.layers[network.layers.length - 1].units);
  const stored = Array.isArray(record?.classes) ? record!.classes : jsonArray(graph.metadata, "classes");
  const classes = given.classes ?? (stored?.length === count ? stored : undefined);
  return modelFromNetwork({ network, regression: task === "regression", classes }, record, jsonArray(graph.metadata, "feature_names"), graph.metadata.get("label_name"));
}
