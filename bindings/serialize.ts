// The model file formats, JSON and bytes, and their validation. A model file is untrusted
// input: every field is checked, with an error naming it, before anything whose size the
// file decides is allocated; fields are read as own properties only, so a file cannot
// reach Object.prototype, and keys that could pollute prototypes are refused.
import { paramCount } from "./weights.js";
import { checkLabels, compareLabels, showLabel, type Label } from "./labels.js";

/** A fitted classifier, as the file formats store it. */
export interface ModelState {
  /** Layer widths, input first; the output width is 1 for 2 classes, K for K >= 3. */
  sizes: number[];
  activation: "sigmoid" | "tanh" | "relu";
  /** The classes, sorted as findClasses returns them. */
  classes: Label[];
  /** Per-input standardization, or null when the inputs are used as given. */
  scaler: { mean: number[]; scale: number[] } | null;
  /** The parameter vector in bindings/weights.ts layout; length paramCount(sizes). */
  params: Float32Array;
  /** The classifier's resolved options (JSON values only), stored for reference. */
  options: Record<string, unknown>;
}

/** The JSON form: the state's fields with the params as numbers, under a format tag. */
export interface ModelJSON extends Omit<ModelState, "params"> {
  format: typeof FORMAT;
  version: typeof VERSION;
  params: number[];
}

export const FORMAT = "wasmlp-mlp";
export const VERSION = 1;

const MAGIC = [0x57, 0x4d, 0x4c, 0x50]; // "WMLP"
/** Layers a model may have: the input, up to 62 hidden layers, the output. */
export const MAX_LAYERS = 64;
/** Units a layer may have, the input (features) and output (classes, for 3 or more) included. */
export const MAX_WIDTH = 65536;
/** Parameters a model may have: 512 MiB of float32. */
export const MAX_PARAMS = 2 ** 27;
const MAX_OPTIONS_DEPTH = 32;
const F32_MAX = 3.4028234663852886e38;
const ACTIVATIONS = ["sigmoid", "tanh", "relu"];
const HEADER_FIELDS = ["format", "version", "sizes", "activation", "classes", "scaler", "options"];
// Harmless in our own copies, but a caller merging options into another object could be
// steered into Object.prototype by them, and no wasmlp model ever writes them.

type Fields = Record<string, unknown>;
type Header = Omit<ModelState, "params">;

const own = (object: Fields, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;

function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// One level deep: a file can nest arrays deeper than the stack.
function show(value: unknown): string {
  return Array.isArray(value) && value.length <= 8 ? `[${value.map(showLabel).join(", ")}]` : showLabel(value);
}

// Own keys outside `known` are refused: a version 1 file has exactly these fields.
function checkFields(object: Fields, known: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw new Error(`${where} has an unknown field ${JSON.stringify(key)}`);
  }
}

function required(object: Fields, key: string): unknown {
  const value = own(object, key);
  if (value === undefined) throw new Error(`model is missing "${key}"`);
  return value;
}

function checkFormat(json: unknown): Fields {
  if (!isPlainObject(json)) throw new Error(`not a wasmlp model: expected a JSON object, got ${show(json)}`);
  const format = own(json, "format");
  if (format === undefined) throw new Error('not a wasmlp model: missing "format"');
  if (format !== FORMAT) throw new Error(`not a wasmlp model: format is ${show(format)}`);
  const version = required(json, "version");
  if (!Number.isSafeInteger(version) || (version as number) < 1) {
    throw new Error(`version must be a positive integer, got ${show(version)}`);
  }
  if ((version as number) > VERSION) {
    throw new Error(`model format version ${version} is newer than this wasmlp reads (${VERSION}); upgrade wasmlp`);
  }
  return json;
}

function checkSizes(value: unknown): number[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > MAX_LAYERS) {
    throw new Error(`sizes must be an array of 2 to ${MAX_LAYERS} layer widths, got ${show(value)}`);
  }
  value.forEach((width, i) => {
    if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
      throw new Error(`sizes[${i}] is ${show(width)}; layer widths must be integers from 1 to ${MAX_WIDTH}`);
    }
  });
  const count = paramCount(value);
  if (count > MAX_PARAMS) {
    throw new Error(`sizes [${value.join(", ")}] need ${count} parameters, more than the ${MAX_PARAMS} a model may have`);
  }
  return [...value];
}

function checkClasses(value: unknown, outputs: number): Label[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw new Error(`classes must be an array of at least two labels, got ${show(value)}`);
  }
  checkLabels(value, "classes");
  for (let k = 1; k < value.length; k++) {
    if (compareLabels(value[k - 1], value[k]) >= 0) {
      throw new Error(`classes must be sorted and distinct, but classes[${k}] is ${show(value[k])} after ${show(value[k - 1])}`);
    }
  }
  const expected = value.length === 2 ? 1 : value.length;
  if (outputs !== expected) {
    throw new Error(`sizes ends in ${outputs} output units, but ${value.length} classes need ${expected} (1 for two classes, K for K >= 3)`);
  }
  return [...value];
}

function checkFiniteArray(value: unknown, length: number, where: string, positive: boolean): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new Error(`${where} must be an array of ${length} numbers (one per input), got ${show(value)}`);
  }
  value.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || (positive && !(x > 0))) {
      throw new Error(`${where}[${i}] is ${show(x)}; it must be a finite number${positive ? " > 0" : ""}`);
    }
  });
  return [...value];
}

function checkScaler(value: unknown, features: number): Header["scaler"] {
  if (value === null) return null;
  if (!isPlainObject(value)) throw new Error(`scaler must be null or { mean, scale }, got ${show(value)}`);
  checkFields(value, ["mean", "scale"], "scaler");
  return {
    mean: checkFiniteArray(own(value, "mean"), features, "scaler.mean", false),
    scale: checkFiniteArray(own(value, "scale"), features, "scaler.scale", true),
  };
}

// A deep copy of JSON values; refuses anything else. Keys are defined, never assigned, so
// "__proto__" stays a plain key (a label in classWeight may be any string); the
// classifier then rejects option names it does not know.
function copyJSON(value: unknown, where: string, depth: number): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    throw new Error(`${where} is ${value}; options must be JSON values`);
  }
  if (depth > MAX_OPTIONS_DEPTH) throw new Error(`${where} nests deeper than ${MAX_OPTIONS_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item, i) => copyJSON(item, `${where}[${i}]`, depth + 1));
  if (!isPlainObject(value)) throw new Error(`${where} is ${show(value)}; options must be JSON values`);
  const copy: Fields = {};
  for (const key of Object.keys(value)) {
    // As JSON.stringify does, an undefined option is left out.
    if (value[key] === undefined) continue;
    const item = copyJSON(value[key], `${where}.${key}`, depth + 1);
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function checkOptions(value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) throw new Error(`options must be an object, got ${show(value)}`);
  return copyJSON(value, "options", 0) as Record<string, unknown>;
}

// Validates everything but the parameters; `extra` is the one field besides the header's
// that this form holds ("params" in JSON, "paramCount" in bytes).
function checkHeader(json: unknown, extra: string | null): Header {
  const fields = checkFormat(json);
  checkFields(fields, extra === null ? HEADER_FIELDS : [...HEADER_FIELDS, extra], "model");
  const sizes = checkSizes(required(fields, "sizes"));
  const classes = checkClasses(required(fields, "classes"), sizes[sizes.length - 1]);
  const activation = required(fields, "activation");
  if (typeof activation !== "string" || !ACTIVATIONS.includes(activation)) {
    throw new Error(`activation must be "sigmoid", "tanh" or "relu", got ${show(activation)}`);
  }
  if (!Object.prototype.hasOwnProperty.call(fields, "scaler")) throw new Error('model is missing "scaler"');
  const scaler = checkScaler(fields.scaler, sizes[0]);
  const options = checkOptions(required(fields, "options"));
  return { sizes, activation: activation as Header["activation"], classes, scaler, options };
}

function checkParam(value: unknown, i: number): number {
  if (typeof value !== "number" || !(Math.abs(value) <= F32_MAX)) {
    throw new Error(`params[${i}] is ${show(value)}; parameters must be finite float32 numbers (within ±3.4e38)`);
  }
  return value;
}

function checkParamCount(count: unknown, sizes: number[], field: "params" | "paramCount"): number {
  const expected = paramCount(sizes);
  if (count !== expected) {
    const found = field === "params" ? `params has ${show(count)} values` : `paramCount is ${show(count)}`;
    throw new Error(`${found} but sizes [${sizes.join(", ")}] need ${expected}`);
  }
  return expected;
}

// The state as a header object, validated (and copied) as a file would be, so that
// wasmlp never writes a model it would refuse to read.
function checkState(state: ModelState): Header {
  if (typeof state !== "object" || state === null) throw new Error(`state must be a ModelState object, got ${show(state)}`);
  const { sizes, activation, classes, scaler, options } = state;
  const header = checkHeader({ format: FORMAT, version: VERSION, sizes, activation, classes, scaler, options }, null);
  if (!(state.params instanceof Float32Array)) throw new Error("params must be a Float32Array");
  checkParamCount(state.params.length, header.sizes, "params");
  state.params.forEach(checkParam);
  return header;
}

/**
 * The JSON form of a model: a plain object for JSON.stringify. Each float32 parameter is
 * widened to a double, which prints as the shortest decimal that parses back to that same
 * double, so every parameter survives exactly (except -0, which JSON prints as 0).
 * @throws Error naming the field, if `state` is not a valid model
 */
export function stateToJSON(state: ModelState): ModelJSON {
  const header = checkState(state);
  return { format: FORMAT, version: VERSION, ...header, params: Array.from(state.params) };
}

/**
 * Reads and validates the JSON form (the object, or its text).
 * @throws Error naming the field, for anything but a valid wasmlp model
 */
export function stateFromJSON(json: unknown): ModelState {
  if (typeof json === "string") {
    try {
      json = JSON.parse(json);
    } catch (error) {
      throw new Error(`not a wasmlp model: not valid JSON (${(error as Error).message})`);
    }
  }
  const header = checkHeader(json, "params");
  const values = required(json as Fields, "params");
  if (!Array.isArray(values)) throw new Error(`params must be an array of numbers, got ${show(values)}`);
  const params = new Float32Array(checkParamCount(values.length, header.sizes, "params"));
  for (let i = 0; i < params.length; i++) params[i] = checkParam(values[i], i);
  return { ...header, params };
}

const align4 = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * The bytes form: "WMLP", the header's byte length H as u32 little-endian, H bytes of
 * UTF-8 JSON (the JSON form without params, plus paramCount), zero padding to a multiple
 * of 4, then paramCount float32 little-endian. Every parameter keeps its exact bits.
 * @throws Error naming the field, if `state` is not a valid model
 */
export function stateToBytes(state: ModelState): Uint8Array {
  const header = checkState(state);
  const count = state.params.length;
  const text = new TextEncoder().encode(JSON.stringify({ format: FORMAT, version: VERSION, ...header, paramCount: count }));
  const start = align4(8 + text.length);
  const bytes = new Uint8Array(start + 4 * count);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(4, text.length, true);
  bytes.set(text, 8);
  // DataView with littleEndian = true writes the same bytes on any host.
  for (let i = 0; i < count; i++) view.setFloat32(start + 4 * i, state.params[i], true);
  return bytes;
}

/**
 * Reads and validates the bytes form.
 * @throws Error naming the field, for anything but a complete, valid wasmlp model
 */
export function stateFromBytes(bytes: Uint8Array | ArrayBuffer): ModelState {
  if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  if (!(bytes instanceof Uint8Array)) throw new Error(`model bytes must be a Uint8Array or ArrayBuffer, got ${show(bytes)}`);
  if (bytes.length < 4 || MAGIC.some((byte, i) => bytes[i] !== byte)) throw new Error("not a wasmlp model (no WMLP header)");
  if (bytes.length < 8) throw new Error(`truncated model: ${bytes.length} bytes end before the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (headerLength > bytes.length - 8) {
    throw new Error(`truncated model: expected a ${headerLength}-byte header, found ${bytes.length - 8} bytes`);
  }
  const json = parseHeader(bytes.subarray(8, 8 + headerLength));
  const header = checkHeader(json, "paramCount");
  const count = checkParamCount(own(json as Fields, "paramCount"), header.sizes, "paramCount");
  return { ...header, params: readParams(bytes, view, align4(8 + headerLength), 8 + headerLength, count) };
}

function parseHeader(text: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(text));
  } catch (error) {
    throw new Error(`model header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
}

function readParams(bytes: Uint8Array, view: DataView, start: number, headerEnd: number, count: number): Float32Array {
  for (let i = headerEnd; i < Math.min(start, bytes.length); i++) {
    if (bytes[i] !== 0) throw new Error(`byte ${i} should be header padding (0), found ${bytes[i]}`);
  }
  const found = Math.max(0, bytes.length - start);
  if (found < 4 * count) throw new Error(`truncated model: expected ${4 * count} bytes of parameters, found ${found}`);
  if (found > 4 * count) throw new Error(`model has ${found - 4 * count} bytes after its ${4 * count} bytes of parameters`);
  const params = new Float32Array(count);
  for (let i = 0; i < count; i++) params[i] = checkParam(view.getFloat32(start + 4 * i, true), i);
  return params;
}
