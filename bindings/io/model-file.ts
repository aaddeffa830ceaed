// The model file, read and checked: the one reader behind every entry that loads a model
// (MLPClassifier's and MLPRegressor's fromJSON/fromBytes and exportModule through
// model-format.ts, wasmlp/infer's loadModel directly), so all of them accept the same files
// and refuse the rest with the same Error. model-format.ts adds one check, that the stored
// options are options the model's class takes: infer never trains, and model/options.ts's
// table is too large for its budget. A model file is untrusted input: every field is checked before anything whose
// size the file decides is allocated; fields are read as own properties only and unknown
// keys (such as "__proto__") are refused, so no file reaches Object.prototype. wasmlp/infer
// bundles this file within its 4 KB budget (tests/infer-size.test.js), hence terse code
// and one message shape, "FIELD must be WHAT, got VALUE", for nearly every check.
import type { Label } from "../model/classes.js";
import { F32_MAX, MAX_LAYERS, MAX_WIDTH } from "../limits.js";

export { F32_MAX };

export type Activation = "sigmoid" | "tanh" | "relu" | "identity";
export type Kind = "classifier" | "regressor";

/** A fitted model, as the file formats store it. */
export interface ModelState {
  /** "regressor" (version 3), else a classifier. */
  kind?: Kind;
  /** Layer widths, input first; the output width is 1 for 2 classes, K for K >= 3, or
   *  the number of targets of a regressor. */
  sizes: number[];
  activation: Activation;
  /** A classifier's classes, sorted as findClasses returns them; empty for a regressor. */
  classes: Label[];
  /** A regressor's per-target standardization (version 3), or null. */
  targetScaler?: { mean: number[]; scale: number[] } | null;
  /** Per-input standardization, or null when the inputs are used as given. */
  scaler: { mean: number[]; scale: number[] } | null;
  /** The input columns' names, in input order (version 2), or null. */
  featureNames?: string[] | null;
  /** The label column's name (version 2), or null. */
  labelName?: string | null;
  /** A regressor's target columns' names, one per target (version 4, where it replaces
   *  labelName), or null. */
  targetNames?: string[] | null;
  /** The parameter vector in bindings/model/weights.ts layout; length paramCount(sizes). */
  params: Float32Array;
  /** The classifier's resolved options, stored for reference and further training. */
  options: Record<string, unknown>;
}

/** A model file's fields besides the parameters, checked. */
export type Header = Omit<ModelState, "params"> & {
  kind: Kind;
  targetScaler: { mean: number[]; scale: number[] } | null;
  featureNames: string[] | null;
  labelName: string | null;
  targetNames: string[] | null;
};

/** A model file as the reader returns it: every field checked. */
export type ModelFile = Header & { params: Float32Array };

export const FORMAT = "wasmlp-mlp";
/** The newest format version: 2 added featureNames and labelName, 3 the model's kind
 *  (regressors: targetScaler instead of classes), 4 a regressor's targetNames instead of
 *  its labelName. Versions 1 to 3 are read too. */
export const VERSION = 4;
/** What a model file's `kind` (version 3) says it is. */
export const KINDS: Kind[] = ["classifier", "regressor"];
/** In the core's numbering (assembly/kernels/activations.ts). */
export const ACTIVATIONS: Activation[] = ["sigmoid", "tanh", "relu", "identity"];


type Fields = Record<string, any>;

/** What every entry says when a row's outputs come out NaN: weights that overflow float32. */
export const overflowMessage = (row: number | string): string =>
  `the model's outputs overflow float32 on X[${row}]; retrain it with a smaller learningRate or l2 > 0`;

/** What every entry says when asked for a regressor's class probabilities. */
export const noProbabilities = "an MLPRegressor's model has no predictProba: use predict";

/** Throws an Error with `message`. */
export const fail = (message: string): never => {
  throw new Error(message);
};

/** A value as an error message shows it: never the contents of an array or object, which
 *  a file can nest deeper than the stack. */
const show = (v: unknown): string =>
  typeof v === "string" ? JSON.stringify(v.slice(0, 60)) : Array.isArray(v) || (v as Float32Array)?.BYTES_PER_ELEMENT ? `an array of ${(v as unknown[]).length}` : Object(v) === v ? "an object" : String(v);

/** Throws the Error "WHERE must be WHAT, got VALUE". */
export const must = (where: string, what: string, value: unknown): never => fail(`${where} must be ${what}, got ${show(value)}`);

/** A number float32 holds: finite and within ±3.4e38. */
export const isFloat32 = (v: unknown): v is number => typeof v === "number" && Math.abs(v) <= F32_MAX;

const own = (object: Fields, key: string): any => (Object.hasOwn(object, key) ? object[key] : undefined);
const isObject = (v: unknown): v is Fields => !!v && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** A label as `<` orders labels the way model/classes.ts's compareLabels does: numbers as they
 *  are, strings with their UTF-16 units remapped so that they compare as code points.
 *  A copy (compareLabels loops over units, which sorts faster; this is shorter, for
 *  infer's budget): tests/model-acceptance.test.js proves the two agree. */
// Units U+D800–U+FFFF, as y = unit − 0xD800, go to (y + 0x2000) mod 0x2800: surrogates
// (y < 0x800) above U+E000–U+FFFF, which move down by 0x800; the rest stay.
export const codePointOrder = (label: Label): Label =>
  typeof label === "string" ? label.replace(/[\ud800-\uffff]/g, (c) => String.fromCharCode((c.charCodeAt(0) - 0xb800) % 0x2800 + 0xd800)) : label;

function checkKeys(object: Fields, known: string[], where: string): void {
  for (const key of Object.keys(object)) known.includes(key) || fail(`${where} has an unknown field ${show(key)}`);
}

/** A copy of `value`, which must be an array (or, when `typed`, a Float32Array) of `min`
 *  to `max` entries (`what`), each one passing `ok` (`item` says what an entry must be). */
function list(value: unknown, where: string, min: number, max: number, what: string, item: string, ok: (v: any, i: number, all: any[]) => unknown, typed = false): any[] {
  if (!(Array.isArray(value) || (typed && value instanceof Float32Array)) || value.length < min || value.length > max) must(where, what, value);
  const i = (value as any[]).findIndex((v, i, all) => !ok(v, i, all));
  return i < 0 ? (value as any[]).slice() : must(`${where}[${i}]`, item, (value as any[])[i]);
}

const paramCount = (sizes: number[]): number => sizes.reduce((n, w, l) => (l ? n + w * (sizes[l - 1] + 1) : 0), 0);

/**
 * Checks column names, as a model file's `featureNames` (or `targetNames`, which may not
 * repeat a name of `taken`, the feature names) or fit's option of that name.
 * @throws Error naming the entry, unless `value` is `count` distinct strings
 */
export function checkNames(value: unknown, count: number, where = "featureNames", taken?: string[] | null): string[] {
  const seen = new Set(taken);
  return list(value, where, count, count, `${count} names`, "a string not used before",
    (name) => typeof name === "string" && !seen.has(name) && seen.add(name));
}

/**
 * Checks a label column's name: a string that is not one of `featureNames`.
 * @throws Error naming the field
 */
export function checkLabelName(value: unknown, featureNames: string[] | null): string {
  return typeof value === "string" && !featureNames?.includes(value) ? value : must("labelName", "a string not in featureNames", value);
}

/**
 * Checks every field but the parameters. `extra` is the one field besides the header's
 * that this form holds ("params" in JSON, "paramCount" in bytes), if any.
 * @throws Error naming the field, for anything but a valid wasmlp model header
 */
export function checkHeader(json: unknown, extra?: string): Header {
  if (!isObject(json)) return must("not a wasmlp model: it", "a JSON object", json);
  if (own(json, "format") !== FORMAT) must("not a wasmlp model: format", `"${FORMAT}"`, own(json, "format"));
  const version = own(json, "version");
  if (![1, 2, 3, VERSION].includes(version)) must("version", `1 to ${VERSION} (upgrade wasmlp for newer)`, version);
  const kind = version > 2 ? own(json, "kind") : "classifier";
  if (!KINDS.includes(kind)) must("kind", `one of ${JSON.stringify(KINDS)}`, kind);
  const regressor = kind === "regressor";
  // From version 4 a regressor names its targets instead of one label column.
  const targets = regressor && version > 3;
  const fields = ["sizes", "activation", regressor ? "targetScaler" : "classes", "scaler", "options", ...(version > 1 ? ["featureNames", targets ? "targetNames" : "labelName"] : [])];
  checkKeys(json, ["format", "version", extra as string, ...(version > 2 ? ["kind"] : []), ...fields], "the model");
  const [sizes, activation, classes, scaler, options, featureNames = null, labelName = null] =
    fields.map((field) => (Object.hasOwn(json, field) ? json[field] : fail(`the model is missing "${field}"`)));

  const widths = list(sizes, "sizes", 2, MAX_LAYERS, `2 to ${MAX_LAYERS} layer widths`, `an integer from 1 to ${MAX_WIDTH}`,
    (w) => Number.isInteger(w) && w > 0 && w <= MAX_WIDTH);
  if (!ACTIVATIONS.includes(activation)) must("activation", `one of ${JSON.stringify(ACTIVATIONS)}`, activation);
  // Sorted as findClasses sorts them (model/classes.ts), hence distinct, and all of one kind.
  const labels = regressor ? [] : list(classes, "classes", 2, Infinity, "2 or more labels", "sorted, distinct, all finite numbers or all strings",
    (c, i, all) => (typeof c === "string" || Number.isFinite(c)) && (!i || (typeof c === typeof all[0] && codePointOrder(all[i - 1]) < codePointOrder(c))));
  // A regressor has an output per target, as many as it has.
  const outputs = labels.length > 2 ? labels.length : 1;
  if (!regressor && widths.at(-1) !== outputs) must("the last of sizes", `${outputs} for ${labels.length} classes`, widths.at(-1));
  if (!isObject(options)) must("options", "an object", options);
  const names = featureNames === null ? null : checkNames(featureNames, widths[0]);
  return {
    kind, sizes: widths, activation, classes: labels, scaler: checkScaler(scaler, "scaler", widths[0]),
    targetScaler: regressor ? checkScaler(classes, "targetScaler", widths.at(-1)) : null,
    featureNames: names, options, labelName: labelName === null || targets ? null : checkLabelName(labelName, names),
    // (In a version 4 regressor, the field read as labelName is targetNames.)
    targetNames: labelName === null || !targets ? null : checkNames(labelName, widths.at(-1), "targetNames", names),
  };
}

/** A standardization, null or { mean, scale } with `count` finite numbers each (scales > 0). */
function checkScaler(value: any, where: string, count: number): { mean: number[]; scale: number[] } | null {
  if (value === null) return null;
  if (!isObject(value)) must(where, "null or { mean, scale }", value);
  checkKeys(value, ["mean", "scale"], where);
  const vector = (key: string, positive: boolean): number[] =>
    list(own(value, key), `${where}.${key}`, count, count, `${count} numbers`, `a finite number${positive ? " > 0" : ""}`, (x) => Number.isFinite(x) && (!positive || x > 0));
  return { mean: vector("mean", false), scale: vector("scale", true) };
}

/** Checks the parameters for `sizes` (`params` in JSON, the float32s in bytes) and returns
 *  a float32 copy. */
export function checkParams(values: any, sizes: number[]): Float32Array {
  const count = paramCount(sizes);
  return new Float32Array(list(values, "params", count, count, `${count} numbers for sizes [${sizes}]`, "a finite float32 number", isFloat32, true));
}

function parse(text: () => string, what: string): Fields {
  try {
    return JSON.parse(text());
  } catch (error) {
    return fail(`${what} (${(error as Error).message})`);
  }
}

/**
 * Reads the JSON form, an object or its text.
 * @throws Error naming the field, for anything but a valid wasmlp model
 */
export function readJSON(json: unknown): ModelFile {
  if (typeof json === "string") json = parse(() => json as string, "not a wasmlp model: not valid JSON");
  const header = checkHeader(json, "params");
  return { ...header, params: checkParams(own(json as Fields, "params"), header.sizes) };
}

/**
 * Reads the bytes form: "WMLP", the header's byte length H as u32 little-endian, H bytes of
 * UTF-8 JSON (the JSON form without params, plus paramCount), zero padding to a multiple
 * of 4, then paramCount float32 little-endian.
 * @throws Error naming the field, for anything but a complete, valid wasmlp model
 */
export function readBytes(bytes: Uint8Array): ModelFile {
  const length = String.fromCharCode(...bytes.subarray(0, 4)) === "WMLP" ? (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0 : fail("not a wasmlp model (no WMLP header)");
  const start = Math.ceil(length / 4) * 4 + 8;
  // A header cut short is not valid JSON either.
  const json = parse(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + length)), "truncated or damaged model: its header is not UTF-8 JSON");
  const header = checkHeader(json, "paramCount");
  const count = own(json, "paramCount");
  // The file must end where paramCount says, checked before anything of that size is allocated.
  if (!Number.isSafeInteger(count) || start + 4 * count !== bytes.length || bytes.subarray(8 + length, start).some(Boolean)) {
    fail(`truncated or damaged model: ${bytes.length} bytes do not match paramCount (${show(count)})`);
  }
  // A Float32Array reads the host's byte order: little-endian wherever this package runs,
  // as its views on WebAssembly memory (little-endian by definition) already assume.
  return { ...header, params: checkParams(new Float32Array(bytes.slice(start).buffer), header.sizes) };
}

/**
 * Reads either form: bytes (a Uint8Array or ArrayBuffer), JSON text, or the parsed object.
 * @throws Error naming the field, for anything but a valid wasmlp model
 */
export function readModel(source: unknown): ModelFile {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  return source instanceof Uint8Array ? readBytes(source) : readJSON(source);
}
