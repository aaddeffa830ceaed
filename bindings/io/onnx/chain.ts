// A graph read as a chain: from its one input, each value must feed exactly one node (or be
// the graph's output), each node must take that value and otherwise only constants, and
// every node must be on the chain. The walk turns the chain into tokens: elementwise
// affine steps (Sub/Div/Mul/Add by constants), dense layers (Gemm, MatMul), activations
// and a head; ops that change nothing on a 2-D float batch (Identity, Cast to float or
// double, Flatten, Reshape to the same width, Clip whose bounds span float32) are passed
// over. Anything else is an Error naming the op and the node.
import { decodeTensor, type Graph, type Node, type Tensor } from "./graph.js";
import { DATA_TYPE } from "./schema.js";
import type { Message } from "./protobuf.js";
import { F32_MAX, MAX_WIDTH } from "../../limits.js";

/** One elementwise step y = x OP c, or c OP x when `constantFirst`; `values` holds one
 *  value per unit, or one for all. */
export interface AffineStep {
  op: "Sub" | "Div" | "Mul" | "Add";
  values: Float64Array;
  constantFirst: boolean;
  where: string;
}

export type Token =
  | { t: "affine"; steps: AffineStep[] }
  /** weights [units x inputs] row-major, as wasmlp's parameters are laid out. */
  | { t: "dense"; inputs: number; units: number; weights: Float32Array; biases: Float32Array; where: string; matmul: boolean }
  | { t: "activation"; name: "relu" | "sigmoid" | "tanh"; where: string }
  | { t: "softmax"; where: string }
  /** Sigmoid p then Concat(1 - p, p): toONNX's head for two classes. */
  | { t: "binary"; where: string };

export interface Chain {
  features: number;
  tokens: Token[];
}

const fail = (message: string): never => {
  throw new Error(message);
};

const notMLP = (node: Node, why = "not a dense MLP"): never => fail(`${node.where}: ${why}`);

const ACTIVATION_OPS: Record<string, "relu" | "sigmoid" | "tanh"> = { Relu: "relu", Sigmoid: "sigmoid", Tanh: "tanh" };
const ELEMENTWISE = ["Sub", "Div", "Mul", "Add"];

/** The graph's constants (initializers and Constant nodes), decoded on first use. */
class Constants {
  readonly #raw: Map<string, Message | Tensor>;
  constructor(graph: Graph) {
    this.#raw = new Map(graph.constants);
  }
  has(name: string): boolean {
    return this.#raw.has(name);
  }
  add(name: string, value: Message | Tensor): void {
    this.#raw.set(name, value);
  }
  get(name: string, node: Node): Tensor {
    const raw = this.#raw.get(name) ?? notMLP(node, `its input ${JSON.stringify(name)} is neither the layer's input nor an initializer or constant (missing initializer?)`);
    if (!(raw instanceof Map)) return raw;
    const tensor = decodeTensor(raw, `initializer ${JSON.stringify(name)}`);
    this.#raw.set(name, tensor);
    return tensor;
  }
}

/** A Constant node's value as a tensor (its `value` tensor, or value_float(s)/value_int(s)). */
function constantValue(node: Node): Message | Tensor {
  const [name, a] = [...node.attributes][0] ?? notMLP(node, "a Constant node without a value");
  const output = node.outputs[0];
  if (node.attributes.size !== 1) notMLP(node, "a Constant node must have one value attribute");
  if (name === "value" && a.tensor) return a.tensor;
  if (name === "value_float" && a.float !== undefined) return { name: output, dims: [], type: "float", values: Float32Array.of(a.float) };
  if (name === "value_floats") return notMLP(node, "value_floats constants are not read; use a value tensor");
  if (name === "value_int" && a.int !== undefined) return { name: output, dims: [], type: "int", values: [a.int] };
  if (name === "value_ints" && a.ints) return { name: output, dims: [a.ints.length], type: "int", values: a.ints };
  return notMLP(node, `a Constant with attribute ${JSON.stringify(name)}, which fromONNX does not read`);
}

/** An integer attribute's value (`fallback` when absent). */
function intAttribute(node: Node, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  if (!a) return fallback;
  return a.int ?? notMLP(node, `its attribute ${name} must be an integer`);
}

function floatAttribute(node: Node, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  if (!a) return fallback;
  return a.float ?? notMLP(node, `its attribute ${name} must be a float`);
}

/** Attributes the node may have; any other is an Error (it would change what the op does). */
function onlyAttributes(node: Node, names: string[]): void {
  for (const name of node.attributes.keys()) if (!names.includes(name)) notMLP(node, `its attribute ${JSON.stringify(name)} is not read by fromONNX`);
}

const isFloat = (t: Tensor) => t.type === "float" || t.type === "double";

/** A tensor's values as float64, or an Error if they are not floats. */
function floats(t: Tensor, node: Node): Float64Array {
  if (!isFloat(t)) notMLP(node, `the constant ${JSON.stringify(t.name)} holds integers where weights go`);
  const out = Float64Array.from(t.values as Float32Array);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) notMLP(node, `the constant ${JSON.stringify(t.name)} holds ${out[i]} at index ${i}`);
  return out;
}

/** A constant broadcast along a [N, width] batch: a scalar, [width], or [1, width]. */
function perUnit(t: Tensor, width: number, node: Node): Float64Array {
  const values = floats(t, node);
  const shapeOk = t.dims.length <= 2 && t.dims.slice(0, -1).every((d) => d === 1) && (values.length === 1 || values.length === width);
  if (!shapeOk) notMLP(node, `the constant ${JSON.stringify(t.name)} has shape [${t.dims}], which does not broadcast over ${width} units as one value per unit`);
  return values.length === width ? values : new Float64Array(width).fill(values[0]);
}

/**
 * Walks `graph` from its input to its output.
 * @throws Error naming the op and the node for anything but a chain of the ops listed above
 */
export function readChain(graph: Graph): Chain {
  const constants = new Constants(graph);
  const producers = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  const nodes: Node[] = [];
  for (const node of graph.nodes) {
    if (node.domain !== "" && node.domain !== "ai.onnx") notMLP(node, `an op of the domain ${JSON.stringify(node.domain)}; not a dense MLP`);
    for (const output of node.outputs) {
      if (producers.has(output) || constants.has(output)) notMLP(node, `the value ${JSON.stringify(output)} is produced twice`);
      producers.set(output, node);
    }
    if (node.op === "Constant") {
      constants.add(node.outputs[0] ?? notMLP(node, "a Constant without an output"), constantValue(node));
      continue;
    }
    nodes.push(node);
    for (const input of node.inputs) {
      if (input === "") continue;
      const list = consumers.get(input);
      if (list) list.push(node);
      else consumers.set(input, [node]);
    }
  }
  const inputs = graph.inputs.filter((v) => !constants.has(v.name));
  if (inputs.length !== 1) fail(`the graph has ${inputs.length} inputs${inputs.length ? ` (${inputs.map((v) => JSON.stringify(v.name)).join(", ")})` : ""}; a dense MLP has one, [N, features]`);
  const [input] = inputs;
  if (input.elemType !== DATA_TYPE.FLOAT && input.elemType !== DATA_TYPE.DOUBLE) fail(`the graph's input ${JSON.stringify(input.name)} is not a float tensor; fromONNX reads MLPs on float features`);
  if (input.dims && input.dims.length !== 2) fail(`the graph's input ${JSON.stringify(input.name)} has ${input.dims.length} dimensions; fromONNX reads MLPs on a 2-D batch [N, features]`);
  const outputs = new Set(graph.outputs.map((v) => v.name));

  const tokens: Token[] = [];
  const visited = new Set<Node>();
  let current = input.name;
  let width = input.dims?.[1] ?? null;
  const push = (step: AffineStep) => {
    const last = tokens.at(-1);
    if (last?.t === "affine") last.steps.push(step);
    else tokens.push({ t: "affine", steps: [step] });
  };
  while (!outputs.has(current)) {
    const next = consumers.get(current) ?? [];
    if (next.length === 0) fail(`the value ${JSON.stringify(current)} leads to no node and is not the graph's output`);
    const binary = binaryHead(next, current, constants);
    const node = binary ?? (next.length === 1 ? next[0] : fail(`the value ${JSON.stringify(current)} feeds ${next.length} nodes (${next.slice(0, 3).map((n) => n.where).join(", ")}${next.length > 3 ? ", …" : ""}); a dense MLP is a chain`));
    if (visited.has(node)) notMLP(node, "the graph has a cycle through this node");
    for (const n of binary ? next : [node]) visited.add(n);
    if (binary) {
      tokens.push({ t: "binary", where: node.where });
      current = node.outputs[0];
      continue;
    }
    const others = node.inputs.filter((name, i) => name !== current && !(name === "" && i > 0));
    if (node.inputs.filter((name) => name === current).length !== 1) notMLP(node, "its input appears more than once");
    for (const name of others) {
      const from = producers.get(name);
      if (from && !constants.has(name)) notMLP(node, `its input ${JSON.stringify(name)} is computed by ${from.where}, not a constant: the graph has a cycle or a second branch, and a dense MLP is a chain`);
    }
    const op = node.op;
    const unary = op in ACTIVATION_OPS || ["Softmax", "Identity", "Cast", "Flatten"].includes(op);
    if (unary && others.length > 0) notMLP(node, `it has ${node.inputs.length} inputs where ${op} takes one`);
    if (op === "Gemm" || op === "MatMul") {
      const layer = dense(node, current, constants, width);
      tokens.push(layer);
      width = layer.units;
    } else if (ELEMENTWISE.includes(op)) {
      if (width === null) notMLP(node, "an elementwise step before the width of the input is known (declare the input's shape [N, features])");
      onlyAttributes(node, []);
      if (others.length !== 1) notMLP(node);
      push({ op: op as AffineStep["op"], values: perUnit(constants.get(others[0], node), width!, node), constantFirst: node.inputs[0] !== current, where: node.where });
    } else if (op in ACTIVATION_OPS) {
      onlyAttributes(node, []);
      tokens.push({ t: "activation", name: ACTIVATION_OPS[op], where: node.where });
    } else if (op === "Softmax") {
      onlyAttributes(node, ["axis"]);
      // 1 and -1 both mean the class axis of a 2-D batch (in opsets 9-12, axis 1 flattens
      // the trailing dimensions, which for [N, classes] are the classes too).
      const axis = intAttribute(node, "axis", graph.opset >= 13 ? -1 : 1);
      if (axis !== 1 && axis !== -1) notMLP(node, `Softmax over axis ${axis}, not the class axis`);
      tokens.push({ t: "softmax", where: node.where });
    } else passOver(node, others, constants, width, graph.opset, (name) => consumers.has(name) || outputs.has(name));
    // Dropout alone may have a second output (its mask, checked unused above).
    if (!node.outputs[0] || (node.outputs.length > 1 && op !== "Dropout")) notMLP(node, `it has ${node.outputs.length} outputs`);
    current = node.outputs[0];
  }
  // What may follow the output: ArgMax nodes (a predicted class as a second output).
  for (const node of nodes) {
    if (visited.has(node)) continue;
    if (node.op === "ArgMax" && node.inputs[0] === current) continue;
    notMLP(node, "this node is not on the path from the graph's input to its output; not a dense MLP");
  }
  const first = tokens.find((t) => t.t === "dense");
  if (!first) fail("the graph has no Gemm or MatMul layer: not a dense MLP");
  return { features: (first as { inputs: number }).inputs, tokens };
}

/** Ops that leave a 2-D float batch as it is; anything else is an Error. */
function passOver(node: Node, others: string[], constants: Constants, width: number | null, opset: number, used: (name: string) => boolean): void {
  const op = node.op;
  if (op === "Identity") return onlyAttributes(node, []);
  if (op === "Cast") {
    onlyAttributes(node, ["to", "saturate"]);
    const to = intAttribute(node, "to", -1);
    if (to !== DATA_TYPE.FLOAT && to !== DATA_TYPE.DOUBLE) notMLP(node, `a Cast to data type ${to}; fromONNX reads float MLPs`);
    return;
  }
  if (op === "Flatten") {
    onlyAttributes(node, ["axis"]);
    if (intAttribute(node, "axis", 1) !== 1) notMLP(node, "Flatten must keep the batch axis (axis 1)");
    return;
  }
  if (op === "Reshape") {
    onlyAttributes(node, ["allowzero"]);
    const shape = constants.get(others[0] ?? notMLP(node, "a Reshape without a shape"), node);
    const [n, w] = shape.values as number[];
    const keeps = shape.type === "int" && shape.values.length === 2 && (n === -1 || n === 0) && (w === width || (w === -1 && n === 0));
    if (!keeps) notMLP(node, `a Reshape to [${Array.from(shape.values)}]; fromONNX reads a Reshape that keeps [N, ${width ?? "features"}]`);
    return;
  }
  if (op === "Clip") {
    // From opset 11 the bounds are optional scalar inputs (an empty name: no bound).
    const bound = (name: string | undefined, fallback: number): number => {
      if (!name) return fallback;
      const values = floats(constants.get(name, node), node);
      return values.length === 1 ? values[0] : notMLP(node, `its bound ${JSON.stringify(name)} holds ${values.length} values, not one`);
    };
    const [low, high] = opset >= 11 ? [bound(node.inputs[1], -Infinity), bound(node.inputs[2], Infinity)] : [floatAttribute(node, "min", -Infinity), floatAttribute(node, "max", Infinity)];
    onlyAttributes(node, opset >= 11 ? [] : ["min", "max"]);
    if (low > -F32_MAX || high < F32_MAX) notMLP(node, `a Clip to [${low}, ${high}], which changes float32 values`);
    return;
  }
  if (op === "Dropout") {
    // At inference Dropout passes its input through, unless a training_mode input turns it on.
    onlyAttributes(node, ["seed", "ratio"]);
    if (node.inputs[2]) notMLP(node, "a Dropout with a training_mode input, which may make it drop values");
    if (node.outputs.slice(1).some((name) => name !== "" && used(name))) notMLP(node, "a Dropout whose mask output is used");
    return;
  }
  notMLP(node);
}

/** A Gemm or MatMul on `current` with constant weights, as a dense layer. */
function dense(node: Node, current: string, constants: Constants, width: number | null): Extract<Token, { t: "dense" }> {
  if (node.inputs[0] !== current) notMLP(node, "the layer's input must be its first operand (A)");
  const gemm = node.op === "Gemm";
  onlyAttributes(node, gemm ? ["alpha", "beta", "transA", "transB"] : []);
  if (gemm && intAttribute(node, "transA", 0) !== 0) notMLP(node, "a Gemm with transA = 1 transposes the batch");
  const B = constants.get(node.inputs[1] ?? notMLP(node, "a layer without weights"), node);
  if (B.dims.length !== 2) notMLP(node, `its weights ${JSON.stringify(B.name)} have shape [${B.dims}], not a matrix`);
  const transB = gemm && intAttribute(node, "transB", 0) === 1;
  const [units, inputs] = transB ? B.dims : [B.dims[1], B.dims[0]];
  if (width !== null && inputs !== width) notMLP(node, `its weights ${JSON.stringify(B.name)} have shape [${B.dims}], for ${inputs} inputs, but the layer gets ${width}`);
  if (units < 1 || units > MAX_WIDTH || inputs < 1 || inputs > MAX_WIDTH) notMLP(node, `its weights have shape [${B.dims}]; wasmlp layers have 1 to ${MAX_WIDTH} units`);
  const alpha = gemm ? floatAttribute(node, "alpha", 1) : 1;
  const beta = gemm ? floatAttribute(node, "beta", 1) : 1;
  const b = floats(B, node);
  const weights = new Float32Array(units * inputs);
  for (let j = 0; j < units; j++) for (let k = 0; k < inputs; k++) weights[j * inputs + k] = alpha * (transB ? b[j * inputs + k] : b[k * units + j]);
  const biases = new Float32Array(units);
  const C = gemm && node.inputs[2] ? perUnit(constants.get(node.inputs[2], node), units, node) : null;
  if (C) for (let j = 0; j < units; j++) biases[j] = beta * C[j];
  if (node.inputs.length > (gemm ? 3 : 2)) notMLP(node, "it has more inputs than the op takes");
  return { t: "dense", inputs, units, weights, biases, where: node.where, matmul: !gemm };
}

/** toONNX's two-class head: the current value (a Sigmoid's output p) feeds Sub(1, p) and
 *  Concat(that, p) on axis 1. Returns the Concat, or null if this is not that pattern. */
function binaryHead(next: Node[], current: string, constants: Constants): Node | null {
  if (next.length !== 2) return null;
  const sub = next.find((n) => n.op === "Sub");
  const concat = next.find((n) => n.op === "Concat");
  if (!sub || !concat || sub.inputs[1] !== current || !constants.has(sub.inputs[0])) return null;
  const one = constants.get(sub.inputs[0], sub);
  if (one.values.length !== 1 || one.values[0] !== 1) return null;
  const axis = intAttribute(concat, "axis", 0);
  if ((axis !== 1 && axis !== -1) || concat.inputs.length !== 2 || concat.inputs[0] !== sub.outputs[0] || concat.inputs[1] !== current) return null;
  return concat;
}
