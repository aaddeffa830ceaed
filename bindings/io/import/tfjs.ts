// TensorFlow.js layers models (tf.sequential of dense layers), as model.save writes them:
// model.json, whose modelTopology lists the layers and whose weightsManifest names each
// weight with its shape and dtype, and the weight files the manifest's paths name, whose
// bytes are the weights back to back in manifest order (little-endian float32). Keras
// models converted by tensorflowjs_converter have the same files, with the topology under
// modelTopology.model_config and an InputLayer first. This file finds the dense layers and
// their weights; dense-model.ts checks and converts them.
import type { ModelJSON } from "../model-format.js";
import type { Label } from "../../model/classes.js";
import type { Activation } from "../model-file.js";
import { fromDenseLayers, type DenseLayer, type OutputKind } from "./dense-model.js";
import { fail, isRecord, parseJSON, show } from "./fields.js";

/** fromTfjs's options. */
export interface TfjsOptions {
  /** The labels of the output columns, in column order (for one sigmoid unit: [the class
   *  at 0, the class at 1]). Default 0, 1, ... K-1 (the column indices argMax gives). */
  classes?: Label[] | null;
  /** "classification" or "regression". Default: a softmax or sigmoid last layer is a
   *  classifier; a linear one a regressor, unless `classes` are given or the task is
   *  "classification" (then its outputs are logits). */
  task?: "classification" | "regression";
}

/** The weight bytes: one buffer (the files of the manifest's paths, concatenated in
 *  order), or one buffer per path. */
export type TfjsWeights = Uint8Array | ArrayBuffer | ArrayLike<Uint8Array | ArrayBuffer>;

/** Keras activations by wasmlp's hidden-layer names. */
const HIDDEN: Record<string, Activation> = { relu: "relu", sigmoid: "sigmoid", tanh: "tanh", linear: "identity" };
/** Layers that pass their input through unchanged at inference. */
const PASS_THROUGH = ["Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise"];
/** Bytes per element of each dtype a manifest may list (TF.js's DTYPE_VALUE_SIZE_MAP). */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

type Spec = { name: string; shape: number[]; dtype: string; offset: number; size: number; group?: unknown };

const layerWhere = (i: number, name: unknown, kind: string): string => `layer ${i} (${[kind, typeof name === "string" ? JSON.stringify(name.slice(0, 80)) : ""].filter(Boolean).join(" ")})`;

/** The weightsManifest's entries, each with its offset in the concatenated bytes. */
function readManifest(manifest: unknown): { specs: Spec[]; total: number; paths: string[] } {
  if (!Array.isArray(manifest) || manifest.length === 0) fail(`weightsManifest must be a list of { paths, weights } groups, got ${show(manifest)}`);
  const specs: Spec[] = [];
  const paths: string[] = [];
  let total = 0;
  // Array.from everywhere: a sparse array's holes become undefined, which the checks see
  // (forEach, every and some would skip them).
  Array.from(manifest as unknown[]).forEach((group, g) => {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) fail(`weightsManifest[${g}] must be { paths: [...], weights: [...] }`);
    const { paths: files, weights } = group as { paths: unknown[]; weights: unknown[] };
    Array.from(files).forEach((p, i) => (typeof p === "string" ? paths.push(p) : fail(`weightsManifest[${g}].paths[${i}] must be a file name, got ${show(p)}`)));
    Array.from(weights).forEach((w, i) => {
      const where = `weightsManifest[${g}].weights[${i}]`;
      if (!isRecord(w) || typeof w.name !== "string") return fail(`${where} must be { name, shape, dtype }`);
      const { name, dtype, quantization } = w;
      const shape = Array.isArray(w.shape) ? Array.from(w.shape as unknown[]) : w.shape;
      if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) return fail(`${where} (${JSON.stringify(name)}): shape must be a list of sizes, got ${show(shape)}`);
      if (quantization !== undefined && quantization !== null) return fail(`${where} (${JSON.stringify(name)}) is quantized; fromTfjs reads float32 weights (save the model without quantization)`);
      if (typeof dtype !== "string" || !Object.hasOwn(DTYPE_BYTES, dtype)) return fail(`${where} (${JSON.stringify(name)}) has dtype ${show(dtype)}; fromTfjs reads float32 weights`);
      // Sizes are bounded by the bytes given (checked by the caller) long before any
      // product stops being exact: a huge declared shape only fails that check.
      const count = (shape as number[]).reduce((a, b) => a * b, 1);
      const size = count * DTYPE_BYTES[dtype as string];
      specs.push({ name, shape: shape as number[], dtype: dtype as string, offset: total, size, group: w.group });
      total += size;
    });
  });
  return { specs, total, paths };
}

/** The weight bytes as one Uint8Array. */
function joinWeights(weights: TfjsWeights): Uint8Array {
  if (weights instanceof ArrayBuffer) return new Uint8Array(weights);
  if (weights instanceof Uint8Array) return weights;
  const parts = weights && typeof weights === "object" && typeof (weights as ArrayLike<unknown>).length === "number" ? Array.from(weights as ArrayLike<unknown>) : fail(`the weights must be a Uint8Array or ArrayBuffer (weights.bin), or one per path of weightsManifest, got ${show(weights)}`);
  const buffers = parts.map((p, i) => (p instanceof Uint8Array ? p : p instanceof ArrayBuffer ? new Uint8Array(p) : fail(`weights[${i}] must be a Uint8Array or ArrayBuffer, got ${show(p)}`)));
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of buffers) (out.set(b, at), (at += b.length));
  return out;
}

/** The layer list of a Sequential topology: tf.sequential's own, or a converted Keras
 *  model's (under model_config; old Keras wrote config as the list itself). */
function sequentialLayers(topology: unknown): unknown[] {
  if (!isRecord(topology)) return fail(`modelTopology must be an object (model.json as model.save writes it), got ${show(topology)}`);
  const model = isRecord(topology.model_config) ? topology.model_config : topology;
  if (model.class_name !== "Sequential") fail(`the model's class_name is ${show(model.class_name)}; fromTfjs takes tf.sequential models of dense layers ("Sequential")`);
  const config = model.config;
  const layers = Array.isArray(config) ? config : isRecord(config) ? config.layers : undefined;
  return Array.isArray(layers) && layers.length > 0 ? Array.from(layers) : fail("the Sequential model has no layers");
}

type Found = { name: string; units: number; useBias: boolean; activation: string; where: string; inputs?: number };

/** The inputs a layer's batch_input_shape (Keras 3: batch_shape) declares, if any. */
function declaredInputs(config: Record<string, unknown>, where: string): number | undefined {
  const shape = config.batch_input_shape ?? config.batch_shape;
  if (shape === undefined || shape === null) return undefined;
  if (!Array.isArray(shape) || shape.length !== 2 || !(Number.isSafeInteger(shape[1]) && shape[1] > 0)) {
    const shown = Array.isArray(shape) && shape.length <= 8 ? `[${Array.from(shape, show).join(", ")}]` : show(shape);
    fail(`${where} takes inputs of shape ${shown}; wasmlp takes rows of numbers, shape [null, features]`);
  }
  return (shape as number[])[1];
}

/** The dense layers, with Activation layers folded into the dense layer before them. */
function denseLayers(layers: unknown[]): Found[] {
  const found: Found[] = [];
  let inputs: number | undefined;
  layers.forEach((layer, i) => {
    const kind = isRecord(layer) ? layer.class_name : undefined;
    const config = isRecord(layer) && isRecord(layer.config) ? layer.config : fail(`layer ${i} must be { class_name, config }, got ${show(layer)}`);
    const where = layerWhere(i, config.name, typeof kind === "string" ? kind : "");
    if (typeof kind !== "string") fail(`${where} has no class_name (the kind of layer it is)`);
    const declared = declaredInputs(config, where);
    if (found.length === 0 && declared !== undefined) inputs = declared;
    if (kind === "InputLayer" || PASS_THROUGH.includes(kind as string)) return;
    if (kind === "Flatten") {
      // Flattening rows of numbers changes nothing; anything wider is not a dense MLP's input.
      if (found.length === 0 && inputs === undefined) fail(`${where} flattens inputs of unknown shape; wasmlp takes rows of numbers, shape [null, features]`);
      return;
    }
    if (kind === "Activation") {
      // A linear Activation layer changes nothing.
      if (config.activation === "linear") return;
      const previous = found.at(-1);
      if (!previous) return fail(`${where} comes before any Dense layer; fromTfjs takes activations after dense layers`);
      if (previous.activation !== "linear") fail(`${where} follows ${previous.where}, which already applies ${previous.activation}; wasmlp applies one activation per layer`);
      previous.activation = typeof config.activation === "string" ? config.activation : fail(`${where}: activation must be a name, got ${show(config.activation)}`);
      previous.where += ` and ${where}`;
      return;
    }
    if (kind !== "Dense") fail(`${where} is not a dense layer; fromTfjs takes tf.sequential models of Dense layers (Dropout, Activation, Flatten and InputLayer allowed)`);
    const { units, name } = config;
    const activation = config.activation ?? "linear";
    if (typeof name !== "string") fail(`${where} has no name, which its weights are found by`);
    if (!Number.isSafeInteger(units) || (units as number) < 1) fail(`${where}: units must be a positive integer, got ${show(units)}`);
    if (typeof activation !== "string") fail(`${where}: activation must be a name, got ${show(activation)}`);
    const useBias = config.use_bias ?? true;
    if (typeof useBias !== "boolean") fail(`${where}: use_bias must be true or false, got ${show(useBias)}`);
    found.push({ name: name as string, units: units as number, useBias: useBias as boolean, activation: activation as string, where, inputs: found.length === 0 ? inputs : undefined });
  });
  return found.length > 0 ? found : fail("the model has no Dense layer");
}

/** The one manifest entry `layer`'s `role` ("kernel", "bias") is: named LAYER/ROLE, or
 *  ending in /LAYER/ROLE (converted Keras models put scopes in front). */
function weightOf(specs: Spec[], used: Set<Spec>, layer: Found, role: string): Spec {
  const name = `${layer.name}/${role}`;
  const matches = specs.filter((s) => s.group !== "optimizer" && (s.name === name || s.name.endsWith(`/${name}`)));
  if (matches.length === 0) fail(`${layer.where} has no ${role} in weightsManifest (expected a weight named "${name}")`);
  if (matches.length > 1) fail(`${layer.where}'s ${role}: weightsManifest has ${matches.length} weights named like "${name}"`);
  const spec = matches[0];
  if (spec.dtype !== "float32") fail(`${layer.where}'s ${role} "${spec.name}" has dtype ${spec.dtype}; fromTfjs reads float32 weights`);
  used.add(spec);
  return spec;
}

function checkShape(spec: Spec, shape: number[], layer: Found, role: string): void {
  if (spec.shape.length !== shape.length || spec.shape.some((n, i) => n !== shape[i])) {
    fail(`${layer.where}'s ${role} "${spec.name}" has shape [${spec.shape}], expected [${shape}]`);
  }
}

/** `spec`'s float32 values, little-endian as TF.js writes them on every platform it runs on. */
function values(bytes: Uint8Array, spec: Spec): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + spec.offset, spec.size);
  return Float32Array.from({ length: spec.size / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

/**
 * A wasmlp model (the JSON form toJSON writes) from a TensorFlow.js tf.sequential model of
 * dense layers: model.json (the object or its text) and the weight bytes its manifest
 * describes. Hidden activations relu, sigmoid, tanh and linear (one for all hidden
 * layers); the last layer softmax, sigmoid (one unit) or linear (a regressor, or logits);
 * a binary head written as Dense(2, softmax) becomes wasmlp's one sigmoid unit exactly.
 * Dropout layers (and AlphaDropout, GaussianDropout, GaussianNoise) do nothing at
 * inference and are skipped; an Activation layer applies to the dense layer before it.
 * @throws Error naming the layer or weight, for anything else: other layers
 *   (BatchNormalization, Conv...), other activations, missing, misshapen or quantized
 *   weights, weight bytes whose length does not match the manifest
 */
export function fromTfjs(modelJson: unknown, weights: TfjsWeights, options: TfjsOptions = {}): ModelJSON {
  const json = typeof modelJson === "string" ? parseJSON(modelJson, "model.json") : modelJson;
  if (!isRecord(json)) return fail(`model.json must be a JSON object with modelTopology and weightsManifest, got ${show(json)}`);
  if (!isRecord(options)) fail(`options must be { classes, task }, got ${show(options)}`);
  const { classes, task } = options;
  if (task !== undefined && task !== "classification" && task !== "regression") fail(`task must be "classification" or "regression", got ${show(task)}`);
  if (json.format === "graph-model") fail("this is a TF.js graph model (a converted SavedModel or frozen graph), not a layers model; fromTfjs reads the model.json that a layers model's model.save writes (for a graph, convert it to ONNX and use fromONNX)");
  const layers = denseLayers(sequentialLayers(json.modelTopology));
  const { specs, total } = readManifest(json.weightsManifest);
  const bytes = joinWeights(weights);
  if (bytes.length !== total) fail(`the weights are ${bytes.length} bytes, but weightsManifest describes ${total}: ${bytes.length < total ? "truncated, or not this model's weights" : "not this model's weights"}`);

  const used = new Set<Spec>();
  let inputs = layers[0].inputs;
  const dense: DenseLayer[] = layers.map((layer, l) => {
    const kernel = weightOf(specs, used, layer, "kernel");
    if (kernel.shape.length !== 2) fail(`${layer.where}'s kernel "${kernel.name}" has shape [${kernel.shape}], expected [inputs, ${layer.units}]`);
    checkShape(kernel, [inputs ?? kernel.shape[0], layer.units], layer, "kernel");
    inputs = layer.units;
    const bias = layer.useBias ? weightOf(specs, used, layer, "bias") : undefined;
    if (bias) checkShape(bias, [layer.units], layer, "bias");
    const last = l === layers.length - 1;
    if (!last && !Object.hasOwn(HIDDEN, layer.activation)) fail(`${layer.where} has the activation ${show(layer.activation)}; wasmlp's hidden layers take relu, sigmoid, tanh or linear`);
    return {
      weights: values(bytes, kernel), shape: kernel.shape as [number, number], orientation: "inputs-units",
      bias: bias ? values(bytes, bias) : null, name: layer.name, ...(last ? {} : { activation: HIDDEN[layer.activation] }),
    };
  });
  // Optimizer state saved with includeOptimizer is not the model's; anything else unused is.
  const stray = specs.find((s) => !used.has(s) && s.group !== "optimizer");
  if (stray) fail(`weightsManifest has the weight "${stray.name}", which no Dense layer of the model uses`);

  const last = layers.at(-1) as Found;
  return fromDenseLayers({ layers: dense, output: outputKind(last, task, classes), classes, source: "TF.js model" });
}

/** What the last layer's outputs are, from its activation and the options. */
function outputKind(last: Found, task: TfjsOptions["task"], classes: TfjsOptions["classes"]): OutputKind {
  const classifier = task === "classification" || (task === undefined && classes !== undefined && classes !== null);
  if (last.activation === "softmax" || last.activation === "sigmoid") {
    if (task === "regression") fail(`${last.where} ends in ${last.activation}, a classifier's output; a regressor's last layer is linear`);
    return last.activation;
  }
  if (last.activation !== "linear") fail(`${last.where} is the output layer with the activation ${show(last.activation)}; fromTfjs takes softmax, sigmoid or linear there`);
  return classifier ? "logits" : "identity";
}
