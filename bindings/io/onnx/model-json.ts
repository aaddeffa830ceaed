// Dense layers as a wasmlp model file, checked by the same code that checks toJSON's output.
// When the file is one toONNX wrote and its record (the "wasmlp" metadata) describes this
// very network, the record's options and names come back too, so that a round trip
// returns toJSON's output unchanged.
import { stateToJSON, type ModelJSON, type ModelState } from "../model-format.js";
import { checkNames } from "../model-file.js";
import type { DenseLayer, HiddenActivation } from "./layers.js";
import type { Label } from "../../model/classes.js";

type Scaler = { mean: number[]; scale: number[] } | null;

/** What an importer hands over: layers in order, the hidden activation (null when there
 *  is no hidden layer), the input scaler, and the classes or the target scaler. */
export type ImportedModel =
  | { kind: "classifier"; layers: DenseLayer[]; activation: HiddenActivation | null; scaler: Scaler; classes: Label[] }
  | { kind: "regressor"; layers: DenseLayer[]; activation: HiddenActivation | null; scaler: Scaler; targetScaler: Scaler };

/** A model without hidden layers (logistic or linear regression) gets one identity layer
 *  of the inputs' width with identity weights: 1·x + 0 is x exactly, so its outputs keep
 *  their bits, and wasmlp's classes (which need a hidden layer) read it. */
function withHidden(layers: DenseLayer[]): DenseLayer[] {
  if (layers.length > 1) return layers;
  const n = layers[0].inputs;
  const weights = new Float32Array(n * n);
  for (let i = 0; i < n; i++) weights[i * n + i] = 1;
  return [{ inputs: n, units: n, weights, biases: new Float32Array(n) }, layers[0]];
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

/**
 * The model file for `model`, with `record`'s options and names when it matches, else
 * `featureNames` and `labelName` when given.
 * @throws Error naming the field, for a model wasmlp cannot hold (e.g. too many layers)
 */
export function modelFromLayers(model: ImportedModel, record: Record<string, any> | null, featureNames?: unknown[], labelName?: string): ModelJSON {
  const layers = withHidden(model.layers);
  const activation = model.layers.length > 1 ? (model.activation ?? "identity") : "identity";
  const sizes = [layers[0].inputs, ...layers.map((l) => l.units)];
  const params = new Float32Array(layers.reduce((n, l) => n + l.units * (l.inputs + 1), 0));
  let at = 0;
  for (const l of layers) {
    params.set(l.weights, at);
    params.set(l.biases, at + l.weights.length);
    at += l.weights.length + l.units;
  }
  const regressor = model.kind === "regressor";
  const matches = record && same(record.sizes, sizes) && record.activation === activation && (record.kind ?? "classifier") === model.kind;
  const names = matches
    ? { featureNames: record!.featureNames ?? null, labelName: record!.labelName ?? null }
    : { featureNames: validNames(featureNames, sizes[0]), labelName: labelName ?? null };
  const state = {
    ...(regressor ? { kind: "regressor", classes: [], targetScaler: model.targetScaler } : { classes: model.classes }),
    sizes, activation, scaler: model.scaler, ...names, params, options: matches && record!.options && typeof record!.options === "object" ? record!.options : {},
  } as ModelState;
  try {
    return stateToJSON(state);
  } catch (error) {
    throw new Error(`the ONNX model does not make a valid wasmlp model: ${(error as Error).message}`);
  }
}
