// The parameter vector's layout, mirrored from assembly/layout.ts: per layer, weights
// [units x inputs] row-major, then the layer's biases, layers back to back.
import type { Random } from "../data/random.js";
import type { Activation, Init } from "./options.js";

/** Weights in scikit-learn's shapes: coefs[l][input][unit], intercepts[l][unit]. */
export interface Weights {
  coefs: number[][][];
  intercepts: number[][];
}

export function paramCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l + 1] * (sizes[l] + 1);
  return count;
}

/** Initial parameters for `init`, drawn from `random` in parameter order.
 *  "normal": the seed article's N(0, 0.1²) for weights and biases, in the order numpy's
 *  randn(units, inputs) then randn(units, 1) fill them. "glorot": scikit-learn's
 *  uniform ±√(f / (fan-in + fan-out)) for weights and biases, f = 2 for sigmoid, else 6.
 *  "he": N(0, 2 / fan-in) weights, zero biases (He et al., 2015, for relu). */
export function initialParams(sizes: readonly number[], random: Random, init: Init, activation: Activation): Float32Array {
  const params = new Float32Array(paramCount(sizes));
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l];
    const units = sizes[l + 1];
    const count = units * (inputs + 1);
    if (init === "normal") {
      for (let i = 0; i < count; i++) params[at + i] = 0.1 * random.normal();
    } else if (init === "glorot") {
      const bound = Math.sqrt((activation === "sigmoid" ? 2 : 6) / (inputs + units));
      for (let i = 0; i < count; i++) params[at + i] = bound * (2 * random.uniform() - 1);
    } else {
      const std = Math.sqrt(2 / inputs);
      for (let i = 0; i < units * inputs; i++) params[at + i] = std * random.normal();
    }
    at += count;
  }
  return params;
}

export function unpackWeights(sizes: readonly number[], params: Float32Array): Weights {
  const coefs: number[][][] = [];
  const intercepts: number[][] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l];
    const units = sizes[l + 1];
    const layer = Array.from({ length: inputs }, (_, k) => Array.from({ length: units }, (_, j) => params[at + j * inputs + k]));
    at += units * inputs;
    coefs.push(layer);
    intercepts.push(Array.from(params.subarray(at, at + units)));
    at += units;
  }
  return { coefs, intercepts };
}

/** Checks `weights` against the widths and packs them; errors name the bad entry. */
export function packWeights(sizes: readonly number[], weights: Weights): Float32Array {
  const layers = sizes.length - 1;
  if (!weights || !Array.isArray(weights.coefs) || !Array.isArray(weights.intercepts)) {
    throw new Error("initialWeights must be { coefs, intercepts } as the classifier's coefs/intercepts return them");
  }
  if (weights.coefs.length !== layers || weights.intercepts.length !== layers) {
    throw new Error(`initialWeights must have ${layers} layers for widths [${sizes.join(", ")}], got ${weights.coefs.length} coefs and ${weights.intercepts.length} intercepts`);
  }
  const params = new Float32Array(paramCount(sizes));
  let at = 0;
  for (let l = 0; l < layers; l++) {
    const inputs = sizes[l];
    const units = sizes[l + 1];
    const layer = weights.coefs[l];
    if (!Array.isArray(layer) || layer.length !== inputs) {
      throw new Error(`initialWeights.coefs[${l}] must have ${inputs} rows (inputs), got ${Array.isArray(layer) ? layer.length : typeof layer}`);
    }
    for (let k = 0; k < inputs; k++) {
      const row = layer[k];
      if (!Array.isArray(row) || row.length !== units) {
        throw new Error(`initialWeights.coefs[${l}][${k}] must have ${units} values (units), got ${Array.isArray(row) ? row.length : typeof row}`);
      }
      for (let j = 0; j < units; j++) params[at + j * inputs + k] = finite(row[j], `initialWeights.coefs[${l}][${k}][${j}]`);
    }
    at += units * inputs;
    const bias = weights.intercepts[l];
    if (!Array.isArray(bias) || bias.length !== units) {
      throw new Error(`initialWeights.intercepts[${l}] must have ${units} values, got ${Array.isArray(bias) ? bias.length : typeof bias}`);
    }
    for (let j = 0; j < units; j++) params[at + j] = finite(bias[j], `initialWeights.intercepts[${l}][${j}]`);
    at += units;
  }
  return params;
}

function finite(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > 3.4028234663852886e38) {
    throw new Error(`${where} is ${String(value)}; weights must be finite float32 numbers`);
  }
  return value;
}
