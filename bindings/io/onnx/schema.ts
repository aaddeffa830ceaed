// The ONNX messages' field numbers and enums that wasmlp reads and writes, as onnx.proto
// (the ONNX project's schema, github.com/onnx/onnx) numbers them. Only these matter here;
// the reader skips every other field, as protobuf readers do.

export const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8, metadataProps: 14 } as const;
export const OPSET = { domain: 1, version: 2 } as const;
export const ENTRY = { key: 1, value: 2 } as const;
export const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12, sparseInitializer: 15 } as const;
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
export const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, t: 5, ints: 8, type: 20 } as const;
export const VALUE_INFO = { name: 1, type: 2 } as const;
export const TYPE = { tensorType: 1 } as const;
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIM = { value: 1, param: 2 } as const;
export const TENSOR = { dims: 1, dataType: 2, floatData: 4, int32Data: 5, int64Data: 7, name: 8, rawData: 9, doubleData: 10, dataLocation: 14 } as const;

/** TensorProto.DataType values. */
export const DATA_TYPE = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;
/** The DataType names, for errors about the others. */
export const DATA_TYPE_NAMES = ["UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"];
/** AttributeProto.AttributeType values. */
export const ATTRIBUTE_TYPE = { INT: 2, INTS: 7 } as const;
/** TensorProto.DataLocation: EXTERNAL means the values live in another file. */
export const EXTERNAL = 1;

/** The opset toONNX writes: every op it uses (Gemm, Relu, Sigmoid, Tanh, Softmax with an
 *  axis, ArgMax, Concat, Sub, Div, Mul, Add, Cast, Clip with tensor bounds, Identity) has
 *  the form it needs there. IR version 7 is the one that came with opset 13. */
export const EXPORT_OPSET = 13;
export const EXPORT_IR_VERSION = 7;
/** The default domain's opsets fromONNX reads (the ops it accepts mean the same in all). */
export const IMPORT_OPSETS = { min: 9, max: 21 } as const;
