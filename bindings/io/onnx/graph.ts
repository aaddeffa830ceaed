// An ONNX file read into plain objects: the model's opset, metadata and graph (nodes,
// constants, inputs, outputs), every field checked as it is read. Tensors are decoded only
// when a node asks for them, and only after their declared shape has been checked against
// the bytes that hold them, so no declared size makes the reader allocate more than the
// file's own length.
import { allBytes, allFixed, allInts, decodeText, lastBytes, lastFloat, lastInt, lastString, readMessage, type Message } from "./protobuf.js";
import { ATTRIBUTE, DATA_TYPE, DATA_TYPE_NAMES, DIM, ENTRY, EXTERNAL, GRAPH, IMPORT_OPSETS, MODEL, NODE, OPSET, SHAPE, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO } from "./schema.js";

/** A constant tensor, decoded: float32, float64 or integer values in row-major order. */
export interface Tensor {
  name: string;
  dims: number[];
  type: "float" | "double" | "int";
  values: Float32Array | Float64Array | number[];
}

export interface Attribute {
  name: string;
  int?: number;
  float?: number;
  ints?: number[];
  string?: string;
  tensor?: Message;
}

export interface Node {
  /** "Gemm" at node "/fc1/Gemm": how errors name it. */
  where: string;
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, Attribute>;
}

/** A graph input or output: its element type (DataType) and dimensions (a number, or
 *  null for a symbolic or unknown one), when the file declares them. */
export interface ValueInfo {
  name: string;
  elemType: number;
  dims: (number | null)[] | null;
}

export interface Graph {
  opset: number;
  metadata: Map<string, string>;
  nodes: Node[];
  /** Initializers and Constant nodes' values, by name, not yet decoded. */
  constants: Map<string, Message>;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

const fail = (message: string): never => {
  throw new Error(message);
};

/** The largest tensor fromONNX decodes, in values: a layer of MAX_WIDTH x MAX_WIDTH. */
const MAX_VALUES = 2 ** 32;
/** Dimensions a tensor may have (the MLPs read here have at most 2). */
const MAX_DIMS = 8;

/** Reads the ModelProto in `bytes`: the default domain's opset (9 to 21), the metadata,
 *  and the graph. */
export function readGraph(bytes: Uint8Array): Graph {
  if (!(bytes instanceof Uint8Array)) fail("fromONNX needs the ONNX file's bytes as a Uint8Array");
  if (bytes.length === 0) fail("not a valid ONNX file: it is empty");
  const model = readMessage(bytes, "ModelProto");
  const graphBytes = lastBytes(model, MODEL.graph, "ModelProto.graph") ?? fail("not a valid ONNX file: ModelProto has no graph (is this an ONNX model?)");
  let opset: number | undefined;
  for (const [i, entry] of allBytes(model, MODEL.opsetImport, "ModelProto.opset_import").entries()) {
    const m = readMessage(entry, `ModelProto.opset_import[${i}]`);
    const domain = lastString(m, OPSET.domain, "OperatorSetIdProto.domain");
    if (domain === "" || domain === "ai.onnx") opset = lastInt(m, OPSET.version, "OperatorSetIdProto.version");
  }
  if (opset === undefined) fail("not a valid ONNX file: it imports no opset of the default (ai.onnx) domain");
  if (!(opset! >= IMPORT_OPSETS.min && opset! <= IMPORT_OPSETS.max)) fail(`the model uses opset ${opset}; fromONNX reads opsets ${IMPORT_OPSETS.min} to ${IMPORT_OPSETS.max}`);
  const metadata = new Map<string, string>();
  for (const [i, entry] of allBytes(model, MODEL.metadataProps, "ModelProto.metadata_props").entries()) {
    const m = readMessage(entry, `ModelProto.metadata_props[${i}]`);
    metadata.set(lastString(m, ENTRY.key, "metadata_props.key"), lastString(m, ENTRY.value, "metadata_props.value"));
  }
  const graph = readMessage(graphBytes, "GraphProto");
  if (graph.has(GRAPH.sparseInitializer)) fail("the graph has sparse initializers, which fromONNX does not read: not a dense MLP");
  const constants = new Map<string, Message>();
  for (const [i, entry] of allBytes(graph, GRAPH.initializer, "GraphProto.initializer").entries()) {
    const tensor = readMessage(entry, `GraphProto.initializer[${i}]`);
    constants.set(lastString(tensor, TENSOR.name, "TensorProto.name"), tensor);
  }
  const nodes = allBytes(graph, GRAPH.node, "GraphProto.node").map((entry, i) => readNode(entry, i));
  const values = (field: number, what: string) => allBytes(graph, field, `GraphProto.${what}`).map((entry, i) => readValueInfo(entry, `GraphProto.${what}[${i}]`));
  return { opset: opset!, metadata, nodes, constants, inputs: values(GRAPH.input, "input"), outputs: values(GRAPH.output, "output") };
}

function readNode(bytes: Uint8Array, index: number): Node {
  const path = `GraphProto.node[${index}]`;
  const m = readMessage(bytes, path);
  const op = lastString(m, NODE.opType, `${path}.op_type`);
  const name = lastString(m, NODE.name, `${path}.name`);
  const attributes = new Map<string, Attribute>();
  for (const [i, entry] of allBytes(m, NODE.attribute, `${path}.attribute`).entries()) {
    const a = readMessage(entry, `${path}.attribute[${i}]`);
    const attribute: Attribute = { name: lastString(a, ATTRIBUTE.name, "AttributeProto.name") };
    if (a.has(ATTRIBUTE.i)) attribute.int = lastInt(a, ATTRIBUTE.i, "AttributeProto.i");
    if (a.has(ATTRIBUTE.f)) attribute.float = lastFloat(a, ATTRIBUTE.f, "AttributeProto.f");
    if (a.has(ATTRIBUTE.ints)) attribute.ints = allInts(a, ATTRIBUTE.ints, "AttributeProto.ints", MAX_DIMS * 4);
    if (a.has(ATTRIBUTE.s)) attribute.string = lastString(a, ATTRIBUTE.s, "AttributeProto.s");
    const t = lastBytes(a, ATTRIBUTE.t, "AttributeProto.t");
    if (t) attribute.tensor = readMessage(t, `${path}.attribute[${i}].t`);
    attributes.set(attribute.name, attribute);
  }
  const strings = (field: number, what: string) => allBytes(m, field, `${path}.${what}`).map((b) => decodeText(b, `${path}.${what}`));
  return {
    where: `${JSON.stringify(op)} at node ${JSON.stringify(name || `#${index}`)}`,
    op, domain: lastString(m, NODE.domain, `${path}.domain`), inputs: strings(NODE.input, "input"), outputs: strings(NODE.output, "output"), attributes,
  };
}

function readValueInfo(bytes: Uint8Array, path: string): ValueInfo {
  const m = readMessage(bytes, path);
  const name = lastString(m, VALUE_INFO.name, `${path}.name`);
  const type = lastBytes(m, VALUE_INFO.type, `${path}.type`);
  const tensor = type && lastBytes(readMessage(type, `${path}.type`), TYPE.tensorType, `${path}.type.tensor_type`);
  if (!tensor) return { name, elemType: 0, dims: null };
  const t = readMessage(tensor, `${path}.type.tensor_type`);
  const shape = lastBytes(t, TENSOR_TYPE.shape, `${path}.type.tensor_type.shape`);
  const dims = shape
    ? allBytes(readMessage(shape, `${path}.shape`), SHAPE.dim, `${path}.shape.dim`).map((d, i) => {
      const dim = readMessage(d, `${path}.shape.dim[${i}]`);
      return dim.has(DIM.value) ? lastInt(dim, DIM.value, `${path}.shape.dim[${i}]`) : null;
    })
    : null;
  if (dims && dims.length > MAX_DIMS) fail(`${path} (${JSON.stringify(name)}) has ${dims.length} dimensions: not a dense MLP's 2-D batch`);
  return { name, elemType: lastInt(t, TENSOR_TYPE.elemType, `${path}.elem_type`), dims };
}

const typeName = (type: number): string => DATA_TYPE_NAMES[type] ?? `data type ${type}`;

/**
 * Decodes a TensorProto of floats, doubles or integers (int32/int64). `where` names it in
 * errors. The values may be in raw_data (little-endian, back to back) or the typed fields.
 * @throws Error naming the tensor, for another type, values kept outside the file, or a
 *   shape that does not match the values held
 */
export function decodeTensor(m: Message, where: string): Tensor {
  const name = lastString(m, TENSOR.name, `${where}.name`);
  const label = `the tensor ${JSON.stringify(name)} (${where})`;
  if (lastInt(m, TENSOR.dataLocation, `${where}.data_location`) === EXTERNAL) fail(`${label} keeps its values in an external file; save the model with its weights inside (e.g. onnx.save(model, path, save_as_external_data=False))`);
  const dims = allInts(m, TENSOR.dims, `${where}.dims`, MAX_DIMS);
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) fail(`${label} has a dimension ${d}`);
    count *= d;
  }
  if (count > MAX_VALUES) fail(`${label} declares ${count} values, more than any MLP layer wasmlp runs`);
  const type = lastInt(m, TENSOR.dataType, `${where}.data_type`);
  const size = type === DATA_TYPE.FLOAT || type === DATA_TYPE.INT32 ? 4 : type === DATA_TYPE.DOUBLE || type === DATA_TYPE.INT64 ? 8 : 0;
  if (!size) fail(`${label} holds ${typeName(type)} values; fromONNX reads FLOAT or DOUBLE weights (convert the model to float32)`);
  const raw = lastBytes(m, TENSOR.rawData, `${where}.raw_data`);
  const field = { [DATA_TYPE.FLOAT]: TENSOR.floatData, [DATA_TYPE.DOUBLE]: TENSOR.doubleData, [DATA_TYPE.INT32]: TENSOR.int32Data, [DATA_TYPE.INT64]: TENSOR.int64Data }[type as 1 | 6 | 7 | 11];
  const held = (): number => {
    if (raw) return raw.length / size;
    if (type === DATA_TYPE.FLOAT || type === DATA_TYPE.DOUBLE) return allFixed(m, field, size as 4 | 8, `${where}`).reduce((n, b) => n + b.length / size, 0);
    return -1;
  };
  const have = held();
  if (have >= 0 && have !== count) fail(`${label} has shape [${dims}] (${count} values) but holds ${have} values: truncated or wrong shape`);
  const values = raw ? fromBytes([raw], type, count) : type === DATA_TYPE.FLOAT || type === DATA_TYPE.DOUBLE ? fromBytes(allFixed(m, field, size as 4 | 8, where), type, count) : allInts(m, field, where, count);
  if (values.length !== count) fail(`${label} has shape [${dims}] (${count} values) but holds ${values.length} values: truncated or wrong shape`);
  return { name, dims, type: type === DATA_TYPE.FLOAT ? "float" : type === DATA_TYPE.DOUBLE ? "double" : "int", values };
}

/** Little-endian values back to back in `chunks`, `count` in all (checked by the caller). */
function fromBytes(chunks: Uint8Array[], type: number, count: number): Float32Array | Float64Array | number[] {
  const out = type === DATA_TYPE.FLOAT ? new Float32Array(count) : type === DATA_TYPE.DOUBLE ? new Float64Array(count) : new Array<number>(count);
  let i = 0;
  for (const chunk of chunks) {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (type === DATA_TYPE.FLOAT) for (let at = 0; at < chunk.length; at += 4) out[i++] = view.getFloat32(at, true);
    else if (type === DATA_TYPE.DOUBLE) for (let at = 0; at < chunk.length; at += 8) out[i++] = view.getFloat64(at, true);
    else if (type === DATA_TYPE.INT32) for (let at = 0; at < chunk.length; at += 4) out[i++] = view.getInt32(at, true);
    else for (let at = 0; at < chunk.length; at += 8) out[i++] = Number(view.getBigInt64(at, true));
  }
  return out;
}
