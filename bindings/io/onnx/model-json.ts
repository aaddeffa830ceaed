// The network an ONNX graph holds as a wasmlp model file: the shared builder
// (io/import/dense-model.ts) checks the layers and rewrites the head as wasmlp keeps it
// (two classes as one sigmoid unit, classes sorted); this file adds what only an ONNX file
// carries: a regressor's target scaler, and, when the file is one toONNX wrote and its record
// (the "wasmlp" metadata) describes this very network, the record's options and names, so
// that a round trip returns toJSON's output unchanged.
import { fromDenseLayers, type DenseModel, type OutputKind } from "../import/index.js";
import { stateToJSON, type ModelJSON, type ModelState } from "../model-format.js";
import { checkNames } from "../model-file.js";
import type { Network } from "./layers.js";
import type { Label } from "../../model/classes.js";

/** What fromONNX decided: the network, its kind, and a classifier's labels in the graph's
 *  output order (for one sigmoid unit or logit: the class at 0, then at 1). */
export interface Conversion {
  network: Network;
  regression: boolean;
  classes?: readonly Label[];
}

/** Another producer's feature names, if they are names wasmlp takes for `count` inputs. */
function validNames(names: unknown[] | undefined, count: number): string[] | null {
  try {
    return names ? checkNames(names, count) : null;
  } catch {
    return null;
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const fail = (message: string): never => {
  throw new Error(message);
};

/**
 * The model file for the conversion, with `record`'s options and names when it matches,
 * else `featureNames` and `labelName` from the file's metadata when they are valid.
 * @throws Error naming the layer or field, for a model wasmlp cannot hold
 */
export function modelFromNetwork({ network, regression, classes }: Conversion, record: Record<string, any> | null, featureNames?: unknown[], labelName?: string): ModelJSON {
  const { layers } = network;
  const output: OutputKind = regression ? "identity" : network.head ?? "logits";
  const dense: DenseModel = {
    layers: layers.map((l, i) => ({
      weights: l.weights, orientation: "units-inputs", shape: [l.units, l.inputs], bias: l.biases,
      ...(i + 1 < layers.length ? { activation: network.activation ?? "identity" } : {}),
    })),
    output, classes: regression ? undefined : classes, input: network.scaler, source: "ONNX model",
  };
  const built = fromDenseLayers(dense);
  const matches = record && same(record.sizes, built.sizes) && record.activation === built.activation && (record.kind ?? "classifier") === (built.kind ?? "classifier") &&
    (regression || same(record.classes, built.classes));
  const names = matches
    ? { featureNames: record!.featureNames ?? null, labelName: record!.labelName ?? null }
    : { featureNames: validNames(featureNames, built.sizes[0]), labelName: labelName ?? null };
  const options = matches && record!.options && typeof record!.options === "object" ? record!.options : built.options;
  const state = { ...built, ...names, options, params: Float32Array.from(built.params), ...(regression ? { targetScaler: network.outputScale } : {}) } as ModelState & { format?: string };
  delete state.format;
  delete (state as { version?: number }).version;
  try {
    return stateToJSON(state);
  } catch (error) {
    return fail(`the ONNX model does not make a valid wasmlp model: ${(error as Error).message}`);
  }
}
