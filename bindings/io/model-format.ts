// The model file formats as the library reads and writes them: model-file.ts's reader,
// which every entry shares, and one check more, that the stored options are options the
// model's class takes (wasmlp/infer, which never trains, leaves it out); the library's
// classes also ask for their own kind of model. A state is checked as a file is before it
// is written, so wasmlp never writes a model it would refuse to read.
import { checkHeader, checkParams, readBytes, readJSON, FORMAT, type Header, type Kind, type ModelFile, type ModelState } from "./model-file.js";
import { resolveOptions, type MLPClassifierOptions } from "../model/options.js";

export type { ModelState, ModelFile };

/** The JSON form: the state's fields with the params as numbers, under a format tag.
 *  Version 1 has no featureNames or labelName; version 2 has both (each may be null);
 *  version 3 has `kind` too, and a regressor's targetScaler instead of classes; version 4
 *  (regressors only) has targetNames instead of labelName. */
export interface ModelJSON extends Omit<ModelState, "params"> {
  format: typeof FORMAT;
  version: 1 | 2 | 3 | 4;
  params: number[];
}

type Fields = Omit<ModelJSON, "params">;

/** The stored options, checked as the loaded model's class resolves them (the file's hidden
 *  widths and activation standing for hiddenLayers and activation), and copied: the
 *  resolved value of each option the file has, so a valid file round-trips unchanged. */
function resolveStored({ options, sizes, activation, kind }: Header): Record<string, unknown> {
  let resolved: Record<string, unknown>;
  try {
    const given = { ...(options as MLPClassifierOptions), hiddenLayers: sizes.slice(1, -1), activation };
    resolved = kind === "regressor" ? resolveOptions(given, "regressor") : resolveOptions(given);
  } catch (error) {
    throw new Error(`the model's options are invalid: ${(error as Error).message}`);
  }
  return Object.fromEntries(Object.keys(options).map((name) => [name, resolved[name]]));
}

const withOptions = (state: ModelFile): ModelFile => ({ ...state, options: resolveStored(state) });

/** The class that reads each kind of model. */
const READER: Record<Kind, string> = { classifier: "MLPClassifier", regressor: "MLPRegressor" };

/** `state`, unless `kind` is given and the file holds the other kind: then an Error naming
 *  the class that reads it (checked after the options, so that both classes refuse a file
 *  whose options are invalid alike). */
function ofKind(state: ModelFile, kind: Kind | undefined): ModelFile {
  if (kind === undefined || state.kind === kind) return state;
  const reader = READER[state.kind];
  throw new Error(`this model is an ${reader}'s; load it with ${reader}.fromJSON or ${reader}.fromBytes`);
}

// The header fields in file order. Each model is written in the oldest version that holds
// it, so older wasmlp reads what it can: version 1 without names, 2 with them, 3 for a
// regressor or an identity hidden layer (which versions 1 and 2 did not have), 4 for a
// regressor that names its targets (one target's name is its labelName, in version 3).
function checkState(state: ModelState): Fields {
  if (typeof state !== "object" || state === null) throw new Error("state must be a ModelState object");
  const { sizes, activation, classes, scaler, options } = state;
  const featureNames = state.featureNames ?? null;
  const regressor = state.kind === "regressor";
  const targetNames = regressor ? state.targetNames ?? null : null;
  if (targetNames !== null && state.labelName != null) throw new Error("a state with targetNames has no labelName");
  const labelName = targetNames ?? state.labelName ?? null;
  const version = targetNames !== null ? 4 : regressor || activation === "identity" ? 3 : featureNames === null && labelName === null ? 1 : 2;
  const nameField = version > 3 ? "targetNames" : "labelName";
  const names = version > 1 ? { featureNames, [nameField]: labelName } : {};
  const kind = version > 2 ? { kind: regressor ? "regressor" : "classifier" } : {};
  const outputs = regressor ? { targetScaler: state.targetScaler ?? null } : { classes };
  const header: Header = checkHeader({ format: FORMAT, version, ...kind, sizes, activation, ...outputs, scaler, ...names, options });
  if (!(state.params instanceof Float32Array)) throw new Error("params must be a Float32Array");
  checkParams(state.params, header.sizes);
  const checked = version > 1 ? { featureNames: header.featureNames, [nameField]: version > 3 ? header.targetNames : header.labelName } : {};
  const checkedOutputs = regressor ? { targetScaler: header.targetScaler } : { classes: header.classes };
  return { format: FORMAT, version, ...kind, sizes: header.sizes, activation: header.activation, ...checkedOutputs, scaler: header.scaler, ...checked, options: resolveStored(header) } as Fields;
}

/**
 * The JSON form of a model: a plain object for JSON.stringify. Each float32 parameter is
 * widened to a double, which prints as the shortest decimal that parses back to that same
 * double, so every parameter survives exactly (except -0, which JSON prints as 0).
 * @throws Error naming the field, if `state` is not a valid model
 */
export function stateToJSON(state: ModelState): ModelJSON {
  return { ...checkState(state), params: Array.from(state.params) };
}

/**
 * Reads and validates the JSON form (the object, or its text) of a `kind` model, or of
 * either kind when `kind` is not given.
 * @throws Error naming the field, for anything but a valid wasmlp model of that kind
 */
export function stateFromJSON(json: unknown, kind?: Kind): ModelFile {
  return ofKind(withOptions(readJSON(json)), kind);
}

/**
 * The bytes form: "WMLP", the header's byte length H as u32 little-endian, H bytes of
 * UTF-8 JSON (the JSON form without params, plus paramCount), zero padding to a multiple
 * of 4, then paramCount float32 little-endian. Every parameter keeps its exact bits.
 * @throws Error naming the field, if `state` is not a valid model
 */
export function stateToBytes(state: ModelState): Uint8Array {
  const fields = checkState(state);
  const count = state.params.length;
  const text = new TextEncoder().encode(JSON.stringify({ ...fields, paramCount: count }));
  const start = Math.ceil((8 + text.length) / 4) * 4;
  const bytes = new Uint8Array(start + 4 * count);
  const view = new DataView(bytes.buffer);
  bytes.set([0x57, 0x4d, 0x4c, 0x50], 0); // "WMLP"
  view.setUint32(4, text.length, true);
  bytes.set(text, 8);
  // DataView with littleEndian = true writes the same bytes on any host.
  for (let i = 0; i < count; i++) view.setFloat32(start + 4 * i, state.params[i], true);
  return bytes;
}

/**
 * Reads and validates the bytes form of a `kind` model, or of either kind when `kind` is
 * not given.
 * @throws Error naming the field, for anything but a complete, valid wasmlp model of that kind
 */
export function stateFromBytes(bytes: Uint8Array | ArrayBuffer, kind?: Kind): ModelFile {
  if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  if (!(bytes instanceof Uint8Array)) throw new Error("model bytes must be a Uint8Array or ArrayBuffer");
  return ofKind(withOptions(readBytes(bytes)), kind);
}
