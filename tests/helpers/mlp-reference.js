// An independent float64 model of the general classifier, written the plain way: one row
// at a time, every sum spelled out, no shared code with the library. Weights are in
// scikit-learn's shapes (coefs[l][input][unit], intercepts[l][unit]); labels are class
// indices 0..K-1; two classes use one sigmoid output, K >= 3 a softmax over K outputs.

export const ACTIVATIONS = {
  sigmoid: { forward: (z) => 1 / (1 + Math.exp(-z)), derivativeFromOutput: (a) => a * (1 - a) },
  tanh: { forward: (z) => Math.tanh(z), derivativeFromOutput: (a) => 1 - a * a },
  // The subgradient at 0 is taken as 0, as scikit-learn's inplace_relu_derivative does.
  relu: { forward: (z) => Math.max(z, 0), derivativeFromOutput: (a) => (a > 0 ? 1 : 0) },
  identity: { forward: (z) => z, derivativeFromOutput: () => 1 },
};

/** A deterministic stream of numbers in [0, 1) (a 31-bit LCG), for test data and weights. */
export function lcg(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 1) / 2147483648;
}

/** Layer widths of a network for `features` inputs, `hidden` layers and `classes` classes. */
export function networkSizes(features, hidden, classes) {
  return [features, ...hidden, classes === 2 ? 1 : classes];
}

/** Weights uniform in ±scale, rounded to float32 so the core starts from exactly these. */
export function randomWeights(sizes, seed, scale = 0.5) {
  const next = lcg(seed);
  const draw = () => Math.fround(scale * (2 * next() - 1));
  const coefs = [];
  const intercepts = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    coefs.push(Array.from({ length: sizes[l] }, () => Array.from({ length: sizes[l + 1] }, draw)));
    intercepts.push(Array.from({ length: sizes[l + 1] }, draw));
  }
  return { coefs, intercepts };
}

/** Weights from a model file's flat `params`, in its documented layout: per layer, the
 *  weights [units x inputs] row-major, then the biases. */
export function unpackParams(sizes, params) {
  const coefs = [];
  const intercepts = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [inputs, units] = [sizes[l], sizes[l + 1]];
    coefs.push(Array.from({ length: inputs }, (_, k) => Array.from({ length: units }, (_, j) => params[at + j * inputs + k])));
    intercepts.push(params.slice(at + units * inputs, at + units * (inputs + 1)));
    at += units * (inputs + 1);
  }
  return { coefs, intercepts };
}

/** Applies f(value, where) to every parameter; `where` is { layer, kind, k, j }. */
export function mapWeights(weights, f) {
  return {
    coefs: weights.coefs.map((layer, l) => layer.map((row, k) => row.map((w, j) => f(w, { layer: l, kind: "coefs", k, j })))),
    intercepts: weights.intercepts.map((b, l) => b.map((w, j) => f(w, { layer: l, kind: "intercepts", k: j, j }))),
  };
}

/** Every parameter with its name, in a fixed order. */
export function entries(weights) {
  const out = [];
  weights.coefs.forEach((layer, l) => layer.forEach((row, k) => row.forEach((w, j) => out.push([`coefs[${l}][${k}][${j}]`, w]))));
  weights.intercepts.forEach((b, l) => b.forEach((w, j) => out.push([`intercepts[${l}][${j}]`, w])));
  return out;
}

/** Σ of squared weights (biases excluded), the L2 penalty's ΣW². */
export function squaredWeightNorm(weights) {
  let sum = 0;
  for (const layer of weights.coefs) for (const row of layer) for (const w of row) sum += w * w;
  return sum;
}

/** Forward pass of one row: `activations` per layer (input first, hidden layers after),
 *  the hidden pre-activations `z`, the output `logits` and the class `probabilities`. */
export function forward(weights, row, activation) {
  const act = ACTIVATIONS[activation];
  const { coefs, intercepts } = weights;
  let a = Array.from(row);
  const activations = [a];
  const z = [];
  let logits = [];
  for (let l = 0; l < coefs.length; l++) {
    const next = intercepts[l].map((b, j) => {
      let sum = b;
      for (let k = 0; k < a.length; k++) sum += a[k] * coefs[l][k][j];
      return sum;
    });
    if (l === coefs.length - 1) {
      logits = next;
    } else {
      z.push(next);
      a = next.map(act.forward);
      activations.push(a);
    }
  }
  let probabilities;
  if (logits.length === 1) {
    const p = 1 / (1 + Math.exp(-logits[0]));
    probabilities = [1 - p, p];
  } else {
    const top = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - top));
    const total = e.reduce((s, v) => s + v, 0);
    probabilities = e.map((v) => v / total);
  }
  return { activations, z, logits, probabilities };
}

/** A regressor's outputs of every row (the output layer's values, before any target
 *  scaling). */
export function regress(weights, X, activation) {
  return X.map((row) => forward(weights, row, activation).logits);
}

/** Class probabilities of every row, columns in class order. */
export function predictProba(weights, X, activation) {
  return X.map((row) => forward(weights, row, activation).probabilities);
}

/** Cross-entropy of one row in bits: -log2 P(true class). */
export function rowLossBits(weights, row, label, activation) {
  return -Math.log2(forward(weights, row, activation).probabilities[label]);
}

const weightOf = (sampleWeight, i) => (sampleWeight ? sampleWeight[i] : 1);

/** The training objective in bits: (Σ w_i ℓ_i + (l2/2)·ΣW²) / Σ w_i. */
export function objective(weights, X, y, { activation, l2 = 0, sampleWeight }) {
  let loss = 0;
  let total = 0;
  for (let i = 0; i < X.length; i++) {
    const w = weightOf(sampleWeight, i);
    if (w === 0) continue;
    loss += w * rowLossBits(weights, X[i], y[i], activation);
    total += w;
  }
  return (loss + 0.5 * l2 * squaredWeightNorm(weights)) / total;
}

/** The objective's gradient by backpropagation (the chain rule, unsimplified only where
 *  it costs nothing): dℓ/dlogit = (p - onehot)/ln 2 for both output kinds. */
export function gradient(weights, X, y, { activation, l2 = 0, sampleWeight }) {
  const act = ACTIVATIONS[activation];
  const { coefs } = weights;
  const g = mapWeights(weights, () => 0);
  let total = 0;
  for (let i = 0; i < X.length; i++) total += weightOf(sampleWeight, i);
  for (let i = 0; i < X.length; i++) {
    const w = weightOf(sampleWeight, i);
    if (w === 0) continue;
    const { activations, logits, probabilities } = forward(weights, X[i], activation);
    let delta = logits.length === 1
      ? [(probabilities[1] - (y[i] === 1 ? 1 : 0)) / Math.LN2]
      : probabilities.map((p, k) => (p - (k === y[i] ? 1 : 0)) / Math.LN2);
    for (let l = coefs.length - 1; l >= 0; l--) {
      const below = activations[l];
      for (let j = 0; j < delta.length; j++) {
        g.intercepts[l][j] += (w * delta[j]) / total;
        for (let k = 0; k < below.length; k++) g.coefs[l][k][j] += (w * delta[j] * below[k]) / total;
      }
      if (l === 0) break;
      delta = below.map((a, k) => {
        let sum = 0;
        for (let j = 0; j < delta.length; j++) sum += coefs[l][k][j] * delta[j];
        return sum * act.derivativeFromOutput(a);
      });
    }
  }
  return mapWeights(g, (v, at) => (at.kind === "coefs" ? v + (l2 * weights.coefs[at.layer][at.k][at.j]) / total : v));
}

/** Central finite differences of {@link objective}, parameter by parameter. */
export function finiteDifferenceGradient(weights, X, y, options, h) {
  const shifted = (at, by) => mapWeights(weights, (w, where) =>
    where.kind === at.kind && where.layer === at.layer && where.k === at.k && where.j === at.j ? w + by : w);
  return mapWeights(weights, (_, at) =>
    (objective(shifted(at, h), X, y, options) - objective(shifted(at, -h), X, y, options)) / (2 * h));
}

/** The smallest |pre-activation| of any hidden unit on any row: how far relu is from its kink. */
export function smallestHiddenPreactivation(weights, X, activation) {
  let smallest = Infinity;
  for (const row of X) for (const layer of forward(weights, row, activation).z) for (const v of layer) smallest = Math.min(smallest, Math.abs(v));
  return smallest;
}

/** The distance from x to the next float32 above |x|: one unit in the last place. */
export function ulp32(x) {
  const a = Math.abs(Math.fround(x));
  if (a === 0) return 2 ** -149;
  const exponent = Math.max(Math.floor(Math.log2(a)), -126);
  return 2 ** (exponent - 23);
}
