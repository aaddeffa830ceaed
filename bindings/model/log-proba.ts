// Log-probabilities that stay finite where probabilities underflow. The core computes
// probabilities in float32, where a sigmoid or softmax saturates: 1 - p rounds to 0 once
// p is within 2^-25 of 1, and e^z underflows below z ≈ -103, so log(predictProba) gives
// -Infinity (or a value with one significant bit) where the true log-probability is a
// finite number such as -120. This runs the network again in float64 from the model's
// float32 weights and takes each row's log-softmax of its logits, z_k - logsumexp(z)
// (for one sigmoid output, the log-sigmoids -softplus(-z) and -softplus(z)): exact to
// float64 rounding, and the log of predictProba's value within float32 rounding wherever
// that value is a normal float32.
import type { Activation } from "./options.js";
import type { Scaler } from "./scaler.js";
import type { Samples } from "../data/samples.js";
import { F32_MAX } from "../limits.js";

const HIDDEN: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  identity: (z) => z,
};

/** log(1 + e^x) without overflow for large x or loss for very negative x. */
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * Log-probabilities, row-major [rows x columns] (2 columns for one sigmoid output).
 * @param params the parameters in weights.ts layout: per layer, W [units x inputs] row-major, then b
 * @param samples checked samples; each input is rounded to float32 and standardized as
 *   the core reads it, so both runs start from the same inputs
 */
export function logProbabilities(sizes: readonly number[], params: Float32Array, activation: Activation, scaler: Scaler | null, samples: Samples): Float64Array {
  const outputs = sizes[sizes.length - 1];
  const columns = Math.max(outputs, 2);
  const result = new Float64Array(samples.rows * columns);
  const hidden = HIDDEN[activation];
  let a = new Float64Array(sizes[0]);
  for (let r = 0; r < samples.rows; r++) {
    for (let c = 0; c < sizes[0]; c++) {
      const x = Math.fround(samples.value(r, c));
      a[c] = scaler ? Math.fround(Math.max(-F32_MAX, Math.min(F32_MAX, (x - scaler.mean[c]) / scaler.scale[c]))) : x;
    }
    let at = 0;
    for (let l = 1; l < sizes.length; l++) {
      const inputs = sizes[l - 1];
      const units = sizes[l];
      const z = new Float64Array(units);
      for (let j = 0; j < units; j++) {
        let sum = params[at + units * inputs + j];
        for (let k = 0; k < inputs; k++) sum += params[at + j * inputs + k] * a[k];
        z[j] = l + 1 < sizes.length ? hidden(sum) : sum;
      }
      at += units * (inputs + 1);
      a = z;
    }
    // float64 overflows only far beyond float32 (weights and inputs are float32), but a
    // deep network can get there; an Infinity would make its log-softmax NaN.
    if (!a.every(Number.isFinite)) throw new Error(`the model's outputs overflow float64 on X[${r}]; retrain it with a smaller learningRate or l2 > 0`);
    const out = result.subarray(r * columns, (r + 1) * columns);
    if (outputs === 1) {
      out[0] = -softplus(a[0]);
      out[1] = -softplus(-a[0]);
    } else {
      let top = -Infinity;
      for (let k = 0; k < outputs; k++) top = Math.max(top, a[k]);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(a[k] - top);
      const log = top + Math.log(sum);
      for (let k = 0; k < outputs; k++) out[k] = a[k] - log;
    }
    a = new Float64Array(sizes[0]);
  }
  return result;
}
