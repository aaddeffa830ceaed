// ONNX in and out: re-exports only. export.ts writes a wasmlp model as an ONNX graph (the
// estimators' toONNX); import.ts reads a dense MLP from an ONNX file as a wasmlp model
// file (fromONNX). protobuf.ts is the wire format both use.
export { fromONNX, type FromONNXOptions } from "./import.js";
export { stateToONNX, ONNX_NAMES } from "./export.js";
