// toONNX: a wasmlp model as an ONNX graph that any ONNX runtime evaluates to the model's
// own outputs, within float32 rounding. The graph, for input X [N, features] (float):
//
//   standardization (if the model has one): Cast to double, Sub mean, Div scale, Clip to
//     float32's range, Cast to float. wasmlp standardizes in float64 and clamps the same
//     way before rounding to float32, so this step gives the very bits wasmlp feeds its
//     core, and the double constants hold the scaler exactly.
//   per layer: Gemm(h, W [units x inputs], b, transB = 1), which is the parameter vector's
//     own layout; then the hidden activation (none for identity).
//   classifier: Softmax(axis 1) for 3+ classes; for 2, the single unit's Sigmoid p and
//     Concat(1 - p, p), so `probabilities` [N, classes] always has a column per class in
//     `classes` order; `class_index` [N] (int64) is ArgMax over them, the first on a tie,
//     which is predict's rule (for two classes: p > 0.5).
//   regressor: the target scaler, as for the inputs but Mul scale then Add mean, gives
//     `predictions` [N, targets] in the units of fit's y.
//
// Metadata (metadata_props): "classes" and "feature_names" as JSON arrays, "label_name",
// and "wasmlp", the model's header fields (all but the parameters) as JSON, which
// fromONNX reads back so that a round trip gives toJSON's output unchanged.
import { MessageWriter } from "./protobuf.js";
import { ATTRIBUTE, ATTRIBUTE_TYPE, DATA_TYPE, DIM, ENTRY, EXPORT_IR_VERSION, EXPORT_OPSET, GRAPH, MODEL, NODE, OPSET, SHAPE, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO } from "./schema.js";
import { stateToJSON, type ModelState } from "../model-format.js";
import { F32_MAX } from "../../limits.js";

/** The names of the graph's input and outputs. */
export const ONNX_NAMES = { input: "X", probabilities: "probabilities", classIndex: "class_index", predictions: "predictions" } as const;

type Attribute = { name: string; int?: number; ints?: number[] };

/** The graph under construction: nodes and initializers in order, with fresh value names. */
class GraphBuilder {
  readonly nodes: MessageWriter[] = [];
  readonly initializers: MessageWriter[] = [];
  #count = 0;

  /** Adds a node of `op` on `inputs` and returns its output's name (`output`, or a new one). */
  node(op: string, inputs: string[], attributes: Attribute[] = [], output = `${op.toLowerCase()}_${this.#count}`): string {
    const node = new MessageWriter();
    for (const input of inputs) node.string(NODE.input, input);
    node.string(NODE.output, output).string(NODE.name, `${op}_${this.#count++}`).string(NODE.opType, op);
    for (const a of attributes) {
      const attribute = new MessageWriter().string(ATTRIBUTE.name, a.name);
      if (a.ints) attribute.packedInts(ATTRIBUTE.ints, a.ints).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.INTS);
      else attribute.int(ATTRIBUTE.i, a.int as number).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.INT);
      node.message(NODE.attribute, attribute);
    }
    this.nodes.push(node);
    return output;
  }

  /** Adds a constant tensor of `values` with shape `dims` (float32 or float64) and
   *  returns its name. The values go in raw_data, little-endian as ONNX requires. */
  constant(name: string, dims: number[], values: ArrayLike<number>, type: "float" | "double"): string {
    const size = type === "float" ? 4 : 8;
    const raw = new Uint8Array(values.length * size);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) {
      if (type === "float") view.setFloat32(i * size, values[i], true);
      else view.setFloat64(i * size, values[i], true);
    }
    this.initializers.push(new MessageWriter().packedInts(TENSOR.dims, dims)
      .int(TENSOR.dataType, type === "float" ? DATA_TYPE.FLOAT : DATA_TYPE.DOUBLE).string(TENSOR.name, name).bytes(TENSOR.rawData, raw));
    return name;
  }

  /** Casts to DOUBLE, applies `steps` (op, double constant), clamps to float32's range,
   *  and casts back to FLOAT. */
  inFloat64(input: string, steps: [string, string, number[]][], output?: string): string {
    let value = this.node("Cast", [input], [{ name: "to", int: DATA_TYPE.DOUBLE }]);
    for (const [op, name, values] of steps) value = this.node(op, [value, this.constant(name, [values.length], values, "double")]);
    const low = this.constant(`${steps[0][1]}_low`, [], [-F32_MAX], "double");
    const high = this.constant(`${steps[0][1]}_high`, [], [F32_MAX], "double");
    return this.node("Cast", [this.node("Clip", [value, low, high])], [{ name: "to", int: DATA_TYPE.FLOAT }], output);
  }
}

/** A graph input or output: a tensor of `type` with a symbolic batch dimension "N" and the
 *  given other dimensions. */
function valueInfo(name: string, type: number, dims: number[]): MessageWriter {
  const shape = new MessageWriter().message(SHAPE.dim, new MessageWriter().string(DIM.param, "N"));
  for (const d of dims) shape.message(SHAPE.dim, new MessageWriter().int(DIM.value, d));
  const tensor = new MessageWriter().int(TENSOR_TYPE.elemType, type).message(TENSOR_TYPE.shape, shape);
  return new MessageWriter().string(VALUE_INFO.name, name).message(VALUE_INFO.type, new MessageWriter().message(TYPE.tensorType, tensor));
}

const HIDDEN_OPS: Record<string, string | null> = { relu: "Relu", tanh: "Tanh", sigmoid: "Sigmoid", identity: null };

/**
 * The ONNX model (opset 13) of a wasmlp model's state, as bytes.
 * @throws Error naming the field, if `state` is not a valid model
 */
export function stateToONNX(state: ModelState): Uint8Array {
  const { params, ...header } = stateToJSON(state);
  const { sizes, activation, scaler } = header;
  const regressor = header.kind === "regressor";
  const g = new GraphBuilder();
  let h: string = ONNX_NAMES.input;
  if (scaler) h = g.inFloat64(h, [["Sub", "input_mean", scaler.mean], ["Div", "input_scale", scaler.scale]]);
  const weights = state.params;
  for (let l = 0, at = 0; l + 1 < sizes.length; l++) {
    const [inputs, units] = [sizes[l], sizes[l + 1]];
    const W = g.constant(`W${l}`, [units, inputs], weights.subarray(at, at + units * inputs), "float");
    const b = g.constant(`b${l}`, [units], weights.subarray(at + units * inputs, at + units * (inputs + 1)), "float");
    at += units * (inputs + 1);
    h = g.node("Gemm", [h, W, b], [{ name: "transB", int: 1 }]);
    const op = HIDDEN_OPS[activation];
    if (l + 2 < sizes.length && op) h = g.node(op, [h]);
  }
  const outputs: MessageWriter[] = [];
  if (regressor) {
    const t = header.targetScaler;
    if (t) g.inFloat64(h, [["Mul", "target_scale", t.scale], ["Add", "target_mean", t.mean]], ONNX_NAMES.predictions);
    else g.node("Identity", [h], [], ONNX_NAMES.predictions);
    outputs.push(valueInfo(ONNX_NAMES.predictions, DATA_TYPE.FLOAT, [sizes.at(-1) as number]));
  } else {
    const classes = header.classes.length;
    if (classes > 2) g.node("Softmax", [h], [{ name: "axis", int: 1 }], ONNX_NAMES.probabilities);
    else {
      const p = g.node("Sigmoid", [h]);
      // 1 - p is exact in float32 for p in [0.5, 1] and rounds once below, as wasmlp's first column does.
      const q = g.node("Sub", [g.constant("one", [], [1], "float"), p]);
      g.node("Concat", [q, p], [{ name: "axis", int: 1 }], ONNX_NAMES.probabilities);
    }
    g.node("ArgMax", [ONNX_NAMES.probabilities], [{ name: "axis", int: 1 }, { name: "keepdims", int: 0 }], ONNX_NAMES.classIndex);
    outputs.push(valueInfo(ONNX_NAMES.probabilities, DATA_TYPE.FLOAT, [classes]));
    const index = new MessageWriter().string(VALUE_INFO.name, ONNX_NAMES.classIndex).message(VALUE_INFO.type, new MessageWriter().message(TYPE.tensorType,
      new MessageWriter().int(TENSOR_TYPE.elemType, DATA_TYPE.INT64).message(TENSOR_TYPE.shape, new MessageWriter().message(SHAPE.dim, new MessageWriter().string(DIM.param, "N")))));
    outputs.push(index);
  }

  const graph = new MessageWriter();
  for (const node of g.nodes) graph.message(GRAPH.node, node);
  graph.string(GRAPH.name, regressor ? "wasmlp_mlp_regressor" : "wasmlp_mlp_classifier");
  for (const init of g.initializers) graph.message(GRAPH.initializer, init);
  graph.message(GRAPH.input, valueInfo(ONNX_NAMES.input, DATA_TYPE.FLOAT, [sizes[0]]));
  for (const output of outputs) graph.message(GRAPH.output, output);

  const model = new MessageWriter().int(MODEL.irVersion, EXPORT_IR_VERSION).string(MODEL.producerName, "wasmlp");
  model.message(MODEL.graph, graph).message(MODEL.opsetImport, new MessageWriter().string(OPSET.domain, "").int(OPSET.version, EXPORT_OPSET));
  const metadata: [string, string][] = [["wasmlp", JSON.stringify(header)]];
  if (!regressor) metadata.push(["classes", JSON.stringify(header.classes)]);
  if (header.featureNames) metadata.push(["feature_names", JSON.stringify(header.featureNames)]);
  if (header.labelName != null) metadata.push(["label_name", header.labelName]);
  for (const [key, value] of metadata) model.message(MODEL.metadataProps, new MessageWriter().string(ENTRY.key, key).string(ENTRY.value, value));
  return model.finish();
}
