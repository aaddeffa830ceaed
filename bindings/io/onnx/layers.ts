// The chain's tokens as a dense MLP: an input standardization, dense layers with one hidden
// activation, an output head, and (for a regressor) a target standardization.
//
//   [affine] (dense [affine] [activation])+ [softmax | sigmoid [binary]] [affine]
//
// An affine step straight after a MatMul whose constant has a value per unit is that
// layer's bias (MatMul + Add is how tf2onnx writes a dense layer). Other affine steps
// after a dense layer are folded into it (w·x + b, then y·m + a, is (m·w)·x + (m·b + a)),
// except, for a regressor, those after the last layer: they are its target scaler, kept in
// float64 as wasmlp keeps it. Steps before the first layer become the input scaler,
// (x − mean) / scale, so Sub then Div by constants give exactly those mean and scale.
import type { AffineStep, Chain, Token } from "./chain.js";

export type HiddenActivation = "relu" | "sigmoid" | "tanh" | "identity";

export interface DenseLayer {
  inputs: number;
  units: number;
  /** [units x inputs] row-major. */
  weights: Float32Array;
  biases: Float32Array;
}

export interface Network {
  features: number;
  layers: DenseLayer[];
  /** The hidden layers' activation, or null when there are none. */
  activation: HiddenActivation | null;
  /** The last layer's output: "softmax" or "sigmoid", or null (logits, or a regressor's
   *  values). */
  head: "softmax" | "sigmoid" | null;
  /** Where the head is, for errors. */
  headWhere: string | null;
  scaler: { mean: number[]; scale: number[] } | null;
  /** y = z · scale + mean after the last layer, or null. */
  outputScale: { mean: number[]; scale: number[] } | null;
}

const fail = (message: string): never => {
  throw new Error(message);
};

/** (x − mean) / scale composed with `steps`, per unit: as a standardization of its input. */
function inputScale(steps: AffineStep[], width: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(width);
  const scale = new Float64Array(width).fill(1);
  for (const { op, values, constantFirst, where } of steps) {
    for (let i = 0; i < width; i++) {
      const c = values[i];
      // u = (x − mean) / scale becomes u − c = (x − (mean + c·scale)) / scale, and
      // c − u = (x − (mean + c·scale)) / −scale; u + c and u · c, u / c likewise.
      if (op === "Sub") {
        mean[i] += c * scale[i];
        if (constantFirst) scale[i] = -scale[i];
      } else if (op === "Add") mean[i] -= c * scale[i];
      else if (op === "Mul") scale[i] /= c;
      else if (constantFirst) fail(`${where}: a Div of a constant by the input is not an elementwise scaling`);
      else scale[i] *= c;
      if (!Number.isFinite(mean[i]) || !Number.isFinite(scale[i]) || scale[i] === 0) fail(`${where}: the input scaling of input ${i} is not invertible (it multiplies by 0 or overflows)`);
    }
  }
  return { mean, scale };
}

/** y = z · scale + mean composed with `steps`. */
function outputScale(steps: AffineStep[], width: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(width);
  const scale = new Float64Array(width).fill(1);
  for (const { op, values, constantFirst, where } of steps) {
    for (let i = 0; i < width; i++) {
      const c = values[i];
      if (op === "Add") mean[i] += c;
      else if (op === "Sub" && !constantFirst) mean[i] -= c;
      else if (op === "Sub") {
        mean[i] = c - mean[i];
        scale[i] = -scale[i];
      } else if (op === "Mul") {
        mean[i] *= c;
        scale[i] *= c;
      } else if (constantFirst) fail(`${where}: a Div of a constant by the output is not an elementwise scaling`);
      else {
        mean[i] /= c;
        scale[i] /= c;
      }
      if (!Number.isFinite(mean[i]) || !Number.isFinite(scale[i]) || scale[i] === 0) fail(`${where}: the output scaling of output ${i} is not invertible (it multiplies by 0 or overflows)`);
    }
  }
  return { mean, scale };
}

/** Folds y·scale + mean (per unit) into the layer: rows of W and b times scale, b + mean. */
function fold(layer: DenseLayer, { mean, scale }: { mean: Float64Array; scale: Float64Array }): void {
  for (let j = 0; j < layer.units; j++) {
    for (let k = 0; k < layer.inputs; k++) layer.weights[j * layer.inputs + k] *= scale[j];
    layer.biases[j] = layer.biases[j] * scale[j] + mean[j];
  }
}

/** A scaler with positive scales: a negative scale's sign moves into the layer it feeds
 *  (for the input, the first layer's column; for the output, the last layer's row). */
function positive(s: { mean: Float64Array; scale: Float64Array }, flip: (i: number) => void): { mean: number[]; scale: number[] } {
  for (let i = 0; i < s.scale.length; i++) {
    if (s.scale[i] < 0) {
      s.scale[i] = -s.scale[i];
      flip(i);
    }
  }
  return { mean: Array.from(s.mean), scale: Array.from(s.scale) };
}

const whereOf = (t: Token): string => ("where" in t ? t.where : t.steps[0].where);

/**
 * The network a chain describes.
 * @param regression whether a trailing scaling is a target scaler (else it is folded)
 * @throws Error naming the node, for tokens out of the order above
 */
export function toNetwork(chain: Chain, regression: boolean): Network {
  const tokens = chain.tokens.slice();
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const firstAffine = peek()?.t === "affine" ? (tokens[i++] as Extract<Token, { t: "affine" }>) : null;
  const layers: (DenseLayer & { where: string })[] = [];
  const activations: { name: HiddenActivation; where: string }[] = [];
  let head: Network["head"] = null;
  let headWhere: string | null = null;
  let trailing: AffineStep[] | null = null;
  for (;;) {
    const token = tokens[i++];
    if (token?.t !== "dense") return fail(token ? `${whereOf(token)}: expected a Gemm or MatMul layer here; not a dense MLP` : "the graph ends after an activation, without an output layer");
    const t = token;
    const layer = { inputs: t.inputs, units: t.units, weights: t.weights.slice(), biases: t.biases.slice(), where: t.where };
    layers.push(layer);
    let after = peek();
    if (after?.t === "affine") {
      const steps = after.steps.slice();
      i++;
      // tf2onnx's MatMul + Add: the Add of one value per unit is the bias.
      if (t.matmul && steps[0].op === "Add") layer.biases.set(steps.shift()!.values);
      const end = i >= tokens.length;
      if (regression && end && steps.length) trailing = steps;
      else if (steps.length) fold(layer, outputScale(steps, layer.units));
      after = peek();
    }
    if (after?.t === "activation") {
      i++;
      if (i >= tokens.length || tokens[i].t === "binary") {
        if (after.name !== "sigmoid") fail(`${after.where}: the output layer ends in ${after.name}; wasmlp outputs are softmax, sigmoid, or (for a regressor) none`);
        head = "sigmoid";
        headWhere = after.where;
        if (tokens[i]?.t === "binary") i++;
        break;
      }
      activations.push({ name: after.name, where: after.where });
      continue;
    }
    if (after?.t === "softmax") {
      i++;
      head = "softmax";
      headWhere = after.where;
      break;
    }
    if (after === undefined) break;
    if (after.t === "dense") {
      activations.push({ name: "identity", where: after.where });
      continue;
    }
    fail(`${whereOf(after)}: not where a dense MLP has it`);
  }
  if (i < tokens.length) {
    fail(`${whereOf(tokens[i])}: the graph goes on after its output (${headWhere}); not a dense MLP`);
  }
  const names = new Set(activations.map((a) => a.name));
  if (names.size > 1) fail(`the hidden layers use ${[...names].join(" and ")} (${activations.map((a) => a.where).join(", ")}); a wasmlp model has one activation for every hidden layer`);
  const features = chain.features;
  const scaler = firstAffine && positive(inputScale(firstAffine.steps, features), (k) => {
    const first = layers[0];
    for (let j = 0; j < first.units; j++) first.weights[j * first.inputs + k] = -first.weights[j * first.inputs + k];
  });
  const last = layers[layers.length - 1];
  const targets = trailing && positive(outputScale(trailing, last.units), (j) => {
    for (let k = 0; k < last.inputs; k++) last.weights[j * last.inputs + k] = -last.weights[j * last.inputs + k];
    last.biases[j] = -last.biases[j];
  });
  return { features, layers, activation: activations[0]?.name ?? null, head, headWhere, scaler, outputScale: targets };
}
