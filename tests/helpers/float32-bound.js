// How far two float32 evaluations of the same MLP may differ: a running error bound,
// computed in float64 alongside a plain forward pass of a wasmlp model file. Two correct
// float32 implementations (wasmlp's core, onnxruntime, PyTorch) each stay within the bound
// of the exact result, so they differ by at most twice it.
//
// With u = 2^-24 (float32's unit roundoff), a dot product of n terms summed in any order,
// fused or not, errs by at most γ_n · Σ|w_k h_k| with γ_n = n·u / (1 − n·u) (Higham,
// "Accuracy and Stability of Numerical Algorithms", §3.1); errors already in the inputs h
// pass through as Σ|w_k| e_k. An activation f moves an error e in z by at most e times
// f's largest slope on [z − e, z + e] (relu: 0 or 1; sigmoid and tanh: their slope at the
// point of that interval nearest 0), plus its own rounding, taken as 4u of the result for
// the exp-based ones (the core's expf and onnxruntime's are each within a couple of ulps).
// Softmax moves p_j by p_j (e_j + Σ_i p_i e_i) to first order (∂p_j/∂z_i = p_j (δ_ij − p_i)),
// a sigmoid output p by p (1 − p) e, both evaluated at their worst within the error. Inputs
// standardized as (x − mean) / scale in float32 (PyTorch does) err by u(|x| + |mean|) / scale
// twice over, plus the final rounding. The errors are small, so their squares are dropped.
import { ACTIVATIONS } from "./mlp-reference.js";

const U = 2 ** -24;

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
/** The largest slope of each activation within `e` of `z`. */
const SLOPES = {
  relu: (z, e) => (z + e > 0 ? 1 : 0),
  identity: () => 1,
  sigmoid: (z, e) => {
    const p = sigmoid(Math.max(0, Math.abs(z) - e));
    return p * (1 - p);
  },
  tanh: (z, e) => 1 - Math.tanh(Math.max(0, Math.abs(z) - e)) ** 2,
};
const gamma = (n) => (n * U) / (1 - n * U);

/**
 * The model file `model`'s outputs for `row` in float64, with a bound on each output's
 * float32 error: `{ values, bounds }`, probabilities for a classifier (one per class),
 * predictions for a regressor.
 */
export function boundedForward(model, row) {
  const { sizes, params, scaler, activation } = model;
  let h = row.map((x, i) => (scaler ? (x - scaler.mean[i]) / scaler.scale[i] : x));
  let e = row.map((x, i) => (scaler ? U * (Math.abs(h[i]) + 2 * (Math.abs(x) + Math.abs(scaler.mean[i])) / scaler.scale[i]) : 0));
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [inputs, units] = [sizes[l], sizes[l + 1]];
    const z = [];
    const ez = [];
    for (let j = 0; j < units; j++) {
      let sum = params[at + units * inputs + j];
      let size = Math.abs(sum);
      let carried = 0;
      for (let k = 0; k < inputs; k++) {
        const w = params[at + j * inputs + k];
        sum += w * h[k];
        size += Math.abs(w * h[k]);
        carried += Math.abs(w) * e[k];
      }
      z.push(sum);
      ez.push(carried + gamma(inputs + 1) * size);
    }
    at += units * (inputs + 1);
    if (l + 2 < sizes.length) {
      h = z.map(ACTIVATIONS[activation].forward);
      e = ez.map((err, j) => SLOPES[activation](z[j], err) * err + 4 * U * Math.abs(h[j]));
    } else {
      h = z;
      e = ez;
    }
  }
  if (model.kind === "regressor") {
    const t = model.targetScaler;
    return {
      values: h.map((z, j) => (t ? z * t.scale[j] + t.mean[j] : z)),
      bounds: e.map((err, j) => (t ? err * t.scale[j] : err) + U * Math.abs(t ? h[j] * t.scale[j] + t.mean[j] : h[j])),
    };
  }
  if (h.length === 1) {
    const p = sigmoid(h[0]);
    const err = SLOPES.sigmoid(h[0], e[0]) * e[0] + 4 * U;
    return { values: [1 - p, p], bounds: [err + U, err] };
  }
  const top = Math.max(...h);
  const exps = h.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const p = exps.map((v) => v / total);
  // Each p at its largest within the errors, for the first-order bound.
  const most = p.map((pj, j) => Math.min(1, pj * Math.exp(2 * Math.max(...e)) + e[j]));
  const spread = most.reduce((sum, pi, i) => sum + pi * e[i], 0);
  return { values: p, bounds: most.map((pj, j) => pj * (e[j] + spread) + 4 * U * h.length) };
}
